// WeightNorm.apply / .remove / __call__ of torch/nn/utils/weight_norm.py and
// parametrizations.weight_norm / parametrize.remove_parametrizations on a
// LibTorch module, and the transparent wrapper that stands in for the
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

const char* const kParametrizations = "parametrizations";

std::string describe(const torch::nn::Module& m) {
  std::ostringstream os;
  m.pretty_print(os);
  return os.str();
}

/// Where a registration keeps g and v: the module itself (hook form) or its
/// parametrizations.<name> list (parametrization form, original0 / original1).
torch::nn::Module& holder_of(torch::nn::Module& m, const WeightNormHook& hook) {
  if (hook.form == Form::Hook) return m;
  return *m.named_children()[kParametrizations]->named_children()[hook.name];
}

std::string g_name(const WeightNormHook& hook) { return hook.form == Form::Hook ? hook.name + "_g" : "original0"; }
std::string v_name(const WeightNormHook& hook) { return hook.form == Form::Hook ? hook.name + "_v" : "original1"; }

at::Tensor compute_weight(torch::nn::Module& m, const WeightNormHook& hook) {
  auto& params = parameters_of(holder_of(m, hook));
  return at::_weight_norm(params[v_name(hook)], params[g_name(hook)], hook.dim);
}

/// The module's "parametrizations" child, made on first use (PyTorch's ModuleDict).
torch::nn::Module& parametrizations_of(torch::nn::Module& m) {
  const auto children = m.named_children();
  if (const auto* found = children.find(kParametrizations)) return **found;
  return *m.register_module(kParametrizations, std::make_shared<torch::nn::Module>("ModuleDict"));
}

}  // namespace

WeightNormedBase::WeightNormedBase(std::shared_ptr<torch::nn::Module> inner)
    : torch::nn::Module(inner->name()), inner_(std::move(inner)) {
  for (const auto& b : inner_->named_buffers(/*recurse=*/false)) register_buffer(b.key(), b.value());
  mirror();
}

void WeightNormedBase::mirror() {
  // The same tensors and children under the same names, in the same order:
  // the wrapper shows what the wrapped module holds.
  parameters_of(*this) = parameters_of(*inner_);
  for (const auto& c : named_children()) {
    if (inner_->named_children().find(c.key()) == nullptr) unregister_module(c.key());
  }
  for (const auto& c : inner_->named_children()) {
    if (named_children().find(c.key()) == nullptr) register_module(c.key(), c.value());
  }
}

std::vector<WeightNormHook>::iterator WeightNormedBase::find(const std::string& name, Form form) {
  return std::find_if(hooks_.begin(), hooks_.end(),
                      [&](const WeightNormHook& h) { return h.name == name && h.form == form; });
}

void WeightNormedBase::recompute() {
  for (const auto& hook : hooks_) *hook.member = compute_weight(*inner_, hook);
}

at::Tensor WeightNormedBase::current(const std::string& name) {
  for (const auto& hook : hooks_) {
    if (hook.name == name) return compute_weight(*inner_, hook);
  }
  throw InvalidArgument("current", "name", "'" + name + "'", "a parameter with weight norm");
}

void WeightNormedBase::add(const std::string& name, DimArg dim, at::Tensor& member, Form form) {
  // Every check before any change (MOD-13): PyTorch deletes the parameter
  // before norm_except_dim rejects the dim.
  const bool registered =
      std::any_of(hooks_.begin(), hooks_.end(), [&](const WeightNormHook& h) { return h.name == name; });
  if (registered) {
    // MOD-5; MOD-21: PyTorch >= 2.1 stacks a second parametrization that fails at every access.
    throw InvalidArgument("weight_norm", "name", "'" + name + "'",
                          "a parameter without weight norm (PyTorch: Cannot register two weight_norm hooks on "
                          "the same parameter " + name + ")");
  }
  auto& params = parameters_of(*inner_);
  const at::Tensor* found = params.find(name);
  if (found == nullptr || !found->defined()) {
    throw InvalidArgument("weight_norm", "name", "'" + name + "'", "a parameter of " + describe(*inner_));
  }
  const at::Tensor weight = *found;
  resolve_dim(dim, Shape(weight.sizes().begin(), weight.sizes().end()), "weight_norm");
  const WeightNormHook hook{name, encode_for_libtorch(dim), &member, form};
  if (form == Form::Hook) {
    for (const auto& taken : {g_name(hook), v_name(hook)}) {
      if (params.contains(taken)) {
        throw InvalidArgument("weight_norm", "name", "'" + name + "'",
                              "a parameter whose " + taken + " is not taken already");
      }
    }
  }
  params.erase(name);
  const at::Tensor g = at::norm_except_dim(weight, 2, hook.dim).detach();
  if (form == Form::Hook) {
    // MOD-1, MOD-2, MOD-8 .. MOD-11: as WeightNorm.apply does it.
    inner_->register_parameter(g_name(hook), g);
    inner_->register_parameter(v_name(hook), weight.detach());  // a new Parameter on the old storage
  } else {
    // MOD-16, MOD-20: register_parametrization with _WeightNorm.right_inverse
    // = (norm_except_dim(w), w); requires_grad as the original had it.
    auto list = std::make_shared<torch::nn::Module>("ParametrizationList");
    list->register_parameter(g_name(hook), g, weight.requires_grad());
    list->register_parameter(v_name(hook), weight.detach(), weight.requires_grad());
    parametrizations_of(*inner_).register_module(name, list);
  }
  member = compute_weight(*inner_, hook);
  hooks_.push_back(hook);
  mirror();
}

void WeightNormedBase::remove(const std::string& name, Form form, bool leave_parametrized) {
  auto it = find(name, form);
  if (it == hooks_.end()) {
    const std::string pytorch = form == Form::Hook
                                    ? "weight_norm of '" + name + "' not found in " + describe(*inner_)
                                    : "Module " + describe(*inner_) + " does not have a parametrization on " + name;
    throw InvalidArgument(form == Form::Hook ? "remove_weight_norm" : "remove_parametrizations", "name",
                          "'" + name + "'", "a parameter with weight norm (PyTorch: " + pytorch + ")");
  }
  if (!leave_parametrized) {
    throw InvalidArgument("remove_parametrizations", "leave_parametrized", "false",
                          "true (PyTorch: Cannot leave unparametrized (`leave_parametrized=False`) a tensor that "
                          "is parametrized in terms of a sequence of tensors.)");
  }
  const at::Tensor weight = compute_weight(*inner_, *it);
  if (form == Form::Hook) {
    // MOD-7, MOD-14: WeightNorm.remove.
    auto& params = parameters_of(*inner_);
    params.erase(g_name(*it));
    params.erase(v_name(*it));
    *it->member = inner_->register_parameter(name, weight.detach());
  } else {
    // MOD-18: a Parameter when g or v required grad, else a buffer, as
    // remove_parametrizations(leave_parametrized=True) leaves it.
    auto& dict = parametrizations_of(*inner_);
    dict.unregister_module(name);
    if (dict.named_children().is_empty()) inner_->unregister_module(kParametrizations);
    *it->member = weight.requires_grad() ? inner_->register_parameter(name, weight.detach())
                                         : inner_->register_buffer(name, weight.detach());
    if (!weight.requires_grad()) register_buffer(name, *it->member);
  }
  hooks_.erase(it);
  mirror();
}

void WeightNormedBase::convert_old_keys(c10::Dict<std::string, at::Tensor>& dict, const std::string& prefix) const {
  for (const auto& hook : hooks_) {
    if (hook.form != Form::Parametrization) continue;
    const std::string g = prefix + hook.name + "_g", v = prefix + hook.name + "_v";
    if (!dict.contains(g) || !dict.contains(v)) continue;  // MOD-19: both keys, or nothing converted
    const std::string to = prefix + kParametrizations + "." + hook.name + ".";
    dict.insert(to + g_name(hook), dict.at(g));
    dict.insert(to + v_name(hook), dict.at(v));
    static_cast<void>(dict.erase(g));  // the count: known to be 1
    static_cast<void>(dict.erase(v));
  }
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
