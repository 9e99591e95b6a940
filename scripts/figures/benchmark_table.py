"""Prints the Google Benchmark JSON of wn_benchmarks as Markdown tables: per
operation (forward, then weight_norm_backward) and dtype, the reference's and
LibTorch's time per call for each layout and size, and their ratio. Then the
issue's goal: the reference within 3x LibTorch's fused path at 10^6 elements
(forward), and the backward's ratios at 10^6 elements. Usage:
benchmark_table.py FILE"""
import json
import sys

data = json.load(open(sys.argv[1]))
times = {}  # (op, dtype, layout, n) -> {impl: ns}
for b in data["benchmarks"]:
    op, impl, dtype, layout, n = b["name"].split("/")[:5]
    unit = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
    times.setdefault((op, dtype, layout, int(n)), {})[impl] = b["real_time"] * unit


LAYOUTS = ("fused_dim0", "fused_last", "composite_middle", "composite_none")


def fmt(ns):
    if ns is None:
        return "-"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} us"
    return f"{ns:.0f} ns"


# Forward first, then the backward; any other operation after them.
ORDER = ["weight_norm", "norm_except_dim", "weight_norm_backward"]
ops = {k[0] for k in times}
for op in [o for o in ORDER if o in ops] + sorted(ops - set(ORDER)):
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

forward = [(dtype, layout) for dtype in ("float32", "float64") for layout in ("fused_dim0", "fused_last")
           if {"reference", "libtorch"} <= set(times.get(("weight_norm", dtype, layout, 1048576), {}))]
if forward:
    print("Goal: the reference within 3x LibTorch's fused path at 10^6 elements (weight_norm):\n")
    for dtype, layout in forward:
        t = times[("weight_norm", dtype, layout, 1048576)]
        r = t["reference"] / t["libtorch"]
        print(f"- {dtype} {layout}: {r:.2f}x ({'met' if r <= 3 else 'not met'})")
    print()

backward = [(dtype, layout) for dtype in ("float32", "float64") for layout in LAYOUTS
            if {"reference", "libtorch"} <= set(times.get(("weight_norm_backward", dtype, layout, 1048576), {}))]
if backward:
    print("Backward at 10^6 elements (no goal set): the reference, which recomputes the norms, against LibTorch's")
    print("fused kernel given the forward's saved norms (dim 0, last dim) or its autograd over the composite path:\n")
    for dtype, layout in backward:
        t = times[("weight_norm_backward", dtype, layout, 1048576)]
        print(f"- {dtype} {layout}: {t['reference'] / t['libtorch']:.2f}x")
    print()
