#!/usr/bin/env bash
# Configures (once) and builds into build/. Re-running rebuilds only what changed.
# Point CMake at another LibTorch with Torch_DIR=/path/to/share/cmake/Torch.
set -euo pipefail
cd "$(dirname "$0")/.."
args=(-S . -B build -G Ninja)
[ -n "${Torch_DIR:-}" ] && args+=("-DTorch_DIR=${Torch_DIR}")
# build.ninja, not CMakeCache.txt: a configure that failed (a package still
# missing) leaves the cache but no build files, and must run again.
[ -f build/build.ninja ] && [ -z "${Torch_DIR:-}" ] || cmake "${args[@]}" >/dev/null
cmake --build build --parallel "$(nproc)"
