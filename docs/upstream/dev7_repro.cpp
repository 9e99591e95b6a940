// Minimal C++ reproduction of DEV-7 (docs/upstream/dev-7.md), LibTorch only:
// the directional second derivative of weight norm's grad_v for v = [[3, 4]],
// g = [[2]], grad_w = [[1, 0]], direction (dv, dg) = ([[0, 1]], 0), through
// at::_weight_norm with dim 0 (fused path) and dim -1 (none: composite path).
// The right answer (GRAD-5, central differences) is (0.00512, 0.04416).
// Prints both and exits 0 when the fused path is wrong and the composite
// path right (DEV-7 reproduced), 1 otherwise.
#include <torch/torch.h>

#include <cmath>
#include <cstdio>

namespace {

// d grad_v along (dv, 0) for the given dim (-1: none).
at::Tensor second_derivative(std::int64_t dim) {
  const auto f64 = torch::TensorOptions().dtype(torch::kFloat64);
  at::Tensor v = torch::tensor({{3.0, 4.0}}, f64).requires_grad_();
  at::Tensor g = torch::tensor({{2.0}}, f64).requires_grad_();
  const at::Tensor w = at::_weight_norm(v, g, dim);
  const auto first = torch::autograd::grad({w}, {v, g}, {torch::tensor({{1.0, 0.0}}, f64)},
                                           /*retain_graph=*/true, /*create_graph=*/true);
  const auto second = torch::autograd::grad({first[0], first[1]}, {v, g},
                                            {torch::tensor({{0.0, 1.0}}, f64), torch::zeros_like(first[1])});
  return second[0];
}

bool near(const at::Tensor& t, double a, double b) {
  return std::fabs(t[0][0].item<double>() - a) < 1e-12 && std::fabs(t[0][1].item<double>() - b) < 1e-12;
}

}  // namespace

int main() {
  const at::Tensor fused = second_derivative(0), composite = second_derivative(-1);
  std::printf("LibTorch %s\n", TORCH_VERSION);
  std::printf("dim 0 (fused):        d grad_v = (%.5f, %.5f)\n", fused[0][0].item<double>(), fused[0][1].item<double>());
  std::printf("dim none (composite): d grad_v = (%.5f, %.5f)\n", composite[0][0].item<double>(),
              composite[0][1].item<double>());
  std::printf("right (GRAD-5):       d grad_v = (0.00512, 0.04416)\n");
  if (near(fused, -0.064, -0.048) && near(composite, 0.00512, 0.04416)) {
    std::printf("DEV-7 reproduced: the fused path's second derivative holds ||v|| constant\n");
    return 0;
  }
  std::printf("DEV-7 NOT reproduced: this LibTorch behaves differently from the report\n");
  return 1;
}
