// Family 4: remove_weight_norm round trips and invariances of the weight.
// Spec REM-1, REM-2, COMP-2, COMP-3.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cmath>

#include "generators.hpp"
#include "implementation_fixture.hpp"
#include "property_runner.hpp"
#include "tensor_ops.hpp"
#include "tolerance.hpp"
#include "wn/norm_except_dim.hpp"

namespace wn::testing {
namespace {

using RoundTrips = PropertyTest;

TEST_P(RoundTrips, DecomposeThenRemoveGivesWeight) {
  check_property({"REM-2"}, [&] {
    const Case c = *gen_case();
    const std::int64_t n = slice_length(c.v.shape(), resolve_dim(c.dim, c.v.shape(), "property"));
    RC_ASSERT_COMPARISON(compare(impl().remove(impl().decompose(c.v, c.dim), c.dim), c.v,
                                 norm_tolerance(c.dtype, n) + weight_tolerance(c.dtype, n), &c.v));
  });
}

TEST_P(RoundTrips, RemoveAfterAChangeIsCompose) {
  check_property({"REM-1"}, [&] {
    const Case c = *gen_case();
    Decomposition d = impl().decompose(c.v, c.dim);
    // A training step changed both: new g (c.g) and v scaled and shifted.
    d.g = c.g;
    d.v = without_zero_slices(scaled(d.v, 1.5), c.dim);
    const Tensor removed = impl().remove(d, c.dim);
    // remove is _weight_norm of the current (g, v), bit for bit ...
    RC_ASSERT_COMPARISON(compare_identical(removed, impl().weight_norm(d.v, d.g, c.dim)));
    // ... and that weight is right: compared with the reference, not only
    // with the implementation's own weight_norm (for most implementations
    // remove *is* weight_norm, and the line above alone could never fail).
    const std::int64_t n = slice_length(c.v.shape(), resolve_dim(c.dim, c.v.shape(), "property"));
    RC_ASSERT_COMPARISON(compare(removed, reference().weight_norm(d.v, d.g, c.dim),
                                 weight_tolerance(c.dtype, n) + reference_weight_tolerance(c.dtype), &d.v));
  });
}

TEST_P(RoundTrips, ScalingVLeavesWeightUnchanged) {
  check_property({"COMP-3"}, [&] {
    const Case c = *gen_case();
    RC_PRE(c.regime != Regime::WideExponent);  // c * v must stay in range
    const double scale = *rc::gen::element(0.125, 0.3, 3.0, 1024.0, 1e-3);
    const Tensor cv = scaled(c.v, scale);
    const std::int64_t n = slice_length(c.v.shape(), resolve_dim(c.dim, c.v.shape(), "property"));
    // c * v is rounded once per element (relative u): the norm moves by at
    // most u as well, so allow one more u in each of the two weights' bounds.
    const Tolerance tol = 2.0 * weight_tolerance(c.dtype, n + 2);
    RC_ASSERT_COMPARISON(compare(impl().weight_norm(cv, c.g, c.dim), impl().weight_norm(c.v, c.g, c.dim), tol, &c.v));
  });
}

TEST_P(RoundTrips, SliceNormsOfWeightAreAbsG) {
  check_property({"COMP-2", "DEF-2"}, [&] {
    const Case c = *gen_case();
    const Tensor w = impl().weight_norm(c.v, c.g, c.dim);
    const ResolvedDim rd = resolve_dim(c.dim, c.v.shape(), "property");
    const std::int64_t n = slice_length(c.v.shape(), rd);
    std::vector<std::vector<double>> slices(static_cast<std::size_t>(slice_count(c.v.shape(), rd)));
    for (std::int64_t i = 0; i < w.numel(); ++i) slices[static_cast<std::size_t>(slice_index(c.v.shape(), rd, i))].push_back(w[i]);
    std::vector<double> norms, abs_g;
    for (std::size_t j = 0; j < slices.size(); ++j) {
      norms.push_back(static_cast<double>(slice_norm(slices[j].data(), static_cast<std::int64_t>(slices[j].size()), 1, 2)));
      abs_g.push_back(std::fabs(c.g[static_cast<std::int64_t>(j)]));
    }
    // Each w element is within the weight bound, so its slice norm is too
    // (relative errors of the terms bound that of the root of their squares).
    const Tensor got(DType::Float64, {static_cast<std::int64_t>(norms.size())}, norms);
    const Tensor want(DType::Float64, {static_cast<std::int64_t>(abs_g.size())}, abs_g);
    const Tolerance t = weight_tolerance(c.dtype, n);
    RC_ASSERT_COMPARISON(compare(got, want, Tolerance{t.rel + traits(DType::Float64).unit_roundoff, t.abs * static_cast<double>(n), t.source}));
  });
}

WN_INSTANTIATE_FOR_IMPLEMENTATIONS(RoundTrips);

}  // namespace
}  // namespace wn::testing
