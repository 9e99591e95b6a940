// The accurate p-norm of one slice (spec TOL-2). Kept apart from the slicing
// logic so the accuracy measurements can call it directly.
#include <cmath>
#include <limits>

#include "double_double.hpp"
#include "wn/norm_except_dim.hpp"

namespace wn {
namespace detail {

long double SliceNorm::value() const {
  return std::ldexp(static_cast<long double>(hi) + static_cast<long double>(lo), exp);
}

namespace {
// hi + lo (|lo| at most half an ulp of hi in double) rounded once to a
// dtype narrower than double. Rounding hi alone is right unless hi is exactly
// halfway between two values of the dtype: then lo's sign decides (when lo is
// 0 the rounding's ties-to-even is right). hi is halfway exactly when its two
// neighbouring doubles round to different values, since a halfway point of
// the dtype is itself a double.
double round_pair_to_narrow(double hi, double lo, DType dtype) {
  const double r = round_to_dtype(hi, dtype);
  if (r == hi || lo == 0.0 || !std::isfinite(hi)) return r;
  const double inf = std::numeric_limits<double>::infinity();
  const double up = round_to_dtype(std::nextafter(hi, inf), dtype);
  const double down = round_to_dtype(std::nextafter(hi, -inf), dtype);
  if (up == down) return r;
  return lo > 0.0 ? up : down;
}
}  // namespace

double SliceNorm::rounded(DType dtype) const {
  switch (dtype) {
    case DType::Float64:
      // One rounding of hi + lo; the power of two is exact for normal results.
      return exp == 0 ? hi + lo : std::ldexp(hi + lo, exp);
    case DType::Float32:
    case DType::Float16:
    case DType::BFloat16: return round_pair_to_narrow(std::ldexp(hi, exp), std::ldexp(lo, exp), dtype);
  }
  return round_pair_to_narrow(std::ldexp(hi, exp), std::ldexp(lo, exp), dtype);
}

namespace {
// y*y exactly as p + residual, both added to sum.
inline void add_square(DoubleDouble& sum, double y, bool exact_squares) {
  const double p = y * y;
  sum.add(p);
  if (!exact_squares) sum.lo += std::fma(y, y, -p);
}
}  // namespace

namespace {
// Eight independent double-double chains, laid out as arrays so the compiler
// can run them as vector lanes: consecutive additions overlap instead of
// waiting on each other. Merging them is one more double-double addition each.
constexpr int kLanes = 8;

template <bool kExactSquares, class T>
inline void add_squares_in_lanes(const T* x, std::int64_t n, std::int64_t stride, DoubleDouble& sum) {
  double hi[kLanes] = {}, lo[kLanes] = {};
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int k = 0; k < kLanes; ++k) {
      const double y = static_cast<double>(x[(i + k) * stride]);
      const double p = y * y;
      const double s = hi[k] + p;
      const double bb = s - hi[k];
      const double err = (hi[k] - (s - bb)) + (p - bb);
      hi[k] = s;
      lo[k] += kExactSquares ? err : err + std::fma(y, y, -p);
    }
  }
  DoubleDouble tail;
  for (; i < n; ++i) add_square(tail, static_cast<double>(x[i * stride]), kExactSquares);
  for (int k = 0; k < kLanes; ++k) sum.add(DoubleDouble{hi[k], lo[k]});
  sum.add(tail);
}
}  // namespace

template <class T>
inline void add_squares_any(const T* x, std::int64_t n, std::int64_t stride, bool exact_squares, DoubleDouble& sum) {
  // Contiguous runs (every call from the slicing) get their own copy with
  // the stride a constant, so the loads vectorise: with a run-time stride
  // the float32 loop converted element by element and took 2.4x float64's
  // time at 10^6 elements.
  if (stride == 1) {
    if (exact_squares) {
      add_squares_in_lanes<true>(x, n, 1, sum);
    } else {
      add_squares_in_lanes<false>(x, n, 1, sum);
    }
  } else if (exact_squares) {
    add_squares_in_lanes<true>(x, n, stride, sum);
  } else {
    add_squares_in_lanes<false>(x, n, stride, sum);
  }
}

template <class T>
inline void add_squares_elementwise_any(const T* x, std::int64_t n, bool exact_squares, DoubleDouble* sums) {
  // x never lies in sums: saying so (__restrict) lets the loops vectorise.
  const T* __restrict in = x;
  DoubleDouble* __restrict out = sums;
  if (exact_squares) {
    for (std::int64_t i = 0; i < n; ++i) add_square(out[i], static_cast<double>(in[i]), true);
  } else {
    for (std::int64_t i = 0; i < n; ++i) add_square(out[i], static_cast<double>(in[i]), false);
  }
}

WN_FMA_CLONES
void add_squares(const double* x, std::int64_t n, std::int64_t stride, bool exact_squares, DoubleDouble& sum) {
  add_squares_any(x, n, stride, exact_squares, sum);
}

WN_FMA_CLONES
void add_squares(const float* x, std::int64_t n, std::int64_t stride, bool exact_squares, DoubleDouble& sum) {
  add_squares_any(x, n, stride, exact_squares, sum);
}

WN_FMA_CLONES
void add_squares_elementwise(const double* x, std::int64_t n, bool exact_squares, DoubleDouble* sums) {
  add_squares_elementwise_any(x, n, exact_squares, sums);
}

WN_FMA_CLONES
void add_squares_elementwise(const float* x, std::int64_t n, bool exact_squares, DoubleDouble* sums) {
  add_squares_elementwise_any(x, n, exact_squares, sums);
}

bool unscaled_sum_is_safe(const DoubleDouble& s) {
  return std::isfinite(s.hi) && std::isfinite(s.lo) && s.hi >= 0x1p-900 && s.hi <= 0x1p1000;
}

SliceNorm root_of(const DoubleDouble& s, int exp_of_result) {
  if (s.hi == 0.0) return {};
  // sqrt(hi + lo) to about 106 bits: r = sqrt(hi), then one Newton correction
  // using the exact residual hi - r*r.
  const double r = std::sqrt(s.hi);
  const double residual = std::fma(-r, r, s.hi) + s.lo;
  return {r, residual / (2.0 * r), exp_of_result};
}

SliceNorm scaled_euclidean_norm(const double* x, std::int64_t n, std::int64_t stride) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  double m = 0.0;
  bool has_inf = false;
  for (std::int64_t i = 0; i < n; ++i) {
    const double a = std::fabs(x[i * stride]);
    if (std::isnan(a)) return {kNaN, 0.0, 0};
    if (std::isinf(a)) has_inf = true;
    if (a > m) m = a;
  }
  if (has_inf) return {kInf, 0.0, 0};
  if (m == 0.0) return {};
  // Scale by a power of two so the largest |x| lies in [1, 2): squares can
  // neither overflow nor lose the large terms to underflow. Scaling is exact
  // except for terms so small that their squares are below 2^-1000 of the sum.
  const int e = std::ilogb(m);
  DoubleDouble sum;
  for (std::int64_t i = 0; i < n; ++i) add_square(sum, std::ldexp(x[i * stride], -e), false);
  return root_of(sum, e);
}

}  // namespace detail

namespace {

constexpr long double kNaN = std::numeric_limits<long double>::quiet_NaN();
constexpr long double kInf = std::numeric_limits<long double>::infinity();
using detail::DoubleDouble;

long double manhattan(const double* x, std::int64_t n, std::int64_t stride) {
  DoubleDouble sum;
  for (std::int64_t i = 0; i < n; ++i) {
    const double a = std::fabs(x[i * stride]);
    if (std::isnan(a)) return kNaN;
    if (std::isinf(a)) return kInf;
    sum.add(a);
  }
  return static_cast<long double>(sum.hi) + static_cast<long double>(sum.lo);
}

long double count_nonzero(const double* x, std::int64_t n, std::int64_t stride) {
  std::int64_t count = 0;
  for (std::int64_t i = 0; i < n; ++i) count += (x[i * stride] != 0.0);  // NaN != 0 counts
  return static_cast<long double>(count);
}

// (sum |x|^p)^(1/p) for any other integer p, scaled by the largest |x| (p > 0)
// or the smallest non-zero |x| (p < 0) so the powers stay in range.
long double general(const double* x, std::int64_t n, std::int64_t stride, std::int64_t p) {
  long double scale = p > 0 ? 0.0L : kInf;
  for (std::int64_t i = 0; i < n; ++i) {
    const long double a = std::fabs(static_cast<long double>(x[i * stride]));
    if (std::isnan(a)) return kNaN;
    if (p > 0) {
      if (std::isinf(a)) return kInf;
      if (a > scale) scale = a;
    } else {
      if (a == 0.0L) return 0.0L;  // |0|^p is infinite for p < 0: the norm is 0
      if (a < scale) scale = a;
    }
  }
  if (p > 0 && scale == 0.0L) return 0.0L;
  if (std::isinf(scale)) return kInf;  // p < 0 and every element infinite
  long double sum = 0.0L;
  for (std::int64_t i = 0; i < n; ++i) {
    sum += std::pow(std::fabs(static_cast<long double>(x[i * stride])) / scale, static_cast<long double>(p));
  }
  return scale * std::pow(sum, 1.0L / static_cast<long double>(p));
}

}  // namespace

long double slice_norm(const double* values, std::int64_t n, std::int64_t stride, std::int64_t pow) {
  switch (pow) {
    case 2: return detail::scaled_euclidean_norm(values, n, stride).value();
    case 1: return manhattan(values, n, stride);
    case 0: return count_nonzero(values, n, stride);
    default: return general(values, n, stride, pow);
  }
}

}  // namespace wn
