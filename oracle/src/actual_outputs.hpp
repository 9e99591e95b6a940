/// @file
/// Actual-outputs files (spec VEC-9): what an implementation outside
/// wn-oracle (a Python callable, a kernel) did with each case of a vector
/// file, for `wn-oracle compare`. Read with the vector reader's hardening.
#pragma once

#include <map>
#include <string>

#include "replay.hpp"
#include "vector_format.hpp"

namespace wn::oracle {

/// The "format" field of every actual-outputs file (VEC-9).
inline constexpr const char* kActualFormatName = "weightnorm-oracle-actual-outputs";
/// The actual-outputs format version this build reads (VEC-9).
inline constexpr int kActualFormatVersion = 1;

/// A whole actual-outputs file.
struct ActualFile {
  Producer producer;                          ///< what produced the outputs (VEC-2's fields)
  std::map<std::string, Observation> results; ///< by case id
};

/// Reads the actual-outputs file at `path` for the vector file `expected`:
/// exactly one result per case of `expected`, each "value" (with exactly
/// the operation's outputs, in the vector format's tensors), "error" or
/// "refused" (a rejection) or "unsupported" (skipped). Throws
/// VectorFormatError naming the file, the case, the field, the value and
/// what was expected (VEC-8).
ActualFile read_actual_file(const std::string& path, const VectorFile& expected);
/// The same from text already read; `path` only names it in errors.
ActualFile parse_actual_file(const std::string& text, const std::string& path, const VectorFile& expected);

}  // namespace wn::oracle
