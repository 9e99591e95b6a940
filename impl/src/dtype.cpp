#include "wn/dtype.hpp"

#include <cmath>
#include <cstring>
#include <limits>

#include "wn/errors.hpp"

namespace wn {

const std::vector<DType>& all_dtypes() {
  static const std::vector<DType> dtypes{DType::Float32, DType::Float64};
  return dtypes;
}

std::string to_string(DType dtype) {
  switch (dtype) {
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
  }
  return "unknown";
}

DType parse_dtype(const std::string& name, const std::string& argument) {
  for (DType d : all_dtypes()) {
    if (to_string(d) == name) return d;
  }
  throw InvalidArgument("parse_dtype", argument, "\"" + name + "\"", "one of \"float32\", \"float64\"");
}

const DTypeTraits& traits(DType dtype) {
  static const DTypeTraits f32{24, std::ldexp(1.0, -24), std::numeric_limits<float>::max(),
                               std::numeric_limits<float>::min(),
                               std::numeric_limits<float>::denorm_min()};
  static const DTypeTraits f64{53, std::ldexp(1.0, -53), std::numeric_limits<double>::max(),
                               std::numeric_limits<double>::min(),
                               std::numeric_limits<double>::denorm_min()};
  return dtype == DType::Float32 ? f32 : f64;
}

double round_to_dtype(double x, DType dtype) {
  return dtype == DType::Float32 ? static_cast<double>(static_cast<float>(x)) : x;
}

double round_to_dtype(long double x, DType dtype) {
  return dtype == DType::Float32 ? static_cast<double>(static_cast<float>(x))
                                 : static_cast<double>(x);
}

namespace {
// Maps the values of a dtype onto consecutive integers, monotonically, so
// that the difference of two images counts the values between them.
std::int64_t ordinal(double x, DType dtype) {
  if (dtype == DType::Float32) {
    const float f = static_cast<float>(x);
    std::int32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    return bits < 0 ? -static_cast<std::int64_t>(bits & 0x7fffffff) : bits;
  }
  std::int64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits < 0 ? -(bits & 0x7fffffffffffffffLL) : bits;
}
}  // namespace

double ulp_distance(double a, double b, DType dtype) {
  const bool na = std::isnan(a), nb = std::isnan(b);
  if (na || nb) return na && nb ? 0.0 : std::numeric_limits<double>::infinity();
  if (a == b) return 0.0;
  if (std::isinf(a) || std::isinf(b)) return std::numeric_limits<double>::infinity();
  // Values of opposite signs far apart are up to 2^64 - 2^53 ordinals apart:
  // past int64, so the difference is taken in uint64 (exact, modular).
  const std::int64_t oa = ordinal(a, dtype), ob = ordinal(b, dtype);
  const auto ua = static_cast<std::uint64_t>(oa), ub = static_cast<std::uint64_t>(ob);
  return static_cast<double>(oa >= ob ? ua - ub : ub - ua);
}

}  // namespace wn
