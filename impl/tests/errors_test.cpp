// Spec ERR-1 .. ERR-4: bad input is rejected with a message that names the
// argument, the value and what was expected.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "wn/errors.hpp"
#include "wn/norm_except_dim.hpp"
#include "wn/weight_norm.hpp"

namespace wn {
namespace {

// Runs `call`, expects wn::InvalidArgument about `argument`, and that the
// message contains each of `fragments`.
void expect_rejection(const std::function<void()>& call, const std::string& argument,
                      std::initializer_list<std::string> fragments) {
  try {
    call();
    ADD_FAILURE() << "no exception";
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(e.argument(), argument) << e.what();
    for (const auto& f : fragments) EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << e.what();
  }
}

const Tensor v23 = Tensor::zeros(DType::Float32, {2, 3});

TEST(Errors, DimOutOfRange) {
  expect_rejection([] { norm_except_dim(v23, 2, 2); }, "dim",
                   {"norm_except_dim", "is 2", "[-2, 1]", "[2, 3]"});
  expect_rejection([] { weight_norm(v23, Tensor::zeros(DType::Float32, {2, 1}), -3); }, "dim",
                   {"weight_norm", "is -3"});
  expect_rejection([] { decompose(v23, 5); }, "dim", {"decompose", "is 5"});
}

TEST(Errors, DimZeroOnA0dTensor) {
  expect_rejection([] { norm_except_dim(Tensor::scalar(DType::Float64, 1), 2, 0); }, "dim", {"0-d"});
}

TEST(Errors, ZeroElements) {
  const Tensor empty = Tensor::zeros(DType::Float64, {0, 3});
  expect_rejection([&] { norm_except_dim(empty, 2, 1); }, "v", {"no elements", "[0, 3]"});
  expect_rejection([&] { decompose(empty, 1); }, "weight", {"no elements"});
  expect_rejection([&] { weight_norm(empty, Tensor::zeros(DType::Float64, {1, 3}), 1); }, "v", {"no elements"});
}

TEST(Errors, WeightNormOfA0dTensor) {
  const Tensor s = Tensor::scalar(DType::Float64, 2);
  expect_rejection([&] { weight_norm(s, s, kNone); }, "v", {"0-d", "rank >= 1"});
  expect_rejection([&] { decompose(s, kNone); }, "weight", {"0-d"});
}

TEST(Errors, GOfTheWrongShapeOrDtype) {
  expect_rejection([] { weight_norm(v23, Tensor::zeros(DType::Float32, {2}), 0); }, "g",
                   {"[2]", "expected shape [2, 1]"});
  expect_rejection([] { weight_norm(v23, Tensor::zeros(DType::Float32, {1, 2}), 0); }, "g", {"[1, 2]"});
  expect_rejection([] { weight_norm(v23, Tensor::zeros(DType::Float32, {1, 1}), 0); }, "g", {"[1, 1]"});
  expect_rejection([] { weight_norm(v23, Tensor::zeros(DType::Float64, {2, 1}), 0); }, "g",
                   {"float64", "float32"});
}

}  // namespace
}  // namespace wn
