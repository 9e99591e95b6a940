#include "actual_outputs.hpp"

#include <algorithm>

#include "json_reader.hpp"

namespace wn::oracle {

using nlohmann::json;

namespace {
std::string names(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
  return s;
}

Observation read_result(JsonReader& r, const json& j, const VectorCase& c) {
  const std::string kind = r.string_at(j, "result", "");
  const std::string note = j.contains("note") && j["note"].is_string() ? j["note"].get<std::string>() : "";
  if (kind == "error") return {Observation::Kind::Rejected, {}, note.empty() ? "raised" : note};
  if (kind == "refused") return {Observation::Kind::Rejected, {}, "refused: " + (note.empty() ? "not called" : note)};
  if (kind == "unsupported") return {Observation::Kind::Unsupported, {}, note.empty() ? "unsupported" : note};
  if (kind != "value") {
    r.fail("result", "\"" + kind + "\" is not a result; expected \"value\", \"error\", \"refused\" or \"unsupported\"");
  }
  const OperationSpec& op = *find_operation(c.operation);
  const json& outputs = r.member(j, "outputs", "");
  if (!outputs.is_object()) r.fail("outputs", "expected an object of tensors by name");
  for (const auto& [name, _] : outputs.items()) {
    if (std::find(op.outputs.begin(), op.outputs.end(), name) == op.outputs.end()) {
      r.fail("outputs." + name, "operation " + c.operation + " has no output \"" + name + "\"; expected " + names(op.outputs));
    }
  }
  Observation o{Observation::Kind::Value, {}, ""};
  for (const auto& name : op.outputs) o.outputs[name] = r.tensor(r.member(outputs, name, "outputs"), "outputs." + name);
  return o;
}
}  // namespace

ActualFile parse_actual_file(const std::string& text, const std::string& path, const VectorFile& expected) {
  JsonReader r{path, ""};
  const json doc = r.document(text, kActualFormatName, kActualFormatVersion);
  ActualFile file;
  file.producer = r.producer(r.member(doc, "producer", ""));
  std::map<std::string, const VectorCase*> cases;
  for (const auto& c : expected.cases) cases.emplace(c.id, &c);
  const json& results = r.member(doc, "results", "");
  if (!results.is_array()) r.fail("results", "expected an array of results");
  for (std::size_t i = 0; i < results.size(); ++i) {
    // Not "#" + std::to_string(i), nor an assignment of "#": GCC 12 warns a
    // false -Wrestrict on both as C++20 (GCC bug 105329).
    r.case_id.assign(1, '#');
    r.case_id += std::to_string(i);
    if (!results[i].is_object()) r.fail("", "expected a result object {id, result, ...}");
    const std::string id = r.string_at(results[i], "id", "");
    r.case_id = id;
    const auto it = cases.find(id);
    if (it == cases.end()) r.fail("id", "\"" + id + "\" is not a case of the vector file; expected the ids of its cases");
    if (file.results.count(id)) r.fail("id", "\"" + id + "\" has a second result; expected one per case");
    file.results.emplace(id, read_result(r, results[i], *it->second));
  }
  r.case_id.clear();
  for (const auto& c : expected.cases) {
    if (!file.results.count(c.id)) {
      r.fail("results", "case \"" + c.id + "\" of the vector file has no result; expected one per case (\"unsupported\" for a call not made)");
    }
  }
  return file;
}

ActualFile read_actual_file(const std::string& path, const VectorFile& expected) {
  return parse_actual_file(read_text_file(path), path, expected);
}

}  // namespace wn::oracle
