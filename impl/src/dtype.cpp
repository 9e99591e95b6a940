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

namespace {
template <class T>
const DTypeTraits& traits_of() {
  using L = std::numeric_limits<T>;
  static const DTypeTraits t{L::digits, std::ldexp(1.0, -L::digits), static_cast<double>(L::max()),
                             static_cast<double>(L::min()), static_cast<double>(L::denorm_min())};
  return t;
}
}  // namespace

const DTypeTraits& traits(DType dtype) {
  return dispatch_dtype(dtype, [](auto t) -> const DTypeTraits& { return traits_of<decltype(t)>(); });
}

double round_to_dtype(double x, DType dtype) {
  return dispatch_dtype(dtype, [x](auto t) { return static_cast<double>(static_cast<decltype(t)>(x)); });
}

double round_to_dtype(long double x, DType dtype) {
  return dispatch_dtype(dtype, [x](auto t) { return static_cast<double>(static_cast<decltype(t)>(x)); });
}

namespace {
// Maps the values of a dtype onto consecutive integers, monotonically, so
// that the difference of two images counts the values between them.
std::int64_t ordinal(double x, DType dtype) {
  if (dispatch_dtype(dtype, [](auto t) { return sizeof t == sizeof(float); })) {
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
