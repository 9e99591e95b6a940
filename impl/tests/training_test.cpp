// Hand-computed SGD steps and the life cycle of the cached weight (spec LIFE-1 .. LIFE-5).
#include <gtest/gtest.h>

#include <cmath>

#include "wn/training.hpp"
#include "wn/weight_norm.hpp"

namespace wn {
namespace {

Tensor one(double x) { return Tensor(DType::Float64, {1}, {x}); }

// Two steps of gradient 1 from p = 1, lr = 0.1.
std::pair<double, double> two_steps(const SgdOptions& o) {
  Sgd sgd(o);
  const Tensor p1 = sgd.step(0, one(1.0), one(1.0));
  const Tensor p2 = sgd.step(0, p1, one(1.0));
  return {p1[0], p2[0]};
}

TEST(Sgd, Plain) {
  const auto [p1, p2] = two_steps({0.1});
  EXPECT_NEAR(p1, 0.9, 1e-15);
  EXPECT_NEAR(p2, 0.8, 1e-15);
}

// The buffer starts as the first gradient (not (1 − dampening) times it):
// b1 = 1, p1 = 0.9; b2 = 0.9·1 + 1 = 1.9, p2 = 0.9 − 0.19 = 0.71.
TEST(Sgd, MomentumBufferStartsAtFirstGradient) {
  const auto [p1, p2] = two_steps({0.1, 0.9});
  EXPECT_NEAR(p1, 0.9, 1e-15);
  EXPECT_NEAR(p2, 0.71, 1e-15);
}

// Dampening 0.5 applies from the second step: b2 = 0.9 + 0.5 = 1.4, p2 = 0.76.
TEST(Sgd, DampeningFromSecondStep) {
  const auto [p1, p2] = two_steps({0.1, 0.9, 0.5});
  EXPECT_NEAR(p1, 0.9, 1e-15);
  EXPECT_NEAR(p2, 0.76, 1e-15);
}

// Nesterov: d = g + m b. Step 1: b = 1, d = 1.9, p = 0.81. Step 2: b = 1.9,
// d = 1 + 0.9·1.9 = 2.71, p = 0.81 − 0.271 = 0.539.
TEST(Sgd, Nesterov) {
  const auto [p1, p2] = two_steps({0.1, 0.9, 0.0, 0.0, true});
  EXPECT_NEAR(p1, 0.81, 1e-15);
  EXPECT_NEAR(p2, 0.539, 1e-15);
}

// Weight decay 0.5: d = 1 + 0.5·1 = 1.5, p1 = 0.85; d = 1 + 0.425, p2 = 0.7075.
TEST(Sgd, WeightDecay) {
  const auto [p1, p2] = two_steps({0.1, 0.0, 0.0, 0.5});
  EXPECT_NEAR(p1, 0.85, 1e-15);
  EXPECT_NEAR(p2, 0.7075, 1e-15);
}

// Weight [[3, 4]], dim 0: g = 5, v = (3, 4). G = (1, 0): grad_g = 0.6,
// grad_v = (5/5)((1, 0) − 0.6 (0.6, 0.8)) = (0.64, −0.48). One step of lr 0.1:
// g = 4.94, v = (2.936, 4.048). The cached weight is still (3, 4) (LIFE-2)
// until forward, which gives 4.94 v/‖v‖; remove gives the same (LIFE-3).
TEST(WeightNormLayer, StepLeavesWeightStaleUntilForwardAndRemoveUsesLatest) {
  const Tensor w0(DType::Float64, {1, 2}, {3, 4});
  WeightNormLayer layer(w0, 0);
  EXPECT_NEAR(layer.g()[0], 5.0, 1e-15);
  EXPECT_TRUE(layer.v().identical(w0));
  Sgd sgd({0.1});
  layer.step(sgd, layer.backward(Tensor(DType::Float64, {1, 2}, {1, 0})));
  EXPECT_NEAR(layer.g()[0], 4.94, 1e-15);
  EXPECT_NEAR(layer.v()[0], 2.936, 1e-15);
  EXPECT_NEAR(layer.v()[1], 4.048, 1e-15);
  EXPECT_TRUE(layer.weight().identical(w0)) << "optimizer.step() must not touch the cached weight";
  const Tensor removed = layer.remove();
  const double r = std::sqrt(2.936 * 2.936 + 4.048 * 4.048);
  EXPECT_NEAR(removed[0], 4.94 * 2.936 / r, 1e-15);
  EXPECT_NEAR(removed[1], 4.94 * 4.048 / r, 1e-15);
  EXPECT_TRUE(layer.forward().identical(removed));
}

// The thread's loss, y.sum(): every row of dL/dW is the column sums of x.
TEST(LinearSumLoss, RowsAreColumnSums) {
  const Tensor x(DType::Float64, {2, 3}, {1, 2, 3, 10, 20, 30});
  const Tensor ones(DType::Float64, {2, 2}, {1, 1, 1, 1});
  const Tensor gw = linear_sum_loss_grad_w(x, ones);
  EXPECT_EQ(gw.shape(), (Shape{2, 3}));
  EXPECT_EQ(gw.values(), (std::vector<double>{11, 22, 33, 11, 22, 33}));
}

}  // namespace
}  // namespace wn
