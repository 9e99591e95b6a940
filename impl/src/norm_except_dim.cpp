#include "wn/norm_except_dim.hpp"

#include "checks.hpp"
#include "slices.hpp"

namespace wn {

Tensor norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim) {
  const std::string fn = "norm_except_dim";
  detail::require_elements(v, fn, "v");
  const ResolvedDim rd = resolve_dim(dim, v.shape(), fn);
  const detail::Slicing slicing(rd, v.shape());
  const std::vector<long double> norms = detail::slice_norms(v, slicing, pow);
  std::vector<double> values;
  values.reserve(norms.size());
  for (long double n : norms) values.push_back(round_to_dtype(n, v.dtype()));
  return Tensor(v.dtype(), norm_shape(rd, v.shape()), std::move(values));
}

}  // namespace wn
