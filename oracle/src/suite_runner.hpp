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

/// Every family this build has.
const std::vector<Family>& families();

/// What one family's run gave.
struct FamilyRun {
  Family family;
  int exit_code = 0;          ///< of the executable (1 when a property failed)
  bool crashed = false;       ///< killed by a signal, or no report written
  std::string log_path;       ///< its stdout and stderr
  std::vector<nlohmann::json> records;  ///< the "results" of its report(s)
};

/// Runs every family in `selected` (all when empty) against `implementation`
/// with RapidCheck's default case count (RC_PARAMS is removed from the
/// environment), writing reports under `report_dir` (created; emptied first).
/// `progress` is called before each family with (index, count, family).
std::vector<FamilyRun> run_suite(const std::string& implementation, const std::string& report_dir,
                                 const std::vector<std::string>& selected = {},
                                 const std::function<void(std::size_t, std::size_t, const Family&)>& progress = {});

}  // namespace wn::oracle
