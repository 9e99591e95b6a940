// DTYPE-4: the reference's rounding to float16 and bfloat16
// (wn::round_to_dtype, both overloads) and its ulp count (wn::ulp_distance)
// checked against LibTorch's own conversions, exhaustively: every one of the
// 2^16 bit patterns of each dtype, and every halfway point between two
// neighbouring values (with the floats just above and below it), where a
// rounding that is not to nearest with ties to even goes wrong.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "wn/dtype.hpp"

namespace wn {
namespace {

// Every value of the dtype, decoded by LibTorch from its bit pattern.
std::vector<double> every_value(at::ScalarType type) {
  const at::Tensor bits = at::arange(0, 65536, at::kInt);
  std::vector<std::int16_t> raw(65536);
  for (int i = 0; i < 65536; ++i) raw[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(static_cast<std::uint16_t>(i));
  const at::Tensor t = at::from_blob(raw.data(), {65536}, at::kShort).clone().view(type).to(at::kDouble);
  return std::vector<double>(t.data_ptr<double>(), t.data_ptr<double>() + 65536);
}

// LibTorch's rounding of floats to `type`, read back exactly.
std::vector<double> libtorch_round(std::vector<float> x, at::ScalarType type) {
  const at::Tensor t = at::from_blob(x.data(), {static_cast<std::int64_t>(x.size())}, at::kFloat).to(type).to(at::kDouble);
  return std::vector<double>(t.data_ptr<double>(), t.data_ptr<double>() + x.size());
}

TEST(ReducedPrecisionRounding, MatchesLibTorchAtEveryValueAndHalfwayPoint) {
  for (const auto& [dtype, type] : std::vector<std::pair<DType, at::ScalarType>>{{DType::Float16, at::kHalf},
                                                                                 {DType::BFloat16, at::kBFloat16}}) {
    SCOPED_TRACE(to_string(dtype));
    const std::vector<double> values = every_value(type);
    std::vector<double> positive;  // the finite values >= +0, in bit-pattern order: ascending
    for (std::size_t i = 0; i < values.size(); ++i) {
      const double x = values[i];
      if (std::isnan(x)) {
        EXPECT_TRUE(std::isnan(round_to_dtype(x, dtype)));
        continue;
      }
      // A value of the dtype rounds to itself, sign of zero included.
      ASSERT_EQ(round_to_dtype(x, dtype), x) << "pattern " << i;
      ASSERT_EQ(std::signbit(round_to_dtype(x, dtype)), std::signbit(x)) << "pattern " << i;
      ASSERT_EQ(round_to_dtype(static_cast<long double>(x), dtype), x) << "pattern " << i;
      if (i < 32768 && std::isfinite(x)) positive.push_back(x);
    }
    const DTypeTraits& t = traits(dtype);
    ASSERT_EQ(positive.back(), t.max_finite);
    ASSERT_EQ(positive[1], t.min_subnormal);
    ASSERT_EQ(positive[std::size_t{1} << (t.mantissa_bits - 1)], t.min_normal);
    // Neighbours are one ulp apart; the largest finite value and infinity too.
    for (std::size_t k = 0; k + 1 < positive.size(); ++k) {
      ASSERT_EQ(ulp_distance(positive[k], positive[k + 1], dtype), 1.0) << positive[k];
      ASSERT_EQ(ulp_distance(-positive[k], -positive[k + 1], dtype), 1.0) << positive[k];
    }
    // Halfway points, the floats just beside them, and past the largest
    // finite value (the halfway point to the next power of two rounds to
    // infinity), of both signs.
    std::vector<float> points;
    std::vector<double> above = positive;
    above.push_back(2 * t.max_finite - positive[positive.size() - 2]);  // the value max + spacing would be
    for (std::size_t k = 0; k + 1 < above.size(); ++k) {
      const auto m = static_cast<float>((above[k] + above[k + 1]) / 2);  // exact: p + 1 bits
      for (float p : {m, std::nextafter(m, 0.0f), std::nextafter(m, std::numeric_limits<float>::infinity())}) {
        points.push_back(p);
        points.push_back(-p);
      }
    }
    const std::vector<double> expected = libtorch_round(points, type);
    for (std::size_t i = 0; i < points.size(); ++i) {
      const double x = points[i];
      ASSERT_EQ(round_to_dtype(x, dtype), expected[i]) << std::hexfloat << x;
      ASSERT_EQ(round_to_dtype(static_cast<long double>(x), dtype), expected[i]) << std::hexfloat << x;
    }
  }
}

}  // namespace
}  // namespace wn
