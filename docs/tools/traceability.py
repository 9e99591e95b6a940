#!/usr/bin/env python3
"""Clause-to-property traceability, read from the sources.

Scans
  - spec/*.md for clauses (`## ID: title {#ID}`) and their "Checked by:" lines,
  - properties/**/*.cpp for TEST/TEST_P properties and the clause ids of their
    check_property({...}) calls and observe_deviation(..., "DEV-n") calls,
  - properties/**/*.py for checks marked @checks("ID", ...),
  - module/tests/*.cpp and *.py, the C++ module utility's properties and Python checks, alike,
  - accuracy/tests/*.cpp for measurements that declare the clauses they check with
    ClauseMeasurement name("impl", {"ID", ...}) (they are not RapidCheck properties),
  - adapters/src/*.cpp for deviations the adapters refuse (RefusedUnsafeCall("DEV-n", ...)),
  - */include/**/*.hpp doc comments for the clause ids they cite,
and either checks them or writes the traceability page of the docs.

Usage:
  traceability.py check --root ROOT
  traceability.py fix   --root ROOT   (rewrites the "Checked by:" lines that disagree with the sources)
  traceability.py page  --root ROOT --summary clause-summary.json --out traceability.md
  traceability.py json  --root ROOT
"""
import argparse
import datetime
import fnmatch
import json
import pathlib
import re
import sys
from collections import OrderedDict, namedtuple

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import framing  # noqa: E402

Clause = namedtuple("Clause", "id title file checked_by")  # checked_by: list of names, or None without a line
Citation = namedtuple("Citation", "checker clause kind source")  # kind: checks | observes | refuses

HEADING = re.compile(r"^##+ ([A-Z]+-[0-9]+): (.*?)(?: *\{#[^}]*\})? *$")
CLAUSE_ID = re.compile(r"\b([A-Z]+-[0-9]+)\b")
QUOTED_ID = re.compile(r'"([A-Z]+-[0-9]+)"')
TEST_START = re.compile(r"^\s*TEST(?:_P|_F)?\(\s*(\w+)\s*,\s*(\w+)\s*\)", re.M)
CHECK_PROPERTY = re.compile(r"check_property\(\s*\{([^}]*)\}")
OBSERVE = re.compile(r"observe_deviation\(([^;]*?)\)\s*;", re.S)
REFUSE = re.compile(r"RefusedUnsafeCall\(([^;]*?)\)\s*;", re.S)
MEASURES = re.compile(r'ClauseMeasurement\s+\w+\([^{]*\{([^}]*)\}')
PY_CHECK = re.compile(r"@checks\(([^)]*)\)\s*\n\s*def (\w+)")

ADAPTER_CHECKER = "{} adapter (refuses the call)"


def parse_clauses(spec_dir):
    clauses = []
    for path in sorted(pathlib.Path(spec_dir).glob("*.md")):
        current = None
        collecting = None
        for line in path.read_text(encoding="utf-8").splitlines():
            m = HEADING.match(line)
            if m:
                current = Clause(m.group(1), m.group(2), path.name, None)
                clauses.append(current)
                collecting = None
                continue
            if line.startswith("#"):
                current, collecting = None, None
                continue
            if current is None:
                continue
            if line.startswith("Checked by:"):
                collecting = []
                clauses[-1] = current = current._replace(checked_by=collecting)
            elif collecting is not None and not line.strip():
                collecting = None
            if collecting is not None:
                collecting.extend(re.findall(r"`([^`]+)`", line))
    return clauses


def scan_cpp_properties(path, rel):
    text = path.read_text(encoding="utf-8")
    starts = list(TEST_START.finditer(text))
    found = []
    for i, m in enumerate(starts):
        body = text[m.end(): starts[i + 1].start() if i + 1 < len(starts) else len(text)]
        name = f"{m.group(1)}.{m.group(2)}"
        for cp in CHECK_PROPERTY.finditer(body):
            found += [Citation(name, cid, "checks", rel) for cid in QUOTED_ID.findall(cp.group(1))]
        for ms in MEASURES.finditer(body):
            found += [Citation(name, cid, "measures", rel) for cid in CLAUSE_ID.findall(ms.group(1))]
        for ob in OBSERVE.finditer(body):
            found += [Citation(name, cid, "observes", rel) for cid in QUOTED_ID.findall(ob.group(1))]
    return found


def scan_python_checks(path, rel):
    text = path.read_text(encoding="utf-8")
    # module_semantics_test.py -> ModuleSemantics, as the check prints its names.
    suite = "".join(part.capitalize() for part in path.stem.removesuffix("_test").split("_"))
    return [Citation(f"{suite}.{m.group(2)}", cid, "checks", rel)
            for m in PY_CHECK.finditer(text) for cid in QUOTED_ID.findall(m.group(1))]


def scan_adapter(path, rel):
    text = path.read_text(encoding="utf-8")
    name = ADAPTER_CHECKER.format(path.stem)
    return [Citation(name, cid, "refuses", rel) for m in REFUSE.finditer(text) for cid in QUOTED_ID.findall(m.group(1))]


def scan(root):
    root = pathlib.Path(root)
    citations = []
    for p in sorted((root / "properties").rglob("*.cpp")):
        citations += scan_cpp_properties(p, p.relative_to(root).as_posix())
    for p in sorted((root / "accuracy" / "tests").glob("*.cpp")):
        citations += scan_cpp_properties(p, p.relative_to(root).as_posix())
    for p in sorted((root / "properties").rglob("*.py")):
        citations += scan_python_checks(p, p.relative_to(root).as_posix())
    for p in sorted((root / "module" / "tests").glob("*.cpp")):
        citations += scan_cpp_properties(p, p.relative_to(root).as_posix())
    for p in sorted((root / "module" / "tests").glob("*.py")):
        citations += scan_python_checks(p, p.relative_to(root).as_posix())
    for p in sorted((root / "adapters" / "src").glob("*.cpp")):
        citations += scan_adapter(p, p.relative_to(root).as_posix())
    # One entry per (checker, clause, kind).
    return list(OrderedDict.fromkeys(citations))


def header_citations(root, prefixes):
    """(header, id) for every clause-looking id in public headers' comments."""
    root = pathlib.Path(root)
    out = []
    for p in sorted(root.glob("*/include/**/*.hpp")):
        for line in p.read_text(encoding="utf-8").splitlines():
            if "//" not in line:
                continue
            comment = line.split("//", 1)[1]
            out += [(p.relative_to(root).as_posix(), cid) for cid in CLAUSE_ID.findall(comment)
                    if cid.split("-")[0] in prefixes]
    return out


def checkers_of(clause_id, citations):
    return list(OrderedDict.fromkeys(c.checker for c in citations if c.clause == clause_id))


def checked_by_mismatch(clause, found):
    """(checkers the clause's "Checked by:" line misses, patterns in it that match no checker)."""
    listed = clause.checked_by or []
    unlisted = [n for n in found if not any(fnmatch.fnmatchcase(n, pat) for pat in listed)]
    stale = [pat for pat in listed if not any(fnmatch.fnmatchcase(n, pat) for n in found)]
    return unlisted, stale


def problems(clauses, citations, headers=()):
    """Every way the spec and the properties disagree, as readable lines."""
    out = []
    ids = {c.id for c in clauses}
    for c in citations:
        if c.clause not in ids:
            out.append(f"{c.source}: {c.checker} cites {c.clause}, which no spec/*.md defines")
    for src, cid in headers:
        if cid not in ids:
            out.append(f"{src}: a doc comment cites {cid}, which no spec/*.md defines")
    for cl in clauses:
        found = checkers_of(cl.id, citations)
        if not found:
            out.append(f"spec/{cl.file}: {cl.id} has no property (no check_property, observe_deviation, "
                       f"@checks or adapter refusal cites it)")
            continue
        if cl.checked_by is None:
            out.append(f"spec/{cl.file}: {cl.id} has no 'Checked by:' line; it should list: "
                       + ", ".join(f"`{n}`" for n in found))
            continue
        unlisted, stale = checked_by_mismatch(cl, found)
        if unlisted or stale:
            msg = f"spec/{cl.file}: {cl.id}'s 'Checked by:' line does not match the sources:"
            if unlisted:
                msg += " missing " + ", ".join(f"`{n}`" for n in unlisted) + ";"
            if stale:
                msg += " cites " + ", ".join(f"`{n}`" for n in stale) + ", which does not cite " + cl.id + ";"
            out.append(msg + " scanned: " + ", ".join(f"`{n}`" for n in found))
    return out


def checked_by_line(clause_id, citations):
    """The "Checked by:" paragraph the sources imply, wrapped at about 100 columns."""
    kinds = {"checks": "", "observes": " (observes)", "refuses": "", "measures": " (measures)"}
    names = [f"`{c.checker}`{kinds[c.kind]}" for c in OrderedDict((c.checker, c) for c in citations
                                                                 if c.clause == clause_id).values()]
    lines, current = [], "Checked by:"
    for i, name in enumerate(names):
        piece = " " + name + ("," if i + 1 < len(names) else ".")
        if len(current) + len(piece) > 100 and current != "Checked by:":
            lines.append(current)
            current = piece.lstrip()
        else:
            current += piece
    return "\n".join(lines + [current])


def fix_checked_by(spec_dir, clauses, citations):
    """Rewrites the "Checked by:" paragraphs that disagree with the sources (or
    adds one); agreeing ones, wildcards and remarks included, stay. Returns the
    ids of the clauses changed."""
    bad = {cl.id for cl in clauses if cl.checked_by is None or any(checked_by_mismatch(cl, checkers_of(cl.id, citations)))}
    changed = []
    for path in sorted(pathlib.Path(spec_dir).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        new = text
        for cl in clauses:
            if cl.file != path.name or cl.id not in bad or not checkers_of(cl.id, citations):
                continue
            # The clause's body: from its heading to the next heading.
            m = re.search(r"(?ms)^##+ " + re.escape(cl.id) + r":.*?(?=^#|\Z)", new)
            body = m.group(0)
            line = checked_by_line(cl.id, citations)
            # The paragraph ends at a blank line or at the next heading (never eat it).
            if re.search(r"(?m)^Checked by:", body):
                fixed = re.sub(r"(?ms)^Checked by:.*?(?=\n\s*\n|\n#|\Z)", lambda _: line, body, count=1)
            else:
                fixed = body.rstrip("\n") + "\n\n" + line + "\n\n"
            new = new[:m.start()] + fixed + new[m.end():]
            changed.append(cl.id)
        if new != text:
            path.write_text(new, encoding="utf-8")
    return changed


def load_summary(path):
    if not path:
        return None
    p = pathlib.Path(path)
    if not p.is_file():
        return None
    doc = json.loads(p.read_text(encoding="utf-8"))
    when = datetime.datetime.fromtimestamp(p.stat().st_mtime, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    statuses = {row["clause"]: row.get("status", {}) for row in doc.get("clauses", [])}
    return {"versions": doc.get("versions", {}), "status": statuses, "when": when}


def cell(text):
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


# What a status cell says, for the legend of the page (statuses are written by
# properties/support's clause summary and wn-oracle; the forms are theirs).
STATUS_LEGEND = [
    ("holds (2p/200c)", "2 properties citing the clause ran 200 generated cases in all, and none failed. "
     "Only a status beginning with *holds* is a pass."),
    ("holds (2p/200c, 5 unsupported)", "as above; 5 more cases lay outside the implementation's declared "
     "capabilities (a dtype, second derivatives) and checked nothing."),
    ("holds (1p/1c) (Python)", "checked by a Python check of the installed PyTorch only (`properties/python/`, "
     "`module/tests/*.py`): one check, one case."),
    ("holds except DEV-2 DEV-4 (1p/100c)", "the clause holds everywhere except in the domain of the deviations "
     "named (each a link), and there the implementation returned exactly what the deviation's model pins."),
    ("observed (27c)", "for a deviation: met in 27 cases, each matching its model."),
    ("observed (135c; spec behaviour in 3c)", "met in 135 cases; in 3 cases of its domain the implementation "
     "behaved as the spec says instead (also allowed)."),
    ("observed (100c; 158c refused by the adapter)", "the adapter refused 158 calls that would crash or corrupt "
     "memory (wn::RefusedUnsafeCall): not observed, not run."),
    ("declared, NOT observed", "the implementation declares the deviation but behaved as the spec says in its "
     "whole domain: a change to report (a fixed LibTorch)."),
    ("not applicable", "no case of its properties was within the implementation's capabilities."),
    ("not run", "its properties were not selected for that implementation in the run."),
    ("-", "the clause is checked for other implementations only."),
    ("NO PROPERTY", "nothing in that run cited it (e.g. TOL-3, whose measurements run in `accuracy/`, not as "
     "properties)."),
    ("reference only", "the clause is about the reference implementation itself (TOL-2, its own accuracy): "
     "it has no LibTorch status; the check that measures it is named."),
]

FRAMING = {"pytorch": "PyTorch", "stricter": "**stricter**", "reference": "the reference", "project": "this project"}


def link_deviations(text, ids):
    """A status cell's deviation ids (holds except DEV-2 DEV-4) as links to their clauses."""
    return re.sub(r"(?<![\w-])(DEV-[0-9]+)(?![\w-])",
                  lambda m: f'\\ref {m.group(1)} "{m.group(1)}"' if ids is None or m.group(1) in ids else m.group(1), text)


def status_cell(clause_id, impl, summary, ids, kind, measured_by):
    """The status of one clause for one implementation, as the page shows it."""
    if kind == "reference" and impl != "reference":
        return "reference only: " + (", ".join(f"`{n}`" for n in measured_by) or "no check") + \
            " (the reference's own accuracy, not a LibTorch status)"
    return link_deviations(cell(summary["status"].get(clause_id, {}).get(impl, "not in the last run")), ids)


def render_page(clauses, citations, summary, framing_kinds=None):
    """The traceability page. framing_kinds: {clause id: kind} from framing.markers (what each clause describes)."""
    kinds = {"checks": "", "observes": " (observes)", "refuses": " (refuses)", "measures": " (measures)"}
    framing_kinds = framing_kinds or {}
    ids = {c.id for c in clauses}
    impls = []
    if summary:
        impls = sorted(summary["versions"], key=lambda i: (i != "libtorch", i))
    lines = [
        "# Traceability: clauses, properties, status {#traceability}",
        "",
        "Generated at build time by `docs/tools/traceability.py` from the sources: the clauses of `spec/*.md`, "
        "the `check_property({...})` and `observe_deviation(...)` calls of `properties/`, the `@checks(...)` "
        "marks of the Python checks, and the deviations the adapters refuse. The CTest test "
        "`docs.traceability` fails when a clause has no property, a property cites a clause that does not exist, "
        "or a clause's *Checked by* line disagrees with the sources.",
        "",
    ]
    if summary:
        lines.append("Status: from the last run of `bash scripts/main.sh` (`build/clause-summary.json`, "
                     f"written {summary['when']}), for "
                     + ", ".join(f"**{cell(i)}** {cell(v)}" for i, v in sorted(summary["versions"].items()))
                     + ". The statuses of LibTorch 1.13.0, 2.6.0 and 2.14.1 side by side are on the "
                       "\\ref matrix \"matrix\" page.")
    else:
        lines.append("Status: **not run yet**. Run `bash scripts/main.sh` (it checks the installed LibTorch "
                     "and writes `build/clause-summary.json`), then build the docs again. The statuses of the "
                     "committed cross-version run are on the \\ref matrix \"matrix\" page.")
    lines += ["", "## Reading a status {#traceability-legend}", "", "| status | means |", "|---|---|"]
    lines += [f"| {link_deviations(cell(s), ids)} | {m} |" for s, m in STATUS_LEGEND]
    lines += ["", "*Describes*: what the clause describes (its first line): *PyTorch* as measured; *stricter*, "
              "deliberately stricter than PyTorch, with the reason in the clause (LibTorch's behaviour is a "
              "deviation, \\ref spec-12-deviations \"DEV\"); *the reference*, the reference implementation; "
              "*this project*, the oracle's own formats and utilities.", "",
              "Kinds: a property *checks* a clause; it *observes* a deviation when it meets the documented "
              "behaviour instead; an adapter *refuses* a call that would crash the implementation.", ""]
    # The statuses come before the (wide) list of checks, so they are on screen.
    header = "| clause | title | describes |" + "".join(f" {cell(i)} |" for i in impls)
    if not impls:
        header += " status |"
    header += " checked by |"
    lines += ["## Clauses {#traceability-clauses}", "", header, "|" + "---|" * (header.count("|") - 1)]
    for cl in clauses:
        found = [c for c in citations if c.clause == cl.id]
        by = "<br>".join(f"`{c.checker}`{kinds[c.kind]}" for c in OrderedDict((c.checker, c) for c in found).values())
        kind = framing_kinds.get(cl.id)
        row = f"| \\ref {cl.id} \"{cl.id}\" | {cell(cl.title)} | {FRAMING.get(kind, '?')} |"
        measured_by = list(OrderedDict.fromkeys(c.checker for c in found if c.kind == "measures"))
        if impls:
            for i in impls:
                row += f" {status_cell(cl.id, i, summary, ids, kind, measured_by)} |"
        elif kind == "reference":
            row += f" {status_cell(cl.id, 'libtorch', None, ids, kind, measured_by)} |"
        else:
            row += " not run yet |"
        lines.append(row + f" {by or '**none**'} |")
    lines += ["", "## Properties and the clauses they cite {#traceability-properties}", "",
              "| property | source | clauses |", "|---|---|---|"]
    by_checker = OrderedDict()
    for c in citations:
        by_checker.setdefault((c.checker, c.source), []).append(c)
    for (checker, source), cs in by_checker.items():
        refs = ", ".join(f"\\ref {c.clause} \"{c.clause}\"{kinds[c.kind]}" for c in cs)
        lines.append(f"| `{checker}` | `{source}` | {refs} |")
    return "\n".join(lines) + "\n"


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=["check", "fix", "page", "json"])
    ap.add_argument("--root", required=True, help="the project's source directory")
    ap.add_argument("--summary", help="clause-summary.json of the last run (page)")
    ap.add_argument("--out", help="where to write the page (page)")
    a = ap.parse_args(argv)
    root = pathlib.Path(a.root)
    clauses = parse_clauses(root / "spec")
    citations = scan(root)
    if a.action == "json":
        json.dump({"clauses": [c._asdict() for c in clauses], "citations": [c._asdict() for c in citations]},
                  sys.stdout, indent=2)
        return 0
    if a.action == "page":
        text = render_page(clauses, citations, load_summary(a.summary),
                           {k: v[0] for k, v in framing.markers(root / "spec").items()})
        out = pathlib.Path(a.out)
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            out.write_text(text, encoding="utf-8")
        return 0
    if a.action == "fix":
        changed = fix_checked_by(root / "spec", clauses, citations)
        print("traceability: rewrote the 'Checked by:' lines of " + (", ".join(changed) if changed else "no clause"))
        clauses = parse_clauses(root / "spec")
    prefixes = {c.id.split("-")[0] for c in clauses}
    found = problems(clauses, citations, header_citations(root, prefixes)) + framing.problems(root / "spec")
    for line in found:
        print(line)
    checkers = {c.checker for c in citations}
    print(f"traceability: {len(clauses)} clauses, {len(checkers)} properties and checks, {len(citations)} citations, "
          f"{len(found)} problems")
    if any("'Checked by:'" in line for line in found):
        print(f"traceability: to rewrite the 'Checked by:' lines from the sources, run\n"
              f"  {sys.executable} {pathlib.Path(__file__).resolve()} fix --root {root}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
