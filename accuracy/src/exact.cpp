// The MPFR exact reference. Every intermediate is an mpfr_t of
// kExactPrecisionBits: squares and products of doubles are exact at that
// precision, sums of up to 2^100 of them lose less than 2^-150 relative.
#include "wn/accuracy/exact.hpp"

#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "wn/errors.hpp"

namespace wn::accuracy {
namespace {

// An mpfr_t that frees itself.
class Real {
 public:
  explicit Real(long bits = kExactPrecisionBits) { mpfr_init2(x_, bits); mpfr_set_zero(x_, 1); }
  ~Real() { mpfr_clear(x_); }
  /// Sets the precision (and the value to +0).
  void set_precision(long bits) { mpfr_set_prec(x_, bits); mpfr_set_zero(x_, 1); }
  Real(const Real&) = delete;
  Real& operator=(const Real&) = delete;
  mpfr_ptr get() { return x_; }
  mpfr_srcptr get() const { return x_; }

 private:
  mpfr_t x_;
};

// The spacing of `dtype` at |r| for a finite non-zero r: 2^(e - p) for r in
// [2^(e-1), 2^e), never below the subnormal spacing.
double ulp_at(const Real& r, DType dtype) {
  const auto& t = traits(dtype);
  const long e = mpfr_get_exp(r.get());
  const long min_e = std::ilogb(t.min_normal) + 1;  // -125 for float32, -1021 for float64
  return std::ldexp(1.0, static_cast<int>(std::max(e, min_e)) - t.mantissa_bits);
}

// (r - nearest) / ulp, exactly enough.
double offset_in_ulps(const Real& r, double nearest, double ulp) {
  Real diff;
  mpfr_sub_d(diff.get(), r.get(), nearest, MPFR_RNDN);
  mpfr_div_d(diff.get(), diff.get(), ulp, MPFR_RNDN);
  return mpfr_get_d(diff.get(), MPFR_RNDN);
}

ExactValue to_exact(const Real& r) {
  ExactValue e;
  e.nearest = mpfr_get_d(r.get(), MPFR_RNDN);
  e.nearest_float32 = mpfr_get_flt(r.get(), MPFR_RNDN);
  if (!mpfr_number_p(r.get())) return e;
  if (mpfr_zero_p(r.get())) {
    e.zero = true;
    e.ulp64 = traits(DType::Float64).min_subnormal;
    e.ulp32 = traits(DType::Float32).min_subnormal;
    return e;
  }
  e.ulp64 = ulp_at(r, DType::Float64);
  e.ulp32 = ulp_at(r, DType::Float32);
  if (std::isfinite(e.nearest)) {
    Real diff;
    mpfr_sub_d(diff.get(), r.get(), e.nearest, MPFR_RNDN);
    e.residual = mpfr_get_d(diff.get(), MPFR_RNDN);
    e.offset64 = offset_in_ulps(r, e.nearest, e.ulp64);
  }
  if (std::isfinite(e.nearest_float32)) e.offset32 = offset_in_ulps(r, e.nearest_float32, e.ulp32);
  return e;
}

// The exact norm as an mpfr value: sqrt of the exactly rounded sum of squares.
void norm_into(Real& out, const double* x, std::int64_t n, std::int64_t stride) {
  bool has_nan = false, has_inf = false;
  Real square;
  mpfr_set_zero(out.get(), 1);
  for (std::int64_t i = 0; i < n; ++i) {
    const double a = x[i * stride];
    if (std::isnan(a)) has_nan = true;
    if (std::isinf(a)) has_inf = true;
    if (has_nan || has_inf) continue;
    mpfr_set_d(square.get(), a, MPFR_RNDN);  // exact: 256 >= 53 bits
    mpfr_sqr(square.get(), square.get(), MPFR_RNDN);  // exact: 106 bits
    mpfr_add(out.get(), out.get(), square.get(), MPFR_RNDN);
  }
  if (has_nan) {
    mpfr_set_nan(out.get());
  } else if (has_inf) {
    mpfr_set_inf(out.get(), 1);
  } else {
    mpfr_sqrt(out.get(), out.get(), MPFR_RNDN);
  }
}

struct Slicing {
  std::int64_t outer = 1, size = 1, inner = 1;
};

Slicing slicing_of(const Tensor& v, DimArg dim, const std::string& fn) {
  const ResolvedDim rd = resolve_dim(dim, v.shape(), fn);
  Slicing s;
  if (rd.whole) {
    s.inner = v.numel();
    return s;
  }
  const auto axis = static_cast<std::size_t>(rd.axis);
  for (std::size_t d = 0; d < axis; ++d) s.outer *= v.shape()[d];
  s.size = v.shape()[axis];
  for (std::size_t d = axis + 1; d < v.shape().size(); ++d) s.inner *= v.shape()[d];
  return s;
}

std::vector<double> gather(const Tensor& v, const Slicing& s, std::int64_t i) {
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(s.outer * s.inner));
  for (std::int64_t o = 0; o < s.outer; ++o) {
    for (std::int64_t j = 0; j < s.inner; ++j) out.push_back(v[(o * s.size + i) * s.inner + j]);
  }
  return out;
}

// Bits in which every sum and product exact_weight_norm_backward forms from
// doubles is exact: its terms are products of three doubles (grad_w_i v_k²,
// grad_w_k v_k v_i; 159 bits each, the largest below
// 2^(eg_max + 2 ev_max + 3), the smallest lsb at least 2^(eg_min + 2 ev_min - 158)
// with e the binary exponents of the non-zero finite elements), a sum of n
// of them has at most log2(n) + 3 more bits above, and the numerator is then
// multiplied by g (53 bits). 64 bits cover log2(n), 64 more the product with
// g; never fewer than kExactPrecisionBits, so that what is rounded (the root,
// r times s, two divisions) is within 2^-250 relative.
long gradient_precision(const Tensor& grad_w, const Tensor& v) {
  auto span = [](const Tensor& t, int& lo, int& hi) {
    lo = std::numeric_limits<int>::max();
    hi = std::numeric_limits<int>::min();
    for (double x : t.values()) {
      if (x == 0.0 || !std::isfinite(x)) continue;
      lo = std::min(lo, std::ilogb(x));
      hi = std::max(hi, std::ilogb(x));
    }
    return lo <= hi;
  };
  int g_lo = 0, g_hi = 0, v_lo = 0, v_hi = 0;
  if (!span(grad_w, g_lo, g_hi) || !span(v, v_lo, v_hi)) return kExactPrecisionBits;
  const long needed = static_cast<long>(g_hi + 2 * v_hi) - static_cast<long>(g_lo + 2 * v_lo) + 159 + 64 + 64;
  return std::max(needed, kExactPrecisionBits);
}

}  // namespace

double ExactValue::rounded(DType dtype) const {
  return dtype == DType::Float32 ? static_cast<double>(nearest_float32) : nearest;
}

ExactValue exact_norm(const double* values, std::int64_t n, std::int64_t stride) {
  Real r;
  norm_into(r, values, n, stride);
  return to_exact(r);
}

std::vector<ExactValue> exact_norm_except_dim(const Tensor& v, DimArg dim) {
  const Slicing s = slicing_of(v, dim, "exact_norm_except_dim");
  std::vector<ExactValue> out;
  for (std::int64_t i = 0; i < s.size; ++i) {
    const std::vector<double> slice = gather(v, s, i);
    out.push_back(exact_norm(slice.data(), static_cast<std::int64_t>(slice.size())));
  }
  return out;
}

std::vector<ExactValue> exact_weight_norm(const Tensor& v, const Tensor& g, DimArg dim) {
  const Slicing s = slicing_of(v, dim, "exact_weight_norm");
  if (g.numel() != s.size) {
    throw InvalidArgument("exact_weight_norm", "g", "with " + std::to_string(g.numel()) + " elements",
                          std::to_string(s.size) + " elements, one per slice");
  }
  std::vector<Real> norms(static_cast<std::size_t>(s.size));
  for (std::int64_t i = 0; i < s.size; ++i) {
    const std::vector<double> slice = gather(v, s, i);
    norm_into(norms[static_cast<std::size_t>(i)], slice.data(), static_cast<std::int64_t>(slice.size()), 1);
  }
  std::vector<ExactValue> out(static_cast<std::size_t>(v.numel()));
  Real w;
  for (std::int64_t idx = 0; idx < v.numel(); ++idx) {
    const std::int64_t i = (idx / s.inner) % s.size;
    mpfr_set_d(w.get(), v[idx], MPFR_RNDN);
    mpfr_mul_d(w.get(), w.get(), g[i], MPFR_RNDN);  // exact: 106 bits
    // 0 / 0 is NaN, as EDGE-1 says the result is.
    mpfr_div(w.get(), w.get(), norms[static_cast<std::size_t>(i)].get(), MPFR_RNDN);
    out[static_cast<std::size_t>(idx)] = to_exact(w);
  }
  return out;
}

namespace {

// What both gradients need, per slice, exactly: s = Σ v² and a = <grad_w, v>.
struct SliceSums {
  long bits = kExactPrecisionBits;
  Slicing slicing;
  std::vector<Real> squares, dots;
};

void slice_sums(const Tensor& grad_w, const Tensor& v, DimArg dim, std::int64_t g_count, const std::string& fn,
                SliceSums& out) {
  out.slicing = slicing_of(v, dim, fn);
  const Slicing& s = out.slicing;
  if (g_count >= 0 && g_count != s.size) {
    throw InvalidArgument(fn, "g", "with " + std::to_string(g_count) + " elements",
                          std::to_string(s.size) + " elements, one per slice");
  }
  if (grad_w.numel() != v.numel()) {
    throw InvalidArgument(fn, "grad_w", "with " + std::to_string(grad_w.numel()) + " elements",
                          std::to_string(v.numel()) + " elements, as v");
  }
  out.bits = gradient_precision(grad_w, v);
  const auto count = static_cast<std::size_t>(s.size);
  out.squares = std::vector<Real>(count);
  out.dots = std::vector<Real>(count);
  for (std::size_t j = 0; j < count; ++j) {
    out.squares[j].set_precision(out.bits);
    out.dots[j].set_precision(out.bits);
  }
  Real term(out.bits);
  for (std::int64_t idx = 0; idx < v.numel(); ++idx) {
    const auto j = static_cast<std::size_t>((idx / s.inner) % s.size);
    mpfr_set_d(term.get(), v[idx], MPFR_RNDN);
    mpfr_sqr(term.get(), term.get(), MPFR_RNDN);                            // exact: 106 bits
    mpfr_add(out.squares[j].get(), out.squares[j].get(), term.get(), MPFR_RNDN);  // exact: see gradient_precision
    mpfr_set_d(term.get(), v[idx], MPFR_RNDN);
    mpfr_mul_d(term.get(), term.get(), grad_w[idx], MPFR_RNDN);             // exact
    mpfr_add(out.dots[j].get(), out.dots[j].get(), term.get(), MPFR_RNDN);  // exact
  }
}

// grad_g = a / r per slice.
std::vector<ExactValue> grad_g_from(const SliceSums& sums) {
  std::vector<ExactValue> out;
  out.reserve(sums.squares.size());
  Real r(sums.bits), quotient(sums.bits);
  for (std::size_t j = 0; j < sums.squares.size(); ++j) {
    mpfr_sqrt(r.get(), sums.squares[j].get(), MPFR_RNDN);
    mpfr_div(quotient.get(), sums.dots[j].get(), r.get(), MPFR_RNDN);  // 0 / 0 = NaN for a zero slice
    out.push_back(to_exact(quotient));
  }
  return out;
}

}  // namespace

ExactGradients exact_weight_norm_backward(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim) {
  SliceSums sums;
  slice_sums(grad_w, v, dim, g.numel(), "exact_weight_norm_backward", sums);
  const Slicing& s = sums.slicing;
  ExactGradients out;
  out.grad_g = grad_g_from(sums);
  std::vector<Real> r_times_s(sums.squares.size());
  Real term(sums.bits), other(sums.bits);
  for (std::size_t j = 0; j < r_times_s.size(); ++j) {
    r_times_s[j].set_precision(sums.bits);
    mpfr_sqrt(other.get(), sums.squares[j].get(), MPFR_RNDN);
    mpfr_mul(r_times_s[j].get(), other.get(), sums.squares[j].get(), MPFR_RNDN);
  }
  out.grad_v.reserve(static_cast<std::size_t>(v.numel()));
  for (std::int64_t idx = 0; idx < v.numel(); ++idx) {
    const std::int64_t j = (idx / s.inner) % s.size;
    const auto uj = static_cast<std::size_t>(j);
    // grad_v = g (grad_w s - a v) / (r s): the numerator exactly, then one rounding.
    mpfr_mul_d(term.get(), sums.squares[uj].get(), grad_w[idx], MPFR_RNDN);  // exact
    mpfr_mul_d(other.get(), sums.dots[uj].get(), v[idx], MPFR_RNDN);         // exact
    mpfr_sub(term.get(), term.get(), other.get(), MPFR_RNDN);                // exact
    mpfr_mul_d(term.get(), term.get(), g[j], MPFR_RNDN);                     // exact
    mpfr_div(term.get(), term.get(), r_times_s[uj].get(), MPFR_RNDN);        // 0 / 0 = NaN for a zero slice
    out.grad_v.push_back(to_exact(term));
  }
  return out;
}

std::vector<ExactValue> exact_grad_g(const Tensor& grad_w, const Tensor& v, DimArg dim) {
  SliceSums sums;
  slice_sums(grad_w, v, dim, -1, "exact_grad_g", sums);
  return grad_g_from(sums);
}

Tensor rounded_tensor(const std::vector<ExactValue>& exact, DType dtype, Shape shape) {
  std::vector<double> values;
  values.reserve(exact.size());
  for (const ExactValue& e : exact) values.push_back(e.rounded(dtype));
  return Tensor(dtype, std::move(shape), std::move(values));
}

double ulp_of(double x, DType dtype) {
  const auto& t = traits(dtype);
  const double a = std::fabs(x);
  if (a < t.min_normal) return t.min_subnormal;
  return std::ldexp(1.0, std::ilogb(a) - (t.mantissa_bits - 1));
}

double error_in_ulps(double computed, const ExactValue& exact, DType dtype) {
  const double inf = std::numeric_limits<double>::infinity();
  const double e = exact.rounded(dtype);
  if (std::isnan(e) || std::isnan(computed)) return std::isnan(e) && std::isnan(computed) ? 0.0 : inf;
  if (std::isinf(computed) || std::isinf(e)) return computed == e ? 0.0 : inf;
  const bool f32 = dtype == DType::Float32;
  // computed - e is exact when the two are within a factor of 2 (Sterbenz)
  // or both subnormal, which they are for any error worth measuring finely;
  // dividing by a power of two is exact.
  const double steps = (computed - e) / (f32 ? exact.ulp32 : exact.ulp64);
  return std::fabs(steps - (f32 ? exact.offset32 : exact.offset64));
}

}  // namespace wn::accuracy
