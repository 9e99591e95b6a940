#include "checks.hpp"

#include "wn/errors.hpp"

namespace wn::detail {

void require_elements(const Tensor& t, const std::string& function, const std::string& argument) {
  if (t.numel() == 0) {
    throw InvalidArgument(function, argument, "of shape " + to_string(t.shape()) + " with no elements",
                          "a tensor with at least one element");
  }
}

void require_rank_at_least_1(const Tensor& t, const std::string& function, const std::string& argument) {
  if (t.rank() == 0) {
    throw InvalidArgument(function, argument, "a 0-d tensor",
                          "a tensor of rank >= 1 (LibTorch's _weight_norm rejects 0-d weights)");
  }
}

}  // namespace wn::detail
