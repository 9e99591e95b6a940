// Gradients of w = g v / ‖v‖, per slice (spec GRAD-1 .. GRAD-5).
//
// Derivation, for one slice (vectors v, G = dL/dw of n elements, scalar g),
// r = ‖v‖, u = v / r, a = <G, v>:
//
//   L depends on (v, g) through w = g v / r, so dL = <G, dw> and
//   dw = (dg / r) v + (g / r) dv - (g / r^2) v dr,  dr = <v, dv> / r.
//   Hence dL = (a / r) dg + (g / r) <G, dv> - (g a / r^3) <v, dv>:
//     grad_g = a / r = <G, u>
//     grad_v = (g / r) G - (g a / r^3) v = (g / r)(G - <G, u> u).
//   The second form shows grad_v ⟂ v (GRAD-3) and, v -> c v with c > 0
//   leaving u unchanged, grad_v -> grad_v / c (GRAD-4).
//
// Second derivatives: differentiate (grad_v, grad_g) along (dv, dg) with G
// fixed; with ρ = <v, dv> (so dr = ρ / r) and α = <G, dv> (= da):
//   d grad_g = α / r - a ρ / r^3
//   d grad_v = d(g / r) G - d(g a / r^3) v - (g a / r^3) dv
//            = (dg / r - g ρ / r^3) G - ((dg a + g α) / r^3 - 3 g a ρ / r^5) v - (g a / r^3) dv.
// This is H (dv, dg) for the Hessian H of L(v, g) = <G, w(v, g)>, which is
// what double backward computes (autograd takes J^T d, and J = H is symmetric).
#include "wn/gradients.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "checks.hpp"
#include "slices.hpp"
#include "wn/errors.hpp"
#include "wn/native_buffer.hpp"
#include "wn/weight_norm.hpp"

namespace wn {
namespace {

using Ld = long double;

void require_like(const Tensor& t, const Tensor& like, const std::string& fn, const std::string& argument,
                  const std::string& like_name) {
  if (t.dtype() != like.dtype() || t.shape() != like.shape()) {
    throw InvalidArgument(fn, argument, "of dtype " + to_string(t.dtype()) + " and shape " + to_string(t.shape()),
                          like_name + "'s dtype " + to_string(like.dtype()) + " and shape " +
                              to_string(like.shape()));
  }
}

// What both derivatives need, checked once.
struct Setup {
  ResolvedDim rd;
  detail::Slicing slicing;
  std::vector<Ld> norms;
};

Setup check_and_slice(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim, const std::string& fn) {
  detail::require_elements(v, fn, "v");
  detail::require_rank_at_least_1(v, fn, "v");
  const ResolvedDim rd = resolve_dim(dim, v.shape(), fn);
  check_g_matches(v, g, dim, fn);
  require_like(grad_w, v, fn, "grad_w", "v");
  const detail::Slicing slicing(rd, v.shape());
  return Setup{rd, slicing, detail::slice_norms(v, slicing, 2)};
}

// <x, y> over each slice, in long double.
std::vector<Ld> slice_dots(const Tensor& x, const Tensor& y, const detail::Slicing& slicing) {
  std::vector<Ld> dots(static_cast<std::size_t>(slicing.count()), 0.0L);
  for (std::int64_t i = 0; i < x.numel(); ++i) {
    dots[static_cast<std::size_t>(slicing.slice_of(i))] += static_cast<Ld>(x[i]) * static_cast<Ld>(y[i]);
  }
  return dots;
}

Tensor from_slices(const Tensor& like, const std::vector<Ld>& per_slice) {
  NativeBuffer<double> out(per_slice.size());
  for (std::size_t j = 0; j < per_slice.size(); ++j) out[j] = round_to_dtype(per_slice[j], like.dtype());
  return Tensor::rounded(like.dtype(), like.shape(), std::move(out));
}

}  // namespace

Gradients weight_norm_backward(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim) {
  const std::string fn = "weight_norm_backward";
  const Setup s = check_and_slice(grad_w, v, g, dim, fn);
  const std::vector<Ld> a = slice_dots(grad_w, v, s.slicing);
  std::vector<Ld> grad_g(a.size());
  for (std::size_t j = 0; j < a.size(); ++j) grad_g[j] = a[j] / s.norms[j];
  NativeBuffer<double> grad_v(static_cast<std::size_t>(v.numel()));  // every element written below
  // A slice of one finite non-zero element has u = ±1 exactly, so G - <G, u> u
  // is G - G: 0 exactly (NaN for a non-finite G). Computed, it is a rounding
  // residual of about 2^-64 |G|, which g / r (up to 2^2098 in long double)
  // turned into an inf where grad_v is 0: measured in the accuracy's
  // extreme_g regime (g the largest finite double, ||v|| small).
  const bool one_element_slices = v.numel() == s.slicing.count();
  for (std::int64_t i = 0; i < v.numel(); ++i) {
    const auto j = static_cast<std::size_t>(s.slicing.slice_of(i));
    const Ld r = s.norms[j], gj = g[static_cast<std::int64_t>(j)];
    const Ld grad_w_i = grad_w[i];
    // (g / r)(G - <G, u> u): the form that keeps cancellation visible in one place.
    const bool u_is_sign = one_element_slices && std::isfinite(v[i]) && v[i] != 0.0;
    const Ld exact = gj / r * (u_is_sign ? grad_w_i - grad_w_i : grad_w_i - grad_g[j] * static_cast<Ld>(v[i]) / r);
    grad_v[static_cast<std::size_t>(i)] = round_to_dtype(exact, v.dtype());
  }
  return Gradients{Tensor::rounded(v.dtype(), v.shape(), std::move(grad_v)), from_slices(g, grad_g)};
}

Gradients weight_norm_backward_directional(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim,
                                           const Tensor& dv, const Tensor& dg) {
  const std::string fn = "weight_norm_backward_directional";
  const Setup s = check_and_slice(grad_w, v, g, dim, fn);
  require_like(dv, v, fn, "dv", "v");
  require_like(dg, g, fn, "dg", "g");
  const std::vector<Ld> a = slice_dots(grad_w, v, s.slicing);
  const std::vector<Ld> rho = slice_dots(v, dv, s.slicing);
  const std::vector<Ld> alpha = slice_dots(grad_w, dv, s.slicing);
  std::vector<Ld> d_grad_g(a.size());
  // Per-slice coefficients of G, v and dv in d grad_v.
  std::vector<Ld> cG(a.size()), cv(a.size()), cdv(a.size());
  for (std::size_t j = 0; j < a.size(); ++j) {
    const Ld r = s.norms[j], r3 = r * r * r, r5 = r3 * r * r;
    const Ld gj = g[static_cast<std::int64_t>(j)], dgj = dg[static_cast<std::int64_t>(j)];
    d_grad_g[j] = alpha[j] / r - a[j] * rho[j] / r3;
    cG[j] = dgj / r - gj * rho[j] / r3;
    cv[j] = -((dgj * a[j] + gj * alpha[j]) / r3 - 3.0L * gj * a[j] * rho[j] / r5);
    cdv[j] = -(gj * a[j] / r3);
  }
  NativeBuffer<double> d_grad_v(static_cast<std::size_t>(v.numel()));  // every element written below
  for (std::int64_t i = 0; i < v.numel(); ++i) {
    const auto j = static_cast<std::size_t>(s.slicing.slice_of(i));
    const Ld exact = cG[j] * grad_w[i] + cv[j] * v[i] + cdv[j] * dv[i];
    d_grad_v[static_cast<std::size_t>(i)] = round_to_dtype(exact, v.dtype());
  }
  return Gradients{Tensor::rounded(v.dtype(), v.shape(), std::move(d_grad_v)), from_slices(g, d_grad_g)};
}

}  // namespace wn
