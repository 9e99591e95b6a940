#include "wn/norm_except_dim.hpp"

#include "checks.hpp"
#include "slices.hpp"

namespace wn {

Tensor norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim) {
  const std::string fn = "norm_except_dim";
  detail::require_elements(v, fn, "v");
  const ResolvedDim rd = resolve_dim(dim, v.shape(), fn);
  const detail::Slicing slicing(rd, v.shape());
  std::vector<double> values;
  values.reserve(static_cast<std::size_t>(slicing.count()));
  if (pow == 2) {
    // Rounded once from the double-double, never through long double: a
    // second rounding would cost up to 2^-11 ulp for float64 (TOL-2, TOL-3).
    for (const detail::SliceNorm& n : detail::euclidean_slice_norms(v, slicing)) {
      values.push_back(n.rounded(v.dtype()));
    }
  } else {
    for (long double n : detail::slice_norms(v, slicing, pow)) values.push_back(round_to_dtype(n, v.dtype()));
  }
  return Tensor(v.dtype(), norm_shape(rd, v.shape()), std::move(values));
}

}  // namespace wn
