// The module properties: wn::module::weight_norm / remove_weight_norm on
// LibTorch's torch::nn modules behave as PyTorch's torch.nn.utils versions
// (spec MOD-1 .. MOD-15). LibTorch only: the reference has no modules.
//
// Each case draws a module kind (Linear, Conv1d/2d/3d, ConvTranspose1d/2d/3d,
// Embedding), its sizes, the parameter (weight or, where there is one, bias)
// and a dim valid for it (none, or in [-rank, rank)). Values are compared
// bit for bit with what PyTorch's Python computes from the same tensors:
// norm_except_dim for g, the weight itself for v, _weight_norm for the
// recomputed weight.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/sgd.h>

#include <sstream>
#include <string>
#include <vector>

#include "implementation_fixture.hpp"
#include "module_cases.hpp"
#include "property_runner.hpp"
#include "wn/module/state_dict.hpp"
#include "wn/module/weight_norm.hpp"

namespace wn::testing {
namespace {

using module_cases::ModuleCase;
using module_cases::names;
using module_cases::param;
using module_cases::with_module;
namespace wm = wn::module;

using ModuleWeightNorm = PropertyTest;

TEST_P(ModuleWeightNorm, ParametersAreNameGAndNameV) {
  check_property({"MOD-1", "MOD-11", "DEC-1", "DEC-2"}, [] {
    const auto c = *module_cases::gen_case();
    with_module(c, [&](auto m) {
      const at::Tensor w0 = param(*m, c.name).detach().clone();
      const auto others = module_cases::names_without(*m, c.name);
      auto n = wm::weight_norm(m, c.name, c.dim);
      auto expected = others;
      expected.push_back(c.name + "_g");
      expected.push_back(c.name + "_v");
      RC_ASSERT(names(*n) == expected);
      RC_ASSERT(names(*m) == expected);  // the wrapped module itself, as PyTorch's
      std::vector<std::string> keys;
      for (const auto& e : wm::state_dict(*n)) keys.push_back(e.key());
      RC_ASSERT(keys == expected);
      const at::Tensor g = param(*n, c.name + "_g");
      RC_ASSERT(g.sizes() == at::norm_except_dim(w0, 2, encode_for_libtorch(c.dim)).sizes());
      RC_ASSERT(at::equal(g, at::norm_except_dim(w0, 2, encode_for_libtorch(c.dim))));
      RC_ASSERT(at::equal(param(*n, c.name + "_v"), w0));
    });
  });
}

TEST_P(ModuleWeightNorm, DefaultDimIsZeroForEveryModuleKind) {
  check_property({"MOD-11"}, [] {
    auto c = *module_cases::gen_case();
    c.name = "weight";
    with_module(c, [&](auto m) {
      const at::Tensor w0 = param(*m, "weight").detach().clone();
      auto n = wm::weight_norm(m);
      // ConvTranspose's weight is [in, out/groups, k...]: dim 0 keeps the *input* channels.
      std::vector<std::int64_t> shape(static_cast<std::size_t>(w0.dim()), 1);
      shape[0] = w0.size(0);
      RC_ASSERT(param(*n, "weight_g").sizes() == at::IntArrayRef(shape));
    });
  });
}

TEST_P(ModuleWeightNorm, OriginalParameterIsDeleted) {
  check_property({"MOD-2"}, [] {
    const auto c = *module_cases::gen_case();
    with_module(c, [&](auto m) {
      auto n = wm::weight_norm(m, c.name, c.dim);
      const at::Tensor& member = module_cases::member(*m, c.name);
      RC_ASSERT(m->named_parameters().find(c.name) == nullptr);
      const bool computed = member.grad_fn() != nullptr;
      RC_ASSERT(computed);
      const at::Tensor g = param(*n, c.name + "_g"), v = param(*n, c.name + "_v");
      RC_ASSERT(at::equal(member, at::_weight_norm(v, g, encode_for_libtorch(c.dim))));
      // Gradients reach g and v through the computed weight.
      module_cases::forward(c, n).sum().backward();
      RC_ASSERT(g.grad().defined() && v.grad().defined());
      RC_ASSERT(g.grad().sizes() == g.sizes() && v.grad().sizes() == v.sizes());
    });
  });
}

TEST_P(ModuleWeightNorm, WeightIsRecomputedBeforeEachForward) {
  check_property({"MOD-3", "MOD-12"}, [] {
    const auto c = *module_cases::gen_case();
    const double scale = *rc::gen::element(0.5, 2.0, -1.5);
    with_module(c, [&](auto m) {
      auto n = wm::weight_norm(m, c.name, c.dim);
      const at::Tensor g = param(*n, c.name + "_g"), v = param(*n, c.name + "_v");
      {
        const at::NoGradGuard no_grad;
        g.mul_(scale);
        v.add_(0.25);
      }
      const at::Tensor expected = at::_weight_norm(v, g, encode_for_libtorch(c.dim));
      // Directly, through a Sequential, and through a parent module: each
      // forward first sets the member from the current g and v.
      module_cases::forward(c, n);
      RC_ASSERT(at::equal(module_cases::member(*m, c.name), expected));
      {
        const at::NoGradGuard no_grad;
        v.mul_(3.0);
      }
      torch::nn::Sequential seq(n);
      RC_ASSERT(names(*seq).front().rfind("0.", 0) == 0);
      module_cases::forward_any(c, seq);
      RC_ASSERT(at::equal(module_cases::member(*m, c.name), at::_weight_norm(v, g, encode_for_libtorch(c.dim))));
      {
        const at::NoGradGuard no_grad;
        g.mul_(0.5);
      }
      module_cases::Parent parent(n);
      RC_ASSERT(names(*parent) == module_cases::prefixed("layer.", names(*n)));
      module_cases::forward_any(c, parent);
      RC_ASSERT(at::equal(module_cases::member(*m, c.name), at::_weight_norm(v, g, encode_for_libtorch(c.dim))));
    });
  });
}

TEST_P(ModuleWeightNorm, WeightIsStaleAfterAnOptimizerStep) {
  check_property({"MOD-4", "MOD-2"}, [] {
    const auto c = *module_cases::gen_case();
    with_module(c, [&](auto m) {
      auto n = wm::weight_norm(m, c.name, c.dim);
      torch::optim::SGD sgd(n->parameters(), torch::optim::SGDOptions(0.1));
      module_cases::forward(c, n).pow(2).sum().backward();
      const at::Tensor before = module_cases::member(*m, c.name).detach().clone();
      const at::Tensor g_before = param(*n, c.name + "_g").detach().clone();
      const at::Tensor v_before = param(*n, c.name + "_v").detach().clone();
      sgd.step();
      // The step changed g or v (v alone cannot change a one-element slice's weight) ...
      const bool stepped = !at::equal(param(*n, c.name + "_g"), g_before) || !at::equal(param(*n, c.name + "_v"), v_before);
      RC_ASSERT(stepped);
      RC_ASSERT(at::equal(module_cases::member(*m, c.name), before));  // ... not the weight, until
      module_cases::forward(c, n);                                      // the next forward
      RC_ASSERT(at::equal(module_cases::member(*m, c.name),
                          at::_weight_norm(param(*n, c.name + "_v"), param(*n, c.name + "_g"),
                                           encode_for_libtorch(c.dim))));
    });
  });
}

TEST_P(ModuleWeightNorm, SecondRegistrationIsAnError) {
  check_property({"MOD-5"}, [] {
    const auto c = *module_cases::gen_case();
    with_module(c, [&](auto m) {
      auto n = wm::weight_norm(m, c.name, c.dim);
      const auto before = names(*n);
      const std::string message = module_cases::rejection([&] { wm::weight_norm(n, c.name, c.dim); });
      RC_ASSERT(message.find("Cannot register two weight_norm hooks on the same parameter " + c.name) !=
                std::string::npos);
      RC_ASSERT(names(*n) == before);
      RC_ASSERT(n->hooks().size() == 1u);
    });
  });
}

TEST_P(ModuleWeightNorm, RemovingWhatWasNeverRegisteredIsAnError) {
  check_property({"MOD-6"}, [] {
    const auto c = *module_cases::gen_case();
    with_module(c, [&](auto m) {
      auto n = wm::weight_norm(m, c.name, c.dim);
      const std::string other = c.name == "weight" ? "bias" : "weight";
      const std::string never = module_cases::rejection([&] { wm::remove_weight_norm(n, other); });
      std::ostringstream printed;  // as Python's message shows repr(module)
      m->pretty_print(printed);
      RC_ASSERT(never.find("weight_norm of '" + other + "' not found in " + printed.str()) != std::string::npos);
      wm::remove_weight_norm(n, c.name);
      const auto before = names(*n);
      const std::string again = module_cases::rejection([&] { wm::remove_weight_norm(n, c.name); });
      RC_ASSERT(again.find("weight_norm of '" + c.name + "' not found in") != std::string::npos);
      RC_ASSERT(names(*n) == before);
    });
  });
}

TEST_P(ModuleWeightNorm, RemoveMakesAPlainParameterFromTheCurrentGAndV) {
  check_property({"MOD-7", "MOD-10", "MOD-14", "REM-1"}, [] {
    const auto c = *module_cases::gen_case();
    with_module(c, [&](auto m) {
      const auto others = module_cases::names_without(*m, c.name);
      auto n = wm::weight_norm(m, c.name, c.dim);
      const at::Tensor g = param(*n, c.name + "_g"), v = param(*n, c.name + "_v");
      {
        const at::NoGradGuard no_grad;
        v.mul_(-2.0);  // as an optimizer step would, with no forward since
      }
      const at::Tensor expected = at::_weight_norm(v, g, encode_for_libtorch(c.dim)).detach();
      wm::remove_weight_norm(n, c.name);
      auto after = others;
      after.push_back(c.name);  // registered last
      RC_ASSERT(names(*n) == after && names(*m) == after);
      const at::Tensor w = param(*m, c.name);
      RC_ASSERT(w.is_leaf() && w.requires_grad() && at::equal(w, expected));
      // The member the forward reads is that parameter, and stays so.
      RC_ASSERT(module_cases::member(*m, c.name).is_same(w));
      module_cases::forward(c, n);
      RC_ASSERT(module_cases::member(*m, c.name).is_same(w));
    });
  });
}

TEST_P(ModuleWeightNorm, VSharesTheOldStorageAndBothRequireGrad) {
  check_property({"MOD-8", "MOD-9"}, [] {
    const auto c = *module_cases::gen_case();
    const bool old_requires_grad = *rc::gen::arbitrary<bool>();
    with_module(c, [&](auto m) {
      at::Tensor old = param(*m, c.name);
      old.set_requires_grad(old_requires_grad);
      auto n = wm::weight_norm(m, c.name, c.dim);
      const at::Tensor g = param(*n, c.name + "_g"), v = param(*n, c.name + "_v");
      const bool v_on_old_storage = v.data_ptr() == old.data_ptr(), g_on_old_storage = g.data_ptr() == old.data_ptr();
      RC_ASSERT(v_on_old_storage && !v.is_same(old));
      RC_ASSERT(!g_on_old_storage);
      RC_ASSERT(g.is_leaf() && v.is_leaf() && g.requires_grad() && v.requires_grad());
    });
  });
}

TEST_P(ModuleWeightNorm, ParameterOrderIsOthersThenGThenV) {
  check_property({"MOD-10"}, [] {
    auto c = *module_cases::gen_case();
    c.name = "weight";
    if (c.kind == module_cases::Kind::Embedding) c.kind = module_cases::Kind::Linear;  // it has no bias
    with_module(c, [&](auto m) {
      // Weight first, then the bias: weight_g, weight_v end up before bias_g, bias_v.
      auto n = wm::weight_norm(wm::weight_norm(m, "weight", c.dim), "bias", wn::kNone);
      RC_ASSERT((names(*n) == std::vector<std::string>{"weight_g", "weight_v", "bias_g", "bias_v"}));
      wm::remove_weight_norm(n, "weight");
      RC_ASSERT((names(*n) == std::vector<std::string>{"bias_g", "bias_v", "weight"}));
    });
  });
}

TEST_P(ModuleWeightNorm, RejectedCallsLeaveTheModuleUntouched) {
  check_property({"MOD-13"}, [] {
    const auto c = *module_cases::gen_case();
    const std::int64_t past = *rc::gen::inRange<std::int64_t>(0, 3);
    with_module(c, [&](auto m) {
      const std::int64_t rank = param(*m, c.name).dim();
      const std::int64_t bad = *rc::gen::element(rank + past, -rank - 1 - past);
      const auto before = names(*m);
      const at::Tensor w = param(*m, c.name);
      const std::string dim_error = module_cases::rejection([&] { wm::weight_norm(m, c.name, bad); });
      RC_ASSERT(dim_error.find("'dim' is " + std::to_string(bad)) != std::string::npos);
      const std::string name_error = module_cases::rejection([&] { wm::weight_norm(m, "no_such", c.dim); });
      RC_ASSERT(name_error.find("'no_such'") != std::string::npos);
      RC_ASSERT(names(*m) == before && param(*m, c.name).is_same(w));
      RC_ASSERT(module_cases::member(*m, c.name).is_same(w));
    });
  });
}

TEST_P(ModuleWeightNorm, StateDictRoundTripsThroughPickle) {
  check_property({"MOD-1", "MOD-15"}, [] {
    const auto c = *module_cases::gen_case();
    with_module(c, [&](auto m) {
      auto n = wm::weight_norm(m, c.name, c.dim);
      const std::vector<char> bytes = wm::pickle_state_dict(*n);
      // A module initialised differently takes every value from the bytes.
      with_module(
          c,
          [&](auto fresh) {
            auto f = wm::weight_norm(fresh, c.name, c.dim);
            wm::load_state_dict(*f, wm::unpickle_state_dict(bytes));
            for (const auto& e : wm::state_dict(*n)) RC_ASSERT(at::equal(param(*f, e.key()), e.value()));
            RC_ASSERT(at::equal(module_cases::forward(c, f), module_cases::forward(c, n)));
          },
          c.seed + 7);
    });
  });
}

INSTANTIATE_TEST_SUITE_P(, ModuleWeightNorm, ::testing::Values(std::string("libtorch")),
                         ::wn::testing::implementation_param_name);

}  // namespace
}  // namespace wn::testing
