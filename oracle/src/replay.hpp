/// @file
/// Running a recorded case's operation on an implementation, and replaying a
/// case against its recording (spec VEC-5 .. VEC-7).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "vector_compare.hpp"
#include "vector_format.hpp"
#include "wn/adapters/implementation.hpp"

namespace wn::oracle {

/// The outputs of `c.operation` on `impl` for c's inputs, dim, pow and lr.
/// Throws what the implementation throws (wn::NotSupported when it lacks the
/// operation).
std::map<std::string, Tensor> run_operation(const Implementation& impl, const VectorCase& c);

/// The outcome of replaying one case (VEC-7).
struct CaseResult {
  std::string status;   ///< "passed", "failed", "skipped"
  std::string message;  ///< why it failed or was skipped; the worst element when it failed
  double max_ulps = 0.0, max_rel = 0.0;
};

/// Replays `c` on `impl` and compares with the recording under c's tolerance.
CaseResult replay_case(const Implementation& impl, const VectorCase& c);

}  // namespace wn::oracle
