#!/usr/bin/env bash
# Longer fuzzing runs than CTest's bounded ones (label "fuzz").
#   bash scripts/fuzz.sh [seconds per target, default 300] [target...]
# Targets: fuzz_vector_file (the vector-file reader), fuzz_cli (wn-oracle's
# command-line parser); both by default. Builds the "asan" preset's targets,
# grows a corpus in build/asan/fuzz/corpus/<target> (seeded as in
# fuzz/CMakeLists.txt), saves any crash, hang (timeout-*) or unbounded
# allocation (oom-*) in build/asan/fuzz/findings/<target>/, and prints
# executions per second and what was found. Exit 1 when something was found.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(fuzz_vector_file fuzz_cli)
[ -f build/asan/build.ninja ] || cmake --preset asan >/dev/null
cmake --build build/asan --target "${targets[@]}" wn-oracle
found=0
for t in "${targets[@]}"; do
  corpus="build/asan/fuzz/corpus/$t" findings="build/asan/fuzz/findings/$t"
  mkdir -p "$corpus" "$findings"
  case "$t" in
    fuzz_vector_file)
      cp -n oracle/tests/vectors/*.json "$corpus"/
      [ -f build/asan/oracle/tests/reference-7.json ] ||
        build/asan/oracle/wn-oracle record --implementation reference --seed 7 \
          --out build/asan/oracle/tests/reference-7.json >/dev/null
      cp -n build/asan/oracle/tests/reference-7.json "$corpus"/
      extra=(-max_len=65536) ;;
    fuzz_cli) cp -n fuzz/seeds_cli/* "$corpus"/; extra=(-max_len=512 -close_fd_mask=3) ;;
    *) echo "fuzz.sh: argument 'target' is \"$t\"; expected fuzz_vector_file or fuzz_cli" >&2; exit 2 ;;
  esac
  before=$(ls "$findings" | wc -l)
  log="build/asan/fuzz/$t.log"
  echo "== $t: ${seconds} s, corpus $corpus"
  set +e
  "build/asan/fuzz/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$findings/" "${extra[@]}" "$corpus" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  after=$(ls "$findings" | wc -l)
  echo "   $execs executions, $rate per second, exit $rc, corpus $(ls "$corpus" | wc -l) inputs"
  if [ "$after" -gt "$before" ] || [ "$rc" -ne 0 ]; then
    found=1
    echo "   FOUND: $((after - before)) new input(s) in $findings (log: $log):"
    ls -t "$findings" | head -n $((after - before > 0 ? after - before : 1)) | sed 's/^/     /'
    grep -m3 -E "ERROR: |runtime error|threw " "$log" | sed 's/^/     /' || true
  else
    echo "   nothing found"
  fi
done
exit "$found"
