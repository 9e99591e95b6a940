/// @file
/// What the properties found, clause by clause: collected while a property
/// executable runs, written as JSON for the summary tool and the docs.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace wn::testing {

/// A clause of spec/: its stable id, its title and the file it is in,
/// extracted from the Markdown at build time.
struct ClauseInfo {
  const char* id;
  const char* title;
  const char* file;
};

/// Every clause in spec/, in document order.
const std::vector<ClauseInfo>& spec_clauses();
/// Whether `id` is a clause of spec/.
bool is_spec_clause(const std::string& id);

/// The outcome of one property for one implementation.
struct PropertyRecord {
  std::string test;            ///< GoogleTest full name, e.g. "DimNone.WholeTensorNorm/libtorch"
  std::string implementation;  ///< "libtorch"
  std::string version;         ///< "LibTorch 1.13.0 (CPU)"
  std::vector<std::string> clauses;
  /// "passed", "failed", "not applicable" (no case was supported), "not run"
  /// (the implementation was not selected)
  std::string status;
  std::int64_t cases = 0;        ///< supported cases checked successfully
  std::int64_t unsupported = 0;  ///< cases outside the implementation's capabilities
  std::uint64_t seed = 0;
  std::map<std::string, std::int64_t> deviations;  ///< tag (DEV id, dtype, ...) -> cases
  std::vector<std::string> declared_deviations;    ///< what the implementation declares
  std::string message;         ///< failure or skip reason
  std::string rerun;           ///< one-line command re-running this property
};

/// Adds a record to this process's ledger.
void record(PropertyRecord r);
/// The records so far.
const std::vector<PropertyRecord>& records();

/// Writes the ledger as JSON to `path` ({"executable": ..., "results": [...]}).
void write_ledger_json(const std::string& path, const std::string& executable);

}  // namespace wn::testing
