#include "wn/weight_norm.hpp"

#include "checks.hpp"
#include "slices.hpp"
#include "wn/errors.hpp"
#include "wn/norm_except_dim.hpp"

namespace wn {

void check_g_matches(const Tensor& v, const Tensor& g, DimArg dim, const std::string& function) {
  if (g.dtype() != v.dtype()) {
    throw InvalidArgument(function, "g", "of dtype " + to_string(g.dtype()),
                          "v's dtype " + to_string(v.dtype()));
  }
  check_g_shape(v, g, dim, function);
}

void check_g_shape(const Tensor& v, const Tensor& g, DimArg dim, const std::string& function) {
  const ResolvedDim rd = resolve_dim(dim, v.shape(), function);
  const Shape k = keepdim_norm_shape(rd, v.shape());
  bool ok = g.rank() <= static_cast<std::int64_t>(k.size()) && g.numel() == numel(k);
  // Right-aligned, as broadcasting lines shapes up: each size of g must be
  // the norm's size there, or 1.
  for (std::size_t i = 0; ok && i < g.shape().size(); ++i) {
    const std::int64_t gs = g.shape()[g.shape().size() - 1 - i];
    const std::int64_t ks = k[k.size() - 1 - i];
    ok = gs == ks || gs == 1;
  }
  if (!ok) {
    throw InvalidArgument(function, "g", "of shape " + to_string(g.shape()),
                          "shape " + to_string(k) +
                              " (or one that broadcasts to it with as many elements) for v of shape " +
                              to_string(v.shape()) + " and dim " + to_string(dim));
  }
}

Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) {
  const std::string fn = "weight_norm";
  detail::require_elements(v, fn, "v");
  detail::require_rank_at_least_1(v, fn, "v");
  const ResolvedDim rd = resolve_dim(dim, v.shape(), fn);
  check_g_matches(v, g, dim, fn);
  const detail::Slicing slicing(rd, v.shape());
  const std::vector<long double> norms = detail::slice_norms(v, slicing, 2);
  // g / ||v|| once per slice, then one multiplication per element, all in
  // long double and rounded once at the end (TOL-2): two roundings of 2^-64
  // besides the norm's, about 2^-10 ulp of float64. 0 / 0 gives NaN for a
  // zero slice (EDGE-1): g / 0 is infinite (or NaN) and 0 * inf is NaN.
  std::vector<long double> scale(norms.size());
  for (std::size_t i = 0; i < norms.size(); ++i) {
    scale[i] = static_cast<long double>(g[static_cast<std::int64_t>(i)]) / norms[i];
  }
  std::vector<double> w(static_cast<std::size_t>(v.numel()));
  const double* data = v.values().data();
  const DType dtype = v.dtype();
  std::size_t idx = 0;
  for (std::int64_t o = 0; o < slicing.outer; ++o) {
    for (std::size_t i = 0; i < scale.size(); ++i) {
      const long double si = scale[i];
      for (std::int64_t j = 0; j < slicing.inner; ++j, ++idx) {
        w[idx] = round_to_dtype(static_cast<long double>(data[idx]) * si, dtype);
      }
    }
  }
  return Tensor(v.dtype(), v.shape(), std::move(w));
}

Decomposition decompose(const Tensor& weight, DimArg dim) {
  const std::string fn = "decompose";
  detail::require_elements(weight, fn, "weight");
  detail::require_rank_at_least_1(weight, fn, "weight");
  resolve_dim(dim, weight.shape(), fn);  // so a bad dim is reported as decompose's
  return Decomposition{norm_except_dim(weight, 2, dim), weight};
}

Tensor remove(const Decomposition& parameters, DimArg dim) {
  return weight_norm(parameters.v, parameters.g, dim);
}

}  // namespace wn
