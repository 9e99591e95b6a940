// LibTorch's gradients of weight norm, by autograd through at::_weight_norm
// (spec GRAD-*). Includes only <torch/csrc/autograd/autograd.h> beyond ATen
// (torch::autograd::grad); this translation unit compiles in about 7 s, as
// long as libtorch.cpp with <ATen/ATen.h> alone (measured on the project
// machine, ninja -j1).
//
// at::_weight_norm takes one of two paths, and both are differentiated here:
// - fused (dim 0 and the last dim): _weight_norm_interface; its backward with
//   grad mode off is the kernel _weight_norm_interface_backward, with grad
//   mode on (create_graph) the composite _weight_norm_differentiable_backward,
//   which is what double backward differentiates;
// - composite (middle dims, none): v * (g / norm_except_dim(v, 2, dim)),
//   differentiated op by op.
// at::AutoGradMode: LibTorch 2.6's autograd.h no longer brings it in.
#include <ATen/core/grad_mode.h>
#include <torch/csrc/autograd/autograd.h>

#include "libtorch_implementation.hpp"
#include "libtorch_support.hpp"

namespace wn::libtorch_detail {
namespace {

at::Tensor leaf(const Tensor& t) { return to_at(t).set_requires_grad(true); }

// A gradient autograd leaves undefined (no dependence) is zero.
Tensor values_or_zeros(const at::Tensor& grad, const Tensor& like) {
  return grad.defined() ? from_at(grad) : Tensor::zeros(like.dtype(), like.shape());
}

// The gradients of a call: grad_w's shape held to GRAD-9 (DEV-8); a call
// the fused kernel would crash on (DEV-6) or overrun g for (DEV-2) made in
// a child process, so that what LibTorch does is observed; any other g held
// to SHAPE-3 (refused); then `compute` here.
WeightNormGradients probed_gradients(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim,
                                     const std::string& fn, const std::function<WeightNormGradients()>& compute) {
  refuse_mismatched_grad_w(grad_w, v, fn);
  try {
    refuse_crashing_calls(v, g, dim, fn);
  } catch (const RefusedUnsafeCall& refusal) {
    const std::vector<Tensor> r = probe_refused_call(refusal, fn, [&] {
      const WeightNormGradients grads = compute();
      return std::vector<Tensor>{grads.grad_v, grads.grad_g};
    });
    return WeightNormGradients{r.at(0), r.at(1)};
  }
  refuse_unsafe_gradient_call(v, g, dim, fn);
  return compute();
}

}  // namespace

WeightNormGradients LibTorchImplementation::weight_norm_backward(const Tensor& grad_w, const Tensor& v, const Tensor& g,
                                                                 DimArg dim) const {
  return probed_gradients(grad_w, v, g, dim, "libtorch weight_norm_backward", [&] {
    return guarded([&] {
      const at::AutoGradMode grad_mode(true);
      const at::Tensor av = leaf(v), ag = leaf(g);
      const at::Tensor w = at::_weight_norm(av, ag, encode_for_libtorch(dim));
      // create_graph = false: the engine runs the backward with grad mode
      // off, so the fused path uses its own backward kernel.
      const auto grads = torch::autograd::grad({w}, {av, ag}, {to_at(grad_w)}, /*retain_graph=*/false,
                                               /*create_graph=*/false, /*allow_unused=*/true);
      return WeightNormGradients{values_or_zeros(grads[0], v), values_or_zeros(grads[1], g)};
    });
  });
}

WeightNormGradients LibTorchImplementation::weight_norm_backward_directional(const Tensor& grad_w, const Tensor& v,
                                                                             const Tensor& g, DimArg dim,
                                                                             const Tensor& dv, const Tensor& dg) const {
  return probed_gradients(grad_w, v, g, dim, "libtorch weight_norm_backward_directional", [&] {
    return guarded([&] {
      const at::AutoGradMode grad_mode(true);
      const at::Tensor av = leaf(v), ag = leaf(g);
      const at::Tensor w = at::_weight_norm(av, ag, encode_for_libtorch(dim));
      const auto first = torch::autograd::grad({w}, {av, ag}, {to_at(grad_w)}, /*retain_graph=*/true,
                                               /*create_graph=*/true, /*allow_unused=*/true);
      // (grad_v, grad_g) is the gradient of L = <grad_w, w(v, g)>: its
      // Jacobian is the (symmetric) Hessian H, so the vector-Jacobian
      // product autograd computes with (dv, dg) is H (dv, dg), the
      // directional derivative.
      std::vector<at::Tensor> outputs, directions;
      const at::Tensor adv = to_at(dv), adg = to_at(dg);
      if (first[0].defined() && first[0].requires_grad()) {
        outputs.push_back(first[0]);
        directions.push_back(adv);
      }
      if (first[1].defined() && first[1].requires_grad()) {
        outputs.push_back(first[1]);
        directions.push_back(adg);
      }
      if (outputs.empty())
        return WeightNormGradients{Tensor::zeros(v.dtype(), v.shape()), Tensor::zeros(g.dtype(), g.shape())};
      const auto second = torch::autograd::grad(outputs, {av, ag}, directions, /*retain_graph=*/false,
                                                /*create_graph=*/false, /*allow_unused=*/true);
      return WeightNormGradients{values_or_zeros(second[0], v), values_or_zeros(second[1], g)};
    });
  });
}

}  // namespace wn::libtorch_detail
