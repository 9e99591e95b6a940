#!/usr/bin/python3
"""Replays a golden vector file (spec/16-vector-format.md) against a Python
callable and judges it with `wn-oracle compare`: the same tolerance rule
(VEC-6), report and exit statuses as `wn-oracle check`.

Usage:
  check_vectors.py VECTORS.json --callable module:function [--callable OP=module:function ...]
                   [--oracle PATH_TO_wn-oracle] [--out ACTUAL.json] [--declare DEV-n ...] [--verbose]

Calling convention (one callable per operation; a bare module:function is
the compose callable):
  compose          fn(v, g, dim) -> w, mirroring torch._weight_norm(v, g, dim)
  norm_except_dim  fn(v, pow, dim) -> norm, mirroring torch.norm_except_dim(v, pow, dim)
  backward         fn(grad_w, v, g, dim) -> (grad_v, grad_g), the first derivatives
                   of L = <grad_w, _weight_norm(v, g, dim)> (spec GRAD-1, GRAD-2)
  backward_directional
                   fn(grad_w, v, g, dim, dv, dg) -> (grad_v, grad_g), the second
                   derivatives of L along (dv, dg) (spec GRAD-5)
The module is imported from the current directory or PYTHONPATH.
v, g are torch tensors of the case's dtype (float32 or float64) and shape;
dim is an int, and -1 means none (LibTorch's encoding, spec DIM-3), so a
case recorded with dim null is called with -1. The result may be anything
torch.as_tensor accepts; its dtype and shape are kept as returned (a wrong
dtype or shape is a difference, not corrected).

Every case gets exactly one result in the actual-outputs file (VEC-9):
  - an operation without a callable (decompose, remove, backward, ... unless
    given) is "unsupported": skipped, never a pass;
  - a callable raising NotImplementedError is "unsupported" for that case
    (a float32-only kernel raises it for float64);
  - a callable raising anything else is "error" (a rejection: it passes an
    error case, fails a value case, and the report shows the exception);
  - a result that is not a float32/float64 tensor is "error", saying so.
The callable runs in this process: one that crashes the interpreter ends
the run with that crash's status, never 0.

Exit status: wn-oracle compare's (0 every compared case matches, 1 a
difference, 2 bad input or usage, 3 nothing was checked); 77 when torch
(or the callable's module) cannot be imported because torch is missing,
so CTest reports the test skipped. torch is imported only when a callable
is about to be called: a file with nothing the callables provide needs
no torch.
"""
import argparse
import importlib
import json
import os
import shutil
import subprocess
import sys

from vector_text import tensor_json

SKIP = 77
USAGE = 2
VECTOR_FORMAT = "weightnorm-oracle-vectors"
ACTUAL_FORMAT = "weightnorm-oracle-actual-outputs"
ACTUAL_FORMAT_VERSION = 1
# The operations a callable can provide, and how it is called (see above).
CONVENTIONS = {
    "compose": (("w",), lambda fn, t, case: fn(t["v"], t["g"], lib_dim(case))),
    "norm_except_dim": (("norm",), lambda fn, t, case: fn(t["v"], case["pow"], lib_dim(case))),
    "backward": (("grad_v", "grad_g"), lambda fn, t, case: fn(t["grad_w"], t["v"], t["g"], lib_dim(case))),
    "backward_directional": (("grad_v", "grad_g"),
                             lambda fn, t, case: fn(t["grad_w"], t["v"], t["g"], lib_dim(case), t["dv"], t["dg"])),
}


def die(message, status=USAGE):
    print(f"check_vectors.py: {message}", file=sys.stderr)
    sys.exit(status)


def torch_missing(error):
    return isinstance(error, ImportError) and (getattr(error, "name", None) or "").split(".")[0] == "torch"


def skip_without_torch(error, what):
    print(f"check_vectors.py: SKIPPED: {what} needs torch, which is not importable "
          f"({error}); install python3-torch for /usr/bin/python3", file=sys.stderr)
    sys.exit(SKIP)


def lib_dim(case):
    return -1 if case["dim"] is None else case["dim"]


def load_callable(spec):
    """'module:attr.attr' -> (operation, name, function); 'OP=module:attr' names the operation."""
    op, _, target = spec.rpartition("=")
    op = op or "compose"
    if op not in CONVENTIONS:
        die(f"--callable {spec!r}: operation {op!r} has no calling convention; expected one of {', '.join(CONVENTIONS)}")
    module_name, _, attr = target.partition(":")
    # Modules are found as `python -m` finds them: the current directory, then PYTHONPATH.
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    if not module_name or not attr:
        die(f"--callable {spec!r}: expected module:function, e.g. torch:_weight_norm")
    try:
        obj = importlib.import_module(module_name)
    except ImportError as e:
        if torch_missing(e):
            skip_without_torch(e, f"the callable's module {module_name!r}")
        die(f"--callable {spec!r}: cannot import module {module_name!r}: {e}")
    for part in attr.split("."):
        if not hasattr(obj, part):
            die(f"--callable {spec!r}: module {module_name!r} has no attribute {attr!r}")
        obj = getattr(obj, part)
    if not callable(obj):
        die(f"--callable {spec!r}: {attr!r} is not callable")
    return op, target, obj


class Tensors:
    """Vector-file tensors to torch and back, importing torch on first use."""

    def __init__(self):
        self.torch = None

    def load(self):
        if self.torch is None:
            try:
                import torch
            except ImportError as e:
                skip_without_torch(e, "passing tensors to the callable")
            self.torch = torch
        return self.torch

    def to_torch(self, t):
        torch = self.load()
        values = [float.fromhex(x) for x in t["data"]]  # "nan", "inf" and "-inf" included
        return torch.tensor(values, dtype=torch.float64).to(getattr(torch, t["dtype"])).reshape(t["shape"])

    def to_json(self, result):
        """The callable's result as a VEC-4 tensor, or raises TypeError saying why it cannot be one."""
        return tensor_json(self.load().as_tensor(result))


def result_of(case, callables, tensors):
    """One case's VEC-9 result."""
    entry = callables.get(case["operation"])
    if entry is None:
        return {"id": case["id"], "result": "unsupported",
                "note": f"no callable for {case['operation']} (given: {', '.join(sorted(callables)) or 'none'})"}
    name, fn = entry
    outputs, call = CONVENTIONS[case["operation"]]
    inputs = {k: tensors.to_torch(t) for k, t in case["inputs"].items()}
    try:
        out = call(fn, inputs, case)
    except NotImplementedError as e:
        return {"id": case["id"], "result": "unsupported", "note": f"{name} raised NotImplementedError: {e}"}
    except Exception as e:  # the callable's rejection, reported with its type and message
        return {"id": case["id"], "result": "error", "note": f"{name} raised {type(e).__name__}: {e}"}
    if len(outputs) > 1:
        if not isinstance(out, (tuple, list)) or len(out) != len(outputs):
            return {"id": case["id"], "result": "error",
                    "note": f"{name} returned {type(out).__name__}, expected a sequence of {len(outputs)} tensors "
                            f"({', '.join(outputs)})"}
    else:
        out = (out,)
    try:
        return {"id": case["id"], "result": "value",
                "outputs": {o: tensors.to_json(x) for o, x in zip(outputs, out)}}
    except Exception as e:
        return {"id": case["id"], "result": "error", "note": f"{name} returned no float32 or float64 tensor: {e}"}


def find_oracle(given):
    if given:
        return given
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.path.join(here, "..", "build", "oracle", "wn-oracle"), shutil.which("wn-oracle")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    die("cannot find wn-oracle: pass --oracle PATH (it is build/oracle/wn-oracle after a build)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("vectors", help="vector file (spec/16-vector-format.md)")
    ap.add_argument("--callable", dest="callables", action="append", required=True,
                    metavar="[OP=]module:function", help="compose callable, or OP=module:function (repeatable)")
    ap.add_argument("--oracle", help="path of wn-oracle (default: build/oracle/wn-oracle, then PATH)")
    ap.add_argument("--out", help="where to write the actual-outputs file (default: VECTORS.actual.json beside it)")
    ap.add_argument("--declare", action="append", default=[], metavar="DEV-n",
                    help="a documented deviation (spec/12-deviations.md) the callable declares (repeatable)")
    ap.add_argument("--verbose", action="store_true", help="a report line for every case")
    args = ap.parse_args()

    oracle = find_oracle(args.oracle)
    callables = {}
    for spec in args.callables:
        op, name, fn = load_callable(spec)
        if op in callables:
            die(f"--callable {spec!r}: a second callable for {op}")
        callables[op] = (name, fn)
    tensors = Tensors()
    try:
        with open(args.vectors) as f:
            doc = json.load(f)
        if doc.get("format") != VECTOR_FORMAT:
            raise ValueError(f"format is {doc.get('format')!r}, expected {VECTOR_FORMAT!r}")
        results = [result_of(case, callables, tensors) for case in doc["cases"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        # wn-oracle's reader names the file, case, field and value in full
        # (VEC-8); it reads the vector file before the (here absent) outputs.
        print(f"check_vectors.py: {args.vectors} is not a readable vector file ({e!r}); wn-oracle says:", file=sys.stderr)
        sys.stdout.flush()
        return subprocess.call([oracle, "compare", args.vectors, os.devnull])
    version = f"Python {sys.version.split()[0]}"
    if tensors.torch is not None:
        version = f"PyTorch {tensors.torch.__version__} ({version})"
    names = ", ".join(f"{op}={name}" if op != "compose" else name for op, (name, _) in sorted(callables.items()))
    actual = {"format": ACTUAL_FORMAT, "format_version": ACTUAL_FORMAT_VERSION,
              "producer": {"name": "python/check_vectors.py", "implementation": names, "version": version,
                           "deviations": args.declare},
              "results": results}
    out = args.out or os.path.splitext(args.vectors)[0] + ".actual.json"
    tmp = out + ".partial"
    with open(tmp, "w") as f:
        json.dump(actual, f, indent=1)
    os.replace(tmp, out)
    command = [oracle, "compare", args.vectors, out] + (["--verbose"] if args.verbose else [])
    sys.stdout.flush()
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main())
