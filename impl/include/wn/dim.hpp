/// @file
/// The `dim` argument of weight normalization and how it is resolved.
/// Spec DIM-1, DIM-2, DIM-3, DIM-4, DIM-5, DIM-6.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "wn/shape.hpp"

namespace wn {

/// `dim` as Python's `torch.nn.utils.weight_norm` takes it: an integer, or
/// none (std::nullopt) for the whole tensor.
///
/// LibTorch encodes none as -1 (`WeightNorm.apply` does `if dim is None:
/// dim = -1`), so -1 here is *also* the whole tensor and never "the last
/// dimension" (spec DIM-3). Other negative values count from the end as
/// usual (spec DIM-4).
using DimArg = std::optional<std::int64_t>;

/// The whole-tensor choice, spelled as in Python.
inline constexpr std::nullopt_t kNone = std::nullopt;

/// "none" or the integer.
std::string to_string(DimArg dim);

/// The integer LibTorch receives: -1 for none, the value otherwise.
std::int64_t encode_for_libtorch(DimArg dim);

/// What a `dim` means for a tensor of a given shape.
struct ResolvedDim {
  bool whole = true;       ///< true: one slice, the whole tensor (none or -1)
  std::int64_t axis = -1;  ///< when !whole: the kept dimension in [0, rank)
};

/// Resolves `dim` for a tensor of `shape` as LibTorch does (spec DIM-2 to
/// DIM-4). Throws wn::InvalidArgument naming `function` and argument "dim"
/// when the dim is out of range, or is 0 / -rank on a 0-d tensor.
ResolvedDim resolve_dim(DimArg dim, const Shape& shape, const std::string& function);

/// The shape of norm_except_dim's result (spec SHAPE-2): `[]` for the whole
/// tensor; otherwise every size 1 except the kept axis.
Shape norm_shape(const ResolvedDim& dim, const Shape& shape);

/// The shape g is compared against (spec SHAPE-3): like norm_shape, but for
/// the whole tensor all ones at v's rank, so that g broadcasts against v.
Shape keepdim_norm_shape(const ResolvedDim& dim, const Shape& shape);

}  // namespace wn
