#include "wn/dtype.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "wn/errors.hpp"

namespace wn {

const std::vector<DType>& all_dtypes() {
  static const std::vector<DType> dtypes{DType::Float32, DType::Float64, DType::Float16, DType::BFloat16};
  return dtypes;
}

const std::vector<DType>& full_precision_dtypes() {
  static const std::vector<DType> dtypes{DType::Float32, DType::Float64};
  return dtypes;
}

const std::vector<DType>& reduced_precision_dtypes() {
  static const std::vector<DType> dtypes{DType::Float16, DType::BFloat16};
  return dtypes;
}

DType promote_types(DType a, DType b) {
  if (a == b) return a;
  if (a == DType::Float64 || b == DType::Float64) return DType::Float64;
  // float32 holds every float16 and bfloat16 value; float16 and bfloat16
  // hold neither each other's range nor precision, so they meet in float32.
  return DType::Float32;
}

std::string to_string(DType dtype) {
  switch (dtype) {
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
    case DType::Float16: return "float16";
    case DType::BFloat16: return "bfloat16";
  }
  return "unknown";
}

DType parse_dtype(const std::string& name, const std::string& argument) {
  for (DType d : all_dtypes()) {
    if (to_string(d) == name) return d;
  }
  throw InvalidArgument("parse_dtype", argument, "\"" + name + "\"", "one of \"float32\", \"float64\", \"float16\", \"bfloat16\"");
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

namespace {
// x rounded to `digits` significant bits with the exponent range of T (as
// its numeric_limits give it): to nearest, ties to even, infinity past the
// largest finite value. F is double or long double; the scaling by powers
// of two is exact in it, and nearbyint rounds ties to even in the default
// rounding mode, so the result is x rounded once.
template <class T, class F>
double round_to_narrow(F x) {
  using L = std::numeric_limits<T>;
  if (!std::isfinite(x) || x == 0) return static_cast<double>(x);
  const int min_normal_exp = L::min_exponent - 1;
  const int e = std::max(std::ilogb(x), min_normal_exp);
  const F quantum = std::ldexp(F(1), e - (L::digits - 1));
  const F r = std::nearbyint(x / quantum) * quantum;
  if (std::fabs(r) > static_cast<double>(L::max())) return std::copysign(std::numeric_limits<double>::infinity(), static_cast<double>(x));
  return static_cast<double>(r);
}

template <class T, class F>
double round_as(F x) {
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    return static_cast<double>(static_cast<T>(x));
  } else {
    return round_to_narrow<T>(x);
  }
}
}  // namespace

double round_to_dtype(double x, DType dtype) {
  return dispatch_dtype(dtype, [x](auto t) { return round_as<decltype(t)>(x); });
}

double round_to_dtype(long double x, DType dtype) {
  return dispatch_dtype(dtype, [x](auto t) { return round_as<decltype(t)>(x); });
}

namespace {
// The IEEE layout of a 16-bit dtype T: sign, E exponent bits, M = digits - 1
// fraction bits, bias max_exponent - 1 (float16: 5, 10, 15; bfloat16: 8, 7,
// 127, float32's upper half).
template <class T>
struct Bits16 {
  using L = std::numeric_limits<T>;
  static constexpr int M = L::digits - 1;
  static constexpr int bias = L::max_exponent - 1;
  static constexpr int min_exp = L::min_exponent - 1;  // of the smallest normal
  static constexpr std::uint16_t exp_mask = static_cast<std::uint16_t>((1u << (15 - M)) - 1u);

  static std::uint16_t encode(double x) {
    const auto sign = static_cast<std::uint16_t>(std::signbit(x) ? 0x8000u : 0u);
    const auto inf = static_cast<std::uint16_t>(exp_mask << M);
    if (std::isnan(x)) return static_cast<std::uint16_t>(sign | inf | (1u << (M - 1)));
    if (std::isinf(x)) return static_cast<std::uint16_t>(sign | inf);
    const double a = std::fabs(x);
    if (a == 0) return sign;
    const int e = std::ilogb(a);
    if (e >= min_exp) {
      const auto fraction = static_cast<std::uint32_t>(std::ldexp(a, M - e) - std::ldexp(1.0, M));
      return static_cast<std::uint16_t>(sign | (static_cast<std::uint32_t>(e + bias) << M) | fraction);
    }
    return static_cast<std::uint16_t>(sign | static_cast<std::uint32_t>(std::ldexp(a, M - min_exp)));
  }

  static double decode(std::uint16_t bits) {
    const double sign = (bits & 0x8000u) ? -1.0 : 1.0;
    const unsigned biased = (bits >> M) & exp_mask;
    const unsigned fraction = bits & ((1u << M) - 1u);
    if (biased == exp_mask) {
      return fraction ? std::copysign(std::numeric_limits<double>::quiet_NaN(), sign)
                      : sign * std::numeric_limits<double>::infinity();
    }
    if (biased == 0) return sign * std::ldexp(static_cast<double>(fraction), min_exp - M);
    return sign * std::ldexp(static_cast<double>(fraction) + std::ldexp(1.0, M), static_cast<int>(biased) - bias - M);
  }
};

template <class F>
decltype(auto) dispatch_16(DType dtype, const char* function, F&& f) {
  switch (dtype) {
    case DType::Float16: return f(Bits16<float16_value>{});
    case DType::BFloat16: return f(Bits16<bfloat16_value>{});
    case DType::Float32:
    case DType::Float64: break;
  }
  throw std::logic_error(std::string(function) + ": " + to_string(dtype) + " is not a 16-bit dtype");
}
}  // namespace

std::uint16_t to_bits16(double x, DType dtype) {
  return dispatch_16(dtype, "to_bits16", [x](auto b) { return decltype(b)::encode(x); });
}

double from_bits16(std::uint16_t bits, DType dtype) {
  return dispatch_16(dtype, "from_bits16", [bits](auto b) { return decltype(b)::decode(bits); });
}

namespace {
// Maps the values of a dtype onto consecutive integers, monotonically, so
// that the difference of two images counts the values between them.
std::int64_t ordinal(double x, DType dtype) {
  switch (dtype) {
    case DType::Float32: {
      const float f = static_cast<float>(x);
      std::int32_t bits;
      std::memcpy(&bits, &f, sizeof bits);
      return bits < 0 ? -static_cast<std::int64_t>(bits & 0x7fffffff) : bits;
    }
    case DType::Float64: {
      std::int64_t bits;
      std::memcpy(&bits, &x, sizeof bits);
      return bits < 0 ? -(bits & 0x7fffffffffffffffLL) : bits;
    }
    case DType::Float16:
    case DType::BFloat16: {
      // |x| in units of the smallest subnormal below the smallest normal,
      // and above it 2^(p-1) values per binade: the order of the bit
      // patterns, counted from +0 (x is finite; rounded first, as the
      // float32 case's cast does).
      const DTypeTraits& t = traits(dtype);
      x = round_to_dtype(x, dtype);
      const double a = std::fabs(x);
      const std::int64_t per_binade = std::int64_t{1} << (t.mantissa_bits - 1);
      std::int64_t k;
      if (std::isinf(a)) {
        // One past the largest finite value, as infinity's bit pattern is.
        k = (std::ilogb(t.max_finite) - std::ilogb(t.min_normal) + 2) * per_binade;
      } else if (a < t.min_normal) {
        k = static_cast<std::int64_t>(a / t.min_subnormal);
      } else {
        const int e = std::ilogb(a), e_min = std::ilogb(t.min_normal);
        k = (e - e_min) * per_binade + static_cast<std::int64_t>(std::ldexp(a, t.mantissa_bits - 1 - e));
      }
      return std::signbit(x) ? -k : k;
    }
  }
  return 0;
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
