// Hand-checked values of the MPFR exact reference: if it were wrong, every
// accuracy figure would be.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "wn/accuracy/exact.hpp"
#include "wn/errors.hpp"

namespace wn::accuracy {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(ExactNorm, PythagoreanTripleIsExact) {
  const double v[] = {3.0, 4.0};
  const ExactValue e = exact_norm(v, 2);
  EXPECT_EQ(e.nearest, 5.0);
  EXPECT_EQ(e.nearest_float32, 5.0f);
  EXPECT_EQ(e.residual, 0.0);
}

// sqrt(2) = 1.41421356237309504880168872420969807...
// float64 nearest: 1.4142135623730951454746218587388 (0x3FF6A09E667F3BCD),
// so the residual is -9.667293313452913e-17;
// float32 nearest: 1.41421353816986083984375 (0x3FB504F3).
TEST(ExactNorm, SquareRootOfTwoRoundsOnceToEachDtype) {
  const double v[] = {1.0, -1.0};
  const ExactValue e = exact_norm(v, 2);
  EXPECT_EQ(e.nearest, 1.4142135623730951);
  EXPECT_EQ(e.nearest_float32, 1.41421353816986083984375f);
  EXPECT_NEAR(e.residual, -9.667293313452913e-17, 1e-31);
  EXPECT_EQ(e.rounded(DType::Float32), 1.41421353816986083984375);
}

TEST(ExactNorm, StridedElements) {
  const double v[] = {3.0, 100.0, 4.0, 100.0};
  EXPECT_EQ(exact_norm(v, 2, 2).nearest, 5.0);
}

// Squares far outside the double range: 3 * 2^1000 and 4 * 2^1000 give
// 5 * 2^1000 exactly; 3 and 4 times the smallest subnormal give 5 of it.
TEST(ExactNorm, NeitherOverflowsNorUnderflows) {
  const double big[] = {std::ldexp(3.0, 1000), std::ldexp(4.0, 1000)};
  EXPECT_EQ(exact_norm(big, 2).nearest, std::ldexp(5.0, 1000));
  const double tiny[] = {3 * std::numeric_limits<double>::denorm_min(), 4 * std::numeric_limits<double>::denorm_min()};
  EXPECT_EQ(exact_norm(tiny, 2).nearest, 5 * std::numeric_limits<double>::denorm_min());
  // Beyond float32's range but not float64's: float32 rounds to infinity.
  const double f32_big[] = {std::ldexp(3.0, 126), std::ldexp(4.0, 126)};
  EXPECT_EQ(exact_norm(f32_big, 2).nearest, std::ldexp(5.0, 126));
  EXPECT_EQ(exact_norm(f32_big, 2).nearest_float32, std::numeric_limits<float>::infinity());
  // max * sqrt(2) is beyond float64 too.
  const double dmax[] = {std::numeric_limits<double>::max(), std::numeric_limits<double>::max()};
  EXPECT_EQ(exact_norm(dmax, 2).nearest, kInf);
}

TEST(ExactNorm, NanInfinityAndZero) {
  const double with_nan[] = {1.0, std::nan(""), kInf};
  EXPECT_TRUE(std::isnan(exact_norm(with_nan, 3).nearest));
  const double with_inf[] = {1.0, -kInf};
  EXPECT_EQ(exact_norm(with_inf, 2).nearest, kInf);
  const double zeros[] = {0.0, -0.0};
  EXPECT_EQ(exact_norm(zeros, 2).nearest, 0.0);
}

TEST(ExactNormExceptDim, OneNormPerSliceOfTheKeptDim) {
  const Tensor v(DType::Float64, {2, 2}, {3, 4, 6, 8});
  const auto rows = exact_norm_except_dim(v, 0);  // slices v[0, :], v[1, :]
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].nearest, 5.0);
  EXPECT_EQ(rows[1].nearest, 10.0);
  const auto cols = exact_norm_except_dim(v, 1);  // slices v[:, 0], v[:, 1]
  EXPECT_EQ(cols[0].nearest, std::sqrt(45.0));
  EXPECT_EQ(cols[1].nearest, std::sqrt(80.0));  // sqrt is correctly rounded, as MPFR's
  const auto all = exact_norm_except_dim(v, kNone);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].nearest, std::sqrt(125.0));
}

TEST(ExactWeightNorm, ComposesVTimesGOverTheNorm) {
  const Tensor v(DType::Float64, {2, 2}, {3, 4, 6, 8});
  const Tensor g(DType::Float64, {2, 1}, {10, -1});
  const auto w = exact_weight_norm(v, g, 0);
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(w[0].nearest, 6.0);
  EXPECT_EQ(w[1].nearest, 8.0);
  EXPECT_EQ(w[2].nearest, -0.6);  // -6/10, rounded once
  EXPECT_EQ(w[3].nearest, -0.8);
  // 0.6 is not a binary number: fl(0.6) is 2.2204460492503132e-17 below it, so
  // the residual of -0.6 is -2.2204460492503132e-17.
  EXPECT_NEAR(w[2].residual, -2.2204460492503132e-17, 1e-32);
  EXPECT_EQ(rounded_tensor(w, DType::Float32, {2, 2}).values(),
            (std::vector<double>{6.0, 8.0, static_cast<float>(-0.6), static_cast<float>(-0.8)}));
}

TEST(ExactWeightNorm, ZeroSliceGivesNaN) {
  const Tensor v(DType::Float64, {2}, {0, 0});
  const Tensor g(DType::Float64, {1}, {1});
  const auto w = exact_weight_norm(v, g, kNone);
  EXPECT_TRUE(std::isnan(w[0].nearest));
}

// By hand, slice [3, 4] with g = 2 and grad_w = [1, 0]: r = 5, a = 3,
// grad_g = 3/5 = 0.6, grad_v = (2/5)([1, 0] - (3/25)[3, 4]) = 0.4 [0.64, -0.48]
// = [0.256, -0.192]. Slice [6, 8] with g = -1 and grad_w = [0, 1]: r = 10,
// a = 8, grad_g = 0.8, grad_v = -0.1([0, 1] - 0.08 [6, 8]) = [0.048, -0.036].
// Each is rounded once: the nearest double to the decimal, as the literal.
TEST(ExactWeightNormBackward, HandCheckedSlicesOfDimZero) {
  const Tensor v(DType::Float64, {2, 2}, {3, 4, 6, 8});
  const Tensor g(DType::Float64, {2, 1}, {2, -1});
  const Tensor grad_w(DType::Float64, {2, 2}, {1, 0, 0, 1});
  const ExactGradients d = exact_weight_norm_backward(grad_w, v, g, 0);
  ASSERT_EQ(d.grad_g.size(), 2u);
  ASSERT_EQ(d.grad_v.size(), 4u);
  EXPECT_EQ(d.grad_g[0].nearest, 0.6);
  EXPECT_EQ(d.grad_g[1].nearest, 0.8);
  EXPECT_EQ(d.grad_v[0].nearest, 0.256);
  EXPECT_EQ(d.grad_v[1].nearest, -0.192);
  EXPECT_EQ(d.grad_v[2].nearest, 0.048);
  EXPECT_EQ(d.grad_v[3].nearest, -0.036);
  const auto grad_g_alone = exact_grad_g(grad_w, v, 0);
  EXPECT_EQ(grad_g_alone[0].nearest, 0.6);
  EXPECT_EQ(grad_g_alone[1].nearest, 0.8);
  EXPECT_EQ(d.grad_v[0].nearest_float32, 0.256f);
  EXPECT_EQ(d.grad_g[1].nearest_float32, 0.8f);
  // The double 0.256 is within half an ulp of the exact value; the next one up is not.
  EXPECT_LE(error_in_ulps(0.256, d.grad_v[0], DType::Float64), 0.5);
  EXPECT_GT(error_in_ulps(std::nextafter(0.256, 1.0), d.grad_v[0], DType::Float64), 0.5);
}

// The same slices as columns (dim 1, strided): the same values, transposed.
TEST(ExactWeightNormBackward, StridedSlicesOfTheLastDim) {
  const Tensor v(DType::Float64, {2, 2}, {3, 6, 4, 8});
  const Tensor g(DType::Float64, {1, 2}, {2, -1});
  const Tensor grad_w(DType::Float64, {2, 2}, {1, 0, 0, 1});
  const ExactGradients d = exact_weight_norm_backward(grad_w, v, g, 1);
  EXPECT_EQ(d.grad_g[0].nearest, 0.6);
  EXPECT_EQ(d.grad_g[1].nearest, 0.8);
  EXPECT_EQ(d.grad_v[0].nearest, 0.256);
  EXPECT_EQ(d.grad_v[1].nearest, 0.048);
  EXPECT_EQ(d.grad_v[2].nearest, -0.192);
  EXPECT_EQ(d.grad_v[3].nearest, -0.036);
}

// grad_w parallel to v: grad_v = (g/r)(grad_w - (a/s) v) cancels to exactly
// 0 (a/s = 2/2 = 1, with s the exact sum of squares; a double evaluation
// through fl(sqrt(2))^2 = 2 + 4.4e-16 leaves about 1.6e-16), and
// grad_g = 2 / sqrt(2) = sqrt(2).
TEST(ExactWeightNormBackward, CancelsExactlyWhenGradWIsParallelToV) {
  const Tensor v(DType::Float64, {2}, {1, 1});
  const Tensor g(DType::Float64, {1}, {1});
  const Tensor grad_w(DType::Float64, {2}, {1, 1});
  const ExactGradients d = exact_weight_norm_backward(grad_w, v, g, kNone);
  EXPECT_EQ(d.grad_v[0].nearest, 0.0);
  EXPECT_EQ(d.grad_v[1].nearest, 0.0);
  EXPECT_EQ(d.grad_v[0].residual, 0.0);
  EXPECT_EQ(d.grad_g[0].nearest, 1.4142135623730951);
}

// v = 2^1000 [3, 4] (its squares overflow double), g = 1, grad_w = [1, 0]:
// grad_g = 0.6 as for [3, 4]; grad_v = (1/r)(...) = 2^-1000 [0.128, -0.096],
// normal doubles, rounded once (scaling by 2^-1000 is exact there).
TEST(ExactWeightNormBackward, NeitherOverflowsNorUnderflows) {
  const Tensor v(DType::Float64, {2}, {std::ldexp(3.0, 1000), std::ldexp(4.0, 1000)});
  const Tensor g(DType::Float64, {1}, {1});
  const Tensor grad_w(DType::Float64, {2}, {1, 0});
  const ExactGradients d = exact_weight_norm_backward(grad_w, v, g, kNone);
  EXPECT_EQ(d.grad_g[0].nearest, 0.6);
  EXPECT_EQ(d.grad_v[0].nearest, std::ldexp(0.128, -1000));
  EXPECT_EQ(d.grad_v[1].nearest, std::ldexp(-0.096, -1000));
}

TEST(ExactWeightNormBackward, ZeroSliceGivesNaNAndBadArgumentsThrow) {
  const Tensor v(DType::Float64, {2}, {0, 0});
  const Tensor g(DType::Float64, {1}, {1});
  const Tensor grad_w(DType::Float64, {2}, {1, 1});
  const ExactGradients d = exact_weight_norm_backward(grad_w, v, g, kNone);
  EXPECT_TRUE(std::isnan(d.grad_g[0].nearest));
  EXPECT_TRUE(std::isnan(d.grad_v[0].nearest));
  const Tensor two_g(DType::Float64, {2}, {1, 1});
  EXPECT_THROW(exact_weight_norm_backward(grad_w, v, two_g, kNone), InvalidArgument);
  const Tensor short_grad_w(DType::Float64, {1}, {1});
  EXPECT_THROW(exact_weight_norm_backward(short_grad_w, v, g, kNone), InvalidArgument);
}

// sqrt(2)'s float64 rounding is 0.43538 ulps away (9.667293e-17 / 2^-52);
// the next double up is 1 ulp further. Its float32 rounding is 0.20303 ulps
// away (2.420323e-8 / 2^-23).
TEST(ErrorInUlps, FractionalUlpsOfTheExactValue) {
  const double v[] = {1.0, 1.0};
  const ExactValue e = exact_norm(v, 2);
  EXPECT_NEAR(error_in_ulps(1.4142135623730951, e, DType::Float64), 0.435376, 1e-6);
  EXPECT_NEAR(error_in_ulps(std::nextafter(1.4142135623730951, 2.0), e, DType::Float64), 1.435376, 1e-6);
  EXPECT_NEAR(error_in_ulps(1.41421353816986083984375, e, DType::Float32), 0.203031, 1e-6);
  EXPECT_EQ(error_in_ulps(kInf, e, DType::Float64), kInf);
  EXPECT_EQ(error_in_ulps(std::nan(""), e, DType::Float64), kInf);
}

// sqrt(2) times the smallest subnormal: its float64 rounding is that
// subnormal, 0.41421356 of a spacing below exact (a double residual would
// underflow to 0; the offset kept in ulps does not).
TEST(ErrorInUlps, SubnormalResultsAreMeasuredExactly) {
  const double dmin = std::numeric_limits<double>::denorm_min();
  const double v[] = {dmin, dmin};
  const ExactValue e = exact_norm(v, 2);
  EXPECT_EQ(e.nearest, dmin);
  EXPECT_EQ(e.ulp64, dmin);
  EXPECT_NEAR(e.offset64, 0.41421356237309515, 1e-15);
  EXPECT_NEAR(error_in_ulps(dmin, e, DType::Float64), 0.41421356, 1e-8);
  EXPECT_NEAR(error_in_ulps(2 * dmin, e, DType::Float64), 0.58578644, 1e-8);
}

TEST(ErrorInUlps, SubnormalSpacingBelowTheNormalRange) {
  EXPECT_EQ(ulp_of(1e-310, DType::Float64), std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(ulp_of(1e-40, DType::Float32), static_cast<double>(std::numeric_limits<float>::denorm_min()));
  EXPECT_EQ(ulp_of(1.0, DType::Float32), std::ldexp(1.0, -23));
  EXPECT_EQ(ulp_of(1.0, DType::Float64), std::ldexp(1.0, -52));
}

}  // namespace
}  // namespace wn::accuracy
