/// @file
/// Error bounds for the gradient properties (spec GRAD-1, GRAD-2, GRAD-5, TOL-1), derived
/// here, per element, because a gradient's error is relative to the
/// magnitudes of the terms it is computed from, not to its own value
/// (grad_v = (g/r)(G - <G,u>u) can cancel to zero).
///
/// Notation, per slice (n elements): G = grad_w, r = ‖v‖, u = v/r,
/// S = Σ|G_k||u_k| (the magnitude of <G, u>), u_d the dtype's unit roundoff.
///
/// First derivatives, implementation against the reference. Any evaluation
/// of GRAD-1/GRAD-2 that LibTorch uses (the fused kernel's backward: norm,
/// <G, v>, grad_g = <G,v>/r, grad_v = (g/r)(G - v <G,v>/r²); the composite
/// path: autograd of v·(g/norm), whose norm backward brings v/r and g/r²)
/// is made of
///   - one norm: relative error ≤ (n/2 + 1)u_d (TOL-1), and a power r^m of
///     it ≤ m(n/2 + 1)u_d, m ≤ 3;
///   - one dot product <G, v> of n terms: absolute error ≤ n u_d Σ|G_k v_k|
///     = n u_d r S (Higham eq. 3.5);
///   - at most 6 further roundings per element.
/// So |Δgrad_g| ≤ (n + (n/2 + 1) + 2)u_d S and
///    |Δgrad_v_i| ≤ (|g|/r)[(n + 3(n/2 + 1) + 6)u_d |u_i| S + (n/2 + 3)u_d |G_i|]
///             ≤ K1 u_d (|g|/r)(|G_i| + |u_i| S),  K1 = 3n + 9 ≥ 2.5n + 9,
/// and the reference adds 2u_d (1 ulp) of the same magnitudes: K1 + 2 in all.
///
/// Measured (spec TOL-3: wn_accuracy against an exact MPFR gradient,
/// 2026-11-25, LibTorch 1.13, both of _weight_norm's paths): LibTorch's
/// first derivatives use at most 0.16 of K1 u_d M (0.20 with another seed)
/// on slices of up to 54 elements and 0.0004 at n = 10^5; the reference at
/// most 0.033 outside underflow. The reference holds each element within
/// 1 ulp + n 2^-62 M of exact (gradients.hpp; measured: at most half of
/// that), which the 2u_d M added for it and K1's slack (3n over 2.5n, and
/// n 2^-62 ≤ 0.5n u_d) cover. The bound is kept, not tightened: it is the
/// worst case of any summation order, which random data only samples. There is no subnormal
/// term: where grad_v underflows (v near the overflow threshold), the
/// reference's correctly rounded result used up to 0.40 of K1 u_d M, so the
/// generators keep gradients out of the subnormal range (no WideExponent).
///
/// Second derivatives (GRAD-5), with A = Σ|G_k v_k|, P = Σ|v_k dv_k|,
/// Al = Σ|G_k dv_k|: the magnitude of d grad_v_i's terms is
///   M_i = (|dg|/r + |g|P/r³)|G_i| + ((|dg|A + |g|Al)/r³ + 3|g|AP/r⁵)|v_i| + (|g|A/r³)|dv_i|
/// and of d grad_g's M_g = Al/r + AP/r³. Each term holds at most two dot
/// products (2n u_d), a power of the norm up to r⁵ (5(n/2 + 1)u_d) and
/// about 8 further roundings: K2 = 4.5n + 13, used as 5n + 16 with the
/// reference's 1 ulp included. Not measured against an exact result (TOL-3
/// covers first derivatives only).
///
/// Finite differences (float64, GRAD-6): see fd_bound_v and fd_bound_g.
#pragma once

#include <cstdint>
#include <string>

#include "wn/check/tolerance.hpp"
#include "wn/dim.hpp"
#include "wn/tensor.hpp"

namespace wn::check {

/// Allowed absolute error per element of grad_v and grad_g (float64 tensors
/// of their shapes), with a line saying where they come from.
struct GradientBounds {
  Tensor grad_v;       ///< allowed absolute error per element of grad_v
  Tensor grad_g;       ///< allowed absolute error per element of grad_g
  std::string source;  ///< one line: the clause and the formula
};

/// K1 u_d = (3n + 9) u_d: an implementation's first derivatives against the
/// EXACT ones, per unit of the terms' magnitude M (see above; the accuracy
/// tools measure against this). first_derivative_bounds adds the reference's
/// own 2u_d to it.
double first_derivative_coefficient(DType dtype, std::int64_t n);

/// The reference's claim for one gradient element (impl/include/wn/gradients.hpp,
/// TOL-2): 1 ulp of the exact value plus n 2^-62 M. `ulp` is the dtype's
/// spacing at the exact value, `magnitude` M as above (both in the same unit).
double reference_gradient_claim(std::int64_t n, double ulp, double magnitude);

/// An implementation's first derivatives against the reference (see above).
GradientBounds first_derivative_bounds(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim);

/// An implementation's directional second derivatives against the reference.
GradientBounds second_derivative_bounds(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim,
                                        const Tensor& dv, const Tensor& dg);

/// The absolute term that first_derivative_bounds leaves out: what rounding
/// into the subnormal range adds when grad_w is subnormal (spec EDGE-5).
/// With η the dtype's smallest subnormal, every rounding is
/// x(1 + δ) + ε with |δ| ≤ u_d, |ε| ≤ η/2 (ε = 0 for additions), so the
/// relative bound above still holds and each product or quotient adds at
/// most η/2, scaled by what multiplies it afterwards:
///   - <G, v>: n products, n η/2; grad_g = <G, v>/r carries it as n η/(2r),
///     plus its own η/2 and the reference's η/2:
///     A_g = (n/r + 2) η/2;
///   - grad_v_i: the fused kernel forms a = g/r, b = fl(fl(a grad_g)/r) and
///     fl(a G_i) - fl(b v_i): grad_g's error times (|g|/r)|u_i|, b's two
///     roundings times |v_i|/r and |v_i|, and two more; the composite path
///     (autograd of v (g / norm)) forms G_i s with s = g/r, the norm's
///     gradient -fl(<G, v> g)/r² and v_i times it over r: grad_g's error in
///     <G, v> as above, the numerator's rounding times |u_i|/r², the
///     quotients' times |u_i|/r and |v_i|, and three more. With the
///     reference's η/2, both paths are within
///     A_v_i = ((|g|/r)|u_i|(n/r + 1) + |u_i|(1 + 1/r + 1/r²) + |v_i| + 4) η/2.
/// (Measured before this derivation, with a looser F-based form: LibTorch's
/// fused grad_v used 5 η at n = 1, r = 9.3, |v_i| = 9.3, a rounding of b
/// multiplied by |v_i|, which that form had missed.)
/// Zero where nothing underflows in practice; never needed for ordinary
/// grad_w, v and g, which stay far above the subnormal range.
GradientBounds first_derivative_underflow_bounds(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim);

/// The largest magnitude a backward's intermediates can reach, over the
/// slices: M_j = (Σ|G v| + 1) · max(1, |g_j|) · max(1, 1/‖v_j‖)³, which
/// bounds <G, v>, g/r, <G, v> g/r³ and every product on GRAD-1/GRAD-2's
/// fused and composite orders. A backward that forms them in a dtype whose
/// largest finite value M reaches may overflow where the exact gradient is
/// finite (spec DTYPE-4, "Not covered yet": float16's backward, measured
/// on LibTorch 1.13); the gradient property leaves such cases out.
double backward_intermediate_magnitude(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim);

/// k times both bounds (two results, each within the bound).
GradientBounds operator*(double k, const GradientBounds& b);
/// Elementwise sum of bounds of the same shapes.
GradientBounds operator+(const GradientBounds& a, const GradientBounds& b);

/// |actual - expected| ≤ bound, element by element; shapes and dtypes must
/// match. NaN matches only NaN; equal values always match (an infinity
/// matches the same infinity, whatever the bound).
Comparison compare_within(const Tensor& actual, const Tensor& expected, const Tensor& bound, const std::string& source);

/// The step for a central difference in element k of v's slice of norm r:
/// the power of two nearest below r · 2^-17. The optimum of truncation
/// (∝ h²) against rounding (∝ u/h) is h ∝ u^(1/3) r ≈ 2^-17.7 r.
double fd_step_v(double r);

/// Central difference of L_j = <G_j, w_j(v)> in v_k (float64), against the
/// exact dL/dv_k: with x± = fl(v_k ± h), ρ = r - h (the least slice norm on
/// the interval), an implementation whose weights are within e_w relative,
///   |FD - exact| ≤ |g|‖G_j‖ [ (10/6)(1 + 2^-20) h²/ρ³   (truncation: along a line
///                          the unit vector u turns by θ(t) = atan(s/d), and
///                          |d³<G, u>/dt³| ≤ ‖G‖(|θ'|³ + 3|θ'θ''| + |θ'''|) ≤ 10‖G‖/R³)
///                  + 2 u (|v_k| + h)/ρ²   (x± rounded: the steps differ by up to
///                          2u(|v_k| + h), times |φ''| ≤ 2|g|‖G‖/ρ²)
///                  + e_w / h ]            (L± each within e_w Σ|G_i w_i| ≤ e_w‖G‖|g|).
double fd_bound_v(double g, double norm_G, double r, double v_k, double h, double e_w);

/// The same for g_j, in which L is linear: no truncation; with a step h,
///   |FD - exact| ≤ e_w ‖G_j‖ (|g| + h)/h.
double fd_bound_g(double g, double norm_G, double h, double e_w);

}  // namespace wn::check
