#!/usr/bin/env bash
# The sanitizer run: configures (once) and builds the "asan" preset of
# CMakePresets.json (clang-14, AddressSanitizer + UndefinedBehaviorSanitizer,
# LeakSanitizer, the libFuzzer targets) into build/asan, then runs the whole
# CTest suite there with reduced cases:
#   - properties: RC_PARAMS="max_success=20" (the test preset's environment);
#   - fuzz targets: their bounded runs (3000 executions each, label "fuzz");
#   - the mutant catalog (label "mutants") is left out of that run: with 20
#     cases a property may miss a mutant, and the catalog's verdict is about
#     the default case count. Instead the forward catalog runs here at the
#     default count, every mutant in one process per family (WN_SAN_MUTANTS,
#     a space-separated list, narrows it; it used to be two mutants, when
#     each mutant cost a start-up of every family).
# Any sanitizer report ends the test that produced it with a failure
# (halt_on_error, -fno-sanitize-recover=undefined). Suppressions, only for
# LibTorch's own code, with evidence: fuzz/lsan.supp, fuzz/ubsan.supp.
# Time measured on the 2-core development machine (shared): see test.sh.
# Part of the test command (scripts/test.sh, so .ci/run). Measured on the
# 2-core machine: the clean "asan" build about 8 min, its CTest run about
# 2 min, the forward catalog about 2 min (2m09 s measured; the two mutants
# it replaced took about 1 min).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/asan/build.ninja ] || cmake --preset asan >/dev/null
cmake --build --preset asan --parallel "$(nproc)"
ctest --preset asan -j "$(nproc)" -LE mutants
# The catalog subset, at the default case count (no RC_PARAMS).
mutant_args=()
for m in ${WN_SAN_MUTANTS:-}; do mutant_args+=(--mutant "$m"); done
env -u RC_PARAMS \
  ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:detect_odr_violation=0" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$PWD/fuzz/ubsan.supp" \
  LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0" \
  build/asan/oracle/wn-oracle mutants --group forward "${mutant_args[@]}"
echo "sanitize.sh: the suite ran clean under ASan+UBSan+LSan"
