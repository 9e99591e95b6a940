#!/usr/bin/env python3
"""Version columns from the last cross-version run (issue 12).

docs/matrix/matrix.json is the committed result of `bash scripts/matrix.sh`
(`wn-oracle matrix --json`): per clause the status under each LibTorch, per
deviation its verdict (present, absent, changed) under each. This module
turns it into a table at the end of every DEV clause and of every clause
whose status differs between the versions, and checks that the file covers
every DEV clause of spec/12-deviations.md for every version it ran.

Usage: matrix_columns.py check --root SRC   (exit 0: covered; 1: not; 2: usage)
"""
import argparse
import json
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from traceability import link_deviations  # noqa: E402  (the one rule for status cells)

DEVIATIONS_PAGE = "12-deviations.md"
MATRIX_FILE = pathlib.Path("docs") / "matrix" / "matrix.json"
# The source claims' observations per PyTorch minor version
# (properties/python/source_claims_test.py): answers that change with the
# version (float16's path) become rows of the clauses their checks cite.
CLAIMS_FILE = pathlib.Path("properties") / "python" / "source_claims.json"


def load(path):
    """The matrix report, or None when there is none (a fresh tree)."""
    p = pathlib.Path(path)
    return json.loads(p.read_text(encoding="utf-8")) if p.is_file() else None


def libtorch_version(version):
    """"LibTorch 2.6.0 (CPU)" -> "2.6.0": what the column is headed by."""
    m = re.search(r"(\d+\.\d+(?:\.\d+)?)", version.get("libtorch", ""))
    return m.group(1) if m else version["name"]


def column_heading(version):
    package = version.get("packages", {}).get("libtorch-dev", "?")
    return f"{libtorch_version(version)} ({version['name']}, libtorch-dev {package})"


def _cells(matrix, clause_id):
    """(kind, {version name: cell text}) for one clause, or None if absent."""
    for d in matrix.get("deviations", []):
        if d["clause"] == clause_id:
            return "deviation", {n: f"{v} ({d.get('detail', {}).get(n, '-')})" for n, v in d["verdict"].items()}
    for c in matrix.get("clauses", []):
        if c["clause"] == clause_id:
            return "clause", dict(c["status"])
    return None


def claim_rows(claims, clause_id, versions):
    """[(label, {version name: observation})] for each observation of a source
    claim citing clause_id that differs between the recorded versions."""
    if not claims:
        return []
    minor = {v["name"]: ".".join(libtorch_version(v).split(".")[:2]) for v in versions}
    rows = []
    for check, cited in sorted(claims.get("clauses", {}).items()):
        if clause_id not in cited:
            continue
        per_version = {name: claims["versions"].get(m, {}).get(check) for name, m in minor.items()}
        keys = sorted({k for obs in per_version.values() if obs for k in obs})
        for k in keys:
            cells = {name: (json.dumps(obs[k]) if obs and k in obs else None) for name, obs in per_version.items()}
            if len({c for c in cells.values() if c is not None}) > 1:
                rows.append((f"`{check}` {k}", {n: c if c is not None else "not measured" for n, c in cells.items()}))
    return rows


def version_dependent(matrix, clause_id):
    """True for a DEV clause, and for a clause whose status differs by version."""
    found = _cells(matrix, clause_id)
    if found is None:
        return clause_id.startswith("DEV-")
    kind, cells = found
    return kind == "deviation" or len(set(cells.values())) > 1


def table(matrix, clause_id, claims=None):
    """The Markdown table for the end of a clause, or "" when none is due: for
    a version-dependent clause, or one with source claims observed differently
    by version."""
    if matrix is None:
        return ""
    versions = matrix["versions"]
    claimed = claim_rows(claims, clause_id, versions)
    if not claimed and not version_dependent(matrix, clause_id):
        return ""
    found = _cells(matrix, clause_id)
    cells = found[1] if found else {}
    what = "verdict" if found and found[0] == "deviation" else "status"
    head = "| LibTorch | " + " | ".join(column_heading(v) for v in versions) + " |"
    rule = "|---|" + "---|" * len(versions)
    # A status naming deviations (holds except DEV-1) links them, as every status does.
    rows = [f"| {what} | " + " | ".join(link_deviations(cells.get(v["name"], "**not in the run**"), None)
                                       for v in versions) + " |"]
    rows += [f"| {label} | " + " | ".join(obs[v["name"]] for v in versions) + " |" for label, obs in claimed]
    date = matrix.get("date", "?")
    return (f"*By LibTorch version* (the cross-version run of {date}, \\ref matrix \"matrix\"):\n\n"
            f"{head}\n{rule}\n" + "\n".join(rows) + "\n")


def deviation_ids(spec_dir):
    text = (pathlib.Path(spec_dir) / DEVIATIONS_PAGE).read_text(encoding="utf-8")
    return re.findall(r"^## (DEV-\d+):", text, re.M)


def missing(matrix, spec_dir):
    """Every (DEV id, version) the last run should have covered and did not."""
    by_id = {d["clause"]: d for d in matrix.get("deviations", [])}
    gaps = []
    for dev in deviation_ids(spec_dir):
        verdicts = by_id.get(dev, {}).get("verdict", {})
        gaps += [(dev, v["name"]) for v in matrix["versions"] if v["name"] not in verdicts]
    return gaps


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["check"])
    ap.add_argument("--root", required=True)
    a = ap.parse_args(argv)
    root = pathlib.Path(a.root)
    matrix = load(root / MATRIX_FILE)
    if matrix is None:
        print(f"matrix_columns: no {MATRIX_FILE} (run bash scripts/matrix.sh and commit its report)", file=sys.stderr)
        return 1
    gaps = missing(matrix, root / "spec")
    for dev, version in gaps:
        print(f"matrix_columns: {dev} has no entry for {version} in {MATRIX_FILE} "
              f"(the run of {matrix.get('date', '?')}); re-run bash scripts/matrix.sh", file=sys.stderr)
    if not gaps:
        names = ", ".join(libtorch_version(v) for v in matrix["versions"])
        print(f"matrix_columns: {len(deviation_ids(root / 'spec'))} DEV clauses, each with an entry for {names}")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
