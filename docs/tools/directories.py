#!/usr/bin/env python3
"""Doxygen \\dir documentation for every folder above the public headers.

Doxygen writes a "Directory Reference" page for each folder on the path of an
input file, and lists a subfolder there only when that subfolder holds files
or has documentation of its own: accuracy/ and accuracy/include/ (which hold
only folders) came out as empty pages. Every such folder gets a \\dir block:
a top-level folder the line of the README's folder table ("| `impl/` | ... |"),
so the description is written once; an include/ folder says what it holds.
"""
import pathlib
import re

ROW = re.compile(r"^\| `([\w-]+)/` \| (.*) \|\s*$", re.M)


def folder_table(readme_text):
    return {m.group(1): m.group(2).strip() for m in ROW.finditer(readme_text)}


def dox(root, headers, spec_pages_dir):
    """The text of a .dox file documenting every folder between root and the headers, and the spec pages' folder."""
    root = pathlib.Path(root)
    table = folder_table((root / "README.md").read_text(encoding="utf-8"))
    folders = sorted({p for h in headers for p in pathlib.Path(h).relative_to(root).parents if p != pathlib.Path(".")})
    blocks = []
    for rel in folders:
        parts = rel.parts
        if len(parts) == 1:
            brief = table.get(parts[0])
            if brief is None:
                raise RuntimeError(f"README.md: no row for `{parts[0]}/` in the folder table (a folder with public headers needs one)")
        elif parts[1] == "include" and len(parts) == 2:
            brief = f"The public headers of `{parts[0]}/`, included as `<wn/...>` (this folder is on the include path)."
        else:
            brief = f"Headers included as `<{'/'.join(parts[2:])}/...>`."
        blocks.append(f"/** \\dir {root / rel}\n    {brief}\n */")
    blocks.append(f"/** \\dir {spec_pages_dir}\n    The pages of `spec/` as the docs build prepares them (generated regions,"
                  f" clause links and status lines added); `spec/` is the source. */")
    return "\n\n".join(blocks) + "\n"
