#include "vector_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "float_text.hpp"
#include "json_reader.hpp"
#include "wn/dtype.hpp"
#include "wn/errors.hpp"

namespace wn::oracle {

VectorFormatError::VectorFormatError(std::string file, std::string case_id, std::string field,
                                     const std::string& message)
    : std::runtime_error(file + (case_id.empty() ? "" : ", case " + case_id) +
                         (field.empty() ? "" : ", field " + field) + ": " + message),
      file_(std::move(file)),
      case_id_(std::move(case_id)),
      field_(std::move(field)) {}

const std::vector<OperationSpec>& operations() {
  static const std::vector<OperationSpec> ops{
      {"norm_except_dim", {"v"}, {"norm"}},
      {"compose", {"v", "g"}, {"w"}},
      {"decompose", {"weight"}, {"g", "v"}},
      {"remove", {"g", "v"}, {"weight"}},
      {"backward", {"grad_w", "v", "g"}, {"grad_v", "grad_g"}},
      {"backward_directional", {"grad_w", "v", "g", "dv", "dg"}, {"grad_v", "grad_g"}},
      {"optimizer_step", {"grad_w", "v", "g"}, {"v", "g", "weight"}},
  };
  return ops;
}

const OperationSpec* find_operation(const std::string& name) {
  for (const auto& o : operations()) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

nlohmann::json tensor_to_json(const Tensor& t) {
  nlohmann::json data = nlohmann::json::array();
  for (double x : t.values()) data.push_back(format_float(x));
  return {{"dtype", to_string(t.dtype())}, {"shape", t.shape()}, {"data", data}};
}

nlohmann::json to_json(const VectorFile& file) {
  nlohmann::json cases = nlohmann::json::array();
  for (const auto& c : file.cases) {
    nlohmann::json j{{"id", c.id}, {"operation", c.operation}, {"clauses", c.clauses}};
    j["dim"] = c.dim ? nlohmann::json(*c.dim) : nlohmann::json(nullptr);
    if (c.operation == "norm_except_dim") j["pow"] = c.pow;
    if (c.operation == "optimizer_step") j["lr"] = format_float(c.lr);
    for (const auto& [name, t] : c.inputs) j["inputs"][name] = tensor_to_json(t);
    j["expect"] = c.expect;
    j["outputs"] = nlohmann::json::object();
    for (const auto& [name, t] : c.outputs) j["outputs"][name] = tensor_to_json(t);
    if (c.has_tolerance) {
      j["tolerance"] = {{"rel", format_float(c.tolerance.rel)}, {"abs", format_float(c.tolerance.abs)},
                        {"source", c.tolerance.source}};
    }
    if (!c.note.empty()) j["note"] = c.note;
    cases.push_back(j);
  }
  return {{"format", kVectorFormatName},
          {"format_version", file.format_version},
          {"producer", {{"name", file.producer.name}, {"implementation", file.producer.implementation},
                        {"version", file.producer.version}, {"deviations", file.producer.deviations}}},
          {"seed", file.seed},
          {"skipped", file.skipped},
          {"cases", cases}};
}

void write_vector_file(const VectorFile& file, const std::string& path) {
  const std::string tmp = path + ".partial";
  {
    std::ofstream out(tmp);
    if (!out) throw std::runtime_error("cannot write " + path);
    out << to_json(file).dump(1) << "\n";
    if (!out) throw std::runtime_error("cannot write " + path + " (disk full?)");
  }
  std::filesystem::rename(tmp, path);
}

namespace {

using nlohmann::json;

// The vector file's own parts; the shared hardening is JsonReader's.
struct Reader : JsonReader {
  DimArg dim(const json& c) const {
    const json& d = member(c, "dim", "");
    if (d.is_null()) return kNone;
    if (!d.is_number_integer()) fail("dim", "expected an integer or null (none), got " + d.dump());
    return d.get<std::int64_t>();
  }

  VectorCase read_case(const json& c, std::size_t index) {
    // Appended, not "#" + std::to_string(...): GCC 12 warns a false -Wrestrict
    // on a literal plus a temporary string as C++20 (GCC bug 105329).
    case_id = "#";
    case_id += std::to_string(index);
    if (!c.is_object()) fail("", "expected a case object");
    VectorCase vc;
    vc.id = string_at(c, "id", "");
    case_id = vc.id;
    vc.operation = string_at(c, "operation", "");
    const OperationSpec* op = find_operation(vc.operation);
    if (op == nullptr) {
      std::string known;
      for (const auto& o : operations()) known += (known.empty() ? "" : ", ") + o.name;
      fail("operation", "unknown operation \"" + vc.operation + "\"; expected one of: " + known);
    }
    if (c.contains("clauses")) {
      if (!c["clauses"].is_array()) fail("clauses", "expected an array of clause ids");
      for (const auto& id : c["clauses"]) {
        if (!id.is_string()) fail("clauses", "expected clause ids as strings, got " + id.dump());
        vc.clauses.push_back(id.get<std::string>());
      }
    }
    vc.dim = dim(c);
    if (vc.operation == "norm_except_dim") {
      const json& p = member(c, "pow", "");
      if (!p.is_number_integer()) fail("pow", "expected an integer, got " + p.dump());
      vc.pow = p.get<std::int64_t>();
    }
    if (vc.operation == "optimizer_step") vc.lr = float_at(member(c, "lr", ""), "lr");
    const json& inputs = member(c, "inputs", "");
    for (const auto& name : op->inputs) vc.inputs[name] = tensor(member(inputs, name, "inputs"), "inputs." + name);
    vc.expect = string_at(c, "expect", "");
    if (vc.expect != "value" && vc.expect != "error") fail("expect", "expected \"value\" or \"error\", got \"" + vc.expect + "\"");
    if (vc.expect == "value") {
      const json& outputs = member(c, "outputs", "");
      for (const auto& name : op->outputs) vc.outputs[name] = tensor(member(outputs, name, "outputs"), "outputs." + name);
      // A case that recorded a value must have had a valid dim (VEC-5).
      const Tensor& first = vc.inputs.count("v") ? vc.inputs.at("v") : vc.inputs.at("weight");
      if (vc.dim && *vc.dim != -1) {
        // A 0-d tensor has no dimension to keep: only null and -1 (DIM-2).
        const std::int64_t r = first.rank();
        if (*vc.dim < -r || *vc.dim >= r) {
          fail("dim", std::to_string(*vc.dim) + " is out of range for a tensor of shape " + to_string(first.shape()) +
                          (r == 0 ? std::string(": expected null or -1 for a 0-d tensor")
                                  : ": expected null, -1 or an integer in [" + std::to_string(-r) + ", " +
                                        std::to_string(r - 1) + "]"));
        }
      }
    }
    // Optional (VEC-6): the checker applies the spec's rule, a file's own
    // tolerance only where it is tighter.
    if (c.contains("tolerance")) {
      const json& tol = c["tolerance"];
      vc.has_tolerance = true;
      vc.tolerance.rel = float_at(member(tol, "rel", "tolerance"), "tolerance.rel");
      vc.tolerance.abs = float_at(member(tol, "abs", "tolerance"), "tolerance.abs");
      if (!(vc.tolerance.rel >= 0) || !(vc.tolerance.abs >= 0)) fail("tolerance", "rel and abs must be non-negative numbers");
      if (tol.contains("source") && tol["source"].is_string()) vc.tolerance.source = tol["source"].get<std::string>();
    }
    if (c.contains("note") && c["note"].is_string()) vc.note = c["note"].get<std::string>();
    return vc;
  }
};

}  // namespace

VectorFile parse_vector_file(const std::string& text, const std::string& path) {
  Reader r{{path, ""}};
  const json doc = r.document(text, kVectorFormatName, kVectorFormatVersion);
  VectorFile file;
  file.format_version = kVectorFormatVersion;
  file.producer = r.producer(r.member(doc, "producer", ""));
  if (doc.contains("seed") && doc["seed"].is_number_unsigned()) file.seed = doc["seed"].get<std::uint64_t>();
  if (doc.contains("skipped") && doc["skipped"].is_array()) {
    for (const auto& s : doc["skipped"]) {
      if (s.is_string()) file.skipped.push_back(s.get<std::string>());
    }
  }
  const json& cases = r.member(doc, "cases", "");
  if (!cases.is_array()) r.fail("cases", "expected an array of cases");
  for (std::size_t i = 0; i < cases.size(); ++i) file.cases.push_back(r.read_case(cases[i], i));
  return file;
}

VectorFile read_vector_file(const std::string& path) { return parse_vector_file(read_text_file(path), path); }

}  // namespace wn::oracle
