// Spec DTYPE-2, SHAPE-1: the tensor holds exact values of its dtype.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "wn/errors.hpp"
#include "wn/tensor.hpp"

namespace wn {
namespace {

TEST(Tensor, RoundsValuesToItsDtype) {
  const Tensor t(DType::Float32, {2}, {0.1, 1.0 / 3.0});
  EXPECT_EQ(t[0], static_cast<double>(0.1f));
  EXPECT_EQ(t[1], static_cast<double>(1.0f / 3.0f));
  const Tensor d(DType::Float64, {1}, {0.1});
  EXPECT_EQ(d[0], 0.1);
}

TEST(Tensor, RejectsAValueCountThatIsNotTheProductOfTheSizes) {
  try {
    Tensor(DType::Float64, {2, 3}, {1, 2, 3});
    FAIL() << "no exception";
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(e.argument(), "values");
    EXPECT_NE(std::string(e.what()).find("6 values for shape [2, 3]"), std::string::npos) << e.what();
  }
}

TEST(Tensor, RejectsRankAboveSixAndHugeShapes) {
  EXPECT_THROW(Tensor::zeros(DType::Float32, {1, 1, 1, 1, 1, 1, 1}), InvalidArgument);
  EXPECT_THROW(Tensor(DType::Float32, {1LL << 40, 1LL << 40}, {}), InvalidArgument);
  EXPECT_THROW(Tensor(DType::Float32, {-1}, {}), InvalidArgument);
}

TEST(Tensor, IdenticalTellsSignedZerosApartButNotNaNs) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(Tensor(DType::Float64, {1}, {0.0}).identical(Tensor(DType::Float64, {1}, {-0.0})));
  EXPECT_TRUE(Tensor(DType::Float64, {1}, {nan}).identical(Tensor(DType::Float64, {1}, {nan})));
  EXPECT_FALSE(Tensor(DType::Float64, {2}, {1, 2}).identical(Tensor(DType::Float64, {2, 1}, {1, 2})));
}

TEST(Tensor, PrintsEnoughDigitsToReadBack) {
  std::ostringstream os;
  os << Tensor(DType::Float64, {2}, {0.1, 2});
  EXPECT_EQ(os.str(), "float64[2]{0.10000000000000001, 2}");
}

TEST(UlpDistance, CountsRepresentableValues) {
  EXPECT_EQ(ulp_distance(1.0, std::nextafter(1.0, 2.0), DType::Float64), 1.0);
  EXPECT_EQ(ulp_distance(1.0, static_cast<double>(std::nextafter(1.0f, 2.0f)), DType::Float32), 1.0);
  EXPECT_EQ(ulp_distance(-0.0, 0.0, DType::Float32), 0.0);
  EXPECT_EQ(ulp_distance(-std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::denorm_min(),
                         DType::Float64),
            2.0);
  EXPECT_TRUE(std::isinf(ulp_distance(1.0, std::nan(""), DType::Float64)));
}

// Opposite signs far apart: more ordinals than int64 holds (UBSan found the
// overflow in the checker, replaying a DEV-7 case). 0x7fefffffffffffff finite
// values on each side of 0, so 2 * 0x7fefffffffffffff between -max and max.
TEST(UlpDistance, FarApartValuesOfOppositeSignsDoNotOverflow) {
  const double max = std::numeric_limits<double>::max();
  EXPECT_EQ(ulp_distance(-max, max, DType::Float64), 2.0 * static_cast<double>(0x7fefffffffffffffULL));
  EXPECT_EQ(ulp_distance(max, -max, DType::Float64), 2.0 * static_cast<double>(0x7fefffffffffffffULL));
  EXPECT_EQ(ulp_distance(-1.0, 1.0, DType::Float64), 2.0 * static_cast<double>(0x3ff0000000000000ULL));
  const double fmax = std::numeric_limits<float>::max();
  EXPECT_EQ(ulp_distance(-fmax, fmax, DType::Float32), 2.0 * static_cast<double>(0x7f7fffffU));
}

}  // namespace
}  // namespace wn
