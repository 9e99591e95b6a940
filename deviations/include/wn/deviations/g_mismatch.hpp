/// @file
/// DEV-2, DEV-4, DEV-5: what LibTorch 1.13's `_weight_norm` does with a g of
/// the wrong shape or dtype (spec SHAPE-3, ERR-4), from aten's
/// WeightNorm.cpp: the fused kernel reads g as a flat buffer of v.size(dim)
/// elements of v's dtype; the composite path computes v * (g / norm) with
/// broadcasting and type promotion.
#pragma once

#include <optional>

#include "wn/dim.hpp"
#include "wn/tensor.hpp"

namespace wn::deviations {

/// DEV-2: the g the fused kernel actually uses, for a g of v's dtype: its
/// first v.size(dim) elements in flat order, in the right shape (SHAPE-3),
/// a longer g truncated. std::nullopt when g is too short (the kernel would
/// read and write out of bounds: the adapter refuses). Only for calls with
/// takes_fused_path.
std::optional<Tensor> fused_flat_g(const Tensor& v, const Tensor& g, DimArg dim);

/// The dtype of the composite path's v * (g / norm) by PyTorch's type
/// promotion, where norm has v's dtype and is 0-d exactly for dim none: of
/// two floating tensors the higher dtype wins, except that a 0-d one yields
/// to one with dimensions (so a 0-d float64 g with dim none gives float64
/// g / norm, but a float32 weight).
DType composite_result_dtype(const Tensor& v, const Tensor& g, DimArg dim);

/// DEV-4, DEV-5: the composite path's result: norm = the reference's
/// norm_except_dim(v, 2, dim) (v's dtype), q = g / norm broadcast and rounded
/// to its promoted dtype, w = v * q broadcast and rounded to
/// composite_result_dtype. Its shape is broadcast(v, g, norm) (DEV-5: not
/// v's shape when g has more dimensions). Throws wn::InvalidArgument
/// (argument "g") when the shapes do not broadcast: LibTorch raises there.
/// Against LibTorch's result it differs by LibTorch's and the reference's
/// norm errors (TOL-1 in v's dtype) plus the two roundings.
Tensor composite_weight_model(const Tensor& v, const Tensor& g, DimArg dim);

/// DEV-5's domain on the composite path: whether g broadcasts with the norm
/// and the quotient with v, so that LibTorch returns instead of raising.
bool composite_broadcasts(const Tensor& v, const Tensor& g, DimArg dim);

/// DEV-4's domain: g's dtype is not v's. On the fused path LibTorch raises
/// ("expected scalar type"); on the composite path it returns
/// composite_weight_model.
bool in_dtype_mismatch_domain(const Tensor& v, const Tensor& g);

}  // namespace wn::deviations
