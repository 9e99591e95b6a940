// The base most mutants share: the reference, with one thing changed by the
// subclass (internal to wn_mutants).
#pragma once

#include <string>
#include <utility>

#include "wn/adapters/implementation.hpp"
#include "wn/adapters/reference.hpp"

namespace wn::mutants {

/// Forwards every operation to the reference; a mutant overrides the one it
/// gets wrong. Forward operations of the others go through `this`, so that
/// e.g. remove() uses the mutant's own weight_norm().
class WrappedReference : public Implementation {
 public:
  WrappedReference(std::string name, std::string description)
      : name_("mutant:" + std::move(name)), description_(std::move(description)) {}
  /// Unnamed until rename() (the harness implementations).
  WrappedReference() = default;

  std::string name() const override { return name_; }
  std::string version() const override { return "mutant of the reference: " + description_; }
  /// The reference's: every dtype, gradients, second derivatives.
  Capabilities capabilities() const override { return ref_.capabilities(); }

  Tensor norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim) const override {
    return ref_.norm_except_dim(v, pow, dim);
  }
  Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const override {
    return ref_.weight_norm(v, g, dim);
  }
  Decomposition decompose(const Tensor& weight, DimArg dim) const override { return ref_.decompose(weight, dim); }
  Tensor remove(const Decomposition& p, DimArg dim) const override { return weight_norm(p.v, p.g, dim); }
  WeightNormGradients weight_norm_backward(const Tensor& grad_w, const Tensor& v, const Tensor& g,
                                           DimArg dim) const override {
    return ref_.weight_norm_backward(grad_w, v, g, dim);
  }
  WeightNormGradients weight_norm_backward_directional(const Tensor& grad_w, const Tensor& v, const Tensor& g,
                                                       DimArg dim, const Tensor& dv,
                                                       const Tensor& dg) const override {
    return ref_.weight_norm_backward_directional(grad_w, v, g, dim, dv, dg);
  }

 protected:
  const Implementation& ref() const { return ref_; }
  /// Another full name ("harness:float32-only") and description.
  void rename(std::string full_name, std::string description) {
    name_ = std::move(full_name);
    description_ = std::move(description);
  }

 private:
  std::string name_, description_;
  ReferenceImplementation ref_;
};

}  // namespace wn::mutants
