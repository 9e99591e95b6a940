/// @file
/// Element types the reference knows, and how a value is rounded into each.
/// Spec: DTYPE-1 (supported dtypes), DTYPE-2 (values are held exactly).
#pragma once

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace wn {

/// A floating-point element type. Every value of every dtype here is exactly
/// representable as a `double`, which is why wn::Tensor can hand every one
/// out as a `double` while storing each natively (spec DTYPE-2). float16 is IEEE binary16 (11
/// significant bits, largest finite 65504); bfloat16 is float32's exponent
/// range with 8 significant bits (spec DTYPE-4).
enum class DType : std::uint8_t { Float32, Float64, Float16, BFloat16 };

/// The C++ tag type dispatch_dtype hands over for a 16-bit dtype: it holds a
/// value of the dtype as a double. Converting a double or long double to it
/// rounds once, to nearest with ties to even, overflowing to infinity as IEEE
/// 754 does (round_to_dtype); converting it to double is exact.
/// std::numeric_limits is specialised for it, so code written for float and
/// double (digits, max, min, denorm_min, max_digits10) works unchanged.
template <DType D>
struct Narrow16 {
  double value = 0.0;  ///< the value, exactly
  Narrow16() = default;  ///< +0
  explicit Narrow16(double x);       ///< `x` rounded once to the dtype (round_to_dtype)
  explicit Narrow16(long double x);  ///< `x` rounded once to the dtype (round_to_dtype)
  explicit operator double() const { return value; }  ///< the value, exactly
  /// `x`, already a value of the dtype, without rounding (the limits below).
  static constexpr Narrow16 exact(double x) {
    Narrow16 n;
    n.value = x;
    return n;
  }
};
using float16_value = Narrow16<DType::Float16>;    ///< float16, spec DTYPE-4
using bfloat16_value = Narrow16<DType::BFloat16>;  ///< bfloat16, spec DTYPE-4

/// Calls `f(T{})` with T the C++ type that stores `dtype` (float, double,
/// float16_value, bfloat16_value) and returns what it returns: the one place
/// a dtype becomes a type. It is a switch over every DType, so a dtype added
/// without its case does not compile (-Werror=switch in wn_warnings), where a
/// "float32, otherwise float64" test would silently treat it as float64
/// (spec DTYPE-1).
template <class F>
decltype(auto) dispatch_dtype(DType dtype, F&& f) {
  switch (dtype) {
    case DType::Float32: return f(float{});
    case DType::Float64: return f(double{});
    case DType::Float16: return f(float16_value{});
    case DType::BFloat16: return f(bfloat16_value{});
  }
  throw std::logic_error("dispatch_dtype: not a DType: " + std::to_string(static_cast<int>(dtype)));
}

/// Every dtype the oracle knows, in a stable order: float32, float64,
/// float16, bfloat16.
const std::vector<DType>& all_dtypes();

/// float32 and float64: the dtypes the general property generators draw
/// from and an implementation declares by default (wn::Capabilities). The
/// 16-bit dtypes are checked by their own family (spec DTYPE-4), whose
/// value ranges are made for them; the general generators' ranges (down to
/// 1e-30, up to the sum-of-squares overflow of float32) are not.
const std::vector<DType>& full_precision_dtypes();

/// float16 and bfloat16 (spec DTYPE-4).
const std::vector<DType>& reduced_precision_dtypes();

/// The dtype PyTorch's type promotion gives two floating dtypes
/// (torch.promote_types): the wider of the two when one holds every value of
/// the other, float32 for float16 with bfloat16 (spec DEV-4).
DType promote_types(DType a, DType b);

/// "float32", "float64", "float16" or "bfloat16": the names LibTorch's
/// Python API prints (torch.float16 and so on).
std::string to_string(DType dtype);

/// Parses a name written by to_string. Throws wn::InvalidArgument naming
/// `argument` when `name` is not a dtype.
DType parse_dtype(const std::string& name, const std::string& argument = "dtype");

/// Precision facts about a dtype, used by the accuracy analysis (spec TOL-1).
struct DTypeTraits {
  int mantissa_bits;        ///< significand bits including the hidden one (24, 53, 11, 8)
  double unit_roundoff;     ///< u = 2^-mantissa_bits
  double max_finite;        ///< largest finite value
  double min_normal;        ///< smallest positive normal value
  double min_subnormal;     ///< smallest positive subnormal value
};

/// Precision facts of `dtype`.
const DTypeTraits& traits(DType dtype);

/// Rounds `x` to the nearest value of `dtype` (ties to even), overflowing to
/// infinity as IEEE 754 does. The identity for Float64.
double round_to_dtype(double x, DType dtype);

/// Rounds a value computed in extended precision to `dtype` in one step, so
/// that no double rounding through `double` happens for Float64 results.
double round_to_dtype(long double x, DType dtype);

/// The distance from `a` to `b` counted in representable values of `dtype`
/// (units in the last place). 0 for equal values, including two NaNs and
/// +0/-0; infinite when exactly one is NaN or the signs of infinities differ.
double ulp_distance(double a, double b, DType dtype);

/// The 16 bits that store `x` in float16 or bfloat16 (IEEE 754 binary16;
/// bfloat16 is float32's upper half). `x` must already be a value of
/// `dtype` (round_to_dtype); a NaN becomes a quiet NaN of the same sign.
/// Throws std::logic_error for a dtype that is not 16 bits wide. This is how
/// wn::Tensor stores them (spec DTYPE-2).
std::uint16_t to_bits16(double x, DType dtype);

/// The value that 16 bits of float16 or bfloat16 store, exactly; the
/// inverse of to_bits16 (NaN payloads aside).
double from_bits16(std::uint16_t bits, DType dtype);

template <DType D>
Narrow16<D>::Narrow16(double x) : value(round_to_dtype(x, D)) {}
template <DType D>
Narrow16<D>::Narrow16(long double x) : value(round_to_dtype(x, D)) {}

}  // namespace wn

// The limits of float16 (IEEE binary16) and bfloat16, as <limits> gives
// them for float and double (spec DTYPE-4). Left out of the API pages: it
// is <limits>'s interface.
/// \cond
namespace std {
template <wn::DType D>
class numeric_limits<wn::Narrow16<D>> {
  static constexpr bool half = D == wn::DType::Float16;
  using T = wn::Narrow16<D>;

 public:
  static constexpr bool is_specialized = true;
  static constexpr bool is_signed = true;
  static constexpr bool is_integer = false;
  static constexpr bool is_exact = false;
  static constexpr bool is_iec559 = half;
  static constexpr bool has_infinity = true;
  static constexpr bool has_quiet_NaN = true;
  static constexpr bool has_signaling_NaN = true;
  static constexpr std::float_denorm_style has_denorm = std::denorm_present;
  static constexpr std::float_round_style round_style = std::round_to_nearest;
  static constexpr int radix = 2;
  static constexpr int digits = half ? 11 : 8;
  static constexpr int digits10 = half ? 3 : 2;
  static constexpr int max_digits10 = half ? 5 : 4;
  static constexpr int min_exponent = half ? -13 : -125;
  static constexpr int max_exponent = half ? 16 : 128;
  static constexpr T min() { return T::exact(half ? 0x1p-14 : 0x1p-126); }
  static constexpr T max() { return T::exact(half ? 65504.0 : 0x1.FEp127); }
  static constexpr T lowest() { return T::exact(half ? -65504.0 : -0x1.FEp127); }
  static constexpr T epsilon() { return T::exact(half ? 0x1p-10 : 0x1p-7); }
  static constexpr T round_error() { return T::exact(0.5); }
  static constexpr T denorm_min() { return T::exact(half ? 0x1p-24 : 0x1p-133); }
  static constexpr T infinity() { return T::exact(std::numeric_limits<double>::infinity()); }
  static constexpr T quiet_NaN() { return T::exact(std::numeric_limits<double>::quiet_NaN()); }
  static constexpr T signaling_NaN() { return T::exact(std::numeric_limits<double>::signaling_NaN()); }
};
}  // namespace std
/// \endcond
