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
