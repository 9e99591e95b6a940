#include "wn/check/tensor_ops.hpp"

#include <vector>

namespace wn::check {
namespace {

// Applies a permutation of dimensions: out dimension k is in dimension perm[k].
Tensor permuted(const Tensor& t, const std::vector<std::int64_t>& perm) {
  const Shape& in = t.shape();
  Shape out_shape(in.size());
  for (std::size_t k = 0; k < perm.size(); ++k) out_shape[k] = in[static_cast<std::size_t>(perm[k])];
  const auto in_strides = row_major_strides(in);
  std::vector<double> out(static_cast<std::size_t>(t.numel()));
  std::vector<std::int64_t> idx(in.size(), 0);  // index into the output
  for (std::int64_t flat = 0; flat < t.numel(); ++flat) {
    std::int64_t src = 0;
    for (std::size_t k = 0; k < perm.size(); ++k) src += idx[k] * in_strides[static_cast<std::size_t>(perm[k])];
    out[static_cast<std::size_t>(flat)] = t[src];
    for (std::size_t k = idx.size(); k-- > 0;) {  // odometer increment
      if (++idx[k] < out_shape[k]) break;
      idx[k] = 0;
    }
  }
  return Tensor(t.dtype(), out_shape, std::move(out));
}

}  // namespace

Tensor move_axis_to_front(const Tensor& t, std::int64_t axis) {
  std::vector<std::int64_t> perm{axis};
  for (std::int64_t d = 0; d < t.rank(); ++d) {
    if (d != axis) perm.push_back(d);
  }
  return permuted(t, perm);
}

Tensor move_front_to_axis(const Tensor& t, std::int64_t axis) {
  std::vector<std::int64_t> perm;
  for (std::int64_t d = 1; d < t.rank(); ++d) {
    if (static_cast<std::int64_t>(perm.size()) == axis) perm.push_back(0);
    perm.push_back(d);
  }
  if (static_cast<std::int64_t>(perm.size()) == axis) perm.push_back(0);
  return permuted(t, perm);
}

Tensor scaled(const Tensor& t, double c) {
  std::vector<double> values = t.values();
  for (double& x : values) x *= c;
  return Tensor(t.dtype(), t.shape(), std::move(values));
}

std::optional<Shape> broadcast_shapes(const Shape& a, const Shape& b) {
  const std::size_t n = a.size() > b.size() ? a.size() : b.size();
  Shape out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t x = i < a.size() ? a[a.size() - 1 - i] : 1;
    const std::int64_t y = i < b.size() ? b[b.size() - 1 - i] : 1;
    if (x != y && x != 1 && y != 1) return std::nullopt;
    out[n - 1 - i] = x == 1 ? y : x;
  }
  return out;
}

std::int64_t slice_length(const Shape& shape, const ResolvedDim& dim) {
  return dim.whole ? numel(shape) : numel(shape) / shape[static_cast<std::size_t>(dim.axis)];
}

std::int64_t slice_count(const Shape& shape, const ResolvedDim& dim) {
  return dim.whole ? 1 : shape[static_cast<std::size_t>(dim.axis)];
}

std::int64_t slice_index(const Shape& shape, const ResolvedDim& dim, std::int64_t i) {
  if (dim.whole) return 0;
  std::int64_t inner = 1;
  for (std::size_t d = static_cast<std::size_t>(dim.axis) + 1; d < shape.size(); ++d) inner *= shape[d];
  return (i / inner) % shape[static_cast<std::size_t>(dim.axis)];
}

}  // namespace wn::check
