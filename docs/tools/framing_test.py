#!/usr/bin/env python3
"""Tests of the clause markers (framing.py) and of the traceability page's
statuses: legend, linked deviation ids, no LibTorch status for the reference's
own clauses (run by CTest as docs.tools)."""
import pathlib
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import framing  # noqa: E402
import traceability  # noqa: E402

SPEC = """# Topic

## AB-1: A rule LibTorch keeps {#AB-1}

*Describes:* PyTorch.

Checked by: `Fam.One`.

## AB-2: A rule LibTorch breaks {#AB-2}

*Stricter than PyTorch:* LibTorch overflows (DEV-1).

## AB-3: The reference's accuracy {#AB-3}

*Describes:* the reference implementation: its own accuracy.

## DEV-1: LibTorch differs (AB-2) {#DEV-1}

*Describes:* PyTorch: what LibTorch does.
"""


class Markers(unittest.TestCase):
    def spec(self, text):
        d = tempfile.TemporaryDirectory()
        self.addCleanup(d.cleanup)
        (pathlib.Path(d.name) / "01-ab.md").write_text(text, encoding="utf-8")
        return pathlib.Path(d.name)

    def test_every_kind_is_read(self):
        kinds = {k: v[0] for k, v in framing.markers(self.spec(SPEC)).items()}
        self.assertEqual(kinds, {"AB-1": "pytorch", "AB-2": "stricter", "AB-3": "reference", "DEV-1": "pytorch"})
        self.assertEqual(framing.problems(self.spec(SPEC)), [])

    def test_a_clause_without_a_marker_fails(self):
        out = framing.problems(self.spec(SPEC.replace("*Describes:* PyTorch.\n", "Text.\n", 1)))
        self.assertEqual(len(out), 1)
        self.assertIn("AB-1 does not say what it describes", out[0])

    def test_a_clause_a_deviation_names_must_be_stricter(self):
        out = framing.problems(self.spec(SPEC.replace("*Stricter than PyTorch:* LibTorch overflows (DEV-1).",
                                                      "*Describes:* PyTorch.")))
        self.assertEqual(len(out), 1)
        self.assertIn("AB-2 is named by a deviation's title", out[0])

    def test_an_unknown_kind_and_a_stricter_one_without_reason_fail(self):
        out = framing.problems(self.spec(SPEC.replace("*Describes:* PyTorch.\n", "*Describes:* NumPy.\n", 1)
                                         .replace("LibTorch overflows (DEV-1).", ".")))
        self.assertEqual(len(out), 2, out)  # NumPy; a stricter clause without its reason


class StatusCells(unittest.TestCase):
    CLAUSES = [traceability.Clause("AB-2", "breaks", "01-ab.md", ["Fam.One"]),
               traceability.Clause("AB-3", "accuracy", "01-ab.md", ["Ref.Goal"]),
               traceability.Clause("DEV-1", "differs", "01-ab.md", ["Fam.One"])]
    CITES = [traceability.Citation("Fam.One", "AB-2", "checks", "p.cpp"),
             traceability.Citation("Ref.Goal", "AB-3", "measures", "a.cpp"),
             traceability.Citation("Fam.One", "DEV-1", "observes", "p.cpp")]
    SUMMARY = {"versions": {"libtorch": "LibTorch 1.13.0"}, "when": "now",
               "status": {"AB-2": {"libtorch": "holds except DEV-1 (1p/100c)"},
                          "AB-3": {"libtorch": "holds except DEV-1 (1p/100c)"}}}

    def page(self, summary):
        return traceability.render_page(self.CLAUSES, self.CITES, summary,
                                        {"AB-2": "stricter", "AB-3": "reference", "DEV-1": "pytorch"})

    def test_the_legend_explains_each_status_form(self):
        text = self.page(self.SUMMARY)
        self.assertIn("{#traceability-legend}", text)
        for form in ("holds (2p/200c)", "holds except", "observed (27c)", "NO PROPERTY", "reference only"):
            self.assertIn(form, text)

    def test_deviation_ids_in_a_status_are_links(self):
        row = next(l for l in self.page(self.SUMMARY).split("\n") if l.startswith('| \\ref AB-2 '))
        self.assertIn('holds except \\ref DEV-1 "DEV-1" (1p/100c)', row)
        self.assertIn("**stricter**", row)

    def test_a_clause_about_the_reference_shows_no_libtorch_status(self):
        for summary in (self.SUMMARY, None):
            row = next(l for l in self.page(summary).split("\n") if l.startswith('| \\ref AB-3 '))
            self.assertIn("reference only: `Ref.Goal`", row)
            self.assertNotIn("holds", row)


if __name__ == "__main__":
    unittest.main()
