#!/usr/bin/env python3
"""Tests of the version columns (matrix_columns.py), on a miniature matrix report."""
import pathlib
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import build_docs  # noqa: E402
import matrix_columns  # noqa: E402

MATRIX = {
    "date": "2026-01-01T00:00:00Z",
    "versions": [
        {"name": "old", "libtorch": "LibTorch 1.13.0 (CPU)", "packages": {"libtorch-dev": "1.13.1+dfsg-4"}},
        {"name": "new", "libtorch": "LibTorch 2.14.1 (CPU)", "packages": {"libtorch-dev": "2.14.1+dfsg-1"}},
    ],
    "clauses": [
        {"clause": "AB-1", "status": {"old": "holds", "new": "holds"}},
        {"clause": "AB-2", "status": {"old": "holds", "new": "FAILS"}},
        {"clause": "AB-3", "status": {"old": "holds except DEV-1", "new": "holds"}},
    ],
    "deviations": [
        {"clause": "DEV-1", "verdict": {"old": "present", "new": "absent"}, "detail": {"old": "observed (3c)", "new": "-"}},
    ],
}
SPEC = "# Deviations\n\n## DEV-1: One {#DEV-1}\n\nText.\n\n## DEV-2: Two {#DEV-2}\n\nText.\n"


class VersionColumns(unittest.TestCase):
    def test_a_deviation_gets_its_verdict_per_version(self):
        t = matrix_columns.table(MATRIX, "DEV-1")
        self.assertIn("1.13.0 (old, libtorch-dev 1.13.1+dfsg-4)", t)
        self.assertIn("2.14.1 (new, libtorch-dev 2.14.1+dfsg-1)", t)
        self.assertIn("| verdict | present (observed (3c)) | absent (-) |", t)
        self.assertIn("2026-01-01T00:00:00Z", t)

    def test_only_clauses_whose_status_differs_get_a_table(self):
        self.assertEqual(matrix_columns.table(MATRIX, "AB-1"), "")
        self.assertIn("| status | holds | FAILS |", matrix_columns.table(MATRIX, "AB-2"))

    def test_a_status_naming_a_deviation_links_it(self):
        self.assertIn('| status | holds except \\ref DEV-1 "DEV-1" | holds |', matrix_columns.table(MATRIX, "AB-3"))

    def test_a_deviation_missing_from_the_run_says_so(self):
        self.assertIn("**not in the run**", matrix_columns.table(MATRIX, "DEV-2"))

    def test_no_report_no_table(self):
        self.assertEqual(matrix_columns.table(None, "DEV-1"), "")

    def test_check_names_each_missing_deviation_and_version(self):
        with tempfile.TemporaryDirectory() as d:
            spec = pathlib.Path(d) / "spec"
            spec.mkdir()
            (spec / matrix_columns.DEVIATIONS_PAGE).write_text(SPEC, encoding="utf-8")
            self.assertEqual(matrix_columns.missing(MATRIX, spec), [("DEV-2", "old"), ("DEV-2", "new")])

    def test_source_claims_that_differ_by_version_become_rows(self):
        claims = {"clauses": {"SourceClaims.Path": ["AB-1"]},
                  "versions": {"1.13": {"SourceClaims.Path": {"float16": "composite", "float32": "fused"}},
                               "2.14": {"SourceClaims.Path": {"float16": "fused", "float32": "fused"}}}}
        t = matrix_columns.table(MATRIX, "AB-1", claims)
        self.assertIn('| `SourceClaims.Path` float16 | "composite" | "fused" |', t)
        self.assertNotIn("float32", t)
        self.assertEqual(matrix_columns.table(MATRIX, "AB-2", {"clauses": {}, "versions": {}}).count("SourceClaims"), 0)

    def test_the_table_follows_the_status_line(self):
        text = build_docs.append_status(SPEC, None, {"DEV-1", "DEV-2"}, MATRIX)
        one = text.index("## DEV-1"), text.index("## DEV-2")
        section = text[one[0]:one[1]]
        self.assertLess(section.index("*Status:*"), section.index("*By LibTorch version*"))


if __name__ == "__main__":
    unittest.main()
