/// @file
/// `weight_norm` and `remove_weight_norm` for LibTorch C++ modules: PyTorch's
/// `torch.nn.utils.weight_norm` (the hook form, spec/13-module.md) with the
/// same parameter names, shapes, order, storage and state dict. The
/// parametrization form (PyTorch >= 2.1) is in parametrizations.hpp, state
/// dicts for Python in state_dict.hpp.
///
/// **Why a wrapper.** PyTorch recomputes the weight in a forward pre-hook
/// (MOD-3); LibTorch's C++ frontend has no hooks, and a module's forward()
/// reads its C++ member (`LinearImpl::weight`), which only typed code can
/// rebind. So `weight_norm(module)` changes `module` in place exactly as
/// `WeightNorm.apply` does (MOD-1, MOD-2, MOD-8 to MOD-11) and returns a
/// `WeightNormed<M>`: a module whose forward() recomputes every registered
/// weight and then calls `module`'s forward (MOD-3, MOD-12). The wrapper is
/// *transparent*: it lists the wrapped module's own parameters and buffers
/// under the same names and its children as its own children, so
/// `named_parameters()`, `state_dict()`, `torch::save` and optimizers see
/// what PyTorch's module shows (`weight_g`, `weight_v`, no `module.` prefix),
/// also inside a `Sequential` or a parent module (`0.weight_g`). Put the
/// returned module where the original was.
///
/// A registered callback was the alternative; nothing in LibTorch calls one
/// before forward, so every caller (Sequential included) would have had to.
///
/// Calling the wrapped module's forward() directly skips the recomputation,
/// like calling `Module.forward` instead of `module(x)` in Python.
#pragma once

#include <ATen/core/Dict.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "wn/dim.hpp"
#include "wn/errors.hpp"

namespace wn::module {

/// Which of PyTorch's two weight norms a registration follows.
enum class Form {
  Hook,             ///< torch.nn.utils.weight_norm: `<name>_g`, `<name>_v` (MOD-1 to MOD-15)
  Parametrization,  ///< torch.nn.utils.parametrizations.weight_norm, PyTorch >= 2.1 (MOD-16 to MOD-21)
};

/// One weight norm registered on a module: PyTorch's `WeightNorm` object
/// (its `name` and its `dim`, none encoded as -1, DIM-3), or its
/// `_WeightNorm` parametrization.
struct WeightNormHook {
  std::string name;              ///< the reparametrized parameter, e.g. "weight"
  std::int64_t dim = 0;          ///< as LibTorch receives it (-1: the whole tensor)
  at::Tensor* member = nullptr;  ///< the module's C++ member its forward reads
  Form form = Form::Hook;        ///< where g and v live
};

namespace detail {

/// The untyped part of WeightNormed<M> (module/src/weight_norm.cpp).
class WeightNormedBase : public torch::nn::Module {
 public:
  /// The hooks registered, in order of registration.
  const std::vector<WeightNormHook>& hooks() const { return hooks_; }
  /// Sets every registered member from the current g and v (MOD-3, MOD-17),
  /// as the pre-hooks do before each forward.
  void recompute();
  /// The weight `name` computed from the current g and v now (MOD-17); throws
  /// wn::InvalidArgument when `name` has no weight norm.
  at::Tensor current(const std::string& name);
  /// Spec MOD-1, MOD-2, MOD-5, MOD-8 to MOD-11, MOD-13 (hook form) and
  /// MOD-16, MOD-20, MOD-21 (parametrization form): weight norm on the
  /// wrapped module, after checking everything first.
  void add(const std::string& name, DimArg dim, at::Tensor& member, Form form);
  /// Spec MOD-6, MOD-7, MOD-14 (hook form; `leave_parametrized` must be
  /// true) and MOD-18 (parametrization form).
  void remove(const std::string& name, Form form, bool leave_parametrized = true);
  /// Spec MOD-19: renames `<prefix><name>_g` / `_v` to the parametrization's
  /// keys in `dict` when both are present, as PyTorch's load pre-hook does.
  void convert_old_keys(c10::Dict<std::string, at::Tensor>& dict, const std::string& prefix) const;
  /// Prints the wrapped module, as PyTorch's repr shows the module itself.
  void pretty_print(std::ostream& stream) const override;

  // AnyModule (Sequential) asks these of the wrapper: answer as the wrapped
  // module does, so ConvTranspose's optional output_size stays optional.
  // Public: AnyModule is a friend of torch::nn::Module, not of this class.
  /// Whether the wrapped module's forward has default arguments.
  bool _forward_has_default_args() override;
  /// The wrapped module's number of required forward arguments.
  unsigned int _forward_num_required_args() override;
  /// The wrapped module's forward defaults, filled into `arguments`.
  std::vector<torch::nn::AnyValue> _forward_populate_default_args(
      std::vector<torch::nn::AnyValue>&& arguments) override;

 protected:
  /// Shows `inner`'s parameters, buffers and children as its own.
  explicit WeightNormedBase(std::shared_ptr<torch::nn::Module> inner);

 private:
  void mirror();
  std::vector<WeightNormHook>::iterator find(const std::string& name, Form form);
  std::shared_ptr<torch::nn::Module> inner_;
  std::vector<WeightNormHook> hooks_;
};

/// Whether M has a tensor member `weight`.
template <class M, class = void>
struct has_weight : std::false_type {};
/// Whether M has a tensor member `weight`: it has one.
template <class M>
struct has_weight<M, std::void_t<decltype(std::declval<M&>().weight)>>
    : std::is_same<decltype(std::declval<M&>().weight), at::Tensor> {};
/// Whether M has a tensor member `bias`.
template <class M, class = void>
struct has_bias : std::false_type {};
/// Whether M has a tensor member `bias`: it has one.
template <class M>
struct has_bias<M, std::void_t<decltype(std::declval<M&>().bias)>>
    : std::is_same<decltype(std::declval<M&>().bias), at::Tensor> {};

/// Throws: `name` is not a member this library knows how to find.
[[noreturn]] void unknown_member(const std::string& name, const std::string& module);

/// The C++ member holding parameter `name` of the torch::nn modules
/// (`weight`, `bias`); for other names pass the member pointer.
template <class M>
at::Tensor& member_named(M& module, const std::string& name) {
  if constexpr (has_weight<M>::value) {
    if (name == "weight") return module.weight;
  }
  if constexpr (has_bias<M>::value) {
    if (name == "bias") return module.bias;
  }
  unknown_member(name, module.name());
}

}  // namespace detail

/// A module with weight norm; specialized below on M's forward signature.
template <class M, class Forward = decltype(&M::forward)>
class WeightNormedImpl;

/// A module with weight norm (see the file comment): forward() recomputes
/// each weight from its g and v (MOD-3), then runs the wrapped module.
/// Its parameters, buffers and children are the wrapped module's.
template <class M, class R, class... Args>
class WeightNormedImpl<M, R (M::*)(Args...)> : public detail::WeightNormedBase {
 public:
  /// Wraps `inner` without registering anything (weight_norm() does that).
  explicit WeightNormedImpl(std::shared_ptr<M> inner) : WeightNormedBase(inner), inner_(std::move(inner)) {}
  /// Spec MOD-3: the weights from the current g and v, then M::forward.
  R forward(Args... args) {
    recompute();
    return inner_->forward(std::forward<Args>(args)...);
  }
  /// The wrapped module (the one PyTorch's weight_norm returns).
  const std::shared_ptr<M>& module() const { return inner_; }

 private:
  std::shared_ptr<M> inner_;
};

/// The holder (`->`, Sequential, torch::save) of a WeightNormedImpl<M>.
template <class M>
using WeightNormed = torch::nn::ModuleHolder<WeightNormedImpl<M>>;

namespace detail {

/// A fresh wrapper around `module` with weight norm of `form` on `name`.
template <class M>
WeightNormed<M> wrap_with(const torch::nn::ModuleHolder<M>& module, const std::string& name, DimArg dim,
                          at::Tensor M::*member, Form form) {
  M& inner = *module.ptr();
  auto wrapped = std::make_shared<WeightNormedImpl<M>>(module.ptr());
  wrapped->add(name, dim, member != nullptr ? inner.*member : member_named(inner, name), form);
  return WeightNormed<M>(wrapped);
}

/// Weight norm of `form` on another parameter of a wrapped module.
template <class M>
WeightNormed<M> add_to(const WeightNormed<M>& module, const std::string& name, DimArg dim, at::Tensor M::*member,
                       Form form) {
  M& inner = *module.ptr()->module();
  module.ptr()->add(name, dim, member != nullptr ? inner.*member : member_named(inner, name), form);
  return module;
}

}  // namespace detail

/// `torch.nn.utils.weight_norm(module, name, dim)`: replaces parameter
/// `name` of `module` by `<name>_g` and `<name>_v` (MOD-1, MOD-2, MOD-8 to
/// MOD-11) and returns the module whose forward recomputes it (MOD-3,
/// MOD-12). `dim` none (wn::kNone) is the whole tensor, stored as -1 as
/// PyTorch does (DIM-3). `module`'s own type's forward must not be
/// overloaded. `member` is the C++ member that `module`'s forward reads
/// (found for "weight" and "bias").
///
/// Throws wn::InvalidArgument, changing nothing (MOD-13): `name` is not a
/// parameter of `module`, or `dim` is out of range for it (DIM-2).
template <class M>
WeightNormed<M> weight_norm(const torch::nn::ModuleHolder<M>& module, const std::string& name = "weight",
                            DimArg dim = 0, at::Tensor M::*member = nullptr) {
  return detail::wrap_with(module, name, dim, member, Form::Hook);
}

/// weight_norm on another parameter of an already wrapped module (e.g. the
/// bias after the weight). A second registration on the same name throws
/// wn::InvalidArgument and changes nothing (MOD-5).
template <class M>
WeightNormed<M> weight_norm(const WeightNormed<M>& module, const std::string& name = "weight", DimArg dim = 0,
                            at::Tensor M::*member = nullptr) {
  return detail::add_to(module, name, dim, member, Form::Hook);
}

/// `torch.nn.utils.remove_weight_norm(module, name)`: `name` becomes a
/// plain parameter again, the weight of the current g and v, registered
/// last (MOD-7, MOD-10, MOD-14). Returns `module`, whose forward no longer
/// recomputes `name`. Throws wn::InvalidArgument with PyTorch's message when
/// `name` has no weight norm (MOD-6).
template <class M>
WeightNormed<M> remove_weight_norm(const WeightNormed<M>& module, const std::string& name = "weight") {
  module.ptr()->remove(name, Form::Hook);
  return module;
}

}  // namespace wn::module
