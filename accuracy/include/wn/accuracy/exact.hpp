/// @file
/// An exact reference for measuring accuracy (spec TOL-2, TOL-3): the
/// Euclidean norm, the composed weight and its first derivatives (GRAD-1,
/// GRAD-2) computed with MPFR at 256 bits,
/// far more than any error to be measured, and rounded once at the end.
///
/// It is independent of impl/ on purpose: the reference's own accuracy is
/// what it measures. It is slow (an MPFR operation per element) and only
/// used by the accuracy program and its tests, never by the property suite.
#pragma once

#include <cstdint>
#include <vector>

#include "wn/dim.hpp"
#include "wn/tensor.hpp"

namespace wn::accuracy {

/// Bits of MPFR precision used for every exact computation. The sum of n
/// squares and a square root and a division lose at most a few units of
/// 2^-256 each, so the value below is exact to far better than 2^-200.
inline constexpr long kExactPrecisionBits = 256;

/// A real number known far beyond double precision, kept as what the
/// measurements need: its rounding to each dtype and, per dtype, how far the
/// exact value lies from that rounding in ulps of the exact value (computed
/// in MPFR, so exact to ~2^-200 even in the subnormal range, where a plain
/// double residual would underflow).
struct ExactValue {
  double nearest = 0.0;          ///< rounded once to float64 (to nearest; +-inf beyond range; NaN)
  float nearest_float32 = 0.0f;  ///< rounded once to float32
  double residual = 0.0;         ///< exact - nearest, rounded to double (0 when it underflows)
  double ulp64 = 0.0;     ///< the spacing of float64 at |exact|
  double ulp32 = 0.0;     ///< the spacing of float32 at |exact|
  double offset64 = 0.0;  ///< (exact - nearest) / ulp64, in [-0.5, 0.5]
  double offset32 = 0.0;  ///< (exact - nearest_float32) / ulp32, in [-0.5, 0.5]
  bool zero = false;      ///< the exact value is 0 (not merely one that rounds to 0)

  /// The value rounded once to `dtype` (spec TOL-2's "exact, rounded once").
  double rounded(DType dtype) const;
};

/// The Euclidean norm of `n` values `stride` apart. NaN for a NaN element,
/// +inf for an infinite one (EDGE-3), 0 for an empty or all-zero slice.
ExactValue exact_norm(const double* values, std::int64_t n, std::int64_t stride = 1);

/// norm_except_dim(v, 2, dim) exactly, one value per slice in the order of
/// the result's elements (spec NORM-1, NORM-2). Throws wn::InvalidArgument
/// for a bad dim as the reference does.
std::vector<ExactValue> exact_norm_except_dim(const Tensor& v, DimArg dim);

/// weight_norm(v, g, dim) = v * g / ||v|| exactly, one value per element of v
/// (spec COMP-1). g must have one element per slice (SHAPE-3 is not checked
/// here: the measurements build valid g).
std::vector<ExactValue> exact_weight_norm(const Tensor& v, const Tensor& g, DimArg dim);

/// The first derivatives of weight_norm exactly (spec GRAD-1, GRAD-2): one
/// value per element of v (grad_v) and one per slice (grad_g).
struct ExactGradients {
  std::vector<ExactValue> grad_v;  ///< dL/dv, in v's element order
  std::vector<ExactValue> grad_g;  ///< dL/dg, one per slice in g's element order
};

/// weight_norm_backward(grad_w, v, g, dim) exactly: per slice, with
/// s = ‖v‖², r = √s and a = <grad_w, v>,
///
///   grad_g = a / r,   grad_v_i = g (grad_w_i s - a v_i) / (r s).
///
/// s, a and each numerator g (grad_w_i s - a v_i) are computed exactly (in
/// as many bits as the exponents of v and grad_w span, at least
/// kExactPrecisionBits), so a grad_v element that cancels, even to far below
/// its terms, is still exact to ~2^-250 relative; only the root and two
/// divisions round. A zero slice gives NaN, as the reference's gradient
/// does. grad_w must have v's element count and g one element per slice
/// (wn::InvalidArgument otherwise).
ExactGradients exact_weight_norm_backward(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim);

/// exact_weight_norm_backward's grad_g alone (it does not depend on g), at a
/// fraction of the cost: no per-element division.
std::vector<ExactValue> exact_grad_g(const Tensor& grad_w, const Tensor& v, DimArg dim);

/// The values rounded once to `dtype` as a tensor of `shape`.
Tensor rounded_tensor(const std::vector<ExactValue>& exact, DType dtype, Shape shape);

/// |computed - exact| in units in the last place of the exact value in
/// `dtype` (the spacing of `dtype` at |exact|, subnormal spacing below the
/// normal range). 0.5 is a correctly rounded result. +inf when exactly one of
/// the two is non-finite or the infinities differ; 0 when both are NaN or
/// equal infinities.
double error_in_ulps(double computed, const ExactValue& exact, DType dtype);

/// The spacing of `dtype` values at |x| (x finite; the subnormal spacing
/// below the normal range).
double ulp_of(double x, DType dtype);

}  // namespace wn::accuracy
