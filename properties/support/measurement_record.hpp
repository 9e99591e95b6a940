/// @file
/// Recording a measurement (a plain GoogleTest test that checks clauses by
/// measuring, not by RapidCheck cases, e.g. accuracy against an exact result,
/// spec TOL-3) in the per-clause ledger, so the summary and the docs' status
/// show it like any property.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wn::testing {

/// Declared at the top of a measurement test:
///   ClauseMeasurement measured("libtorch", {"TOL-1", "TOL-3"});
/// When the test ends it records, for `implementation`, the clauses as passed
/// or failed (whether the test has a failure) and `cases` measured. The
/// traceability scan (docs/tools/traceability.py) reads the same declaration.
class ClauseMeasurement {
 public:
  ClauseMeasurement(std::string implementation, std::vector<std::string> clauses);
  ~ClauseMeasurement();
  ClauseMeasurement(const ClauseMeasurement&) = delete;
  ClauseMeasurement& operator=(const ClauseMeasurement&) = delete;

  std::int64_t cases = 0;  ///< how many cases were measured, for the summary

 private:
  std::string implementation_;
  std::vector<std::string> clauses_;
};

}  // namespace wn::testing
