#!/usr/bin/python3
"""Tests of the property harness itself (issue 10, section 6), run by CTest.

  replay       a failing property's printed re-run commands fail the same way
  determinism  same seed, same cases, same report: run to run and with LibTorch
               on 1 and on 2 intra-op threads
  shards       GoogleTest shards, each with seeds derived from WN_SEED, merged
               by `wn-oracle merge`, give the unsharded run's table cell for cell

Exit 0 when the check held, 1 when it did not (the message says why).
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

# Variables that change which cases run or how: each test sets what it needs.
HARNESS_VARS = ("RC_PARAMS", "WN_SEED", "WN_IMPLEMENTATIONS", "WN_REPORT_DIR", "GTEST_TOTAL_SHARDS",
                "GTEST_SHARD_INDEX", "GTEST_FILTER", "OMP_NUM_THREADS")


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in HARNESS_VARS}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run(cmd, env, shell=False):
    p = subprocess.run(cmd, env=env, shell=shell, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=600)
    return p.returncode, p.stdout


def fail(message):
    print("FAILED: " + message)
    sys.exit(1)


FAILURE_BLOCK = re.compile(
    r"^(Property (\S+) \(clauses[^\n]*\) fails for [^\n]*)\n(.*?)\nSeed: (\d+)\n"
    r"Re-run this case alone:\n  ([^\n]+)\nRe-run the whole property with the same seed:\n  ([^\n]+)\n",
    re.S | re.M)


def failures(output):
    """Every failing property's report: name, the lines from the counterexample
    on (what failed and for which case), the seed, and the two re-run lines."""
    found = []
    for m in FAILURE_BLOCK.finditer(output):
        body = m.group(3)
        # "Falsified after N successful cases" counts the cases before the
        # failing one: a replay of that case alone runs none before it.
        counterexample = re.sub(r"^Falsified after \d+ successful cases[^\n]*\n", "", body)
        found.append({"property": m.group(2), "header": m.group(1), "body": body,
                      "counterexample": counterexample, "seed": m.group(4),
                      "case_alone": m.group(5), "whole": m.group(6)})
    return found


def replay(args):
    env = clean_env(WN_IMPLEMENTATIONS=args.implementation, WN_SEED=args.seed)
    rc, out = run([args.exe], env)
    found = failures(out)
    if rc == 0 or not found:
        fail(f"{args.exe} against {args.implementation} was expected to fail and print re-run commands "
             f"(exit {rc}, {len(found)} failure reports):\n{out}")
    for f in found:
        # The printed line alone must be enough: no WN_SEED, nothing inherited.
        for kind in ("case_alone", "whole"):
            rc2, out2 = run(f[kind], clean_env(), shell=True)
            again = [g for g in failures(out2) if g["property"] == f["property"]]
            if rc2 == 0 or len(again) != 1:
                fail(f"re-running {f['property']} with\n  {f[kind]}\nexited {rc2} with "
                     f"{len(again)} reports of that property:\n{out2}")
            g = again[0]
            if g["header"] != f["header"] or g["counterexample"] != f["counterexample"]:
                fail(f"re-running {f['property']} ({kind}) failed differently.\nFirst:\n{f['header']}\n"
                     f"{f['counterexample']}\nReplay:\n{g['header']}\n{g['counterexample']}")
            if kind == "whole" and (g["body"] != f["body"] or g["seed"] != f["seed"]):
                fail(f"re-running the whole of {f['property']} with its seed did not repeat its cases:\n"
                     f"{f['body']}\nSeed {f['seed']}\nReplay:\n{g['body']}\nSeed {g['seed']}")
        print(f"ok: {f['property']}: both printed re-run commands fail the same way")
    print(f"{len(found)} failing properties replayed")


def report_of(report_dir):
    """The JSON records of a run, keyed by (implementation, test). Nothing in
    them is run-specific (no timings; paths are the same executable's)."""
    records = {}
    for path in sorted(Path(report_dir).glob("*.json")):
        for r in json.loads(path.read_text())["results"]:
            key = (r["implementation"], r["test"])
            if key in records:
                fail(f"{key} reported twice in {report_dir}")
            records[key] = r
    if not records:
        fail(f"no report was written in {report_dir}")
    return records


def run_family(exe, report_dir, gtest_filter, **env):
    rc, out = run([exe], clean_env(WN_REPORT_DIR=report_dir, GTEST_FILTER=gtest_filter, **env))
    return rc, report_of(report_dir)


def compare_records(a, b, what):
    if a.keys() != b.keys():
        fail(f"{what}: different tests ran: {sorted(set(a) ^ set(b))}")
    for key in a:
        if a[key] != b[key]:
            diff = {k: (a[key].get(k), b[key].get(k)) for k in a[key] if a[key].get(k) != b[key].get(k)}
            fail(f"{what}: {key} differs: {json.dumps(diff, indent=1)}")


def determinism(args):
    with tempfile.TemporaryDirectory() as tmp:
        runs = {}
        for name, threads in (("first", 1), ("second", 1), ("two-threads", 2)):
            runs[name] = run_family(args.exe, f"{tmp}/{name}", args.filter, WN_IMPLEMENTATIONS=args.implementations,
                                    WN_SEED=args.seed, OMP_NUM_THREADS=threads)
        rc, first = runs["first"]
        failed = [k for k, r in first.items() if r["status"] == "failed"]
        if not failed:
            fail("no property failed: the comparison must include a failure's counterexample "
                 f"(add a mutant to --implementations; have {args.implementations})")
        for name in ("second", "two-threads"):
            if runs[name][0] != rc:
                fail(f"run '{name}' exited {runs[name][0]}, the first {rc}")
            compare_records(first, runs[name][1], f"first run vs {name}")
        print(f"ok: {len(first)} records (seeds, case counts, statuses, deviations, {len(failed)} failure "
              "messages with their counterexamples) identical in two runs and on 1 and 2 LibTorch threads")


def merged_table(oracle, dirs, out):
    rc, text = run([oracle, "merge", *dirs, "--json", out], clean_env())
    if rc not in (0, 1):
        fail(f"wn-oracle merge {' '.join(dirs)} exited {rc}:\n{text}")
    return rc, json.loads(Path(out).read_text())


def shards(args):
    n = args.shards
    common = dict(WN_IMPLEMENTATIONS=args.implementations, WN_SEED=args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        _, whole = run_family(args.exe, f"{tmp}/whole", args.filter, **common)
        parts = {}
        for i in range(n):
            _, part = run_family(args.exe, f"{tmp}/shard{i}", args.filter, GTEST_TOTAL_SHARDS=n, GTEST_SHARD_INDEX=i, **common)
            if not part or len(part) == len(whole):
                fail(f"shard {i} of {n} ran {len(part)} of the {len(whole)} tests: sharding did not split the run")
            overlap = parts.keys() & part.keys()
            if overlap:
                fail(f"shard {i} ran tests another shard ran: {sorted(overlap)}")
            parts.update(part)
        # Each test's record, seed included, does not depend on the shard that ran it.
        compare_records(whole, parts, f"unsharded run vs {n} shards")
        rc_whole, t_whole = merged_table(args.oracle, [f"{tmp}/whole"], f"{tmp}/whole.json")
        rc_parts, t_parts = merged_table(args.oracle, [f"{tmp}/shard{i}" for i in range(n)], f"{tmp}/merged.json")
        if rc_whole != rc_parts or t_whole != t_parts:
            fail(f"the merged table of {n} shards differs from the unsharded run's (exit {rc_parts} vs {rc_whole})")
        cells = sum(len(c["status"]) for c in t_whole["clauses"])
        print(f"ok: {n} shards ran {len(parts)} tests once each with the unsharded run's seeds; "
              f"merged table == unsharded table ({cells} cells)")

        # The base seed matters, and a bad one is an error naming it.
        _, other = run_family(args.exe, f"{tmp}/other-seed", args.filter, **dict(common, WN_SEED=int(args.seed) + 1))
        if any(other[k]["seed"] == whole[k]["seed"] for k in whole):
            fail("WN_SEED changed, yet some test kept its seed")
        rc, out = run([args.exe], clean_env(WN_IMPLEMENTATIONS=args.implementations, WN_SEED="12x",
                                            GTEST_FILTER=args.filter))
        if rc == 0 or 'WN_SEED is "12x"; expected a decimal integer' not in out:
            fail(f"WN_SEED=12x was accepted (exit {rc}) or not named:\n{out[-2000:]}")
        print("ok: another WN_SEED gives every test another seed; WN_SEED=12x is refused, named")


FILTER_HELP = "GTEST_FILTER of every run (the harness, not one property, is under test)"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("replay")
    p.add_argument("--exe", required=True)
    p.add_argument("--implementation", required=True, help="a failing one, e.g. mutant:abs-g")
    p.add_argument("--seed", default="7", help="WN_SEED of the first run (the re-run lines must not need it)")
    p.set_defaults(func=replay)
    p = sub.add_parser("determinism")
    p.add_argument("--exe", required=True)
    p.add_argument("--implementations", required=True, help="WN_IMPLEMENTATIONS, with a failing mutant")
    p.add_argument("--seed", default="11")
    p.add_argument("--filter", default="*", help=FILTER_HELP)
    p.set_defaults(func=determinism)
    p = sub.add_parser("shards")
    p.add_argument("--exe", required=True)
    p.add_argument("--oracle", required=True)
    p.add_argument("--implementations", required=True)
    p.add_argument("--shards", type=int, default=3)
    p.add_argument("--seed", default="5")
    p.add_argument("--filter", default="*", help=FILTER_HELP)
    p.set_defaults(func=shards)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
