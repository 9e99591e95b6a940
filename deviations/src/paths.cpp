#include "wn/deviations/paths.hpp"

namespace wn::deviations {

bool takes_fused_path(const Shape& v_shape, DimArg dim) {
  const auto rank = static_cast<std::int64_t>(v_shape.size());
  const std::int64_t d = encode_for_libtorch(dim);
  return rank > 0 && (d == 0 || d == rank - 1);
}

std::int64_t kept_size(const Shape& v_shape, DimArg dim) {
  const ResolvedDim rd = resolve_dim(dim, v_shape, "kept_size");
  return rd.whole ? 1 : v_shape[static_cast<std::size_t>(rd.axis)];
}

}  // namespace wn::deviations
