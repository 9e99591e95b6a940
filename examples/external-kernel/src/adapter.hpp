// The adapter: the external kernel seen as a wn::Implementation, so that
// weightnorm-oracle's property suite and wn-oracle check run against it.
#pragma once

#include <memory>

#include "wn/adapters/implementation.hpp"

namespace external_kernel {

// [adapter class]
class Adapter : public wn::Implementation {
 public:
  std::string name() const override { return "external-kernel"; }
  std::string version() const override;
  /// What the kernel really does: float32 only, the forward operations only
  /// (no gradients, no training loop of its own). Cases in float64 or of
  /// gradients are counted as unsupported, never as passes.
  wn::Capabilities capabilities() const override;
  wn::Tensor norm_except_dim(const wn::Tensor& v, std::int64_t pow, wn::DimArg dim) const override;
  wn::Tensor weight_norm(const wn::Tensor& v, const wn::Tensor& g, wn::DimArg dim) const override;
  wn::Decomposition decompose(const wn::Tensor& weight, wn::DimArg dim) const override;
  wn::Tensor remove(const wn::Decomposition& parameters, wn::DimArg dim) const override;
};
// [adapter class]

/// Registers Adapter as "external-kernel": the REGISTER function of
/// weightnorm_oracle_add_suite (CMakeLists.txt).
void register_adapter();

}  // namespace external_kernel
