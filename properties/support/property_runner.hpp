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
/// - Seed: fixed per test (a hash of its full name) unless RC_PARAMS sets
///   one, so every run of the suite checks the same cases.
/// - A failure reports the clauses, the shrunk counterexample, the seed, and
///   a one-line command that re-runs exactly that property and case.
/// - An unknown clause id is itself a failure: every clause cited must exist
///   in spec/.
/// - wn::NotSupported from the implementation skips the test, with its reason.
void check_property(const std::vector<std::string>& clauses, const std::function<void()>& body);

/// Inside a property: the implementation behaved as documented deviation
/// `id` says (spec DEV-*), not as the spec says. Passes, tagging the case,
/// when the implementation declares the deviation; fails otherwise.
void observe_deviation(const Implementation& impl, const std::string& id);

/// Inside a property: runs `call`, which is expected to be rejected.
/// Returns true if it threw (any std::exception), false if it returned. A
/// wn::RefusedUnsafeCall counts as a rejection and tags the case with the
/// deviation it names, so the summary shows the adapter stood in.
bool rejects(const std::function<void()>& call);

}  // namespace wn::testing

/// Inside a property: fails the case with the comparison's message unless it
/// is ok (see tolerance.hpp).
#define RC_ASSERT_COMPARISON(comparison)            \
  do {                                              \
    const auto wn_comparison_ = (comparison);       \
    if (!wn_comparison_.ok) RC_FAIL(wn_comparison_.message); \
  } while (false)
