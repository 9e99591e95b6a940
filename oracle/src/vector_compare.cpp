#include "vector_compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "wn/check/case_bounds.hpp"
#include "wn/dtype.hpp"

namespace wn::oracle {

namespace {
// Shared by both forms: `allowed(i, e)` is the bound of element i.
template <class Allowed>
TensorDifference compare_elements(const Tensor& actual, const Tensor& expected, Allowed allowed) {
  TensorDifference d;
  if (actual.dtype() != expected.dtype()) {
    d.ok = false;
    d.problem = "dtype " + to_string(actual.dtype()) + ", recorded " + to_string(expected.dtype());
    return d;
  }
  if (actual.shape() != expected.shape()) {
    d.ok = false;
    d.problem = "shape " + to_string(actual.shape()) + ", recorded " + to_string(expected.shape());
    return d;
  }
  for (std::int64_t i = 0; i < actual.numel(); ++i) {
    const double a = actual[i], e = expected[i];
    bool within;
    double rel = 0.0;
    if (std::isnan(a) || std::isnan(e) || std::isinf(a) || std::isinf(e)) {
      within = (std::isnan(a) && std::isnan(e)) || a == e;
      rel = within ? 0.0 : std::numeric_limits<double>::infinity();
    } else {
      const double diff = std::fabs(a - e);
      rel = diff == 0.0 ? 0.0 : (e == 0.0 ? std::numeric_limits<double>::infinity() : diff / std::fabs(e));
      within = diff <= allowed(i, e);
    }
    const double ulps = ulp_distance(a, e, actual.dtype());
    if (ulps > d.max_ulps) d.max_ulps = ulps;
    if (rel > d.max_rel) d.max_rel = rel;
    if (!within && d.ok) {
      d.ok = false;
      d.worst = i;
      d.worst_actual = a;
      d.worst_expected = e;
    }
  }
  return d;
}
}  // namespace

TensorDifference compare_tensors(const Tensor& actual, const Tensor& expected, const VectorTolerance& tol) {
  return compare_elements(actual, expected,
                          [&](std::int64_t, double e) { return tol.rel * std::fabs(e) + tol.abs; });
}

TensorDifference compare_tensors(const Tensor& actual, const Tensor& expected, const Tensor& bound) {
  if (bound.numel() != expected.numel()) {
    TensorDifference d;
    d.ok = false;
    d.problem = "shape " + to_string(expected.shape()) + " has no bound of the rule's shape " + to_string(bound.shape());
    return d;
  }
  return compare_elements(actual, expected, [&](std::int64_t i, double) { return bound[i]; });
}

std::map<std::string, Tensor> effective_bounds(const VectorCase& c, const std::map<std::string, Tensor>& expected,
                                               std::string& note, std::string* source) {
  const check::CaseBounds rule = check::case_bounds(c.operation, c.dim, c.pow, c.lr, c.inputs, expected);
  if (source != nullptr) *source = rule.source;
  std::map<std::string, Tensor> out;
  bool looser = false;
  for (const auto& [name, e] : expected) {
    const auto it = rule.bound.find(name);
    const bool has_rule = rule.has_rule && it != rule.bound.end() && it->second.numel() == e.numel();
    if (!has_rule && !c.has_tolerance) continue;
    std::vector<double> b(static_cast<std::size_t>(e.numel()));
    for (std::int64_t i = 0; i < e.numel(); ++i) {
      const double file = c.has_tolerance ? c.tolerance.rel * std::fabs(e[i]) + c.tolerance.abs
                                          : std::numeric_limits<double>::infinity();
      const double r = has_rule ? it->second[i] : std::numeric_limits<double>::infinity();
      looser = looser || (has_rule && c.has_tolerance && !(file <= r));
      b[static_cast<std::size_t>(i)] = std::isnan(file) ? r : std::min(file, r);
    }
    out.emplace(name, Tensor(DType::Float64, e.shape(), std::move(b)));
  }
  if (looser) note = "the file's tolerance is looser than the rule's (" + rule.source + "); the rule is used";
  if (out.size() < expected.size()) note = "no rule of the spec and no tolerance in the file bound an output";
  return out;
}

bool bitwise_identical(const Tensor& a, const Tensor& b) {
  if (a.dtype() != b.dtype() || a.shape() != b.shape()) return false;
  for (std::int64_t i = 0; i < a.numel(); ++i) {
    const double x = a[i], y = b[i];
    if (std::isnan(x) && std::isnan(y)) continue;
    if (std::memcmp(&x, &y, sizeof x) != 0) return false;
  }
  return true;
}

}  // namespace wn::oracle
