// Running the property executables (one per family) against one
// implementation and collecting their JSON records (internal to wn-oracle).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wn::oracle {

/// A property family and its executable, from the build-time configuration.
struct Family {
  std::string name;        ///< "agreement"
  std::string executable;  ///< absolute path to wn_properties_agreement
};

/// Every family this build has. Defined by the executable, in a source
/// generated at build time (cmake/WnOracleFamilies.cmake): this tree's
/// wn_properties_<family> for wn-oracle, a user's suite executables for the
/// <suite>-oracle that weightnorm_oracle_add_suite builds.
const std::vector<Family>& families();

/// What one family's run gave.
struct FamilyRun {
  Family family;
  int exit_code = 0;          ///< of the executable (1 when a property failed)
  bool crashed = false;       ///< killed by a signal, timed out, or no report written
  bool timed_out = false;     ///< killed after the time limit
  std::string log_path;       ///< its stdout and stderr
  std::vector<nlohmann::json> records;  ///< the "results" of its report(s) for the implementations run
};

/// Runs every family in `selected` (all when empty) against `implementations`
/// (one process per family runs them all: a property executable's start-up,
/// LibTorch's loading, costs more than its properties on a mutant) with
/// RapidCheck's default case count (RC_PARAMS is removed from the
/// environment), writing reports under `report_dir` (created; emptied first).
/// `progress` is called before each family with (index, count, family).
/// Each family's executable is killed after `time_limit_seconds` (its
/// properties' shrinking is bounded well below that, property_runner.hpp),
/// and the run says so: a hung or runaway family yields a report, not a
/// stalled catalog.
std::vector<FamilyRun> run_suite(const std::vector<std::string>& implementations, const std::string& report_dir,
                                 const std::vector<std::string>& selected = {},
                                 const std::function<void(std::size_t, std::size_t, const Family&)>& progress = {},
                                 double time_limit_seconds = 600.0);

/// Whether a family's run counts as a clean run: it exited 0, was not killed,
/// and wrote its reports. A property executable that fails after writing its
/// reports (a GoogleTest failure outside the properties) is not clean.
bool ran_cleanly(const FamilyRun& run);

}  // namespace wn::oracle
