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
  return x;
}

}  // namespace wn::oracle
