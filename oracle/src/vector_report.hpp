/// @file
/// The case-by-case comparison of vector files and its report (spec VEC-6,
/// VEC-7), shared by `wn-oracle check` (an implementation replayed now) and
/// `wn-oracle compare` (the outputs an implementation produced, VEC-9): one
/// judgement, one deviation rule, one report, one exit status.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "replay.hpp"
#include "vector_format.hpp"

namespace wn::oracle {

/// The side whose results are judged against a recording.
struct SideUnderTest {
  std::string name;                     ///< "libtorch", "torch:_weight_norm", ...
  std::string version;                  ///< what exactly it was
  std::vector<std::string> deviations;  ///< the documented deviations (DEV-*) it declares (VEC-7)
  std::function<Observation(const VectorCase&)> observe;  ///< what it did with a case
};

/// Accumulates the per-file reports and the summary of one command.
class VectorReport {
 public:
  /// `command` prefixes error lines ("wn-oracle check"); `verbose` prints a
  /// line for every case, not only failures and deviations; `header` starts
  /// the JSON report (implementation, version).
  VectorReport(std::string command, bool verbose, nlohmann::json header);

  /// Judges every case of `file` (read from `path`) with `side` and prints
  /// the file's block: failures, deviations, counts, unsupported operations.
  void check_file(const std::string& path, const VectorFile& file, const SideUnderTest& side);
  /// Records that `path` could not be read (the run is then incomplete).
  void unreadable(const std::string& path, const VectorFormatError& e);

  /// Prints the summary, writes the JSON report to `json_out` when set, and
  /// returns the exit status: 2 when a file could not be read, 1 when a case
  /// failed, 3 when nothing was compared (no cases, or every case skipped),
  /// 0 otherwise.
  int finish(const std::string& json_out);

 private:
  std::string command_;
  bool verbose_;
  nlohmann::json report_;
  int passed_ = 0, failed_ = 0, skipped_ = 0, deviations_ = 0;
  std::vector<std::string> unreadable_;
};

}  // namespace wn::oracle
