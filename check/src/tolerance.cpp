#include "wn/check/tolerance.hpp"

#include <cmath>
#include <iomanip>
#include <sstream>

namespace wn::check {

Tolerance norm_tolerance(DType dtype, std::int64_t n) {
  const auto& t = traits(dtype);
  return {(static_cast<double>(n) / 2.0 + 1.0) * t.unit_roundoff,
          static_cast<double>(n) * t.min_subnormal,
          "TOL-1: (n/2 + 1) u for a norm of n = " + std::to_string(n) + " elements in " + to_string(dtype)};
}

Tolerance weight_tolerance(DType dtype, std::int64_t n) {
  const auto& t = traits(dtype);
  return {(static_cast<double>(n) / 2.0 + 3.0) * t.unit_roundoff, t.min_subnormal,
          "TOL-1: (n/2 + 3) u for weights of n = " + std::to_string(n) + "-element slices in " + to_string(dtype)};
}

Tolerance power_norm_tolerance(DType dtype, std::int64_t n, std::int64_t p) {
  if (p == 0) return {0.0, 0.0, "NORM-3: p = 0 counts elements, exactly"};
  if (p == 2) return norm_tolerance(dtype, n);
  const double ap = static_cast<double>(p < 0 ? -p : p);
  return {((static_cast<double>(n) + 2.0) / ap + 3.0) * traits(dtype).unit_roundoff, 0.0,
          "TOL-1: ((n + 2)/|p| + 3) u for a " + std::to_string(p) + "-norm of n = " + std::to_string(n) +
              " elements in " + to_string(dtype)};
}

double allowed_error(const Tolerance& tol, double expected, const double* scale) {
  const double s = scale != nullptr ? std::fabs(*scale) + 1.0 : 1.0;
  return tol.rel * std::fabs(expected) + tol.abs * s;
}

Tolerance reference_norm_tolerance(DType dtype) {
  return {2.0 * kReferenceNormClaimUlps * traits(dtype).unit_roundoff, traits(dtype).min_subnormal, "TOL-2: reference norm within 0.5 ulp"};
}

Tolerance reference_weight_tolerance(DType dtype) {
  return {2.0 * kReferenceWeightClaimUlps * traits(dtype).unit_roundoff, traits(dtype).min_subnormal,
          "TOL-2: reference weight within 1 ulp"};
}

Tolerance operator+(const Tolerance& a, const Tolerance& b) {
  return {a.rel + b.rel, a.abs + b.abs, a.source + " + " + b.source};
}

Tolerance operator*(double k, const Tolerance& t) {
  std::ostringstream os;
  os << k << " x (" << t.source << ")";
  return {k * t.rel, k * t.abs, os.str()};
}

namespace {
std::string describe(const char* what, const Tensor& actual, const Tensor& expected) {
  std::ostringstream os;
  os << what << ": actual " << to_string(actual.dtype()) << to_string(actual.shape()) << ", expected "
     << to_string(expected.dtype()) << to_string(expected.shape());
  return os.str();
}
}  // namespace

Comparison compare(const Tensor& actual, const Tensor& expected, const Tolerance& tol, const Tensor* abs_scale) {
  if (actual.dtype() != expected.dtype()) return {false, describe("dtype differs", actual, expected)};
  if (actual.shape() != expected.shape()) return {false, describe("shape differs", actual, expected)};
  for (std::int64_t i = 0; i < actual.numel(); ++i) {
    const double a = actual[i], e = expected[i];
    bool ok;
    if (std::isnan(e) || std::isnan(a)) {
      ok = std::isnan(e) && std::isnan(a);
    } else if (std::isinf(e) || std::isinf(a)) {
      ok = a == e;
    } else {
      const double scale = abs_scale ? (*abs_scale)[i] : 0.0;
      ok = std::fabs(a - e) <= allowed_error(tol, e, abs_scale ? &scale : nullptr);
    }
    if (!ok) {
      std::ostringstream os;
      os << std::setprecision(17) << "element " << i << " of " << to_string(actual.shape()) << ": actual " << a
         << ", expected " << e << " (difference " << std::fabs(a - e) << ", "
         << ulp_distance(a, e, actual.dtype()) << " ulp; allowed " << tol.rel << " relative + " << tol.abs
         << " absolute: " << tol.source << ")";
      return {false, os.str()};
    }
  }
  return {};
}

Comparison compare_identical(const Tensor& actual, const Tensor& expected) {
  if (actual.dtype() != expected.dtype()) return {false, describe("dtype differs", actual, expected)};
  if (actual.shape() != expected.shape()) return {false, describe("shape differs", actual, expected)};
  if (actual.identical(expected)) return {};
  for (std::int64_t i = 0; i < actual.numel(); ++i) {
    if (!Tensor(actual.dtype(), {}, {actual[i]}).identical(Tensor(expected.dtype(), {}, {expected[i]}))) {
      std::ostringstream os;
      os << std::setprecision(17) << "not bit-identical at element " << i << ": actual " << actual[i]
         << ", expected " << expected[i];
      return {false, os.str()};
    }
  }
  return {false, "not bit-identical"};
}

}  // namespace wn::check
