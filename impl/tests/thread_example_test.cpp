// The 3x3 weight of the PyTorch forums thread "Weight norm calculation".
// Spec DEC-1, COMP-4: the user's formula (g/||v||)*v is dim=None, not dim=0.
#include <gtest/gtest.h>

#include <cmath>

#include "wn/norm_except_dim.hpp"
#include "wn/weight_norm.hpp"

namespace wn {
namespace {

// weight_v as the thread prints it right after registration (= the weight).
Tensor thread_weight() {
  return Tensor(DType::Float32, {3, 3},
                {0.2672, 0.5720, 0.1048, -0.4538, 0.5243, -0.0612, -0.5537, 0.0813, -0.3459});
}

// The user's formula: weight_g / weight_v.norm() * weight_v, with the dim=0 g
// of shape [3, 1] broadcast over the rows and one whole-tensor norm.
Tensor users_formula(const Tensor& g, const Tensor& v) {
  const double whole = norm_except_dim(v, 2, kNone)[0];
  std::vector<double> w(9);
  for (int i = 0; i < 9; ++i) w[i] = g[g.numel() == 1 ? 0 : i / 3] / whole * v[i];
  return Tensor(v.dtype(), v.shape(), w);
}

TEST(ThreadExample, RowNormsAreWhatTheThreadPrintsAsG) {
  const Decomposition d = decompose(thread_weight(), 0);
  ASSERT_EQ(d.g.shape(), (Shape{3, 1}));
  EXPECT_NEAR(d.g[0], 0.6400, 5e-5);
  EXPECT_NEAR(d.g[1], 0.6961, 5e-5);
  EXPECT_NEAR(d.g[2], 0.6579, 5e-5);  // printed as weight_g [[0.6579]] for the last row
}

TEST(ThreadExample, UsersFormulaIsRightForNone) {
  const Decomposition d = decompose(thread_weight(), kNone);
  const Tensor w = users_formula(d.g, d.v);
  const Tensor expected = weight_norm(d.v, d.g, kNone);
  for (int i = 0; i < 9; ++i) EXPECT_NEAR(w[i], expected[i], 1e-6) << i;
  for (int i = 0; i < 9; ++i) EXPECT_NEAR(w[i], thread_weight()[i], 1e-6) << i;
}

TEST(ThreadExample, UsersFormulaIsWrongForDimZero) {
  const Decomposition d = decompose(thread_weight(), 0);
  const Tensor wrong = users_formula(d.g, d.v);
  const Tensor right = weight_norm(d.v, d.g, 0);
  for (int i = 0; i < 9; ++i) EXPECT_NEAR(right[i], thread_weight()[i], 1e-6) << i;
  // Row i is scaled by g_i / ||W||_F instead of g_i / g_i = 1: about 0.56 to 0.61.
  for (int i = 0; i < 9; ++i) EXPECT_GT(std::fabs(wrong[i] - right[i]), 0.3 * std::fabs(right[i])) << i;
}

}  // namespace
}  // namespace wn
