// Family 1: dim = none against dim = 0, and the other dim equivalences.
// Spec DIM-2 .. DIM-5, NORM-1, NORM-2, COMP-1, COMP-4, DEF-1.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cmath>

#include "generators.hpp"
#include "implementation_fixture.hpp"
#include "property_runner.hpp"
#include "tensor_ops.hpp"
#include "tolerance.hpp"

namespace wn::testing {
namespace {

using DimEquivalences = PropertyTest;

TEST_P(DimEquivalences, NoneIsTheWholeTensorNorm) {
  check_property({"DIM-3", "NORM-1"}, [&] {
    const Case c = *gen_case();
    const Tensor n = impl().norm_except_dim(c.v, 2, kNone);
    RC_ASSERT(n.shape() == Shape{});
    const Tensor exact = reference().norm_except_dim(c.v, 2, kNone);
    RC_ASSERT_COMPARISON(compare(n, exact, norm_tolerance(c.dtype, c.v.numel()) + reference_norm_tolerance(c.dtype)));
  });
}

TEST_P(DimEquivalences, MinusOneIsNone) {
  check_property({"DIM-3"}, [&] {
    const Case c = *gen_case();
    RC_ASSERT_COMPARISON(compare_identical(impl().norm_except_dim(c.v, 2, DimArg{-1}), impl().norm_except_dim(c.v, 2, kNone)));
    const Tensor g = Tensor::scalar(c.dtype, c.g[0]);
    RC_ASSERT_COMPARISON(compare_identical(impl().weight_norm(c.v, g, DimArg{-1}), impl().weight_norm(c.v, g, kNone)));
  });
}

TEST_P(DimEquivalences, NoneEqualsDimZeroOnOneRow) {
  check_property({"DIM-5"}, [&] {
    const Case c = *gen_case();
    const Tensor g = Tensor::scalar(c.dtype, c.g[0]);
    const Tensor whole = impl().weight_norm(c.v, g, kNone);
    const Tensor row = impl().weight_norm(c.v.reshaped({1, c.v.numel()}), g.reshaped({1, 1}), 0);
    // Two results of one implementation (possibly by different code paths): twice its bound.
    RC_ASSERT_COMPARISON(compare(row.reshaped(c.v.shape()), whole, 2.0 * weight_tolerance(c.dtype, c.v.numel()), &c.v));
  });
}

TEST_P(DimEquivalences, SingleSliceDimZeroEqualsNone) {
  check_property({"DIM-5"}, [&] {
    Case c = *gen_case();
    Shape one = c.v.shape();
    one[0] = 1;
    std::vector<double> first = c.v.values();
    first.resize(static_cast<std::size_t>(numel(one)));
    const Tensor v = without_zero_slices(Tensor(c.dtype, one, first), kNone);
    const double g = c.g[0];
    Shape g_shape(one.size(), 1);
    const Tensor by_dim0 = impl().weight_norm(v, Tensor(c.dtype, g_shape, {g}), 0);
    const Tensor by_none = impl().weight_norm(v, Tensor::scalar(c.dtype, g), kNone);
    RC_ASSERT_COMPARISON(compare(by_dim0, by_none, 2.0 * weight_tolerance(c.dtype, v.numel()), &v));
  });
}

TEST_P(DimEquivalences, DimZeroIsPerSliceFormula) {
  check_property({"DEF-1", "COMP-1", "NORM-2"}, [&] {
    const Case c = *gen_case(CaseOptions{1, 5, true});
    const ResolvedDim rd{false, 0};
    const Tensor g = Tensor(c.dtype, norm_shape(rd, c.v.shape()), *rc::gen::container<std::vector<double>>(
                                                                     static_cast<std::size_t>(c.v.size(0)), gen_g_value(c.dtype)));
    const Tensor v = without_zero_slices(c.v, 0);
    // The norm of dim 0 is the norm of each row of v flattened to [size(0), -1].
    const Tensor n = impl().norm_except_dim(v, 2, 0);
    // The formula below indexes n by slice: a norm of another shape is a
    // failure here, not a read past its end (found by ASan on norm-over-dim).
    RC_ASSERT(n.shape() == norm_shape(rd, v.shape()));
    const Tensor flat = impl().norm_except_dim(v.reshaped({v.size(0), v.numel() / v.size(0)}), 2, 0);
    RC_ASSERT_COMPARISON(compare(n, flat.reshaped(n.shape()), 2.0 * norm_tolerance(c.dtype, slice_length(v.shape(), rd))));
    // w = g * v / n, per slice, from the implementation's own norm.
    const Tensor w = impl().weight_norm(v, g, 0);
    std::vector<double> formula(static_cast<std::size_t>(v.numel()));
    for (std::int64_t i = 0; i < v.numel(); ++i) {
      const std::int64_t s = slice_index(v.shape(), rd, i);
      formula[static_cast<std::size_t>(i)] = static_cast<double>(static_cast<long double>(v[i]) * g[s] / n[s]);
    }
    const Tensor expected(c.dtype, v.shape(), formula);
    RC_ASSERT_COMPARISON(compare(w, expected, 2.0 * weight_tolerance(c.dtype, slice_length(v.shape(), rd)), &v));
  });
}

TEST_P(DimEquivalences, DimKEqualsMovingKToFront) {
  check_property({"DIM-2", "DEF-2"}, [&] {
    const Case c = *gen_case(CaseOptions{1, 5, true});
    const ResolvedDim rd = resolve_dim(c.dim, c.v.shape(), "property");
    const Tensor front = move_axis_to_front(c.v, rd.axis);
    const Tensor n = impl().norm_except_dim(c.v, 2, c.dim);
    const Tensor n_front = impl().norm_except_dim(front, 2, 0);
    const auto tol_n = 2.0 * norm_tolerance(c.dtype, slice_length(c.v.shape(), rd));
    RC_ASSERT_COMPARISON(compare(move_front_to_axis(n_front, rd.axis), n, tol_n));
    const Tensor w = impl().weight_norm(c.v, c.g, c.dim);
    const Tensor w_front = impl().weight_norm(front, move_axis_to_front(c.g, rd.axis), 0);
    RC_ASSERT_COMPARISON(compare(move_front_to_axis(w_front, rd.axis), w,
                                 2.0 * weight_tolerance(c.dtype, slice_length(c.v.shape(), rd)), &c.v));
  });
}

TEST_P(DimEquivalences, NegativeDimWraps) {
  check_property({"DIM-4"}, [&] {
    const Case c = *gen_case(CaseOptions{2, 5, true});
    const ResolvedDim rd = resolve_dim(c.dim, c.v.shape(), "property");
    const std::int64_t negative = rd.axis - c.v.rank();
    RC_PRE(negative != -1);  // -1 is none (DIM-3), not the last dim
    RC_ASSERT_COMPARISON(compare(impl().norm_except_dim(c.v, 2, negative), impl().norm_except_dim(c.v, 2, rd.axis),
                                 2.0 * norm_tolerance(c.dtype, slice_length(c.v.shape(), rd))));
    RC_ASSERT_COMPARISON(compare(impl().weight_norm(c.v, c.g, negative), impl().weight_norm(c.v, c.g, rd.axis),
                                 2.0 * weight_tolerance(c.dtype, slice_length(c.v.shape(), rd)), &c.v));
  });
}

// The thread's formula: weight_g / weight_v.norm() * weight_v, one whole-tensor norm.
Tensor thread_formula(const Implementation& impl, const Tensor& v, const Tensor& g, const ResolvedDim& rd) {
  const double whole = impl.norm_except_dim(v, 2, kNone)[0];
  std::vector<double> w(static_cast<std::size_t>(v.numel()));
  for (std::int64_t i = 0; i < v.numel(); ++i) {
    w[static_cast<std::size_t>(i)] = static_cast<double>(static_cast<long double>(g[slice_index(v.shape(), rd, i)]) / whole * v[i]);
  }
  return Tensor(v.dtype(), v.shape(), w);
}

TEST_P(DimEquivalences, ThreadFormulaIsDimNone) {
  check_property({"COMP-4"}, [&] {
    const Case c = *gen_case();
    const Tensor g = Tensor::scalar(c.dtype, c.g[0]);
    const Tensor w = impl().weight_norm(c.v, g, kNone);
    RC_ASSERT_COMPARISON(compare(thread_formula(impl(), c.v, g, ResolvedDim{}), w,
                                 2.0 * weight_tolerance(c.dtype, c.v.numel()), &c.v));
  });
}

TEST_P(DimEquivalences, ThreadFormulaIsNotDimZero) {
  check_property({"COMP-4"}, [&] {
    // Rows of distinct norms: row j of v is scaled by 2^j.
    const Case c = *gen_case(CaseOptions{1, 4, true});
    Shape shape = c.v.shape();
    shape[0] = *rc::gen::inRange<std::int64_t>(2, 5);
    const Tensor base = without_zero_slices(*gen_tensor(c.dtype, shape, Regime::Ordinary), 0);
    std::vector<double> values = base.values();
    const std::int64_t row = base.numel() / shape[0];
    for (std::int64_t i = 0; i < base.numel(); ++i) values[static_cast<std::size_t>(i)] = std::ldexp(values[static_cast<std::size_t>(i)], static_cast<int>(i / row));
    const Tensor weight(c.dtype, shape, values);
    const Decomposition d = impl().decompose(weight, 0);
    const Tensor right = impl().weight_norm(d.v, d.g, 0);
    const Tensor wrong = thread_formula(impl(), d.v, d.g, ResolvedDim{false, 0});
    // Right: the weight back (DEC-3). Wrong: row j scaled by g_j / ||W||, which is
    // at most 1/sqrt(1 + 4^-j...) < 0.95 for some row: far outside rounding.
    RC_ASSERT_COMPARISON(compare(right, weight, 2.0 * weight_tolerance(c.dtype, row), &weight));
    RC_ASSERT(!compare(wrong, weight, Tolerance{0.01, 0.0, "1%"}).ok);
  });
}

WN_INSTANTIATE_FOR_IMPLEMENTATIONS(DimEquivalences);

}  // namespace
}  // namespace wn::testing
