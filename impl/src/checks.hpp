// Argument checks shared by the operations (internal). Spec ERR-1 .. ERR-4.
#pragma once

#include <string>

#include "wn/tensor.hpp"

namespace wn::detail {

/// Rejects a tensor with no elements (ERR-2).
void require_elements(const Tensor& t, const std::string& function, const std::string& argument);

/// Rejects a 0-d tensor (ERR-3): LibTorch's _weight_norm has no dim to use.
void require_rank_at_least_1(const Tensor& t, const std::string& function, const std::string& argument);

}  // namespace wn::detail
