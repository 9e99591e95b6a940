// LibTorch as an implementation under test (internal; includes no LibTorch).
// The forward operations live in libtorch.cpp, the gradients in
// libtorch_gradients.cpp, so that each translation unit includes only the
// LibTorch headers it needs.
#pragma once

#include "wn/adapters/implementation.hpp"

namespace wn::libtorch_detail {

class LibTorchImplementation : public Implementation {
 public:
  std::string name() const override { return "libtorch"; }
  std::string version() const override;
  Tensor norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim) const override;
  Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const override;
  Decomposition decompose(const Tensor& weight, DimArg dim) const override;
  Tensor remove(const Decomposition& parameters, DimArg dim) const override;
  /// Autograd through at::_weight_norm, grad mode off in the backward: the
  /// fused path runs its kernel's own backward (_weight_norm_interface_backward).
  WeightNormGradients weight_norm_backward(const Tensor& grad_w, const Tensor& v, const Tensor& g,
                                           DimArg dim) const override;
  /// Double backward: torch::autograd::grad with create_graph, taken twice
  /// (on the fused path through _weight_norm_differentiable_backward).
  WeightNormGradients weight_norm_backward_directional(const Tensor& grad_w, const Tensor& v, const Tensor& g,
                                                       DimArg dim, const Tensor& dv, const Tensor& dg) const override;
  /// Every dtype, gradients, second derivatives, its own training loop and
  /// a settable thread count.
  Capabilities capabilities() const override;
  /// at::get_num_threads().
  int intra_op_threads() const override;
  /// at::set_num_threads(threads): LibTorch's intra-op pool, for the whole process.
  void set_intra_op_threads(int threads) const override;
  /// torch::nn::Linear under weight norm, torch::optim::SGD (libtorch_train_linear).
  TrainingRun train_linear(const Tensor& weight, DimArg dim, const std::vector<Tensor>& inputs,
                           const std::vector<Tensor>& output_weights, const SgdOptions& options) const override;
  std::vector<std::string> known_deviations() const override;
};

}  // namespace wn::libtorch_detail
