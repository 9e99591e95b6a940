#include "wn/dim.hpp"

#include "wn/errors.hpp"

namespace wn {

std::string to_string(DimArg dim) { return dim ? std::to_string(*dim) : "none"; }

std::int64_t encode_for_libtorch(DimArg dim) { return dim ? *dim : -1; }

ResolvedDim resolve_dim(DimArg dim, const Shape& shape, const std::string& function) {
  const auto rank = static_cast<std::int64_t>(shape.size());
  if (!dim || *dim == -1) return ResolvedDim{true, -1};  // DIM-3: -1 is none
  if (rank == 0) {
    throw InvalidArgument(function, "dim", std::to_string(*dim),
                          "none or -1 for a 0-d tensor (it has no dimension to keep)");
  }
  if (*dim < -rank || *dim >= rank) {
    throw InvalidArgument(function, "dim", std::to_string(*dim),
                          "none, -1 (whole tensor) or an integer in [" + std::to_string(-rank) +
                              ", " + std::to_string(rank - 1) + "] for a tensor of shape " +
                              to_string(shape));
  }
  return ResolvedDim{false, *dim < 0 ? *dim + rank : *dim};  // DIM-4: wrap
}

Shape norm_shape(const ResolvedDim& dim, const Shape& shape) {
  if (dim.whole) return Shape{};
  return keepdim_norm_shape(dim, shape);
}

Shape keepdim_norm_shape(const ResolvedDim& dim, const Shape& shape) {
  Shape out(shape.size(), 1);
  if (!dim.whole) out[static_cast<std::size_t>(dim.axis)] = shape[static_cast<std::size_t>(dim.axis)];
  return out;
}

}  // namespace wn
