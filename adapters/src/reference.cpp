#include "wn/adapters/reference.hpp"

#include "wn/norm_except_dim.hpp"

namespace wn {

std::string ReferenceImplementation::version() const {
  return "weightnorm-oracle reference (double-double norm, long double compose)";
}

Capabilities ReferenceImplementation::capabilities() const {
  Capabilities c;
  c.dtypes = all_dtypes();  // float16 and bfloat16 too (spec DTYPE-4)
  c.gradients = c.second_derivatives = true;
  return c;
}

Tensor ReferenceImplementation::norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim) const {
  return wn::norm_except_dim(v, pow, dim);
}

Tensor ReferenceImplementation::weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const {
  return wn::weight_norm(v, g, dim);
}

Decomposition ReferenceImplementation::decompose(const Tensor& weight, DimArg dim) const {
  return wn::decompose(weight, dim);
}

Tensor ReferenceImplementation::remove(const Decomposition& parameters, DimArg dim) const {
  return wn::remove(parameters, dim);
}

}  // namespace wn
