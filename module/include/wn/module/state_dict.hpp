/// @file
/// PyTorch's `Module.state_dict()` and `load_state_dict()` for LibTorch
/// modules, with PyTorch's key order and names, in a form Python reads:
/// `torch::pickle_save(state_dict(m))` is loadable by `torch.load` (spec
/// MOD-15), and a dict that Python's `torch.save(m.state_dict())` wrote
/// loads with `torch::pickle_load` and load_state_dict().
#pragma once

#include <ATen/core/Dict.h>
#include <torch/nn/module.h>

#include <string>
#include <vector>

namespace wn::module {

/// Names to tensors in PyTorch's state-dict order.
using StateDict = c10::Dict<std::string, at::Tensor>;

/// Spec MOD-1, MOD-15: the module's own parameters, then its own buffers,
/// then each child's under `"<child>."`, as `Module.state_dict()` lists
/// them (LibTorch's named_parameters() lists every parameter before any
/// buffer instead). The tensors are detached aliases, as in PyTorch.
StateDict state_dict(const torch::nn::Module& module);

/// Spec MOD-15: copies each entry of `dict` into the tensor of the same name
/// (PyTorch's `load_state_dict(strict=True)`). Throws wn::InvalidArgument
/// naming the missing and unexpected keys, or a key whose shape differs,
/// before copying anything. Spec MOD-19: for a weight norm of the
/// parametrization form, old `<name>_g` and `<name>_v` keys are first
/// renamed to `parametrizations.<name>.original0` / `original1` when both
/// are present.
void load_state_dict(torch::nn::Module& module, const StateDict& dict);

/// Spec MOD-15: state_dict(module) in the bytes of `torch.save`
/// (torch::pickle_save), which Python's `torch.load` reads as a dict.
std::vector<char> pickle_state_dict(const torch::nn::Module& module);

/// Spec MOD-15: a dict of names to tensors from bytes written by
/// pickle_state_dict or by Python's `torch.save(dict(m.state_dict()), f)`
/// (a plain dict: the OrderedDict of `state_dict()` carries `_metadata`,
/// which LibTorch's unpickler does not read). Throws wn::InvalidArgument when
/// the bytes hold anything else.
StateDict unpickle_state_dict(const std::vector<char>& bytes);

/// Spec MOD-15: pickle_state_dict(module) written to the file `path`.
void save_state_dict(const torch::nn::Module& module, const std::string& path);
/// Spec MOD-15: any dict of names to tensors (inputs and outputs to compare,
/// say) written to `path` as `torch.save` writes it.
void save_state_dict(const StateDict& dict, const std::string& path);
/// Spec MOD-15: unpickle_state_dict of the file `path`.
StateDict load_state_dict_file(const std::string& path);

}  // namespace wn::module
