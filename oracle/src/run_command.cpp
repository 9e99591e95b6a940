#include "run_command.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>

#include "clause_table.hpp"
#include "junit.hpp"
#include "report_file.hpp"
#include "suite_runner.hpp"
#include "wn/adapters/implementation.hpp"

namespace wn::oracle {
namespace fs = std::filesystem;

int run_properties(const RunOptions& options) {
  const auto impl = make_implementation(options.implementation);  // an unknown name fails here, listing the known ones
  for (const auto& f : options.families) {
    bool known = false;
    for (const auto& g : families()) known = known || g.name == f;
    if (!known) throw std::invalid_argument("no property family \"" + f + "\"");
  }
  std::string dir = options.report_dir;
  if (dir.empty()) {
    std::string pattern = (fs::temp_directory_path() / "wn-oracle-run-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a temporary directory");
    dir = pattern;
  }
  std::cout << "Running the property suite against " << impl->name() << " [" << impl->version() << "]\n"
            << "Reports: " << dir << "\n";
  auto started = std::chrono::steady_clock::now();
  std::vector<FamilyRun> runs;
  auto report_family = [&](const FamilyRun& run, double seconds) {
    int failed = 0, skipped = 0;
    for (const auto& r : run.records) {
      failed += r.at("status") == "failed";
      skipped += r.at("status") == "not applicable" || r.at("status") == "not run";
    }
    std::string trouble;
    if (run.timed_out) {
      trouble = ", TIMED OUT (killed; log " + run.log_path + ")";
    } else if (run.crashed) {
      trouble = ", CRASHED (exit " + std::to_string(run.exit_code) + "; log " + run.log_path + ")";
    } else if (run.exit_code != 0 && failed == 0) {
      // The reports say every property held, but the executable failed.
      trouble = ", EXECUTABLE FAILED (exit " + std::to_string(run.exit_code) + " though no property failed; log " +
                run.log_path + ")";
    }
    std::cout << "  " << run.records.size() << " properties, " << failed << " failed, " << skipped
              << " not applicable or not run" << trouble
              << " (" << std::fixed << std::setprecision(1) << seconds << " s)\n"
              << std::defaultfloat << std::flush;
  };
  // One family at a time, reported as it finishes.
  const auto& all = families();
  std::size_t total = 0;
  for (const auto& f : all) total += options.families.empty() || std::count(options.families.begin(), options.families.end(), f.name);
  std::size_t index = 0;
  for (const auto& f : all) {
    if (!options.families.empty() && !std::count(options.families.begin(), options.families.end(), f.name)) continue;
    std::cout << "[" << ++index << "/" << total << "] " << f.name << " ..." << std::flush;
    const auto t0 = std::chrono::steady_clock::now();
    auto one = run_suite({options.implementation}, dir, {f.name});
    report_family(one.at(0), std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    runs.push_back(std::move(one.at(0)));
  }

  wn::testing::ClauseTable table;
  table.set_partial_run(!options.families.empty());
  bool crashed = false;
  for (const auto& run : runs) {
    table.add_report({{"results", run.records}});
    crashed = crashed || !ran_cleanly(run);
  }
  table.print(std::cout);
  if (!options.json_out.empty()) {
    nlohmann::json j = table.to_json();
    j["implementation"] = impl->name();
    j["complete"] = !crashed;
    write_report_file(options.json_out, j.dump(2) + "\n");
  }
  if (!options.junit_out.empty()) write_report_file(options.junit_out, junit_xml(runs));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "Ran " << runs.size() << " families in " << std::fixed << std::setprecision(1) << seconds << " s\n";
  if (crashed) {
    std::cout << "INCOMPLETE: a property executable crashed, timed out, failed outside its properties or wrote no "
                 "report (see above)\n";
  }
  return table.all_hold() && !crashed ? 0 : 1;
}

}  // namespace wn::oracle
