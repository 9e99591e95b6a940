#!/usr/bin/env python3
"""The parametrization form of weight norm between the C++ module utility and
PyTorch >= 2.1's torch.nn.utils.parametrizations.weight_norm (spec MOD-16 to
MOD-19, MOD-15), with the helper module/tests/parametrization_interchange.cpp:
  - the names: parametrizations.weight.original0 (g) and original1 (v), after
    the module's other parameters, on both sides;
  - a state dict saved by PyTorch in that naming loads into the C++ module
    and gives PyTorch's output, and one saved by C++ loads in PyTorch;
  - old weight_g/weight_v state dicts load through PyTorch's pre-hook only
    when both keys are present, and so in C++;
  - remove_parametrizations(leave_parametrized=True) leaves a plain Parameter
    equal to the weight, registered last, as C++'s removal does;
  - the weight is recomputed on every access (not stale), as C++'s
    current(), unless inside parametrize.cached().

What PyTorch does is taken from its source, read for this test (pytorch/pytorch
torch/nn/utils/parametrizations.py at 9c9e8f3d7e80, the 2.1 form of
_WeightNorm and weight_norm, and torch/nn/utils/parametrize.py at
89c2ee75469f); each check cites the lines it relies on.

Outputs are compared with torch.equal: both sides run the same LibTorch op
(torch._weight_norm / at::_weight_norm) on the same tensors. Exit status 0
pass, 1 fail, 77 (CTest's SKIP_RETURN_CODE) when torch cannot be imported or
is older than 2.1 (no parametrizations.weight_norm: the host's 1.13), so it
is skipped there, never passed. The runner and its report are
properties/python/clause_checks.py's.

Usage: parametrization_interchange_test.py HELPER_PROGRAM WORK_DIR
"""
import os
import subprocess
import sys

# The shared check runner (properties/python/clause_checks.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "properties", "python"))
import clause_checks  # noqa: E402

TOOL = "parametrization_interchange"
checks = clause_checks.Checks()
torch = clause_checks.import_torch(TOOL)
if clause_checks.torch_version(torch) < (2, 1):
    clause_checks.skip(TOOL, f"PyTorch {torch.__version__} has no torch.nn.utils.parametrizations.weight_norm "
                             "(added in 2.1); the parametrization form is checked with torch >= 2.1 only")
from torch import nn  # noqa: E402 - after the checks that may skip
from torch.nn.utils import parametrize  # noqa: E402
from torch.nn.utils.parametrizations import weight_norm  # noqa: E402

HELPER, WORK = sys.argv[1], sys.argv[2]
NAMES = ["bias", "parametrizations.weight.original0", "parametrizations.weight.original1"]


def path(name):
    return os.path.join(WORK, name)


def load(name):
    # Our own files (the helper's or this script's): the C++ pickler's globals
    # need not be on every version's weights_only allowlist.
    return torch.load(path(name), weights_only=False)


def save(obj, name):
    # A plain dict of at least two entries: LibTorch's unpickler reads neither
    # the OrderedDict's _metadata nor (1.13) a one-entry dict's SETITEM (MOD-15).
    torch.save(dict(obj), path(name))


def python_conv(seed=5):
    """A Conv1d(2, 3, 3) with PyTorch's parametrization form, after one SGD step."""
    torch.manual_seed(seed)
    conv = weight_norm(nn.Conv1d(2, 3, 3))
    x = torch.randn(4, 2, 8)
    sgd = torch.optim.SGD(conv.parameters(), lr=0.1)
    conv(x).pow(2).mean().backward()
    sgd.step()
    return conv, x


def cpp_load(state, tag):
    """The C++ module loads `state` (a file in WORK) and runs on WORK/<tag>_input.pt:
    returns (exit status, stderr, outputs, removed state dict)."""
    out, removed = path(f"{tag}_out.pt"), path(f"{tag}_removed.pt")
    for stale in (out, removed):
        if os.path.exists(stale):
            os.remove(stale)
    run = subprocess.run([HELPER, "load", path(state), path(f"{tag}_input.pt"), out, removed],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        return run.returncode, run.stderr, None, None
    return 0, run.stderr, load(f"{tag}_out.pt"), load(f"{tag}_removed.pt")


def same(got, want, what):
    assert got.shape == want.shape, f"{what}: shape {tuple(got.shape)}, expected {tuple(want.shape)}"
    assert torch.equal(got, want), f"{what}: largest difference {(got - want).abs().max().item()}"


def compare_with_cpp(conv, x, state, tag):
    """Runs the C++ module on `state` and checks it against PyTorch's `conv`
    (already loaded with the same state): output, weight, recomputation after
    original0 *= 2, and removal."""
    with torch.no_grad():
        y = conv(x)
    save({"x": x, "y": y}, f"{tag}_input.pt")
    rc, err, out, removed = cpp_load(state, tag)
    assert rc == 0, f"the C++ module did not load {state} (exit {rc}): {err.strip()}"
    same(out["y"], y, "forward")
    same(out["weight"], conv.weight.detach(), "weight")
    # parametrize.py, _inject_property: get_parametrized returns parametrization()
    # (ParametrizationList.forward -> _WeightNorm.forward = torch._weight_norm(
    # original1, original0, dim)) at every access when caching is off.
    with torch.no_grad():
        conv.parametrizations.weight.original0.mul_(2.0)
    same(out["recomputed"], conv.weight.detach(), "the weight after original0 *= 2")
    # parametrize.py, remove_parametrizations: for several originals,
    # t = getattr(module, name); original = Parameter(t) if t.requires_grad else t;
    # then _register_parameter_or_buffer(module, name, original): registered last.
    parametrize.remove_parametrizations(conv, "weight", leave_parametrized=True)
    assert list(removed) == list(conv.state_dict()) == ["bias", "weight"], (list(removed), list(conv.state_dict()))
    same(removed["weight"], conv.weight.detach(), "the weight after removal")


@checks("MOD-16", "DEC-1", "DEC-2")
def GAndVAreOriginal0AndOriginal1():
    # parametrizations.py, _WeightNorm.right_inverse returns
    # (torch.norm_except_dim(weight, 2, dim), weight); parametrize.py,
    # ParametrizationList.__init__ registers a sequence as original0, original1, ...
    torch.manual_seed(5)
    fresh = nn.Conv1d(2, 3, 3)
    w = fresh.weight.detach().clone()
    weight_norm(fresh)
    assert torch.equal(fresh.parametrizations.weight.original1, w), "original1 starts as the weight, bit for bit"
    assert torch.equal(fresh.parametrizations.weight.original0, torch.norm_except_dim(w, 2, 0))
    conv, _ = python_conv()
    assert [n for n, _ in conv.named_parameters()] == NAMES, [n for n, _ in conv.named_parameters()]
    assert list(conv.state_dict()) == NAMES, list(conv.state_dict())
    subprocess.run([HELPER, "save", WORK], check=True, stdout=subprocess.DEVNULL)
    cpp = load("cpp_state.pt")
    assert list(cpp) == NAMES, f"C++ saved {list(cpp)}, PyTorch names {NAMES}"
    for name in NAMES:
        assert cpp[name].shape == conv.state_dict()[name].shape, (name, cpp[name].shape, conv.state_dict()[name].shape)
    assert cpp["parametrizations.weight.original0"].shape == (3, 1, 1)


@checks("MOD-15", "MOD-16", "MOD-17")
def CppSavedStateDictLoadsInPyTorch():
    subprocess.run([HELPER, "save", WORK], check=True, stdout=subprocess.DEVNULL)
    io = load("cpp_io.pt")
    conv = weight_norm(nn.Conv1d(2, 3, 3))
    conv.load_state_dict(load("cpp_state.pt"))  # strict: the same keys on both sides
    with torch.no_grad():
        y = conv(io["x"])
    same(y, io["y"], "PyTorch's output on the C++-saved state dict")


@checks("MOD-15", "MOD-16", "MOD-17", "MOD-18")
def PyTorchSavedStateDictLoadsInCpp():
    conv, x = python_conv()
    save(conv.state_dict(), "python_state.pt")
    compare_with_cpp(conv, x, "python_state.pt", "python")


@checks("MOD-19", "MOD-15")
def OldStateDictsLoadWithBothKeys():
    # parametrizations.py, weight_norm registers _weight_norm_compat_hook as a
    # load_state_dict pre-hook: `if g_key in state_dict and v_key in state_dict`
    # it pops both and stores them as parametrizations.<name>.original0/original1.
    torch.manual_seed(6)
    old = torch.nn.utils.weight_norm(nn.Conv1d(2, 3, 3))  # the hook form: weight_g, weight_v
    with torch.no_grad():
        old.weight_g.mul_(1.5)
    state = dict(old.state_dict())
    assert sorted(state) == ["bias", "weight_g", "weight_v"], list(state)
    save(state, "old_state.pt")
    conv = weight_norm(nn.Conv1d(2, 3, 3))
    conv.load_state_dict(dict(state))  # a copy: the pre-hook pops keys from what it is given
    assert torch.equal(conv.parametrizations.weight.original0, state["weight_g"])
    assert torch.equal(conv.parametrizations.weight.original1, state["weight_v"])
    compare_with_cpp(conv, torch.randn(4, 2, 8), "old_state.pt", "old")


@checks("MOD-19")
def OldStateDictsWithOneKeyDoNotLoad():
    # The same hook converts nothing when one key is missing; the strict load
    # then fails on the missing original0 and the unexpected weight_g.
    conv, _ = python_conv()
    state = dict(conv.state_dict())
    state["weight_g"] = state.pop("parametrizations.weight.original0")
    save(state, "one_key_state.pt")
    try:
        weight_norm(nn.Conv1d(2, 3, 3)).load_state_dict(dict(state))
    except RuntimeError as e:
        message = str(e)
        assert "parametrizations.weight.original0" in message and "weight_g" in message, message
    else:
        raise AssertionError("PyTorch loaded a state dict with weight_g but no weight_v")
    save({"x": torch.randn(4, 2, 8), "y": torch.zeros(1)}, "one_key_input.pt")
    rc, err, _, _ = cpp_load("one_key_state.pt", "one_key")
    assert rc == 1, f"the C++ module's load exited {rc}, expected 1 (an error); stderr: {err.strip()}"
    assert "parametrizations.weight.original0" in err and "weight_g" in err, err


@checks("MOD-18")
def RemovalLeavesAPlainParameterEqualToTheWeight():
    conv, _ = python_conv()
    weight = conv.weight.detach().clone()
    parametrize.remove_parametrizations(conv, "weight", leave_parametrized=True)
    assert type(conv.weight) is nn.Parameter and conv.weight.requires_grad, type(conv.weight)
    # parametrize.py, remove_parametrizations: with no parametrization left it
    # deletes module.parametrizations and restores the class (__bases__[0]).
    assert not parametrize.is_parametrized(conv) and not hasattr(conv, "parametrizations")
    assert type(conv) is nn.Conv1d, type(conv)
    assert [n for n, _ in conv.named_parameters()] == ["bias", "weight"]
    same(conv.weight.detach(), weight, "the plain parameter")


@checks("MOD-17")
def WeightIsRecomputedOnEveryAccessUnlessCached():
    conv, _ = python_conv()
    g = conv.parametrizations.weight.original0
    first = conv.weight
    with torch.no_grad():
        g.mul_(2.0)
    second = conv.weight
    assert not torch.equal(first, second), "the weight did not follow original0 (stale)"
    same(second.detach(), torch._weight_norm(conv.parametrizations.weight.original1, g, 0).detach(), "the weight")
    # parametrize.py: inside cached(), get_cached_parametrization computes the
    # weight once per (module, name) and returns that tensor until the context ends.
    with parametrize.cached():
        inside = conv.weight
        with torch.no_grad():
            g.mul_(2.0)
        assert conv.weight is inside, "cached() recomputed the weight"
    assert not torch.equal(conv.weight, inside), "after cached() the weight is recomputed again"


def main():
    os.makedirs(WORK, exist_ok=True)
    return clause_checks.run(checks, tool=TOOL, suite="ParametrizationInterchange", implementation="libtorch",
                             version=f"PyTorch {torch.__version__}", report="python_parametrization_interchange.json",
                             rerun=" ".join([sys.executable, os.path.abspath(__file__), HELPER, WORK]))


if __name__ == "__main__":
    sys.exit(main())
