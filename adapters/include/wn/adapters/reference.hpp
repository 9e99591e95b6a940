/// @file
/// The reference implementation (impl/) seen as an implementation under test.
#pragma once

#include "wn/adapters/implementation.hpp"

namespace wn {

/// Forwards to wn::norm_except_dim, wn::weight_norm, wn::decompose,
/// wn::remove and the gradients of wn/gradients.hpp. Running the properties against it checks the reference
/// against the spec's algebraic clauses (the Ryu pattern: the slow exact code
/// is itself checked).
class ReferenceImplementation : public Implementation {
 public:
  std::string name() const override { return "reference"; }
  std::string version() const override;
  Tensor norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim) const override;
  Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const override;
  Decomposition decompose(const Tensor& weight, DimArg dim) const override;
  Tensor remove(const Decomposition& parameters, DimArg dim) const override;
  /// Every dtype, gradients and second derivatives (the training loop is
  /// the one built from these operations).
  Capabilities capabilities() const override;
  /// wn::weight_norm_backward (spec GRAD-1, GRAD-2).
  WeightNormGradients weight_norm_backward(const Tensor& grad_w, const Tensor& v, const Tensor& g,
                                           DimArg dim) const override;
  /// wn::weight_norm_backward_directional (spec GRAD-5).
  WeightNormGradients weight_norm_backward_directional(const Tensor& grad_w, const Tensor& v, const Tensor& g,
                                                       DimArg dim, const Tensor& dv, const Tensor& dg) const override;
};

}  // namespace wn
