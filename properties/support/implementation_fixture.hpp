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

/// The implementations the properties are instantiated for: the comma-separated
/// names in the environment variable WN_IMPLEMENTATIONS, or by default
/// "reference,libtorch". Names are checked when a test starts, so an unknown
/// one fails with the list of known ones.
std::vector<std::string> selected_implementations();

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
  INSTANTIATE_TEST_SUITE_P(, Suite, ::testing::ValuesIn(::wn::testing::selected_implementations()), \
                           ::wn::testing::implementation_param_name)
