// wn-oracle: the regression oracle's command line.
//   run       the property suite against an implementation, clause by clause
//   record    golden vectors from an implementation
//   check     replay vector files against an implementation
//   compare   a vector file against the outputs an implementation produced (VEC-9)
//   version   LibTorch, build, compiler, vector format
//   mutants   the mutant catalog: the suite must catch every mutant
//   merge     the report directories of several shards into one per-clause table
//   matrix    the cross-version table of several LibTorch runs (scripts/matrix.sh); matrix-report renders it again
#include <CLI/CLI.hpp>
#include <iostream>

#include "compare_command.hpp"
#include "matrix_command.hpp"
#include "merge_command.hpp"
#include "mutants_command.hpp"
#include "run_command.hpp"
#include "vector_commands.hpp"
#include "version_command.hpp"
#include "wn/adapters/implementation.hpp"
#include "wn/adapters/registration.hpp"

int main(int argc, char** argv) {
  // This executable's implementations (this tree's, or a user's suite's);
  // the default under test is the last default one ("libtorch" in this tree).
  wn_register_implementations();
  const std::string default_impl = wn::default_implementations().back();
  CLI::App app{"wn-oracle: weight normalization regression oracle (spec/, properties/, golden vectors)"};
  app.require_subcommand(1);

  auto* version = app.add_subcommand("version", "LibTorch version, build type, compiler, vector format version");

  wn::oracle::RunOptions run;
  run.implementation = default_impl;
  auto* run_cmd = app.add_subcommand("run", "Run the property suite against an implementation; per-clause table");
  run_cmd->add_option("--implementation", run.implementation, "a registered name (default: " + default_impl + "): reference, libtorch, mutant:<name>, a suite's kernel");
  run_cmd->add_option("--family", run.families, "Only this property family (repeatable)");
  run_cmd->add_option("--report-dir", run.report_dir, "Keep the raw JSON reports here");
  run_cmd->add_option("--json", run.json_out, "Write the per-clause table as JSON");
  run_cmd->add_option("--junit", run.junit_out, "Write a JUnit XML report");

  wn::oracle::RecordOptions record;
  record.implementation = default_impl;
  auto* record_cmd = app.add_subcommand("record", "Write golden vectors of every operation from an implementation");
  record_cmd->add_option("--implementation", record.implementation, "a registered name (default: " + default_impl + "): reference, libtorch, mutant:<name>, a suite's kernel");
  record_cmd->add_option("--seed", record.seed, "Seed of the case set (default 1)");
  record_cmd->add_option("--out", record.out, "Output file (default vectors.json)");

  wn::oracle::CheckOptions check;
  check.implementation = default_impl;
  auto* check_cmd = app.add_subcommand("check", "Replay vector files against an implementation");
  check_cmd->add_option("files", check.files, "Vector files")->required();
  check_cmd->add_option("--implementation", check.implementation, "a registered name (default: " + default_impl + "): reference, libtorch, mutant:<name>, a suite's kernel");
  check_cmd->add_option("--json", check.json_out, "Write a JSON report of every case");
  check_cmd->add_flag("--verbose", check.verbose, "A line for every case, not only failures");

  wn::oracle::CompareOptions compare;
  auto* compare_cmd = app.add_subcommand(
      "compare", "Compare a vector file with the outputs an implementation produced for it (an actual-outputs file, "
                 "spec VEC-9), by check's rule and report");
  compare_cmd->add_option("expected", compare.expected, "Vector file (the recording)")->required();
  compare_cmd->add_option("actual", compare.actual, "Actual-outputs file (what the implementation returned)")->required();
  compare_cmd->add_option("--json", compare.json_out, "Write a JSON report of every case");
  compare_cmd->add_flag("--verbose", compare.verbose, "A line for every case, not only failures");

  wn::oracle::MutantsOptions mutants;
  auto* mutants_cmd = app.add_subcommand("mutants", "Run the suite against every mutant; each must be caught");
  mutants_cmd->add_option("--group", mutants.group, "all, forward or gradients")
      ->check(CLI::IsMember({"all", "forward", "gradients"}));
  mutants_cmd->add_option("--mutant", mutants.names, "Only this mutant (repeatable); harness:<name> runs one of the oracle's own test implementations");
  mutants_cmd->add_option("--report-dir", mutants.report_dir, "Keep the runs' reports here");
  mutants_cmd->add_option("--json", mutants.json_out, "Write the catalog's results as JSON");
  bool no_control = false;
  mutants_cmd->add_flag("--no-control", no_control, "Skip the control run of the reference");

  wn::oracle::MergeOptions merge;
  auto* merge_cmd = app.add_subcommand("merge", "Merge the JSON report directories of several shards into one per-clause table");
  merge_cmd->add_option("report_dirs", merge.report_dirs, "WN_REPORT_DIR of each shard")->required();
  merge_cmd->add_option("--json", merge.json_out, "Write the merged per-clause table as JSON");

  wn::oracle::MatrixOptions matrix;
  auto* matrix_cmd = app.add_subcommand("matrix", "The cross-version table of several LibTorch runs (scripts/matrix.sh)");
  matrix_cmd->add_option("--version", matrix.versions, "NAME=DIR of one version's run (repeatable; the first is the baseline)")
      ->required();
  matrix_cmd->add_option("--json", matrix.json_out, "Write the matrix as JSON");
  std::string matrix_file;
  auto* matrix_report_cmd = app.add_subcommand("matrix-report", "Render a matrix JSON saved by wn-oracle matrix again");
  matrix_report_cmd->add_option("file", matrix_file, "The matrix JSON")->required();
  std::string matrix_page;
  matrix_report_cmd->add_option("--page", matrix_page, "Also write it as a docs page (docs/pages/matrix.md)");

  app.footer(
      "Exit status: 0 the checks hold; 1 a difference (a failing clause, case or mutant); 2 bad input or usage "
      "(an unreadable file, an unknown option or value); 3 nothing was checked (check, compare: no case compared).");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11's own codes (104, 105, 106, 109, ...) are folded into the one
    // documented usage status; --help and --version stay 0.
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    if (*version) return wn::oracle::run_version();
    if (*run_cmd) return wn::oracle::run_properties(run);
    if (*record_cmd) return wn::oracle::run_record(record);
    if (*check_cmd) return wn::oracle::run_check(check);
    if (*compare_cmd) return wn::oracle::run_compare(compare);
    if (*merge_cmd) return wn::oracle::run_merge(merge);
    if (*matrix_cmd) return wn::oracle::run_matrix(matrix);
    if (*matrix_report_cmd) return wn::oracle::run_matrix_report(matrix_file, matrix_page);
    if (*mutants_cmd) {
      mutants.control = !no_control;
      return wn::oracle::run_mutants(mutants);
    }
  } catch (const std::exception& e) {
    std::cerr << "wn-oracle: " << e.what() << "\n";
    return 2;
  }
  return 2;
}
