#!/usr/bin/env bash
# The main job: set up, build, run the property suite against the installed
# LibTorch (and the reference), and print the per-clause summary.
# Exit status: 0 when every clause holds or holds except where a documented
# deviation applies.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
reports=build/reports
rm -rf "$reports"
status=0
# The properties (LibTorch and the reference), the accuracy measurements and
# the Python checks of the module semantics (installed PyTorch; skipped
# without it) write to $reports.
ctest --test-dir build -L 'properties|python|accuracy' -j "$(nproc)" --output-on-failure || status=$?
build/properties/wn_clause_summary "$reports" --json build/clause-summary.json || status=$?
# The docs, with this run's per-clause status on the traceability page. A docs
# failure is reported but does not change the exit status (the summary's).
if cmake --build build --target docs >build/docs-build.log 2>&1; then
  echo "Documentation: file://$PWD/build/docs/html/index.html"
else
  tail -n 20 build/docs-build.log >&2
  echo "Documentation: the docs build FAILED (full log: build/docs-build.log)" >&2
fi
exit $status
