// Zero slices, extreme magnitudes, non-finite values and every IEEE class of g.
// Spec EDGE-1 .. EDGE-4, TOL-2; deviations DEV-1, DEV-9.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cmath>
#include <limits>

#include "dev1_check.hpp"
#include "generators.hpp"
#include "implementation_fixture.hpp"
#include "property_runner.hpp"
#include "tensor_ops.hpp"
#include "tolerance.hpp"
#include "wn/deviations/g_over_norm.hpp"
#include "wn/deviations/norm_overflow.hpp"
#include "wn/deviations/paths.hpp"

namespace wn::testing {
namespace {

using EdgeCases = PropertyTest;

// The 16-bit twins (spec DTYPE-4) run the same bodies over float16 and
// bfloat16 (reduced_precision_options), outside DEV-1's domain
// (outside_dev1: float16's squares overflowing or underflowing float16 in
// LibTorch), which Agreement.ReducedPrecisionAgreesWithReference pins.

void check_zero_slice_gives_nan(const Implementation& impl, const Implementation& reference, const Case& c) {
  const ResolvedDim rd = resolve_dim(c.dim, c.v.shape(), "property");
  const std::int64_t zero = *rc::gen::inRange<std::int64_t>(0, slice_count(c.v.shape(), rd));
  std::vector<double> values = c.v.values();
  for (std::int64_t i = 0; i < c.v.numel(); ++i) {
    if (slice_index(c.v.shape(), rd, i) == zero) values[static_cast<std::size_t>(i)] = 0.0;
  }
  const Tensor v(c.dtype, c.v.shape(), values);
  const Tensor w = impl.weight_norm(v, c.g, c.dim);
  RC_ASSERT(impl.norm_except_dim(v, 2, c.dim)[zero] == 0.0);
  for (std::int64_t i = 0; i < v.numel(); ++i) {
    if (slice_index(v.shape(), rd, i) == zero) RC_ASSERT(std::isnan(w[i]));
  }
  // The other slices are untouched: the reference's values there.
  RC_ASSERT_COMPARISON(compare(w, reference.weight_norm(v, c.g, c.dim),
                               weight_tolerance(c.dtype, slice_length(v.shape(), rd)) + reference_weight_tolerance(c.dtype), &v));
}

TEST_P(EdgeCases, ZeroSliceGivesNaN) {
  check_property({"EDGE-1"}, [&] { check_zero_slice_gives_nan(impl(), reference(), *gen_case(CaseOptions{1, 5, true})); });
}

TEST_P(EdgeCases, ZeroSliceGivesNaNInReducedPrecision) {
  check_property({"EDGE-1", "DTYPE-4"}, [&] {
    const Case c = *rc::gen::suchThat(gen_case(reduced_precision_options(CaseOptions{1, 5, true})),
                                      [](const Case& x) { return outside_dev1(x.v, x.dim); });
    RC_TAG(to_string(c.dtype));
    check_zero_slice_gives_nan(impl(), reference(), c);
  });
}

void check_non_finite_values_propagate(const Implementation& impl, const Implementation& reference, const Case& c) {
  const double special = *rc::gen::element(std::numeric_limits<double>::quiet_NaN(),
                                           std::numeric_limits<double>::infinity(),
                                           -std::numeric_limits<double>::infinity());
  std::vector<double> values = c.v.values();
  values[static_cast<std::size_t>(*rc::gen::inRange<std::int64_t>(0, c.v.numel()))] = special;
  const Tensor v(c.dtype, c.v.shape(), values);
  const std::int64_t n = slice_length(v.shape(), resolve_dim(c.dim, v.shape(), "property"));
  RC_ASSERT_COMPARISON(compare(impl.norm_except_dim(v, 2, c.dim), reference.norm_except_dim(v, 2, c.dim),
                               norm_tolerance(c.dtype, n) + reference_norm_tolerance(c.dtype)));
  RC_ASSERT_COMPARISON(compare(impl.weight_norm(v, c.g, c.dim), reference.weight_norm(v, c.g, c.dim),
                               weight_tolerance(c.dtype, n) + reference_weight_tolerance(c.dtype), &v));
}

TEST_P(EdgeCases, NonFiniteValuesPropagate) {
  check_property({"EDGE-3"}, [&] { check_non_finite_values_propagate(impl(), reference(), *gen_case()); });
}

TEST_P(EdgeCases, NonFiniteValuesPropagateInReducedPrecision) {
  check_property({"EDGE-3", "DTYPE-4"}, [&] {
    const Case c = *rc::gen::suchThat(gen_case(reduced_precision_options({})),
                                      [](const Case& x) { return outside_dev1(x.v, x.dim); });
    RC_TAG(to_string(c.dtype));
    check_non_finite_values_propagate(impl(), reference(), c);
  });
}

// EDGE-4: g of every IEEE class (signed zeros, subnormals, the largest
// finite values, infinities, NaN) gives the weight IEEE arithmetic gives
// g v_i / ‖v‖: within TOL-1, NaN exactly where it is NaN, infinities of the
// same sign, zeros of the same sign. An implementation declaring DEV-9 must,
// where LibTorch's fl(g / ‖v‖) overflows though the weight is finite, give
// exactly the model's ±inf (wn/deviations/g_over_norm.hpp).
// Zeros of w must carry expected's sign (compare() looks at magnitudes only).
Comparison compare_zero_signs(const Tensor& w, const Tensor& expected) {
  for (std::int64_t i = 0; i < w.numel(); ++i) {
    if (expected[i] == 0.0 && std::signbit(w[i]) != std::signbit(expected[i])) {
      return {false, "element " + std::to_string(i) + ": " + (std::signbit(w[i]) ? "-0" : "+0") + " where " +
                         (std::signbit(expected[i]) ? "-0" : "+0") + " is expected"};
    }
  }
  return {};
}

void check_every_ieee_class_of_g(const Implementation& impl, const Implementation& reference, const Case& c) {
  const std::int64_t n = slice_length(c.v.shape(), resolve_dim(c.dim, c.v.shape(), "property"));
  const Tolerance tol = weight_tolerance(c.dtype, n) + reference_weight_tolerance(c.dtype);
  const Tensor w = impl.weight_norm(c.v, c.g, c.dim);
  const Tensor spec = reference.weight_norm(c.v, c.g, c.dim);
  const Comparison as_spec = compare(w, spec, tol, &c.v);
  if (impl.has_deviation("DEV-9")) {
    // The norm LibTorch divides by: in quotient_dtype (bfloat16's fused
    // kernel divides by its float32 norm), within TOL-1 of the exact one.
    const DType qd = deviations::quotient_dtype(c.dtype, deviations::takes_fused_path(c.v.shape(), c.dim));
    const deviations::GOverNormModel model =
        deviations::g_over_norm_model(c.v, c.g, c.dim, reference.norm_except_dim(c.v.to(qd), 2, c.dim), spec);
    if (model.any_in_domain()) {
      std::vector<double> e = spec.values();
      for (std::size_t i = 0; i < e.size(); ++i) {
        if (model.in_domain[i]) e[i] = model.weight[static_cast<std::int64_t>(i)];
      }
      const Tensor pinned(c.dtype, c.v.shape(), e);
      const Comparison as_model = compare(w, pinned, tol, &c.v);
      if (!as_model.ok && as_spec.ok) {
        spec_behaviour_in_deviation_domain("DEV-9");
      } else {
        RC_ASSERT_COMPARISON(as_model);
        RC_ASSERT_COMPARISON(compare_zero_signs(w, pinned));
        observe_deviation(impl, "DEV-9");
        return;
      }
    }
  }
  RC_ASSERT_COMPARISON(as_spec);
  RC_ASSERT_COMPARISON(compare_zero_signs(w, spec));
}

TEST_P(EdgeCases, EveryIeeeClassOfGPropagates) {
  check_property({"EDGE-4", "DEV-9"}, [&] { check_every_ieee_class_of_g(impl(), reference(), *gen_special_g_case()); });
}

TEST_P(EdgeCases, EveryIeeeClassOfGPropagatesInReducedPrecision) {
  check_property({"EDGE-4", "DTYPE-4", "DEV-9"}, [&] {
    const Case c = *rc::gen::suchThat(gen_special_g_case(reduced_precision_options({})),
                                      [](const Case& x) { return outside_dev1(x.v, x.dim); });
    RC_TAG(to_string(c.dtype));
    check_every_ieee_class_of_g(impl(), reference(), c);
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

// Row r of a [rows, k] tensor, as a [1, k] tensor (or [1, 1] for norms).
Tensor row_of(const Tensor& t, std::int64_t r) {
  const std::int64_t k = t.size(1);
  const std::vector<double> values = t.values();
  const auto begin = values.begin() + r * k;
  return Tensor(t.dtype(), {1, k}, std::vector<double>(begin, begin + k));
}

// DEV-1 pinned for one row in its domain (check_against_dev1_model; measured
// for the subnormal squares' term: 8.0e-24 for k = 3 at 2^-74 in float32,
// where the bound is 6.5e-23).
void check_dev1_row(const Tensor& v, const Tensor& g, const Tensor& n, const Tensor& w, std::int64_t r) {
  const DType dtype = v.dtype();
  check_against_dev1_model(row_of(v, r), Tensor(dtype, {1, 1}, {g[r]}), 0, Tensor(dtype, {1, 1}, {n[r]}), row_of(w, r));
}

TEST_P(EdgeCases, ExtremeMagnitudes) {
  check_property({"EDGE-2", "TOL-2", "DEV-1"}, [&] {
    // Rows of a [rows, k] tensor, each a tuple times 2^e with e near the ends
    // of the exponent range (the squares overflow or underflow, the norms,
    // tuple norm times 2^e, are exact normal numbers), or ordinary (the
    // squares stay normal: outside DEV-1's domain, where a declared
    // deviation excuses nothing).
    const DType dtype = *gen_dtype();
    const bool f32 = dtype == DType::Float32;
    const auto& tuple = *rc::gen::elementOf(pythagorean_tuples());
    const auto rows = *rc::gen::inRange<std::int64_t>(1, 4);
    const auto k = static_cast<std::int64_t>(tuple.parts.size());
    std::vector<double> values, norms, g_values;
    for (std::int64_t r = 0; r < rows; ++r) {
      const int e = *rc::gen::oneOf(f32 ? rc::gen::inRange(64, 124) : rc::gen::inRange(512, 1019),
                                    f32 ? rc::gen::inRange(-122, -64) : rc::gen::inRange(-1018, -512),
                                    f32 ? rc::gen::inRange(-40, 40) : rc::gen::inRange(-400, 400));
      const double sign = *rc::gen::element(1.0, -1.0);
      for (double p : tuple.parts) values.push_back(sign * std::ldexp(p, e));
      norms.push_back(std::ldexp(tuple.norm, e));
      g_values.push_back(*rc::gen::element(1.0, -2.0));
    }
    const Tensor v(dtype, {rows, k}, values);
    const Tensor exact(dtype, {rows, 1}, norms);
    // TOL-2: the reference is exact here (the norms are representable).
    RC_ASSERT_COMPARISON(compare_identical(reference().norm_except_dim(v, 2, 0), exact));
    const Tensor n = impl().norm_except_dim(v, 2, 0);
    const Tensor g(dtype, {rows, 1}, g_values);
    const Tensor w = impl().weight_norm(v, g, 0);
    const Tensor spec_w = reference().weight_norm(v, g, 0);
    const deviations::NormModel model = deviations::norm_model(v, 0);
    const bool declared = impl().has_deviation("DEV-1");
    bool deviated = false;
    for (std::int64_t r = 0; r < rows; ++r) {
      const Tensor n_row(dtype, {1, 1}, {n[r]}), exact_row(dtype, {1, 1}, {norms[static_cast<std::size_t>(r)]});
      const Tensor v_row = row_of(v, r);
      const Comparison norm_ok = compare(n_row, exact_row, norm_tolerance(dtype, k));
      const Comparison weight_ok = compare(row_of(w, r), row_of(spec_w, r),
                                           weight_tolerance(dtype, k) + reference_weight_tolerance(dtype), &v_row);
      if (norm_ok.ok && weight_ok.ok) continue;
      // Outside DEV-1's domain, or for an implementation not declaring it, a plain failure.
      if (!declared || !model.in_domain[static_cast<std::size_t>(r)]) RC_ASSERT_COMPARISON(norm_ok.ok ? weight_ok : norm_ok);
      check_dev1_row(v, g, n, w, r);
      deviated = true;
    }
    if (deviated) {
      observe_deviation(impl(), "DEV-1");
    } else if (declared && model.any_in_domain()) {
      spec_behaviour_in_deviation_domain("DEV-1");
    }
  });
}

WN_INSTANTIATE_FOR_IMPLEMENTATIONS(EdgeCases);

}  // namespace
}  // namespace wn::testing
