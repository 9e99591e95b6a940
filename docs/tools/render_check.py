#!/usr/bin/env python3
"""The rendered check of the docs: headless Chromium loads pages of the built
HTML from file:// with the network off, and the check fails on

  - an unrendered formula: every \\( \\) and \\[ \\] formula doxygen wrote must
    have become a MathJax element (class MathJax / MathJax_Display), with no
    MathJax error ("Math Processing Error", "File failed to load", merror);
  - a missing resource: every src, stylesheet href and CSS url() that the page
    references, before and after rendering (MathJax adds its jax and font
    files), must be a file in the build output; nothing may come from the network;
  - a broken internal link in any page of the output: every relative href
    must name an existing file and, with #anchor, an existing id in it;
  - math as plain text (2^-40, 10^5, g_{k-1}) on a written page;
  - markup shown as text in any page (a code span doxygen left as an escaped
    <tt> tag, as it does in titles);
  - a search that does not find its page: --search TERM=TARGET loads the
    results page doxygen's search box opens for TERM (search/all_N.html?TERM,
    offline, in Chromium) and needs a shown result linking to TARGET; the
    main page must carry the search box and the navigation tree;
  - an empty "Directory Reference" page;
  - clause headings that overlap when they wrap or break inside an id, or
    a page title smaller than its headings (check_headings);
  - a status without its legend, a status's DEV id that is not a link, or a
    LibTorch status on a clause about the reference itself (check_statuses).

Screenshots of the checked pages are kept in --screenshots.

Usage: render_check.py --html DIR --chromium EXE --screenshots DIR --page index.html [--page ...]
                       [--search TERM=PAGE[#ANCHOR] ...]
"""
import argparse
import html.parser
import pathlib
import re
import subprocess
import sys
import tempfile
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

# Flags: no sandbox (CI runs as root), no GPU, and no network at all: every
# host name fails to resolve and any proxy request goes nowhere.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
                  "--hide-scrollbars", "--window-size=1280,1600"]
TIME_BUDGET = "--virtual-time-budget=5000"  # lets MathJax finish typesetting


class References(html.parser.HTMLParser):
    """Collects ids, resource references and links of one HTML document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.resources, self.links, self.styles = set(), [], [], []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        if a.get("src"):
            self.resources.append(a["src"])
        if tag == "link" and a.get("href"):
            self.resources.append(a["href"])
        elif tag in ("a", "area") and a.get("href"):
            self.links.append(a["href"])
        if a.get("style"):
            self.styles.append(a["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def parse(text):
    p = References()
    p.feed(text)
    return p


def local_target(ref, base_file, html_root):
    """(path, fragment) of a reference that stays inside the output, None for
    in-page fragments; raises ValueError for references that leave it."""
    url = urllib.parse.urlparse(ref)
    if url.scheme in ("http", "https", "ftp", "ws", "wss"):
        raise ValueError(f"network reference {ref}")
    if url.scheme in ("data", "javascript", "mailto", "about"):
        return None
    if url.scheme == "file":
        path = pathlib.Path(urllib.parse.unquote(url.path))
    elif url.scheme == "":
        if not url.path:
            return (base_file, url.fragment) if url.fragment else None
        path = (base_file.parent / urllib.parse.unquote(url.path)).resolve()
    else:
        raise ValueError(f"unexpected reference {ref}")
    return path, url.fragment


def check_resources(refs, base_file, html_root, what):
    errors = []
    for ref in refs:
        try:
            t = local_target(ref, base_file, html_root)
        except ValueError as e:
            if ref.startswith("https://www.doxygen.org") or ref.startswith("http://www.doxygen.org"):
                continue  # the footer's link to doxygen's site is a link, not a resource
            errors.append(f"{what}: {e}")
            continue
        if t and not t[0].is_file():
            errors.append(f"{what}: missing resource {ref} ({t[0]})")
    return errors


def css_urls(styles):
    return [m.group(2) for s in styles for m in re.finditer(r"url\((['\"]?)([^)'\"]+)\1\)", s)]


PLAIN_MATH = re.compile(r"[\w)]\^[-\u2212]?[\w(]|\w_\{")


def plain_math(text):
    """Caret exponents and braced subscripts in a page's prose: the text with
    code, code listings, scripts and MathJax sources (\\( \\), \\[ \\]) removed."""
    prose = re.sub(r"<code>.*?</code>|<pre.*?</pre>|<div class=\"fragment\">.*?</div><!-- fragment -->"
                   r"|<script.*?</script>|\\\(.*?\\\)|\\\[.*?\\\]|<[^>]+>", " ", text, flags=re.S)
    return [prose[max(0, m.start() - 20):m.end() + 10].strip() for m in PLAIN_MATH.finditer(prose)]


def check_links(html_root):
    """Every relative link of every page must reach an existing file and anchor,
    and no page may show markup as text."""
    errors, parsed = [], {}

    def doc(path):
        if path not in parsed:
            parsed[path] = parse(path.read_text(encoding="utf-8", errors="replace"))
        return parsed[path]

    for page in sorted(html_root.glob("*.html")):
        # Markdown that doxygen did not turn into markup shows as escaped tags.
        for leak in re.findall(r"&lt;/?(?:tt|code|em|b)&gt;", page.read_text(encoding="utf-8", errors="replace"))[:1]:
            errors.append(f"{page.name}: markup shown as text: {leak}")
        # A doxygen command shown as text (e.g. a \\ref inside double quotes).
        shown = re.sub(r"<[^>]+>", "", re.sub(r"<code>.*?</code>", "", page.read_text(encoding="utf-8", errors="replace"), flags=re.S))
        for leak in re.findall(r'\\(?:ref|subpage|f\$|f\[)\s*[\w-]*(?: &quot;[^&]*&quot;)?', shown)[:1]:
            errors.append(f"{page.name}: doxygen command shown as text: {leak}")
        # A source cited by a path outside the repository (the forum thread's
        # seed copy): cite it by its title instead.
        for leak in re.findall(r"shared/seed/[\w./-]*", page.read_text(encoding="utf-8", errors="replace"))[:1]:
            errors.append(f"{page.name}: a path outside the repository: {leak}")
        # Math left as plain text (2^-40, 10^5, (n/4)^2, g_{k-1}) outside code
        # and formulas, on the written pages (the spec, the main page; API pages
        # quote C++ comments): it belongs in \\f$ ... \\f$ for MathJax.
        prose_page = page.name.startswith("spec-") or page.name in ("index.html", "entry-points.html", "plug-in.html")
        for leak in (plain_math(page.read_text(encoding="utf-8", errors="replace")) if prose_page else [])[:1]:
            errors.append(f"{page.name}: math as plain text: {leak}")
        # A tensor's method in a code span (`v.numel()`) linked to the project's function of that name.
        spec_text = page.read_text(encoding="utf-8", errors="replace") if page.name.startswith("spec-") else ""
        for leak in re.findall(r'<a class="el"[^>]*>\w+\.\w+\(\)</a>|\.<a class="el"[^>]*>\w+</a>\(', spec_text)[:1]:
            errors.append(f"{page.name}: a tensor method linked to the project's API: {leak}")
        # A directory page with neither a list nor a description (doxygen
        # writes one for a folder holding only folders; directories.py documents them).
        if page.name.startswith("dir_") and not re.search(r'class="memberdecls"|id="details"', page.read_text(encoding="utf-8")):
            errors.append(f"{page.name}: empty directory page")
        for ref in doc(page).links:
            if ref.startswith(("http://", "https://", "mailto:", "javascript:")):
                continue
            t = local_target(ref, page, html_root)
            if t is None:
                continue
            path, fragment = t
            if not path.is_file():
                errors.append(f"{page.name}: broken link {ref} (no file {path.name})")
            elif fragment and path.suffix == ".html" and fragment not in doc(path).ids:
                errors.append(f"{page.name}: broken link {ref} (no anchor #{fragment} in {path.name})")
    return errors, len(parsed)


def chromium(exe, url, *extra):
    with tempfile.TemporaryDirectory(prefix="wn-docs-chromium-") as profile:
        r = subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", TIME_BUDGET, *extra, url],
                           capture_output=True, text=True, timeout=120)
    return r


def check_page(exe, html_root, page, shots):
    errors = []
    path = (html_root / page).resolve()
    if not path.is_file():
        return [f"{page}: not in the build output"], ""
    static = parse(path.read_text(encoding="utf-8"))
    source = path.read_text(encoding="utf-8")
    display = source.count('class="formulaDsp"')
    inline = source.count("\\(")
    url = path.as_uri()
    shot = shots / (path.stem + ".png")
    run = chromium(exe, url, f"--screenshot={shot}", "--dump-dom")  # one load: the DOM and a screenshot
    dom = run.stdout
    if run.returncode != 0 or "</html>" not in dom:
        return [f"{page}: chromium failed ({run.returncode}): {run.stderr[-500:]}"], ""
    if not shot.is_file():
        errors.append(f"{page}: no screenshot")
    rendered = parse(dom)
    errors += check_resources(static.resources + css_urls(static.styles), path, html_root, f"{page} (as built)")
    errors += check_resources(rendered.resources + css_urls(rendered.styles), path, html_root, f"{page} (rendered)")
    n_display = dom.count('class="MathJax_Display"')
    n_math = len(re.findall(r'class="MathJax"', dom))
    if n_display < display or n_math < display + inline:
        errors.append(f"{page}: unrendered formulas: {display} display and {inline} inline formulas, "
                      f"{n_display} rendered display and {n_math} rendered in all")
    for sign in (r"Math Processing Error", r"File failed to load", r'class="[^"]*\bmerror\b', r'class="[^"]*MathJax_Error'):
        if re.search(sign, dom):
            errors.append(f"{page}: MathJax error: {sign}")
    summary = f"{page}: {display} display and {inline} inline formulas, {n_display} and {n_math} rendered; screenshot {shot}"
    return errors, summary


def results_page(html_root, term):
    """The page search.js opens in its results frame for term (SearchBox.Search)."""
    data = (html_root / "search" / "searchdata.js").read_text(encoding="utf-8")
    m = re.search(r'indexSectionsWithContent\s*=\s*\{\s*0:\s*"([^"]*)"', data)
    if not m or term[0].lower() not in m.group(1):
        return None
    return html_root / "search" / f"all_{m.group(1).index(term[0].lower()):x}.html"


def shown_results(dom):
    """The hrefs of the results search.js left visible (display: block)."""
    hrefs = []
    for block in re.split(r'(?=<div id="SR_)', dom)[1:]:
        head = block[:block.find(">")]
        if 'class="SRResult"' in head and "display: block" in head:
            hrefs += re.findall(r'href="([^"]+)"', block.split('<div class="SRStatus"')[0])
    return hrefs


def check_search(exe, html_root, spec):
    term, _, target = spec.partition("=")
    page = results_page(html_root, term)
    if page is None or not page.is_file():
        return [f"search {term!r}: no results page in the index (search disabled?)"], ""
    run = chromium(exe, page.as_uri() + "?" + urllib.parse.quote(term), "--dump-dom")
    hrefs = [h for h in shown_results(run.stdout) if not h.startswith("javascript:")]
    found = [h for h in hrefs if urllib.parse.unquote(h).removeprefix("../").startswith(target)]
    if run.returncode != 0 or not found:
        return [f"search {term!r}: no shown result links {target} (shown: {hrefs[:8]})"], ""
    return [], f"search {term!r}: {len(hrefs)} results shown, {found[0]} among them"


def check_statuses(html_root):
    """The traceability page explains its statuses (a legend), a status's
    deviation ids are links (in every page: the clause pages' status lines
    too), and a clause about the reference itself (TOL-2) shows no LibTorch
    status but "reference only"."""
    errors = []
    page = html_root / "traceability.html"
    text = page.read_text(encoding="utf-8") if page.is_file() else ""
    if 'id="traceability-legend"' not in text:
        errors.append("traceability.html: no legend of the statuses (#traceability-legend)")
    if not re.search(r"<th[^>]*>\s*describes\s*</th>", text):
        errors.append("traceability.html: no describes column (what each clause describes, framing.py)")
    for row in re.findall(r"<tr[^>]*>.*?</tr>", text, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if len(cells) > 4 and cells[2].strip() == "the reference" and not cells[3].strip().startswith("reference only"):
            errors.append(f"traceability.html: a clause about the reference shows a status: {re.sub('<[^>]+>', '', cells[0]).strip()}: "
                          f"{re.sub('<[^>]+>', '', cells[3]).strip()[:60]}")
    for p in sorted(html_root.glob("*.html")):
        # Code listings (the matrix page's text report) are text, not statuses.
        shown = re.sub(r'<div class="fragment">.*?</div><!-- fragment -->|<pre.*?</pre>', "",
                       p.read_text(encoding="utf-8", errors="replace"), flags=re.S)
        for status in re.findall(r"holds except ((?:(?:<a [^>]*>)?DEV-[0-9]+(?:</a>)?\s*)+)", shown):
            if re.search(r"DEV-[0-9]+", re.sub(r"<a [^>]*>DEV-[0-9]+</a>", "", status)):
                errors.append(f"{p.name}: a status names a deviation without linking it: holds except {re.sub('<[^>]+>', '', status).strip()}")
                break
    return errors


def css_size(css, selector):
    """(font-size in px, has line-height) of the last rule for selector in a stylesheet."""
    size, spaced = None, False
    for sel, body in re.findall(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        if selector in [s.strip() for s in sel.split(",")]:
            m = re.search(r"font-size:\s*([0-9.]+)(%|px)", body)
            if m:
                size = float(m.group(1)) * (14 / 100 if m.group(2) == "%" else 1)  # % of the 14px body font
            spaced = spaced or "line-height" in body
    return size, spaced


def check_headings(html_root):
    """Clause headings that wrap do not overlap (a line-height of their own:
    the body's fixed 22px is less than their font size), a page's title is
    larger than the clause headings under it, and a clause id in a heading
    cannot break at its hyphen (DEV-7's title wrapped inside GRAD-5)."""
    errors = []
    css = (html_root / "extra.css").read_text(encoding="utf-8") if (html_root / "extra.css").is_file() else ""
    title, _ = css_size(css, "div.headertitle .title")
    h1, h1_spaced = css_size(css, ".contents h1")
    title, h1 = title or 21.0, h1 or 28.0  # doxygen.css: .title 150%, h1 the browser's 2em
    if not h1_spaced:
        errors.append("extra.css: clause headings (.contents h1) have no line-height: wrapped headings overlap")
    if title <= h1:
        errors.append(f"extra.css: the page title ({title:.0f}px) is not larger than a clause heading ({h1:.0f}px)")
    for page in sorted(html_root.glob("spec-*.html")):
        for heading in re.findall(r"<h[1-3]>(.*?)</h[1-3]>", page.read_text(encoding="utf-8"), re.S):
            text = re.sub(r"<[^>]+>", "", heading)
            if re.search(r"\b[A-Z]+-[0-9]+\b", text):
                errors.append(f"{page.name}: a heading can break inside a clause id: {text.strip()[:60]}")
                break
    return errors


def check_navigation(exe, html_root):
    """The main page, rendered, has the search box and the navigation tree."""
    dom = chromium(exe, (html_root / "index.html").as_uri(), "--dump-dom").stdout
    errors = []
    if 'id="MSearchField"' not in dom:
        errors.append("index.html: no search box (SEARCHENGINE off?)")
    if not re.search(r'id="nav-tree-contents"[\s\S]*?class="label"', dom):
        errors.append("index.html: no navigation tree (GENERATE_TREEVIEW off?)")
    return errors


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--html", required=True)
    ap.add_argument("--chromium", required=True)
    ap.add_argument("--screenshots", required=True)
    ap.add_argument("--page", action="append", required=True)
    ap.add_argument("--search", action="append", default=[], help="TERM=PAGE[#ANCHOR]: a search for TERM must find PAGE")
    ap.add_argument("--min-formulas", type=int, default=1, help="the pages together must hold this many formulas")
    a = ap.parse_args(argv)
    html_root = pathlib.Path(a.html).resolve()
    shots = pathlib.Path(a.screenshots)
    shots.mkdir(parents=True, exist_ok=True)
    for old in shots.glob("*.png"):  # only this run's screenshots stay
        old.unlink()
    if not pathlib.Path(a.chromium).is_file():
        print(f"render_check: no browser at {a.chromium} (install chromium)")
        return 1
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda p: check_page(a.chromium, html_root, p, shots), a.page))
        searches = list(pool.map(lambda s: check_search(a.chromium, html_root, s), a.search))
    errors = [e for errs, _ in results + searches for e in errs]
    errors += check_navigation(a.chromium, html_root)
    errors += check_statuses(html_root)
    errors += check_headings(html_root)
    link_errors, n_pages = check_links(html_root)
    errors += link_errors
    for _, summary in results + searches:
        if summary:
            print("render_check: " + summary)
    print(f"render_check: links of {n_pages} pages checked")
    for e in errors:
        print("render_check: FAIL " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
