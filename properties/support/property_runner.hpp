/// @file
/// Running one RapidCheck property inside a GoogleTest test, tied to the spec
/// clauses it checks, with reproducible seeds and a one-line re-run command.
#pragma once

#include <rapidcheck.h>

#include <functional>
#include <string>
#include <vector>

#include "wn/adapters/implementation.hpp"

namespace wn::testing {

/// Checks `body` (a RapidCheck property: it draws with *gen and asserts with
/// RC_ASSERT) for the running test, and records the outcome under each of
/// `clauses` for the per-clause summary.
///
/// - Cases: 100 by default; RC_PARAMS (e.g. "max_success=10000") is honoured.
/// - Seed: fixed per test (a hash of its full name, mixed with WN_SEED when
///   that is set, so shards of a long run derive their seeds from one base
///   whichever shard runs a test) unless RC_PARAMS sets one, which is then
///   used as it is; so every run of the suite checks the same cases.
/// - A failure reports the clauses, the shrunk counterexample, the seed, and
///   a one-line command that re-runs exactly that property and case.
/// - An unknown clause id is itself a failure: every clause cited must exist
///   in spec/.
/// - wn::NotSupported (a case outside the implementation's capabilities) is
///   decided per case: the case is counted as unsupported, the others are
///   checked, and a failure among them fails. A property with no supported
///   case at all is "not applicable" (GoogleTest: skipped), never passed.
/// - Shrinking is bounded (WN_SHRINK_SECONDS, default 60; WN_SHRINK_STEPS,
///   default 5000): past the bound the smallest counterexample found so far
///   is reported, and the report says shrinking was cut short.
void check_property(const std::vector<std::string>& clauses, const std::function<void()>& body);

/// Inside a property: the implementation behaved as documented deviation
/// `id` says (spec DEV-*), not as the spec says, and its result matched
/// what the deviation pins. Passes, tagging the case "DEV-n", when the
/// implementation declares the deviation; fails otherwise.
void observe_deviation(const Implementation& impl, const std::string& id);

/// Inside a property: the case lay in the domain of documented deviation
/// `id` (where an implementation declaring it behaves as it pins), and the
/// implementation behaved as the spec says instead. Tags the case
/// "spec-in:DEV-n"; an implementation that declares `id` and only ever does
/// this is reported "declared, not observed".
void spec_behaviour_in_deviation_domain(const std::string& id);

/// Inside a property: runs `call`, which is expected to be rejected.
/// Returns true if it threw one of the suite's rejection types
/// (wn::InvalidArgument, the reference's; wn::RejectedCall, an adapter's
/// translation of its backend's error), false if it returned.
/// wn::NotSupported propagates (the case is unsupported). Any other
/// exception (std::bad_alloc, a std::logic_error, ...) is not a correct
/// rejection: the case fails, naming it. A wn::RefusedUnsafeCall is a
/// rejection by the adapter, not by the backend: it counts as rejected and
/// tags the case "refused:DEV-n".
bool rejects(const std::function<void()>& call);

}  // namespace wn::testing

/// Inside a property: fails the case with the comparison's message unless it
/// is ok (see tolerance.hpp).
#define RC_ASSERT_COMPARISON(comparison)            \
  do {                                              \
    const auto wn_comparison_ = (comparison);       \
    if (!wn_comparison_.ok) RC_FAIL(wn_comparison_.message); \
  } while (false)
