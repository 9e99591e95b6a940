/// @file
/// A layer under `torch.nn.utils.weight_norm`, trained with SGD: the life
/// cycle of g, v and the cached weight. Spec LIFE-1, LIFE-2, LIFE-3, LIFE-4, LIFE-5, LIFE-6.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "wn/dim.hpp"
#include "wn/gradients.hpp"
#include "wn/tensor.hpp"

namespace wn {

/// `torch.optim.SGD`'s hyper-parameters (PyTorch 1.13; maximize = False).
struct SgdOptions {
  double lr = 0.01;            ///< learning rate, >= 0
  double momentum = 0.0;       ///< momentum factor, >= 0 (0: no buffer)
  double dampening = 0.0;      ///< dampening of the momentum from the second step on
  double weight_decay = 0.0;   ///< L2 penalty added to the gradient, >= 0
  bool nesterov = false;       ///< Nesterov momentum (needs momentum > 0, dampening 0)
};

/// One parameter's SGD update as `torch.optim.SGD.step` performs it (spec LIFE-4):
///
///   d = grad + weight_decay · p                         (if weight_decay ≠ 0)
///   b = d on the first step, else momentum · b + (1 − dampening) · d   (if momentum ≠ 0)
///   d = d + momentum · b if nesterov, else b            (if momentum ≠ 0)
///   p = p − lr · d
///
/// Each PyTorch tensor operation is one rounding to the dtype here (its
/// exact value computed in long double); PyTorch's vectorised kernels may
/// fuse a multiply-add, so it agrees within 1 ulp per operation.
class Sgd {
 public:
  /// Rejects (wn::InvalidArgument) what torch.optim.SGD rejects: a negative
  /// lr, momentum or weight_decay, and nesterov without momentum > 0 and
  /// dampening = 0.
  explicit Sgd(SgdOptions options);
  /// The hyper-parameters it was built with.
  const SgdOptions& options() const { return options_; }
  /// Updates parameter `slot` (0, 1, ... one per parameter, so each keeps its
  /// own momentum buffer) and returns its new value.
  Tensor step(std::size_t slot, const Tensor& parameter, const Tensor& grad);

 private:
  SgdOptions options_;
  std::vector<std::optional<Tensor>> buffers_;
};

/// A module parameter under `torch.nn.utils.weight_norm(module, name, dim)`
/// (spec LIFE-1, LIFE-2, LIFE-3, LIFE-5):
/// - registration: g = norm_except_dim(weight, 2, dim), v = weight, and the
///   cached weight computed once from them;
/// - forward (the forward pre-hook): cached weight = weight_norm(v, g, dim);
/// - an optimizer step changes g and v only: the cached weight is stale
///   (compose of the previous g, v) until the next forward;
/// - remove (`remove_weight_norm`): weight_norm of the *current* g and v.
class WeightNormLayer {
 public:
  /// Registers weight norm on `weight` over `dim` (LIFE-1): g and v from
  /// decompose, the cached weight computed once from them.
  WeightNormLayer(const Tensor& weight, DimArg dim);

  /// The parameter `<name>_g`.
  const Tensor& g() const { return g_; }
  /// The parameter `<name>_v`.
  const Tensor& v() const { return v_; }
  /// The cached `module.weight` as it is now (possibly stale).
  const Tensor& weight() const { return weight_; }
  /// The dim it was registered with.
  DimArg dim() const { return dim_; }

  /// The forward pre-hook: recomputes the cached weight from g and v, and
  /// returns it (the weight the forward uses).
  const Tensor& forward();
  /// dL/dg and dL/dv for dL/dw = grad_w at the current g and v (GRAD-1, GRAD-2).
  Gradients backward(const Tensor& grad_w) const;
  /// optimizer.step(): g and v updated, the cached weight left as it is.
  void step(Sgd& optimizer, const Gradients& grads);
  /// remove_weight_norm: the plain weight from the current g and v.
  Tensor remove() const;

 private:
  DimArg dim_;
  Tensor g_, v_, weight_;
};

/// The state after one training step: g, v and the cached weight right after
/// optimizer.step() (before the next forward).
struct TrainingState {
  Tensor g;       ///< g after the step
  Tensor v;       ///< v after the step
  Tensor weight;  ///< the cached weight after the step: compose of the previous g and v (LIFE-3)
};

/// A Linear layer's training run: weight [out, in] under weight norm,
/// `steps` iterations of forward (y = x W^T on inputs[k], [batch, in]),
/// loss = Σ output_weights[k] ⊙ y (so dL/dW = output_weights[k]^T x_k; all
/// ones is the thread's loss = y.sum()), backward, optimizer.step().
struct TrainingRun {
  std::vector<TrainingState> states;  ///< one per step
  Tensor removed;                     ///< remove_weight_norm after the last step
};

/// dL/dW = output_weights^T x for loss = Σ output_weights ⊙ (x W^T), in
/// long double, rounded once to x's dtype.
Tensor linear_sum_loss_grad_w(const Tensor& x, const Tensor& output_weights);

/// The reference run of that loop (spec LIFE-1, LIFE-2, LIFE-3, LIFE-4, LIFE-5): each step uses the
/// reference's gradients (weight_norm_backward) and Sgd.
TrainingRun train_linear(const Tensor& weight, DimArg dim, const std::vector<Tensor>& inputs,
                         const std::vector<Tensor>& output_weights, const SgdOptions& options);

}  // namespace wn
