// wn-oracle mutants: the mutant catalog run (internal to wn-oracle).
#pragma once

#include <string>
#include <vector>

namespace wn::oracle {

struct MutantsOptions {
  std::string group = "all";          ///< "all", "forward" (any family may catch), "gradients"
  std::vector<std::string> names;     ///< only these mutants (all of the group when empty)
  std::string report_dir;             ///< where the runs write (a temporary directory when empty)
  bool control = true;                ///< also run the reference, which must pass
  std::string json_out;               ///< a JSON report: per mutant, its status and what caught it
};

/// Runs the property suite against every selected mutant. Returns 0 when
/// each is caught (by its required family, if it names one), 1 when one is
/// not or the control fails, kNotCheckable when all checkable ones are caught
/// but some cannot be checked in this build (their family does not exist).
int run_mutants(const MutantsOptions& options);

inline constexpr int kNotCheckable = 77;

}  // namespace wn::oracle
