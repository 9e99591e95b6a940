// Zero slices, extreme magnitudes and non-finite values.
// Spec EDGE-1 .. EDGE-3, TOL-2; deviation DEV-1.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cmath>
#include <limits>

#include "generators.hpp"
#include "implementation_fixture.hpp"
#include "property_runner.hpp"
#include "tensor_ops.hpp"
#include "tolerance.hpp"

namespace wn::testing {
namespace {

using EdgeCases = PropertyTest;

TEST_P(EdgeCases, ZeroSliceGivesNaN) {
  check_property({"EDGE-1"}, [&] {
    const Case c = *gen_case(CaseOptions{1, 5, true});
    const ResolvedDim rd = resolve_dim(c.dim, c.v.shape(), "property");
    const std::int64_t zero = *rc::gen::inRange<std::int64_t>(0, slice_count(c.v.shape(), rd));
    std::vector<double> values = c.v.values();
    for (std::int64_t i = 0; i < c.v.numel(); ++i) {
      if (slice_index(c.v.shape(), rd, i) == zero) values[static_cast<std::size_t>(i)] = 0.0;
    }
    const Tensor v(c.dtype, c.v.shape(), values);
    const Tensor w = impl().weight_norm(v, c.g, c.dim);
    RC_ASSERT(impl().norm_except_dim(v, 2, c.dim)[zero] == 0.0);
    for (std::int64_t i = 0; i < v.numel(); ++i) {
      if (slice_index(v.shape(), rd, i) == zero) RC_ASSERT(std::isnan(w[i]));
    }
    // The other slices are untouched: the reference's values there.
    RC_ASSERT_COMPARISON(compare(w, reference().weight_norm(v, c.g, c.dim),
                                 weight_tolerance(c.dtype, slice_length(v.shape(), rd)) + reference_weight_tolerance(c.dtype), &v));
  });
}

TEST_P(EdgeCases, NonFiniteValuesPropagate) {
  check_property({"EDGE-3"}, [&] {
    const Case c = *gen_case();
    const double special = *rc::gen::element(std::numeric_limits<double>::quiet_NaN(),
                                             std::numeric_limits<double>::infinity(),
                                             -std::numeric_limits<double>::infinity());
    std::vector<double> values = c.v.values();
    values[static_cast<std::size_t>(*rc::gen::inRange<std::int64_t>(0, c.v.numel()))] = special;
    const Tensor v(c.dtype, c.v.shape(), values);
    const std::int64_t n = slice_length(v.shape(), resolve_dim(c.dim, v.shape(), "property"));
    RC_ASSERT_COMPARISON(compare(impl().norm_except_dim(v, 2, c.dim), reference().norm_except_dim(v, 2, c.dim),
                                 norm_tolerance(c.dtype, n) + reference_norm_tolerance(c.dtype)));
    RC_ASSERT_COMPARISON(compare(impl().weight_norm(v, c.g, c.dim), reference().weight_norm(v, c.g, c.dim),
                                 weight_tolerance(c.dtype, n) + reference_weight_tolerance(c.dtype), &v));
  });
}

// Integer tuples whose Euclidean norm is an integer: (3, 4) -> 5, (2, 3, 6) -> 7, ...
struct Pythagorean {
  std::vector<double> parts;
  double norm;
};
const std::vector<Pythagorean>& pythagorean_tuples() {
  static const std::vector<Pythagorean> t{{{3, 4}, 5}, {{1, 2, 2}, 3}, {{2, 3, 6}, 7}, {{1, 4, 8}, 9}, {{2, 6, 9}, 11}};
  return t;
}

// Whether the exact sum of squares of a slice lies where a plain sum of
// squares in the dtype overflows, or its squares fall below the normal
// range and lose precision: DEV-1's domain.
bool squares_leave_the_normal_range(double norm, DType dtype) {
  const auto& t = traits(dtype);
  return norm >= std::sqrt(t.max_finite) / 2 || norm <= std::sqrt(t.min_normal) * 16;
}

TEST_P(EdgeCases, ExtremeMagnitudes) {
  check_property({"EDGE-2", "TOL-2"}, [&] {
    // Rows of a [rows, k] tensor, each a tuple times 2^e with e near the ends
    // of the exponent range: the squares overflow or underflow, the norms
    // (tuple norm times 2^e) are exact normal numbers.
    const DType dtype = *gen_dtype();
    const bool f32 = dtype == DType::Float32;
    const auto& tuple = *rc::gen::elementOf(pythagorean_tuples());
    const auto rows = *rc::gen::inRange<std::int64_t>(1, 4);
    const auto k = static_cast<std::int64_t>(tuple.parts.size());
    std::vector<double> values, norms;
    for (std::int64_t r = 0; r < rows; ++r) {
      const int e = *rc::gen::oneOf(f32 ? rc::gen::inRange(64, 124) : rc::gen::inRange(512, 1019),
                                    f32 ? rc::gen::inRange(-122, -64) : rc::gen::inRange(-1018, -512));
      for (double p : tuple.parts) values.push_back(std::ldexp(p, e));
      norms.push_back(std::ldexp(tuple.norm, e));
    }
    const Tensor v(dtype, {rows, k}, values);
    const Tensor exact(dtype, {rows, 1}, norms);
    // TOL-2: the reference is exact here (the norms are representable).
    RC_ASSERT_COMPARISON(compare_identical(reference().norm_except_dim(v, 2, 0), exact));
    const Tensor n = impl().norm_except_dim(v, 2, 0);
    const Tensor g(dtype, {rows, 1}, std::vector<double>(static_cast<std::size_t>(rows), 1.0));
    const Tensor w = impl().weight_norm(v, g, 0);
    std::vector<double> unit;  // parts / norm, as the weight of g = 1 is
    for (std::int64_t r = 0; r < rows; ++r) {
      for (double p : tuple.parts) unit.push_back(p / tuple.norm);
    }
    const Comparison norm_ok = compare(n, exact, norm_tolerance(dtype, k));
    const Comparison weight_ok = compare(w, Tensor(dtype, {rows, k}, unit), weight_tolerance(dtype, k) + reference_weight_tolerance(dtype));
    if (norm_ok.ok && weight_ok.ok) return;
    // Outside DEV-1's domain, this is a plain failure.
    bool in_domain = false;
    for (double x : norms) in_domain = in_domain || squares_leave_the_normal_range(x, dtype);
    RC_ASSERT_COMPARISON(in_domain ? Comparison{} : (norm_ok.ok ? weight_ok : norm_ok));
    observe_deviation(impl(), "DEV-1");
  });
}

WN_INSTANTIATE_FOR_IMPLEMENTATIONS(EdgeCases);

}  // namespace
}  // namespace wn::testing
