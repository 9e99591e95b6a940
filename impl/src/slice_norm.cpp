// The accurate p-norm of one slice (spec TOL-2). Kept apart from the slicing
// logic so the accuracy measurements can call it directly.
#include <algorithm>
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

bool SliceNorm::rounded_surely(DType dtype, double& result) const {
  if (error_bound == 0.0) {
    result = rounded(dtype);
    return true;
  }
  // Twice the bound: it also covers hi against hi + lo and the roundings of
  // the two products (each 2^-53 relative).
  const double v = std::ldexp(hi, exp);
  const double below = round_to_dtype(v * (1.0 - 2.0 * error_bound), dtype);
  const double above = round_to_dtype(v * (1.0 + 2.0 * error_bound), dtype);
  if (below != above || !std::isfinite(v)) return false;
  result = below;
  return true;
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
// x + y on the multiply-add units: fma(x, 1, y) rounds x * 1 + y once, which
// is x + y, so every sum below is bit for bit the one of plain additions.
// Why: AMD's Zen cores issue additions to two pipes and multiplies and FMAs
// to two others; TwoSum is six additions and one multiply, so the adding
// pipes were the bottleneck and the multiplying ones mostly idle. Moving
// three of the additions over halves the cycles per element there (and
// costs nothing where both kinds share the same pipes, as on Intel's cores).
inline double add_on_fma(double x, double y) { return std::fma(x, 1.0, y); }
inline double sub_on_fma(double x, double y) { return std::fma(y, -1.0, x); }

constexpr int kSquareLanes = 16;

// One TwoSum step of a chain's hi taking p (>= 0), split between the two
// kinds of pipe: hi becomes the rounded sum, the return value its error.
[[gnu::always_inline]] inline double two_sum_into(double p, double& hi) {
  const double s = hi + p;
  const double bb = s - hi;
  const double err = (hi - sub_on_fma(s, bb)) + sub_on_fma(p, bb);
  hi = s;
  return err;
}

// A chain hi + lo taking p; the error joins lo.
[[gnu::always_inline]] inline void add_to_chain(double p, double& hi, double& lo) {
  lo = add_on_fma(two_sum_into(p, hi), lo);
}

// The same with a residual that joins lo with TwoSum's error.
[[gnu::always_inline]] inline void add_to_chain(double p, double residual, double& hi, double& lo) {
  lo = add_on_fma(two_sum_into(p, hi) + residual, lo);
}

// The same taking y^2 (its fma residual too, unless the square is exact).
template <bool kExactSquares>
[[gnu::always_inline]] inline void add_square_to_chain(double y, double& hi, double& lo) {
  const double p = y * y;
  if constexpr (kExactSquares) {
    add_to_chain(p, hi, lo);
  } else {
    add_to_chain(p, std::fma(y, y, -p), hi, lo);
  }
}

// Sixteen independent double-double chains (element i goes to
// chain i % 16), laid out as arrays so the compiler can run them as vector
// lanes: consecutive additions overlap instead of waiting on each other.
// Returns how many elements went into the chains (the rest is the caller's
// tail).
//
// Always inlined, as are the templates below: each WN_FMA_CLONES wrapper must
// get its own copy, or the shared out-of-line one calls libm's fma
// (measured: 10x slower).
template <bool kExactSquares, class T>
[[gnu::always_inline]] inline std::int64_t add_squares_to_chains(const T* x, std::int64_t n, std::int64_t stride,
                                                                 double* hi, double* lo) {
  std::int64_t i = 0;
  for (; i + kSquareLanes <= n; i += kSquareLanes) {
    for (int k = 0; k < kSquareLanes; ++k) add_square_to_chain<kExactSquares>(static_cast<double>(x[(i + k) * stride]), hi[k], lo[k]);
  }
  return i;
}

// SumOfSquares::kFloat32Blocks: each chain takes, per block, the plain double
// sum of kFloat32BlockTerms exact squares (one addition an element instead
// of TwoSum's seven operations). Returns how many elements went in.
[[gnu::always_inline]] inline std::int64_t add_float32_blocks_to_chains(const float* x, std::int64_t n, double* hi,
                                                                        double* lo) {
  constexpr std::int64_t kBlock = kFloat32BlockTerms * kSquareLanes;
  std::int64_t i = 0;
  while (i + kSquareLanes <= n) {
    const std::int64_t end = i + std::min(kBlock, (n - i) / kSquareLanes * kSquareLanes);
    double part[kSquareLanes] = {};
    for (; i < end; i += kSquareLanes) {
      for (int k = 0; k < kSquareLanes; ++k) {
        const double y = static_cast<double>(x[i + k]);
        part[k] += y * y;
      }
    }
    for (int k = 0; k < kSquareLanes; ++k) add_to_chain(part[k], hi[k], lo[k]);
  }
  return i;
}

// The chains and the tail (x[done..n)) into sum. The chains merge pairwise,
// halving their number each round (4 rounds of independent additions that
// vectorise, not 16 dependent ones: with one slice of 1,024 elements per call
// the merge was a third of the time).
template <class T>
[[gnu::always_inline]] inline void merge_chains(double* hi, double* lo, const T* x, std::int64_t done, std::int64_t n,
                                                std::int64_t stride, bool exact_squares, DoubleDouble& sum) {
  DoubleDouble tail;
  for (std::int64_t i = done; i < n; ++i) add_square(tail, static_cast<double>(x[i * stride]), exact_squares);
  for (int width = kSquareLanes / 2; width >= 1; width /= 2) {
    for (int k = 0; k < width; ++k) {
      DoubleDouble d{hi[k], lo[k]};
      d.add(DoubleDouble{hi[k + width], lo[k + width]});
      hi[k] = d.hi;
      lo[k] = d.lo;
    }
  }
  sum.add(DoubleDouble{hi[0], lo[0]});
  sum.add(tail);
}

template <bool kExactSquares, class T>
[[gnu::always_inline]] inline void add_squares_in_lanes(const T* x, std::int64_t n, std::int64_t stride, DoubleDouble& sum) {
  double hi[kSquareLanes] = {}, lo[kSquareLanes] = {};
  // Contiguous runs (every call from the slicing) get their own copy with
  // the stride a constant, so the loads vectorise: with a run-time stride
  // the float32 loop converted element by element and took 2.4x float64's
  // time at 10^6 elements.
  const std::int64_t done = stride == 1 ? add_squares_to_chains<kExactSquares>(x, n, 1, hi, lo)
                                        : add_squares_to_chains<kExactSquares>(x, n, stride, hi, lo);
  merge_chains(hi, lo, x, done, n, stride, kExactSquares, sum);
}
}  // namespace

template <class T>
[[gnu::always_inline]] inline void add_squares_any(const T* x, std::int64_t n, std::int64_t stride, bool exact_squares, DoubleDouble& sum) {
  if (exact_squares) {
    add_squares_in_lanes<true>(x, n, stride, sum);
  } else {
    add_squares_in_lanes<false>(x, n, stride, sum);
  }
}

template <bool kExactSquares, class T>
[[gnu::always_inline]] inline void add_squares_elementwise_in(const T* x, std::int64_t rows, std::int64_t row_stride,
                                                              std::int64_t n, double* hi, double* lo) {
  // x never lies in hi or lo: saying so (__restrict) lets the loop vectorise.
  // Two rows per pass over the chains, one after the other in each (the same
  // operations as one row at a time, half the loads and stores of hi and lo).
  const T* __restrict in = x;
  double* __restrict h = hi;
  double* __restrict l = lo;
  std::int64_t r = 0;
  for (; r + 2 <= rows; r += 2) {
    const T* a = in + r * row_stride;
    const T* b = a + row_stride;
    for (std::int64_t i = 0; i < n; ++i) {
      double hv = h[i], lv = l[i];
      add_square_to_chain<kExactSquares>(static_cast<double>(a[i]), hv, lv);
      add_square_to_chain<kExactSquares>(static_cast<double>(b[i]), hv, lv);
      h[i] = hv;
      l[i] = lv;
    }
  }
  for (; r < rows; ++r) {
    const T* a = in + r * row_stride;
    for (std::int64_t i = 0; i < n; ++i) add_square_to_chain<kExactSquares>(static_cast<double>(a[i]), h[i], l[i]);
  }
}

template <class T>
[[gnu::always_inline]] inline void add_squares_elementwise_any(const T* x, std::int64_t rows, std::int64_t row_stride,
                                                               std::int64_t n, bool exact_squares, double* hi,
                                                               double* lo) {
  if (exact_squares) {
    add_squares_elementwise_in<true>(x, rows, row_stride, n, hi, lo);
  } else {
    add_squares_elementwise_in<false>(x, rows, row_stride, n, hi, lo);
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
void add_float32_squares_in_blocks(const float* x, std::int64_t n, DoubleDouble& sum) {
  double hi[kSquareLanes] = {}, lo[kSquareLanes] = {};
  const std::int64_t done = add_float32_blocks_to_chains(x, n, hi, lo);
  merge_chains(hi, lo, x, done, n, 1, true, sum);
}

WN_FMA_CLONES
void add_float32_squares_elementwise(const float* x, std::int64_t rows, std::int64_t row_stride, std::int64_t n,
                                     double* partial) {
  // Up to four rows per pass over partial (a load and a store an element
  // each pass were most of the time with one row).
  const float* __restrict in = x;
  double* __restrict out = partial;
  std::int64_t r = 0;
  for (; r + 4 <= rows; r += 4) {
    const float* a = in + r * row_stride;
    const float* b = a + row_stride;
    const float* c = b + row_stride;
    const float* d = c + row_stride;
    for (std::int64_t i = 0; i < n; ++i) {
      const double ya = a[i], yb = b[i], yc = c[i], yd = d[i];
      out[i] += (ya * ya + yb * yb) + (yc * yc + yd * yd);
    }
  }
  for (; r < rows; ++r) {
    const float* a = in + r * row_stride;
    for (std::int64_t i = 0; i < n; ++i) {
      const double y = a[i];
      out[i] += y * y;
    }
  }
}

WN_FMA_CLONES
void fold_partial_sums(double* partial, std::int64_t n, double* hi, double* lo) {
  double* __restrict p = partial;
  double* __restrict h = hi;
  double* __restrict l = lo;
  for (std::int64_t i = 0; i < n; ++i) {
    add_to_chain(p[i], h[i], l[i]);
    p[i] = 0.0;
  }
}

WN_FMA_CLONES
void add_squares_elementwise(const double* x, std::int64_t rows, std::int64_t row_stride, std::int64_t n,
                             bool exact_squares, double* hi, double* lo) {
  add_squares_elementwise_any(x, rows, row_stride, n, exact_squares, hi, lo);
}

WN_FMA_CLONES
void add_squares_elementwise(const float* x, std::int64_t rows, std::int64_t row_stride, std::int64_t n,
                             bool exact_squares, double* hi, double* lo) {
  add_squares_elementwise_any(x, rows, row_stride, n, exact_squares, hi, lo);
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
