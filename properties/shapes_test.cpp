// Family 2: shape rules of norm_except_dim and g.
// Spec SHAPE-1 .. SHAPE-4, NORM-2, DIM-1.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "generators.hpp"
#include "implementation_fixture.hpp"
#include "property_runner.hpp"
#include "tensor_ops.hpp"
#include "tolerance.hpp"
#include "wn/norm_except_dim.hpp"

namespace wn::testing {
namespace {

using Shapes = PropertyTest;

TEST_P(Shapes, NormShapeForEveryRankAndDim) {
  check_property({"SHAPE-1", "SHAPE-2", "DIM-1"}, [&] {
    const int rank = *gen_rank(0, 5);
    const Shape shape = *gen_shape(rank);
    const DimArg dim = *gen_dim(rank);
    const DType dtype = *gen_dtype();
    const Tensor v = without_zero_slices(*gen_tensor(dtype, shape, Regime::Ordinary), dim);
    const Tensor n = impl().norm_except_dim(v, 2, dim);
    Shape expected;  // [] for the whole tensor, else 1s with the kept size
    if (dim && *dim != -1) {
      const std::int64_t k = *dim < 0 ? *dim + rank : *dim;
      expected.assign(static_cast<std::size_t>(rank), 1);
      expected[static_cast<std::size_t>(k)] = shape[static_cast<std::size_t>(k)];
    }
    RC_ASSERT(n.shape() == expected);
    RC_ASSERT(n.dtype() == dtype);
  });
}

TEST_P(Shapes, NormEqualsNormOverOtherDimsKeepdim) {
  // norm_except_dim(v, 2, k) equals v.norm(dim=[all but k], keepdim=True),
  // written out here as the 2-norm of each slice gathered by index.
  check_property({"SHAPE-2", "NORM-2"}, [&] {
    const Case c = *gen_case(CaseOptions{1, 5, true});
    const ResolvedDim rd = resolve_dim(c.dim, c.v.shape(), "property");
    const Tensor n = impl().norm_except_dim(c.v, 2, c.dim);
    const std::int64_t count = slice_count(c.v.shape(), rd);
    std::vector<std::vector<double>> slices(static_cast<std::size_t>(count));
    for (std::int64_t i = 0; i < c.v.numel(); ++i) slices[static_cast<std::size_t>(slice_index(c.v.shape(), rd, i))].push_back(c.v[i]);
    std::vector<double> keepdim;
    for (const auto& s : slices) keepdim.push_back(static_cast<double>(slice_norm(s.data(), static_cast<std::int64_t>(s.size()), 1, 2)));
    const Tensor expected(c.dtype, keepdim_norm_shape(rd, c.v.shape()), keepdim);
    RC_ASSERT_COMPARISON(compare(n, expected, norm_tolerance(c.dtype, slice_length(c.v.shape(), rd)) + reference_norm_tolerance(c.dtype)));
  });
}

TEST_P(Shapes, DecomposedGBroadcastsAgainstV) {
  check_property({"SHAPE-3", "DEC-1"}, [&] {
    const Case c = *gen_case();
    const Decomposition d = impl().decompose(c.v, c.dim);
    const ResolvedDim rd = resolve_dim(c.dim, c.v.shape(), "property");
    RC_ASSERT(d.g.shape() == norm_shape(rd, c.v.shape()));
    const auto b = broadcast_shapes(d.g.shape(), c.v.shape());
    RC_ASSERT(b.has_value());
    RC_ASSERT(*b == c.v.shape());
    RC_ASSERT(d.g.numel() == slice_count(c.v.shape(), rd));
  });
}

TEST_P(Shapes, NormWithoutKeepdimMisaligns) {
  // SHAPE-4 is about broadcasting, and holds of every implementation: the
  // keepdim norm [m, 1] broadcasts against [m, n] to [m, n]; the reduced
  // norm [m] lines up with the n columns instead.
  check_property({"SHAPE-4"}, [&] {
    const auto m = *rc::gen::inRange<std::int64_t>(1, 6);
    const auto n = *rc::gen::inRange<std::int64_t>(1, 6);
    const Tensor v = *gen_tensor(DType::Float64, {m, n}, Regime::SmallIntegers);
    const Tensor kept = impl().norm_except_dim(without_zero_slices(v, 0), 2, 0);
    RC_ASSERT(broadcast_shapes(kept.shape(), v.shape()) == std::optional<Shape>(Shape{m, n}));
    const Shape reduced{m};
    const auto b = broadcast_shapes(reduced, v.shape());
    if (m != n && m != 1 && n != 1) RC_ASSERT(!b.has_value());
    if (m == n && m > 1) RC_ASSERT(b.has_value());  // silently pairs norm j with column j
  });
}

WN_INSTANTIATE_FOR_IMPLEMENTATIONS(Shapes);

}  // namespace
}  // namespace wn::testing
