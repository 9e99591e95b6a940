// Hand-computed weight_norm, decompose and remove. Spec COMP-1, DEC-1, DEC-2, REM-1, SHAPE-3, EDGE-1.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "wn/errors.hpp"
#include "wn/weight_norm.hpp"

namespace wn {
namespace {

TEST(WeightNorm, ScalesEachRowToItsG) {
  // v = [[3, 4], [0, 2]], dim 0: row norms 5 and 2; g = [10, 1].
  const Tensor v(DType::Float64, {2, 2}, {3, 4, 0, 2});
  const Tensor g(DType::Float64, {2, 1}, {10, 1});
  const Tensor w = weight_norm(v, g, 0);
  EXPECT_TRUE(w.identical(Tensor(DType::Float64, {2, 2}, {6, 8, 0, 1})));
}

TEST(WeightNorm, ScalesEachColumnForDimOne) {
  // columns [3, 0] and [4, 2]: norms 3 and sqrt(20).
  const Tensor v(DType::Float64, {2, 2}, {3, 4, 0, 2});
  const Tensor g(DType::Float64, {1, 2}, {1, 1});
  const Tensor w = weight_norm(v, g, 1);
  EXPECT_DOUBLE_EQ(w[0], 1.0);
  EXPECT_DOUBLE_EQ(w[1], 4 / std::sqrt(20.0));
  EXPECT_DOUBLE_EQ(w[2], 0.0);
  EXPECT_DOUBLE_EQ(w[3], 2 / std::sqrt(20.0));
}

TEST(WeightNorm, NoneScalesTheWholeTensor) {
  const Tensor v(DType::Float32, {2, 2}, {3, 4, 0, 0});
  const Tensor w = weight_norm(v, Tensor::scalar(DType::Float32, 1), kNone);
  EXPECT_TRUE(w.identical(Tensor(DType::Float32, {2, 2}, {0.6, 0.8, 0, 0})));
}

TEST(WeightNorm, AZeroSliceGivesNaNNotAnEpsilon) {
  const Tensor v(DType::Float64, {2, 2}, {0, 0, 1, 0});
  const Tensor w = weight_norm(v, Tensor(DType::Float64, {2, 1}, {1, 1}), 0);
  EXPECT_TRUE(std::isnan(w[0]) && std::isnan(w[1]));
  EXPECT_EQ(w[2], 1.0);
}

TEST(WeightNorm, GAtTheLargestFiniteValueGivesAFiniteWeight) {
  // |w_i| = |g| |v_i| / ||v|| <= |g|: finite for every finite g (EDGE-4).
  // Here w = g exactly (one-element slices), yet fl(g / ||v||) * v rounds
  // above the largest finite double: a double-double product taken there
  // made inf - inf = NaN (found by the 10^4-case run of EdgeCases.
  // EveryIeeeClassOfGPropagates, 2026-12-04). Both layouts of the product:
  // one factor per run (dim 0) and one per element (the last dim kept).
  const double big = 2.0797268920469475e+19;
  const double max = std::numeric_limits<double>::max();
  const Tensor w0 = weight_norm(Tensor(DType::Float64, {2}, {big, -big}), Tensor(DType::Float64, {2}, {max, max}), 0);
  EXPECT_TRUE(w0.identical(Tensor(DType::Float64, {2}, {max, -max}))) << w0[0] << " " << w0[1];
  const Tensor w1 = weight_norm(Tensor(DType::Float64, {1, 2}, {big, -big}), Tensor(DType::Float64, {1, 2}, {max, -max}), 1);
  EXPECT_TRUE(w1.identical(Tensor(DType::Float64, {1, 2}, {max, max}))) << w1[0] << " " << w1[1];
  // Slices of two: |w| = 0.6 and 0.8 of g, rounded once.
  const Tensor w2 = weight_norm(Tensor(DType::Float64, {1, 2}, {3 * big, 4 * big}), Tensor::scalar(DType::Float64, max), kNone);
  EXPECT_EQ(w2[0], static_cast<double>(static_cast<long double>(max) * 0.6L));
  EXPECT_EQ(w2[1], static_cast<double>(static_cast<long double>(max) * 0.8L));
}

TEST(WeightNorm, AcceptsGWithLeadingOnesOrFewerDims) {
  const Tensor v(DType::Float64, {2, 3, 4}, std::vector<double>(24, 1.0));
  EXPECT_NO_THROW(weight_norm(v, Tensor(DType::Float64, {3, 1}, {1, 1, 1}), 1));
  EXPECT_NO_THROW(weight_norm(v, Tensor(DType::Float64, {1, 3, 1}, {1, 1, 1}), 1));
  EXPECT_NO_THROW(weight_norm(v, Tensor(DType::Float64, {4}, {1, 1, 1, 1}), 2));
  EXPECT_NO_THROW(weight_norm(v, Tensor(DType::Float64, {1, 1}, {1}), kNone));
  EXPECT_THROW(weight_norm(v, Tensor(DType::Float64, {3}, {1, 1, 1}), 1), InvalidArgument);
  EXPECT_THROW(weight_norm(v, Tensor(DType::Float64, {1, 1, 1, 1}, {1}), kNone), InvalidArgument);
}

TEST(Decompose, GIsTheNormAndVIsTheWeightBitForBit) {
  const Tensor weight(DType::Float32, {2, 2}, {3, -4, 0.1, -0.0});
  const Decomposition d = decompose(weight, 0);
  EXPECT_TRUE(d.v.identical(weight));
  EXPECT_EQ(d.g.shape(), (Shape{2, 1}));
  EXPECT_EQ(d.g[0], 5.0);
  EXPECT_EQ(d.g[1], static_cast<double>(0.1f));
}

TEST(Remove, RecomputesFromTheCurrentGAndV) {
  Decomposition d = decompose(Tensor(DType::Float64, {1, 2}, {3, 4}), 0);
  d.g = Tensor(DType::Float64, {1, 1}, {10});
  EXPECT_TRUE(remove(d, 0).identical(Tensor(DType::Float64, {1, 2}, {6, 8})));
}

}  // namespace
}  // namespace wn
