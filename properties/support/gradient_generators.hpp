/// @file
/// Generators for the gradient properties (spec GRAD-*): a weight-norm case
/// together with an upstream gradient grad_w and a direction (dv, dg).
#pragma once

#include <rapidcheck.h>

#include <iosfwd>

#include "generators.hpp"

namespace wn::testing {

/// A Case with what the backward passes need.
struct GradientCase {
  Case c;
  Tensor grad_w;  ///< v's shape and dtype, ordinary values of either sign
  Tensor dv;      ///< v's shape and dtype: a direction for second derivatives
  Tensor dg;      ///< g's shape and dtype
};

/// gen_case(options) (never the WideExponent regime: its sums of squares
/// overflow and underflow in LibTorch, DEV-1, and the gradient bounds below
/// assume no underflow), then grad_w, dv and dg, each from
/// gen_tensor(dtype, shape, Regime::Ordinary) or MixedSigns.
rc::Gen<GradientCase> gen_gradient_case(CaseOptions options = {});

/// The same, with float64 only (finite differences).
rc::Gen<GradientCase> gen_gradient_case_f64(CaseOptions options = {});

/// The IEEE classes of grad_w that spec EDGE-5 covers: every class but
/// LargestFinite, whose products overflow LibTorch's intermediates where the
/// exact gradients are finite (measured; not yet pinned as a deviation).
const std::vector<IeeeClass>& edge5_grad_w_classes();

/// gen_gradient_case(options)'s case (either path, any dim; the 16-bit
/// dtypes when `options` asks, DTYPE-4) with each grad_w element replaced,
/// with probability 1/2, by a value of one of edge5_grad_w_classes().
rc::Gen<GradientCase> gen_special_grad_w_case(CaseOptions options = {});

void showValue(const GradientCase& c, std::ostream& os);

}  // namespace wn::testing
