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

/// Squares per chain and block in add_float32_squares_in_blocks (and rows
/// per fold in the elementwise form): each block's plain double sum of at
/// most 64 non-negative exact terms is within 63 * 2^-53 < 2^-47 of exact.
constexpr std::int64_t kFloat32BlockTerms = 64;
/// The relative error bound of a sum of squares built from such blocks
/// (2^-47, plus the double-double's 2^-100 and a margin): also bounds the
/// norm's, which is half of it plus the square root's 2^-100.
constexpr double kFloat32BlockSumError = 0x1p-46;

/// A norm as (hi + lo) * 2^exp, hi + lo good to about 2^-100 relative, or
/// to error_bound relative when that is not 0, not yet rounded to any dtype.
struct SliceNorm {
  double hi = 0.0, lo = 0.0;
  int exp = 0;
  /// 0: the double-double's accuracy (every rounding below is correct);
  /// kFloat32BlockSumError for a norm from float32 blocks.
  double error_bound = 0.0;

  /// The value in extended precision (64 significant bits).
  long double value() const;
  /// The value rounded once to `dtype`, to nearest: correctly rounded from
  /// the double-double for every result in the dtype's normal range.
  double rounded(DType dtype) const;
  /// rounded(dtype) when it is certainly the exact norm correctly rounded:
  /// always for error_bound 0, otherwise when both ends of the interval the
  /// bound allows round to the same value. Else false (recompute exactly).
  bool rounded_surely(DType dtype, double& result) const;
};

/// Adds the squares of `n` values `stride` apart to `sum`, exactly except
/// for the final double-double additions. `exact_squares`: every value has at
/// most 26 significant bits (float32 data), so y*y is exact in double and the
/// fused multiply-add for its residual is skipped.
void add_squares(const double* x, std::int64_t n, std::int64_t stride, bool exact_squares, DoubleDouble& sum);
/// The same for float32's native storage (squares always exact).
void add_squares(const float* x, std::int64_t n, std::int64_t stride, bool exact_squares, DoubleDouble& sum);

/// SumOfSquares::kFloat32Blocks for a contiguous run of float32 data: the
/// squares summed in plain double, kFloat32BlockTerms per chain at a time,
/// each block's sum then added to the double-double chains. The result is
/// within kFloat32BlockSumError (relative) of exact, for about a fifth of
/// the work of add_squares (measured: benchmarks/README.md).
void add_float32_squares_in_blocks(const float* x, std::int64_t n, DoubleDouble& sum);
/// partial[i] += sum over r < rows of x[r * row_stride + i]^2, in plain
/// double (exact squares): float32 rows into n slices' partial sums, to be
/// folded every kFloat32BlockTerms rows (any order of at most that many
/// terms keeps the block's bound).
void add_float32_squares_elementwise(const float* x, std::int64_t rows, std::int64_t row_stride, std::int64_t n,
                                     double* partial);
/// hi[i] + lo[i] += partial[i] (TwoSum), then partial[i] = 0, for i < n.
void fold_partial_sums(double* partial, std::int64_t n, double* hi, double* lo);

/// hi[i] + lo[i] += x[r * row_stride + i]^2 for each row r < rows (in that
/// order) and i < n: rows of a tensor normed over its last dim, one element
/// into each of n slices, the double-doubles held as two arrays so the loop
/// vectorises.
void add_squares_elementwise(const double* x, std::int64_t rows, std::int64_t row_stride, std::int64_t n,
                             bool exact_squares, double* hi, double* lo);
/// The same for float32's native storage.
void add_squares_elementwise(const float* x, std::int64_t rows, std::int64_t row_stride, std::int64_t n,
                             bool exact_squares, double* hi, double* lo);

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
