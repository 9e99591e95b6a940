// Double-double sums of squares and the Euclidean norm they give (internal;
// spec TOL-2). Shared by the one-slice entry point (slice_norm.cpp) and the
// whole-tensor pass (slices.cpp).
#pragma once

#include <cstdint>

#include "wn/dtype.hpp"

// Function multiversioning: on x86-64 with GCC or Clang the square loops get
// an FMA clone chosen at load time, so std::fma is one instruction instead of
// a libm call, without requiring FMA of the machine running the binary.
#if defined(__x86_64__) && defined(__GNUC__) && defined(__ELF__)
#define WN_FMA_CLONES __attribute__((target_clones("fma", "default")))
#else
#define WN_FMA_CLONES
#endif

namespace wn::detail {

/// An unevaluated sum hi + lo of two doubles: about 106 significant bits.
struct DoubleDouble {
  double hi = 0.0, lo = 0.0;

  /// Knuth's TwoSum: hi + x exactly as s + err; the error joins lo.
  void add(double x) {
    const double s = hi + x;
    const double bb = s - hi;
    const double err = (hi - (s - bb)) + (x - bb);
    hi = s;
    lo += err;
  }
  void add(const DoubleDouble& other) {
    add(other.hi);
    lo += other.lo;
  }
};

/// A norm as (hi + lo) * 2^exp, hi + lo good to about 2^-100 relative, not
/// yet rounded to any dtype.
struct SliceNorm {
  double hi = 0.0, lo = 0.0;
  int exp = 0;

  /// The value in extended precision (64 significant bits).
  long double value() const;
  /// The value rounded once to `dtype`, to nearest: correctly rounded from
  /// the double-double for every result in the dtype's normal range.
  double rounded(DType dtype) const;
};

/// Adds the squares of `n` values `stride` apart to `sum`, exactly except
/// for the final double-double additions. `exact_squares`: every value has at
/// most 26 significant bits (float32 data), so y*y is exact in double and the
/// fused multiply-add for its residual is skipped.
void add_squares(const double* x, std::int64_t n, std::int64_t stride, bool exact_squares, DoubleDouble& sum);
/// The same for float32's native storage (squares always exact).
void add_squares(const float* x, std::int64_t n, std::int64_t stride, bool exact_squares, DoubleDouble& sum);

/// sums[i] += x[i]^2 for i < n: one element into each of n slices (a row of a
/// tensor normed over its last dim).
void add_squares_elementwise(const double* x, std::int64_t n, bool exact_squares, DoubleDouble* sums);
/// The same for float32's native storage.
void add_squares_elementwise(const float* x, std::int64_t n, bool exact_squares, DoubleDouble* sums);

/// Whether an unscaled sum of squares is trustworthy: finite, no square can
/// have overflowed (sum <= 2^1000), and squares lost to underflow (at most
/// 2^-1074 each) are below 2^-170 of the sum (sum >= 2^-900, n <= 2^60).
bool unscaled_sum_is_safe(const DoubleDouble& sum_of_squares);

/// sqrt(sum) * 2^exp_of_result as a SliceNorm: one square root and one
/// Newton correction with the exact residual (about 106 bits).
SliceNorm root_of(const DoubleDouble& sum_of_squares, int exp_of_result);

/// The Euclidean norm of `n` values `stride` apart, robust in every regime:
/// scales by a power of two so the largest |x| is in [1, 2) (two passes).
/// NaN for a NaN element, +inf for an infinite one, 0 for all zeros.
SliceNorm scaled_euclidean_norm(const double* x, std::int64_t n, std::int64_t stride);

}  // namespace wn::detail
