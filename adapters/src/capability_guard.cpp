// wn::guard_capabilities: an implementation is only ever called within the
// capabilities it declares (spec: "a pass means a check ran"). Outside them
// a call is NotSupported (the case is counted unsupported, never passed);
// inside them a NotSupported is the implementation's bug.
#include <stdexcept>

#include "wn/adapters/implementation.hpp"

namespace wn {
namespace {

// Checks every call against the declared capabilities first.
class CapabilityGuard : public Implementation {
 public:
  explicit CapabilityGuard(std::unique_ptr<Implementation> inner)
      : inner_(std::move(inner)), caps_(inner_->capabilities()) {}

  std::string name() const override { return inner_->name(); }
  std::string version() const override { return inner_->version(); }
  Capabilities capabilities() const override { return caps_; }
  std::vector<std::string> known_deviations() const override { return inner_->known_deviations(); }

  Tensor norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim) const override {
    need("norm_except_dim", {&v});
    return declared("norm_except_dim", [&] { return inner_->norm_except_dim(v, pow, dim); });
  }
  Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const override {
    need("weight_norm", {&v, &g});
    return declared("weight_norm", [&] { return inner_->weight_norm(v, g, dim); });
  }
  Decomposition decompose(const Tensor& weight, DimArg dim) const override {
    need("decompose", {&weight});
    return declared("decompose", [&] { return inner_->decompose(weight, dim); });
  }
  Tensor remove(const Decomposition& p, DimArg dim) const override {
    need("remove", {&p.g, &p.v});
    return declared("remove", [&] { return inner_->remove(p, dim); });
  }
  WeightNormGradients weight_norm_backward(const Tensor& grad_w, const Tensor& v, const Tensor& g,
                                           DimArg dim) const override {
    if (!caps_.gradients) throw NotSupported(name() + " does not declare gradients");
    need("weight_norm_backward", {&grad_w, &v, &g});
    return declared("weight_norm_backward", [&] { return inner_->weight_norm_backward(grad_w, v, g, dim); });
  }
  WeightNormGradients weight_norm_backward_directional(const Tensor& grad_w, const Tensor& v, const Tensor& g,
                                                       DimArg dim, const Tensor& dv,
                                                       const Tensor& dg) const override {
    if (!caps_.second_derivatives) throw NotSupported(name() + " does not declare second derivatives");
    need("weight_norm_backward_directional", {&grad_w, &v, &g, &dv, &dg});
    return declared("weight_norm_backward_directional",
                    [&] { return inner_->weight_norm_backward_directional(grad_w, v, g, dim, dv, dg); });
  }
  TrainingRun train_linear(const Tensor& weight, DimArg dim, const std::vector<Tensor>& inputs,
                           const std::vector<Tensor>& output_weights, const SgdOptions& options) const override {
    if (!caps_.training) throw NotSupported(name() + " does not declare a training loop");
    std::vector<const Tensor*> all{&weight};
    for (const auto& t : inputs) all.push_back(&t);
    for (const auto& t : output_weights) all.push_back(&t);
    need("train_linear", all);
    return declared("train_linear", [&] { return inner_->train_linear(weight, dim, inputs, output_weights, options); });
  }

  int intra_op_threads() const override {
    if (!caps_.threads) throw NotSupported(name() + " does not declare a settable thread count");
    return declared("intra_op_threads", [&] { return inner_->intra_op_threads(); });
  }
  void set_intra_op_threads(int threads) const override {
    if (!caps_.threads) throw NotSupported(name() + " does not declare a settable thread count");
    declared("set_intra_op_threads", [&] { inner_->set_intra_op_threads(threads); });
  }

 private:
  void need(const char* op, const std::vector<const Tensor*>& tensors) const {
    for (const Tensor* t : tensors) {
      if (!caps_.supports(t->dtype())) {
        throw NotSupported(name() + " does not declare dtype " + to_string(t->dtype()) + " (" + op + ")");
      }
    }
  }
  template <class F>
  auto declared(const char* op, F&& f) const -> decltype(f()) {
    try {
      return f();
    } catch (const NotSupported& e) {
      throw std::logic_error(name() + " threw wn::NotSupported from " + op +
                             ", inside the capabilities it declares: " + e.what());
    }
  }

  std::unique_ptr<Implementation> inner_;
  Capabilities caps_;
};

}  // namespace

std::unique_ptr<Implementation> guard_capabilities(std::unique_ptr<Implementation> impl) {
  return std::make_unique<CapabilityGuard>(std::move(impl));
}

}  // namespace wn
