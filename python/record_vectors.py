#!/usr/bin/python3
"""Golden vectors from PyTorch's Python API, in the format of
spec/16-vector-format.md (VEC-1 .. VEC-6), for `wn-oracle check`.

Records, for float32 and float64:
- torch.nn.utils.weight_norm on real modules (Linear, Conv1d, Conv2d) with
  dim 0, 1, -1 and None: registration (decompose), the weight the forward
  pre-hook computes (compose), the gradients of L = <grad_w, weight> (backward),
  the Hessian-vector product of L (backward_directional), one SGD step on
  (g, v) (optimizer_step), and remove_weight_norm after the step (remove);
- the functional calls torch.norm_except_dim (p = 2, 0, 1, 3) and
  torch._weight_norm.

Usage: /usr/bin/python3 python/record_vectors.py [--seed N] [--out FILE]
Exit status 77 when torch cannot be imported (the CTest test is then
reported as skipped, not passed).
"""
import argparse
import json
import math
import os
import sys

from vector_text import hexf, tensor_json

SKIP = 77

try:
    import torch
except ImportError as e:  # python3-torch missing: say so, and let CTest skip
    print(f"record_vectors.py: SKIPPED: torch is not importable ({e})", file=sys.stderr)
    sys.exit(SKIP)

FORMAT = "weightnorm-oracle-vectors"
FORMAT_VERSION = 1
# The documented deviations of LibTorch 1.13 (spec/12-deviations.md), as the
# C++ LibTorch adapter declares them: a case citing one may differ when replayed
# by an implementation without it (VEC-7). DEV-7: the fused path's (dim 0 and
# the last dim) double backward holds ||v|| constant.
LIBTORCH_DEVIATIONS = ["DEV-1", "DEV-2", "DEV-3", "DEV-4", "DEV-5", "DEV-6", "DEV-7"]


def slice_length(shape, dim):
    numel = math.prod(shape)
    if dim is None or dim == -1:
        return numel
    return numel // shape[dim % len(shape)]


class Recorder:
    def __init__(self):
        self.cases = []

    def add(self, op, clauses, dim, inputs, outputs, dtype, n, pow_=2, lr=None):
        case = {"id": f"{op}/{len(self.cases)}", "operation": op, "clauses": clauses, "dim": dim}
        if op == "norm_except_dim":
            case["pow"] = pow_
        if op == "optimizer_step":
            case["lr"] = hexf(lr)
        case["inputs"] = {k: tensor_json(v) for k, v in inputs.items()}
        case["expect"] = "value"
        case["outputs"] = {k: tensor_json(v) for k, v in outputs.items()}
        # No tolerance: `wn-oracle check` applies the spec's rule to every case
        # (VEC-6), so this recorder and `wn-oracle record` cannot drift apart.
        self.cases.append(case)


def ordinary(shape, dtype, gen):
    """|x| in [2^-3, 2^4), random sign: the Ordinary regime."""
    m = 1 + torch.rand(shape, generator=gen, dtype=torch.float64)
    e = torch.randint(-3, 4, shape, generator=gen).double()
    s = torch.randint(0, 2, shape, generator=gen).double() * 2 - 1
    return (m * torch.pow(2.0, e) * s).to(dtype)


def record_module(rec, make, x_shape, dim, dtype, gen):
    m = make().to(dtype)
    with torch.no_grad():
        m.weight.copy_(ordinary(m.weight.shape, dtype, gen))
    weight = m.weight.detach().clone()
    n = slice_length(list(weight.shape), dim)
    torch.nn.utils.weight_norm(m, name="weight", dim=dim)
    rec.add("decompose", ["DEC-1", "DEC-2"], dim, {"weight": weight},
            {"g": m.weight_g, "v": m.weight_v}, dtype, n)
    # A change to g and v, then the weight the forward pre-hook computes.
    with torch.no_grad():
        m.weight_g.copy_(ordinary(m.weight_g.shape, dtype, gen))
        m.weight_v.mul_(1.5)
    g, v = m.weight_g.detach().clone(), m.weight_v.detach().clone()
    x = ordinary(x_shape, dtype, gen)
    m(x)
    rec.add("compose", ["COMP-1", "DEF-1"], dim, {"v": v, "g": g}, {"w": m.weight}, dtype, n)
    # Gradients of L = <grad_w, weight>, through the module's own parameters.
    grad_w = ordinary(weight.shape, dtype, gen)
    m(x)
    loss = (grad_w * m.weight).sum()
    grad_v, grad_g = torch.autograd.grad(loss, (m.weight_v, m.weight_g), create_graph=True)
    rec.add("backward", ["COMP-1"], dim, {"grad_w": grad_w, "v": v, "g": g},
            {"grad_v": grad_v, "grad_g": grad_g}, dtype, n)
    dv, dg = ordinary(v.shape, dtype, gen), ordinary(g.shape, dtype, gen)
    hv_v, hv_g = torch.autograd.grad((grad_v * dv).sum() + (grad_g * dg).sum(), (m.weight_v, m.weight_g))
    fused = dim is not None and dim != -1 and dim % weight.dim() in (0, weight.dim() - 1)
    rec.add("backward_directional", ["COMP-1"] + (["DEV-7"] if fused else []), dim, {"grad_w": grad_w, "v": v, "g": g, "dv": dv, "dg": dg},
            {"grad_v": hv_v, "grad_g": hv_g}, dtype, n)
    # One SGD step on (g, v) for L, then the weight.
    lr = 0.125
    opt = torch.optim.SGD([m.weight_g, m.weight_v], lr=lr)
    opt.zero_grad()
    m(x)
    (grad_w * m.weight).sum().backward()
    opt.step()
    m(x)
    rec.add("optimizer_step", ["REM-1"], dim, {"grad_w": grad_w, "v": v, "g": g},
            {"v": m.weight_v, "g": m.weight_g, "weight": m.weight}, dtype, n, lr=lr)
    # remove_weight_norm: the weight from the current g and v.
    g2, v2 = m.weight_g.detach().clone(), m.weight_v.detach().clone()
    torch.nn.utils.remove_weight_norm(m, name="weight")
    rec.add("remove", ["REM-1"], dim, {"g": g2, "v": v2}, {"weight": m.weight}, dtype, n)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="python-vectors.json")
    args = ap.parse_args()
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(args.seed)
    rec = Recorder()
    modules = [
        ("Linear", lambda: torch.nn.Linear(5, 3), (2, 5)),
        ("Conv1d", lambda: torch.nn.Conv1d(2, 3, 3), (1, 2, 6)),
        ("Conv2d", lambda: torch.nn.Conv2d(2, 3, (2, 2)), (1, 2, 4, 4)),
    ]
    for dtype in (torch.float32, torch.float64):
        for _, make, x_shape in modules:
            for dim in (0, 1, -1, None):
                record_module(rec, make, x_shape, dim, dtype, gen)
        # The functional calls.
        for shape in ((7,), (3, 4), (2, 3, 4)):
            for dim in [None, -1] + list(range(len(shape))) + list(range(-len(shape), -1)):
                v = ordinary(shape, dtype, gen)
                n = slice_length(list(shape), dim)
                enc = -1 if dim is None else dim  # LibTorch's encoding of none (DIM-3)
                for p in (2, 0, 1, 3):
                    rec.add("norm_except_dim", ["NORM-1" if enc == -1 else "NORM-2", "NORM-3"], dim, {"v": v},
                            {"norm": torch.norm_except_dim(v, p, enc)}, dtype, n, pow_=p)
                g = ordinary(list(torch.norm_except_dim(v, 2, enc).shape), dtype, gen)
                rec.add("compose", ["COMP-1"], dim, {"v": v, "g": g}, {"w": torch._weight_norm(v, g, enc)}, dtype, n)
    doc = {"format": FORMAT, "format_version": FORMAT_VERSION,
           "producer": {"name": "python/record_vectors.py", "implementation": "torch (Python)",
                        "version": f"PyTorch {torch.__version__} (Python {sys.version.split()[0]})",
                        "deviations": LIBTORCH_DEVIATIONS},
           "seed": args.seed, "skipped": [], "cases": rec.cases}
    tmp = args.out + ".partial"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1)
    os.replace(tmp, args.out)
    print(f"Wrote {len(rec.cases)} cases to {args.out} from PyTorch {torch.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
