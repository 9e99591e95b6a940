/// @file
/// The training loop of spec LIFE-1, LIFE-2, LIFE-3, LIFE-4, LIFE-6 run through LibTorch: a torch::nn::Linear
/// whose weight is rebuilt from g and v before each forward, trained with
/// torch::optim::SGD. This header includes no LibTorch.
#pragma once

#include <vector>

#include "wn/dim.hpp"
#include "wn/tensor.hpp"
#include "wn/training.hpp"

namespace wn {

/// What `torch.nn.utils.weight_norm(nn.Linear(in, out, bias=False), dim=dim)`
/// does under `torch.optim.SGD`, step for step, as wn::train_linear models it:
/// registration (g = norm_except_dim(weight, 2, dim), v = weight, weight =
/// _weight_norm(v, g, dim)); then per step k the pre-hook (weight =
/// _weight_norm(v, g, dim)), loss = (output_weights[k] * linear(inputs[k])).sum(),
/// zero_grad, backward, step; after the last step remove_weight_norm.
/// weight is [out, in]; inputs[k] [batch, in]; output_weights[k] [batch, out];
/// all of one dtype. LibTorch's errors become wn::RejectedCall.
TrainingRun libtorch_train_linear(const Tensor& weight, DimArg dim, const std::vector<Tensor>& inputs,
                                  const std::vector<Tensor>& output_weights, const SgdOptions& options);

}  // namespace wn
