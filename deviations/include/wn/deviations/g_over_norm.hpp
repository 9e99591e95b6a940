/// @file
/// DEV-9: LibTorch forms s = fl(g / ‖v‖) for each slice before multiplying
/// by v (both paths: the fused kernel and v * (g / norm)), so a weight
/// overflows to ±inf when |g| / ‖v‖ exceeds the dtype's largest finite value
/// although every |w_i| = |g| |v_i| / ‖v‖ <= |g| is representable (spec
/// EDGE-4, COMP-1). Domain and model.
#pragma once

#include <vector>

#include "wn/dim.hpp"
#include "wn/tensor.hpp"

namespace wn::deviations {

/// LibTorch's weight where DEV-9 may apply, element by element.
struct GOverNormModel {
  /// fl(v_i * fl(g_s / norm_s)) in v's dtype (weight_model, with the given norm).
  Tensor weight;
  /// Element i is in DEV-9's domain: the spec's weight is finite there and
  /// LibTorch's order of operations makes it ±inf (NaN where v_i = 0: 0 · inf).
  std::vector<bool> in_domain;
  /// Whether any element is in the domain.
  bool any_in_domain() const;
};

/// DEV-9's model for v, g (the right shape) and a valid `dim`: `norm` is the
/// slices' norm as LibTorch computes it (within TOL-1 of the exact one
/// outside DEV-1), `spec_weight` the spec's weight of the same call.
GOverNormModel g_over_norm_model(const Tensor& v, const Tensor& g, DimArg dim, const Tensor& norm,
                                 const Tensor& spec_weight);

}  // namespace wn::deviations
