// Family 6: invalid calls are rejected, by the reference and by the
// implementation under test alike. Spec ERR-1 .. ERR-4, DIM-1, SHAPE-3;
// deviations DEV-2 .. DEV-6, pinned to the models of wn/deviations/.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "generators.hpp"
#include "implementation_fixture.hpp"
#include "property_runner.hpp"
#include "tensor_ops.hpp"
#include "tolerance.hpp"
#include "wn/deviations/empty_tensors.hpp"
#include "wn/errors.hpp"
#include "wn/deviations/g_mismatch.hpp"
#include "wn/deviations/paths.hpp"

namespace wn::testing {
namespace {

using BadInput = PropertyTest;

TEST_P(BadInput, RejectsDimOutOfRange) {
  check_property({"ERR-1", "DIM-1"}, [&] {
    const Case c = *gen_case();
    const std::int64_t r = c.v.rank();
    const std::int64_t dim = *rc::gen::oneOf(rc::gen::inRange<std::int64_t>(r, r + 4),
                                              rc::gen::inRange<std::int64_t>(-r - 4, -r));
    const Tensor g = Tensor::scalar(c.dtype, 1.0);
    RC_ASSERT(rejects([&] { reference().norm_except_dim(c.v, 2, dim); }));
    RC_ASSERT(rejects([&] { impl().norm_except_dim(c.v, 2, dim); }));
    RC_ASSERT(rejects([&] { impl().weight_norm(c.v, g, dim); }));
    RC_ASSERT(rejects([&] { impl().decompose(c.v, dim); }));
    // And dim 0 of a 0-d tensor.
    const Tensor s = Tensor::scalar(c.dtype, c.v[0]);
    RC_ASSERT(rejects([&] { impl().norm_except_dim(s, 2, 0); }));
  });
}

// An implementation declaring DEV-3 (and DEV-6) must do exactly what the
// model says LibTorch 1.13 does with each empty call (deviations/
// empty_tensors.hpp): return zeros of the pinned shape, raise, or (DEV-6) be
// refused by its adapter. Rejecting a call the model says returns is the
// spec's behaviour in DEV-3's domain; anything else fails.
void check_empty_call(const Implementation& impl, const deviations::EmptyOutcome& outcome, const std::function<Tensor()>& call,
                      const Tensor& v) {
  using Kind = deviations::EmptyOutcome::Kind;
  if (outcome.kind == Kind::Crashes && impl.has_deviation(outcome.deviation)) {
    // DEV-6: the adapter makes the call in a child process; it must be
    // killed by the modelled signal, or (a LibTorch without the bug) reject.
    try {
      call();
    } catch (const CrashedCall& e) {
      RC_ASSERT(e.signal() == outcome.signal);
      observe_deviation(impl, outcome.deviation);
      return;
    } catch (const RejectedCall&) {
      spec_behaviour_in_deviation_domain(outcome.deviation);
      return;
    } catch (const InvalidArgument&) {
      spec_behaviour_in_deviation_domain(outcome.deviation);
      return;
    }
    RC_FAIL("returned a value where " + outcome.deviation + " says the process is killed and the spec says reject");
  }
  Tensor got;
  const bool rejected = rejects([&] { got = call(); });
  if (outcome.deviation.empty() || !impl.has_deviation(outcome.deviation)) {
    RC_ASSERT(rejected);
    return;
  }
  if (outcome.kind == Kind::Raises) {
    RC_ASSERT(rejected);
    return;
  }
  if (rejected) {
    spec_behaviour_in_deviation_domain(outcome.deviation);
    return;
  }
  const Tensor pinned(v.dtype(), outcome.shape, std::vector<double>(static_cast<std::size_t>(numel(outcome.shape)), outcome.fill));
  RC_ASSERT_COMPARISON(compare_identical(got, pinned));
  observe_deviation(impl, outcome.deviation);
}

// A v with some size 0 (any rank 1-4, any dim), and g of the right shape.
struct EmptyCase {
  Tensor v, g;
  DimArg dim;
};
EmptyCase gen_empty_case() {
  const int rank = *gen_rank(1, 4);
  Shape shape = *gen_shape(rank);
  shape[static_cast<std::size_t>(*rc::gen::inRange(0, rank))] = 0;
  const DType dtype = *gen_dtype();
  const DimArg dim = *gen_dim(rank);
  return {Tensor::zeros(dtype, shape), Tensor::zeros(dtype, norm_shape(resolve_dim(dim, shape, "property"), shape)), dim};
}

TEST_P(BadInput, RejectsTensorsWithoutElements) {
  check_property({"ERR-2", "DEV-3", "DEV-6"}, [&] {
    const EmptyCase e = gen_empty_case();
    const Shape& shape = e.v.shape();
    const DimArg dim = e.dim;
    const Tensor &v = e.v, &g = e.g;
    RC_ASSERT(rejects([&] { reference().norm_except_dim(v, 2, dim); }));
    check_empty_call(impl(), deviations::empty_norm_except_dim(shape, dim), [&] { return impl().norm_except_dim(v, 2, dim); }, v);
    check_empty_call(impl(), deviations::empty_weight_norm(shape, dim), [&] { return impl().weight_norm(v, g, dim); }, v);
    // Registration: g as pinned, v the weight itself.
    const deviations::EmptyOutcome dec = deviations::empty_decompose(shape, dim);
    check_empty_call(impl(), dec, [&] {
      const Decomposition d = impl().decompose(v, dim);
      RC_ASSERT_COMPARISON(compare_identical(d.v, v));
      return d.g;
    }, v);
  });
}

// The first derivatives of a call on an empty v (ERR-2 rejects it):
// what the forward does, and where it returns, DEV-3's pinned gradients.
TEST_P(BadInput, GradientsRejectTensorsWithoutElements) {
  check_property({"ERR-2", "DEV-3", "DEV-6"}, [&] {
    const EmptyCase e = gen_empty_case();
    const Shape& shape = e.v.shape();
    const DimArg dim = e.dim;
    const Tensor &v = e.v, &g = e.g;
    RC_ASSERT(rejects([&] { reference().weight_norm_backward(v, v, g, dim); }));
    check_empty_call(impl(), deviations::empty_weight_norm_backward(shape, dim), [&] {
      const WeightNormGradients grads = impl().weight_norm_backward(v, v, g, dim);
      RC_ASSERT_COMPARISON(compare_identical(grads.grad_v, v));  // empty, of v's shape
      return grads.grad_g;
    }, v);
  });
}

TEST_P(BadInput, Rejects0dWeights) {
  check_property({"ERR-3"}, [&] {
    const DType dtype = *gen_dtype();
    const Tensor s = Tensor::scalar(dtype, *gen_value(dtype, Regime::Ordinary));
    const DimArg dim = *gen_dim(0);
    RC_ASSERT(rejects([&] { impl().weight_norm(s, s, dim); }));
    RC_ASSERT(rejects([&] { impl().decompose(s, dim); }));
    // norm_except_dim of a 0-d tensor with none is valid (NORM-1): its |value|.
    RC_ASSERT(!rejects([&] { impl().norm_except_dim(s, 2, dim); }));
  });
}

// Shapes with as many elements as g should have, but arranged wrongly, and
// shapes with the wrong number of elements.
rc::Gen<Shape> gen_wrong_g_shape(const Shape& right) {
  const std::int64_t n = numel(right);
  return rc::gen::suchThat(
      rc::gen::oneOf(rc::gen::just(Shape{n}), rc::gen::just(Shape{n, 1}), rc::gen::just(Shape{1, n}),
                     rc::gen::just(Shape{1, 1, 1, 1, 1, 1}), rc::gen::just(Shape{n + 1}),
                     rc::gen::map(rc::gen::inRange<std::int64_t>(2, 4), [right](std::int64_t k) {
                       Shape s = right;
                       s.insert(s.begin(), k);  // one more leading dimension
                       return s;
                     })),
      [right](const Shape& s) {
        // Exclude the shapes SHAPE-3 accepts: same elements and right-aligned sizes
        // equal to right's or 1, rank at most right's.
        if (s.size() > right.size() || numel(s) != numel(right)) return true;
        for (std::size_t i = 0; i < s.size(); ++i) {
          const auto a = s[s.size() - 1 - i], b = right[right.size() - 1 - i];
          if (a != b && a != 1) return true;
        }
        return false;
      });
}

// A wrong g on the composite path, pinned to DEV-4 / DEV-5's model
// (deviations::composite_weight_model): the shape and dtype exactly, the
// values within LibTorch's and the reference's norm errors (TOL-1, v's
// dtype) plus TOL-1's weight bound in the result's dtype.
void check_composite_model(const Tensor& got, const Tensor& v, const Tensor& g, DimArg dim) {
  const Tensor model = deviations::composite_weight_model(v, g, dim);
  RC_ASSERT(got.shape() == model.shape());
  RC_ASSERT(got.dtype() == model.dtype());
  const std::int64_t n = slice_length(v.shape(), resolve_dim(dim, v.shape(), "property"));
  RC_ASSERT_COMPARISON(compare(got, model, norm_tolerance(v.dtype(), n) + reference_norm_tolerance(v.dtype()) +
                                               weight_tolerance(model.dtype(), n)));
}

// Calls impl().weight_norm(v, g, dim) where an implementation declaring
// deviation `id` does what `pinned` checks: rejecting is the spec's
// behaviour in the deviation's domain; returning must match the pin.
void check_pinned_or_rejected(const Implementation& impl, const Tensor& v, const Tensor& g, DimArg dim, const std::string& id,
                              const std::function<void(const Tensor&)>& pinned) {
  Tensor got;
  if (rejects([&] { got = impl.weight_norm(v, g, dim); })) {
    spec_behaviour_in_deviation_domain(id);
    return;
  }
  pinned(got);
  observe_deviation(impl, id);
}

// DEV-2 with a g too short for the fused kernel: it reads (and writes) past
// g's end. The adapter makes the call in a child process: the child may be
// killed, or return a weight whose slices with an existing g element follow
// the flat reading (the others hold whatever lay past g); rejecting is the
// spec's behaviour.
void check_short_g(const Implementation& impl, const Tensor& v, const Tensor& g, DimArg dim, const std::string& id) {
  Tensor got;
  try {
    got = impl.weight_norm(v, g, dim);
  } catch (const CrashedCall& e) {
    RC_ASSERT(e.deviation() == id);
    observe_deviation(impl, id);
    return;
  } catch (const RejectedCall&) {
    spec_behaviour_in_deviation_domain(id);
    return;
  } catch (const InvalidArgument&) {
    spec_behaviour_in_deviation_domain(id);
    return;
  }
  const ResolvedDim rd = resolve_dim(dim, v.shape(), "property");
  std::vector<double> padded(static_cast<std::size_t>(slice_count(v.shape(), rd)), 1.0);
  const std::vector<double> g_values = g.values();
  std::copy(g_values.begin(), g_values.end(), padded.begin());
  const Tensor as_if = impl.weight_norm(v, Tensor(g.dtype(), keepdim_norm_shape(rd, v.shape()), padded), dim);
  RC_ASSERT(got.shape() == v.shape());
  for (std::int64_t i = 0; i < v.numel(); ++i) {
    if (slice_index(v.shape(), rd, i) < g.numel()) {
      RC_ASSERT(got[i] == as_if[i] || (std::isnan(got[i]) && std::isnan(as_if[i])));
    }
  }
  observe_deviation(impl, id);
}

TEST_P(BadInput, RejectsMismatchedG) {
  check_property({"ERR-4", "SHAPE-3", "DEV-2", "DEV-4", "DEV-5"}, [&] {
    const Case c = *gen_case();
    const ResolvedDim rd = resolve_dim(c.dim, c.v.shape(), "property");
    const Shape right = keepdim_norm_shape(rd, c.v.shape());
    const Shape wrong = *gen_wrong_g_shape(right);
    const Tensor g_wrong_shape = Tensor(c.dtype, wrong, *rc::gen::container<std::vector<double>>(
                                                           static_cast<std::size_t>(numel(wrong)), gen_g_value(c.dtype)));
    RC_ASSERT(rejects([&] { reference().weight_norm(c.v, g_wrong_shape, c.dim); }));
    const bool fused = deviations::takes_fused_path(c.v.shape(), c.dim);
    if (fused && impl().has_deviation("DEV-2")) {
      // DEV-2: the fused kernel reads g flat; a too-short g would be read out
      // of bounds, and the adapter refuses it.
      const auto flat = deviations::fused_flat_g(c.v, g_wrong_shape, c.dim);
      if (!flat) {
        check_short_g(impl(), c.v, g_wrong_shape, c.dim, "DEV-2");
      } else {
        check_pinned_or_rejected(impl(), c.v, g_wrong_shape, c.dim, "DEV-2", [&](const Tensor& got) {
          RC_ASSERT_COMPARISON(compare_identical(got, impl().weight_norm(c.v, *flat, c.dim)));
        });
      }
    } else if (!fused && impl().has_deviation("DEV-5") && deviations::composite_broadcasts(c.v, g_wrong_shape, c.dim)) {
      check_pinned_or_rejected(impl(), c.v, g_wrong_shape, c.dim, "DEV-5",
                               [&](const Tensor& got) { check_composite_model(got, c.v, g_wrong_shape, c.dim); });
    } else {
      RC_ASSERT(rejects([&] { impl().weight_norm(c.v, g_wrong_shape, c.dim); }));
    }
    // The right shape in the other dtype; for dim none also a 0-d g, which
    // PyTorch's promotion treats differently (DEV-4).
    const DType other = c.dtype == DType::Float32 ? DType::Float64 : DType::Float32;
    const Tensor g_other_dtype = rd.whole && *rc::gen::arbitrary<bool>() ? Tensor::scalar(other, c.g[0]) : c.g.to(other);
    RC_ASSERT(rejects([&] { reference().weight_norm(c.v, g_other_dtype, c.dim); }));
    if (!fused && impl().has_deviation("DEV-4")) {
      check_pinned_or_rejected(impl(), c.v, g_other_dtype, c.dim, "DEV-4",
                               [&](const Tensor& got) { check_composite_model(got, c.v, g_other_dtype, c.dim); });
    } else {
      // Outside DEV-4's domain (its fused path raises too) a plain rejection.
      RC_ASSERT(rejects([&] { impl().weight_norm(c.v, g_other_dtype, c.dim); }));
    }
  });
}

WN_INSTANTIATE_FOR_IMPLEMENTATIONS(BadInput);

}  // namespace
}  // namespace wn::testing
