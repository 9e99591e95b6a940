/// @file
/// Weight normalization: compose, decompose and remove.
/// Spec DEF-1, COMP-1, COMP-2, COMP-3, DEC-1, DEC-2, DEC-3, REM-1, REM-2, SHAPE-3,
/// ERR-1, ERR-2, ERR-3, ERR-4.
#pragma once

#include "wn/dim.hpp"
#include "wn/tensor.hpp"

namespace wn {

/// `torch._weight_norm(v, g, dim)`: w = v · g / norm_except_dim(v, 2, dim)
/// (spec DEF-1, COMP-1).
///
/// Each slice of v along `dim` (the whole tensor for none or -1) is scaled
/// so that its Euclidean norm is the matching element of g. The result has
/// v's shape and dtype.
///
/// g must have v's dtype (ERR-4) and a shape that broadcasts against the
/// keep-dim norm shape without changing it, with as many elements (SHAPE-3):
/// for v of shape [4, 3] and dim 0, g may be [4, 1] but not [4] or [1, 4];
/// for none, g holds one element and has rank at most v's. v must have rank
/// at least 1 (LibTorch rejects 0-d weights, ERR-3) and at least one element.
///
/// Accuracy (TOL-2, measured in TOL-3): g/‖v‖ is formed once per slice and
/// v·(g/‖v‖) once per element, in long double from the accurate norm, and
/// rounded once: within 1 ulp of the exact value (0.5 ulp plus about 2^-10
/// ulp for float64, 0.5 ulp plus 2^-40 for float32).
/// A slice whose norm is 0 gives NaN (EDGE-1): no epsilon is added.
Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim);

/// The parameters `torch.nn.utils.weight_norm` registers (spec DEC-1).
struct Decomposition {
  Tensor g;  ///< `<name>_g` = norm_except_dim(weight, 2, dim)
  Tensor v;  ///< `<name>_v` = the weight itself, bit for bit
};

/// What registering weight norm on a parameter does (spec DEC-1, DEC-2, DEC-3):
/// g = norm_except_dim(weight, 2, dim), v = an exact copy of the weight.
/// Rejects what weight_norm would reject for (weight, g) (ERR-3).
Decomposition decompose(const Tensor& weight, DimArg dim);

/// What `torch.nn.utils.remove_weight_norm` does (spec REM-1): the weight
/// becomes a plain parameter again, recomputed from the current g and v,
/// i.e. weight_norm(v, g, dim).
Tensor remove(const Decomposition& parameters, DimArg dim);

/// The shape check weight_norm applies to g (spec SHAPE-3), exposed so that
/// adapters can refuse a g before handing it to code that would read it out
/// of bounds. `dim` must be valid for v. Throws wn::InvalidArgument naming
/// `function` and argument "g".
void check_g_shape(const Tensor& v, const Tensor& g, DimArg dim, const std::string& function);

/// check_g_shape, and g's dtype must be v's (ERR-4).
void check_g_matches(const Tensor& v, const Tensor& g, DimArg dim, const std::string& function);

}  // namespace wn
