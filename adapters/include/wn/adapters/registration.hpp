/// @file
/// The one place an executable says which implementations it can test. The
/// property suite's main() and wn-oracle's call wn_register_implementations()
/// before anything else, so the same executables run against the reference,
/// LibTorch, the mutants or a user's kernel depending only on what is linked
/// in with them (spec AGR-1: every implementation is checked the same way).
#pragma once

/// Defined exactly once per executable, by whoever builds it:
/// - this tree: mutants/src/tree_implementations.cpp (LibTorch when built
///   with it, the mutants, the harness implementations);
/// - a user's suite: the source weightnorm_oracle_add_suite() generates,
///   which calls the user's REGISTER function (or the user defines this
///   function in the adapter library itself).
///
/// It calls wn::register_implementation for each implementation and may call
/// wn::set_default_implementations. A missing definition is a link error
/// naming this function, never a suite that silently checks nothing.
void wn_register_implementations();
