/// @file
/// The GoogleTest fixture every property runs in: one instance per
/// implementation under test, chosen at run time.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "wn/adapters/implementation.hpp"

namespace wn::testing {

/// The implementations the suite is instantiated for by default:
/// wn::default_implementations() as the executable's
/// wn_register_implementations() left them ("reference" and "libtorch" in
/// this tree built with LibTorch, the user's kernel in a user's suite).
std::vector<std::string> default_implementations();

/// The implementations selected for this run: the comma-separated names in
/// the environment variable WN_IMPLEMENTATIONS, or default_implementations().
/// Names are checked when a test starts, so an unknown one fails with the
/// list of known ones.
std::vector<std::string> selected_implementations();

/// The implementations the properties are instantiated for: the defaults,
/// then any other selected ones. Tests are discovered (CTest) with the
/// defaults; a test of an implementation that is not selected reports
/// itself skipped, "not run", rather than passing without a check.
std::vector<std::string> instantiated_implementations();

/// Whether the running test's implementation is selected.
bool implementation_selected();

/// The implementation the running property checks ("" outside a property).
const std::string& current_implementation_name();

/// Base of every property test: GetParam() is an implementation name.
class PropertyTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  void TearDown() override;
  /// The implementation under test.
  const Implementation& impl() const { return *impl_; }
  /// The reference, for properties that compare against it (AGR-1).
  const Implementation& reference() const { return *reference_; }

 private:
  std::unique_ptr<Implementation> impl_;
  std::unique_ptr<Implementation> reference_;
};

/// "libtorch" -> "libtorch", "mutant:no-keepdim" -> "mutant_no_keepdim": a
/// GoogleTest-safe parameter name.
std::string implementation_param_name(const ::testing::TestParamInfo<std::string>& info);

}  // namespace wn::testing

/// Instantiates the TEST_Ps of `Suite` for every selected implementation, so
/// tests are named Suite.Property/libtorch, Suite.Property/reference, ...
#define WN_INSTANTIATE_FOR_IMPLEMENTATIONS(Suite)                                                   \
  INSTANTIATE_TEST_SUITE_P(, Suite, ::testing::ValuesIn(::wn::testing::instantiated_implementations()), \
                           ::wn::testing::implementation_param_name)
