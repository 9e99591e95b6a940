// Family 3: what registering weight norm produces.
// Spec DEC-1 .. DEC-3, DTYPE-2.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "generators.hpp"
#include "implementation_fixture.hpp"
#include "property_runner.hpp"
#include "tensor_ops.hpp"
#include "tolerance.hpp"

namespace wn::testing {
namespace {

using Decompose = PropertyTest;

// Any weight, every IEEE class in it (signed zeros, subnormals, the largest
// finite values, infinities, NaN): v is the weight itself.
TEST_P(Decompose, VIsTheWeightBitForBit) {
  check_property({"DEC-2", "DTYPE-2"}, [&] {
    const Case c = *gen_special_v_case();
    RC_ASSERT_COMPARISON(compare_identical(impl().decompose(c.v, c.dim).v, c.v));
  });
}

TEST_P(Decompose, GIsNormExceptDim) {
  check_property({"DEC-1"}, [&] {
    const Case c = *gen_case();
    const Decomposition d = impl().decompose(c.v, c.dim);
    // The same implementation's own norm_except_dim, bit for bit ...
    RC_ASSERT_COMPARISON(compare_identical(d.g, impl().norm_except_dim(c.v, 2, c.dim)));
    // ... and the norm itself, within TOL-1.
    const ResolvedDim rd = resolve_dim(c.dim, c.v.shape(), "property");
    RC_ASSERT_COMPARISON(compare(d.g, reference().norm_except_dim(c.v, 2, c.dim),
                                 norm_tolerance(c.dtype, slice_length(c.v.shape(), rd)) + reference_norm_tolerance(c.dtype)));
  });
}

TEST_P(Decompose, ComposeAfterDecomposeGivesWeight) {
  check_property({"DEC-3"}, [&] {
    const Case c = *gen_case();
    const Decomposition d = impl().decompose(c.v, c.dim);
    const ResolvedDim rd = resolve_dim(c.dim, c.v.shape(), "property");
    // w = v * g / n with g = n rounded: the weight back within the norm's
    // error (twice: once in g, once in n) and the compose roundings.
    const std::int64_t n = slice_length(c.v.shape(), rd);
    RC_ASSERT_COMPARISON(compare(impl().weight_norm(d.v, d.g, c.dim), c.v,
                                 norm_tolerance(c.dtype, n) + weight_tolerance(c.dtype, n), &c.v));
  });
}

WN_INSTANTIATE_FOR_IMPLEMENTATIONS(Decompose);

}  // namespace
}  // namespace wn::testing
