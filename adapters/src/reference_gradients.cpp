// The reference's gradients behind the Implementation interface (spec GRAD-*).
#include "wn/adapters/reference.hpp"
#include "wn/gradients.hpp"

namespace wn {

WeightNormGradients ReferenceImplementation::weight_norm_backward(const Tensor& grad_w, const Tensor& v,
                                                                  const Tensor& g, DimArg dim) const {
  const Gradients d = wn::weight_norm_backward(grad_w, v, g, dim);
  return WeightNormGradients{d.grad_v, d.grad_g};
}

WeightNormGradients ReferenceImplementation::weight_norm_backward_directional(const Tensor& grad_w, const Tensor& v,
                                                                              const Tensor& g, DimArg dim,
                                                                              const Tensor& dv,
                                                                              const Tensor& dg) const {
  const Gradients d = wn::weight_norm_backward_directional(grad_w, v, g, dim, dv, dg);
  return WeightNormGradients{d.grad_v, d.grad_g};
}

}  // namespace wn
