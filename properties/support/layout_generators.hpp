/// @file
/// Memory layouts as a generated dimension (spec SHAPE-5): every tensor the
/// case generators make reaches the implementation under test contiguous,
/// transposed, permuted, sliced (with gaps and an offset) or channels-last,
/// so a kernel that assumes contiguous memory fails the properties it
/// computes wrongly in, without any property being written for layouts.
#pragma once

#include <rapidcheck.h>

#include <cstdint>

#include "wn/layout.hpp"
#include "wn/tensor.hpp"

namespace wn::testing {

/// The layout kinds a tensor of `shape` can have: contiguous and sliced
/// always, transposed from rank 2, permuted (an order neither identity nor
/// reversed) from rank 3, channels-last at rank 3 and 4.
std::vector<LayoutKind> layout_kinds_for(const Shape& shape);

/// A layout of one of layout_kinds_for(shape), shrinking towards contiguous;
/// sliced layouts have steps in [1, 3] and an offset in [0, 7], and are only
/// drawn while the buffer stays below `max_buffer` elements.
rc::Gen<Layout> gen_layout(const Shape& shape, std::int64_t max_buffer = 1 << 22);

/// `t` with a generated layout.
rc::Gen<Tensor> gen_with_layout(const Tensor& t);

}  // namespace wn::testing
