#include "wn/deviations/norm_overflow.hpp"

#include <cmath>

#include "slice_of.hpp"
#include "wn/deviations/paths.hpp"
#include "wn/dtype.hpp"

namespace wn::deviations {

bool NormModel::any_in_domain() const {
  for (bool b : in_domain) {
    if (b) return true;
  }
  return false;
}

namespace {

struct SliceSum {
  long double sum = 0;         // exact enough: long double holds every fl(x^2) sum of interest
  bool square_inf = false;     // some fl(x^2) overflowed on its own
  bool non_finite = false;     // NaN or inf in the data
  bool any_nonzero = false;    // some x != 0
  bool lost_precision = false; // some x != 0 whose fl(x^2) is below the normal range
  std::int64_t n = 0;
};

SquareSum classify(const SliceSum& s, DType dtype) {
  if (s.non_finite) return SquareSum::NotFinite;
  if (s.square_inf) return SquareSum::Overflows;
  if (s.sum == 0) return s.any_nonzero ? SquareSum::Underflows : SquareSum::Finite;
  const auto& t = traits(dtype);
  // A sum rounds to +inf from max_finite + ulp(max_finite)/2 = 2^emax (2 - u) on.
  const long double threshold = static_cast<long double>(t.max_finite) * (1 + static_cast<long double>(t.unit_roundoff) / (1 - 2 * static_cast<long double>(t.unit_roundoff)));
  const long double k = static_cast<long double>(s.n - 1) * t.unit_roundoff;
  const long double gamma = k / (1 - k);
  if (s.sum * (1 + gamma) < threshold) return SquareSum::Finite;
  if (s.sum * (1 - gamma) >= threshold) return SquareSum::Overflows;
  return SquareSum::Undecided;
}

}  // namespace

DType square_sum_dtype(DType dtype) {
  switch (dtype) {
    case DType::Float32:
    case DType::Float64:
    case DType::Float16: return dtype;
    case DType::BFloat16: return DType::Float32;
  }
  return dtype;
}

NormModel norm_model(const Tensor& v, DimArg dim) {
  const SliceLayout layout = slice_layout(v.shape(), dim);
  std::vector<SliceSum> sums(static_cast<std::size_t>(layout.count));
  const DType acc = square_sum_dtype(v.dtype());
  const auto& t = traits(acc);
  for (std::int64_t i = 0; i < v.numel(); ++i) {
    SliceSum& s = sums[static_cast<std::size_t>(layout.slice_of(i))];
    const double x = v[i];
    ++s.n;
    if (!std::isfinite(x)) {
      s.non_finite = true;
      continue;
    }
    // Exact in double for float32 and the 16-bit dtypes (at most 48 bits),
    // correctly rounded for float64.
    const double sq = round_to_dtype(x * x, acc);
    if (std::isinf(sq)) s.square_inf = true;
    if (x != 0) s.any_nonzero = true;
    if (x != 0 && sq < t.min_normal) s.lost_precision = true;
    s.sum += sq;
  }
  NormModel m;
  std::vector<double> norms;
  for (const SliceSum& s : sums) {
    const SquareSum c = classify(s, acc);
    m.slices.push_back(c);
    m.in_domain.push_back(c == SquareSum::Overflows || c == SquareSum::Underflows || c == SquareSum::Undecided ||
                          (c == SquareSum::Finite && s.lost_precision));
    switch (c) {
      case SquareSum::Overflows: norms.push_back(INFINITY); break;
      case SquareSum::Underflows: norms.push_back(0.0); break;
      case SquareSum::Finite:
        norms.push_back(round_to_dtype(round_to_dtype(std::sqrt(s.sum), acc), v.dtype()));
        break;
      default: norms.push_back(NAN);
    }
  }
  m.norm = Tensor(v.dtype(), layout.norm_shape, norms);
  return m;
}

DType quotient_dtype(DType dtype, bool fused) {
  switch (dtype) {
    case DType::Float32:
    case DType::Float64:
    case DType::Float16: return dtype;
    case DType::BFloat16: return fused ? DType::Float32 : dtype;
  }
  return dtype;
}

Tensor weight_model(const Tensor& v, const Tensor& g, DimArg dim, const Tensor& norm) {
  const SliceLayout layout = slice_layout(v.shape(), dim);
  const DType qd = quotient_dtype(v.dtype(), takes_fused_path(v.shape(), dim));
  std::vector<double> w(static_cast<std::size_t>(v.numel()));
  for (std::int64_t i = 0; i < v.numel(); ++i) {
    const std::int64_t s = layout.slice_of(i);
    // Formed in double, then rounded to qd: the product exactly for the
    // narrower dtypes, and float64's own rounding for float64; the quotient
    // rounded twice, which is innocuous for qd = float32 (53 >= 2 * 24 + 2
    // bits) and none for float64.
    const double q = round_to_dtype(g[s] / norm[s], qd);
    w[static_cast<std::size_t>(i)] = round_to_dtype(round_to_dtype(v[i] * q, qd), v.dtype());
  }
  return Tensor(v.dtype(), v.shape(), w);
}

}  // namespace wn::deviations
