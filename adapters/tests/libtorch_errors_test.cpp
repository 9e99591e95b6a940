// LibTorch's own errors for the invalid calls of spec ERR-1 .. ERR-4, recorded
// as they are in LibTorch 1.13 (the spec quotes them). If a new LibTorch words
// them differently, these tests say so; the properties only require that the
// calls are rejected.
#include <gtest/gtest.h>

#include <cmath>
#include <csignal>
#include <functional>
#include <string>

#include "wn/adapters/libtorch.hpp"

namespace wn {
namespace {

std::string rejection_message(const std::function<void()>& call) {
  try {
    call();
  } catch (const RejectedCall& e) {
    return e.what();
  }
  return "(accepted)";
}

class LibTorchErrors : public ::testing::Test {
 protected:
  std::unique_ptr<Implementation> lt = make_libtorch_implementation();
  Tensor v23 = Tensor(DType::Float32, {2, 3}, {1, 2, 3, 4, 5, 6});
};

TEST_F(LibTorchErrors, DimOutOfRange) {  // ERR-1
  EXPECT_EQ(rejection_message([&] { lt->norm_except_dim(v23, 2, 2); }),
            "LibTorch: Dimension out of range (expected to be in range of [-2, 1], but got 2)");
  EXPECT_EQ(rejection_message([&] { lt->weight_norm(v23, Tensor::scalar(DType::Float32, 1), -3); }),
            "LibTorch: Dimension out of range (expected to be in range of [-2, 1], but got -3)");
  EXPECT_EQ(rejection_message([&] { lt->norm_except_dim(Tensor::scalar(DType::Float32, 1), 2, 0); }),
            "LibTorch: Dimension specified as 0 but tensor has no dimensions");
}

TEST_F(LibTorchErrors, ZeroElementsWithDimZero) {  // ERR-2 (DEV-3: other dims are accepted)
  EXPECT_EQ(rejection_message([&] { lt->norm_except_dim(Tensor::zeros(DType::Float32, {0, 3}), 2, 0); }),
            "LibTorch: cannot reshape tensor of 0 elements into shape [0, -1] because the unspecified dimension "
            "size -1 can be any value and is ambiguous");
  EXPECT_EQ(rejection_message([&] { lt->norm_except_dim(Tensor::zeros(DType::Float32, {0, 3}), 2, 1); }),
            "(accepted)");
}

TEST_F(LibTorchErrors, ZeroDimensionalWeight) {  // ERR-3
  const Tensor s = Tensor::scalar(DType::Float64, 2);
  EXPECT_EQ(rejection_message([&] { lt->weight_norm(s, s, kNone); }),
            "LibTorch: Dimension specified as -1 but tensor has no dimensions");
}

TEST_F(LibTorchErrors, DtypeMismatchOnTheFusedPath) {  // ERR-4 (DEV-4: the composite path promotes)
  EXPECT_EQ(rejection_message([&] { lt->weight_norm(v23, Tensor::zeros(DType::Float64, {2, 1}), 0); }),
            "LibTorch: expected scalar type Float but found Double");
  EXPECT_EQ(rejection_message([&] { lt->weight_norm(v23, Tensor::scalar(DType::Float64, 1), kNone); }),
            "(accepted)");
}

// DEV-6: the call that divides by zero is made in a child process, which
// LibTorch 1.13 kills with SIGFPE; the parent survives and says so.
TEST_F(LibTorchErrors, CrashingCallsRunInAChildProcess) {
  try {
    lt->weight_norm(Tensor::zeros(DType::Float32, {0, 3}), Tensor::zeros(DType::Float32, {0, 1}), 0);
    ADD_FAILURE() << "returned";
  } catch (const CrashedCall& e) {
    EXPECT_EQ(e.deviation(), "DEV-6");
    EXPECT_EQ(e.signal(), SIGFPE);
  }
  // The gradients (their forward) die the same way, in their own child.
  try {
    lt->weight_norm_backward(Tensor::zeros(DType::Float32, {0, 3}), Tensor::zeros(DType::Float32, {0, 3}),
                             Tensor::zeros(DType::Float32, {0, 1}), 0);
    ADD_FAILURE() << "returned";
  } catch (const CrashedCall& e) {
    EXPECT_EQ(e.deviation(), "DEV-6");
    EXPECT_EQ(e.signal(), SIGFPE);
  }
}

// DEV-3 for the gradients: on the composite path (dim none) an empty v's
// grad_g is NaN, 0/0 (wn::deviations::empty_weight_norm_backward).
TEST_F(LibTorchErrors, EmptyGradientsAreNaN) {
  const WeightNormGradients grads = lt->weight_norm_backward(
      Tensor::zeros(DType::Float64, {3, 0}), Tensor::zeros(DType::Float64, {3, 0}), Tensor::zeros(DType::Float64, {1, 1}), kNone);
  EXPECT_EQ(grads.grad_v.shape(), (Shape{3, 0}));
  ASSERT_EQ(grads.grad_g.shape(), (Shape{1, 1}));
  EXPECT_TRUE(std::isnan(grads.grad_g[0]));
}

// DEV-2, DEV-5: a g of the wrong shape reaches LibTorch (the adapter passes
// it on, as PyTorch does); these are the spec's evidence lines, in C++.
TEST_F(LibTorchErrors, WrongShapedGReachesLibTorch) {
  const Tensor flat = lt->weight_norm(v23, Tensor(DType::Float32, {1, 2}, {1, 2}), 0);
  EXPECT_TRUE(flat.identical(lt->weight_norm(v23, Tensor(DType::Float32, {2, 1}, {1, 2}), 0)));
  EXPECT_EQ(lt->weight_norm(v23, Tensor(DType::Float32, {1, 1, 1}, {1}), kNone).shape(), (Shape{1, 2, 3}));
}

TEST(LibTorchVersion, IsReported) {
  EXPECT_EQ(libtorch_version().rfind("LibTorch ", 0), 0u);
  EXPECT_NE(make_libtorch_implementation()->version().find("CPU"), std::string::npos);
}

}  // namespace
}  // namespace wn
