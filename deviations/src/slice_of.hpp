// Which slice an element belongs to (internal): the library keeps its own
// copy of this index arithmetic because the reference's is private to impl/.
#pragma once

#include "wn/dim.hpp"

namespace wn::deviations {

struct SliceLayout {
  std::int64_t count = 1;   // slices
  std::int64_t inner = 1;   // elements after the kept axis
  std::int64_t kept = 1;    // size of the kept axis (1 for the whole tensor)
  bool whole = true;
  Shape norm_shape;         // norm_except_dim's result shape
  /// The slice of row-major element i.
  std::int64_t slice_of(std::int64_t i) const { return whole ? 0 : (i / inner) % kept; }
};

inline SliceLayout slice_layout(const Shape& shape, DimArg dim) {
  const ResolvedDim rd = resolve_dim(dim, shape, "deviation model");
  SliceLayout l;
  l.whole = rd.whole;
  l.norm_shape = norm_shape(rd, shape);
  if (rd.whole) return l;
  l.kept = l.count = shape[static_cast<std::size_t>(rd.axis)];
  for (std::size_t d = static_cast<std::size_t>(rd.axis) + 1; d < shape.size(); ++d) l.inner *= shape[d];
  return l;
}

}  // namespace wn::deviations
