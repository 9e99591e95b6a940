#!/usr/bin/env bash
# Prints the accuracy and speed tables (spec TOL-3, docs/speed.md):
#   - accuracy: wn_accuracy, errors in ulps of the exact MPFR result;
#   - accuracy includes the gradients (backward:grad_v, backward:grad_g);
#   - benchmarks: the reference against LibTorch, 16 to 10^6 elements,
#     forward (weight_norm, norm_except_dim) and backward (weight_norm_backward);
#   - cases per second of each property family;
#   - wall time of the default suite (ctest);
#   - with --long: a long run, RC_PARAMS="max_success=10000" (slow: minutes);
#   - with --clean-build: the time of a clean build (minutes; in build/clean-build, removed after);
#   - with --instructions: callgrind instruction counts of one weight_norm
#     call at 10^6 elements (repeatable on a loaded machine).
# Timings depend on the machine and its load: the load average is printed
# next to them. Run it on a quiet machine for figures worth quoting.
#
# Usage: bash scripts/figures.sh [--long] [--clean-build] [--instructions] [--no-build] [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."

long=0 clean=0 instructions=0 build=1 quick=0
for arg in "$@"; do
  case "$arg" in
    --long) long=1 ;;
    --clean-build) clean=1 ;;
    --instructions) instructions=1 ;;
    --no-build) build=0 ;;
    --quick) quick=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "figures.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

PY=/usr/bin/python3  # the system Python: a pyenv one may come first on PATH
out=build/figures
load() { cut -d' ' -f1-3 /proc/loadavg; }
now() { date +%s.%N; }
elapsed() { "$PY" -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

echo "# weightnorm-oracle figures"
echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average at start: $(load)"
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo

if [ "$clean" = 1 ]; then
  echo "## Clean build"
  echo
  rm -rf build/clean-build && mkdir -p build
  before=$(load)
  start=$(now)
  # CPU time as well as wall time: on a shared machine the CPU seconds are the steadier figure.
  /usr/bin/time -f "%U %S" -o build/clean-build.cputime bash -c \
    'cmake -S . -B build/clean-build -G Ninja >/dev/null && cmake --build build/clean-build --parallel "$(nproc)" >/dev/null'
  end=$(now)
  read -r user sys < build/clean-build.cputime
  rm -f build/clean-build.cputime
  echo "Clean build (configure + build, $(nproc) jobs): $(elapsed "$start" "$end") s wall, ${user} s user + ${sys} s system CPU; load before: ${before}, after: $(load). Goal: under 180 s."
  rm -rf build/clean-build && mkdir -p build
  echo
fi

if [ "$build" = 1 ]; then
  bash scripts/build.sh >/dev/null
fi
mkdir -p "$out"

echo "## Accuracy (spec TOL-3)"
echo
build/accuracy/wn_accuracy || echo "(wn_accuracy reported a missed goal: see above)"
echo

echo "## Benchmarks: reference vs LibTorch (forward and backward)"
echo
min_time=0.2
[ "$quick" = 1 ] && min_time=0.02
echo "Load before: $(load). LibTorch on ${WN_BENCH_THREADS:-1} intra-op thread(s) (WN_BENCH_THREADS), the reference single-threaded; --benchmark_min_time=${min_time}."
echo
build/benchmarks/wn_benchmarks --benchmark_min_time="$min_time" --benchmark_format=json \
  --benchmark_out="$out/benchmarks.json" --benchmark_out_format=json >/dev/null 2>"$out/benchmarks.stderr"
# The 2x goal's four cases once more, alone and repeated: one pass over
# every case moves a ratio by up to 15% (benchmarks/README.md), so the goal
# is judged on medians of 5, the repetitions of reference and LibTorch
# interleaved at random in one run (so a drift in the machine's speed falls
# on both).
goal_reps=5
[ "$quick" = 1 ] && goal_reps=2
build/benchmarks/wn_benchmarks --benchmark_filter='^weight_norm/.*/fused_(dim0|last)/1048576$' \
  --benchmark_min_time=0.5 --benchmark_repetitions="$goal_reps" --benchmark_report_aggregates_only=true \
  --benchmark_enable_random_interleaving=true --benchmark_format=json --benchmark_out="$out/benchmarks-goal.json" --benchmark_out_format=json \
  >/dev/null 2>>"$out/benchmarks.stderr"
"$PY" scripts/figures/benchmark_table.py "$out/benchmarks.json" "$out/benchmarks-goal.json"
echo "Load after: $(load)."
echo

if [ "$instructions" = 1 ]; then
  echo "## Instructions per weight_norm call at 10^6 elements (callgrind)"
  echo
  bash scripts/figures/instructions.sh
  echo
fi

echo "## Property families: cases per second"
echo
echo "Load before: $(load)."
echo
echo "| family | cases | seconds | cases/s |"
echo "|---|---:|---:|---:|"
for exe in build/properties/wn_properties_*; do
  [ -x "$exe" ] || continue
  family=${exe##*/wn_properties_}
  reports="$out/reports-$family"
  rm -rf "$reports"
  start=$(now)
  WN_REPORT_DIR="$reports" "$exe" >"$out/$family.log" 2>&1 || echo "($family had failures: $out/$family.log)" >&2
  end=$(now)
  "$PY" scripts/figures/cases_per_second.py "$family" "$reports" "$(elapsed "$start" "$end")"
done
echo
echo "(Each family runs as one process here; ctest starts one process per property, which adds LibTorch's start-up to each.)"
echo

echo "## Test suite wall time"
echo
start=$(now)
ctest --test-dir build -j "$(nproc)" >"$out/ctest.log" 2>&1 || echo "(ctest had failures: $out/ctest.log)"
end=$(now)
echo "Default suite (ctest -j$(nproc), $(grep -E 'tests passed' "$out/ctest.log" | tail -1)): $(elapsed "$start" "$end") s wall; load after: $(load). Goal (issue 13): under 60 s."
if [ "$long" = 1 ]; then
  start=$(now)
  RC_PARAMS="max_success=10000" ctest --test-dir build -j "$(nproc)" -L properties >"$out/ctest-long.log" 2>&1 \
    || echo "(long run had failures: $out/ctest-long.log)"
  end=$(now)
  echo "Long run (RC_PARAMS=\"max_success=10000\" ctest -L properties): $(elapsed "$start" "$end") s wall; load after: $(load)."
fi
