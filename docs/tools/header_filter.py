#!/usr/bin/env python3
"""Doxygen input filter for the public headers: links every clause id cited in
a /// comment (`spec DIM-3`) to its clause, so the API pages lead to the spec.
Code is passed through unchanged, line for line (line numbers stay right).

Usage (FILTER_PATTERNS in the Doxyfile): header_filter.py FILE
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import build_docs  # noqa: E402
import traceability  # noqa: E402

SPEC_DIR = pathlib.Path(__file__).resolve().parents[2] / "spec"


def filter_text(text, ids):
    out = []
    for line in text.split("\n"):
        at = line.find("///")
        if at >= 0:
            marker_end = at + 4 if line[at:at + 4] == "///<" else at + 3
            line = line[:marker_end] + build_docs.link_clause_ids(line[marker_end:], ids)
        out.append(line)
    return "\n".join(out)


def main(argv):
    ids = {c.id for c in traceability.parse_clauses(SPEC_DIR)}
    sys.stdout.write(filter_text(pathlib.Path(argv[1]).read_text(encoding="utf-8"), ids))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
