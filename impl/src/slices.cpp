#include "slices.hpp"

#include "wn/norm_except_dim.hpp"

namespace wn::detail {

Slicing::Slicing(const ResolvedDim& dim, const Shape& shape) {
  if (dim.whole) {
    inner = numel(shape);
    return;
  }
  const auto axis = static_cast<std::size_t>(dim.axis);
  for (std::size_t d = 0; d < axis; ++d) outer *= shape[d];
  size = shape[axis];
  for (std::size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
}

std::vector<double> Slicing::gather(const Tensor& t, std::int64_t i) const {
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(outer * inner));
  for (std::int64_t o = 0; o < outer; ++o) {
    for (std::int64_t j = 0; j < inner; ++j) out.push_back(t[(o * size + i) * inner + j]);
  }
  return out;
}

std::vector<long double> slice_norms(const Tensor& v, const Slicing& slicing, std::int64_t pow) {
  std::vector<long double> norms;
  norms.reserve(static_cast<std::size_t>(slicing.count()));
  for (std::int64_t i = 0; i < slicing.count(); ++i) {
    const std::vector<double> slice = slicing.gather(v, i);
    norms.push_back(slice_norm(slice.data(), static_cast<std::int64_t>(slice.size()), 1, pow));
  }
  return norms;
}

}  // namespace wn::detail
