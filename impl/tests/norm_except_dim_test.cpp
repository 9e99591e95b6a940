// Hand-computed norm_except_dim values. Spec NORM-1 .. NORM-3, SHAPE-2, DIM-3, DIM-4, EDGE-2.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "wn/norm_except_dim.hpp"

namespace wn {
namespace {

// [[1, 2, 3], [4, 5, 6]]
Tensor one_to_six(DType dtype = DType::Float64) { return Tensor(dtype, {2, 3}, {1, 2, 3, 4, 5, 6}); }

TEST(NormExceptDim, DimZeroKeepsRows) {
  const Tensor n = norm_except_dim(one_to_six(), 2, 0);
  EXPECT_EQ(n.shape(), (Shape{2, 1}));
  EXPECT_DOUBLE_EQ(n[0], std::sqrt(14.0));
  EXPECT_DOUBLE_EQ(n[1], std::sqrt(77.0));
}

TEST(NormExceptDim, DimOneKeepsColumns) {
  const Tensor n = norm_except_dim(one_to_six(), 2, 1);
  EXPECT_EQ(n.shape(), (Shape{1, 3}));
  EXPECT_DOUBLE_EQ(n[0], std::sqrt(17.0));
  EXPECT_DOUBLE_EQ(n[1], std::sqrt(29.0));
  EXPECT_DOUBLE_EQ(n[2], std::sqrt(45.0));
}

TEST(NormExceptDim, NoneAndMinusOneAreTheWholeTensorAsA0dResult) {
  for (DimArg dim : {DimArg{}, DimArg{-1}}) {
    const Tensor n = norm_except_dim(one_to_six(), 2, dim);
    EXPECT_EQ(n.shape(), Shape{});
    EXPECT_DOUBLE_EQ(n[0], std::sqrt(91.0));
  }
}

TEST(NormExceptDim, MinusTwoWrapsToDimZero) {
  EXPECT_TRUE(norm_except_dim(one_to_six(), 2, -2).identical(norm_except_dim(one_to_six(), 2, 0)));
}

TEST(NormExceptDim, MiddleDimOfARank3Tensor) {
  // v[i][j][k] = 1 everywhere, shape [2, 3, 4]: each of the 3 slices has 8 ones.
  const Tensor v(DType::Float32, {2, 3, 4}, std::vector<double>(24, 1.0));
  const Tensor n = norm_except_dim(v, 2, 1);
  EXPECT_EQ(n.shape(), (Shape{1, 3, 1}));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(n[i], static_cast<double>(std::sqrt(8.0f)));
}

TEST(NormExceptDim, OtherPowers) {
  const Tensor v(DType::Float64, {2, 3}, {1, -2, 0, 4, 0, 0});
  const Tensor p0 = norm_except_dim(v, 0, 0), p1 = norm_except_dim(v, 1, 0), p3 = norm_except_dim(v, 3, 0);
  EXPECT_EQ(p0[0], 2.0);
  EXPECT_EQ(p0[1], 1.0);
  EXPECT_EQ(p1[0], 3.0);
  EXPECT_EQ(p1[1], 4.0);
  EXPECT_DOUBLE_EQ(p3[0], std::cbrt(9.0));
  EXPECT_DOUBLE_EQ(p3[1], 4.0);
}

TEST(NormExceptDim, A0dTensorWithNone) {
  const Tensor n = norm_except_dim(Tensor::scalar(DType::Float64, -3.0), 2, kNone);
  EXPECT_EQ(n.shape(), Shape{});
  EXPECT_EQ(n[0], 3.0);
}

TEST(NormExceptDim, NeitherOverflowsNorUnderflowsWhereTheNormIsRepresentable) {
  // 3e300 and 4e300: the squares overflow double, the norm 5e300 does not.
  const Tensor big(DType::Float64, {1, 2}, {3e300, 4e300});
  EXPECT_DOUBLE_EQ(norm_except_dim(big, 2, 0)[0], 5e300);
  // 3e-320 and 4e-320 are subnormal; their squares underflow to 0.
  const Tensor tiny(DType::Float64, {1, 2}, {3e-320, 4e-320});
  EXPECT_NEAR(norm_except_dim(tiny, 2, 0)[0], 5e-320, 1e-323);
  const Tensor bigf(DType::Float32, {2}, {3e38, 1e38});
  EXPECT_EQ(norm_except_dim(bigf, 2, kNone)[0], static_cast<double>(static_cast<float>(std::sqrt(10.0) * 1e38)));
}

TEST(NormExceptDim, NonFiniteValues) {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::nan("");
  const Tensor v(DType::Float64, {3, 2}, {1, inf, nan, 1, -inf, nan});
  const Tensor n = norm_except_dim(v, 2, 0);
  EXPECT_EQ(n[0], inf);
  EXPECT_TRUE(std::isnan(n[1]));
  EXPECT_TRUE(std::isnan(n[2]));  // NaN wins over infinity
}

TEST(SliceNorm, IsCorrectlyRoundedOnAClassicCancellationFreeCase) {
  // 10^5 copies of 0.1: the exact norm is sqrt(1e5) * 0.1000000000000000055511151231257827.
  std::vector<double> x(100000, 0.1);
  const long double n = slice_norm(x.data(), static_cast<std::int64_t>(x.size()), 1, 2);
  const long double exact = std::sqrt(100000.0L) * 0.1000000000000000055511151231257827L;
  EXPECT_LE(std::fabs(static_cast<double>(n - exact)), std::ldexp(std::fabs(static_cast<double>(exact)), -60));
}

// float32 sums its squares in blocks of plain double (2^-46 relative) and
// recomputes a norm that lies that close to a rounding boundary (TOL-2). The
// case: 16777215^2 + 8192^2 = (2^24 + 1)^2, and 2^24 + 1 is halfway between
// float32's 2^24 and 2^24 + 2. Tiny values of 2^-5 (squares 2^-10) sit in
// the same block chain (or column) as 16777215, where a plain double sum near
// 2^48 loses them: the block sum says "exactly halfway" (ties to even:
// 2^24), the exact norm is just above it (2^24 + 2). Only the exact
// recomputation gets it right.
constexpr double kTiny = 0x1p-5;
constexpr double kHalfwayAbove = 16777218.0;

TEST(NormExceptDim, Float32NormsNearAHalfwayPointAreRecomputedExactly) {
  std::vector<double> run(1024, 0.0);
  run[0] = 16777215.0;
  run[1] = 8192.0;
  for (std::size_t i = 16; i < run.size(); i += 16) run[i] = kTiny;  // chain 0, with run[0]
  const Tensor whole = norm_except_dim(Tensor(DType::Float32, {1024}, run), 2, kNone);
  EXPECT_EQ(whole[0], kHalfwayAbove);

  std::vector<double> column(64, 0.0);  // [64, 1] along the last dim: one 64-row block
  column[0] = 16777215.0;
  column[1] = 8192.0;
  for (std::size_t r = 4; r < column.size(); ++r) column[r] = kTiny;
  const Tensor last = norm_except_dim(Tensor(DType::Float32, {64, 1}, column), 2, 1);
  EXPECT_EQ(last[0], kHalfwayAbove);
}

}  // namespace
}  // namespace wn
