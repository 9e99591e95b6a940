/// @file
/// Small tensor manipulations the properties need to state equivalences
/// (moving an axis, scaling, broadcasting shapes). Plain loops over row-major
/// indices: obviously right is the point, not speed.
#pragma once

#include <cstdint>
#include <optional>

#include "wn/dim.hpp"
#include "wn/tensor.hpp"

namespace wn::check {

/// The tensor with dimension `axis` moved to the front, the others keeping
/// their order (torch.movedim(t, axis, 0)).
Tensor move_axis_to_front(const Tensor& t, std::int64_t axis);

/// The inverse: the front dimension moved to position `axis`.
Tensor move_front_to_axis(const Tensor& t, std::int64_t axis);

/// Every value multiplied by `c` (rounded to the dtype).
Tensor scaled(const Tensor& t, double c);

/// NumPy/PyTorch broadcasting of two shapes, or nothing when they do not
/// broadcast.
std::optional<Shape> broadcast_shapes(const Shape& a, const Shape& b);

/// The slice (index along the kept dimension, 0 for the whole tensor) that
/// flat row-major index `i` of a tensor of `shape` belongs to.
std::int64_t slice_index(const Shape& shape, const ResolvedDim& dim, std::int64_t i);

/// Number of elements in each slice.
std::int64_t slice_length(const Shape& shape, const ResolvedDim& dim);

/// Number of slices.
std::int64_t slice_count(const Shape& shape, const ResolvedDim& dim);

}  // namespace wn::check
