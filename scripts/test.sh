#!/usr/bin/env bash
# The tests: set up, build, then the whole CTest suite (examples, properties,
# meta-tests, docs checks). What .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
ctest --test-dir build -j "$(nproc)" --output-on-failure
