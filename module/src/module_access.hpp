// The protected parts of torch::nn::Module this library needs: its parameter
// dict (LibTorch has register_parameter but no way to delete one, which
// WeightNorm.apply and .remove do) and the default-argument answers AnyModule
// asks for. Reached through member pointers named in a derived class, which
// C++ allows for any Module object (no cast to a type it does not have).
#pragma once

#include <torch/nn/module.h>

#include <string>
#include <utility>
#include <vector>

namespace wn::module::detail {

struct ModuleAccess : torch::nn::Module {
  using Parameters = torch::OrderedDict<std::string, at::Tensor>;
  static constexpr Parameters torch::nn::Module::*parameters = &ModuleAccess::parameters_;
  static constexpr bool (torch::nn::Module::*has_default_args)() = &ModuleAccess::_forward_has_default_args;
  static constexpr unsigned int (torch::nn::Module::*num_required_args)() =
      &ModuleAccess::_forward_num_required_args;
  static constexpr std::vector<torch::nn::AnyValue> (torch::nn::Module::*populate_default_args)(
      std::vector<torch::nn::AnyValue>&&) = &ModuleAccess::_forward_populate_default_args;
};

/// The module's own parameters, in registration order (named_parameters(false)).
inline ModuleAccess::Parameters& parameters_of(torch::nn::Module& m) { return m.*ModuleAccess::parameters; }

inline bool forward_has_default_args(torch::nn::Module& m) { return (m.*ModuleAccess::has_default_args)(); }

inline unsigned int forward_num_required_args(torch::nn::Module& m) {
  return (m.*ModuleAccess::num_required_args)();
}

inline std::vector<torch::nn::AnyValue> forward_populate_default_args(torch::nn::Module& m,
                                                                      std::vector<torch::nn::AnyValue>&& args) {
  return (m.*ModuleAccess::populate_default_args)(std::move(args));
}

}  // namespace wn::module::detail
