// The accurate p-norm of one slice (spec TOL-2). Kept apart from the slicing
// logic so the accuracy measurements can call it directly.
#include <cmath>
#include <limits>

#include "wn/norm_except_dim.hpp"

namespace wn {
namespace {

// An unevaluated sum hi + lo of two doubles (a "double-double"): about 106
// significant bits, enough that n <= 2^40 rounding errors stay below 2^-40 ulp
// of a double result.
struct DoubleDouble {
  double hi = 0.0, lo = 0.0;

  // Knuth's TwoSum: hi + x exactly as s + err; the error joins lo.
  void add(double x) {
    const double s = hi + x;
    const double bb = s - hi;
    const double err = (hi - (s - bb)) + (x - bb);
    hi = s;
    lo += err;
  }
  // y*y exactly as p + fma's residual, both added.
  void add_square(double y) {
    const double p = y * y;
    const double residual = std::fma(y, y, -p);
    add(p);
    lo += residual;
  }
  long double value() const { return static_cast<long double>(hi) + static_cast<long double>(lo); }
};

constexpr long double kNaN = std::numeric_limits<long double>::quiet_NaN();
constexpr long double kInf = std::numeric_limits<long double>::infinity();

long double euclidean(const double* x, std::int64_t n, std::int64_t stride) {
  double m = 0.0;
  bool has_inf = false;
  for (std::int64_t i = 0; i < n; ++i) {
    const double a = std::fabs(x[i * stride]);
    if (std::isnan(a)) return kNaN;
    if (std::isinf(a)) has_inf = true;
    if (a > m) m = a;
  }
  if (has_inf) return kInf;
  if (m == 0.0) return 0.0L;
  // Scale by a power of two so the largest |x| lies in [1, 2): squares can
  // neither overflow nor lose the large terms to underflow. Scaling is exact
  // except for terms so small that their squares are below 2^-1000 of the sum.
  const int e = std::ilogb(m);
  DoubleDouble sum;
  for (std::int64_t i = 0; i < n; ++i) sum.add_square(std::ldexp(x[i * stride], -e));
  // sqrt(hi + lo) to about 106 bits: r = sqrt(hi), then one Newton correction
  // using the exact residual hi - r*r.
  const double r = std::sqrt(sum.hi);
  const double residual = std::fma(-r, r, sum.hi) + sum.lo;
  const long double root = static_cast<long double>(r) + static_cast<long double>(residual) / (2.0L * r);
  return std::ldexp(root, e);
}

long double manhattan(const double* x, std::int64_t n, std::int64_t stride) {
  DoubleDouble sum;
  for (std::int64_t i = 0; i < n; ++i) {
    const double a = std::fabs(x[i * stride]);
    if (std::isnan(a)) return kNaN;
    if (std::isinf(a)) return kInf;
    sum.add(a);
  }
  return sum.value();
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
    case 2: return euclidean(values, n, stride);
    case 1: return manhattan(values, n, stride);
    case 0: return count_nonzero(values, n, stride);
    default: return general(values, n, stride, pow);
  }
}

}  // namespace wn
