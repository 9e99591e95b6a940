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

/// What one implementation did with a case's call: replayed now by
/// `wn-oracle check`, or read from an actual-outputs file by `wn-oracle
/// compare` (VEC-9). Both are judged by judge_case, one rule.
struct Observation {
  enum class Kind { Value, Rejected, Unsupported };
  Kind kind = Kind::Value;
  std::map<std::string, Tensor> outputs;  ///< Kind::Value: the outputs by name (VEC-5)
  std::string message;                    ///< Rejected or Unsupported: why
};

/// Runs `c` on `impl`: its outputs, its rejection (any std::exception but
/// wn::NotSupported), or that it does not provide the operation.
Observation observe(const Implementation& impl, const VectorCase& c);

/// Compares an observation with c's recording (VEC-6, VEC-7): an error case
/// passes when the call was rejected, a value case when every output is
/// within its bound (effective_bounds); an unsupported call is skipped.
CaseResult judge_case(const VectorCase& c, const Observation& observed);

/// Replays `c` on `impl` and judges it: judge_case(c, observe(impl, c)).
CaseResult replay_case(const Implementation& impl, const VectorCase& c);

}  // namespace wn::oracle
