// A small accuracy measurement asserting the reference's goals (spec TOL-2):
// the norm within 0.5 ulp of exact (plus a sliver far below anything a
// double can show), the weight within 1 ulp, and nothing non-finite where
// the exact result is finite, in every regime and dtype.
#include <gtest/gtest.h>

#include "wn/accuracy/measure.hpp"

namespace wn::accuracy {
namespace {

TEST(ReferenceGoals, WithinHalfAnUlpForTheNormAndOneForTheWeightInEveryRegime) {
  SCOPED_TRACE("checks spec TOL-2, TOL-3");
  Plan plan;
  plan.implementations = {"reference"};
  plan.cases_per_regime = 210;  // each small layout 30 times; the float64 norm missed 0.5 ulp by 2^-12 once in ~1000 slices before it was rounded from the double-double directly
  const auto rows = measure(plan);
  ASSERT_EQ(rows.size(), regimes().size() * operations().size() * plan.dtypes.size());
  const auto violations = reference_goal_violations(rows, 0.5 + 1e-9);
  for (const auto& v : violations) ADD_FAILURE() << v;
}

}  // namespace
}  // namespace wn::accuracy

namespace wn::accuracy {
namespace {

// LibTorch against the exact result, element by element, within TOL-1's
// bound outside DEV-1 (whose regimes, near overflow and underflow, are
// pinned by the edge-case properties). A ratio above 1 would be a finding
// for spec TOL-3; the measured ratios are at most 0.51.
TEST(MeasuredTolerances, LibTorchWithinTol1InTheRegimesOutsideDev1) {
  SCOPED_TRACE("checks spec TOL-1, TOL-3");
  Plan plan;
  plan.implementations = {"libtorch"};
  plan.regimes = {"ordinary", "wide", "large"};
  plan.cases_per_regime = 70;
  for (const Row& r : measure(plan)) {
    const std::string where = to_string(r.dtype) + " " + r.regime + " " + r.operation;
    EXPECT_GT(r.stats.elements, 0) << where;
    EXPECT_EQ(r.stats.non_finite, 0) << where;
    EXPECT_LE(r.stats.max_bound_use, 1.0) << where << ": max error " << r.stats.max_ulps << " ulps";
  }
}

}  // namespace
}  // namespace wn::accuracy
