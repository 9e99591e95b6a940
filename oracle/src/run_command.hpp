// wn-oracle run (internal to wn-oracle).
#pragma once

#include <string>
#include <vector>

namespace wn::oracle {

struct RunOptions {
  std::string implementation = "libtorch";
  std::vector<std::string> families;  ///< only these (all when empty)
  std::string report_dir;             ///< keep the raw reports here (a temporary directory when empty)
  std::string json_out;               ///< the per-clause table as JSON
  std::string junit_out;              ///< JUnit XML: one test case per property
};

/// Runs the property suite against one implementation, prints progress and
/// the per-clause table. 0 when every clause holds or holds except where a
/// documented deviation applies; 1 when a clause fails or a family crashed.
int run_properties(const RunOptions& options);

}  // namespace wn::oracle
