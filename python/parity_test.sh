#!/bin/sh
# Parity with PyTorch's Python API: record golden vectors with
# python/record_vectors.py (torch.nn.utils.weight_norm on real modules, the
# functional calls, gradients and an SGD step), then replay them against an
# implementation with wn-oracle check.
# Usage: parity_test.sh WN_ORACLE OUT_FILE IMPLEMENTATION
# Exit 77 (reported SKIPPED by CTest) when /usr/bin/python3 cannot import torch.
set -u
oracle=$1 out=$2 impl=$3
here=$(dirname "$0")
if [ ! -x /usr/bin/python3 ]; then
  echo "SKIPPED: /usr/bin/python3 does not exist (python3-torch is a Debian package for it)"
  exit 77
fi
/usr/bin/python3 "$here/record_vectors.py" --seed 3 --out "$out"
rc=$?
if [ "$rc" -eq 77 ]; then
  echo "SKIPPED: python3-torch is not importable by /usr/bin/python3"
  exit 77
fi
[ "$rc" -eq 0 ] || { echo "record_vectors.py failed (exit $rc)"; exit "$rc"; }
exec "$oracle" check --implementation "$impl" "$out"
