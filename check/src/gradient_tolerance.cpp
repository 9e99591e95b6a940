#include "wn/check/gradient_tolerance.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>
#include <vector>

#include "wn/check/tensor_ops.hpp"

namespace wn::check {
namespace {

using Ld = long double;

struct SliceSums {
  std::vector<Ld> r, s_abs, a_abs, p_abs, al_abs;
};

// Per slice: r = ‖v‖, S = Σ|G||u|, A = Σ|G v|, P = Σ|v dv|, Al = Σ|G dv|.
SliceSums slice_sums(const Tensor& grad_w, const Tensor& v, const ResolvedDim& rd, const Tensor* dv) {
  const auto count = static_cast<std::size_t>(slice_count(v.shape(), rd));
  SliceSums s{std::vector<Ld>(count), std::vector<Ld>(count), std::vector<Ld>(count), std::vector<Ld>(count),
              std::vector<Ld>(count)};
  for (std::int64_t i = 0; i < v.numel(); ++i) {
    const auto j = static_cast<std::size_t>(slice_index(v.shape(), rd, i));
    s.r[j] += Ld(v[i]) * v[i];
    s.a_abs[j] += std::fabs(Ld(grad_w[i]) * v[i]);
    if (dv) {
      s.p_abs[j] += std::fabs(Ld(v[i]) * (*dv)[i]);
      s.al_abs[j] += std::fabs(Ld(grad_w[i]) * (*dv)[i]);
    }
  }
  for (std::size_t j = 0; j < count; ++j) {
    s.r[j] = std::sqrt(s.r[j]);
    s.s_abs[j] = s.a_abs[j] / s.r[j];
  }
  return s;
}

Tensor f64(const Shape& shape, std::vector<double> values) { return Tensor(DType::Float64, shape, std::move(values)); }

}  // namespace

double first_derivative_coefficient(DType dtype, std::int64_t n) {
  return (3.0 * static_cast<double>(n) + 9.0) * traits(dtype).unit_roundoff;
}

double reference_gradient_claim(std::int64_t n, double ulp, double magnitude) {
  return ulp + static_cast<double>(n) * std::ldexp(1.0, -62) * magnitude;
}

GradientBounds first_derivative_bounds(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim) {
  const ResolvedDim rd = resolve_dim(dim, v.shape(), "first_derivative_bounds");
  const std::int64_t n = slice_length(v.shape(), rd);
  const double ud = traits(v.dtype()).unit_roundoff;
  const double k1 = first_derivative_coefficient(v.dtype(), n) / ud + 2.0;  // + 2: the reference's 1 ulp
  const SliceSums s = slice_sums(grad_w, v, rd, nullptr);
  std::vector<double> bv(static_cast<std::size_t>(v.numel())), bg(s.r.size());
  for (std::size_t j = 0; j < s.r.size(); ++j) bg[j] = static_cast<double>(k1 * ud * s.s_abs[j]);
  for (std::int64_t i = 0; i < v.numel(); ++i) {
    const auto j = static_cast<std::size_t>(slice_index(v.shape(), rd, i));
    const Ld gr = std::fabs(Ld(g[static_cast<std::int64_t>(j)])) / s.r[j];
    bv[static_cast<std::size_t>(i)] =
        static_cast<double>(k1 * ud * gr * (std::fabs(Ld(grad_w[i])) + std::fabs(Ld(v[i])) / s.r[j] * s.s_abs[j]));
  }
  std::ostringstream src;
  src << "GRAD bound K1 = 3n + 11 = " << k1 << " u (n = " << n << ", " << to_string(v.dtype())
      << ") times the terms' magnitudes (gradient_tolerance.hpp)";
  return {f64(v.shape(), bv), f64(g.shape(), bg), src.str()};
}

GradientBounds first_derivative_underflow_bounds(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim) {
  const ResolvedDim rd = resolve_dim(dim, v.shape(), "first_derivative_underflow_bounds");
  const Ld n = static_cast<Ld>(slice_length(v.shape(), rd));
  const Ld half_eta = static_cast<Ld>(traits(v.dtype()).min_subnormal) / 2;
  const SliceSums s = slice_sums(grad_w, v, rd, nullptr);
  std::vector<double> bv(static_cast<std::size_t>(v.numel())), bg(s.r.size());
  for (std::size_t j = 0; j < s.r.size(); ++j) bg[j] = static_cast<double>((n / s.r[j] + 2) * half_eta);
  for (std::int64_t i = 0; i < v.numel(); ++i) {
    const auto j = static_cast<std::size_t>(slice_index(v.shape(), rd, i));
    const Ld r = s.r[j], gr = std::fabs(Ld(g[static_cast<std::int64_t>(j)])) / r;
    const Ld av = std::fabs(Ld(v[i])), au = av / r;
    bv[static_cast<std::size_t>(i)] =
        static_cast<double>((gr * au * (n / r + 1) + au * (1 + 1 / r + 1 / (r * r)) + av + 4) * half_eta);
  }
  return {f64(v.shape(), bv), f64(g.shape(), bg),
          "the subnormal term A_g = (n/r + 2) η/2, A_v = ((|g|/r)|u_i|(n/r + 1) + |u_i|(1 + 1/r + 1/r²) + |v_i| + 4) "
          "η/2 (gradient_tolerance.hpp)"};
}

GradientBounds second_derivative_bounds(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim,
                                        const Tensor& dv, const Tensor& dg) {
  const ResolvedDim rd = resolve_dim(dim, v.shape(), "second_derivative_bounds");
  const std::int64_t n = slice_length(v.shape(), rd);
  const double k2 = 5.0 * static_cast<double>(n) + 16.0;
  const double ud = traits(v.dtype()).unit_roundoff;
  const SliceSums s = slice_sums(grad_w, v, rd, &dv);
  std::vector<double> bv(static_cast<std::size_t>(v.numel())), bg(s.r.size());
  for (std::size_t j = 0; j < s.r.size(); ++j) {
    const Ld r = s.r[j];
    bg[j] = static_cast<double>(k2 * ud * (s.al_abs[j] / r + s.a_abs[j] * s.p_abs[j] / (r * r * r)));
  }
  for (std::int64_t i = 0; i < v.numel(); ++i) {
    const auto j = static_cast<std::size_t>(slice_index(v.shape(), rd, i));
    const Ld r = s.r[j], r3 = r * r * r, r5 = r3 * r * r;
    const Ld ag = std::fabs(Ld(g[static_cast<std::int64_t>(j)])), adg = std::fabs(Ld(dg[static_cast<std::int64_t>(j)]));
    const Ld m = (adg / r + ag * s.p_abs[j] / r3) * std::fabs(Ld(grad_w[i])) +
                 ((adg * s.a_abs[j] + ag * s.al_abs[j]) / r3 + 3.0L * ag * s.a_abs[j] * s.p_abs[j] / r5) *
                     std::fabs(Ld(v[i])) +
                 ag * s.a_abs[j] / r3 * std::fabs(Ld(dv[i]));
    bv[static_cast<std::size_t>(i)] = static_cast<double>(k2 * ud * m);
  }
  std::ostringstream src;
  src << "GRAD-5 bound K2 = 5n + 16 = " << k2 << " u (n = " << n << ", " << to_string(v.dtype())
      << ") times the terms' magnitudes (gradient_tolerance.hpp)";
  return {f64(v.shape(), bv), f64(g.shape(), bg), src.str()};
}

double backward_intermediate_magnitude(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim) {
  const ResolvedDim rd = resolve_dim(dim, v.shape(), "backward_intermediate_magnitude");
  const SliceSums s = slice_sums(grad_w, v, rd, nullptr);
  Ld most = 0;
  for (std::size_t j = 0; j < s.r.size(); ++j) {
    const Ld inv_r = std::max(Ld(1), 1 / s.r[j]);
    const Ld ag = std::max(Ld(1), std::fabs(Ld(g[static_cast<std::int64_t>(j)])));
    most = std::max(most, (s.a_abs[j] + 1) * ag * inv_r * inv_r * inv_r);
  }
  return static_cast<double>(most);
}

GradientBounds operator*(double k, const GradientBounds& b) {
  std::vector<double> v = b.grad_v.values(), g = b.grad_g.values();
  for (double& x : v) x *= k;
  for (double& x : g) x *= k;
  std::ostringstream os;
  os << k << " x (" << b.source << ")";
  return {f64(b.grad_v.shape(), v), f64(b.grad_g.shape(), g), os.str()};
}

GradientBounds operator+(const GradientBounds& a, const GradientBounds& b) {
  std::vector<double> v = a.grad_v.values(), g = a.grad_g.values();
  for (std::size_t i = 0; i < v.size(); ++i) v[i] += b.grad_v[static_cast<std::int64_t>(i)];
  for (std::size_t i = 0; i < g.size(); ++i) g[i] += b.grad_g[static_cast<std::int64_t>(i)];
  return {f64(a.grad_v.shape(), v), f64(a.grad_g.shape(), g), a.source + " + " + b.source};
}

Comparison compare_within(const Tensor& actual, const Tensor& expected, const Tensor& bound, const std::string& source) {
  if (actual.dtype() != expected.dtype() || actual.shape() != expected.shape()) {
    return {false, "dtype or shape differs: actual " + to_string(actual.dtype()) + to_string(actual.shape()) +
                       ", expected " + to_string(expected.dtype()) + to_string(expected.shape())};
  }
  for (std::int64_t i = 0; i < actual.numel(); ++i) {
    const double a = actual[i], e = expected[i];
    const bool ok = (std::isnan(a) || std::isnan(e)) ? (std::isnan(a) && std::isnan(e))
                                                     : a == e || std::fabs(a - e) <= bound[i];
    if (!ok) {
      std::ostringstream os;
      os << std::setprecision(17) << "element " << i << " of " << to_string(actual.shape()) << ": actual " << a
         << ", expected " << e << " (difference " << std::fabs(a - e) << "; allowed " << bound[i] << ": " << source
         << ")";
      return {false, os.str()};
    }
  }
  return {};
}

double fd_step_v(double r) { return std::ldexp(1.0, std::ilogb(r) - 17); }

double fd_bound_v(double g, double norm_G, double r, double v_k, double h, double e_w) {
  const double u = traits(DType::Float64).unit_roundoff;
  const double rho = r - h;
  return std::fabs(g) * norm_G *
         ((10.0 / 6.0) * (1.0 + std::ldexp(1.0, -20)) * h * h / (rho * rho * rho) +
          2.0 * u * (std::fabs(v_k) + h) / (rho * rho) + e_w / h);
}

double fd_bound_g(double g, double norm_G, double h, double e_w) { return e_w * norm_G * (std::fabs(g) + h) / h; }

}  // namespace wn::check
