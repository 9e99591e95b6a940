/// @file
/// DEV-7: LibTorch 1.13's fused-path double backward holds the saved norms
/// constant (spec GRAD-5, DEV-7). Domain: deviations::takes_fused_path.
#pragma once

#include "wn/dim.hpp"
#include "wn/tensor.hpp"

namespace wn::deviations {

/// The d grad_v DEV-7 documents, per slice with r = ||v||, a = <G, v>,
/// rho = <v, dv>: (dg/r - g rho/r^3) G - (g a/r^3) dv, computed in long
/// double and rounded once to v's dtype (G = grad_w). d grad_g is right
/// (GRAD-5's). g and dg hold one value per slice in flat order.
Tensor fused_double_backward_grad_v(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim,
                                    const Tensor& dv, const Tensor& dg);

}  // namespace wn::deviations
