"""Fails unless every property test CTest knows turns GoogleTest's
"[  SKIPPED ]" into a CTest skip (SKIP_REGULAR_EXPRESSION) and has a timeout,
so a test that checked nothing never shows as passed.

Usage: check_skip_marking.py CTEST BUILD_DIR
"""
import json
import subprocess
import sys

ctest, build = sys.argv[1], sys.argv[2]
out = subprocess.run([ctest, "--test-dir", build, "--show-only=json-v1", "-L", "properties"],
                     check=True, capture_output=True, text=True).stdout
tests = json.loads(out)["tests"]
bad = []
for t in tests:
    props = {p["name"]: p["value"] for p in t.get("properties", [])}
    skip = props.get("SKIP_REGULAR_EXPRESSION", [])
    if not any("SKIPPED" in s for s in skip) or not props.get("TIMEOUT"):
        bad.append(t["name"])
print(f"{len(tests)} property tests, {len(bad)} without a skip expression or a timeout")
for name in bad[:20]:
    print("  " + name)
sys.exit(1 if bad or not tests else 0)
