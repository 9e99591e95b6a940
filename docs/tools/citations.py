#!/usr/bin/env python3
"""Checks the clause citations in the public headers' comments: every cited id
must be a clause of spec/, and a citation lists its ids. A range ("DIM-1 ..
DIM-5") went stale when DIM-6 was added, and cuts doxygen's brief in two at
its first ". "; a wildcard ("GRAD-*") names no clause and links nowhere. Both
are errors (a range written "MOD-1 to MOD-15" is read as prose and only its ids
are checked), as is an id with a spec topic (DIM, GRAD, ...) that is no clause.

Usage: citations.py check --root SRC
"""
import argparse
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import traceability  # noqa: E402

ID = re.compile(r"(?<![\w-])([A-Z]+)-([0-9]+)(?![\w-])")
RANGE = re.compile(r"\b[A-Z]+-[0-9]+\s*(?:\.\.|\u2026|\u2013|--)\s*[A-Z]+-[0-9]+\b")
WILDCARD = re.compile(r"\b[A-Z]+-\*")


def problems(text, ids, where):
    topics = {i.split("-")[0] for i in ids}
    out = []
    for n, line in enumerate(text.split("\n"), 1):
        at = line.find("//")
        if at < 0:
            continue
        comment = line[at:]
        for m in RANGE.finditer(comment):
            out.append(f"{where}:{n}: clause range {m.group(0)!r}: list the ids it means")
        for m in WILDCARD.finditer(comment):
            out.append(f"{where}:{n}: wildcard citation {m.group(0)!r}: list the ids it means")
        for m in ID.finditer(comment):
            if m.group(1) in topics and m.group(0) not in ids:
                out.append(f"{where}:{n}: {m.group(0)} is not a clause of spec/")
    return out


def headers(root):
    return sorted(p for pattern in ("*/include/**/*.hpp", "*/include/**/*.h") for p in root.glob(pattern)
                  if not p.relative_to(root).as_posix().startswith("build"))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["check"])
    ap.add_argument("--root", required=True)
    a = ap.parse_args(argv)
    root = pathlib.Path(a.root).resolve()
    ids = {c.id for c in traceability.parse_clauses(root / "spec")}
    files = headers(root)
    errors = [e for h in files for e in problems(h.read_text(encoding="utf-8"), ids, h.relative_to(root))]
    for e in errors:
        print("citations: FAIL " + e)
    print(f"citations: {len(files)} headers, {len(errors)} problems")
    return 1 if errors or not files else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
