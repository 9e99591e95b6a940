"""The check runner shared by the Python checks against PyTorch
(properties/python/module_semantics_test.py, module/tests/*_test.py).

A check is a function marked @checks("CLAUSE", ...) (the docs' traceability
scanner reads these marks); run() calls each, prints one line per check with
its clauses, and writes a property report in the format of
properties/support/clause_ledger.cpp to $WN_REPORT_DIR when set, so the
per-clause summary shows the clauses. What cannot be checked here (no torch,
too old a torch) exits with SKIP, registered with CTest as SKIP_RETURN_CODE:
skipped, never passed.

Import it with the script's folder layout in mind: module/tests/ puts
properties/python/ on sys.path (see there).
"""
import json
import os
import sys
import traceback

SKIP = 77  # CTest's SKIP_RETURN_CODE for every Python check


class Checks:
    """The checks of one script, in the order they are marked."""

    def __init__(self):
        self.marked = []

    def __call__(self, *clauses):
        def mark(fn):
            self.marked.append((fn, clauses))
            return fn
        return mark


def skip(tool, reason):
    """Ends the run as skipped (exit SKIP), saying why."""
    print(f"{tool}: SKIPPED: {reason}")
    sys.exit(SKIP)


def import_torch(tool):
    """torch, or a skip naming the import error (torch cannot be checked here)."""
    try:
        import warnings
        warnings.filterwarnings("ignore")
        import torch
        return torch
    except Exception as e:  # noqa: BLE001 - any failure to import means "cannot check here"
        skip(tool, f"cannot import torch ({e.__class__.__name__}: {e}); install python3-torch for /usr/bin/python3")


def torch_version(torch):
    """(major, minor) of torch.__version__ ("2.14.0+cpu", "1.13.0a0" -> (2, 14), (1, 13))."""
    major, minor = torch.__version__.split(".")[:2]
    return int(major), int("".join(ch for ch in minor if ch.isdigit()) or 0)


def run(checks, *, tool, suite, implementation, version, report, rerun):
    """Runs every marked check; returns the exit status (0 all pass, 1 one fails).

    tool: the name the summary line starts with; suite: the test names'
    prefix (Suite.Check, as the traceability scanner derives it from the
    file name); implementation/version: the report's columns; report: the
    JSON file's name in $WN_REPORT_DIR; rerun: the command line that reruns it.
    """
    results, failed = [], 0
    for fn, clauses in checks.marked:
        name = f"{suite}.{fn.__name__}"
        trace = ""
        try:
            fn()
            status, message = "passed", ""
        except Exception as e:  # noqa: BLE001 - report every failure, keep checking
            status, message = "failed", f"{e.__class__.__name__}: {e}"
            trace = traceback.format_exc()  # here: after the except block it would be "NoneType: None"
            failed += 1
        print(f"{'ok  ' if status == 'passed' else 'FAIL'} {name} [{', '.join(clauses)}]" + (f": {message}" if message else ""))
        if trace:
            print(trace, end="", file=sys.stderr)
        results.append({"test": name, "implementation": implementation, "version": version,
                        "clauses": list(clauses), "status": status, "cases": 1, "seed": 0, "deviations": {},
                        "declared_deviations": [], "message": message, "rerun": rerun})
    report_dir = os.environ.get("WN_REPORT_DIR")
    if report_dir:
        os.makedirs(report_dir, exist_ok=True)
        with open(os.path.join(report_dir, report), "w") as f:
            json.dump({"executable": os.path.basename(sys.argv[0]), "results": results}, f, indent=2)
    print(f"{tool}: {len(checks.marked) - failed} of {len(checks.marked)} checks pass on {version}")
    return 1 if failed else 0
