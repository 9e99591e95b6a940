// The LIFE-* training loop through LibTorch's own module and optimizer.
// <torch/nn/modules/linear.h> and <torch/optim/sgd.h> are the narrowest
// headers for Linear and SGD; they pull in much of the C++ frontend, so this
// translation unit takes about 12 s to compile (measured, ninja -j1), against
// about 7 s for the ATen-only ones.
#include "wn/adapters/libtorch_training.hpp"

// at::AutoGradMode, named here, not left to the frontend headers (LibTorch 2.6).
#include <ATen/core/grad_mode.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/sgd.h>

#include "libtorch_implementation.hpp"
#include "libtorch_support.hpp"
#include "wn/errors.hpp"

namespace wn {

TrainingRun libtorch_train_linear(const Tensor& weight, DimArg dim, const std::vector<Tensor>& inputs,
                                  const std::vector<Tensor>& output_weights, const SgdOptions& options) {
  using namespace libtorch_detail;
  if (weight.rank() != 2) {
    throw InvalidArgument("libtorch_train_linear", "weight", "of shape " + to_string(weight.shape()),
                          "a Linear weight [out, in]");
  }
  if (inputs.size() != output_weights.size()) {
    throw InvalidArgument("libtorch_train_linear", "output_weights", std::to_string(output_weights.size()) + " tensors",
                          "one per input (" + std::to_string(inputs.size()) + ")");
  }
  return guarded([&] {
    const at::AutoGradMode grad_mode(true);
    const std::int64_t d = encode_for_libtorch(dim);
    torch::nn::Linear linear(torch::nn::LinearOptions(weight.size(1), weight.size(0)).bias(false));
    linear->to(to_at(weight.dtype()));
    // WeightNorm.apply: g and v become the parameters, the weight an attribute
    // computed once from them.
    const at::Tensor w0 = to_at(weight);
    at::Tensor g = linear->register_parameter("weight_g", at::norm_except_dim(w0, 2, d));
    at::Tensor v = linear->register_parameter("weight_v", w0.clone());
    refuse_unsafe_gradient_call(weight, from_at(g), dim, "libtorch_train_linear");
    {
      const at::NoGradGuard no_grad;  // registration happens outside any graph
      linear->weight = at::_weight_norm(v, g, d);
    }
    torch::optim::SGD sgd({g, v}, torch::optim::SGDOptions(options.lr)
                                      .momentum(options.momentum)
                                      .dampening(options.dampening)
                                      .weight_decay(options.weight_decay)
                                      .nesterov(options.nesterov));
    TrainingRun run;
    for (std::size_t k = 0; k < inputs.size(); ++k) {
      linear->weight = at::_weight_norm(v, g, d);  // the forward pre-hook
      const at::Tensor loss = (to_at(output_weights[k]) * linear->forward(to_at(inputs[k]))).sum();
      sgd.zero_grad();
      loss.backward();
      sgd.step();
      run.states.push_back(TrainingState{from_at(g), from_at(v), from_at(linear->weight)});
    }
    run.removed = from_at(at::_weight_norm(v, g, d));  // remove_weight_norm
    return run;
  });
}

}  // namespace wn

namespace wn::libtorch_detail {

TrainingRun LibTorchImplementation::train_linear(const Tensor& weight, DimArg dim, const std::vector<Tensor>& inputs,
                                                 const std::vector<Tensor>& output_weights,
                                                 const SgdOptions& options) const {
  return libtorch_train_linear(weight, dim, inputs, output_weights, options);
}

}  // namespace wn::libtorch_detail
