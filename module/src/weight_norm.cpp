// WeightNorm.apply / .remove / __call__ of torch/nn/utils/weight_norm.py on
// a LibTorch module, and the transparent wrapper that stands in for the
// forward pre-hook (see weight_norm.hpp).
#include "wn/module/weight_norm.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <sstream>

#include "module_access.hpp"

namespace wn::module {
namespace detail {

void unknown_member(const std::string& name, const std::string& module) {
  throw InvalidArgument("weight_norm", "member", "not given for parameter '" + name + "' of " + module,
                        "the member its forward reads (found by itself for \"weight\" and \"bias\" only): "
                        "weight_norm(module, name, dim, &Impl::member)");
}

namespace {

std::string describe(const torch::nn::Module& m) {
  std::ostringstream os;
  m.pretty_print(os);
  return os.str();
}

at::Tensor compute_weight(torch::nn::Module& m, const WeightNormHook& hook) {
  auto& params = parameters_of(m);
  return at::_weight_norm(params[hook.name + "_v"], params[hook.name + "_g"], hook.dim);
}

}  // namespace

WeightNormedBase::WeightNormedBase(std::shared_ptr<torch::nn::Module> inner)
    : torch::nn::Module(inner->name()), inner_(std::move(inner)) {
  mirror_parameters();
  for (const auto& b : inner_->named_buffers(/*recurse=*/false)) register_buffer(b.key(), b.value());
  for (const auto& c : inner_->named_children()) register_module(c.key(), c.value());
}

void WeightNormedBase::mirror_parameters() {
  // The same tensors under the same names, in the same order: the wrapper
  // shows what the wrapped module holds.
  parameters_of(*this) = parameters_of(*inner_);
}

void WeightNormedBase::recompute() {
  for (const auto& hook : hooks_) *hook.member = compute_weight(*inner_, hook);
}

void WeightNormedBase::add(const std::string& name, DimArg dim, at::Tensor& member) {
  // Every check before any change (MOD-13): PyTorch deletes the parameter
  // before norm_except_dim rejects the dim.
  const bool registered =
      std::any_of(hooks_.begin(), hooks_.end(), [&](const WeightNormHook& h) { return h.name == name; });
  if (registered) {
    throw InvalidArgument("weight_norm", "name", "'" + name + "'",
                          "a parameter without weight norm (PyTorch: Cannot register two weight_norm hooks on "
                          "the same parameter " + name + ")");
  }
  auto& params = parameters_of(*inner_);
  const at::Tensor* found = params.find(name);
  if (found == nullptr || !found->defined()) {
    throw InvalidArgument("weight_norm", "name", "'" + name + "'",
                          "a parameter of " + describe(*inner_));
  }
  const at::Tensor weight = *found;
  resolve_dim(dim, Shape(weight.sizes().begin(), weight.sizes().end()), "weight_norm");
  for (const char* suffix : {"_g", "_v"}) {
    if (params.contains(name + suffix)) {
      throw InvalidArgument("weight_norm", "name", "'" + name + "'",
                            "a parameter whose " + name + suffix + " is not taken already");
    }
  }
  const WeightNormHook hook{name, encode_for_libtorch(dim), &member};
  // MOD-1, MOD-2, MOD-8 .. MOD-11: as WeightNorm.apply does it.
  params.erase(name);
  inner_->register_parameter(name + "_g", at::norm_except_dim(weight, 2, hook.dim).detach());
  inner_->register_parameter(name + "_v", weight.detach());  // a new Parameter on the old storage
  member = compute_weight(*inner_, hook);
  hooks_.push_back(hook);
  mirror_parameters();
}

void WeightNormedBase::remove(const std::string& name) {
  auto it = std::find_if(hooks_.begin(), hooks_.end(), [&](const WeightNormHook& h) { return h.name == name; });
  if (it == hooks_.end()) {
    throw InvalidArgument("remove_weight_norm", "name", "'" + name + "'",
                          "a parameter with weight norm (PyTorch: weight_norm of '" + name + "' not found in " +
                              describe(*inner_) + ")");
  }
  // MOD-7, MOD-14: WeightNorm.remove.
  const at::Tensor weight = compute_weight(*inner_, *it);
  auto& params = parameters_of(*inner_);
  params.erase(name + "_g");
  params.erase(name + "_v");
  *it->member = inner_->register_parameter(name, weight.detach());
  hooks_.erase(it);
  mirror_parameters();
}

void WeightNormedBase::pretty_print(std::ostream& stream) const { inner_->pretty_print(stream); }

bool WeightNormedBase::_forward_has_default_args() { return forward_has_default_args(*inner_); }

unsigned int WeightNormedBase::_forward_num_required_args() { return forward_num_required_args(*inner_); }

std::vector<torch::nn::AnyValue> WeightNormedBase::_forward_populate_default_args(
    std::vector<torch::nn::AnyValue>&& arguments) {
  return forward_populate_default_args(*inner_, std::move(arguments));
}

}  // namespace detail
}  // namespace wn::module
