#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind) of one weight_norm call at
# 10^6 elements, the reference against LibTorch's fused path, counting only
# inside the call (--toggle-collect). Unlike times, these repeat exactly on a
# loaded machine; they do not see memory stalls or vector width, so read them
# next to the benchmark times, not instead of them.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v valgrind >/dev/null || { echo "(valgrind not installed: no instruction counts)"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count() {  # benchmark name, function to count inside
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" --toggle-collect="$2" \
    build/benchmarks/wn_benchmarks --benchmark_filter="^$1\$" --benchmark_min_time=0.000001 >/dev/null 2>&1
  local total
  total=$(grep -E '^(summary|totals):' "$tmp/cg.out" | head -1 | awk '{print $2}' || true)
  # Google Benchmark runs the body once when one iteration already exceeds the minimum time.
  echo "$total"
}
echo "| benchmark | instructions per call |"
echo "|---|---:|"
for dtype in float32 float64; do
  for layout in fused_dim0 fused_last; do
    ref=$(count "weight_norm/reference/$dtype/$layout/1048576" 'wn::weight_norm(*')
    lt=$(count "weight_norm/libtorch/$dtype/$layout/1048576" 'at::_ops::_weight_norm::call(*')
    echo "| weight_norm $dtype $layout: reference | $ref |"
    echo "| weight_norm $dtype $layout: LibTorch | $lt |"
  done
done
