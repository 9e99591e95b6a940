/// @file
/// Which of its two code paths LibTorch 1.13's `at::_weight_norm` takes
/// (spec DEV-2, DEV-4, DEV-5, DEV-6, DEV-7).
#pragma once

#include "wn/dim.hpp"
#include "wn/shape.hpp"

namespace wn::deviations {

/// Whether `at::_weight_norm(v, g, dim)` takes its fused kernel: v has rank
/// > 0 and LibTorch's integer dim (none encoded as -1) is 0 or v.dim() - 1,
/// compared as raw integers before any wrapping, so -2 on a 2-D tensor takes
/// the composite path v * (g / norm_except_dim(v, 2, dim)). From PyTorch
/// 1.13's aten/src/ATen/native/WeightNorm.cpp.
bool takes_fused_path(const Shape& v_shape, DimArg dim);

/// The size of the kept dimension of `dim` for `v_shape` (the number of
/// slices), or 1 for none. `dim` must be valid for the shape (wn::resolve_dim).
std::int64_t kept_size(const Shape& v_shape, DimArg dim);

}  // namespace wn::deviations
