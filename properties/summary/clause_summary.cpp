// wn_clause_summary: the per-clause table of the last property run.
//
// Usage: wn_clause_summary REPORT_DIR [--json OUT]
// Reads every REPORT_DIR/*.json written by the property executables and
// prints, for each clause of spec/ and each implementation, whether it holds,
// fails, holds where a documented deviation applies, or has no property; and,
// for each deviation clause (DEV-*), whether it was observed. Exits 1 when any
// clause fails for any implementation, 2 when no results can be read.
// The table itself is clause_table.hpp's, shared with `wn-oracle run`.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "clause_table.hpp"

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
  wn::testing::ClauseTable table;
  int files = 0;
  try {
    files = table.add_directory(dir);
  } catch (const std::exception& e) {
    std::cerr << "wn_clause_summary: " << e.what() << "\n";
    return 2;
  }
  if (files == 0) {
    std::cerr << "wn_clause_summary: no results in " << dir << ": run the properties first\n";
    return 2;
  }
  table.print(std::cout);
  if (!json_out.empty()) std::ofstream(json_out) << table.to_json().dump(2) << "\n";
  return table.all_hold() ? 0 : 1;
}
