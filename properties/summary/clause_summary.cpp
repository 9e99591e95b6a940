// wn_clause_summary: the per-clause table of the last property run.
//
// Usage: wn_clause_summary REPORT_DIR [--json OUT]
// Reads every REPORT_DIR/*.json written by the property executables and
// prints, for each clause of spec/ and each implementation, whether it holds,
// fails, holds where a documented deviation applies, or has no property; and,
// for each deviation clause (DEV-*), whether it was observed. Exits 1 when any
// clause fails for any implementation, 2 when no results can be read.
// The table itself is clause_table.hpp's, shared with `wn-oracle run`.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "clause_table.hpp"

int main(int argc, char** argv) {
  CLI::App app{"wn_clause_summary: the per-clause table of the property reports in REPORT_DIR"};
  app.footer("Exit status: 0 every clause holds (or holds except where a documented deviation applies); "
             "1 a clause fails; 2 bad usage or no readable results.");
  std::string dir_arg, json_out;
  app.add_option("REPORT_DIR", dir_arg, "Directory of the property executables' JSON reports")->required();
  app.add_option("--json", json_out, "Also write the table as JSON");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  const std::filesystem::path dir = dir_arg;
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
