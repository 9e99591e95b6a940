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
    // float32 sums its squares in blocks (2^-46 relative, a fifth of the
    // work); a norm that close to a rounding boundary of float32 (about one
    // slice in 2^20) is recomputed exactly, so every result is the
    // correctly rounded one the double-double gives.
    const std::vector<detail::SliceNorm> norms =
        detail::euclidean_slice_norms(v, slicing, detail::SumOfSquares::kFloat32Blocks);
    for (std::int64_t i = 0; i < slicing.count(); ++i) {
      double rounded = 0.0;
      if (!norms[static_cast<std::size_t>(i)].rounded_surely(v.dtype(), rounded)) {
        rounded = detail::exact_euclidean_norm(v, slicing, i).rounded(v.dtype());
      }
      values.push_back(rounded);
    }
  } else {
    for (long double n : detail::slice_norms(v, slicing, pow)) values.push_back(round_to_dtype(n, v.dtype()));
  }
  return Tensor(v.dtype(), norm_shape(rd, v.shape()), std::move(values));
}

}  // namespace wn
