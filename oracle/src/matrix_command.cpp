// Assembling the cross-version matrix: the per-clause tables of each
// version's property run, its deviations, and the replays of every version's
// vectors by every other build (spec/16-vector-format.md).
#include "matrix_command.hpp"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "clause_table.hpp"
#include "report_file.hpp"

namespace wn::oracle {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

struct Version {
  std::string name;
  fs::path dir;
};

Version parse_version(const std::string& arg) {
  const auto eq = arg.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == arg.size()) {
    throw std::runtime_error("argument '--version' is \"" + arg + "\"; expected NAME=DIR (e.g. sid=build/matrix/sid)");
  }
  return {arg.substr(0, eq), arg.substr(eq + 1)};
}

json read_json(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  try {
    json j;
    in >> j;
    return j;
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot read " + path.string() + ": " + e.what());
  }
}

// packages.txt: dpkg-query -W lines, "name<TAB>version".
json read_packages(const fs::path& path) {
  json packages = json::object();
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const auto tab = line.find('\t');
    if (tab != std::string::npos && tab + 1 < line.size()) packages[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return packages;
}

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return text;
}

// A deviation under one version, from its cell of the per-clause table:
// present (observed, in as many cases as under the first version, and no
// property citing it fails), changed (observed, but in a different number of
// cases, or a property citing it fails: LibTorch's answer moved), absent
// (declared and checked, never observed), not run.
// One version's cell for a clause: LibTorch's status; where no LibTorch
// property checks the clause (a Python check of PyTorch's own behaviour:
// ERR-5, DEC-4, the source claims), the Python checks' status, marked so.
std::string version_status(const json& status) {
  const std::string libtorch = status.value("libtorch", "not run");
  const auto unchecked = [](const std::string& s) { return s == "-" || s == "NO PROPERTY" || s == "not run"; };
  const std::string python = status.value("pytorch", "-");
  if (unchecked(libtorch) && !unchecked(python)) return python + " (Python)";
  return libtorch;
}

std::string deviation_verdict(const std::string& cell, const std::string& baseline, bool cited_failure) {
  if (cell.rfind("observed", 0) == 0) return cited_failure || (!baseline.empty() && cell != baseline) ? "changed" : "present";
  if (cell.rfind("declared, NOT observed", 0) == 0) return "absent";
  return "not run";
}
}  // namespace

json build_matrix(const std::vector<std::string>& args) {
  std::vector<Version> versions;
  for (const auto& a : args) versions.push_back(parse_version(a));
  if (versions.empty()) throw std::runtime_error("argument '--version' is missing; expected NAME=DIR, once per LibTorch");

  json matrix{{"date", utc_now()}, {"versions", json::array()}};
  std::map<std::string, json> tables;                             // name -> ClauseTable::to_json()
  std::map<std::string, std::set<std::string>> failing_clauses;  // name -> clauses of failed properties
  for (const auto& v : versions) {
    wn::testing::ClauseTable table;
    const fs::path reports = v.dir / "reports";
    std::error_code ec;
    int read = 0;
    if (fs::is_directory(reports, ec)) {
      // `wn-oracle run --report-dir` writes one subdirectory per family.
      read += table.add_directory(reports);
      for (const auto& entry : fs::directory_iterator(reports)) {
        if (entry.is_directory()) read += table.add_directory(entry.path());
      }
    }
    // The Python, module and upstream checks of matrix.sh's Python step.
    if (const fs::path checks = v.dir / "reports-checks"; fs::is_directory(checks, ec)) read += table.add_directory(checks);
    if (read == 0) {
      throw std::runtime_error("argument '--version' is \"" + v.name + "=" + v.dir.string() + "\"; expected " +
                               reports.string() + " to hold the property reports of that version's run");
    }
    tables[v.name] = table.to_json();
    for (const auto& f : table.failures()) {
      std::istringstream ids(f.clauses);
      for (std::string id; ids >> id;) failing_clauses[v.name].insert(id);
    }
    matrix["versions"].push_back({{"name", v.name},
                                  {"libtorch", tables[v.name]["versions"].value("libtorch", "?")},
                                  {"packages", read_packages(v.dir / "packages.txt")}});
  }

  // Per clause: the status under each version (the libtorch column of its
  // table, or the Python checks' where only they check it: version_status).
  json clauses = json::array(), deviations = json::array();
  const json& first_rows = tables[versions.front().name]["clauses"];
  for (std::size_t i = 0; i < first_rows.size(); ++i) {
    const std::string id = first_rows[i]["clause"];
    json row{{"clause", id}, {"title", first_rows[i]["title"]}, {"status", json::object()}};
    for (const auto& v : versions) {
      for (const auto& r : tables[v.name]["clauses"]) {
        if (r["clause"] == id) row["status"][v.name] = version_status(r["status"]);
      }
    }
    if (id.rfind("DEV-", 0) == 0) {
      json dev{{"clause", id}, {"title", row["title"]}, {"verdict", json::object()}, {"detail", row["status"]}};
      const std::string baseline = row["status"].value(versions.front().name, "");
      for (const auto& v : versions) {
        dev["verdict"][v.name] =
            deviation_verdict(row["status"].value(v.name, ""), baseline, failing_clauses[v.name].count(id) > 0);
      }
      deviations.push_back(dev);
    }
    clauses.push_back(row);
  }
  matrix["clauses"] = clauses;
  matrix["deviations"] = deviations;

  // Per operation: the largest difference over the replays of one version's
  // vectors by another build (a build replaying its own vectors shows only
  // that it repeats itself; those pairs are counted apart).
  json checks = json::array();
  std::map<std::string, json> operations;
  for (const auto& build : versions) {
    for (const auto& vec : versions) {
      const fs::path path = build.dir / ("check-" + vec.name + ".json");
      std::error_code ec;
      if (!fs::exists(path, ec)) {
        checks.push_back({{"build", build.name}, {"vectors", vec.name}, {"missing", path.string()}});
        continue;
      }
      const json report = read_json(path);
      checks.push_back({{"build", build.name}, {"vectors", vec.name}, {"totals", report.value("totals", json::object())},
                        {"complete", report.value("complete", false)}});
      for (const auto& file : report.value("files", json::array())) {
        for (const auto& c : file.value("cases", json::array())) {
          json& op = operations[c.value("operation", "?")];
          if (op.is_null()) op = {{"cases", 0}, {"failed", 0}, {"max_ulps", 0.0}, {"max_rel", 0.0}, {"self_max_ulps", 0.0}};
          const bool cross = build.name != vec.name;
          const double ulps = c.value("max_ulps", 0.0), rel = c.value("max_rel", 0.0);
          if (c.value("status", "") == "failed") op["failed"] = op["failed"].get<int>() + 1;
          if (!cross) {
            op["self_max_ulps"] = std::max(op["self_max_ulps"].get<double>(), ulps);
            continue;
          }
          op["cases"] = op["cases"].get<int>() + 1;
          if (!op.contains("where") || ulps > op["max_ulps"].get<double>()) {
            op["max_ulps"] = ulps;
            op["where"] = {{"build", build.name}, {"vectors", vec.name}, {"case", c.value("id", "")}};
          }
          op["max_rel"] = std::max(op["max_rel"].get<double>(), rel);
        }
      }
    }
  }
  json ops = json::array();
  for (auto& [name, op] : operations) {
    op["operation"] = name;
    ops.push_back(op);
  }
  matrix["checks"] = checks;
  matrix["operations"] = ops;
  return matrix;
}

int run_matrix(const MatrixOptions& options) {
  const json matrix = build_matrix(options.versions);
  if (!options.json_out.empty()) write_report_file(options.json_out, matrix.dump(2) + "\n");
  return render_matrix(matrix, std::cout);
}

int run_matrix_report(const std::string& path, const std::string& page) {
  json matrix;
  try {
    matrix = read_json(path);
    if (!matrix.contains("versions") || !matrix.contains("clauses")) throw std::runtime_error("no \"versions\" or \"clauses\"");
  } catch (const std::exception& e) {
    throw std::runtime_error("argument 'file' is \"" + path + "\"; expected a matrix JSON written by wn-oracle matrix (" +
                             e.what() + ")");
  }
  if (!page.empty()) write_report_file(page, matrix_page(matrix));
  return render_matrix(matrix, std::cout);
}

}  // namespace wn::oracle
