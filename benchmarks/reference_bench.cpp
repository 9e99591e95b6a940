// The reference's forward and backward operations over the shared grid (no
// LibTorch here).
#include <benchmark/benchmark.h>

#include "cases.hpp"
#include "wn/gradients.hpp"
#include "wn/norm_except_dim.hpp"
#include "wn/weight_norm.hpp"

namespace wn::bench {
namespace {

void weight_norm_forward(benchmark::State& state, DType dtype, Layout layout, std::int64_t side) {
  const Tensor v = make_v(dtype, layout.shape(side));
  const Tensor g = make_g(dtype, v, layout.dim);
  for (auto _ : state) benchmark::DoNotOptimize(weight_norm(v, g, layout.dim));
  state.SetItemsProcessed(state.iterations() * v.numel());
}

void norm_forward(benchmark::State& state, DType dtype, Layout layout, std::int64_t side) {
  const Tensor v = make_v(dtype, layout.shape(side));
  for (auto _ : state) benchmark::DoNotOptimize(norm_except_dim(v, 2, layout.dim));
  state.SetItemsProcessed(state.iterations() * v.numel());
}

// First derivatives: grad_v and grad_g from (grad_w, v, g), the norms
// recomputed inside (the reference keeps nothing from the forward).
void weight_norm_backward(benchmark::State& state, DType dtype, Layout layout, std::int64_t side) {
  const Tensor v = make_v(dtype, layout.shape(side));
  const Tensor g = make_g(dtype, v, layout.dim);
  const Tensor grad_w = make_grad_w(dtype, v.shape());
  for (auto _ : state) benchmark::DoNotOptimize(wn::weight_norm_backward(grad_w, v, g, layout.dim));
  state.SetItemsProcessed(state.iterations() * v.numel());
}

const bool registered = [] {
  for (DType dtype : full_precision_dtypes()) {
    for (const Layout& layout : layouts()) {
      for (std::int64_t side : sides()) {
        benchmark::RegisterBenchmark(name("weight_norm", "reference", dtype, layout, side).c_str(),
                                     weight_norm_forward, dtype, layout, side);
        benchmark::RegisterBenchmark(name("weight_norm_backward", "reference", dtype, layout, side).c_str(),
                                     weight_norm_backward, dtype, layout, side);
        if (layout.name == "fused_dim0" || layout.name == "composite_none") {
          benchmark::RegisterBenchmark(name("norm_except_dim", "reference", dtype, layout, side).c_str(),
                                       norm_forward, dtype, layout, side);
        }
      }
    }
  }
  return true;
}();

}  // namespace
}  // namespace wn::bench
