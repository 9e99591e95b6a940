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
import base64
import fcntl
import html.parser
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

# Flags: no sandbox (CI runs as root), no GPU, and no network at all: every
# host name fails to resolve and any proxy request goes nowhere.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
                  "--hide-scrollbars", "--window-size=1280,1600"]
VIEWPORT = (1280, 1600)  # of every page, and so of its screenshot
TIME_BUDGET_MS = 5000  # of virtual time, as --virtual-time-budget=5000 gave each page: MathJax finishes typesetting
MATHJAX_LIMIT_MS = 30000  # a page whose MathJax is still busy gets more, 1 s at a time, up to this
PAGE_TIMEOUT_S = 60  # of real time, for any one wait on the browser
EVENTS = {"Emulation.virtualTimeBudgetExpired"}  # the events the check waits for; others are dropped
# "done" once MathJax has posted its startup's "End" (after the first typeset)
# and its queue is idle; "none" when the page has no MathJax (the search
# pages) or MathJax.js failed to load: the formula counts then tell.
MATHJAX_STATE = """(() => {
  if (document.readyState !== "complete") return "loading";
  const M = window.MathJax;
  if (!M || !M.Hub || !M.Hub.Startup || !M.Hub.queue) return "none";
  const q = M.Hub.queue;
  return M.Hub.Startup.signal.posted.indexOf("End") >= 0 && !q.pending && !q.running && !q.queue.length ? "done" : "busy";
})()"""


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


def frame(message):
    """One DevTools message as --remote-debugging-pipe carries it: JSON, then a NUL."""
    return json.dumps(message).encode() + b"\0"


def unframe(buffer):
    """The complete messages at the start of buffer (a bytearray), removed from it;
    a message still being written stays for the next read."""
    messages = []
    while (end := buffer.find(b"\0")) >= 0:
        messages.append(json.loads(buffer[:end]))
        del buffer[:end + 1]
    return messages


class BrowserError(Exception):
    pass


class Browser:
    """One headless Chromium for the whole check, driven over the DevTools
    protocol on --remote-debugging-pipe (it reads commands on fd 3 and writes
    answers and events on fd 4). Starting Chromium is most of a page's cost
    (about 2.5 s of CPU), so the pages share one process and each gets a tab
    of its own (a fresh document, as a fresh process gave it)."""

    def __init__(self, exe, profile):
        self._stderr = tempfile.TemporaryFile()  # a file, not a pipe: nobody has to drain it
        to_browser_r, self._out = os.pipe()
        self._in, from_browser_w = os.pipe()

        def on_fds_3_and_4():  # in the child, before exec: the pipe ends become fds 3 and 4
            r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)  # above 3 and 4, so that neither dup2 clobbers the other
            w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(r, 3)  # dup2'ed fds are inheritable; every other fd Python made is close-on-exec
            os.dup2(w, 4)

        try:
            # close_fds=False: the default (True) would close fds 3 and 4 after
            # on_fds_3_and_4 made them; own session: killpg reaches the renderers too.
            self._proc = subprocess.Popen([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe"],
                                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._stderr,
                                          preexec_fn=on_fds_3_and_4, close_fds=False, start_new_session=True)
        finally:
            os.close(to_browser_r)
            os.close(from_browser_w)
        self._cond = threading.Condition()  # guards everything below; the reader thread notifies
        self._write_lock = threading.Lock()
        self._next_id, self._answers, self._events, self._closed = 0, {}, {}, None
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buffer = bytearray()
        while True:
            try:
                chunk = os.read(self._in, 1 << 20)
            except OSError:
                chunk = b""
            buffer.extend(chunk)
            messages = unframe(buffer)
            with self._cond:
                for m in messages:
                    if "id" in m:
                        self._answers[m["id"]] = m
                    elif m.get("method") in EVENTS:
                        self._events.setdefault(m.get("sessionId"), []).append(m["method"])
                if not chunk:
                    self._closed = "chromium closed the DevTools pipe"
                self._cond.notify_all()
            if not chunk:
                os.close(self._in)
                return

    def _failure(self, what):
        rc = self._proc.poll()
        if rc is None:  # its log then tells of the other tabs as much as of this one
            return BrowserError(f"{what} (chromium still running)")
        self._stderr.seek(0)
        return BrowserError(f"{what} (chromium exited {rc}): {self._stderr.read().decode(errors='replace')[-500:]}")

    def call(self, method, params=None, session=None, timeout=30):
        """The result of one command; raises BrowserError on an error answer,
        a closed pipe, or no answer within timeout seconds."""
        with self._cond:
            self._next_id += 1
            ident = self._next_id
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = frame(message)
        with self._write_lock:
            try:
                while data:
                    data = data[os.write(self._out, data):]
            except OSError as e:
                raise self._failure(f"{method}: cannot write to chromium: {e}") from None
        with self._cond:
            if not self._cond.wait_for(lambda: ident in self._answers or self._closed, timeout):
                raise self._failure(f"{method}: no answer within {timeout} s")
            if ident not in self._answers:
                raise self._failure(f"{method}: {self._closed}")
            answer = self._answers.pop(ident)
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error'].get('message')} {answer['error'].get('data', '')}".strip())
        return answer.get("result", {})

    def wait_event(self, session, method, timeout):
        with self._cond:
            def seen():
                return method in self._events.get(session, []) or self._closed
            if not self._cond.wait_for(seen, timeout):
                raise self._failure(f"no {method} within {timeout} s")
            if self._closed:
                raise self._failure(f"waiting for {method}: {self._closed}")
            self._events[session].remove(method)

    def evaluate(self, session, expression, timeout=30):
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session, timeout)
        if "exceptionDetails" in r:
            raise BrowserError(f"{expression[:40]}...: {r['exceptionDetails'].get('text')}")
        return r["result"].get("value")

    def render(self, url, screenshot=None):
        """(DOM, unfinished) of url once loaded and typeset: the DOM as --dump-dom
        gave it (document.documentElement.outerHTML), its screenshot written to
        screenshot (if given); unfinished says why the page was still busy when
        its time ran out ("" when it was not), the DOM is then taken as it stands."""
        # A browser context of its own (an incognito profile): its own renderer
        # process, as a fresh Chromium gave each page. Two tabs sharing a
        # renderer (file:// pages do) share its main thread, and virtual time
        # then runs out under MathJax (typesetting got 4 of 41 formulas done).
        context = self.call("Target.createBrowserContext")["browserContextId"]
        session = None
        try:
            target = self.call("Target.createTarget", {"url": "about:blank", "browserContextId": context})["targetId"]
            session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            self.call("Page.enable", session=session)
            # A tab's viewport is the window less what headless reserves for
            # browser UI (1280x1513 of 1280x1600): the screenshots stay 1280x1600.
            self.call("Emulation.setDeviceMetricsOverride", {"width": VIEWPORT[0], "height": VIEWPORT[1],
                                                              "deviceScaleFactor": 1, "mobile": False}, session)
            # As --virtual-time-budget did: virtual time stands still while a
            # file is being fetched and jumps over idle waits, so MathJax's timers
            # (its font checks, the menu and zoom it loads 1 s and 2 s after
            # typesetting) run without their wall time. Paused until the
            # navigation is underway, so that about:blank spends none of the budget.
            self.call("Emulation.setVirtualTimePolicy", {"policy": "pause"}, session)
            # A file that is not there (errorText) shows Chromium's error page,
            # whose DOM fails the checks, as --dump-dom's did.
            self.call("Page.navigate", {"url": url}, session)
            spent, unfinished = 0, ""
            for budget in [TIME_BUDGET_MS] + [1000] * ((MATHJAX_LIMIT_MS - TIME_BUDGET_MS) // 1000):
                self.call("Emulation.setVirtualTimePolicy", {"policy": "pauseIfNetworkFetchesPending", "budget": budget}, session)
                self.wait_event(session, "Emulation.virtualTimeBudgetExpired", timeout=PAGE_TIMEOUT_S)
                spent += budget
                state = self.evaluate(session, MATHJAX_STATE)
                if state in ("done", "none"):
                    break
            else:
                unfinished = (f"{'still loading' if state == 'loading' else 'MathJax had not finished typesetting'} "
                              f"after {spent // 1000} s of the page's time (virtual)")
            dom = self.evaluate(session, "document.documentElement.outerHTML")
            if screenshot:
                # Virtual time is paused once its budget is spent, and a capture
                # under paused virtual time can wait for a frame that never
                # comes: index.html's hung 60 s in 2 of 11 runs under load (a
                # full ctest, the property suite beside it), none in 30 since
                # time runs again first.
                self.call("Emulation.setVirtualTimePolicy", {"policy": "advance"}, session)
                data = self.call("Page.captureScreenshot", {"format": "png"}, session, timeout=PAGE_TIMEOUT_S)["data"]
                screenshot.write_bytes(base64.b64decode(data))
            return dom, unfinished
        finally:
            with self._cond:
                self._events.pop(session, None)
            try:
                self.call("Target.disposeBrowserContext", {"browserContextId": context}, timeout=10)  # closes its tab
            except BrowserError:
                pass

    def close(self):
        """Ends Chromium and all its processes, whatever state it is in: asked
        first (it then reaps its renderers itself), killed if it does not go."""
        try:
            if self._proc.poll() is None:
                self.call("Browser.close", timeout=5)
            self._proc.wait(timeout=10)
        except (BrowserError, subprocess.TimeoutExpired):
            pass
        try:
            os.killpg(self._proc.pid, signal.SIGKILL)  # its own session: the renderers and helpers too
        except ProcessLookupError:
            pass
        self._proc.wait(timeout=30)
        os.close(self._out)
        self._stderr.close()


def check_page(browser, html_root, page, shots):
    """(errors, summary, rendered DOM) of one page."""
    errors = []
    path = (html_root / page).resolve()
    if not path.is_file():
        return [f"{page}: not in the build output"], "", ""
    static = parse(path.read_text(encoding="utf-8"))
    source = path.read_text(encoding="utf-8")
    display = source.count('class="formulaDsp"')
    inline = source.count("\\(")
    url = path.as_uri()
    shot = shots / (path.stem + ".png")
    try:
        dom, unfinished = browser.render(url, shot)  # one load: the DOM and a screenshot
    except BrowserError as e:
        return [f"{page}: chromium failed: {e}"], "", ""
    if "</html>" not in dom:
        return [f"{page}: chromium failed: no document"], "", ""
    if unfinished:  # the checks below still run on the DOM as it stands
        errors.append(f"{page}: {unfinished}")
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
    return errors, summary, dom


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


def check_search(browser, html_root, spec):
    term, _, target = spec.partition("=")
    page = results_page(html_root, term)
    if page is None or not page.is_file():
        return [f"search {term!r}: no results page in the index (search disabled?)"], ""
    try:
        (dom, _), failed = browser.render(page.as_uri() + "?" + urllib.parse.quote(term)), ""
    except BrowserError as e:
        dom, failed = "", f" (chromium failed: {e})"
    hrefs = [h for h in shown_results(dom) if not h.startswith("javascript:")]
    found = [h for h in hrefs if urllib.parse.unquote(h).removeprefix("../").startswith(target)]
    if failed or not found:
        return [f"search {term!r}: no shown result links {target} (shown: {hrefs[:8]}){failed}"], ""
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


def check_navigation(browser, html_root, dom=None):
    """The main page, rendered, has the search box and the navigation tree;
    dom is its rendered DOM if check_page has it, else it is loaded."""
    errors = []
    if dom is None:
        try:
            dom, _ = browser.render((html_root / "index.html").as_uri())
        except BrowserError as e:
            dom = ""
            errors.append(f"index.html: chromium failed: {e}")
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
    def static_checks():  # the built files alone, read while the browser works
        link_errors, n_pages = check_links(html_root)
        return check_statuses(html_root) + check_headings(html_root) + link_errors, n_pages

    with ThreadPoolExecutor(max_workers=1) as files, \
            tempfile.TemporaryDirectory(prefix="wn-docs-chromium-", ignore_cleanup_errors=True) as profile:
        static = files.submit(static_checks)
        browser = Browser(a.chromium, profile)
        try:
            # Two tabs at a time: a renderer process each, one per core.
            with ThreadPoolExecutor(max_workers=2) as pool:
                pages = list(pool.map(lambda p: check_page(browser, html_root, p, shots), a.page))
                searches = list(pool.map(lambda s: check_search(browser, html_root, s), a.search))
            results = [(errs, summary) for errs, summary, _ in pages]
            # The main page's DOM, if checked as a page, serves check_navigation too.
            index = (html_root / "index.html").resolve()
            index_dom = next((dom for p, (_, _, dom) in zip(a.page, pages) if dom and (html_root / p).resolve() == index), None)
            errors = [e for errs, _ in results + searches for e in errs]
            errors += check_navigation(browser, html_root, index_dom)
        finally:
            browser.close()
        static_errors, n_pages = static.result()
    errors += static_errors
    for _, summary in results + searches:
        if summary:
            print("render_check: " + summary)
    print(f"render_check: links of {n_pages} pages checked")
    for e in errors:
        print("render_check: FAIL " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
