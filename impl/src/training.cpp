// The life cycle of a weight-normed layer under SGD (spec LIFE-1 .. LIFE-6).
#include "wn/training.hpp"

#include <string>

#include "wn/errors.hpp"
#include "wn/native_buffer.hpp"
#include "wn/weight_norm.hpp"

namespace wn {
namespace {

using Ld = long double;

// One PyTorch elementwise operation: its exact value, rounded once.
template <typename F>
Tensor elementwise(const Tensor& like, F&& f) {
  NativeBuffer<double> out(static_cast<std::size_t>(like.numel()));
  for (std::int64_t i = 0; i < like.numel(); ++i) out[static_cast<std::size_t>(i)] = round_to_dtype(f(i), like.dtype());
  return Tensor::rounded(like.dtype(), like.shape(), std::move(out));
}

}  // namespace

Sgd::Sgd(SgdOptions options) : options_(options) {
  const auto reject_negative = [](double x, const char* name) {
    if (!(x >= 0.0)) throw InvalidArgument("Sgd", name, std::to_string(x), "a value >= 0");
  };
  reject_negative(options.lr, "lr");
  reject_negative(options.momentum, "momentum");
  reject_negative(options.weight_decay, "weight_decay");
  if (options.nesterov && (options.momentum <= 0.0 || options.dampening != 0.0)) {
    throw InvalidArgument("Sgd", "nesterov", "true with momentum " + std::to_string(options.momentum) +
                                                 " and dampening " + std::to_string(options.dampening),
                          "momentum > 0 and dampening 0 (Nesterov momentum)");
  }
}

Tensor Sgd::step(std::size_t slot, const Tensor& p, const Tensor& grad) {
  if (grad.shape() != p.shape() || grad.dtype() != p.dtype()) {
    throw InvalidArgument("Sgd::step", "grad", "of shape " + to_string(grad.shape()),
                          "the parameter's shape " + to_string(p.shape()) + " and dtype");
  }
  if (buffers_.size() <= slot) buffers_.resize(slot + 1);
  const SgdOptions& o = options_;
  Tensor d = grad;
  // d_p = d_p.add(param, alpha=weight_decay)
  if (o.weight_decay != 0.0) d = elementwise(p, [&](std::int64_t i) { return Ld(d[i]) + Ld(o.weight_decay) * p[i]; });
  if (o.momentum != 0.0) {
    std::optional<Tensor>& buf = buffers_[slot];
    if (!buf) {
      buf = d;  // buf = torch.clone(d_p).detach(): the first step uses d_p itself
    } else {
      // buf.mul_(momentum).add_(d_p, alpha=1 - dampening): two operations
      const Tensor scaled = elementwise(p, [&](std::int64_t i) { return Ld(o.momentum) * (*buf)[i]; });
      const double keep = round_to_dtype(1.0L - Ld(o.dampening), p.dtype());
      buf = elementwise(p, [&](std::int64_t i) { return Ld(scaled[i]) + Ld(keep) * d[i]; });
    }
    if (o.nesterov) {
      const Tensor b = *buf;
      d = elementwise(p, [&](std::int64_t i) { return Ld(d[i]) + Ld(o.momentum) * b[i]; });
    } else {
      d = *buf;
    }
  }
  // param.add_(d_p, alpha=-lr)
  return elementwise(p, [&](std::int64_t i) { return Ld(p[i]) - Ld(o.lr) * d[i]; });
}

WeightNormLayer::WeightNormLayer(const Tensor& weight, DimArg dim) : dim_(dim) {
  const Decomposition d = decompose(weight, dim);
  g_ = d.g;
  v_ = d.v;
  weight_ = weight_norm(v_, g_, dim_);  // WeightNorm.apply sets the weight once
}

const Tensor& WeightNormLayer::forward() {
  weight_ = weight_norm(v_, g_, dim_);
  return weight_;
}

Gradients WeightNormLayer::backward(const Tensor& grad_w) const {
  return weight_norm_backward(grad_w, v_, g_, dim_);
}

void WeightNormLayer::step(Sgd& optimizer, const Gradients& grads) {
  // Parameter order as module.parameters() yields them: weight_g, then weight_v.
  g_ = optimizer.step(0, g_, grads.grad_g);
  v_ = optimizer.step(1, v_, grads.grad_v);
}

Tensor WeightNormLayer::remove() const { return weight_norm(v_, g_, dim_); }

Tensor linear_sum_loss_grad_w(const Tensor& x, const Tensor& output_weights) {
  const std::string fn = "linear_sum_loss_grad_w";
  if (x.rank() != 2 || output_weights.rank() != 2 || x.size(0) != output_weights.size(0)) {
    throw InvalidArgument(fn, "output_weights", "of shape " + to_string(output_weights.shape()),
                          "[batch, out] with the batch of x " + to_string(x.shape()));
  }
  const std::int64_t batch = x.size(0), in = x.size(1), out = output_weights.size(1);
  NativeBuffer<double> gw(static_cast<std::size_t>(out * in));
  for (std::int64_t o = 0; o < out; ++o) {
    for (std::int64_t i = 0; i < in; ++i) {
      Ld sum = 0.0L;
      for (std::int64_t b = 0; b < batch; ++b) sum += Ld(output_weights[b * out + o]) * x[b * in + i];
      gw[static_cast<std::size_t>(o * in + i)] = round_to_dtype(sum, x.dtype());
    }
  }
  return Tensor::rounded(x.dtype(), {out, in}, std::move(gw));
}

TrainingRun train_linear(const Tensor& weight, DimArg dim, const std::vector<Tensor>& inputs,
                         const std::vector<Tensor>& output_weights, const SgdOptions& options) {
  if (inputs.size() != output_weights.size()) {
    throw InvalidArgument("train_linear", "output_weights", std::to_string(output_weights.size()) + " tensors",
                          "one per input (" + std::to_string(inputs.size()) + ")");
  }
  WeightNormLayer layer(weight, dim);
  Sgd sgd(options);
  TrainingRun run;
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    layer.forward();  // the pre-hook; the weight is then used by the loss
    layer.step(sgd, layer.backward(linear_sum_loss_grad_w(inputs[k], output_weights[k])));
    run.states.push_back(TrainingState{layer.g(), layer.v(), layer.weight()});
  }
  run.removed = layer.remove();
  return run;
}

}  // namespace wn
