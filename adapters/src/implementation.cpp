#include "wn/adapters/implementation.hpp"

#include <algorithm>
#include <map>

#include "wn/adapters/reference.hpp"
#include "wn/errors.hpp"

namespace wn {

bool Capabilities::supports(DType dtype) const {
  return std::find(dtypes.begin(), dtypes.end(), dtype) != dtypes.end();
}

TrainingRun Implementation::train_linear(const Tensor&, DimArg, const std::vector<Tensor>&, const std::vector<Tensor>&,
                                         const SgdOptions&) const {
  throw NotSupported(name() + " has no training loop of its own");
}

bool Implementation::has_deviation(const std::string& id) const {
  const auto devs = known_deviations();
  return std::find(devs.begin(), devs.end(), id) != devs.end();
}

WeightNormGradients Implementation::weight_norm_backward(const Tensor&, const Tensor&, const Tensor&,
                                                         DimArg) const {
  throw NotSupported(name() + " has no weight_norm_backward");
}

WeightNormGradients Implementation::weight_norm_backward_directional(const Tensor&, const Tensor&, const Tensor&,
                                                                     DimArg, const Tensor&, const Tensor&) const {
  throw NotSupported(name() + " has no weight_norm_backward_directional");
}

int Implementation::intra_op_threads() const { throw NotSupported(name() + " has no settable thread count"); }

void Implementation::set_intra_op_threads(int) const { throw NotSupported(name() + " has no settable thread count"); }

namespace {
std::map<std::string, ImplementationFactory>& factories() {
  static std::map<std::string, ImplementationFactory> map{
      {"reference", +[]() -> std::unique_ptr<Implementation> {
         return std::make_unique<ReferenceImplementation>();
       }},
  };
  return map;
}

std::vector<std::string>& defaults() {
  static std::vector<std::string> names{"reference"};
  return names;
}
}  // namespace

std::vector<std::string> implementation_names() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : factories()) names.push_back(name);
  return names;
}

std::unique_ptr<Implementation> make_implementation(const std::string& name) {
  const auto it = factories().find(name);
  if (it == factories().end()) {
    std::string known;
    for (const auto& n : implementation_names()) known += (known.empty() ? "" : ", ") + n;
    throw InvalidArgument("choosing the implementation under test", "implementation", "\"" + name + "\"",
                          "one of: " + known);
  }
  return guard_capabilities(it->second());
}

void register_implementation(const std::string& name, ImplementationFactory factory) {
  if (name.empty()) {
    throw InvalidArgument("registering an implementation under test", "name", "\"\"", "a non-empty name");
  }
  if (!factory) {
    throw InvalidArgument("registering an implementation under test", "factory", "an empty std::function",
                          "a callable returning the implementation \"" + name + "\"");
  }
  factories()[name] = std::move(factory);
}

const std::vector<std::string>& default_implementations() { return defaults(); }

void set_default_implementations(std::vector<std::string> names) {
  if (names.empty()) {
    throw InvalidArgument("setting the default implementations under test", "names", "an empty list",
                          "at least one registered name");
  }
  defaults() = std::move(names);
}

}  // namespace wn
