#include "junit.hpp"

#include <sstream>

namespace wn::oracle {
namespace {
std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        // XML 1.0 allows no control characters but tab, newline and return.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}
}  // namespace

std::string junit_xml(const std::vector<FamilyRun>& runs) {
  std::ostringstream os;
  os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"weightnorm-oracle properties\">\n";
  for (const auto& run : runs) {
    int failures = 0, skipped = 0;
    for (const auto& r : run.records) {
      failures += r.at("status") == "failed";
      skipped += r.at("status") == "skipped";
    }
    os << "  <testsuite name=\"" << escape(run.family.name) << "\" tests=\"" << run.records.size() + (run.crashed ? 1 : 0)
       << "\" failures=\"" << failures << "\" errors=\"" << (run.crashed ? 1 : 0) << "\" skipped=\"" << skipped << "\">\n";
    for (const auto& r : run.records) {
      std::string clauses;
      // Appended piecewise: a literal plus a temporary string draws GCC 12's
      // false -Wrestrict as C++20 (GCC bug 105329).
      for (const auto& c : r.at("clauses")) {
        if (!clauses.empty()) clauses += ' ';
        clauses += c.get<std::string>();
      }
      os << "    <testcase classname=\"" << escape(run.family.name) << "\" name=\"" << escape(r.at("test").get<std::string>())
         << "\">\n      <properties><property name=\"clauses\" value=\"" << escape(clauses)
         << "\"/><property name=\"cases\" value=\"" << r.at("cases").get<long long>() << "\"/></properties>\n";
      if (r.at("status") == "failed") {
        os << "      <failure message=\"clauses " << escape(clauses) << " fail\">" << escape(r.value("message", ""))
           << "\nre-run: " << escape(r.value("rerun", "")) << "</failure>\n";
      } else if (r.at("status") == "skipped") {
        os << "      <skipped message=\"" << escape(r.value("message", "")) << "\"/>\n";
      }
      os << "    </testcase>\n";
    }
    if (run.crashed) {
      os << "    <testcase classname=\"" << escape(run.family.name) << "\" name=\"executable\">\n      <error message=\"exit "
         << run.exit_code << "\">" << escape(run.family.executable) << " crashed or wrote no report; output in "
         << escape(run.log_path) << "</error>\n    </testcase>\n";
    }
    os << "  </testsuite>\n";
  }
  os << "</testsuites>\n";
  return os.str();
}

}  // namespace wn::oracle
