#!/usr/bin/env python3
"""Claims the spec makes from reading PyTorch's source (WeightNorm.cpp,
derivatives.yaml, weight_norm.py), measured on the PyTorch that
/usr/bin/python3 imports (issue 12: the spec checked against PyTorch's source).

Some answers depend on the version (float16 takes the fused kernel only since
PyTorch PR 148878), so the expected observations are recorded per PyTorch
minor version in source_claims.json beside this file, from measurements:
1.13 on the host, 2.6 and 2.14 in scripts/matrix.sh's chroots, which run this
file and keep each version's observations (build/matrix/SUITE/claims.json).

Each check is a function marked @checks("CLAUSE", ...) (read by the docs'
traceability scanner) comparing its observations with the recorded ones.
A version with no record is not checked: every check is reported skipped and
the observations are printed, to be recorded after review.

Usage: source_claims_test.py [--json OUT]   (OUT: this version's observations)
Exit status: 0 every check passes, 1 one fails, 77 (CTest's SKIP_RETURN_CODE)
torch is missing or this version has no record. The runner (report, lines,
skip) is clause_checks.py's, shared with the other Python checks.
"""
import json
import os
import sys

import clause_checks

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTATIONS = os.path.join(HERE, "source_claims.json")
# Each marked function returns its observations; main() turns it into a
# check of clause_checks' runner that compares them with the record.
checks = clause_checks.Checks()
torch = clause_checks.import_torch("source_claims")


def route(v, g, dim):
    """Which of _weight_norm's two paths ran, read off the result's grad_fn."""
    name = type(torch._weight_norm(v.detach().requires_grad_(), g.detach().requires_grad_(), dim).grad_fn).__name__
    return {"WeightNormInterfaceBackward0": "fused", "MulBackward0": "composite"}.get(name, name)


def error_type(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the type is the observation
        return type(e).__name__
    return "no error"


V = torch.tensor([[3.0, 4.0, 0.0], [1.0, 2.0, 2.0]])


@checks("COMP-1", "GRAD-7", "DEV-2", "DEV-5")
def FusedPathComparesTheRawDim():
    """can_use_fused compares the integer dim with 0 and v.dim() - 1 as given:
    -2 on a 2-D v is dim 0 for the norm but takes the composite path."""
    return {"float32.dim0": route(V, torch.ones(2, 1), 0),
            "float32.dim1_last": route(V, torch.ones(1, 3), 1),
            "float32.dim-2_alias_of_0": route(V, torch.ones(2, 1), -2),
            "float32.none": route(V, torch.ones(()), -1),
            "float32.middle_dim": route(torch.ones(2, 3, 4), torch.ones(1, 3, 1), 1)}


@checks("DTYPE-1", "COMP-1")
def FusedPathDtypes():
    """The dtypes that take the fused kernel on the CPU (dim 0): in 1.13 a
    float16 v or g forces the composite path; PyTorch PR 148878 fuses it."""
    out = {}
    for name in ("float16", "bfloat16", "float32", "float64"):
        dt = getattr(torch, name)
        out[name] = route(V.to(dt), torch.ones(2, 1, dtype=dt), 0)
    return out


@checks("GRAD-7")
def CreateGraphFirstDerivatives():
    """derivatives.yaml takes _weight_norm_differentiable_backward whenever
    grad mode is on (create_graph=True), the kernel otherwise: the first
    derivatives are not bit-identical."""
    gen = torch.Generator().manual_seed(0)
    v = torch.randn(64, 300, generator=gen).requires_grad_()
    g = torch.randn(64, 1, generator=gen).requires_grad_()
    d = torch.randn(64, 300, generator=gen)
    plain = torch.autograd.grad(torch._weight_norm(v, g, 0), (v, g), d)
    graph = torch.autograd.grad(torch._weight_norm(v, g, 0), (v, g), d, create_graph=True)
    return {"bit_identical": all(torch.equal(a, b) for a, b in zip(plain, graph))}


@checks("DEC-2", "MOD-8")
def WeightVIsTheOldWeightsStorage():
    """WeightNorm.apply registers Parameter(weight.data): the same storage."""
    lin = torch.nn.Linear(3, 2)
    old = lin.weight
    torch.nn.utils.weight_norm(lin)
    return {"v_shares_storage": lin.weight_v.data_ptr() == old.data_ptr(),
            "g_new_storage": lin.weight_g.data_ptr() != old.data_ptr()}


@checks("MOD-13")
def PythonRegistrationIsNotAtomic():
    """WeightNorm.apply deletes the parameter before norm_except_dim raises,
    and registers g and v before _weight_norm raises on a 0-d weight."""
    lin = torch.nn.Linear(3, 2)
    out = {"out_of_range_dim": error_type(lambda: torch.nn.utils.weight_norm(lin, dim=5)),
           "out_of_range_dim_parameters_after": sorted(n for n, _ in lin.named_parameters())}

    class Scalar(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.weight = torch.nn.Parameter(torch.tensor(2.0))

    s = Scalar()
    out["zero_d_dim_none"] = error_type(lambda: torch.nn.utils.weight_norm(s, dim=None))
    out["zero_d_dim_none_parameters_after"] = sorted(n for n, _ in s.named_parameters())
    return out


@checks("ERR-5")
def VAndGOnDifferentDevicesAreRejected():
    """_weight_norm's one explicit check (TORCH_CHECK on v_in.device() == g_in.device())."""
    try:
        torch._weight_norm(torch.ones(2, 3), torch.ones(2, 1, device="meta"), 0)
        return {"rejected": False}
    except RuntimeError as e:
        return {"rejected": "expected v_in and g_in to be on the same device" in str(e)}


@checks("DEV-2")
def FusedKernelTruncatesALongG():
    """The fused kernel reads g flat, one value per slice: extra values are ignored."""
    v = torch.tensor([[3.0, 4.0], [6.0, 8.0]])
    long_g = torch._weight_norm(v, torch.tensor([1.0, 2.0, 5.0, 7.0]), 0)
    return {"truncated": torch.equal(long_g, torch._weight_norm(v, torch.tensor([[1.0], [2.0]]), 0))}


@checks("DEC-4", "DEC-3")
def DecomposeThenComposeBitExactness():
    """_weight_norm(v, norm_except_dim(v, 2, dim), dim) == v bit for bit
    exactly when the path divides by the very norm norm_except_dim returned,
    so that g / norm is 1: the composite path does; the fused kernel sums
    the squares itself. Slice lengths 1 .. 10^6 (three slices each, a fixed
    seed); per path and dtype, "exact" or "not bit-exact"."""
    gen = torch.Generator().manual_seed(0)
    lengths = [1, 2, 3, 7, 10, 64, 100, 1000, 4097, 10_000, 100_000, 1_000_000]
    out = {}
    for dtype, bits in ((torch.float32, torch.int32), (torch.float64, torch.int64)):
        for where, make in (("dim0_fused", lambda n: (torch.randn(3, n, generator=gen, dtype=dtype), 0)),
                            ("last_dim_fused", lambda n: (torch.randn(n, 3, generator=gen, dtype=dtype), 1)),
                            ("middle_dim_composite", lambda n: (torch.randn(1, 3, n, generator=gen, dtype=dtype), 1)),
                            ("none_composite", lambda n: (torch.randn(n, generator=gen, dtype=dtype), -1))):
            worst = 0
            for n in lengths:
                v, dim = make(n)
                w = torch._weight_norm(v, torch.norm_except_dim(v, 2, dim), dim)
                # Same-sign finite values: the integer distance of the bit patterns is the ulp distance.
                worst = max(worst, (w.view(bits).long() - v.view(bits).long()).abs().max().item())
            # Recorded as exact or not: the ulp count depends on the kernel's
            # blocking and thread count; spec DEC-4 gives the measured figures.
            out[f"{str(dtype).split('.')[1]}.{where}"] = "exact" if worst == 0 else "not bit-exact"
            print(f"  DecomposeThenComposeBitExactness {dtype} {where}: largest difference {worst} ulp")
    return out


def version_key():
    """"2.14.1" / "1.13.0a0" -> "2.14" / "1.13": the records are per minor version."""
    return ".".join(torch.__version__.split(".")[:2])


def compared(name, fn, recorded):
    """A check for the runner: fn's observations against the record."""
    def check():
        seen = fn()
        want = recorded.get(name)
        if want is None:
            raise AssertionError(f"no record for PyTorch {version_key()}; observed {json.dumps(seen, sort_keys=True)}")
        diff = [f"{k}: observed {json.dumps(seen.get(k))}, recorded {json.dumps(want.get(k))}"
                for k in sorted(set(seen) | set(want)) if seen.get(k) != want.get(k)]
        assert not diff, "; ".join(diff)
    check.__name__ = fn.__name__
    return check


def main(argv):
    out_json = argv[argv.index("--json") + 1] if "--json" in argv else None
    key = version_key()
    if out_json:  # every observation, for recording a new version after review
        observed = {f"SourceClaims.{fn.__name__}": fn() for fn, _ in checks.marked}
        with open(out_json, "w") as f:
            json.dump({"torch": torch.__version__, "version": key, "observed": observed,
                       "clauses": {f"SourceClaims.{fn.__name__}": list(c) for fn, c in checks.marked}},
                      f, indent=1, sort_keys=True)
    with open(EXPECTATIONS) as f:
        recorded = json.load(f)["versions"].get(key)
    if recorded is None:
        clause_checks.skip("source_claims", f"{EXPECTATIONS} records nothing for PyTorch {key} "
                           "(run with --json OUT to see the observations, and record them after review)")
    runner = clause_checks.Checks()
    for fn, clauses in checks.marked:
        runner(*clauses)(compared(f"SourceClaims.{fn.__name__}", fn, recorded))
    return clause_checks.run(runner, tool="source_claims", suite="SourceClaims", implementation="pytorch",
                             version=f"PyTorch {torch.__version__} (Python)", report="python_source_claims.json",
                             rerun=f"{sys.executable} {os.path.abspath(__file__)}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
