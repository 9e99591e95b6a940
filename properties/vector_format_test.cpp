// Family: golden vector files (spec/16-vector-format.md). What an
// implementation records reads back bit for bit and replays exactly; a
// corrupted file is one error naming file, case and field.
// Spec VEC-1 .. VEC-9.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cmath>
#include <functional>
#include <limits>

#include "generators.hpp"
#include "implementation_fixture.hpp"
#include "property_runner.hpp"
#include "actual_outputs.hpp"
#include "replay.hpp"
#include "vector_compare.hpp"
#include "vector_format.hpp"

namespace wn::testing {
namespace {

using oracle::VectorCase;
using oracle::VectorFile;
using VectorFormat = PropertyTest;

// The values VEC-3 singles out: signed zeros, subnormals, extremes, non-finite.
rc::Gen<double> gen_special(DType dtype) {
  const auto& t = traits(dtype);
  return rc::gen::element(-0.0, 0.0, t.min_subnormal, -t.min_subnormal * 3, t.min_normal, t.max_finite,
                          -t.max_finite, std::numeric_limits<double>::infinity(),
                          -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN());
}

Tensor with_specials(const Tensor& t) {
  std::vector<double> values = t.values();
  const auto count = *rc::gen::inRange<std::size_t>(0, values.size() + 1);
  for (std::size_t k = 0; k < count; ++k) {
    values[*rc::gen::inRange<std::size_t>(0, values.size())] = *gen_special(t.dtype());
  }
  return Tensor(t.dtype(), t.shape(), values);
}

VectorFile one_case_file(const Implementation& impl, VectorCase c) {
  c.id = c.operation + "/0";
  c.outputs = oracle::run_operation(impl, c);
  VectorFile f;
  f.producer = {"vector_format_test", impl.name(), impl.version(), impl.known_deviations()};
  f.seed = 42;
  f.cases.push_back(c);
  return f;
}

// A compose case of v and g at c's dim (no outputs yet).
VectorCase compose_case(const Case& c, const Tensor& v, const Tensor& g) {
  VectorCase vc;
  vc.operation = "compose";
  vc.dim = c.dim;
  vc.inputs = {{"v", v}, {"g", g}};
  return vc;
}

VectorFile reread(const VectorFile& f) { return oracle::parse_vector_file(oracle::to_json(f).dump(), "memory.json"); }

TEST_P(VectorFormat, TensorsRoundTripBitForBit) {
  check_property({"VEC-3", "VEC-4"}, [&] {
    const Case c = *gen_case();
    const VectorCase vc = compose_case(c, with_specials(c.v), with_specials(c.g));
    const VectorFile back = reread(one_case_file(impl(), vc));
    const VectorFile written = one_case_file(impl(), vc);
    for (auto side : {&VectorCase::inputs, &VectorCase::outputs}) {
      for (const auto& [name, t] : written.cases[0].*side) {
        RC_ASSERT(oracle::bitwise_identical((back.cases[0].*side).at(name), t));
      }
    }
  });
}

TEST_P(VectorFormat, RecordedOutputsReplayExactly) {
  check_property({"VEC-1", "VEC-2", "VEC-5", "VEC-6", "VEC-7"}, [&] {
    // A vector file holds values, not layouts: the case is recorded as it is
    // replayed, contiguous (a whole tensor's norm may depend on the layout's
    // memory order, SHAPE-5).
    const Case c = *gen_contiguous_case();
    VectorCase vc;
    vc.operation = *rc::gen::element<std::string>("norm_except_dim", "compose", "decompose", "remove");
    vc.dim = c.dim;
    if (vc.operation == "decompose") vc.inputs = {{"weight", c.v}};
    else if (vc.operation == "norm_except_dim") vc.inputs = {{"v", c.v}};
    else vc.inputs = {{"v", c.v}, {"g", c.g}};
    const VectorFile written = one_case_file(impl(), vc);
    const VectorFile back = reread(written);
    RC_ASSERT(back.format_version == oracle::kVectorFormatVersion);
    RC_ASSERT(back.producer.implementation == impl().name());
    RC_ASSERT(back.producer.version == impl().version());
    RC_ASSERT(back.producer.deviations == impl().known_deviations());
    RC_ASSERT(back.seed == 42u);
    RC_ASSERT(back.cases.size() == 1u);
    RC_ASSERT(back.cases[0].dim == c.dim);
    // The same implementation replays its own recording with no difference at all.
    const oracle::CaseResult r = oracle::replay_case(impl(), back.cases[0]);
    RC_ASSERT(r.status == "passed");
    RC_ASSERT(r.max_ulps == 0.0);
  });
}

// An actual-outputs file (VEC-9) holding `outputs` as the result of f's one case.
nlohmann::json actual_json(const VectorFile& f, const std::map<std::string, Tensor>& outputs) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, t] : outputs) out[name] = oracle::tensor_to_json(t);
  return {{"format", oracle::kActualFormatName},
          {"format_version", oracle::kActualFormatVersion},
          {"producer", {{"name", "vector_format_test"}, {"implementation", "written"}, {"version", "1"}}},
          {"results", {{{"id", f.cases[0].id}, {"result", "value"}, {"outputs", out}}}}};
}

TEST_P(VectorFormat, ActualOutputsAreJudgedAsTheirReplay) {
  check_property({"VEC-9", "VEC-6"}, [&] {
    const Case c = *gen_case();
    const VectorCase vc = compose_case(c, c.v, c.g);
    const VectorFile recorded = reread(one_case_file(impl(), vc));
    // The outputs another implementation returned: the recording itself, or
    // the recording with one element moved far outside any bound.
    std::map<std::string, Tensor> outputs = recorded.cases[0].outputs;
    const bool wrong = *rc::gen::arbitrary<bool>() && outputs.at("w").numel() > 0;
    if (wrong) {
      std::vector<double> w = outputs.at("w").values();
      const auto i = *rc::gen::inRange<std::size_t>(0, w.size());
      w[i] = std::isfinite(w[i]) ? w[i] + std::fabs(w[i]) + 1 : 0.0;  // at least 1 away, or inf
      outputs["w"] = Tensor(outputs.at("w").dtype(), outputs.at("w").shape(), w);
    }
    RC_TAG(wrong ? "wrong output" : "recorded output");
    const oracle::ActualFile actual = oracle::parse_actual_file(actual_json(recorded, outputs).dump(), "actual.json", recorded);
    const VectorCase& rc_case = recorded.cases[0];
    const oracle::CaseResult judged = oracle::judge_case(rc_case, actual.results.at(rc_case.id));
    // The same judgement as a replay returning those outputs.
    const oracle::CaseResult replayed =
        oracle::judge_case(rc_case, {oracle::Observation::Kind::Value, outputs, ""});
    RC_ASSERT(judged.status == replayed.status);
    RC_ASSERT(judged.max_ulps == replayed.max_ulps);
    RC_ASSERT(judged.status == std::string(wrong ? "failed" : "passed"));
    // A file missing the case's result is one error naming file and field.
    nlohmann::json empty = actual_json(recorded, outputs);
    empty["results"] = nlohmann::json::array();
    try {
      oracle::parse_actual_file(empty.dump(), "actual.json", recorded);
      RC_FAIL("accepted an actual-outputs file without the case's result");
    } catch (const oracle::VectorFormatError& e) {
      RC_ASSERT(e.file() == "actual.json");
      RC_ASSERT(e.field() == "results");
    }
  });
}

struct Corruption {
  std::string what;
  std::function<void(nlohmann::json&)> apply;
  std::string field;  // the field the error must name
};

TEST_P(VectorFormat, CorruptedFilesAreRejected) {
  check_property({"VEC-8", "VEC-1", "VEC-4", "VEC-5"}, [&] {
    const Case c = *gen_case();
    const VectorCase vc = compose_case(c, c.v, c.g);
    nlohmann::json doc = oracle::to_json(one_case_file(impl(), vc));
    const std::vector<Corruption> corruptions{
        {"one value too few", [](nlohmann::json& d) { d["cases"][0]["inputs"]["v"]["data"].erase(0); }, "inputs.v.data"},
        {"unknown dtype", [](nlohmann::json& d) { d["cases"][0]["inputs"]["g"]["dtype"] = "float16"; }, "inputs.g.dtype"},
        {"unknown operation", [](nlohmann::json& d) { d["cases"][0]["operation"] = "compose2"; }, "operation"},
        {"dim out of range", [&](nlohmann::json& d) { d["cases"][0]["dim"] = c.v.rank() + 2; }, "dim"},
        {"huge shape", [](nlohmann::json& d) { d["cases"][0]["inputs"]["v"]["shape"] = {1 << 20, 1 << 20, 1 << 20}; }, "inputs.v.shape"},
        {"decimal value", [](nlohmann::json& d) { d["cases"][0]["outputs"]["w"]["data"][0] = "0.5"; }, "outputs.w.data[0]"},
        {"number value", [](nlohmann::json& d) { d["cases"][0]["outputs"]["w"]["data"][0] = 0.5; }, "outputs.w.data[0]"},
        {"missing output", [](nlohmann::json& d) { d["cases"][0]["outputs"].erase("w"); }, "outputs.w"},
        {"future version", [](nlohmann::json& d) { d["format_version"] = 2; }, "format_version"},
    };
    const Corruption& k = *rc::gen::elementOf(corruptions);
    RC_TAG(k.what);
    k.apply(doc);
    try {
      oracle::parse_vector_file(doc.dump(), "corrupt.json");
      RC_FAIL("accepted a file with " + k.what);
    } catch (const oracle::VectorFormatError& e) {
      RC_ASSERT(e.file() == "corrupt.json");
      RC_ASSERT(e.field() == k.field);
      if (k.field != "format_version") RC_ASSERT(e.case_id() == "compose/0");
    }
    // Text that is not JSON at all, cut anywhere: one error naming the file.
    const std::string text = oracle::to_json(one_case_file(impl(), vc)).dump();
    const std::size_t cut = *rc::gen::inRange<std::size_t>(0, text.size() - 1);
    try {
      oracle::parse_vector_file(text.substr(0, cut), "cut.json");
      RC_FAIL("accepted a file cut at byte " + std::to_string(cut));
    } catch (const oracle::VectorFormatError& e) {
      RC_ASSERT(e.file() == "cut.json");
    }
  });
}

WN_INSTANTIATE_FOR_IMPLEMENTATIONS(VectorFormat);

}  // namespace
}  // namespace wn::testing
