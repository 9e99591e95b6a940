/// @file
/// Reading the JSON files of spec/16-vector-format.md (vector files, VEC-1 ..
/// VEC-8; actual-outputs files, VEC-9) so that every error names the file,
/// the case and the field (VEC-8). Shared by both readers: one hardening.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "vector_format.hpp"

namespace wn::oracle {

/// Knows where it is reading (file, case) so every error names them.
struct JsonReader {
  std::string file;
  std::string case_id;  ///< the case's id, or "#index" before its id is read; empty at file level

  /// Throws VectorFormatError for `field` (VEC-8).
  [[noreturn]] void fail(const std::string& field, const std::string& message) const;
  /// obj[key], which must exist; `field` is obj's own path ("" at the top).
  const nlohmann::json& member(const nlohmann::json& obj, const std::string& key, const std::string& field) const;
  /// obj[key] as a string.
  std::string string_at(const nlohmann::json& obj, const std::string& key, const std::string& field) const;
  /// A hex-float string, read exactly (VEC-3).
  double float_at(const nlohmann::json& j, const std::string& field) const;
  /// A tensor {dtype, shape, data} (VEC-4), bounded before anything is allocated.
  Tensor tensor(const nlohmann::json& j, const std::string& field) const;
  /// A producer object {name, implementation, version, deviations?} (VEC-2); `field` is its path.
  Producer producer(const nlohmann::json& j, const std::string& field = "producer") const;
  /// The whole document: not empty, well-formed JSON, an object whose
  /// `format` is `format` and whose `format_version` is exactly `version` (VEC-1).
  nlohmann::json document(const std::string& text, const char* format, int version) const;
};

/// The text of the file at `path`; VectorFormatError when it is missing, a
/// directory or unreadable.
std::string read_text_file(const std::string& path);

}  // namespace wn::oracle
