/// @file
/// `norm_except_dim`: the p-norm over every dimension but one.
/// Spec NORM-1, NORM-2, NORM-3, SHAPE-2, EDGE-1, EDGE-2, EDGE-3.
#pragma once

#include <cstdint>

#include "wn/dim.hpp"
#include "wn/tensor.hpp"

namespace wn {

/// `torch.norm_except_dim(v, pow, dim)`.
///
/// - dim none or -1: the p-norm of all elements, as a 0-d tensor (NORM-1, DIM-3).
/// - dim k in [0, rank), or k in [-rank, -2] wrapped to k + rank: for each
///   index i of dimension k, the p-norm of the slice v[..., i, ...]; the
///   result has v's rank, size 1 everywhere but dimension k (NORM-2, SHAPE-2).
/// - pow: LibTorch takes an integer. 2 is the Euclidean norm; 0 counts the
///   non-zero elements; other values give (sum |x|^p)^(1/p) (NORM-3).
///
/// Accuracy (TOL-2, measured in TOL-3): for pow 2 the sum of squares is
/// accumulated as an unevaluated sum of two doubles (squares exact, Knuth's
/// TwoSum) in one pass in memory order; a slice whose unscaled sum could
/// have overflowed or underflowed is recomputed after scaling by a power of
/// two. The square root is corrected to about 106 bits and rounded once to
/// the dtype, so the result is within 0.5 ulp of the exact norm plus the
/// double-double's own error (at most about (n/4)^2 2^-106 relative: below
/// 2^-40 ulp for n <= 362, 2^-17 ulp at n = 10^6; never seen above 0.5 ulp),
/// for float32 and float64, and neither overflows nor underflows where the
/// exact norm is a finite normal number. pow 0 and 1 are exact or within
/// 0.5 ulp; other powers are computed in long double and measured, not proven.
///
/// A NaN in a slice gives NaN; otherwise an infinity gives +inf (EDGE-3).
/// An all-zero slice gives 0 (and weight_norm then gives NaN, EDGE-1).
///
/// Throws wn::InvalidArgument for a dim out of range, dim 0 on a 0-d tensor,
/// or a tensor with no elements (ERR-1, ERR-2).
Tensor norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim);

/// The p-norm of `n` values at `stride` apart, as long double, by the method
/// described above. Exposed for the accuracy measurements.
long double slice_norm(const double* values, std::int64_t n, std::int64_t stride, std::int64_t pow);

}  // namespace wn
