"""Tensors and floats as the vector formats write them (spec/16-vector-format.md:
VEC-3 hex floats, VEC-4 tensors), shared by record_vectors.py and
check_vectors.py so both write the same text. No torch import: a tensor's
dtype is read by name."""
import math

DTYPE_NAMES = {"torch.float32": "float32", "torch.float64": "float64"}


def hexf(x):
    """VEC-3: hex-float text; nan, inf, -inf spelled out."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return float.hex(x)


def tensor_json(t):
    """A float32 or float64 torch tensor as {dtype, shape, data} (VEC-4);
    TypeError for any other dtype, which the formats cannot hold."""
    t = t.detach()
    name = DTYPE_NAMES.get(str(t.dtype))
    if name is None:
        raise TypeError(f"a {t.dtype} tensor; the format holds float32 and float64 (VEC-4)")
    return {"dtype": name, "shape": list(t.shape),
            "data": [hexf(x) for x in t.cpu().contiguous().reshape(-1).double().tolist()]}
