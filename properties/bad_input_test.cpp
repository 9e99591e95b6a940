// Family 6: invalid calls are rejected, by the reference and by the
// implementation under test alike. Spec ERR-1 .. ERR-4, DIM-1, SHAPE-3;
// deviations DEV-2, DEV-3, DEV-4.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "generators.hpp"
#include "implementation_fixture.hpp"
#include "property_runner.hpp"
#include "tensor_ops.hpp"
#include "tolerance.hpp"
#include "wn/adapters/libtorch.hpp"

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

TEST_P(BadInput, RejectsTensorsWithoutElements) {
  check_property({"ERR-2"}, [&] {
    const int rank = *gen_rank(1, 4);
    Shape shape = *gen_shape(rank);
    shape[static_cast<std::size_t>(*rc::gen::inRange(0, rank))] = 0;
    const DType dtype = *gen_dtype();
    const DimArg dim = *gen_dim(rank);
    const Tensor v = Tensor::zeros(dtype, shape);
    const Tensor g = Tensor::zeros(dtype, norm_shape(resolve_dim(dim, shape, "property"), shape));
    RC_ASSERT(rejects([&] { reference().norm_except_dim(v, 2, dim); }));
    const bool all_rejected = rejects([&] { impl().norm_except_dim(v, 2, dim); }) &&
                              rejects([&] { impl().weight_norm(v, g, dim); }) &&
                              rejects([&] { impl().decompose(v, dim); });
    if (!all_rejected) observe_deviation(impl(), "DEV-3");
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

TEST_P(BadInput, RejectsMismatchedG) {
  check_property({"ERR-4", "SHAPE-3"}, [&] {
    const Case c = *gen_case();
    const ResolvedDim rd = resolve_dim(c.dim, c.v.shape(), "property");
    const Shape right = keepdim_norm_shape(rd, c.v.shape());
    const Shape wrong = *gen_wrong_g_shape(right);
    const Tensor g_wrong_shape = Tensor(c.dtype, wrong, std::vector<double>(static_cast<std::size_t>(numel(wrong)), 1.0));
    RC_ASSERT(rejects([&] { reference().weight_norm(c.v, g_wrong_shape, c.dim); }));
    RC_ASSERT(rejects([&] { impl().weight_norm(c.v, g_wrong_shape, c.dim); }));
    // The right shape in the other dtype.
    const DType other = c.dtype == DType::Float32 ? DType::Float64 : DType::Float32;
    const Tensor g_other_dtype = c.g.to(other);
    RC_ASSERT(rejects([&] { reference().weight_norm(c.v, g_other_dtype, c.dim); }));
    if (!rejects([&] { impl().weight_norm(c.v, g_other_dtype, c.dim); })) observe_deviation(impl(), "DEV-4");
  });
}

// DEV-2 pinned: LibTorch's fused path (dim 0 or the last dim) takes a g of
// the right size in any shape and uses its values in flat order, where the
// broadcasting semantics of SHAPE-3 would reject it. The adapter never lets
// such a g through in the properties above; this calls LibTorch directly.
using LibTorchDeviations = PropertyTest;

TEST_P(LibTorchDeviations, FusedKernelReadsGAsAFlatBuffer) {
  check_property({"DEV-2", "SHAPE-3"}, [&] {
    const Case c = *gen_case(CaseOptions{2, 4, true});
    const ResolvedDim rd = resolve_dim(c.dim, c.v.shape(), "property");
    const std::int64_t last = c.v.rank() - 1;
    const std::int64_t fused_dim = *rc::gen::element<std::int64_t>(0, last);
    const Tensor v = without_zero_slices(c.v, fused_dim);
    const Shape right = keepdim_norm_shape(ResolvedDim{false, fused_dim}, v.shape());
    const std::int64_t n = numel(right);
    RC_PRE(n > 1);
    (void)rd;
    // Reversed shape: [1, n] where [n, 1] is right, and so on.
    const Shape wrong(right.rbegin(), right.rend());
    RC_PRE(wrong != right);
    const Tensor g_right = Tensor(c.dtype, right, *rc::gen::container<std::vector<double>>(static_cast<std::size_t>(n), gen_g_value(c.dtype)));
    const Tensor g_wrong = g_right.reshaped(wrong);
    RC_ASSERT(rejects([&] { reference().weight_norm(v, g_wrong, fused_dim); }));
    const Tensor got = libtorch_weight_norm_any_g_shape(v, g_wrong, fused_dim);
    const Tensor as_if_right = impl().weight_norm(v, g_right, fused_dim);
    RC_ASSERT_COMPARISON(compare_identical(got, as_if_right));
    observe_deviation(impl(), "DEV-2");
  });
}

// DEV-5 pinned: on the composite path (dim = none here), LibTorch
// broadcasts g instead of checking it: a g with one more leading dimension of
// size 1 gives a weight with that extra dimension, values otherwise right.
TEST_P(LibTorchDeviations, CompositePathBroadcastsG) {
  check_property({"DEV-5", "SHAPE-3"}, [&] {
    const Case c = *gen_case(CaseOptions{1, 4, false});
    const Tensor g_right = Tensor::scalar(c.dtype, c.g[0]);
    const Tensor g_wrong = g_right.reshaped(Shape(static_cast<std::size_t>(c.v.rank() + 1), 1));
    RC_ASSERT(rejects([&] { reference().weight_norm(c.v, g_wrong, kNone); }));
    const Tensor got = libtorch_weight_norm_any_g_shape(c.v, g_wrong, kNone);
    Shape bigger = c.v.shape();
    bigger.insert(bigger.begin(), 1);
    RC_ASSERT(got.shape() == bigger);
    RC_ASSERT_COMPARISON(compare_identical(got.reshaped(c.v.shape()), impl().weight_norm(c.v, g_right, kNone)));
    observe_deviation(impl(), "DEV-5");
  });
}

INSTANTIATE_TEST_SUITE_P(, LibTorchDeviations, ::testing::Values(std::string("libtorch")),
                         ::wn::testing::implementation_param_name);
WN_INSTANTIATE_FOR_IMPLEMENTATIONS(BadInput);

}  // namespace
}  // namespace wn::testing
