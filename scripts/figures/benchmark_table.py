"""Prints the Google Benchmark JSON of wn_benchmarks as Markdown tables: per
operation and dtype, the reference's and LibTorch's time per call for each
layout and size, and their ratio. Then the issue's goal: the reference within
3x LibTorch's fused path at 10^6 elements. Usage: benchmark_table.py FILE"""
import json
import sys

data = json.load(open(sys.argv[1]))
times = {}  # (op, dtype, layout, n) -> {impl: ns}
for b in data["benchmarks"]:
    op, impl, dtype, layout, n = b["name"].split("/")[:5]
    unit = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
    times.setdefault((op, dtype, layout, int(n)), {})[impl] = b["real_time"] * unit


def fmt(ns):
    if ns is None:
        return "-"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} us"
    return f"{ns:.0f} ns"


for op in sorted({k[0] for k in times}, reverse=True):
    for dtype in sorted({k[1] for k in times if k[0] == op}):
        print(f"### {op}, {dtype}\n")
        print("| layout | elements | reference | LibTorch | reference / LibTorch |")
        print("|---|---:|---:|---:|---:|")
        for key in sorted(k for k in times if k[0] == op and k[1] == dtype):
            t = times[key]
            ref, lt = t.get("reference"), t.get("libtorch")
            ratio = f"{ref / lt:.2f}x" if ref and lt else "-"
            print(f"| {key[2]} | {key[3]} | {fmt(ref)} | {fmt(lt)} | {ratio} |")
        print()

print("Goal: the reference within 3x LibTorch's fused path at 10^6 elements (weight_norm):\n")
for dtype in ("float32", "float64"):
    for layout in ("fused_dim0", "fused_last"):
        t = times.get(("weight_norm", dtype, layout, 1048576), {})
        if "reference" in t and "libtorch" in t:
            r = t["reference"] / t["libtorch"]
            print(f"- {dtype} {layout}: {r:.2f}x ({'met' if r <= 3 else 'not met'})")
print()
