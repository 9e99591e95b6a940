#include "dev1_check.hpp"

#include <rapidcheck.h>

#include <cmath>

#include "property_runner.hpp"
#include "tensor_ops.hpp"
#include "tolerance.hpp"

namespace wn::testing {

bool outside_dev1(const Tensor& v, DimArg dim) { return !deviations::norm_model(v, dim).any_in_domain(); }

void check_against_dev1_model(const Tensor& v, const Tensor& g, DimArg dim, const Tensor& n, const Tensor& w) {
  using deviations::SquareSum;
  const DType dtype = v.dtype();
  const ResolvedDim rd = resolve_dim(dim, v.shape(), "check_against_dev1_model");
  const std::int64_t k = slice_length(v.shape(), rd);
  const deviations::NormModel model = deviations::norm_model(v, dim);
  const double abs_bound =
      std::sqrt(static_cast<double>(k) * traits(deviations::square_sum_dtype(dtype)).min_subnormal);
  const Tolerance subnormal_squares{0.0, abs_bound, "DEV-1: sqrt(k min_subnormal) for squares below the normal range"};
  std::vector<double> norm_used = model.norm.values();
  for (std::int64_t j = 0; j < model.norm.numel(); ++j) {
    const SquareSum kind = model.slices[static_cast<std::size_t>(j)];
    const Tensor got = Tensor::scalar(dtype, n[j]), expected = Tensor::scalar(dtype, model.norm[j]);
    if (kind == SquareSum::Undecided) {
      RC_ASSERT(std::isinf(n[j]) || n[j] > 0);
      norm_used[static_cast<std::size_t>(j)] = n[j];
    } else if (kind == SquareSum::Finite) {
      RC_ASSERT_COMPARISON(compare(got, expected, norm_tolerance(dtype, k) + subnormal_squares));
    } else {
      RC_ASSERT_COMPARISON(compare_identical(got, expected));
    }
  }
  const Tensor norm(dtype, model.norm.shape(), norm_used);
  const Tensor expected_w = deviations::weight_model(v, g, dim, norm);
  for (std::int64_t i = 0; i < v.numel(); ++i) {
    const std::int64_t j = slice_index(v.shape(), rd, i);
    const SquareSum kind = model.slices[static_cast<std::size_t>(j)];
    const Tensor got = Tensor::scalar(dtype, w[i]), expected = Tensor::scalar(dtype, expected_w[i]);
    if (std::isfinite(norm[j]) && norm[j] != 0) {
      const Tolerance inherited{kind == SquareSum::Finite ? abs_bound / norm[j] : 0.0, 0.0,
                                "DEV-1: the norm's absolute error, relative to it"};
      const Tensor scale = Tensor::scalar(dtype, v[i]);
      RC_ASSERT_COMPARISON(compare(got, expected, weight_tolerance(dtype, k) + inherited, &scale));
    } else {
      RC_ASSERT_COMPARISON(compare_identical(got, expected));
    }
  }
}

}  // namespace wn::testing
