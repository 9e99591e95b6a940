/// @file
/// LibTorch seen as an implementation under test. This header does not
/// include LibTorch: only adapters/src/libtorch*.cpp do, so that nothing else
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
/// (PyTorch issue 194805), and a kept dimension of size 0 is a division by
/// zero that kills the process (SIGFPE). Every call therefore checks g's shape
/// first (wn::check_g_shape, spec SHAPE-3), and a call LibTorch would misuse or
/// crash on is refused with wn::RefusedUnsafeCall naming the deviation
/// (DEV-2, DEV-5, DEV-6), without calling LibTorch.
std::unique_ptr<Implementation> make_libtorch_implementation();

/// Calls at::_weight_norm with a g of any shape, as PyTorch would, to pin
/// deviations DEV-2 (PyTorch issue 81195) and DEV-5. Still refuses
/// (wn::RefusedUnsafeCall) the calls that would crash or read out of bounds.
Tensor libtorch_weight_norm_any_g_shape(const Tensor& v, const Tensor& g, DimArg dim);

}  // namespace wn
