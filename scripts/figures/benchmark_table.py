"""Prints the Google Benchmark JSON of wn_benchmarks as Markdown tables: per
operation (forward, then weight_norm_backward) and dtype, the reference's and
LibTorch's time per call for each layout and size, and their ratio. Then issue
13's goal: the reference within 2x LibTorch's fused kernel at 10^6 elements
(weight_norm, float32 and float64, dim 0 and last dim), from GOAL_FILE when
given (a run of just those cases with repetitions: their medians), and the
backward's ratios at 10^6 elements. Usage:
benchmark_table.py FILE [GOAL_FILE]"""
import json
import sys

GOAL = 2.0  # issue 13: within 2x of LibTorch's fused kernel


def load(path):
    """(op, dtype, layout, n) -> {impl: ns}, and the repetitions behind each
    time (1 for a plain run; with aggregates, the medians are used)."""
    times, reps = {}, 1
    benchmarks = json.load(open(path))["benchmarks"]
    aggregated = any(b.get("run_type") == "aggregate" for b in benchmarks)
    for b in benchmarks:
        if aggregated and b.get("aggregate_name") != "median":
            continue
        op, impl, dtype, layout, n = b["name"].split("/")[:5]
        n = n.split("_")[0]  # "1048576_median"
        unit = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
        times.setdefault((op, dtype, layout, int(n)), {})[impl] = b["real_time"] * unit
        reps = max(reps, int(b.get("repetitions", 1)))
    return times, reps


times, _ = load(sys.argv[1])
goal_times, goal_reps = load(sys.argv[2]) if len(sys.argv) > 2 else (times, 1)


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
           if {"reference", "libtorch"} <= set(goal_times.get(("weight_norm", dtype, layout, 1048576), {}))]
if forward:
    how = (f"medians of {goal_reps} repetitions, both sides in one run" if goal_reps > 1
           else "one measurement each, from the tables above")
    print(f"Goal (issue 13): the reference within {GOAL:g}x LibTorch's fused kernel at 10^6 elements "
          f"(weight_norm; {how}):\n")
    print("| dtype | layout | reference | LibTorch | ratio | goal |")
    print("|---|---|---:|---:|---:|---|")
    for dtype, layout in forward:
        t = goal_times[("weight_norm", dtype, layout, 1048576)]
        r = t["reference"] / t["libtorch"]
        print(f"| {dtype} | {layout} | {fmt(t['reference'])} | {fmt(t['libtorch'])} | {r:.2f}x | "
              f"{'met' if r <= GOAL else 'not met'} |")
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
