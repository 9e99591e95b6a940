// wn_clause_summary: the per-clause table of the last property run.
//
// Usage: wn_clause_summary REPORT_DIR [--json OUT]
// Reads every REPORT_DIR/*.json written by the property executables and
// prints, for each clause of spec/ and each implementation, whether it holds,
// fails, holds where a documented deviation applies, or has no property; and,
// for each deviation clause (DEV-*), whether it was observed. Exits 1 when any
// clause fails for any implementation, 2 when no results can be read.
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "clause_ledger.hpp"

namespace {

struct Cell {
  int passed = 0, failed = 0, skipped = 0;
  long long cases = 0;
  std::set<std::string> deviations;  // met by the properties of this clause
};

struct Failure {
  std::string clauses, implementation, test, rerun;
};

bool is_deviation(const std::string& id) { return id.rfind("DEV-", 0) == 0; }

std::string status_of(const Cell* cell) {
  if (cell == nullptr) return "no property";
  if (cell->failed > 0) return "FAILS (" + std::to_string(cell->failed) + " of " +
                               std::to_string(cell->failed + cell->passed) + " properties)";
  if (cell->passed == 0) return "skipped";
  std::string s = "holds";
  if (!cell->deviations.empty()) {
    s += " except";
    for (const auto& id : cell->deviations) s += " " + id;
  }
  return s + " (" + std::to_string(cell->passed) + "p/" + std::to_string(cell->cases) + "c)";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: wn_clause_summary REPORT_DIR [--json OUT]\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::string json_out;
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--json") json_out = argv[i + 1];
  }
  if (!std::filesystem::is_directory(dir)) {
    std::cerr << "wn_clause_summary: report directory " << dir << " does not exist: run the properties first\n";
    return 2;
  }

  std::map<std::pair<std::string, std::string>, Cell> cells;  // (clause, implementation)
  std::map<std::pair<std::string, std::string>, long long> observed;  // (DEV id, implementation) -> cases
  std::map<std::string, std::set<std::string>> declared;             // implementation -> DEV ids
  std::map<std::string, std::string> versions;
  std::vector<Failure> failures;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    nlohmann::json doc;
    try {
      std::ifstream(entry.path()) >> doc;
      for (const auto& r : doc.at("results")) {
        const std::string impl = r.at("implementation");
        versions[impl] = r.at("version");
        for (const std::string d : r.at("declared_deviations")) declared[impl].insert(d);
        std::string clause_list;
        for (const std::string clause : r.at("clauses")) {
          clause_list += (clause_list.empty() ? "" : " ") + clause;
          Cell& cell = cells[{clause, impl}];
          const std::string status = r.at("status");
          cell.passed += status == "passed";
          cell.failed += status == "failed";
          cell.skipped += status == "skipped";
          cell.cases += r.at("cases").get<long long>();
          for (const auto& [tag, n] : r.at("deviations").items()) {
            if (is_deviation(tag) && !is_deviation(clause)) cell.deviations.insert(tag);
          }
        }
        for (const auto& [tag, n] : r.at("deviations").items()) {
          if (is_deviation(tag)) observed[{tag, impl}] += n.get<long long>();
        }
        if (r.at("status") == "failed") failures.push_back({clause_list, impl, r.at("test"), r.at("rerun")});
      }
    } catch (const std::exception& e) {
      std::cerr << "wn_clause_summary: cannot read " << entry.path() << ": " << e.what() << "\n";
      return 2;
    }
    ++files;
  }
  if (files == 0) {
    std::cerr << "wn_clause_summary: no results in " << dir << ": run the properties first\n";
    return 2;
  }

  std::cout << "\nPer-clause summary (p = properties, c = cases)\n";
  for (const auto& [impl, version] : versions) std::cout << "  " << impl << ": " << version << "\n";
  std::cout << "\n" << std::left << std::setw(9) << "clause";
  for (const auto& [impl, version] : versions) std::cout << std::setw(44) << impl;
  std::cout << "title\n";
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& clause : wn::testing::spec_clauses()) {
    std::cout << std::setw(9) << clause.id;
    nlohmann::json row{{"clause", clause.id}, {"title", clause.title}, {"file", clause.file}};
    for (const auto& [impl, version] : versions) {
      std::string s;
      if (is_deviation(clause.id)) {
        const auto it = observed.find({clause.id, impl});
        const bool is_declared = declared[impl].count(clause.id) > 0;
        if (it != observed.end()) {
          s = "observed (" + std::to_string(it->second) + "c)";
        } else {
          s = is_declared ? "declared, NOT observed" : "-";
        }
      } else {
        const auto it = cells.find({clause.id, impl});
        s = status_of(it == cells.end() ? nullptr : &it->second);
      }
      std::cout << std::setw(44) << s;
      row["status"][impl] = s;
    }
    std::cout << clause.title << "\n";
    rows.push_back(row);
  }
  for (const auto& f : failures) {
    std::cout << "\nFAILED " << f.test << " [" << f.clauses << "] for " << f.implementation << "\n  re-run: " << f.rerun
              << "\n";
  }
  if (!json_out.empty()) {
    std::ofstream(json_out) << nlohmann::json{{"versions", versions}, {"clauses", rows}}.dump(2) << "\n";
  }
  std::cout << (failures.empty() ? "\nEvery clause holds, or holds except where a documented deviation applies.\n"
                                 : "\nSome clauses FAIL: see above.\n");
  return failures.empty() ? 0 : 1;
}
