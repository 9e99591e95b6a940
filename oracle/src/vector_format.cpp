#include "vector_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "float_text.hpp"
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

// Reads one file, knowing where it is (file, case) so every error names them.
struct Reader {
  std::string file;
  std::string case_id;

  [[noreturn]] void fail(const std::string& field, const std::string& message) const {
    throw VectorFormatError(file, case_id, field, message);
  }

  const json& member(const json& obj, const std::string& key, const std::string& field) const {
    if (!obj.is_object()) fail(field, "expected an object");
    const auto it = obj.find(key);
    if (it == obj.end()) fail(field.empty() ? key : field + "." + key, "missing");
    return *it;
  }

  std::string string_at(const json& obj, const std::string& key, const std::string& field) const {
    const json& j = member(obj, key, field);
    if (!j.is_string()) fail(field.empty() ? key : field + "." + key, "expected a string, got " + j.dump());
    return j.get<std::string>();
  }

  double float_at(const json& j, const std::string& field) const {
    if (!j.is_string()) fail(field, "expected a hex-float string (VEC-3), got " + j.dump());
    try {
      return parse_float(j.get<std::string>());
    } catch (const std::invalid_argument& e) {
      fail(field, e.what());
    }
  }

  Tensor tensor(const json& j, const std::string& field) const {
    if (!j.is_object()) fail(field, "expected a tensor object {dtype, shape, data}");
    DType dtype{};
    const std::string dtype_name = string_at(j, "dtype", field);
    try {
      dtype = parse_dtype(dtype_name, field + ".dtype");
    } catch (const InvalidArgument&) {
      fail(field + ".dtype", "unknown dtype \"" + dtype_name + "\"; expected float32 or float64");
    }
    const json& shape_j = member(j, "shape", field);
    if (!shape_j.is_array()) fail(field + ".shape", "expected an array of sizes");
    if (shape_j.size() > static_cast<std::size_t>(kMaxRank)) {
      fail(field + ".shape", "rank " + std::to_string(shape_j.size()) + " is above the largest, " + std::to_string(kMaxRank));
    }
    Shape shape;
    std::int64_t count = 1, extent = 1;
    for (const auto& s : shape_j) {
      if (!s.is_number_integer() || s.get<std::int64_t>() < 0) fail(field + ".shape", "sizes must be non-negative integers, got " + s.dump());
      const std::int64_t size = s.get<std::int64_t>();
      // Checked before anything is allocated: a huge declared shape is refused,
      // not attempted. Zeros count as one: [0, 2^30] holds no element, but an
      // operation on it allocates kept-dimension sizes and outputs of 2^30
      // (measured: 15 GB in LibTorch), so every size product is bounded.
      const std::int64_t bounded = std::max<std::int64_t>(size, 1);
      if (extent > kMaxVectorElements / bounded) {
        fail(field + ".shape", "declares more than " + std::to_string(kMaxVectorElements) +
                                   " elements or sizes whose product (zeros counted as one) exceeds it (" +
                                   shape_j.dump() + ")");
      }
      extent *= bounded;
      count *= size;
      shape.push_back(size);
    }
    const json& data = member(j, "data", field);
    if (!data.is_array()) fail(field + ".data", "expected an array of hex-float strings");
    if (static_cast<std::int64_t>(data.size()) != count) {
      fail(field + ".data", "holds " + std::to_string(data.size()) + " values but shape " + to_string(shape) + " needs " +
                                std::to_string(count));
    }
    std::vector<double> values;
    values.reserve(static_cast<std::size_t>(count));
    for (std::size_t i = 0; i < data.size(); ++i) {
      const std::string f = field + ".data[" + std::to_string(i) + "]";
      const double x = float_at(data[i], f);
      if (!std::isnan(x) && round_to_dtype(x, dtype) != x) fail(f, "value " + data[i].get<std::string>() + " is not a " + dtype_name + " value");
      values.push_back(x);
    }
    return Tensor(dtype, shape, std::move(values));
  }

  DimArg dim(const json& c) const {
    const json& d = member(c, "dim", "");
    if (d.is_null()) return kNone;
    if (!d.is_number_integer()) fail("dim", "expected an integer or null (none), got " + d.dump());
    return d.get<std::int64_t>();
  }

  VectorCase read_case(const json& c, std::size_t index) {
    case_id = "#" + std::to_string(index);
    if (!c.is_object()) fail("", "expected a case object");
    VectorCase vc;
    vc.id = string_at(c, "id", "");
    case_id = vc.id;
    vc.operation = string_at(c, "operation", "");
    const auto op = std::find_if(operations().begin(), operations().end(), [&](const OperationSpec& o) { return o.name == vc.operation; });
    if (op == operations().end()) {
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
  Reader r{path, ""};
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) r.fail("", "the file is empty");
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    r.fail("", std::string("malformed JSON: ") + e.what());
  }
  if (!doc.is_object()) r.fail("", "expected a JSON object at the top level");
  if (r.string_at(doc, "format", "") != kVectorFormatName) r.fail("format", std::string("expected \"") + kVectorFormatName + "\"");
  const json& version = r.member(doc, "format_version", "");
  if (!version.is_number_integer()) r.fail("format_version", "expected an integer");
  VectorFile file;
  // Compared as the JSON's own number, never narrowed first: get<int> would
  // read 4294967297 as 1.
  if (version != json(kVectorFormatVersion)) {
    r.fail("format_version", "version " + version.dump() + " is not one this build reads (expected " +
                                 std::to_string(kVectorFormatVersion) + ")");
  }
  file.format_version = kVectorFormatVersion;
  const json& producer = r.member(doc, "producer", "");
  file.producer = {r.string_at(producer, "name", "producer"), r.string_at(producer, "implementation", "producer"),
                   r.string_at(producer, "version", "producer"), {}};
  if (producer.contains("deviations")) {
    const json& devs = producer["deviations"];
    if (!devs.is_array()) r.fail("producer.deviations", "expected an array of deviation ids");
    for (const auto& d : devs) {
      if (!d.is_string()) r.fail("producer.deviations", "expected deviation ids as strings, got " + d.dump());
      file.producer.deviations.push_back(d.get<std::string>());
    }
  }
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

VectorFile read_vector_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw VectorFormatError(path, "", "", "no such file");
  if (std::filesystem::is_directory(path, ec)) throw VectorFormatError(path, "", "", "is a directory, not a vector file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw VectorFormatError(path, "", "", "cannot be opened for reading");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_vector_file(text.str(), path);
}

}  // namespace wn::oracle
