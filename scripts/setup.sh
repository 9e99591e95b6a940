#!/usr/bin/env bash
# Installs the Debian packages weightnorm-oracle needs, only those missing.
# Safe to re-run: on a set-up machine it installs nothing and says so.
set -euo pipefail

source "$(dirname "$0")/packages.sh"
packages+=("${render_packages[@]}" "${sanitizer_packages[@]}")

missing=()
for p in "${packages[@]}" "${optional[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "setup: need root to install packages (run as root, or install: ${missing[*]})" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}"
# The optional ones may be missing from a mirror; the tests that need them say "skipped".
apt-get install -y -qq --no-install-recommends "${optional[@]}" || echo "setup: optional ${optional[*]} not installed"
