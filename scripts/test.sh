#!/usr/bin/env bash
# The tests: set up, build, then the whole CTest suite (examples, properties,
# meta-tests, docs checks, the installed package with the external kernel),
# then the same suite under AddressSanitizer + UndefinedBehaviorSanitizer with
# bounded fuzz runs (scripts/sanitize.sh), then the LibTorch-free build's.
# What .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
ctest --test-dir build -j "$(nproc)" --output-on-failure
bash scripts/sanitize.sh
# The LibTorch-free configuration (WN_WITH_LIBTORCH=OFF: what a kernel author
# without LibTorch builds): the reference, checks, properties, vector tools
# and the external-adapter path, in build-notorch/. The mutant catalog ran
# above on the same code; here it is left out, to keep CI time.
[ -f build-notorch/build.ninja ] || cmake -S . -B build-notorch -G Ninja -DWN_WITH_LIBTORCH=OFF >/dev/null
cmake --build build-notorch --parallel "$(nproc)"
ctest --test-dir build-notorch -j "$(nproc)" --output-on-failure -LE mutants
