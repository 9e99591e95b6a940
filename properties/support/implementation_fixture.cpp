#include "implementation_fixture.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#ifndef WN_DEFAULT_IMPLEMENTATIONS
#define WN_DEFAULT_IMPLEMENTATIONS "reference,libtorch"
#endif

namespace wn::testing {
namespace {
std::string& current_name() {
  static std::string name;
  return name;
}

bool& current_selected() {
  static bool selected = false;
  return selected;
}

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> names;
  std::stringstream ss(list);
  for (std::string item; std::getline(ss, item, ',');) {
    if (!item.empty() && std::find(names.begin(), names.end(), item) == names.end()) names.push_back(item);
  }
  return names;
}

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

std::vector<std::string> default_implementations() { return split_names(WN_DEFAULT_IMPLEMENTATIONS); }

std::vector<std::string> selected_implementations() {
  const char* env = std::getenv("WN_IMPLEMENTATIONS");
  if (env == nullptr || *env == '\0') return default_implementations();
  return split_names(env);
}

std::vector<std::string> instantiated_implementations() {
  std::vector<std::string> names = default_implementations();
  for (const auto& n : selected_implementations()) {
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  }
  return names;
}

const std::string& current_implementation_name() { return current_name(); }

bool implementation_selected() { return current_selected(); }

std::unique_ptr<Implementation> guard_capabilities(std::unique_ptr<Implementation> impl) {
  return std::make_unique<CapabilityGuard>(std::move(impl));
}

void PropertyTest::SetUp() {
  current_name() = GetParam();
  const auto selected = selected_implementations();
  current_selected() = std::find(selected.begin(), selected.end(), GetParam()) != selected.end();
  if (!current_selected()) return;  // check_property records "not run" and skips
  impl_ = guard_capabilities(make_implementation(GetParam()));  // throws, naming the known ones, for an unknown name
  reference_ = make_implementation("reference");
}

void PropertyTest::TearDown() {
  current_name().clear();
  current_selected() = false;
}

std::string implementation_param_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

}  // namespace wn::testing
