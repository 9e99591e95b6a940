// wn-oracle compare (internal to wn-oracle): a vector file against the
// outputs an implementation outside wn-oracle produced for it (spec VEC-9),
// judged and reported exactly as `wn-oracle check` does (vector_report.hpp).
#pragma once

#include <string>

namespace wn::oracle {

struct CompareOptions {
  std::string expected;  ///< the vector file (VEC-1 .. VEC-8)
  std::string actual;    ///< the actual-outputs file (VEC-9)
  std::string json_out;  ///< a JSON report of every case, when set
  bool verbose = false;  ///< a line for every case, not only failures
};

/// The statuses of run_check: 0 every compared case matches and at least
/// one was compared, 1 a case differs, 2 a file cannot be read or the two do
/// not belong together, 3 nothing was checked (every case unsupported).
int run_compare(const CompareOptions& options);

}  // namespace wn::oracle
