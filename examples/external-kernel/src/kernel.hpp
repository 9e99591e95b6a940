// A small hand-written weight-norm kernel of its own, as a backend author
// would write one: float32 only, plain loops, float accumulation, row-major
// data. It knows nothing of weightnorm-oracle; adapter.cpp plugs it in.
#pragma once

#include <cstdint>
#include <vector>

namespace external_kernel {

// The slices weight norm normalises: `outer` x `kept` x `inner` elements in
// row-major order, the kept dimension in the middle (kept = 1, and all the
// elements in one slice, for the whole-tensor norm).
struct Layout {
  std::int64_t outer = 1;
  std::int64_t kept = 1;
  std::int64_t inner = 1;
};

// The p-norm of each of the `kept` slices of v (p an integer as LibTorch's
// norm_except_dim takes: 2 Euclidean, 0 counts non-zeros, others
// (sum |x|^p)^(1/p)); one value per slice.
std::vector<float> slice_norms(const std::vector<float>& v, const Layout& layout, std::int64_t p);

// w = g * v / ||v|| per slice: g holds one value per slice.
std::vector<float> weight_norm(const std::vector<float>& v, const std::vector<float>& g, const Layout& layout);

}  // namespace external_kernel
