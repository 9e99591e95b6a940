#include "measurement_record.hpp"

#include <gtest/gtest.h>

#include "clause_ledger.hpp"
#include "wn/adapters/implementation.hpp"

namespace wn::testing {

ClauseMeasurement::ClauseMeasurement(std::string implementation, std::vector<std::string> clauses)
    : implementation_(std::move(implementation)), clauses_(std::move(clauses)) {
  for (const auto& c : clauses_) {
    if (!is_spec_clause(c)) ADD_FAILURE() << "a measurement cites clause " << c << ", which spec/ does not define";
  }
}

ClauseMeasurement::~ClauseMeasurement() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (info == nullptr) return;
  PropertyRecord r;
  r.test = std::string(info->test_suite_name()) + "." + info->name();
  r.implementation = implementation_;
  const auto impl = make_implementation(implementation_);
  r.version = impl->version();
  r.declared_deviations = impl->known_deviations();
  r.clauses = clauses_;
  r.status = ::testing::Test::HasFailure() ? "failed" : "passed";
  r.cases = cases;
  if (r.status == "failed") r.message = "measurement failed: see the test's output";
  r.rerun = "ctest --test-dir build -R '^" + r.test + "$' --output-on-failure";
  record(std::move(r));
}

}  // namespace wn::testing
