// LibTorch's forward operations (ATen, not torch/torch.h: it compiles in a
// quarter of the time). Gradients: libtorch_gradients.cpp.
#include "wn/adapters/libtorch.hpp"

#include <torch/version.h>

#include "libtorch_implementation.hpp"
#include "libtorch_support.hpp"

namespace wn {
namespace libtorch_detail {
namespace {

Tensor call_weight_norm(const Tensor& v, const Tensor& g, DimArg dim) {
  return guarded([&] { return from_at(at::_weight_norm(to_at(v), to_at(g), encode_for_libtorch(dim))); });
}

}  // namespace

std::string LibTorchImplementation::version() const { return libtorch_version() + " (CPU)"; }

Tensor LibTorchImplementation::norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim) const {
  return guarded([&] { return from_at(at::norm_except_dim(to_at(v), pow, encode_for_libtorch(dim))); });
}

Tensor LibTorchImplementation::weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const {
  refuse_unsafe_weight_norm(v, g, dim, "libtorch weight_norm");
  return call_weight_norm(v, g, dim);
}

Decomposition LibTorchImplementation::decompose(const Tensor& weight, DimArg dim) const {
  return guarded([&] {
    const at::Tensor w = to_at(weight);
    const std::int64_t d = encode_for_libtorch(dim);
    // torch.nn.utils.weight_norm: g = norm_except_dim(weight, 2, dim),
    // v = weight.data, then the weight is computed once from them.
    const at::Tensor g = at::norm_except_dim(w, 2, d);
    const at::Tensor v = w;
    refuse_crashing_calls(weight, from_at(g), dim, "libtorch decompose");
    (void)at::_weight_norm(v, g, d);
    return Decomposition{from_at(g), from_at(v)};
  });
}

Tensor LibTorchImplementation::remove(const Decomposition& parameters, DimArg dim) const {
  return weight_norm(parameters.v, parameters.g, dim);
}

std::vector<std::string> LibTorchImplementation::known_deviations() const {
  return {"DEV-1", "DEV-2", "DEV-3", "DEV-4", "DEV-5", "DEV-6", "DEV-7", "DEV-8"};
}

}  // namespace libtorch_detail

std::string libtorch_version() { return std::string("LibTorch ") + TORCH_VERSION; }

std::unique_ptr<Implementation> make_libtorch_implementation() {
  return std::make_unique<libtorch_detail::LibTorchImplementation>();
}

Tensor libtorch_weight_norm_any_g_shape(const Tensor& v, const Tensor& g, DimArg dim) {
  libtorch_detail::refuse_crashing_calls(v, g, dim, "libtorch_weight_norm_any_g_shape");
  return libtorch_detail::call_weight_norm(v, g, dim);
}

}  // namespace wn
