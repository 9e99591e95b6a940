#!/usr/bin/env python3
"""Module semantics of torch.nn.utils.weight_norm, checked against the
installed PyTorch (spec/13-module.md, MOD-*), with the caller-facing traps of
DIM-6, SHAPE-4, DTYPE-3 and the thread's example (COMP-4).

Each check is a function marked @checks("CLAUSE", ...), run by
clause_checks.run (beside this file): it prints which clauses each check
covers and writes the property report for implementation "pytorch" to
$WN_REPORT_DIR when set.

Exit status: 0 when every check passes, 1 when one fails, 77 (CTest's
SKIP_RETURN_CODE) when torch cannot be imported.
"""
import os
import sys

import clause_checks

checks = clause_checks.Checks()
torch = clause_checks.import_torch("module_semantics")
from torch import nn  # noqa: E402 - after the import that may skip
from torch.nn.utils import remove_weight_norm, weight_norm  # noqa: E402


def linear(rows=4, cols=3, seed=0, bias=False, dtype=torch.float32):
    torch.manual_seed(seed)
    return nn.Linear(cols, rows, bias=bias).to(dtype)


def raises(exc_type, fn):
    try:
        fn()
    except exc_type as e:
        return str(e)
    raise AssertionError(f"expected {exc_type.__name__}, nothing was raised")


@checks("MOD-1", "DEC-1", "DEC-2")
def ParametersAreNameGAndNameV():
    m = linear()
    w = m.weight.detach().clone()
    weight_norm(m)
    assert [n for n, _ in m.named_parameters()] == ["weight_g", "weight_v"], list(m.state_dict())
    assert list(m.state_dict()) == ["weight_g", "weight_v"]
    assert m.weight_g.shape == (4, 1) and torch.allclose(m.weight_g, torch.norm_except_dim(w, 2, 0))
    assert torch.equal(m.weight_v, w), "weight_v starts as the weight, bit for bit"
    b = weight_norm(linear(bias=True), name="bias")
    assert [n for n, _ in b.named_parameters()] == ["weight", "bias_g", "bias_v"]


@checks("MOD-2")
def OriginalParameterIsDeleted():
    m = weight_norm(linear())
    assert "weight" not in m._parameters
    assert "weight" not in dict(m.named_parameters())
    assert not isinstance(m.weight, nn.Parameter) and m.weight.grad_fn is not None
    assert torch.allclose(m.weight, torch._weight_norm(m.weight_v, m.weight_g, 0))


@checks("MOD-3", "COMP-1")
def WeightIsRecomputedBeforeEachForward():
    m = weight_norm(linear())
    assert len(m._forward_pre_hooks) == 1
    with torch.no_grad():
        m.weight_g.mul_(3.0)
        m.weight_v.add_(0.5)
    x = torch.randn(2, 3)
    y = m(x)
    expected = torch._weight_norm(m.weight_v, m.weight_g, 0)
    assert torch.allclose(m.weight, expected), "forward recomputes weight from the current g and v"
    assert torch.allclose(y, x @ expected.t())


@checks("MOD-4")
def WeightIsStaleAfterAnOptimizerStep():
    m = weight_norm(linear())
    opt = torch.optim.SGD(m.parameters(), lr=0.1)
    x = torch.randn(5, 3)
    m(x).pow(2).sum().backward()
    before_step = m.weight.detach().clone()
    g_before = m.weight_g.detach().clone()
    opt.step()
    assert not torch.equal(m.weight_g, g_before), "the step changes g"
    assert torch.equal(m.weight, before_step), "weight keeps its pre-step value until the next forward"
    m(x)
    assert not torch.equal(m.weight, before_step)
    assert torch.allclose(m.weight, torch._weight_norm(m.weight_v, m.weight_g, 0))


@checks("MOD-5")
def SecondRegistrationIsAnError():
    m = weight_norm(linear())
    msg = raises(RuntimeError, lambda: weight_norm(m))
    assert "Cannot register two weight_norm hooks on the same parameter weight" in msg, msg


@checks("MOD-6")
def RemovingWhatWasNeverRegisteredIsAnError():
    msg = raises(ValueError, lambda: remove_weight_norm(linear()))
    assert "weight_norm of 'weight' not found in" in msg, msg
    m = weight_norm(linear())
    remove_weight_norm(m)
    raises(ValueError, lambda: remove_weight_norm(m))  # a second removal, too


@checks("MOD-7", "REM-1")
def RemoveMakesAPlainParameterFromTheCurrentGAndV():
    m = weight_norm(linear())
    with torch.no_grad():
        m.weight_g.mul_(2.0)
    expected = torch._weight_norm(m.weight_v, m.weight_g, 0).detach()
    remove_weight_norm(m)
    assert isinstance(m.weight, nn.Parameter)
    assert [n for n, _ in m.named_parameters()] == ["weight"] and len(m._forward_pre_hooks) == 0
    assert torch.allclose(m.weight, expected), "recomputed from the current g and v, not the stale weight"


@checks("DIM-6", "DIM-3")
def MinusOneIsTheWholeTensorNotTheLastDim():
    none = weight_norm(linear(), dim=None)
    minus_one = weight_norm(linear(), dim=-1)
    last = weight_norm(linear(), dim=1)
    assert none.weight_g.shape == () and minus_one.weight_g.shape == ()
    assert last.weight_g.shape == (1, 3), "dim=1 (rank - 1) is the last dim"
    assert torch.equal(none.weight_g, minus_one.weight_g)


@checks("SHAPE-4")
def DividingByANormWithoutKeepdimMisaligns():
    v = torch.tensor([[3.0, 4.0], [6.0, 8.0]])
    wrong = v / v.norm(dim=1)
    right = v / v.norm(dim=1, keepdim=True)
    assert torch.allclose(right, torch.tensor([[0.6, 0.8], [0.6, 0.8]]))
    assert torch.allclose(wrong, torch.tensor([[0.6, 0.4], [1.2, 0.8]])), "norms line up with columns, silently"
    raises(RuntimeError, lambda: torch.ones(2, 3) / torch.ones(2, 3).norm(dim=1))  # m != n: an error


@checks("DTYPE-3")
def ParametersKeepTheWeightsDtype():
    for dtype in (torch.float32, torch.float64):
        m = weight_norm(linear(dtype=dtype))
        assert m.weight_g.dtype == m.weight_v.dtype == m.weight.dtype == dtype


@checks("COMP-4")
def ThreadFormulaIsDimNoneNotDimZero():
    w = torch.tensor([[0.2672, 0.5720, 0.1048], [-0.4538, 0.5243, -0.0612], [-0.5537, 0.0813, -0.3459]])
    lin = nn.Linear(3, 3, bias=False)
    with torch.no_grad():
        lin.weight.copy_(w)
    lin = weight_norm(lin)
    users = (lin.weight_g / lin.weight_v.norm()) * lin.weight_v
    assert not torch.allclose(users, w, atol=0.01), "the user's formula does not give W back for dim=0"
    assert torch.allclose(lin.weight_g * (lin.weight_v / lin.weight_v.norm(dim=1, keepdim=True)), w, atol=1e-6)
    assert torch.allclose(lin.weight_g * (lin.weight_v / torch.norm_except_dim(lin.weight_v, 2, dim=0)), w, atol=1e-6)
    whole = weight_norm(nn.Linear(3, 3, bias=False), dim=None)
    with torch.no_grad():
        whole.weight_v.copy_(w)
        whole.weight_g.copy_(w.norm())
    assert torch.allclose((whole.weight_g / whole.weight_v.norm()) * whole.weight_v, w, atol=1e-6)


def main():
    return clause_checks.run(checks, tool="module_semantics", suite="ModuleSemantics", implementation="pytorch",
                             version=f"PyTorch {torch.__version__} (Python)", report="python_module_semantics.json",
                             rerun=f"{sys.executable} {os.path.abspath(__file__)}")


if __name__ == "__main__":
    sys.exit(main())
