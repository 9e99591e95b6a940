// Module.state_dict / load_state_dict (torch/nn/modules/module.py) over
// LibTorch's parameter, buffer and child dicts.
#include "wn/module/state_dict.hpp"

#include <ATen/ATen.h>

#include <torch/serialize.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

#include "wn/errors.hpp"
#include "wn/module/weight_norm.hpp"

namespace wn::module {
namespace {

void collect(const torch::nn::Module& m, const std::string& prefix, std::vector<std::pair<std::string, at::Tensor>>& out) {
  for (const auto& p : m.named_parameters(/*recurse=*/false)) {
    if (p.value().defined()) out.emplace_back(prefix + p.key(), p.value());
  }
  for (const auto& b : m.named_buffers(/*recurse=*/false)) {
    if (b.value().defined()) out.emplace_back(prefix + b.key(), b.value());
  }
  for (const auto& c : m.named_children()) collect(*c.value(), prefix + c.key() + ".", out);
}

std::vector<std::pair<std::string, at::Tensor>> entries(const torch::nn::Module& m) {
  std::vector<std::pair<std::string, at::Tensor>> out;
  collect(m, "", out);
  return out;
}

// MOD-19: every parametrization-form weight norm in the tree converts the
// old <name>_g / <name>_v keys of its module, as its load pre-hook does.
void convert_old_keys(const torch::nn::Module& m, const std::string& prefix, StateDict& dict) {
  if (const auto* wrapped = dynamic_cast<const detail::WeightNormedBase*>(&m)) wrapped->convert_old_keys(dict, prefix);
  for (const auto& c : m.named_children()) convert_old_keys(*c.value(), prefix + c.key() + ".", dict);
}

std::string join(const std::vector<std::string>& keys) {
  std::string s;
  for (const auto& k : keys) s += (s.empty() ? "" : ", ") + ("\"" + k + "\"");
  return s;
}

}  // namespace

StateDict state_dict(const torch::nn::Module& module) {
  StateDict dict;
  for (const auto& [key, tensor] : entries(module)) dict.insert(key, tensor.detach());
  return dict;
}

void load_state_dict(torch::nn::Module& module, const StateDict& given) {
  StateDict dict = given.copy();  // c10::Dict copies share; the caller's stays as it was
  convert_old_keys(module, "", dict);
  const auto targets = entries(module);
  std::vector<std::string> missing, unexpected, mismatched;
  for (const auto& [key, tensor] : targets) {
    const auto it = dict.find(key);
    if (it == dict.end()) {
      missing.push_back(key);
    } else if (it->value().sizes() != tensor.sizes()) {
      std::ostringstream os;
      os << key << " (" << it->value().sizes() << " for " << tensor.sizes() << ")";
      mismatched.push_back(os.str());
    }
  }
  for (const auto& entry : dict) {
    bool known = false;
    for (const auto& t : targets) known = known || t.first == entry.key();
    if (!known) unexpected.push_back(entry.key());
  }
  if (!missing.empty() || !unexpected.empty() || !mismatched.empty()) {
    throw InvalidArgument("load_state_dict", "state_dict",
                          "missing keys [" + join(missing) + "], unexpected keys [" + join(unexpected) +
                              "], shapes differing [" + join(mismatched) + "]",
                          "exactly the module's keys, each with the module's shape");
  }
  const at::NoGradGuard no_grad;  // as PyTorch: copy_ into parameters outside autograd
  for (const auto& [key, tensor] : targets) tensor.copy_(dict.at(key));
}

std::vector<char> pickle_state_dict(const torch::nn::Module& module) {
  return torch::pickle_save(state_dict(module));
}

StateDict unpickle_state_dict(const std::vector<char>& bytes) {
  const c10::IValue value = torch::pickle_load(bytes);
  if (!value.isGenericDict()) {
    throw InvalidArgument("unpickle_state_dict", "bytes", "holding a " + value.tagKind(),
                          "a dict of names to tensors (torch.save(dict(m.state_dict()), f))");
  }
  StateDict dict;
  for (const auto& e : value.toGenericDict()) {
    if (!e.key().isString() || !e.value().isTensor()) {
      throw InvalidArgument("unpickle_state_dict", "bytes", "holding an entry " + e.key().tagKind() + " -> " +
                                                                e.value().tagKind(),
                            "string keys and tensor values");
    }
    dict.insert(e.key().toStringRef(), e.value().toTensor());
  }
  return dict;
}

void save_state_dict(const torch::nn::Module& module, const std::string& path) {
  save_state_dict(state_dict(module), path);
}

void save_state_dict(const StateDict& dict, const std::string& path) {
  const std::vector<char> bytes = torch::pickle_save(dict);
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw InvalidArgument("save_state_dict", "path", "\"" + path + "\"", "a file that can be written");
}

StateDict load_state_dict_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InvalidArgument("load_state_dict_file", "path", "\"" + path + "\"", "a file that can be read");
  return unpickle_state_dict(std::vector<char>(std::istreambuf_iterator<char>(in), {}));
}

}  // namespace wn::module
