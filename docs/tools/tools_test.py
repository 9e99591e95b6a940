#!/usr/bin/env python3
"""Tests of the docs tooling on a miniature project (run by CTest as docs.tools)."""
import pathlib
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import build_docs  # noqa: E402
import header_filter  # noqa: E402
import render_check  # noqa: E402
import spec_regions  # noqa: E402
import traceability  # noqa: E402

SPEC = """# Topic

## AB-1: First rule {#AB-1}

Text citing AB-2.

Checked by: `Fam.One`,
`Fam.Two`.

## AB-2: Second rule {#AB-2}

Checked by: `Fam.*`.

## DEV-1: A deviation (AB-1) {#DEV-1}

Checked by: `Fam.One` (observes), `x adapter (refuses the call)`, `Mod.CheckIt`.
"""

CPP = """
TEST_P(Fam, One) {
  check_property({"AB-1", "AB-2"}, [&] { observe_deviation(impl(), "DEV-1"); });
}
TEST_P(Fam, Two) {
  check_property({"AB-1"}, [&] {});
}
"""

PY = """
@checks("DEV-1")
def CheckIt():
    pass
"""

ADAPTER = 'void f() { throw RefusedUnsafeCall("DEV-1", "message"); }\n'


class SpecPageFixes(unittest.TestCase):
    def test_an_interrupted_numbered_list_keeps_its_number(self):
        text = "1. one\n2. two\n\n| a |\n|---|\n| 1 |\n\nA paragraph.\n\n3. three\n   more\n\nEnd."
        out = build_docs.continue_numbered_lists(text)
        self.assertIn('<ol start="3"><li>three\nmore</li></ol>', out)
        self.assertIn("1. one\n2. two", out)  # an uninterrupted list stays Markdown

    def test_clause_ids_in_headings_get_a_non_breaking_hyphen_and_anchors_stay(self):
        out = build_docs.unbreakable_ids("## DEV-7: drops a term (GRAD-5) {#DEV-7}\n\nProse DEV-7.\n")
        self.assertEqual(out, "## DEV\u20117: drops a term (GRAD\u20115) {#DEV-7}\n\nProse DEV-7.\n")

    def test_a_tensor_method_in_a_code_span_is_not_linked(self):
        self.assertEqual(build_docs.unlink_methods("`v.numel() / v.size(k)` and numel"),
                         "`v.%numel() / v.%size(k)` and numel")


class MiniProject(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = pathlib.Path(self.tmp.name)
        for rel, text in {"spec/01-ab.md": SPEC, "properties/fam_test.cpp": CPP, "properties/python/mod_test.py": PY,
                          "adapters/src/x.cpp": ADAPTER, "lib/include/lib/api.hpp": "/// Spec AB-1, AB-2.\n"}.items():
            (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
            (self.root / rel).write_text(text)

    def tearDown(self):
        self.tmp.cleanup()

    def problems(self):
        clauses = traceability.parse_clauses(self.root / "spec")
        prefixes = {c.id.split("-")[0] for c in clauses}
        return traceability.problems(clauses, traceability.scan(self.root),
                                     traceability.header_citations(self.root, prefixes))

    def test_a_consistent_project_has_no_problems(self):
        self.assertEqual(self.problems(), [])
        kinds = {(c.checker, c.clause, c.kind) for c in traceability.scan(self.root)}
        self.assertIn(("Fam.One", "DEV-1", "observes"), kinds)
        self.assertIn(("x adapter (refuses the call)", "DEV-1", "refuses"), kinds)
        self.assertIn(("Mod.CheckIt", "DEV-1", "checks"), kinds)

    def test_a_clause_without_property_fails(self):
        (self.root / "spec/01-ab.md").write_text(SPEC + "\n## AB-3: Unchecked {#AB-3}\n\nChecked by: `Fam.One`.\n")
        self.assertTrue(any("AB-3 has no property" in p for p in self.problems()))

    def test_citing_an_unknown_clause_fails(self):
        (self.root / "properties/fam_test.cpp").write_text(CPP.replace('"AB-1"}', '"AB-9"}'))
        self.assertTrue(any("cites AB-9, which no spec" in p for p in self.problems()))
        (self.root / "lib/include/lib/api.hpp").write_text("/// Spec AB-7.\n")
        self.assertTrue(any("doc comment cites AB-7" in p for p in self.problems()))

    def test_a_checked_by_line_that_drifted_fails(self):
        (self.root / "spec/01-ab.md").write_text(SPEC.replace("`Fam.One`,\n`Fam.Two`", "`Fam.One`, `Fam.Three`"))
        found = self.problems()
        self.assertTrue(any("missing `Fam.Two`" in p and "cites `Fam.Three`" in p for p in found), found)

    def test_fix_rewrites_only_the_lines_that_drifted(self):
        spec = self.root / "spec/01-ab.md"
        spec.write_text(SPEC.replace("`Fam.One`,\n`Fam.Two`", "`Fam.One`, `Fam.Three`")
                        + "\n## AB-4: New {#AB-4}\n\nText.\n")
        (self.root / "properties/new_test.cpp").write_text('TEST_P(New, Four) { check_property({"AB-4"}, [&] {}); }\n')
        clauses = traceability.parse_clauses(self.root / "spec")
        changed = traceability.fix_checked_by(self.root / "spec", clauses, traceability.scan(self.root))
        self.assertEqual(sorted(changed), ["AB-1", "AB-4"])
        self.assertEqual(self.problems(), [])
        text = spec.read_text()
        self.assertIn("Checked by: `Fam.*`.", text)  # agreeing wildcard kept
        self.assertIn("Checked by: `Fam.One`, `Fam.Two`.", text)
        self.assertIn("Text.\n\nChecked by: `New.Four`.", text)

    def test_the_page_lists_every_clause_and_says_not_run_yet(self):
        clauses = traceability.parse_clauses(self.root / "spec")
        page = traceability.render_page(clauses, traceability.scan(self.root), None)
        for cid in ("AB-1", "AB-2", "DEV-1"):
            self.assertIn(f'\\ref {cid} "{cid}"', page)
        self.assertIn("not run yet", page)


class Regions(unittest.TestCase):
    def test_replace_region_keeps_the_markers(self):
        text = "a\n<!-- BEGIN generated: ex (note) -->\nold\n<!-- END generated: ex -->\nb\n"
        new = spec_regions.replace_region(text, "ex", "fresh\n")
        self.assertEqual(new, "a\n<!-- BEGIN generated: ex (note) -->\n\nfresh\n\n<!-- END generated: ex -->\nb\n")
        self.assertEqual(spec_regions.region_content(spec_regions.region_pattern("ex").search(new)), "fresh\n")


class ClauseLinks(unittest.TestCase):
    def test_links_ids_in_prose_only(self):
        ids = {"DIM-3", "DEV-1"}
        text = "## DIM-3: t {#DIM-3}\nSee DIM-3 and `DIM-3`, \\f$ DIM-3 \\f$, DEV-10, XDIM-3.\n"
        out = build_docs.link_clause_ids(text, ids)
        self.assertIn('## DIM-3: t {#DIM-3}', out)
        self.assertIn('See \\ref DIM-3 "DIM-3" and `DIM-3`, \\f$ DIM-3 \\f$, DEV-10, XDIM-3.', out)


class SpecPageLinks(unittest.TestCase):
    def test_links_to_spec_pages_become_references_and_others_stay(self):
        text = "| [03-dim.md](03-dim.md) | x |\nsee [the tool](../docs/x.md) and [web](https://a.b/c.md)"
        out = build_docs.link_spec_pages(text, {"03-dim.md"})
        self.assertIn('| \\ref spec-03-dim "03-dim.md" | x |', out)
        self.assertIn("[the tool](../docs/x.md)", out)
        self.assertIn("[web](https://a.b/c.md)", out)


class HeaderFilter(unittest.TestCase):
    def test_links_clause_ids_in_doc_comments_only(self):
        src = '/// Spec DIM-3 .. DIM-4.\nint f(); ///< DIM-3\nconst char* s = "DIM-3";  // DIM-3\n'
        out = header_filter.filter_text(src, {"DIM-3", "DIM-4"})
        self.assertEqual(out.split("\n")[0], '/// Spec \\ref DIM-3 "DIM-3" .. \\ref DIM-4 "DIM-4".')
        self.assertEqual(out.split("\n")[1], 'int f(); ///< \\ref DIM-3 "DIM-3"')
        self.assertEqual(out.split("\n")[2], 'const char* s = "DIM-3";  // DIM-3')
        self.assertEqual(len(out.split("\n")), len(src.split("\n")))


class StatusLines(unittest.TestCase):
    TEXT = "# T\n\n## AB-1: One {#AB-1}\n\nBody.\n\n### Example {#ex}\n\nTable.\n\n## AB-2: Two {#AB-2}\n\nBody two.\n"

    def test_each_clause_ends_with_its_status(self):
        summary = {"versions": {"libtorch": "1.13", "reference": "r"}, "when": "today",
                   "status": {"AB-1": {"libtorch": "holds (1p/1c)", "reference": "no property"}}}
        out = build_docs.append_status(self.TEXT, summary, {"AB-1", "AB-2"})
        self.assertIn("Body.\n\n*Status in the last run* (today, \\ref traceability \"traceability\"): "
                      "**libtorch** holds (1p/1c).\n\n### Example", out)
        self.assertIn("Body two.\n\n*Status in the last run* (today, \\ref traceability \"traceability\"): "
                      "**libtorch** not in the last run.\n", out)

    def test_without_a_run_the_status_says_not_run_yet(self):
        out = build_docs.append_status(self.TEXT, None, {"AB-1", "AB-2"})
        self.assertEqual(out.count("*Status:* not run yet"), 2)


class StaticChecks(unittest.TestCase):
    def test_broken_links_and_missing_resources_are_found(self):
        with tempfile.TemporaryDirectory() as d:
            root = pathlib.Path(d)
            (root / "a.html").write_text('<html><a href="b.html#x">ok</a><a href="b.html#nope">bad anchor</a>'
                                         '<a href="gone.html">bad file</a><a href="https://example.org">away</a>'
                                         '<img src="here.png"><img src="missing.png"></html>')
            (root / "b.html").write_text('<html><h1 id="x">x</h1></html>')
            (root / "here.png").write_bytes(b"")
            errors, pages = render_check.check_links(root)
            self.assertEqual(pages, 2)
            self.assertEqual(len(errors), 2, errors)
            self.assertTrue(any("#nope" in e for e in errors) and any("gone.html" in e for e in errors))
            refs = render_check.parse((root / "a.html").read_text())
            missing = render_check.check_resources(refs.resources, root / "a.html", root, "a.html")
            self.assertEqual(len(missing), 1)
            self.assertIn("missing.png", missing[0])
            self.assertTrue(render_check.check_resources(["http://cdn.example/x.js"], root / "a.html", root, "a"))

    def test_math_as_plain_text_is_found_outside_code_and_formulas(self):
        page = ('<p>within 2^-40 ulp, n = 10^5, compose(g_{k-1}, v)</p><code>x^2</code>'
                '<p>\\( 2^{-40} \\) and \\[ g_{k} \\]</p>')
        found = render_check.plain_math(page)
        self.assertEqual(len(found), 3, found)
        self.assertEqual(render_check.plain_math("<p>\\( 10^5 \\) and <code>v^2</code></p>"), [])


class DevToolsPipeFraming(unittest.TestCase):
    """--remote-debugging-pipe carries JSON messages each ended by a NUL; a
    read may end inside one, which must wait for the next read."""

    def test_complete_messages_are_taken_and_a_partial_one_is_kept(self):
        buffer = bytearray(render_check.frame({"id": 1, "result": {}}) + render_check.frame({"method": "X"}))
        tail = render_check.frame({"id": 2, "result": {"value": "a\u0000b"}})
        buffer += tail[:7]
        self.assertEqual(render_check.unframe(buffer), [{"id": 1, "result": {}}, {"method": "X"}])
        self.assertEqual(bytes(buffer), tail[:7])
        buffer += tail[7:]
        self.assertEqual(render_check.unframe(buffer), [{"id": 2, "result": {"value": "a\u0000b"}}])
        self.assertEqual(buffer, bytearray())


if __name__ == "__main__":
    unittest.main()
