#include "float_text.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace wn::oracle {

std::string format_float(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a", x);  // exact: every bit of the significand, sign of zero kept
  return buf;
}

namespace {
// The text as a JSON string literal: control characters (an embedded NUL)
// escaped, so an error message shows all of it and the terminal is safe.
std::string quoted(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}
// Whether the hex float `text` (digits from `digits`) is exactly `x`:
// strtod rounds silently. With at most 64 significant bits the text is
// exact in long double (a 64-bit significand, a wider exponent range), so
// comparing the two parses decides it; more bits cannot be a double.
bool exactly_a_double(const std::string& text, std::size_t digits, double x) {
  int first = -1, last = -1, bit = 0;
  for (std::size_t i = digits; i < text.size() && text[i] != 'p' && text[i] != 'P'; ++i) {
    if (text[i] == '.') continue;
    const char c = text[i];
    const int value = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    for (int b = 3; b >= 0; --b, ++bit) {
      if ((value >> b) & 1) {
        if (first < 0) first = bit;
        last = bit;
      }
    }
  }
  if (first < 0) return true;  // zero
  if (last - first + 1 > 64) return false;
  return std::strtold(text.c_str(), nullptr) == static_cast<long double>(x);
}

}  // namespace

double parse_float(const std::string& text) {
  if (text == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (text == "inf") return std::numeric_limits<double>::infinity();
  if (text == "-inf") return -std::numeric_limits<double>::infinity();
  // Only hex floats: decimal text may round, which VEC-3 rules out.
  const std::size_t start = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  if (text.compare(start, 2, "0x") != 0 && text.compare(start, 2, "0X") != 0) {
    throw std::invalid_argument(quoted(text) + " is not a hex float (like \"0x1.8p+1\"), \"nan\", \"inf\" or \"-inf\"");
  }
  errno = 0;
  char* end = nullptr;
  const double x = std::strtod(text.c_str(), &end);
  // The whole string must be consumed: c_str() stops at an embedded NUL, so
  // compare against the string's own length, not the terminator.
  if (end != text.c_str() + text.size()) throw std::invalid_argument(quoted(text) + " is not a complete hex float");
  if (errno == ERANGE && std::isinf(x)) throw std::invalid_argument(quoted(text) + " overflows a double");
  // Underflow is refused like overflow: a value rounded to zero (or inexactly
  // to a subnormal) is not the value written, which VEC-3 promises.
  if (errno == ERANGE) throw std::invalid_argument(quoted(text) + " underflows a double (not exactly representable)");
  if (!exactly_a_double(text, start + 2, x)) {
    throw std::invalid_argument(quoted(text) + " has more precision than a double holds (VEC-3: values are exact)");
  }
  return x;
}

}  // namespace wn::oracle
