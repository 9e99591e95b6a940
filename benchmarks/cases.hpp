// The benchmark grid shared by the reference and LibTorch benchmarks, so
// both time exactly the same inputs (the figures script pairs them by name).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "wn/dim.hpp"
#include "wn/tensor.hpp"

namespace wn::bench {

/// Where the norm is taken, named after LibTorch's code path for _weight_norm:
/// fused kernel for dim 0 and the last dim, composite (norm, divide,
/// multiply) for a middle dim and for none.
struct Layout {
  std::string name;  ///< "fused_dim0", "fused_last", "composite_middle", "composite_none"
  /// The shape holding `side * side` elements and the dim for this layout.
  Shape shape(std::int64_t side) const;
  DimArg dim;
};

/// The four layouts, in table order.
const std::vector<Layout>& layouts();

/// Sides whose squares run from tiny (16 elements) to about 10^6 (1024^2).
const std::vector<std::int64_t>& sides();

/// v: uniform values in [-2, 2) from a fixed seed; g: one per slice, in
/// g's spec shape (SHAPE-3).
Tensor make_v(DType dtype, const Shape& shape);
/// g for v: 1.5 in every element, in g's spec shape.
Tensor make_g(DType dtype, const Tensor& v, DimArg dim);
/// grad_w for the backward benchmarks: uniform in [-2, 2) from another seed
/// than v's (grad_w parallel to v would make grad_v zero).
Tensor make_grad_w(DType dtype, const Shape& shape);

/// "weight_norm/libtorch/float32/fused_dim0/1048576": the name the figures
/// script splits on '/'.
std::string name(const std::string& op, const std::string& impl, DType dtype, const Layout& layout,
                 std::int64_t side);

}  // namespace wn::bench
