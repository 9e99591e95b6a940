#!/usr/bin/env bash
# The tests: set up, build, then the whole CTest suite (examples, properties,
# meta-tests, docs checks), then the same suite under AddressSanitizer +
# UndefinedBehaviorSanitizer with bounded fuzz runs (scripts/sanitize.sh).
# What .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
ctest --test-dir build -j "$(nproc)" --output-on-failure
bash scripts/sanitize.sh
