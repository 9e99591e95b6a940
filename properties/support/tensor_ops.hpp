// The properties see the one checking library (check/, spec TOL-1, GRAD-7)
// through their own namespace: wn::check's names, unqualified.
#pragma once

#include "wn/check/tensor_ops.hpp"

namespace wn::testing {
using namespace ::wn::check;  // NOLINT(google-build-using-namespace): one rule, used by name
}  // namespace wn::testing
