#include "json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "float_text.hpp"
#include "wn/dtype.hpp"
#include "wn/errors.hpp"

namespace wn::oracle {

using nlohmann::json;

void JsonReader::fail(const std::string& field, const std::string& message) const {
  throw VectorFormatError(file, case_id, field, message);
}

const json& JsonReader::member(const json& obj, const std::string& key, const std::string& field) const {
  if (!obj.is_object()) fail(field, "expected an object");
  const auto it = obj.find(key);
  if (it == obj.end()) fail(field.empty() ? key : field + "." + key, "missing");
  return *it;
}

std::string JsonReader::string_at(const json& obj, const std::string& key, const std::string& field) const {
  const json& j = member(obj, key, field);
  if (!j.is_string()) fail(field.empty() ? key : field + "." + key, "expected a string, got " + j.dump());
  return j.get<std::string>();
}

double JsonReader::float_at(const json& j, const std::string& field) const {
  if (!j.is_string()) fail(field, "expected a hex-float string (VEC-3), got " + j.dump());
  try {
    return parse_float(j.get<std::string>());
  } catch (const std::invalid_argument& e) {
    fail(field, e.what());
  }
}

Tensor JsonReader::tensor(const json& j, const std::string& field) const {
  if (!j.is_object()) fail(field, "expected a tensor object {dtype, shape, data}");
  DType dtype{};
  const std::string dtype_name = string_at(j, "dtype", field);
  try {
    dtype = parse_dtype(dtype_name, field + ".dtype");
  } catch (const InvalidArgument&) {
    fail(field + ".dtype", "unknown dtype \"" + dtype_name + "\"; expected float32 or float64");
  }
  // The format holds float32 and float64 (VEC-4); float16 and bfloat16 are
  // dtypes of the oracle (DTYPE-4) but not of its files yet.
  const auto& held = full_precision_dtypes();
  if (std::find(held.begin(), held.end(), dtype) == held.end()) {
    fail(field + ".dtype", "dtype \"" + dtype_name + "\" is not held by the vector format; expected float32 or float64");
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

Producer JsonReader::producer(const json& j, const std::string& field) const {
  Producer p{string_at(j, "name", field), string_at(j, "implementation", field), string_at(j, "version", field), {}};
  if (j.contains("deviations")) {
    const json& devs = j["deviations"];
    if (!devs.is_array()) fail(field + ".deviations", "expected an array of deviation ids");
    for (const auto& d : devs) {
      if (!d.is_string()) fail(field + ".deviations", "expected deviation ids as strings, got " + d.dump());
      p.deviations.push_back(d.get<std::string>());
    }
  }
  return p;
}

json JsonReader::document(const std::string& text, const char* format, int version) const {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) fail("", "the file is empty");
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    fail("", std::string("malformed JSON: ") + e.what());
  }
  if (!doc.is_object()) fail("", "expected a JSON object at the top level");
  if (string_at(doc, "format", "") != format) fail("format", std::string("expected \"") + format + "\"");
  const json& v = member(doc, "format_version", "");
  if (!v.is_number_integer()) fail("format_version", "expected an integer");
  // Compared as the JSON's own number, never narrowed first: get<int> would
  // read 4294967297 as 1.
  if (v != json(version)) {
    fail("format_version", "version " + v.dump() + " is not one this build reads (expected " + std::to_string(version) + ")");
  }
  return doc;
}

std::string read_text_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw VectorFormatError(path, "", "", "no such file");
  if (std::filesystem::is_directory(path, ec)) throw VectorFormatError(path, "", "", "is a directory, not a vector file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw VectorFormatError(path, "", "", "cannot be opened for reading");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace wn::oracle
