/// @file
/// The tolerance policy (spec TOL-1): how far an implementation under test
/// may be from the exact result, derived from a rounding-error analysis.
///
/// Let u be the dtype's unit roundoff (2^-24 for float32, 2^-53 for float64)
/// and n the number of elements in a slice.
///
/// Norm. An implementation that squares each element (one rounding each) and
/// adds the n squares in any order in the data's precision has a relative
/// error in the sum of squares of at most (n - 1)u + u = n u to first order
/// (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., eq. 4.4
/// with the square's own rounding). The square root halves a relative error
/// and adds one rounding: |n_iut / ||v|| - 1| <= (n/2 + 1) u. Squares that
/// land below the normal range lose up to half a subnormal each; that adds
/// n * min_subnormal / (4 ||v||) relative, which matters only in EDGE-2's
/// extreme regime.
///
/// Compose. LibTorch forms s = g / n then w = v * s (two more roundings), so
/// each element of w is within (n/2 + 3) u of exact, relative, plus
/// (|v| + 1) * min_subnormal absolute for results near the subnormal range.
///
/// The reference is within 0.5 ulp (norm) and 1 ulp (w) of exact (TOL-2),
/// i.e. within u and 2u relative. Comparing an implementation with the
/// reference therefore allows the sum of the two bounds; comparing two
/// results of the same implementation allows twice its bound.
///
/// The gradients' bounds (GRAD-1, GRAD-2, GRAD-5), per element, are in gradient_tolerance.hpp.
///
/// These are worst-case bounds. Measured (spec TOL-3, `wn_accuracy`, errors
/// against an MPFR exact result, LibTorch 1.13 CPU): LibTorch uses at most
/// 0.39 of the norm bound and 0.51 of the weight bound on slices of up to 54
/// elements (1.5 and 2.5 ulps), and 0.002 of them at n = 10^5 (74 and 104
/// ulps), outside DEV-1's overflow and underflow; nothing exceeds a bound.
/// The reference measures at most 0.49995 ulp (norm) and 0.5006 ulp (weight).
/// The bounds are not tightened from these samples: half of the small-slice
/// bound is used already, and random data says nothing of adversarial data.
#pragma once

#include <cstdint>
#include <string>

#include "wn/dtype.hpp"
#include "wn/tensor.hpp"

/// Core checking: the spec's tolerances (TOL-1, TOL-2, GRAD-7) and comparisons, written once
/// and shared by the properties, the accuracy tools and the vector checker. No test framework.
namespace wn::check {

/// An allowed error: |a - b| <= rel * |expected| + abs.
struct Tolerance {
  double rel = 0.0;  ///< relative part, times the expected value
  double abs = 0.0;  ///< absolute part (times the scale, when one is given)
  std::string source;  ///< one line saying where the bound comes from
};

/// An implementation's norm of a slice of `n` elements against the exact norm.
/// Measured (TOL-3): LibTorch uses up to 0.39 of it (n <= 54), 0.002 (n = 10^5).
Tolerance norm_tolerance(DType dtype, std::int64_t n);
/// An implementation's weight element, slices of `n` elements, against exact.
/// Measured (TOL-3): LibTorch uses up to 0.51 of it (n <= 54), 0.002 (n = 10^5).
Tolerance weight_tolerance(DType dtype, std::int64_t n);
/// An implementation's p-norm (p != 2) of `n` elements against exact: each
/// |x|^p within 2u (a pow of about 1 ulp, and the absolute value exact), the
/// sum adds (n - 1)u, and the 1/p-th power divides the relative error by |p|
/// and adds 2u: ((n + 1)/|p| + 2)u, rounded up to ((n + 2)/|p| + 3)u. p = 0
/// counts non-zero elements: exact.
Tolerance power_norm_tolerance(DType dtype, std::int64_t n, std::int64_t p);
/// The reference against exact: 0.5 ulp for norms (TOL-2), as relative.
/// Measured (TOL-3): at most 0.49995 ulp in every regime, both dtypes.
Tolerance reference_norm_tolerance(DType dtype);
/// The reference against exact: 1 ulp for weights (TOL-2), as relative.
/// Measured (TOL-3): at most 0.5006 ulp (float64), 0.49999 ulp (float32).
Tolerance reference_weight_tolerance(DType dtype);

/// The error `tol` allows for one element whose expected value is `expected`:
/// rel |expected| + abs (|scale| + 1) when an absolute scale is given (a
/// weight's |v_i|: its subnormal term, TOL-1), rel |expected| + abs otherwise.
/// compare() applies exactly this; the accuracy tools use it per element.
double allowed_error(const Tolerance& tol, double expected, const double* scale = nullptr);

/// What the reference claims for its norms (TOL-2), in ulps of the exact
/// value; reference_norm_tolerance is this claim as a relative bound (1 ulp <= 2u).
inline constexpr double kReferenceNormClaimUlps = 0.5;
/// What the reference claims for its weights (TOL-2), in ulps of the exact
/// value; reference_weight_tolerance is this claim as a relative bound.
inline constexpr double kReferenceWeightClaimUlps = 1.0;

/// a + b: both rel and abs added, sources joined.
Tolerance operator+(const Tolerance& a, const Tolerance& b);
/// k times a bound (two results of one implementation: 2x).
Tolerance operator*(double k, const Tolerance& t);

/// The outcome of comparing two tensors element by element.
struct Comparison {
  bool ok = true;       ///< every element within the bound
  std::string message;  ///< empty when ok; else the worst element, both values, the bound
};

/// Compares `actual` with `expected` elementwise under `tol` (scaled per
/// element by |expected| and, when given, by the matching |scale_by| for the
/// absolute part). Shapes and dtypes must match exactly. NaN matches NaN and
/// equal infinities match; nothing else non-finite does.
Comparison compare(const Tensor& actual, const Tensor& expected, const Tolerance& tol,
                   const Tensor* abs_scale = nullptr);

/// Exact equality, bit for bit: shapes, dtypes, values, signs of zeros.
Comparison compare_identical(const Tensor& actual, const Tensor& expected);

}  // namespace wn::check
