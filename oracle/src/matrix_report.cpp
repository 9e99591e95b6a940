// Rendering a cross-version matrix (the JSON of `wn-oracle matrix`) as three
// tables: per clause, per deviation, per operation. Printed from the JSON
// alone, so that `wn-oracle matrix-report` shows a saved run exactly as the
// run itself did.
#include <algorithm>
#include <iomanip>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "matrix_command.hpp"

namespace wn::oracle {
namespace {
using nlohmann::json;

// A cell without its counts: "holds (12p/3400c)" -> "holds". The counts are
// in the JSON; the table is for reading across versions.
std::string short_status(const std::string& s) { return s.substr(0, s.find(" (")); }

constexpr int kClauseWidth = 9;
}  // namespace

int render_matrix(const json& matrix, std::ostream& os) {
  std::vector<std::string> names;
  os << "Cross-version matrix, " << matrix.value("date", "?") << "\n";
  for (const auto& v : matrix.at("versions")) {
    names.push_back(v.at("name"));
    os << "  " << std::left << std::setw(10) << names.back() << " " << v.value("libtorch", "?");
    const json packages = v.value("packages", json::object());  // items() must not outlive it
    for (const auto& [pkg, version] : packages.items()) {
      os << "; " << pkg << " " << version.get<std::string>();
    }
    os << "\n";
  }
  int width = 24;
  for (const auto& row : matrix.at("clauses")) {
    for (const auto& n : names) width = std::max<int>(width, short_status(row["status"].value(n, "-")).size() + 2);
  }

  bool any_failure = false;
  int differing = 0;
  os << "\nPer clause (* where the versions differ)\n" << std::left << std::setw(kClauseWidth + 2) << "clause";
  for (const auto& n : names) os << std::setw(width) << n;
  os << "title\n";
  for (const auto& row : matrix.at("clauses")) {
    std::set<std::string> seen;
    for (const auto& n : names) seen.insert(short_status(row["status"].value(n, "not run")));
    const bool differs = seen.size() > 1;
    differing += differs;
    os << (differs ? "* " : "  ") << std::setw(kClauseWidth) << row.value("clause", "?");
    for (const auto& n : names) {
      const std::string s = short_status(row["status"].value(n, "not run"));
      any_failure = any_failure || s.rfind("FAILS", 0) == 0;
      os << std::setw(width) << s;
    }
    os << row.value("title", "") << "\n";
  }
  os << differing << " clause(s) differ across versions\n";

  os << "\nPer deviation (present, absent, changed, not run)\n" << std::setw(kClauseWidth + 2) << "clause";
  for (const auto& n : names) os << std::setw(12) << n;
  os << "title\n";
  for (const auto& d : matrix.value("deviations", json::array())) {
    os << "  " << std::setw(kClauseWidth) << d.value("clause", "?");
    for (const auto& n : names) os << std::setw(12) << d["verdict"].value(n, "not run");
    os << d.value("title", "") << "\n";
  }

  os << "\nPer operation: the largest difference replaying one version's vectors with another's build\n"
     << std::setw(26) << "operation" << std::setw(8) << "cases" << std::setw(8) << "failed" << std::setw(12) << "max ulp"
     << std::setw(14) << "max rel" << "where\n";
  for (const auto& op : matrix.value("operations", json::array())) {
    any_failure = any_failure || op.value("failed", 0) > 0;
    std::string where = "-";
    if (op.contains("where")) {
      where = op["where"].value("vectors", "?") + "'s vectors on " + op["where"].value("build", "?") + ", " +
              op["where"].value("case", "?");
    }
    os << std::setw(26) << op.value("operation", "?") << std::setw(8) << op.value("cases", 0) << std::setw(8)
       << op.value("failed", 0) << std::setw(12) << op.value("max_ulps", 0.0) << std::setw(14) << op.value("max_rel", 0.0)
       << where << "\n";
  }
  for (const auto& c : matrix.value("checks", json::array())) {
    if (c.contains("missing")) {
      os << "(not checked: " << c.value("vectors", "?") << "'s vectors on " << c.value("build", "?") << ", no "
         << c.value("missing", "?") << ")\n";
      any_failure = true;
    } else if (!c.value("complete", false)) {
      os << "(incomplete: " << c.value("vectors", "?") << "'s vectors on " << c.value("build", "?") << ")\n";
      any_failure = true;
    }
  }
  os << (any_failure ? "\nSome clause or replayed case FAILS, or a replay is missing: see above.\n"
                     : "\nEvery clause holds under every version, and every version's vectors check clean on every build.\n");
  return any_failure ? 1 : 0;
}

std::string matrix_page(const json& matrix) {
  std::ostringstream table;
  render_matrix(matrix, table);
  return "# Across LibTorch versions {#matrix}\n\n"
         "The last run of `bash scripts/matrix.sh` (README: *Across LibTorch versions*), rendered by\n"
         "`wn-oracle matrix-report build/matrix/matrix.json --page docs/pages/matrix.md`: per clause the\n"
         "status under each LibTorch, per deviation (spec/12-deviations.md) whether it is present, absent\n"
         "or changed, per operation the largest difference when one version's golden vectors are\n"
         "replayed by another version's build. The first version is the baseline.\n\n"
         "```\n" +
         table.str() + "```\n";
}

}  // namespace wn::oracle
