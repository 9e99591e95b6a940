#!/usr/bin/env bash
# The regression oracle across LibTorch versions (issue 12):
#   bash scripts/matrix.sh [--prepare] [bookworm|trixie|sid ...]   (default: all three)
# bookworm is the host build (build/); trixie and sid are debootstrap chroots
# under build/matrix/chroots/, created once and reused, in which the project is
# built against that suite's LibTorch. For each version: the property suite,
# the Python, module and upstream-report checks (ctest -L "python|module|upstream", against that
# suite's python3-torch and LibTorch),
# `wn-oracle record`; then every version's vectors are checked against every
# build, and `wn-oracle matrix` prints one table (clauses, deviations,
# operations) and writes build/matrix/matrix.json (`wn-oracle matrix-report
# build/matrix/matrix.json` renders it again).
# Resumable: each finished step leaves a stamp in build/matrix/stamps/ and is
# skipped next time (delete the stamp, or build/matrix/, to redo it); a suite
# built from another tree (commit or uncommitted change) is rebuilt and re-run.
# --prepare: only create the chroots and install their packages (downloads).
# Needs root (debootstrap, chroot, mount). Builds and tests run under cpulock
# when it exists (a shared machine).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/build/matrix
stamps=$out/stamps
mkdir -p "$stamps"

prepare_only=0
suites=()
for a in "$@"; do
  case $a in
    --prepare) prepare_only=1 ;;
    bookworm|trixie|sid) suites+=("$a") ;;
    *) echo "matrix: unknown argument '$a' (expected --prepare, bookworm, trixie or sid)" >&2; exit 2 ;;
  esac
done
# Always oldest first: the first version is the matrix's baseline.
ordered=()
for s in bookworm trixie sid; do
  for a in "${suites[@]}"; do [ "$a" = "$s" ] && { ordered+=("$s"); break; }; done
done
[ ${#ordered[@]} -eq 0 ] && ordered=(bookworm trixie sid)
suites=("${ordered[@]}")

lock=()
command -v cpulock >/dev/null && lock=(cpulock)
start=$SECONDS
say() { printf '[matrix %4ds] %s\n' $((SECONDS - start)) "$*"; }

# step NAME CMD...: runs CMD once; a stamp marks it done.
step() {
  local name=$1; shift
  if [ -f "$stamps/$name" ]; then say "$name: done before, skipped"; return; fi
  say "$name: running"
  local t=$SECONDS
  "$@"
  # The build's stamp names the tree it built (see tree_id below).
  if [[ $name == *.build ]]; then echo "$tree_id" >"$stamps/$name"; else touch "$stamps/$name"; fi
  say "$name: finished in $((SECONDS - t))s"
}

# The host's Debian mirror (deb822 or one-line sources), for the chroots.
host_mirror() {
  local m
  m=$(grep -hoE '^URIs: *http[^ ]*/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 | sed 's/^URIs: *//')
  [ -n "$m" ] || m=$(grep -hoE '^deb +http[^ ]*/debian/? ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n1 | awk '{print $2}')
  [ -n "$m" ] || m=http://deb.debian.org/debian
  echo "${m%/}"
}

# ---- chroots ---------------------------------------------------------------
mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount -l "${mounted[$i]}" 2>/dev/null || true
  done
  mounted=()
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

chroot_dir() { echo "$out/chroots/$1"; }

mount_once() { # mount_once TARGET ARGS...
  local target=$1; shift
  mountpoint -q "$target" && return
  mount "$@" "$target"
  mounted+=("$target")
}

enter() { # enter SUITE: mounts proc, /dev and build/matrix at /matrix
  local dir; dir=$(chroot_dir "$1")
  mkdir -p "$dir/matrix"
  mount_once "$dir/proc" -t proc proc
  mount_once "$dir/dev" --bind /dev
  mount_once "$dir/matrix" --bind "$out"
}

in_chroot() { # in_chroot SUITE CMD...: a clean environment inside the chroot
  local suite=$1; shift
  enter "$suite"
  chroot "$(chroot_dir "$suite")" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root LC_ALL=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"
}

make_chroot() {
  local suite=$1 dir mirror
  dir=$(chroot_dir "$suite"); mirror=$(host_mirror)
  command -v debootstrap >/dev/null || apt-get install -y -qq --no-install-recommends debootstrap
  rm -rf "$dir"; mkdir -p "$dir"
  debootstrap --variant=minbase "$suite" "$dir" "$mirror"
  # The archive's Release files may be past their Valid-Until date.
  echo 'Acquire::Check-Valid-Until "false";' >"$dir/etc/apt/apt.conf.d/99matrix"
  echo "deb $mirror $suite main" >"$dir/etc/apt/sources.list"
}

chroot_packages() {
  local suite=$1 dir
  dir=$(chroot_dir "$suite")
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  # shellcheck source=packages.sh
  source "$root/scripts/packages.sh"
  in_chroot "$suite" apt-get update -qq
  in_chroot "$suite" apt-get install -y -qq --no-install-recommends "${packages[@]}" "${optional[@]}" python3 ccache
}

# ---- one version -----------------------------------------------------------
# The chroots build a snapshot of the work tree (build/matrix/src, refreshed
# at every run; unchanged files keep their times, so rebuilds are incremental),
# not the tree itself, which may be edited while a 30-minute build runs.
snapshot() {
  mkdir -p "$out/src"
  tar -C "$root" --exclude=./build --exclude=./.git -cf - . | tar -C "$out/src" -xpf -
  # Files removed from the tree go from the snapshot too (the docs glob spec/*.md).
  (cd "$out/src" && find . -type f) | while IFS= read -r f; do
    [ -e "$root/$f" ] || rm -f "$out/src/$f"
  done
}
# Paths as the build sees them: the host's tree, or /matrix inside a chroot.
build_dir() { [ "$1" = bookworm ] && echo "$root/build" || echo "/matrix/build-$1"; }
src_dir() { [ "$1" = bookworm ] && echo "$root" || echo /matrix/src; }
results() { [ "$1" = bookworm ] && echo "$out/$1" || echo "/matrix/$1"; }

# run_for [--lock] SUITE CMD...: on the host or in the suite's chroot, in a
# clean environment; --lock holds the CPU lock (taken outside the chroot).
run_for() {
  local pre=()
  [ "$1" = --lock ] && { pre=("${lock[@]}"); shift; }
  local suite=$1; shift
  if [ "$suite" = bookworm ]; then
    "${pre[@]}" env -i PATH=/usr/bin:/bin HOME="$HOME" LC_ALL=C.UTF-8 "$@"
  else
    enter "$suite"
    # UCX_HANDLE_ERRORS=none: the newer LibTorch pulls in UCX (libucs, via
    # OpenMPI), whose handler prints a backtrace for each SIGFPE that the
    # recorder provokes on purpose in a child process (DEV-6).
    "${pre[@]}" chroot "$(chroot_dir "$suite")" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root LC_ALL=C.UTF-8 \
      CCACHE_DIR="/matrix/ccache-$suite" UCX_HANDLE_ERRORS=none "$@"
  fi
}

build_version() {
  local s=$1 b; b=$(build_dir "$s")
  if [ "$s" = bookworm ]; then
    "${lock[@]}" bash scripts/build.sh
  else
    # ccache (the chroot's own, build/matrix/ccache-SUITE) makes rebuilds after a fix quick.
    run_for --lock "$s" cmake -S "$(src_dir "$s")" -B "$b" -G Ninja -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
    run_for --lock "$s" cmake --build "$b" --parallel 2
  fi
  # The docs too: each Doxygen version has its own warnings (errors here).
  run_for --lock "$s" cmake --build "$b" --target docs >"$out/$s-docs.log" 2>&1 ||
    { tail -n 20 "$out/$s-docs.log" >&2; echo "matrix: $s: the docs build failed" >&2; return 1; }
}

properties_version() {
  local s=$1 b r; b=$(build_dir "$s"); r=$(results "$s")
  mkdir -p "$out/$s"
  # A failing clause is a result, not a failure of the matrix: the table shows it.
  run_for --lock "$s" "$b/oracle/wn-oracle" run --report-dir "$r/reports" --json "$r/clauses.json" \
    >"$out/$s/run.log" 2>&1 || say "$s: the property suite reports failures (see $out/$s/run.log)"
  run_for "$s" "$b/oracle/wn-oracle" version >"$out/$s/version.txt"
  run_for "$s" dpkg-query -W libtorch-dev g++ cmake doxygen nlohmann-json3-dev python3-torch \
    >"$out/$s/packages.txt" 2>/dev/null || true
}

record_version() {
  local s=$1 b r; b=$(build_dir "$s"); r=$(results "$s")
  run_for --lock "$s" "$b/oracle/wn-oracle" record --out "$r/vectors.json"
}

python_version() { # the Python checks against that suite's python3-torch (module forms, source claims)
  local s=$1 b r; b=$(build_dir "$s"); r=$(results "$s")
  # The source claims' observations are kept for recording in
  # properties/python/source_claims.json (a version without a record skips).
  run_for "$s" /usr/bin/python3 "$(src_dir "$s")/properties/python/source_claims_test.py" --json "$r/claims.json" \
    >"$out/$s/claims.log" 2>&1 || true
  local since="$out/$s/python.started" reports="$out/$s/reports-checks" built
  built=$( [ "$s" = bookworm ] && echo "$b" || echo "$out/build-$s")  # $b as the host sees it
  touch "$since"
  run_for --lock "$s" ctest --test-dir "$b" -L "python|module|upstream" --output-on-failure >"$out/$s/python.log" 2>&1 ||
    say "$s: Python checks report failures (see $out/$s/python.log)"
  # Their reports (written where the build's CTest points, WN_REPORT_DIR)
  # join the property suite's in the clause table: only those of this step.
  rm -rf "$reports"; mkdir -p "$reports"
  [ -d "$built/reports" ] && find "$built/reports" -maxdepth 1 -name "*.json" -newer "$since" -exec cp {} "$reports/" \;
  local dirs=() d
  for d in "$out/$s/reports"/*/; do dirs+=("$(results "$s")/reports/$(basename "$d")"); done
  compgen -G "$reports/*.json" >/dev/null && dirs+=("$(results "$s")/reports-checks")
  run_for "$s" "$b/oracle/wn-oracle" merge "${dirs[@]}" \
    --json "$(results "$s")/clauses.json" >"$out/$s/clauses.txt" 2>&1 ||
    say "$s: the merged clause table reports failures (see $out/$s/clauses.txt)"
  say "$s: $(grep -E 'tests passed|tests failed' "$out/$s/python.log" | tail -n 1)"
}

check_pair() { # check_pair BUILD VECTORS: BUILD's LibTorch replays VECTORS' file
  local s=$1 v=$2 b r; b=$(build_dir "$s"); r=$(results "$s")
  run_for --lock "$s" "$b/oracle/wn-oracle" check "$(dirname "$r")/$v/vectors.json" \
    --json "$r/check-$v.json" >"$out/$s/check-$v.log" 2>&1 || say "$s checking $v's vectors: differences (see $out/$s/check-$v.log)"
}

for s in "${suites[@]}"; do
  if [ "$s" != bookworm ]; then
    step "$s.chroot" make_chroot "$s"
    step "$s.packages" chroot_packages "$s"
  fi
done
[ $prepare_only = 1 ] && { say "chroots prepared: ${suites[*]}"; exit 0; }

snapshot
# A suite's results are those of the tree it was built from: when the tree
# (commit and uncommitted changes) differs from the one its build stamp
# names, that suite's build and every later step run again.
tree_id=$( (git rev-parse HEAD 2>/dev/null; git diff HEAD 2>/dev/null) | sha1sum | cut -c1-12)
for s in "${suites[@]}"; do
  mkdir -p "$out/$s"
  if [ -f "$stamps/$s.build" ] && [ "$(cat "$stamps/$s.build")" != "$tree_id" ]; then
    say "$s: the tree changed since its build; its steps run again"
    rm -f "$stamps/$s".{build,properties,record,python} "$stamps/$s".check-* "$stamps"/*.check-"$s"
  fi
  step "$s.build" build_version "$s"
  step "$s.properties" properties_version "$s"
  step "$s.record" record_version "$s"
  step "$s.python" python_version "$s"
done
for s in "${suites[@]}"; do
  for v in "${suites[@]}"; do step "$s.check-$v" check_pair "$s" "$v"; done
done

args=()
for s in "${suites[@]}"; do args+=(--version "$s=$out/$s"); done
say "report"
# The table is rendered by the host's wn-oracle (bookworm's build).
[ -x build/oracle/wn-oracle ] || "${lock[@]}" bash scripts/build.sh
set +e
build/oracle/wn-oracle matrix "${args[@]}" --json "$out/matrix.json" | tee "$out/matrix.txt"
status=${PIPESTATUS[0]}
set -e
for s in "${suites[@]}"; do
  [ -f "$out/$s/claims.log" ] && say "$s source claims: $(tail -n 1 "$out/$s/claims.log")"
done
say "done: $out/matrix.json (render again: build/oracle/wn-oracle matrix-report $out/matrix.json)"
exit $status
