#include "wn/deviations/g_mismatch.hpp"

#include <algorithm>

#include "wn/deviations/paths.hpp"
#include "wn/dtype.hpp"
#include "wn/errors.hpp"
#include "wn/norm_except_dim.hpp"

namespace wn::deviations {

std::optional<Tensor> fused_flat_g(const Tensor& v, const Tensor& g, DimArg dim) {
  const ResolvedDim rd = resolve_dim(dim, v.shape(), "fused_flat_g");
  const Shape right = keepdim_norm_shape(rd, v.shape());
  const std::int64_t needed = numel(right);
  if (g.numel() < needed) return std::nullopt;
  std::vector<double> values = g.values();
  values.resize(static_cast<std::size_t>(needed));
  return Tensor(g.dtype(), right, values);
}

namespace {

struct Operand {
  DType dtype;
  bool zero_dim;
};

// PyTorch's result_type for two floating tensors.
Operand promote(Operand a, Operand b) {
  if (a.zero_dim != b.zero_dim) return a.zero_dim ? b : a;
  const DType wider = promote_types(a.dtype, b.dtype);
  return {wider, a.zero_dim};
}

std::optional<Shape> broadcast_shapes(const Shape& a, const Shape& b) {
  Shape out(std::max(a.size(), b.size()), 1);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::int64_t x = i < a.size() ? a[a.size() - 1 - i] : 1;
    const std::int64_t y = i < b.size() ? b[b.size() - 1 - i] : 1;
    if (x != y && x != 1 && y != 1) return std::nullopt;
    out[out.size() - 1 - i] = x == 1 ? y : x;
  }
  return out;
}

// The element of t that element i of a tensor of shape `out` reads when t is
// broadcast to `out`.
std::int64_t broadcast_index(const Shape& out, std::int64_t i, const Shape& t) {
  std::int64_t index = 0, stride = 1;
  for (std::size_t k = 0; k < out.size(); ++k) {
    const std::size_t d = out.size() - 1 - k;
    const std::int64_t coord = i % out[d];
    i /= out[d];
    if (k < t.size()) {
      const std::int64_t size = t[t.size() - 1 - k];
      if (size != 1) index += coord * stride;
      stride *= size;
    }
  }
  return index;
}

// a (op) b broadcast, each result rounded to `dtype`.
template <typename Op>
Tensor broadcast_apply(const Tensor& a, const Tensor& b, DType dtype, Op op) {
  const auto shape = broadcast_shapes(a.shape(), b.shape());
  if (!shape) {
    throw InvalidArgument("composite_weight_model", "g", to_string(b.shape()),
                          "a shape that broadcasts with " + to_string(a.shape()));
  }
  std::vector<double> out(static_cast<std::size_t>(numel(*shape)));
  for (std::int64_t i = 0; i < numel(*shape); ++i) {
    out[static_cast<std::size_t>(i)] =
        round_to_dtype(op(a[broadcast_index(*shape, i, a.shape())], b[broadcast_index(*shape, i, b.shape())]), dtype);
  }
  return Tensor(dtype, *shape, out);
}

}  // namespace

DType composite_result_dtype(const Tensor& v, const Tensor& g, DimArg dim) {
  const bool whole = resolve_dim(dim, v.shape(), "composite_result_dtype").whole;
  const Operand q = promote({g.dtype(), g.rank() == 0}, {v.dtype(), whole});
  return promote({v.dtype(), v.rank() == 0}, q).dtype;
}

Tensor composite_weight_model(const Tensor& v, const Tensor& g, DimArg dim) {
  const Tensor norm = norm_except_dim(v, 2, dim);
  const Operand q_type = promote({g.dtype(), g.rank() == 0}, {norm.dtype(), norm.rank() == 0});
  const Tensor q = broadcast_apply(g, norm, q_type.dtype, [](double a, double b) { return a / b; });
  return broadcast_apply(v, q, composite_result_dtype(v, g, dim), [](double a, double b) { return a * b; });
}

bool composite_broadcasts(const Tensor& v, const Tensor& g, DimArg dim) {
  const Shape norm = norm_shape(resolve_dim(dim, v.shape(), "composite_broadcasts"), v.shape());
  const auto q = broadcast_shapes(g.shape(), norm);
  return q && broadcast_shapes(v.shape(), *q);
}

bool in_dtype_mismatch_domain(const Tensor& v, const Tensor& g) { return v.dtype() != g.dtype(); }

}  // namespace wn::deviations
