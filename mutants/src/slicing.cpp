#include "slicing.hpp"

#include <cmath>

namespace wn::mutants {

Axis axis_of(DimArg dim, const Shape& shape) {
  const ResolvedDim rd = resolve_dim(dim, shape, "mutant");
  Axis a;
  if (rd.whole) {
    a.inner = numel(shape);
    return a;
  }
  for (std::int64_t d = 0; d < rd.axis; ++d) a.outer *= shape[static_cast<std::size_t>(d)];
  a.size = shape[static_cast<std::size_t>(rd.axis)];
  for (std::size_t d = static_cast<std::size_t>(rd.axis) + 1; d < shape.size(); ++d) a.inner *= shape[d];
  return a;
}

std::vector<std::vector<double>> slices(const Tensor& t, const Axis& axis) {
  std::vector<std::vector<double>> out(static_cast<std::size_t>(axis.size));
  for (std::int64_t i = 0; i < t.numel(); ++i) out[static_cast<std::size_t>(axis.slice_of(i))].push_back(t[i]);
  return out;
}

Tensor with_values(const Tensor& like, std::vector<double> values) {
  return Tensor(like.dtype(), like.shape(), std::move(values));
}

Tensor filled_like(const Tensor& like, double value) {
  return with_values(like, std::vector<double>(static_cast<std::size_t>(like.numel()), value));
}

double round_to_bits(double x, int bits) {
  if (!std::isfinite(x) || x == 0.0) return x;
  int e = 0;
  const double m = std::frexp(x, &e);  // x = m * 2^e, 0.5 <= |m| < 1
  return std::ldexp(std::nearbyint(std::ldexp(m, bits)), e - bits);
}

}  // namespace wn::mutants
