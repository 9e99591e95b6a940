// The cases of the module properties: a torch::nn module of each kind the
// issue names, the parameter to reparametrize, a dim valid for it, and the
// means to run it (input, forward through the wrapper, a Sequential, a parent).
#pragma once

#include <rapidcheck.h>
#include <torch/nn/modules/container/any.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/utils.h>

#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "wn/module/weight_norm.hpp"

namespace wn::testing::module_cases {

enum class Kind { Linear, Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d, Embedding };

inline const char* to_string(Kind k) {
  static const char* names[] = {"Linear",          "Conv1d",          "Conv2d",          "Conv3d",
                                "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d", "Embedding"};
  return names[static_cast<int>(k)];
}

struct ModuleCase {
  Kind kind = Kind::Linear;
  std::int64_t in = 1, out = 1, kernel = 1, batch = 1;
  std::string name = "weight";
  DimArg dim = 0;
  std::uint64_t seed = 0;
};

inline void showValue(const ModuleCase& c, std::ostream& os) {
  os << to_string(c.kind) << "(in " << c.in << ", out " << c.out << ", kernel " << c.kernel << "), name \""
     << c.name << "\", dim " << wn::to_string(c.dim) << ", batch " << c.batch << ", seed " << c.seed;
}

/// The rank of parameter `name` of a module of kind `k`.
inline std::int64_t rank_of(Kind k, const std::string& name) {
  if (name == "bias") return 1;
  switch (k) {
    case Kind::Linear:
    case Kind::Embedding: return 2;
    case Kind::Conv1d:
    case Kind::ConvTranspose1d: return 3;
    case Kind::Conv2d:
    case Kind::ConvTranspose2d: return 4;
    default: return 5;
  }
}

/// Any kind, weight or (where the kind has one) bias, none or a dim in [-rank, rank).
inline rc::Gen<ModuleCase> gen_case() {
  return rc::gen::exec([] {
    ModuleCase c;
    c.kind = *rc::gen::element(Kind::Linear, Kind::Conv1d, Kind::Conv2d, Kind::Conv3d, Kind::ConvTranspose1d,
                               Kind::ConvTranspose2d, Kind::ConvTranspose3d, Kind::Embedding);
    c.in = *rc::gen::inRange<std::int64_t>(1, 5);
    c.out = *rc::gen::inRange<std::int64_t>(1, 5);
    c.kernel = *rc::gen::inRange<std::int64_t>(1, 4);
    c.batch = *rc::gen::inRange<std::int64_t>(1, 3);
    c.name = c.kind == Kind::Embedding ? "weight" : *rc::gen::element<std::string>("weight", "bias");
    const std::int64_t r = rank_of(c.kind, c.name);
    c.dim = *rc::gen::oneOf(rc::gen::just(DimArg{}), rc::gen::map(rc::gen::inRange<std::int64_t>(-r, r),
                                                                   [](std::int64_t d) { return DimArg{d}; }));
    c.seed = *rc::gen::inRange<std::uint64_t>(0, 1000);
    return c;
  });
}

/// Calls f with a fresh module of the case's kind (as its torch::nn holder),
/// initialised from `seed` (the case's own unless given).
template <class F>
void with_module(const ModuleCase& c, F&& f, std::uint64_t seed) {
  torch::manual_seed(seed);
  namespace nn = torch::nn;
  switch (c.kind) {
    case Kind::Linear: return f(nn::Linear(c.in, c.out));
    case Kind::Conv1d: return f(nn::Conv1d(c.in, c.out, c.kernel));
    case Kind::Conv2d: return f(nn::Conv2d(c.in, c.out, c.kernel));
    case Kind::Conv3d: return f(nn::Conv3d(c.in, c.out, c.kernel));
    case Kind::ConvTranspose1d: return f(nn::ConvTranspose1d(c.in, c.out, c.kernel));
    case Kind::ConvTranspose2d: return f(nn::ConvTranspose2d(c.in, c.out, c.kernel));
    case Kind::ConvTranspose3d: return f(nn::ConvTranspose3d(c.in, c.out, c.kernel));
    case Kind::Embedding: return f(nn::Embedding(c.in + 2, c.out));
  }
}

template <class F>
void with_module(const ModuleCase& c, F&& f) {
  with_module(c, std::forward<F>(f), c.seed);
}

/// An input for the case's module: [batch, in] for Linear, [batch, in,
/// spatial...] for the convolutions, indices for Embedding.
inline at::Tensor input(const ModuleCase& c) {
  torch::manual_seed(c.seed + 1);
  const std::int64_t spatial = c.kernel + 1;
  switch (c.kind) {
    case Kind::Linear: return torch::randn({c.batch, c.in});
    case Kind::Embedding: return torch::randint(0, c.in + 2, {c.batch, 3}, torch::kLong);
    default: break;
  }
  std::vector<std::int64_t> shape{c.batch, c.in};
  for (std::int64_t k = 2; k < rank_of(c.kind, "weight"); ++k) shape.push_back(spatial);
  return torch::randn(shape);
}

/// n->forward(input), with ConvTranspose's output_size given as none: the
/// wrapper's forward has the wrapped one's parameters but not its defaults.
template <class Holder>
at::Tensor forward(const ModuleCase& c, Holder& n) {
  const at::Tensor x = input(c);
  if constexpr (std::is_invocable_v<decltype(&std::decay_t<decltype(*n)>::forward), decltype(*n), at::Tensor>) {
    return n->forward(x);
  } else {
    return n->forward(x, c10::nullopt);
  }
}

/// Through AnyModule's forward (Sequential, parents): its default arguments apply.
template <class Holder>
at::Tensor forward_any(const ModuleCase& c, Holder& any) {
  return any->forward(input(c));
}

/// A parent holding the module as child "layer".
struct ParentImpl : torch::nn::Module {
  template <class M>
  explicit ParentImpl(M child) : layer(child) {
    register_module("layer", child.ptr());
  }
  at::Tensor forward(const at::Tensor& x) { return layer.forward(x); }
  torch::nn::AnyModule layer;
};
TORCH_MODULE(Parent);

/// The member of the module that its forward reads for parameter `name`.
template <class Impl>
at::Tensor& member(Impl& m, const std::string& name) {
  return wn::module::detail::member_named(m, name);
}

/// Parameter `name` of `m` (the case fails without one); by value, since
/// named_parameters() returns a new dict each call.
inline at::Tensor param(const torch::nn::Module& m, const std::string& name) {
  const auto all = m.named_parameters();
  const at::Tensor* t = all.find(name);
  RC_ASSERT(t != nullptr);
  return *t;
}

inline std::vector<std::string> names(const torch::nn::Module& m) { return m.named_parameters().keys(); }

inline std::vector<std::string> names_without(const torch::nn::Module& m, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& n : names(m)) {
    if (n != name) out.push_back(n);
  }
  return out;
}

inline std::vector<std::string> prefixed(const std::string& prefix, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& n : names) out.push_back(prefix + n);
  return out;
}

/// The message of the wn::InvalidArgument that `call` throws; the case
/// fails when it throws nothing or something else.
inline std::string rejection(const std::function<void()>& call) {
  try {
    call();
  } catch (const wn::InvalidArgument& e) {
    return e.what();
  }
  RC_FAIL("expected wn::InvalidArgument, nothing was thrown");
}

}  // namespace wn::testing::module_cases
