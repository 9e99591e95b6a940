/// @file
/// How a tensor's elements sit in memory: strides and a storage offset
/// (spec SHAPE-5). The reference computes on logical values and ignores it;
/// an adapter hands its backend the tensor in this layout, so that a kernel
/// that assumes contiguous memory is caught.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "wn/shape.hpp"

namespace wn {

/// The kinds of layout the suite generates (spec SHAPE-5): what real weights
/// look like when they reach a kernel.
enum class LayoutKind : std::uint8_t {
  Contiguous,    ///< row-major, no gaps: what a fresh tensor has
  Transposed,    ///< dimensions in reverse memory order (`w.t()`, `w.mT`)
  Permuted,      ///< any other order of the dimensions in memory (`w.permute(...)`)
  Sliced,        ///< row-major with gaps: every step-th element along some dims, from an offset (`w[:, ::2]`)
  ChannelsLast,  ///< rank 3 or 4 with dimension 1 innermost (`memory_format=channels_last`)
};

/// Every LayoutKind, in a stable order.
const std::vector<LayoutKind>& all_layout_kinds();
/// "contiguous", "transposed", "permuted", "sliced", "channels_last".
std::string to_string(LayoutKind kind);

/// A memory layout for a tensor of a given shape: the order of its
/// dimensions in memory, a step per dimension (1 = adjacent, k = every k-th
/// element of a larger buffer) and a storage offset. Strides follow from
/// these and the shape (layout_strides). A default Layout is contiguous.
struct Layout {
  LayoutKind kind = LayoutKind::Contiguous;  ///< what the layout was made as (the generators' label)
  std::vector<std::int64_t> order;  ///< dims, outermost first in memory; empty: 0, 1, ..., rank-1
  std::vector<std::int64_t> steps;  ///< per logical dim, >= 1; empty: all 1
  std::int64_t offset = 0;          ///< elements of the buffer before the first one

  /// Whether the elements are row-major with no gap and no offset.
  bool contiguous() const;
  /// Same kind, order, steps and offset.
  friend bool operator==(const Layout& a, const Layout& b) {
    return a.kind == b.kind && a.order == b.order && a.steps == b.steps && a.offset == b.offset;
  }
};

/// "contiguous", or e.g. "permuted(order 2,0,1; steps 1,2,1; offset 3)".
std::string to_string(const Layout& layout);

/// Throws wn::InvalidArgument unless `layout` fits a tensor of `shape`: order
/// a permutation of the dims, steps >= 1 (one per dim), offset >= 0, and the
/// buffer below 2^31 elements.
void check_layout(const Layout& layout, const Shape& shape);

/// The stride of each logical dimension, in elements (PyTorch's `stride()`).
std::vector<std::int64_t> layout_strides(const Layout& layout, const Shape& shape);

/// The number of buffer elements the layout needs: offset plus the extent of
/// the strided view (0 when the tensor is empty).
std::int64_t layout_buffer_size(const Layout& layout, const Shape& shape);

/// `values` (row-major) written into a buffer of layout_buffer_size elements
/// at their strided positions; the gaps hold `fill` (NaN by default, so a
/// kernel reading outside the view produces NaN, not a plausible number).
std::vector<double> to_buffer(const std::vector<double>& values, const Layout& layout, const Shape& shape,
                              double fill);

/// The row-major values a strided view of `buffer` holds.
std::vector<double> from_buffer(const std::vector<double>& buffer, const Layout& layout, const Shape& shape);

}  // namespace wn
