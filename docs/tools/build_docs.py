#!/usr/bin/env python3
"""Builds the HTML docs: prepares the pages, runs doxygen, copies MathJax.

1. Copies spec/*.md into OUT/src/spec/, with every generated region replaced
   by the fresh output of its example program (spec_regions.py), every clause
   id in the text linked to its clause, and a line at the end of each clause
   with its status in the last run (build/clause-summary.json, or "not run yet").
2. Writes OUT/src/index.md (the main page: docs/pages/mainpage.md with the
   list of spec pages and their clauses) and OUT/src/traceability.md.
3. Copies the other docs/pages/*.md.
4. Runs doxygen on OUT/src and every public header (*/include/**/*.hpp), so
   headers and spec files added later join without editing anything.
5. Adds the clause ids to doxygen's offline search index (search_index.py).
6. Copies MathJax (Debian's libjs-mathjax) into OUT/html/mathjax, once.

Usage: build_docs.py --root SRC --out OUT --doxyfile Doxyfile --mathjax DIR
                     [--summary clause-summary.json] [--region NAME=PROGRAM ...]
"""
import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import directories  # noqa: E402
import framing  # noqa: E402
import matrix_columns  # noqa: E402
import search_index  # noqa: E402
import spec_regions  # noqa: E402
import traceability  # noqa: E402

# What the pages need from MathJax 2 (the rest of the package is tests and
# unpacked sources): about 30 MB, copied once.
MATHJAX_PARTS = ["MathJax.js", "config", "extensions", "fonts", "jax", "localization"]


def page_label(spec_name):
    return "spec-" + pathlib.Path(spec_name).stem.lower()


def page_file(spec_name):
    """The name a spec page is written under for doxygen. Doxygen 1.9.8 and
    later take a README.md as its directory's documentation, not as a page, so
    its label (spec-readme) would not resolve; the README goes out as
    spec-readme.md. The label, not the file name, is what pages refer to."""
    return "spec-readme.md" if spec_name == "README.md" else spec_name


def link_spec_pages(text, names, command="ref"):
    """Turns a Markdown link to a sibling spec page, [text](03-dim.md), into
    \\ref spec-03-dim "text". Doxygen 1.9.4 resolves such links itself, 1.9.8
    and later look for a page named by the file's path and fail; the pages'
    labels resolve under every version. The README's links are \\subpage
    (command="subpage"): the spec pages become its children, in the README's
    order, in Related Pages and the navigation tree."""
    def repl(m):
        return f'\\{command} {page_label(m.group(2))} "{m.group(1)}"' if m.group(2) in names else m.group(0)
    return re.sub(r"\[([^\]\n]+)\]\(([\w.-]+\.md)\)", repl, text)


def continue_numbered_lists(text):
    """A numbered list interrupted by a table or paragraph (LIFE-7's steps 1-4,
    the generated table, step 5) restarts at 1 in doxygen, which ignores the
    number a Markdown list starts with: such an item N > 1 becomes an HTML
    <ol start="N">, so it keeps its number."""
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        m = re.match(r"^([0-9]+)\. (.*)$", lines[i])
        prev = next((l for l in reversed(out) if l.strip()), "")
        if m and int(m.group(1)) > 1 and out and not out[-1].strip() and not re.match(r"^([0-9]+\.|\s)", prev):
            item = [m.group(2)]
            i += 1
            while i < len(lines) and lines[i].startswith("   ") and lines[i].strip():
                item.append(lines[i].strip())
                i += 1
            out.append(f'<ol start="{m.group(1)}"><li>' + "\n".join(item) + "</li></ol>")
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def unlink_methods(text):
    """In a code span, `v.numel()` is a tensor's method, not the project's
    wn::numel, which doxygen would link it to: a % before the name stops that."""
    return re.sub(r"`[^`\n]*`", lambda m: re.sub(r"\.(\w+)\(", r".%\1(", m.group(0)), text)


def link_clause_ids(text, ids):
    """Links every clause id of the prose to its clause (\\ref ID "ID"), leaving
    headings, code spans, math, HTML comments and existing references alone."""
    out = []
    in_display_math = in_fence = in_comment = False
    # A quoted id ("DEV-6", a string value) stays as it is: doxygen does not
    # process commands inside double quotes and would show the \\ref as text.
    token = re.compile(r"(`[^`]*`|\"[A-Z]+-[0-9]+\"|\\f\$.*?\\f\$|\\f\[.*?\\f\]|\\ref \S+( \"[^\"]*\")?|\{#[^}]*\}|\]\([^)]*\)|<!--.*?-->)")
    id_re = re.compile(r"(?<![\w-])([A-Z]+-[0-9]+)(?![\w-])")
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("```"):
            in_fence = not in_fence
        if in_fence or stripped.startswith("#") or in_display_math or in_comment:
            out.append(line)
        else:
            def link(prose):
                return id_re.sub(lambda k: f'\\ref {k.group(1)} "{k.group(1)}"' if k.group(1) in ids else k.group(1), prose)
            pieces, i = [], 0
            for m in token.finditer(line):  # protected spans stay as they are
                pieces += [link(line[i:m.start()]), m.group(0)]
                i = m.end()
            pieces.append(link(line[i:]))
            out.append("".join(pieces))
        # Track multi-line display math and comments for the next lines.
        if "\\f[" in line and "\\f]" not in line.split("\\f[")[-1]:
            in_display_math = True
        elif in_display_math and "\\f]" in line:
            in_display_math = False
        if "<!--" in line and "-->" not in line.split("<!--")[-1]:
            in_comment = True
        elif in_comment and "-->" in line:
            in_comment = False
    return "\n".join(out)


def status_line(clause_id, summary, kind=None, measured_by=()):
    """One line for the end of a clause: its status in the last run of scripts/main.sh.
    A clause about the reference itself (TOL-2, kind "reference") has no LibTorch
    status: the line names the check that measures it instead."""
    link = '\\ref traceability "traceability"'
    if kind == "reference":
        checks = ", ".join(f"`{n}`" for n in measured_by) or "no check"
        return (f"*Status:* reference only: the reference implementation's own accuracy, measured by {checks} "
                f"on every `ctest` run; LibTorch is not judged by this clause ({link}).")
    if summary is None:
        return f"*Status:* not run yet (run `bash scripts/main.sh`; see {link})."
    cells = summary["status"].get(clause_id, {})
    impls = sorted(summary["versions"], key=lambda i: (i != "libtorch", i))
    shown = [f"**{i}** {traceability.link_deviations(cells.get(i, 'not in the last run'), None)}" for i in impls
             if i == "libtorch" or cells.get(i) not in (None, "no property", "NO PROPERTY", "-")]
    return f"*Status in the last run* ({summary['when']}, {link}): " + "; ".join(shown) + "."


def clause_end(clause_id, summary, matrix, claims=None, kind=None, measured_by=()):
    """The status line, then the version table where one is due (matrix_columns)."""
    columns = matrix_columns.table(matrix, clause_id, claims) if kind != "reference" else ""
    return status_line(clause_id, summary, kind, measured_by) + ("\n\n" + columns if columns else "")


def append_status(text, summary, ids, matrix=None, claims=None, kinds=None, measured=None):
    """Adds the status line (and version table) at the end of every clause of a prepared spec page.
    kinds: {id: framing kind}; measured: {id: [checks that measure it]}."""
    kinds, measured = kinds or {}, measured or {}
    heading = re.compile(r"^##+ ([A-Z]+-[0-9]+): ", re.M)
    out, pos, current = [], 0, None
    for m in re.finditer(r"^#.*$", text, re.M):
        if current:
            out += [text[pos:m.start()].rstrip("\n"), "\n\n" + clause_end(current, summary, matrix, claims, kinds.get(current), measured.get(current, ())) + "\n\n"]
            pos = m.start()
        h = heading.match(m.group(0))
        current = h.group(1) if h and h.group(1) in ids else None
    if current:
        out += [text[pos:].rstrip("\n"), "\n\n" + clause_end(current, summary, matrix, claims, kinds.get(current), measured.get(current, ())) + "\n"]
        pos = len(text)
    out.append(text[pos:])
    return "".join(out)


NON_BREAKING_HYPHEN = "\u2011"


def unbreakable_ids(text):
    """A clause id in a heading (DEV-7's title cites GRAD-5) must not break at
    its hyphen when the heading wraps: the hyphen becomes U+2011. Only the
    heading's text changes; its {#ID} anchor and the prose keep their ids."""
    def heading(m):
        title, anchor = m.group(1), m.group(2) or ""
        return re.sub(r"(?<![\w-])([A-Z]+)-([0-9]+)(?![\w-])", lambda k: k.group(1) + NON_BREAKING_HYPHEN + k.group(2), title) + anchor
    return re.sub(r"(?m)^(##+ [^\n{]*?)( *\{#[^}]*\})?$", heading, text)


def label_title(text, label):
    """Gives the page's first-level title an explicit label, for \\ref from other pages."""
    return re.sub(r"^(# [^\n{]*?)\s*$", lambda m: f"{m.group(1)} {{#{label}}}", text, count=1, flags=re.M)


def page_title(text):
    m = re.search(r"^# (.*?)(?: *\{#[^}]*\})? *$", text, re.M)
    return m.group(1) if m else "(untitled)"


def prepare_spec(root, src, regions, clauses, summary=None, matrix=None, claims=None, citations=()):
    ids = {c.id for c in clauses}
    kinds = {k: v[0] for k, v in framing.markers(root / "spec").items()}
    measured = {}
    for c in citations:
        if c.kind == "measures" and c.checker not in measured.setdefault(c.clause, []):
            measured[c.clause].append(c.checker)
    spec_out = src / "spec"
    spec_out.mkdir(parents=True, exist_ok=True)
    pages = []
    names = {p.name for p in (root / "spec").glob("*.md")}
    for path in sorted((root / "spec").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for name, program in regions.items():
            if spec_regions.region_pattern(name).search(text):
                text = spec_regions.replace_region(text, name, spec_regions.run(program))
        text = link_spec_pages(text, names, "subpage" if path.name == "README.md" else "ref")
        text = continue_numbered_lists(unlink_methods(text))
        text = label_title(append_status(link_clause_ids(text, ids), summary, ids, matrix, claims, kinds, measured), page_label(path.name))
        text = unbreakable_ids(text)
        write_if_changed(spec_out / page_file(path.name), text)
        pages.append((path.name, page_title(text)))
    return pages


def main_page(root, pages, clauses):
    listing = []
    for name, title in pages:
        if name == "README.md":
            continue
        own = [c for c in clauses if c.file == name]
        refs = " · ".join(f'\\ref {c.id} "{c.id}"' for c in own)
        listing.append(f"- \\ref {page_label(name)} \"{title.replace('`', '')}\" (`spec/{name}`)" + (f": {refs}" if refs else ""))
    template = (root / "docs" / "pages" / "mainpage.md").read_text(encoding="utf-8")
    # The deliberately stricter clauses, as their markers say (framing.py).
    stricter = [c for c in clauses if framing.markers(root / "spec").get(c.id, (None,))[0] == "stricter"]
    stricter_list = ", ".join(f'\\ref {c.id} "{c.id}"' for c in stricter)
    return template.replace("@SPEC_PAGES@", "\n".join(listing)).replace("@STRICTER_CLAUSES@", stricter_list)


def write_if_changed(path, text):
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def copy_mathjax(source, html):
    target = html / "mathjax"
    if (target / "MathJax.js").is_file():
        return
    target.mkdir(parents=True, exist_ok=True)
    for part in MATHJAX_PARTS:
        s = pathlib.Path(source) / part
        if s.is_dir():
            shutil.copytree(s, target / part, dirs_exist_ok=True)
        else:
            shutil.copy2(s, target / part)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--doxyfile", required=True)
    ap.add_argument("--doxygen", default="doxygen")
    ap.add_argument("--mathjax", required=True, help="MathJax 2 directory (/usr/share/javascript/mathjax)")
    ap.add_argument("--summary", help="clause-summary.json of the last run, if any")
    ap.add_argument("--region", action="append", default=[], help="NAME=PROGRAM for a generated spec region")
    a = ap.parse_args(argv)
    root, out = pathlib.Path(a.root).resolve(), pathlib.Path(a.out).resolve()
    regions = dict(r.split("=", 1) for r in a.region)
    if not (pathlib.Path(a.mathjax) / "MathJax.js").is_file():
        print(f"build_docs: no MathJax at {a.mathjax} (install libjs-mathjax)", file=sys.stderr)
        return 1

    src = out / "src"
    src.mkdir(parents=True, exist_ok=True)
    clauses = traceability.parse_clauses(root / "spec")
    # Pages of spec files removed since the last build must not linger.
    for stale in (src / "spec").glob("*.md") if (src / "spec").is_dir() else []:
        if stale.name not in {page_file(p.name) for p in (root / "spec").glob("*.md")}:
            stale.unlink()
    summary = traceability.load_summary(a.summary)
    matrix = matrix_columns.load(root / matrix_columns.MATRIX_FILE)
    claims = matrix_columns.load(root / matrix_columns.CLAIMS_FILE)
    citations = traceability.scan(root)
    pages = prepare_spec(root, src, regions, clauses, summary, matrix, claims, citations)
    write_if_changed(src / "index.md", main_page(root, pages, clauses))
    write_if_changed(src / "traceability.md",
                     traceability.render_page(clauses, citations, summary,
                                              {k: v[0] for k, v in framing.markers(root / "spec").items()}))
    for page in sorted((root / "docs" / "pages").glob("*.md")):
        if page.name != "mainpage.md":
            write_if_changed(src / page.name, page.read_text(encoding="utf-8"))

    headers = sorted(p for pattern in ("*/include/**/*.hpp", "*/include/**/*.h") for p in root.glob(pattern)
                     if not p.relative_to(root).as_posix().startswith("build"))
    doxyfile = out / "Doxyfile"
    write_if_changed(src / "directories.dox", directories.dox(root, headers, src / "spec"))
    # Related Pages lists pages in the order doxygen reads them: the main page,
    # the spec (its README, with the spec pages as its subpages), then the rest.
    pages_in_order = [src / "index.md", src / "spec", src / "traceability.md", src / "directories.dox",
                      *sorted(p for p in src.glob("*.md") if p.name not in ("index.md", "traceability.md"))]
    inputs = " \\\n    ".join(f'"{p}"' for p in [*pages_in_order, *headers])
    doxyfile.write_text(pathlib.Path(a.doxyfile).read_text(encoding="utf-8") + f"\nINPUT = {inputs}\n", encoding="utf-8")
    result = subprocess.run([a.doxygen, str(doxyfile)], cwd=out)
    if result.returncode != 0:
        print("build_docs: doxygen failed (warnings are errors: see above)", file=sys.stderr)
        return 1
    search_index.add_clauses(out / "html", clauses, lambda f: page_label(f) + ".html")
    copy_mathjax(a.mathjax, out / "html")
    print(f"build_docs: {len(clauses)} clauses on {len(pages)} spec pages, {len(headers)} headers -> "
          f"{out / 'html' / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
