/// @file
/// The per-clause table of a property run: for each clause of spec/ and each
/// implementation, whether it holds, fails, holds except where a documented
/// deviation applies, was not run (implementation not selected), is not
/// applicable (no case within the implementation's capabilities), or has no
/// property; for each deviation clause (DEV-*), whether it was observed,
/// declared and not observed, or not run. Built from the JSON records the property
/// executables write (clause_ledger.hpp); shared by wn_clause_summary and
/// `wn-oracle run`.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wn::testing {

class ClauseTable {
 public:
  /// Adds the records of one report ({"executable": ..., "results": [...]}).
  /// Throws nlohmann::json exceptions for a malformed report.
  void add_report(const nlohmann::json& report);
  /// Adds every *.json report in `dir`; returns how many were read. Throws
  /// std::runtime_error naming the file that cannot be read.
  int add_directory(const std::filesystem::path& dir);

  /// The table, the versions and the failed properties with re-run commands.
  void print(std::ostream& os) const;
  /// {"versions": {...}, "clauses": [{"clause", "title", "file", "status": {impl: text}}]}
  nlohmann::json to_json() const;
  /// For a run of some families only: a clause none of whose properties ran
  /// is "not run" there, not "NO PROPERTY" (which says the spec has a gap).
  void set_partial_run(bool partial) { partial_ = partial; }
  /// No property failed for any implementation.
  bool all_hold() const { return failures_.empty(); }

  struct Failure {
    std::string clauses, implementation, test, rerun, message;
  };
  const std::vector<Failure>& failures() const { return failures_; }

 private:
  struct Cell {
    int passed = 0, failed = 0, not_applicable = 0, not_run = 0;
    long long cases = 0, unsupported = 0;
    std::set<std::string> deviations;  // met by the properties of this clause
  };
  std::string status(const std::string& clause, const std::string& impl) const;

  std::map<std::pair<std::string, std::string>, Cell> cells_;          // (clause, implementation)
  std::map<std::pair<std::string, std::string>, long long> observed_;  // (DEV id, implementation) -> cases
  std::map<std::pair<std::string, std::string>, long long> spec_in_;   // ... behaved as the spec, in its domain
  std::map<std::pair<std::string, std::string>, long long> refused_;   // ... refused by the adapter
  std::map<std::string, std::set<std::string>> declared_;              // implementation -> DEV ids
  std::map<std::string, std::string> versions_;
  std::vector<Failure> failures_;
  bool partial_ = false;
};

}  // namespace wn::testing
