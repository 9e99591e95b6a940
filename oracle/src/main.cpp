// wn-oracle: the regression oracle's command line.
//   run       the property suite against an implementation, clause by clause
//   record    golden vectors from an implementation
//   check     replay vector files against an implementation
//   version   LibTorch, build, compiler, vector format
//   mutants   the mutant catalog: the suite must catch every mutant
#include <CLI/CLI.hpp>
#include <iostream>

#include "mutants_command.hpp"
#include "version_command.hpp"
#include "wn/mutants/mutants.hpp"

int main(int argc, char** argv) {
  wn::register_mutants();
  CLI::App app{"wn-oracle: weight normalization regression oracle (spec/, properties/, golden vectors)"};
  app.require_subcommand(1);

  auto* version = app.add_subcommand("version", "LibTorch version, build type, compiler, vector format version");

  wn::oracle::MutantsOptions mutants;
  auto* mutants_cmd = app.add_subcommand("mutants", "Run the suite against every mutant; each must be caught");
  mutants_cmd->add_option("--group", mutants.group, "all, forward or gradients")
      ->check(CLI::IsMember({"all", "forward", "gradients"}));
  mutants_cmd->add_option("--mutant", mutants.names, "Only this mutant (repeatable)");
  mutants_cmd->add_option("--report-dir", mutants.report_dir, "Keep the runs' reports here");
  bool no_control = false;
  mutants_cmd->add_flag("--no-control", no_control, "Skip the control run of the reference");

  CLI11_PARSE(app, argc, argv);
  try {
    if (*version) return wn::oracle::run_version();
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
