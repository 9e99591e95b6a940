/// @file
/// Floats as text that reads back bit for bit (spec VEC-3): C99/IEEE 754
/// hexadecimal significands ("0x1.8p+1"), "-0x0p+0" for negative zero, and
/// "nan", "inf", "-inf". Python's float.hex() and float.fromhex() speak it.
#pragma once

#include <string>

namespace wn::oracle {

/// x as hex-float text (spec VEC-3). NaN is written "nan" whatever its sign
/// and payload.
std::string format_float(double x);

/// Parses text written by format_float (or Python's float.hex()). Throws
/// std::invalid_argument saying what was wrong with `text`.
double parse_float(const std::string& text);

}  // namespace wn::oracle
