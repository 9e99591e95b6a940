// LibTorch's forward operations over the shared grid: at::_weight_norm (its
// fused kernel for dim 0 and the last dim, the composite norm-divide-multiply
// otherwise) and at::norm_except_dim, on at::Tensors built once outside the
// timed loop; and its backward (first derivatives) on both paths. The one
// benchmark translation unit that includes ATen (and, for the composite
// path's backward, the autograd engine's torch::autograd::grad).
//
// Threads: LibTorch runs on WN_BENCH_THREADS intra-op threads (default 1),
// so that the comparison with the single-threaded reference is like for like.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <benchmark/benchmark.h>
// at::AutoGradMode: LibTorch 2.6's autograd.h no longer brings it in.
#include <ATen/core/grad_mode.h>
#include <torch/csrc/autograd/autograd.h>

#include <cstdlib>
#include <tuple>

#include "cases.hpp"

namespace wn::bench {
namespace {

at::Tensor to_at(const Tensor& t) {
  const at::Tensor d = at::empty(t.shape(), at::TensorOptions().dtype(at::kDouble));
  const std::vector<double> values = t.values();
  std::copy(values.begin(), values.end(), d.data_ptr<double>());
  return t.dtype() == DType::Float32 ? d.to(at::kFloat) : d;
}

void use_configured_threads() {
  static const bool once = [] {
    const char* env = std::getenv("WN_BENCH_THREADS");
    at::set_num_threads(env != nullptr && *env != '\0' ? std::atoi(env) : 1);
    return true;
  }();
  (void)once;
}

void weight_norm_forward(benchmark::State& state, DType dtype, Layout layout, std::int64_t side) {
  use_configured_threads();
  const Tensor v = make_v(dtype, layout.shape(side));
  const at::Tensor av = to_at(v), ag = to_at(make_g(dtype, v, layout.dim));
  const std::int64_t d = encode_for_libtorch(layout.dim);
  for (auto _ : state) benchmark::DoNotOptimize(at::_weight_norm(av, ag, d));
  state.SetItemsProcessed(state.iterations() * v.numel());
  state.counters["threads"] = at::get_num_threads();
}

void norm_forward(benchmark::State& state, DType dtype, Layout layout, std::int64_t side) {
  use_configured_threads();
  const Tensor v = make_v(dtype, layout.shape(side));
  const at::Tensor av = to_at(v);
  const std::int64_t d = encode_for_libtorch(layout.dim);
  for (auto _ : state) benchmark::DoNotOptimize(at::norm_except_dim(av, 2, d));
  state.SetItemsProcessed(state.iterations() * v.numel());
  state.counters["threads"] = at::get_num_threads();
}

// First derivatives as a training step's backward computes them, the
// forward's saved tensors built once outside the timed loop:
// - fused layouts (dim 0, last dim): the kernel autograd calls,
//   at::_weight_norm_interface_backward(grad_w, v, g, norms, dim), with the
//   norms the forward saved (so, unlike the reference, no norm is computed);
// - composite layouts (middle dim, none): autograd through
//   v * (g / norm_except_dim(v, 2, dim)), the graph built once and retained,
//   so each iteration runs the engine over its multiply, divide and norm
//   backward nodes.
void weight_norm_backward(benchmark::State& state, DType dtype, Layout layout, std::int64_t side) {
  use_configured_threads();
  const Tensor v = make_v(dtype, layout.shape(side));
  const at::Tensor av = to_at(v), ag = to_at(make_g(dtype, v, layout.dim));
  const at::Tensor grad_w = to_at(make_grad_w(dtype, v.shape()));
  const std::int64_t d = encode_for_libtorch(layout.dim);
  if (layout.name == "fused_dim0" || layout.name == "fused_last") {
    const at::Tensor norms = std::get<1>(at::_weight_norm_interface(av, ag, d));
    for (auto _ : state) benchmark::DoNotOptimize(at::_weight_norm_interface_backward(grad_w, av, ag, norms, d));
  } else {
    const at::AutoGradMode grad_mode(true);
    const at::Tensor lv = av.detach().set_requires_grad(true), lg = ag.detach().set_requires_grad(true);
    const at::Tensor w = at::_weight_norm(lv, lg, d);
    for (auto _ : state) {
      benchmark::DoNotOptimize(torch::autograd::grad({w}, {lv, lg}, {grad_w}, /*retain_graph=*/true));
    }
  }
  state.SetItemsProcessed(state.iterations() * v.numel());
  state.counters["threads"] = at::get_num_threads();
}

const bool registered = [] {
  for (DType dtype : full_precision_dtypes()) {
    for (const Layout& layout : layouts()) {
      for (std::int64_t side : sides()) {
        benchmark::RegisterBenchmark(name("weight_norm", "libtorch", dtype, layout, side).c_str(),
                                     weight_norm_forward, dtype, layout, side);
        benchmark::RegisterBenchmark(name("weight_norm_backward", "libtorch", dtype, layout, side).c_str(),
                                     weight_norm_backward, dtype, layout, side);
        if (layout.name == "fused_dim0" || layout.name == "composite_none") {
          benchmark::RegisterBenchmark(name("norm_except_dim", "libtorch", dtype, layout, side).c_str(),
                                       norm_forward, dtype, layout, side);
        }
      }
    }
  }
  return true;
}();

}  // namespace
}  // namespace wn::bench
