/// @file
/// DEV-1: LibTorch 1.13 sums the squares in the data's own dtype, unscaled,
/// so its norm overflows to +inf or underflows to 0 where the exact norm is
/// a normal number (spec EDGE-2, DEV-1). Domain and model.
#pragma once

#include <vector>

#include "wn/dim.hpp"
#include "wn/dtype.hpp"
#include "wn/tensor.hpp"

namespace wn::deviations {

/// What the dtype's sum of the dtype-rounded squares of one slice does, in
/// every order of summation LibTorch may use (DEV-1). With S the exact sum
/// of fl(x_i^2), n the slice length, u the unit roundoff and
/// gamma = (n-1)u / (1 - (n-1)u), any order's computed sum lies within
/// gamma S of S (all terms are >= 0), so:
enum class SquareSum {
  Finite,      ///< S (1 + gamma) is below the overflow threshold: sqrt of it, within TOL-1
  Overflows,   ///< some fl(x^2) is inf, or S (1 - gamma) reaches the threshold: +inf
  Underflows,  ///< every fl(x^2) is 0 and some x is not: exactly 0
  Undecided,   ///< between the two overflow bounds: the order of summation decides
  NotFinite,   ///< the slice holds NaN or an infinity: EDGE-3, not DEV-1
};

/// The model of LibTorch's `norm_except_dim(v, 2, dim)` (and of the norm
/// inside `_weight_norm`) where DEV-1 may apply.
struct NormModel {
  /// norm_except_dim's shape and v's dtype: +inf (Overflows), 0 (Underflows),
  /// sqrt(S) rounded to the dtype (Finite), NaN (Undecided, NotFinite).
  Tensor norm;
  /// One entry per slice, in the norm's element order.
  std::vector<SquareSum> slices;
  /// Whether the slice is in DEV-1's domain: it overflows, underflows, is
  /// undecided, or is Finite with a non-zero square below the normal range
  /// (where sqrt(S) has lost precision against the exact norm).
  std::vector<bool> in_domain;
  /// Whether any slice is in DEV-1's domain.
  bool any_in_domain() const;
};

/// The dtype LibTorch sums the squares in, on the CPU: v's own for float32,
/// float64 and float16, float32 for bfloat16. Measured on LibTorch 1.13.0:
/// float16's norm of [256] is +inf and of [1e-4] is 0 (its squares overflow
/// or underflow float16), bfloat16's are 256 and 1.0014e-4 (spec DEV-1,
/// DTYPE-4).
DType square_sum_dtype(DType dtype);

/// The dtype LibTorch forms q = g / ‖v‖ and v · q in before rounding the
/// weight to v's dtype, on the CPU: float32 for bfloat16 on the fused path
/// (the kernel computes in float, from the float32 norm), v's own otherwise
/// (the composite path's operations round each result to v's dtype).
/// Measured on LibTorch 1.13.0: v = bfloat16 [1.078125] with g at bfloat16's
/// largest finite value gives that value on dim 0 (fused), where q rounded
/// to bfloat16 would make v · q round to +inf (spec DEV-9, DTYPE-4).
DType quotient_dtype(DType dtype, bool fused);

/// DEV-1's model for v and a valid `dim` (v has elements), the squares
/// summed in square_sum_dtype(v.dtype()) and the norm rounded to v's dtype.
NormModel norm_model(const Tensor& v, DimArg dim);

/// DEV-1's weight: w_i = fl(fl_q(v_i * fl_q(g_s / norm_s))) for element i
/// of slice s, fl_q rounding to quotient_dtype (v's dtype but for bfloat16
/// on the fused path) and fl to v's dtype, as both of LibTorch's paths
/// compute it (fused kernel and v * (g / norm)): ±0 where the norm is +inf, ±inf where it is 0 and v_i is
/// not (NaN where v_i is 0 too), NaN where the norm is NaN. g holds one
/// value per slice in flat order (the right shape, SHAPE-3).
Tensor weight_model(const Tensor& v, const Tensor& g, DimArg dim, const Tensor& norm);

}  // namespace wn::deviations
