/// @file
/// The parametrization form of weight norm, PyTorch 2.1 and later:
/// `torch.nn.utils.parametrizations.weight_norm` and
/// `torch.nn.utils.parametrize.remove_parametrizations` for LibTorch
/// modules (spec MOD-16 to MOD-21). g and v are
/// `parametrizations.weight.original0` and `original1` for the weight.
///
/// PyTorch recomputes the weight on every *access* of `module.weight`; a C++
/// member read cannot run code, so here (MOD-17) the wrapper's forward
/// recomputes it (as for the hook form, weight_norm.hpp) and
/// `current(name)` of the wrapper computes it at any other time.
#pragma once

#include "wn/module/weight_norm.hpp"

namespace wn::module {

namespace parametrizations {

/// `torch.nn.utils.parametrizations.weight_norm(module, name, dim)`, PyTorch
/// 2.1 and later: parameter `name` (say "weight") becomes
/// `parametrizations.weight.original0` (g) and `original1` (v), listed after the module's other parameters, requiring
/// grad as the old parameter did (MOD-16, MOD-20); forward recomputes the
/// weight (MOD-17). Throws wn::InvalidArgument, changing nothing, for a name
/// that is not a parameter, a dim out of range (MOD-13), or a second weight
/// norm on `name` (MOD-21).
template <class M>
WeightNormed<M> weight_norm(const torch::nn::ModuleHolder<M>& module, const std::string& name = "weight",
                            DimArg dim = 0, at::Tensor M::*member = nullptr) {
  return detail::wrap_with(module, name, dim, member, Form::Parametrization);
}

/// The same on another parameter of an already wrapped module.
template <class M>
WeightNormed<M> weight_norm(const WeightNormed<M>& module, const std::string& name = "weight", DimArg dim = 0,
                            at::Tensor M::*member = nullptr) {
  return detail::add_to(module, name, dim, member, Form::Parametrization);
}

}  // namespace parametrizations

namespace parametrize {

/// `torch.nn.utils.parametrize.remove_parametrizations(module, name, leave_parametrized)`
/// for a weight norm of the parametrization form
/// (MOD-18): `name` becomes a plain parameter, last, holding the current
/// weight (a buffer if neither g nor v required grad), and
/// `parametrizations` goes when it is empty. `leave_parametrized = false`
/// throws wn::InvalidArgument, as PyTorch refuses it for a tensor
/// parametrized by two; so does a name without that weight norm.
template <class M>
WeightNormed<M> remove_parametrizations(const WeightNormed<M>& module, const std::string& name,
                                        bool leave_parametrized = true) {
  module.ptr()->remove(name, Form::Parametrization, leave_parametrized);
  return module;
}

}  // namespace parametrize

}  // namespace wn::module
