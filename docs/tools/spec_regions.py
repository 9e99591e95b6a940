#!/usr/bin/env python3
"""Generated regions of spec/*.md: text between

    <!-- BEGIN generated: NAME -->
    ...
    <!-- END generated: NAME -->

is the output of a program (examples/). The spec keeps a checked-in copy so
that it reads well on its own; `check` fails when that copy differs from what
the program prints now, and the docs build replaces the region by the fresh
output, so neither the spec nor the pages can drift from the code.

Usage:
  spec_regions.py check  --spec-dir DIR --region NAME --program EXE
  spec_regions.py update --spec-dir DIR --region NAME --program EXE
"""
import argparse
import difflib
import pathlib
import re
import subprocess
import sys


def region_pattern(name):
    return re.compile(
        r"(<!-- BEGIN generated: " + re.escape(name) + r"\b[^>]*-->\n)(.*?)(<!-- END generated: "
        + re.escape(name) + r" -->)",
        re.S,
    )


def find_region(spec_dir, name):
    """(path, text, match) of the one spec file holding region `name`."""
    hits = []
    for path in sorted(pathlib.Path(spec_dir).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        m = region_pattern(name).search(text)
        if m:
            hits.append((path, text, m))
    if len(hits) != 1:
        raise SystemExit(f"spec_regions: region '{name}' found in {len(hits)} spec files, expected exactly 1")
    return hits[0]


def replace_region(text, name, content):
    """text with region `name` holding `content` (which ends with a newline)."""
    if not content.endswith("\n"):
        content += "\n"
    return region_pattern(name).sub(lambda m: m.group(1) + "\n" + content + "\n" + m.group(3), text, count=1)


def region_content(match):
    return match.group(2).strip("\n") + "\n"


def run(program):
    out = subprocess.run([program], check=True, capture_output=True, text=True).stdout
    return out.strip("\n") + "\n"


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=["check", "update"])
    ap.add_argument("--spec-dir", required=True)
    ap.add_argument("--region", required=True)
    ap.add_argument("--program", required=True)
    a = ap.parse_args(argv)
    fresh = run(a.program)
    path, text, m = find_region(a.spec_dir, a.region)
    if a.action == "update":
        path.write_text(replace_region(text, a.region, fresh), encoding="utf-8")
        print(f"spec_regions: updated '{a.region}' in {path}")
        return 0
    held = region_content(m)
    if held == fresh:
        print(f"spec_regions: '{a.region}' in {path.name} is what {pathlib.Path(a.program).name} prints")
        return 0
    sys.stdout.writelines(difflib.unified_diff(held.splitlines(True), fresh.splitlines(True),
                                               f"{path.name} (checked in)", f"{a.program} (now)"))
    print(f"\nspec_regions: '{a.region}' in {path} differs from the program's output; if the program is right, run\n"
          f"  {sys.executable} {sys.argv[0]} update --spec-dir {a.spec_dir} --region {a.region} --program {a.program}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
