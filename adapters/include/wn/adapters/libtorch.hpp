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
/// its shape (DEV-2), and broadcasts and promotes it on its composite path
/// (DEV-4, DEV-5): such a g is passed on, as PyTorch passes it, so that the
/// properties pin what LibTorch does (wn/deviations/). Only the calls LibTorch
/// 1.13 cannot survive are refused with wn::RefusedUnsafeCall naming the
/// deviation, without calling LibTorch: a g too short for the fused kernel
/// (read and written out of bounds, PyTorch issue 194805; DEV-2) and a kept
/// dimension of size 0 on the fused path (a division by zero, SIGFPE; DEV-6).
///
/// The first call replaces LibTorch's stack-trace fetcher for the process
/// (c10::SetStackTraceFetcher): a c10::Error's what() then carries a fixed
/// note instead of a symbolised backtrace, which cost 12-21 ms per rejected
/// call; what_without_backtrace(), the text the adapter reports, is unchanged.
std::unique_ptr<Implementation> make_libtorch_implementation();

/// Registers make_libtorch_implementation as "libtorch" (wn::register_implementation).
/// Only executables linking the LibTorch adapter (wn_adapters_libtorch) have it.
void register_libtorch_implementation();

}  // namespace wn
