// The reference's forward operations over the shared grid (no LibTorch here).
#include <benchmark/benchmark.h>

#include "cases.hpp"
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

// TODO(gradients): register "weight_norm_backward/reference/..." here, timing
// wn::weight_norm_backward(grad_w, v, g, dim) on the same grid, once the
// gradients branch lands (libtorch_bench.cpp has the matching hook).
const bool registered = [] {
  for (DType dtype : all_dtypes()) {
    for (const Layout& layout : layouts()) {
      for (std::int64_t side : sides()) {
        benchmark::RegisterBenchmark(name("weight_norm", "reference", dtype, layout, side).c_str(),
                                     weight_norm_forward, dtype, layout, side);
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
