// Hand-computed gradients of weight norm (spec GRAD-1 .. GRAD-5).
#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "wn/errors.hpp"
#include "wn/gradients.hpp"

namespace wn {
namespace {

Tensor f64(Shape shape, std::vector<double> values) { return Tensor(DType::Float64, std::move(shape), std::move(values)); }

void expect_near(const Tensor& actual, const std::vector<double>& expected, double tol = 1e-15) {
  ASSERT_EQ(actual.numel(), static_cast<std::int64_t>(expected.size()));
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(actual[static_cast<std::int64_t>(i)], expected[i], tol) << i;
}

// v = [3, 4], r = 5, u = (0.6, 0.8), g = 2, G = (1, 0):
// grad_g = <G, u> = 0.6; grad_v = (g/r)(G - 0.6 u) = 0.4 (0.64, -0.48).
TEST(Gradients, OneRowByHand) {
  const Gradients d = weight_norm_backward(f64({1, 2}, {1, 0}), f64({1, 2}, {3, 4}), f64({1, 1}, {2}), 0);
  EXPECT_EQ(d.grad_g.shape(), (Shape{1, 1}));
  expect_near(d.grad_g, {0.6});
  expect_near(d.grad_v, {0.256, -0.192});
}

// dim = 1: the slices are the columns (3, 4) and (0, 5); g = (2, 1).
// Column 0 is the case above; column 1: u = (0, 1), G = (1, 0) ⟂ u, so
// grad_g = 0 and grad_v = (1/5) G = (0.2, 0).
TEST(Gradients, ColumnsByHand) {
  const Gradients d =
      weight_norm_backward(f64({2, 2}, {1, 1, 0, 0}), f64({2, 2}, {3, 0, 4, 5}), f64({1, 2}, {2, 1}), 1);
  expect_near(d.grad_g, {0.6, 0.0});
  expect_near(d.grad_v, {0.256, 0.2, -0.192, 0.0});
}

// dim = none: one slice, the whole tensor; g is 0-d and so is grad_g.
TEST(Gradients, NoneIsOneSlice) {
  const Gradients d = weight_norm_backward(f64({2}, {1, 0}), f64({2}, {3, 4}), Tensor::scalar(DType::Float64, 2), kNone);
  EXPECT_EQ(d.grad_g.shape(), Shape{});
  expect_near(d.grad_g, {0.6});
  expect_near(d.grad_v, {0.256, -0.192});
}

// A rank-1 v with dim 0: every slice is one element, w = g sign(v), so
// grad_g = G sign(v) and grad_v = 0.
TEST(Gradients, OneElementSlicesHaveNoGradV) {
  const Gradients d = weight_norm_backward(f64({2}, {0.5, 3}), f64({2}, {-2, 7}), f64({2}, {1, 1}), 0);
  expect_near(d.grad_g, {-0.5, 3});
  expect_near(d.grad_v, {0, 0});
}

// The same with g the largest finite double and small v: g / r is far
// beyond the double range, and the rounding residual of G - <G, u> u, which
// it multiplied, gave -inf for these elements before one-element slices
// were computed as G - G (the accuracy's extreme_g regime found it).
TEST(Gradients, OneElementSlicesHaveNoGradVWhateverG) {
  const double max = std::numeric_limits<double>::max();
  const std::vector<double> v{1e-300, -3e-200, 0.3, 7e-5, 1.1e-310, -2.5e-17, 1e-100, 0.7};
  const std::vector<double> grad_w{0.7, -1.3, 1.9, 0.123, -0.77, 1.37, -0.41, 1.999};
  const auto n = static_cast<std::int64_t>(v.size());
  const Gradients d =
      weight_norm_backward(f64({n}, grad_w), f64({n}, v), f64({n}, std::vector<double>(v.size(), max)), 0);
  expect_near(d.grad_v, std::vector<double>(v.size(), 0.0), 0.0);
  for (std::size_t i = 0; i < v.size(); ++i) {
    EXPECT_EQ(d.grad_g[static_cast<std::int64_t>(i)], v[i] > 0 ? grad_w[i] : -grad_w[i]) << i;
  }
}

// Second derivative along dv = (0, 1), dg = 0, for the one-row case:
// r = 5, a = <G, v> = 3, ρ = <v, dv> = 4, α = <G, dv> = 0.
//   d grad_g = α/r − aρ/r³ = −12/125 = −0.096
//   d grad_v = (−gρ/r³) G + (3gaρ/r⁵) v − (ga/r³) dv
//            = −0.064 (1, 0) + 0.02304 (3, 4) − 0.048 (0, 1) = (0.00512, 0.04416).
// By differentiating grad_v = (2/r − 18/r³, −6(4+t)/r³) at v = (3, 4 + t)
// directly, dr/dt = 0.8: (−0.064 + 0.06912, −0.048 + 0.09216), the same.
TEST(Gradients, DirectionalAlongVByHand) {
  const Gradients d = weight_norm_backward_directional(f64({1, 2}, {1, 0}), f64({1, 2}, {3, 4}), f64({1, 1}, {2}), 0,
                                                       f64({1, 2}, {0, 1}), f64({1, 1}, {0}));
  expect_near(d.grad_g, {-0.096});
  expect_near(d.grad_v, {0.00512, 0.04416});
}

// Along dg = 1 only: grad_g does not depend on g (0), and grad_v is linear
// in g, so its derivative is grad_v / g = (0.128, −0.096).
TEST(Gradients, DirectionalAlongGByHand) {
  const Gradients d = weight_norm_backward_directional(f64({1, 2}, {1, 0}), f64({1, 2}, {3, 4}), f64({1, 1}, {2}), 0,
                                                       f64({1, 2}, {0, 0}), f64({1, 1}, {1}));
  expect_near(d.grad_g, {0.0});
  expect_near(d.grad_v, {0.128, -0.096});
}

TEST(Gradients, RejectsGradWOfAnotherShape) {
  try {
    weight_norm_backward(f64({2, 1}, {1, 0}), f64({1, 2}, {3, 4}), f64({1, 1}, {2}), 0);
    FAIL() << "accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(e.argument(), "grad_w");
  }
}

TEST(Gradients, RejectsDirectionOfAnotherDtype) {
  EXPECT_THROW(weight_norm_backward_directional(f64({1, 2}, {1, 0}), f64({1, 2}, {3, 4}), f64({1, 1}, {2}), 0,
                                                Tensor(DType::Float32, {1, 2}, {0, 1}), f64({1, 1}, {0})),
               InvalidArgument);
}

}  // namespace
}  // namespace wn
