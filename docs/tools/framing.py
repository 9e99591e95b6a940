#!/usr/bin/env python3
"""What each clause is: a description of PyTorch, or deliberately stricter.

The project says "as PyTorch/LibTorch define it", yet some clauses ask for
more than LibTorch does (an exact norm where LibTorch overflows, an error
where it accepts invalid input). So every clause says which it is, in the
first paragraph under its heading, one of

  *Describes:* PyTorch.                          (or "PyTorch: ...", "PyTorch, and ...")
  *Stricter than PyTorch:* <the reason>.
  *Describes:* the reference implementation: ...  (its status is not LibTorch's)
  *Describes:* this project: ...                  (the oracle's own formats and utilities)

and this module checks it (run by docs.traceability through traceability.py):
a clause without that paragraph, or with another kind, is a problem; so is a
clause that a deviation's title names ("DEV-1: ... (EDGE-2)") without being
marked stricter, since LibTorch differing from it is what the deviation says.
"""
import pathlib
import re

MARKER = re.compile(r"^\*(Describes|Stricter than PyTorch):\* (.+)$")
HEADING = re.compile(r"^##+ ([A-Z]+-[0-9]+): (.*?)(?: *\{#[^}]*\})? *$")
KINDS = {"PyTorch": "pytorch", "the reference implementation": "reference", "this project": "project"}


def kind_of(word, text):
    """'stricter', 'pytorch', 'reference', 'project', or None for an unknown marker."""
    if word == "Stricter than PyTorch":
        return "stricter" if text.strip(" .") else None
    for prefix, kind in KINDS.items():
        if re.match(re.escape(prefix) + r"\b", text):
            return kind
    return None


def markers(spec_dir):
    """{clause id: (kind or None, marker text or None, file)} for every clause."""
    out = {}
    for path in sorted(pathlib.Path(spec_dir).glob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        for i, line in enumerate(lines):
            h = HEADING.match(line)
            if not h:
                continue
            first = next((l for l in lines[i + 1:] if l.strip()), "")
            m = MARKER.match(first)
            out[h.group(1)] = (kind_of(m.group(1), m.group(2)), m.group(2), path.name) if m else (None, None, path.name)
    return out


def deviated_clauses(spec_dir):
    """The clauses a DEV heading names in its parentheses: LibTorch differs from them."""
    named = set()
    for path in pathlib.Path(spec_dir).glob("*.md"):
        for line in path.read_text(encoding="utf-8").split("\n"):
            h = HEADING.match(line)
            if h and h.group(1).startswith("DEV-"):
                for group in re.findall(r"\(([^()]*)\)\s*$", h.group(2)):
                    named.update(re.findall(r"[A-Z]+-[0-9]+", group))
    return named


def problems(spec_dir):
    found = markers(spec_dir)
    out = []
    for cid, (kind, text, name) in found.items():
        if text is None:
            out.append(f"spec/{name}: {cid} does not say what it describes: its first paragraph should be "
                       f"'*Describes:* PyTorch.' or '*Stricter than PyTorch:* <reason>.' (docs/tools/framing.py)")
        elif kind is None:
            out.append(f"spec/{name}: {cid}'s marker '{text}' is not PyTorch, the reference implementation, "
                       f"this project, or a stricter clause with its reason")
    for cid in sorted(deviated_clauses(spec_dir)):
        if cid in found and found[cid][0] not in (None, "stricter"):
            out.append(f"spec/{found[cid][2]}: {cid} is named by a deviation's title, so LibTorch differs from "
                       f"it: mark it '*Stricter than PyTorch:* <reason>'")
    return out
