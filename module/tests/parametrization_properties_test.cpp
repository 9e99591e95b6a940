// The parametrization form (PyTorch >= 2.1, spec MOD-16 .. MOD-21):
// wn::module::parametrizations::weight_norm and
// parametrize::remove_parametrizations, checked against what
// torch/nn/utils/parametrizations.py and parametrize.py do. The host's
// PyTorch (1.13) has no such form; its Python parity is the matrix's job.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <string>
#include <vector>

#include "implementation_fixture.hpp"
#include "module_cases.hpp"
#include "property_runner.hpp"
#include "wn/module/parametrizations.hpp"
#include "wn/module/state_dict.hpp"

namespace wn::testing {
namespace {

using module_cases::names;
using module_cases::param;
using module_cases::with_module;
namespace wm = wn::module;

using ModuleParametrization = PropertyTest;

std::string key(const std::string& name, const char* original) {
  return "parametrizations." + name + "." + original;
}

bool has_parametrizations_child(const torch::nn::Module& m) {
  return m.named_children().find("parametrizations") != nullptr;
}

TEST_P(ModuleParametrization, GAndVAreOriginal0AndOriginal1) {
  check_property({"MOD-16"}, [] {
    const auto c = *module_cases::gen_case();
    with_module(c, [&](auto m) {
      const at::Tensor old = param(*m, c.name);
      const at::Tensor w0 = old.detach().clone();
      auto expected = module_cases::names_without(*m, c.name);
      auto n = wm::parametrizations::weight_norm(m, c.name, c.dim);
      expected.push_back(key(c.name, "original0"));
      expected.push_back(key(c.name, "original1"));
      RC_ASSERT(names(*n) == expected);
      RC_ASSERT(names(*m) == expected);
      std::vector<std::string> keys;
      for (const auto& e : wm::state_dict(*n)) keys.push_back(e.key());
      RC_ASSERT(keys == expected);
      const at::Tensor g = param(*n, key(c.name, "original0")), v = param(*n, key(c.name, "original1"));
      RC_ASSERT(at::equal(g, at::norm_except_dim(w0, 2, encode_for_libtorch(c.dim))));
      RC_ASSERT(at::equal(v, w0));
      const bool v_on_old_storage = v.data_ptr() == old.data_ptr();
      RC_ASSERT(v_on_old_storage);
    });
  });
}

TEST_P(ModuleParametrization, WeightIsRecomputedAtEveryForwardAndOnRequest) {
  check_property({"MOD-17"}, [] {
    const auto c = *module_cases::gen_case();
    with_module(c, [&](auto m) {
      auto n = wm::parametrizations::weight_norm(m, c.name, c.dim);
      const at::Tensor g = param(*n, key(c.name, "original0")), v = param(*n, key(c.name, "original1"));
      {
        const at::NoGradGuard no_grad;
        g.mul_(1.5);
        v.add_(0.5);
      }
      const at::Tensor expected = at::_weight_norm(v, g, encode_for_libtorch(c.dim));
      RC_ASSERT(at::equal(n->current(c.name), expected));  // no forward needed
      module_cases::forward(c, n);
      RC_ASSERT(at::equal(module_cases::member(*m, c.name), expected));
      module_cases::forward(c, n).sum().backward();
      RC_ASSERT(g.grad().defined() && v.grad().defined());
    });
  });
}

TEST_P(ModuleParametrization, RemoveLeavesAPlainParameterLast) {
  check_property({"MOD-18"}, [] {
    const auto c = *module_cases::gen_case();
    with_module(c, [&](auto m) {
      auto after = module_cases::names_without(*m, c.name);
      after.push_back(c.name);
      auto n = wm::parametrizations::weight_norm(m, c.name, c.dim);
      const at::Tensor g = param(*n, key(c.name, "original0")), v = param(*n, key(c.name, "original1"));
      {
        const at::NoGradGuard no_grad;
        v.mul_(-1.0);
      }
      const auto before = names(*n);
      const std::string refused = module_cases::rejection(
          [&] { wm::parametrize::remove_parametrizations(n, c.name, /*leave_parametrized=*/false); });
      RC_ASSERT(refused.find("Cannot leave unparametrized") != std::string::npos);
      RC_ASSERT(names(*n) == before);
      const at::Tensor expected = at::_weight_norm(v, g, encode_for_libtorch(c.dim)).detach();
      wm::parametrize::remove_parametrizations(n, c.name);
      RC_ASSERT(names(*n) == after && names(*m) == after);
      RC_ASSERT(!has_parametrizations_child(*m) && !has_parametrizations_child(*n));
      const at::Tensor w = param(*m, c.name);
      RC_ASSERT(w.is_leaf() && w.requires_grad() && at::equal(w, expected));
      RC_ASSERT(module_cases::member(*m, c.name).is_same(w));
      const std::string again = module_cases::rejection([&] { wm::parametrize::remove_parametrizations(n, c.name); });
      RC_ASSERT(again.find("does not have a parametrization on " + c.name) != std::string::npos);
    });
  });
}

TEST_P(ModuleParametrization, OldStateDictsLoadOnlyWithBothKeys) {
  check_property({"MOD-19"}, [] {
    const auto c = *module_cases::gen_case();
    with_module(c, [&](auto m) {
      auto old_form = wm::weight_norm(m, c.name, c.dim);  // saves <name>_g, <name>_v
      const wm::StateDict saved = wm::state_dict(*old_form);
      with_module(
          c,
          [&](auto fresh) {
            auto n = wm::parametrizations::weight_norm(fresh, c.name, c.dim);
            wm::StateDict partial = saved.copy();
            static_cast<void>(partial.erase(c.name + "_v"));  // one key alone is not converted: both are unexpected/missing
            const std::string error = module_cases::rejection([&] { wm::load_state_dict(*n, partial); });
            RC_ASSERT(error.find("\"" + c.name + "_g\"") != std::string::npos);
            wm::load_state_dict(*n, saved);
            RC_ASSERT(saved.contains(c.name + "_g"));  // the caller's dict is left as it was
            RC_ASSERT(at::equal(param(*n, key(c.name, "original0")), saved.at(c.name + "_g")));
            RC_ASSERT(at::equal(param(*n, key(c.name, "original1")), saved.at(c.name + "_v")));
            RC_ASSERT(at::equal(module_cases::forward(c, n), module_cases::forward(c, old_form)));
          },
          c.seed + 7);
    });
  });
}

TEST_P(ModuleParametrization, GAndVRequireGradAsTheOriginalDid) {
  check_property({"MOD-20"}, [] {
    const auto c = *module_cases::gen_case();
    const bool requires_grad = *rc::gen::arbitrary<bool>();
    with_module(c, [&](auto m) {
      param(*m, c.name).set_requires_grad(requires_grad);
      auto n = wm::parametrizations::weight_norm(m, c.name, c.dim);
      RC_ASSERT(param(*n, key(c.name, "original0")).requires_grad() == requires_grad);
      RC_ASSERT(param(*n, key(c.name, "original1")).requires_grad() == requires_grad);
      wm::parametrize::remove_parametrizations(n, c.name);
      // Without grad the weight comes back as a buffer, as parametrize.py leaves it.
      const bool parameter = m->named_parameters().find(c.name) != nullptr;
      const bool buffer = m->named_buffers().find(c.name) != nullptr;
      RC_ASSERT(parameter == requires_grad && buffer == !requires_grad);
    });
  });
}

TEST_P(ModuleParametrization, SecondWeightNormOnANameIsRejected) {
  check_property({"MOD-21"}, [] {
    const auto c = *module_cases::gen_case();
    const bool second_is_hook = *rc::gen::arbitrary<bool>();
    with_module(c, [&](auto m) {
      auto n = wm::parametrizations::weight_norm(m, c.name, c.dim);
      const auto before = names(*n);
      const std::string error = module_cases::rejection([&] {
        if (second_is_hook) {
          wm::weight_norm(n, c.name, c.dim);
        } else {
          wm::parametrizations::weight_norm(n, c.name, c.dim);
        }
      });
      RC_ASSERT(error.find("'" + c.name + "'") != std::string::npos);
      RC_ASSERT(names(*n) == before);
    });
  });
}

INSTANTIATE_TEST_SUITE_P(, ModuleParametrization, ::testing::Values(std::string("libtorch")),
                         ::wn::testing::implementation_param_name);

}  // namespace
}  // namespace wn::testing
