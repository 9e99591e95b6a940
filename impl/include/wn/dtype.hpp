/// @file
/// Element types the reference knows, and how a value is rounded into each.
/// Spec: DTYPE-1 (supported dtypes), DTYPE-2 (values are held exactly).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace wn {

/// A floating-point element type. Every value of every dtype here is exactly
/// representable as a `double`, which is why wn::Tensor can hold all of them in
/// one `double` buffer. bfloat16 and float16 will be added here (and in
/// round_to_dtype) without changing the tensor's storage (spec DTYPE-2).
enum class DType : std::uint8_t { Float32, Float64 };

/// Calls `f(T{})` with T the C++ type that stores `dtype` (float, double)
/// and returns what it returns: the one place a dtype becomes a type. It is
/// a switch over every DType, so a dtype added without its case does not
/// compile (-Werror=switch in wn_warnings), where a "float32, otherwise
/// float64" test would silently treat it as float64 (spec DTYPE-1).
template <class F>
decltype(auto) dispatch_dtype(DType dtype, F&& f) {
  switch (dtype) {
    case DType::Float32: return f(float{});
    case DType::Float64: return f(double{});
  }
  throw std::logic_error("dispatch_dtype: not a DType: " + std::to_string(static_cast<int>(dtype)));
}

/// The dtypes every implementation is checked in, in a stable order.
const std::vector<DType>& all_dtypes();

/// "float32" or "float64": the names LibTorch's Python API prints.
std::string to_string(DType dtype);

/// Parses a name written by to_string. Throws wn::InvalidArgument naming
/// `argument` when `name` is not a dtype.
DType parse_dtype(const std::string& name, const std::string& argument = "dtype");

/// Precision facts about a dtype, used by the accuracy analysis (spec TOL-1).
struct DTypeTraits {
  int mantissa_bits;        ///< significand bits including the hidden one (24, 53)
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

}  // namespace wn
