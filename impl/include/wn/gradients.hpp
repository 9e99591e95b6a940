/// @file
/// Gradients of weight normalization: first derivatives (backward) and
/// second derivatives as directional derivatives (double backward).
/// Spec GRAD-1, GRAD-2, GRAD-3, GRAD-4, GRAD-5, GRAD-6, GRAD-7, GRAD-8, GRAD-9.
#pragma once

#include "wn/dim.hpp"
#include "wn/tensor.hpp"

namespace wn {

/// dL/dv and dL/dg of a scalar loss L through w = weight_norm(v, g, dim).
struct Gradients {
  Tensor grad_v;  ///< v's shape and dtype
  Tensor grad_g;  ///< g's shape and dtype
};

/// First derivatives (spec GRAD-1, GRAD-2): given grad_w = dL/dw for
/// w = weight_norm(v, g, dim), per slice j (the whole tensor for none/-1),
/// with r = ‖v_j‖:
///
///   grad_g_j = <grad_w_j, v_j> / r
///   grad_v_j = (g_j / r) grad_w_j - (g_j grad_g_j / r^2) v_j
///
/// grad_w must have v's shape and dtype; v and g are checked as
/// weight_norm checks them (ERR-1, ERR-2, ERR-3, ERR-4).
///
/// Accuracy: every sum (‖v_j‖^2, <grad_w_j, v_j>) is accumulated in long
/// double (64-bit significand, unit roundoff 2^-64) and each result is
/// rounded once to the dtype. So each element is within 1 ulp of the exact
/// value plus an absolute n · 2^-62 · (|g|/r)(|grad_w_i| + |u_i| Σ|grad_w_k u_k|),
/// u = v/r, n the slice length (cancellation in the sums is what the
/// absolute term covers). Measured against an exact MPFR gradient (spec
/// TOL-3): at most half of this bound in every regime, including sums of
/// squares that overflow or underflow the dtype. A slice of one finite
/// non-zero element has grad_v exactly 0 (grad_w − grad_w: NaN for a
/// non-finite grad_w), whatever g. A slice with ‖v_j‖ = 0 gives NaN, as
/// weight_norm.
Gradients weight_norm_backward(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim);

/// Second derivatives (spec GRAD-5): the directional derivative of
/// weight_norm_backward's (grad_v, grad_g) with respect to (v, g) along
/// (dv, dg), grad_w held fixed; i.e. the Hessian-vector product H·(dv, dg)
/// of L(v, g) = <grad_w, w(v, g)>. Per slice, with r = ‖v‖, a = <G, v>,
/// ρ = <v, dv>, α = <G, dv> (G = grad_w):
///
///   d grad_g = α / r - a ρ / r^3
///   d grad_v = (dg / r - g ρ / r^3) G
///              - ((dg a + g α) / r^3 - 3 g a ρ / r^5) v
///              - (g a / r^3) dv
///
/// dv has v's shape, dg g's; both of v's dtype. Accuracy as for
/// weight_norm_backward, with the magnitudes of each of the terms above in
/// place of those of the first derivatives.
Gradients weight_norm_backward_directional(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim,
                                           const Tensor& dv, const Tensor& dg);

}  // namespace wn
