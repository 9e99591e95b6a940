/// @file
/// LibTorch seen as an implementation under test. This header does not
/// include LibTorch: only adapters/src/libtorch.cpp does, so that nothing else
/// pays for its headers.
#pragma once

#include <memory>

#include "wn/adapters/implementation.hpp"

namespace wn {

/// "LibTorch 1.13.0" and so on, from <torch/version.h> at build time.
std::string libtorch_version();

/// LibTorch through `at::norm_except_dim`, `at::_weight_norm`, and the
/// sequence `torch.nn.utils.weight_norm` / `remove_weight_norm` perform:
/// - decompose: g = at::norm_except_dim(weight, 2, dim), v = the weight, then
///   one at::_weight_norm(v, g, dim) as registration does (so its errors show);
/// - remove: at::_weight_norm(v, g, dim).
///
/// at::_weight_norm reads g as a flat buffer on its fused path and never checks
/// its shape; a g that is too short is read and written out of bounds
/// (PyTorch issue 194805). Every call therefore goes through
/// wn::check_g_matches first (spec SHAPE-3), and a g LibTorch would misuse is
/// refused with wn::InvalidArgument without calling LibTorch.
std::unique_ptr<Implementation> make_libtorch_implementation();

/// Calls at::_weight_norm with a g of the right number of elements but any
/// shape, as PyTorch would, to pin deviation DEV-2 (PyTorch issue 81195).
/// Still refuses (wn::InvalidArgument) a g with fewer elements than v has
/// slices, which would be out of bounds.
Tensor libtorch_weight_norm_any_g_shape(const Tensor& v, const Tensor& g, DimArg dim);

}  // namespace wn
