#!/usr/bin/env python3
"""State dicts between the C++ module utility and PyTorch (spec MOD-15),
with the installed python3-torch (Debian's 1.13: the hook form).

Runs the example module/examples/conv1d_weight_norm.cpp both ways:
  - C++ trains a weight-normalized Conv1d, removes weight norm and saves;
    PyTorch loads the state dict into nn.Conv1d and must give C++'s output;
  - PyTorch saves a weight-normalized Conv1d's state dict (weight_g,
    weight_v, bias) after a training step; the C++ module with weight norm
    loads it and must give PyTorch's output.

Outputs are compared with torch.equal: both sides run the same LibTorch
kernels on the same tensors. Exit status 0 pass, 1 fail, 77 (CTest's
SKIP_RETURN_CODE) when torch cannot be imported. The check runner and
its property report ($WN_REPORT_DIR) are properties/python/clause_checks.py's.

Usage: python_interchange_test.py EXAMPLE_PROGRAM WORK_DIR
"""
import os
import subprocess
import sys

# The shared check runner (properties/python/clause_checks.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "properties", "python"))
import clause_checks  # noqa: E402

checks = clause_checks.Checks()
torch = clause_checks.import_torch("python_interchange")
from torch import nn  # noqa: E402 - after the import that may skip
from torch.nn.utils import weight_norm  # noqa: E402

EXAMPLE, WORK = sys.argv[1], sys.argv[2]


def load_libtorch_pickle(path):
    """torch.load of a file LibTorch's torch::pickle_save wrote (MOD-15).
    Its typed dicts are rebuilt by torch.jit._pickle.restore_type_tag, which
    torch.load's weights_only mode (the default since PyTorch 2.6) does not
    allow: measured on 2.6, "Unsupported global: GLOBAL
    torch.jit._pickle.restore_type_tag". Allowing that one function keeps the
    safe loader; older PyTorch has no safe_globals and loads as before."""
    allow = getattr(torch.serialization, "safe_globals", None)
    if allow is None:
        return torch.load(path)
    import torch.jit._pickle as jit_pickle
    with allow([jit_pickle.restore_type_tag]):
        return torch.load(path, weights_only=True)


@checks("MOD-15", "MOD-7")
def CppSavedStateDictLoadsInPyTorch():
    subprocess.run([EXAMPLE, WORK], check=True, stdout=subprocess.DEVNULL)
    state = load_libtorch_pickle(os.path.join(WORK, "conv1d.pt"))
    io = load_libtorch_pickle(os.path.join(WORK, "io.pt"))
    assert list(state) == ["bias", "weight"], list(state)  # remove registers the weight last (MOD-10)
    conv = nn.Conv1d(2, 3, 3)
    conv.load_state_dict(state)
    with torch.no_grad():
        y = conv(io["x"])
    assert torch.equal(y, io["y"]), f"largest difference {(y - io['y']).abs().max().item()}"


@checks("MOD-15", "MOD-1")
def PyTorchSavedWeightNormStateDictLoadsInCpp():
    torch.manual_seed(1)
    conv = weight_norm(nn.Conv1d(2, 3, 3))
    x = torch.randn(4, 2, 8)
    # One SGD step, so g and v are not those of any weight the module had.
    sgd = torch.optim.SGD(conv.parameters(), lr=0.1)
    conv(x).pow(2).mean().backward()
    sgd.step()
    state = dict(conv.state_dict())
    assert list(state) == ["bias", "weight_g", "weight_v"], list(state)
    paths = {k: os.path.join(WORK, f"python_{k}.pt") for k in ("state", "input", "output")}
    torch.save(state, paths["state"])
    with torch.no_grad():
        y = conv(x)  # the pre-hook recomputes the weight from the stepped g and v
    # Two entries: LibTorch 1.13's unpickler lacks SETITEM, which pickle uses for a one-entry dict (MOD-15).
    torch.save({"x": x, "y": y}, paths["input"])
    subprocess.run([EXAMPLE, "--load", paths["state"], paths["input"], paths["output"]], check=True,
                   stdout=subprocess.DEVNULL)
    got = load_libtorch_pickle(paths["output"])["y"]
    assert torch.equal(got, y), f"largest difference {(got - y).abs().max().item()}"


def main():
    os.makedirs(WORK, exist_ok=True)
    return clause_checks.run(checks, tool="python_interchange", suite="PythonInterchange", implementation="libtorch",
                             version=f"PyTorch {torch.__version__}", report="python_interchange.json",
                             rerun=" ".join([sys.executable, os.path.abspath(__file__), EXAMPLE, WORK]))


if __name__ == "__main__":
    sys.exit(main())
