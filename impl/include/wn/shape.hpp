/// @file
/// Shapes: sizes per dimension, row-major. Spec SHAPE-1.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wn {

/// Sizes of each dimension, outermost first. An empty shape is a 0-d tensor
/// with one element.
using Shape = std::vector<std::int64_t>;

/// The largest rank the reference accepts (spec SHAPE-1).
inline constexpr std::int64_t kMaxRank = 6;

/// Product of the sizes (1 for a 0-d shape).
std::int64_t numel(const Shape& shape);

/// "[2, 3]", "[]" for 0-d: the notation of LibTorch's error messages.
std::string to_string(const Shape& shape);

/// Row-major strides in elements: the last dimension has stride 1.
std::vector<std::int64_t> row_major_strides(const Shape& shape);

}  // namespace wn
