/// @file
/// Golden vector files (spec/16-vector-format.md, VEC-1 .. VEC-8): the inputs
/// and outputs of weight normalization's operations, as versioned JSON that
/// reads back bit for bit.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wn/dim.hpp"
#include "wn/tensor.hpp"

namespace wn::oracle {

/// The "format" field of every vector file (VEC-1).
inline constexpr const char* kVectorFormatName = "weightnorm-oracle-vectors";
/// The format version this build reads and writes (VEC-1).
inline constexpr int kVectorFormatVersion = 1;
/// The most elements a tensor in a vector file may declare (VEC-4): larger
/// shapes are refused before any memory is reserved for them.
inline constexpr std::int64_t kMaxVectorElements = std::int64_t{1} << 24;

/// A bad vector file: names the file, the case (its id, or its index when
/// it has no id; empty for file-level fields) and the field (VEC-8).
class VectorFormatError : public std::runtime_error {
 public:
  VectorFormatError(std::string file, std::string case_id, std::string field, const std::string& message);
  const std::string& file() const { return file_; }
  const std::string& case_id() const { return case_id_; }
  const std::string& field() const { return field_; }

 private:
  std::string file_, case_id_, field_;
};

/// How close a replay must be to the recorded outputs (VEC-6): an element
/// passes when |actual - expected| <= rel * |expected| + abs; NaN matches NaN,
/// an infinity only itself.
struct VectorTolerance {
  double rel = 0.0;
  double abs = 0.0;
  std::string source;  ///< where the bound comes from (a TOL clause, a measurement)
};

/// The operations a case may record (VEC-5), and their tensors.
struct OperationSpec {
  std::string name;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
};
/// norm_except_dim, compose, decompose, remove, backward, backward_directional, optimizer_step.
const std::vector<OperationSpec>& operations();
/// The operation called `name`, or nullptr when there is none.
const OperationSpec* find_operation(const std::string& name);

/// One recorded call (VEC-5).
struct VectorCase {
  std::string id;
  std::string operation;
  std::vector<std::string> clauses;  ///< the spec clauses the case exercises
  DimArg dim;
  std::int64_t pow = 2;              ///< norm_except_dim only
  double lr = 0.0;                   ///< optimizer_step only
  std::map<std::string, Tensor> inputs;
  std::string expect = "value";      ///< "value": outputs hold the results; "error": the call was rejected
  std::map<std::string, Tensor> outputs;
  /// The file's own tolerance, when it gives one (VEC-6): used only where it
  /// is tighter than the rule's bound (wn/check/case_bounds.hpp).
  bool has_tolerance = false;
  VectorTolerance tolerance;
  std::string note;
};

/// What wrote the file (VEC-2).
struct Producer {
  std::string name;            ///< "wn-oracle record", "python/record_vectors.py"
  std::string implementation;  ///< "libtorch", "torch (Python)"
  std::string version;         ///< "LibTorch 1.13.0 (CPU)"
  /// The documented deviations (spec DEV-*) the implementation declares; a
  /// case citing one may differ on replay by an implementation without it (VEC-7).
  std::vector<std::string> deviations;
};

/// A whole vector file.
struct VectorFile {
  int format_version = kVectorFormatVersion;
  Producer producer;
  std::uint64_t seed = 0;
  std::vector<std::string> skipped;  ///< operations the producer could not record, with why
  std::vector<VectorCase> cases;
};

/// The file as JSON (VEC-1 .. VEC-6).
nlohmann::json to_json(const VectorFile& file);
/// A tensor as JSON: {"dtype", "shape", "data"} (VEC-3, VEC-4).
nlohmann::json tensor_to_json(const Tensor& t);

/// Writes `file` to `path`, whole or not at all (a temporary file renamed).
void write_vector_file(const VectorFile& file, const std::string& path);

/// Reads and validates a vector file; throws VectorFormatError naming the
/// file, case and field of the first problem (VEC-8).
VectorFile read_vector_file(const std::string& path);
/// The same from text already read; `path` only names it in errors.
VectorFile parse_vector_file(const std::string& text, const std::string& path);

}  // namespace wn::oracle
