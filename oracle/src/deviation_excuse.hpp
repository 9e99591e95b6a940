/// @file
/// When a vector case may differ as a documented deviation says (spec VEC-7,
/// DEV-*): the call is in the deviation's domain, the side declaring it did
/// what the deviation's model (wn/deviations/) says, and the other side did
/// what the spec (the reference) says.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "vector_format.hpp"
#include "wn/adapters/implementation.hpp"

namespace wn::oracle {

/// What one side did with a case's call: rejected it, or returned outputs.
struct CallOutcome {
  bool rejected = false;                  ///< the call was rejected (or refused)
  std::map<std::string, Tensor> outputs;  ///< otherwise its outputs by name (VEC-5)
};

/// The outcome recorded in the file.
CallOutcome recorded_outcome(const VectorCase& c);
/// The outcome of replaying c on `impl`.
CallOutcome replayed_outcome(const Implementation& impl, const VectorCase& c);

/// What deviation `id` says LibTorch 1.13 does with c's call; std::nullopt
/// when the call is outside the deviation's domain or the checker has no
/// model of it (then nothing is excused).
std::optional<CallOutcome> deviation_model(const std::string& id, const VectorCase& c);

/// Whether `got` is `expected`: both rejected, or the same outputs within
/// the case's tolerance (VEC-6).
bool same_outcome(const CallOutcome& got, const CallOutcome& expected, const VectorCase& c);

}  // namespace wn::oracle
