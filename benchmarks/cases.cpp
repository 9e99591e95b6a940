#include "cases.hpp"

#include <random>

namespace wn::bench {

Shape Layout::shape(std::int64_t side) const {
  // The middle-dim layout needs rank 3: [side, 4, side / 4] keeps side^2 elements.
  if (name == "composite_middle") return side >= 4 ? Shape{side, 4, side / 4} : Shape{side, 1, side};
  return {side, side};
}

const std::vector<Layout>& layouts() {
  static const std::vector<Layout> all{
      {"fused_dim0", 0}, {"fused_last", 1}, {"composite_middle", 1}, {"composite_none", kNone}};
  return all;
}

const std::vector<std::int64_t>& sides() {
  static const std::vector<std::int64_t> all{4, 32, 256, 1024};
  return all;
}

namespace {
Tensor uniform_tensor(DType dtype, const Shape& shape, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> dist(-2.0, 2.0);
  std::vector<double> values(static_cast<std::size_t>(numel(shape)));
  for (double& x : values) x = dist(rng);
  return Tensor(dtype, shape, std::move(values));
}
}  // namespace

Tensor make_v(DType dtype, const Shape& shape) { return uniform_tensor(dtype, shape, 42); }

Tensor make_grad_w(DType dtype, const Shape& shape) { return uniform_tensor(dtype, shape, 7); }

Tensor make_g(DType dtype, const Tensor& v, DimArg dim) {
  const Shape shape = keepdim_norm_shape(resolve_dim(dim, v.shape(), "bench"), v.shape());
  std::vector<double> values(static_cast<std::size_t>(numel(shape)), 1.5);
  return Tensor(dtype, shape, std::move(values));
}

std::string name(const std::string& op, const std::string& impl, DType dtype, const Layout& layout,
                 std::int64_t side) {
  return op + "/" + impl + "/" + to_string(dtype) + "/" + layout.name + "/" + std::to_string(side * side);
}

}  // namespace wn::bench
