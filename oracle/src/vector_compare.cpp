#include "vector_compare.hpp"

#include <cmath>
#include <cstring>
#include <limits>

#include "wn/dtype.hpp"

namespace wn::oracle {

TensorDifference compare_tensors(const Tensor& actual, const Tensor& expected, const VectorTolerance& tol) {
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
      within = diff <= tol.rel * std::fabs(e) + tol.abs;
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
