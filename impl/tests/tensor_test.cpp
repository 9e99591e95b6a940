// Spec DTYPE-2, SHAPE-1: the tensor holds exact values of its dtype.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <vector>

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

// DTYPE-2: each dtype is stored natively, and every access hands back the
// exact value.
TEST(Tensor, StoresEachDtypeNatively) {
  const std::vector<double> values{0.1, -0.0, 1e-40, 3.0};
  const Tensor f(DType::Float32, {4}, values);
  for (std::int64_t i = 0; i < 4; ++i) {
    EXPECT_EQ(f.data<float>()[i], static_cast<float>(values[static_cast<std::size_t>(i)]));
    EXPECT_EQ(f[i], static_cast<double>(f.data<float>()[i]));
  }
  EXPECT_TRUE(std::signbit(f.data<float>()[1]));
  EXPECT_EQ(f.values(), (std::vector<double>{static_cast<double>(0.1f), -0.0, static_cast<double>(1e-40f), 3.0}));
  EXPECT_THROW(f.data<double>(), std::logic_error);
  EXPECT_THROW(f.data<std::uint16_t>(), std::logic_error);
  const Tensor d(DType::Float64, {4}, values);
  EXPECT_EQ(d.values(), values);
  EXPECT_THROW(d.data<float>(), std::logic_error);
  for (DType dtype : reduced_precision_dtypes()) {
    const Tensor h(dtype, {4}, values);
    for (std::int64_t i = 0; i < 4; ++i) {
      const double rounded = round_to_dtype(values[static_cast<std::size_t>(i)], dtype);
      EXPECT_EQ(h.data<std::uint16_t>()[i], to_bits16(rounded, dtype)) << to_string(dtype) << " " << i;
      EXPECT_EQ(h[i], rounded) << to_string(dtype) << " " << i;
    }
    EXPECT_THROW(h.data<float>(), std::logic_error);
  }
}

TEST(Tensor, NativeKeepsTheValuesItIsGiven) {
  const Tensor f = Tensor::native({2, 1}, NativeBuffer<float>{0.1f, -2.5f});
  EXPECT_EQ(f.dtype(), DType::Float32);
  EXPECT_EQ(f[0], static_cast<double>(0.1f));
  EXPECT_TRUE(f.identical(Tensor(DType::Float32, {2, 1}, {0.1, -2.5})));
  const Tensor d = Tensor::native({1}, NativeBuffer<double>{0.1});
  EXPECT_EQ(d.dtype(), DType::Float64);
  EXPECT_EQ(d[0], 0.1);
  EXPECT_THROW(Tensor::native({3}, NativeBuffer<float>{1.0f}), InvalidArgument);
  EXPECT_EQ(f.reshaped({2}).data<float>()[1], -2.5f);
  EXPECT_EQ(f.to(DType::BFloat16)[0], round_to_dtype(static_cast<double>(0.1f), DType::BFloat16));
}

// The 16 bits of float16 and bfloat16: every pattern decodes to a value of
// the dtype that encodes back to it (NaNs to a NaN of the same sign), in
// order, anchored on values fixed by IEEE 754 and, for bfloat16, on
// float32's upper half.
TEST(Bits16, EveryPatternDecodesToAValueThatEncodesBack) {
  for (DType dtype : reduced_precision_dtypes()) {
    const int fraction_bits = traits(dtype).mantissa_bits - 1;
    const unsigned inf_bits = 0x7FFFu & ~((1u << fraction_bits) - 1u);
    double previous = -1;
    for (unsigned b = 0; b <= 0xFFFFu; ++b) {
      const auto bits = static_cast<std::uint16_t>(b);
      const double x = from_bits16(bits, dtype);
      const bool nan_pattern = (b & 0x7FFFu) > inf_bits;
      ASSERT_EQ(std::isnan(x), nan_pattern) << to_string(dtype) << " " << b;
      ASSERT_EQ(std::signbit(x), (b & 0x8000u) != 0) << to_string(dtype) << " " << b;
      if (nan_pattern) {
        const std::uint16_t back = to_bits16(x, dtype);
        EXPECT_GT(back & 0x7FFFu, inf_bits);
        EXPECT_EQ(back & 0x8000u, b & 0x8000u);
        continue;
      }
      ASSERT_EQ(to_bits16(x, dtype), bits) << to_string(dtype) << " " << x;
      ASSERT_EQ(round_to_dtype(x, dtype), x) << to_string(dtype) << " " << b;
      if (b <= inf_bits) {  // the positive patterns count up through the values
        ASSERT_GT(x, previous) << to_string(dtype) << " " << b;
        previous = x;
      }
      if (dtype == DType::BFloat16) {
        const std::uint32_t upper = static_cast<std::uint32_t>(b) << 16;
        float f;
        std::memcpy(&f, &upper, sizeof f);
        ASSERT_EQ(x, static_cast<double>(f)) << b;
      }
    }
    EXPECT_EQ(from_bits16(static_cast<std::uint16_t>(inf_bits), dtype), std::numeric_limits<double>::infinity());
    EXPECT_EQ(from_bits16(static_cast<std::uint16_t>(inf_bits - 1), dtype), traits(dtype).max_finite);
    EXPECT_EQ(from_bits16(1, dtype), traits(dtype).min_subnormal);
  }
  EXPECT_EQ(from_bits16(0x3C00, DType::Float16), 1.0);
  EXPECT_EQ(from_bits16(0xC000, DType::Float16), -2.0);
  EXPECT_EQ(from_bits16(0x0400, DType::Float16), 0x1p-14);
  EXPECT_THROW(to_bits16(1.0, DType::Float32), std::logic_error);
  EXPECT_THROW(from_bits16(0, DType::Float64), std::logic_error);
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
