"""Callables for the tests of python/check_vectors.py (python/CMakeLists.txt).

wrong_norm_over_all_dims is the mistake of the forum thread "Weight norm
calculation": w = (g / ||v||) v with ||v|| over every element, not over every
dim except `dim`. It agrees with torch._weight_norm only where dim is none.
torch is imported inside the callables that use it, so `raises` runs where
torch is missing (the "nothing was checked" test needs no torch).
"""


def wrong_norm_over_all_dims(v, g, dim):
    return g * v / v.norm()


def raises(v, g, dim):
    raise RuntimeError("kernel launch failed (a deliberately raising callable)")


def float32_only(v, g, dim):
    """A kernel that provides float32 only: the rest is unsupported, never a pass."""
    import torch

    if v.dtype != torch.float32:
        raise NotImplementedError(f"{v.dtype} is not provided")
    return torch._weight_norm(v, g, dim)


def _first_derivatives(grad_w, v, g, dim, create_graph):
    import torch

    v, g = v.clone().requires_grad_(), g.clone().requires_grad_()
    with torch.enable_grad():
        w = torch._weight_norm(v, g, dim)
        return torch.autograd.grad(w, (v, g), grad_w, create_graph=create_graph)


def backward_kernel(grad_w, v, g, dim):
    """torch._weight_norm's first derivatives as plain backward computes them:
    grad mode off inside the engine, so the fused path's kernel
    _weight_norm_interface_backward."""
    return tuple(t.detach() for t in _first_derivatives(grad_w, v, g, dim, create_graph=False))


def backward_create_graph(grad_w, v, g, dim):
    """The same with create_graph=True: derivatives.yaml then takes
    _weight_norm_differentiable_backward on the fused path (grad mode is on),
    whose values are not bit-identical to the kernel's (spec GRAD-7)."""
    return tuple(t.detach() for t in _first_derivatives(grad_w, v, g, dim, create_graph=True))
