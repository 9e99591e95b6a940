#!/usr/bin/env python3
"""Minimal reproduction of DEV-7 (docs/upstream/dev-7.md): the second
derivatives of torch._weight_norm are wrong on its fused path (dim 0 and the
last dim), right on the composite path (middle dims, None).

Prints one line per case and, last, one verdict line:
  "DEV-7 reproduced: ..."      exit 0 (this LibTorch has the bug)
  "DEV-7 NOT reproduced: ..."  exit 1 (fixed, or a different behaviour: read the lines above)
  "skipped: ..."               exit 77 (no torch)
Needs only torch (CPU, float64). Run: python3 dev7_repro.py
"""
import sys

try:
    import torch
    from torch.autograd import gradcheck, gradgradcheck
except ImportError as e:  # Debian: python3-torch, for /usr/bin/python3 only
    print(f"skipped: torch is not importable by {sys.executable} ({e})")
    sys.exit(77)


def hand_example(dim):
    """v = [[3, 4]], g = [[2]], G = [[1, 0]], direction dv = [[0, 1]], dg = 0:
    the directional derivative of grad_v. Right: (0.00512, 0.04416)."""
    if dim == 1:  # the last dim of a column: the same single slice
        v0, g0, G, dv = [[3.0], [4.0]], [[2.0]], [[1.0], [0.0]], [[0.0], [1.0]]
    else:
        v0, g0, G, dv = [[3.0, 4.0]], [[2.0]], [[1.0, 0.0]], [[0.0, 1.0]]
    v = torch.tensor(v0, dtype=torch.float64, requires_grad=True)
    g = torch.tensor(g0, dtype=torch.float64, requires_grad=True)
    w = torch._weight_norm(v, g, -1 if dim is None else dim)
    gv, gg = torch.autograd.grad(w, (v, g), torch.tensor(G, dtype=torch.float64), create_graph=True)
    hv, _ = torch.autograd.grad((gv, gg), (v, g), (torch.tensor(dv, dtype=torch.float64), torch.zeros_like(gg)))
    return [round(x, 5) for x in hv.flatten().tolist()]


def passes_gradgradcheck(shape, dim):
    torch.manual_seed(0)
    v = torch.randn(shape, dtype=torch.float64, requires_grad=True)
    gshape = [1] * len(shape)
    if dim is not None:
        gshape[dim] = shape[dim]
    g = torch.rand(gshape, dtype=torch.float64, requires_grad=True)
    f = lambda v, g: torch._weight_norm(v, g, -1 if dim is None else dim)
    first = gradcheck(f, (v, g), raise_exception=False)
    second = gradgradcheck(f, (v, g), raise_exception=False)
    return first, second


def penalty_gradients(fused, kind):
    """A tanh layer y = tanh(x W^T), W = weight norm of (v, g) with dim 0, fused
    (torch._weight_norm) or written out (v * g / ||v||). Returns the gradient
    of a penalty with respect to (v, g): on the input gradient (WGAN-GP), or on
    the parameter gradients (meta-learning, Hessian-vector products)."""
    torch.manual_seed(0)
    v = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
    g = (torch.rand(4, 1, dtype=torch.float64) + 0.5).requires_grad_()
    x = torch.randn(5, 3, dtype=torch.float64, requires_grad=True)
    w = torch._weight_norm(v, g, 0) if fused else v * (g / v.norm(dim=1, keepdim=True))
    y = torch.tanh(x @ w.t()).sum()
    if kind == "input":
        (gx,) = torch.autograd.grad(y, x, create_graph=True)
        penalty = (gx ** 2).sum()
    else:
        gv, gg = torch.autograd.grad(y, (v, g), create_graph=True)
        penalty = (gv ** 2).sum() + (gg ** 2).sum()
    return torch.autograd.grad(penalty, (v, g))


def main():
    print(f"torch {torch.__version__}")
    results = {}
    for name, shape, dim, fused in [("dim 0", (3, 4), 0, True), ("last dim", (3, 4), 1, True),
                                    ("middle dim", (2, 3, 4), 1, False), ("None", (3, 4), None, False)]:
        first, second = passes_gradgradcheck(shape, dim)
        results[name] = (fused, first, second)
        print(f"{name:10s} shape {shape}: gradcheck {'passes' if first else 'FAILS'}, "
              f"gradgradcheck {'passes' if second else 'FAILS'} ({'fused' if fused else 'composite'} path)")
    right = [0.00512, 0.04416]
    for dim in (0, 1, None):
        got = hand_example(dim)
        print(f"hand example, dim {dim}: d grad_v = {got} (right: {right})")
    differences = {}
    for kind in ("input", "parameters"):
        a, b = penalty_gradients(True, kind), penalty_gradients(False, kind)
        differences[kind] = max((a[0] - b[0]).abs().max().item(), (a[1] - b[1]).abs().max().item())
        print(f"penalty on the {kind} gradient: fused vs written-out weight norm differ by {differences[kind]:.3g}")
    bug = all(first and (second != fused) for fused, first, second in results.values())
    bug = bug and differences["input"] < 1e-12 and differences["parameters"] > 1e-3
    bug = bug and hand_example(0) == [-0.064, -0.048] and hand_example(None) == right
    if bug:
        print("DEV-7 reproduced: second derivatives wrong on the fused path (dim 0, last dim), right elsewhere")
        return 0
    print("DEV-7 NOT reproduced: this torch behaves differently from the report; see the lines above")
    return 1


if __name__ == "__main__":
    sys.exit(main())
