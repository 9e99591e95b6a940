/// @file
/// DEV-3 and DEV-6: what LibTorch 1.13 does with a v that has no elements
/// (spec ERR-2), per operation and dim. Measured with python3-torch 1.13 and
/// read from aten/src/ATen/native/WeightNorm.cpp: norm_except_dim reshapes
/// to [size(kept), -1] (or [-1, size(kept)]), which fails when the kept size
/// is 0, and otherwise reduces an empty sum to 0; the fused kernel divides by
/// the kept size (SIGFPE at 0).
#pragma once

#include <string>

#include "wn/dim.hpp"
#include "wn/shape.hpp"

namespace wn::deviations {

/// What LibTorch does with one call on an empty v.
struct EmptyOutcome {
  /// Which of the three LibTorch does.
  enum class Kind {
    Returns,  ///< a result of `shape`, every element 0 (or no elements)
    Raises,   ///< a c10::Error whose message contains `message`
    Crashes,  ///< the process is killed by signal `signal` (DEV-6: SIGFPE)
  };
  Kind kind = Kind::Returns;  ///< returns, raises or crashes
  Shape shape;          ///< Returns: the result's shape (decompose: g's shape; v is the weight)
  /// Returns: the value of every element (0; the backward's grad_g: NaN).
  double fill = 0.0;
  std::string message;  ///< Raises: a part of LibTorch's message
  int signal = 0;       ///< Crashes: the signal
  /// The deviation the outcome documents: "DEV-3" (returns) or "DEV-6"
  /// (crashes); empty for Raises, which the spec allows (ERR-2 rejects).
  std::string deviation;
};

/// `norm_except_dim(v, 2, dim)`: none gives a 0-d 0; a kept size of 0
/// raises ("cannot reshape tensor of 0 elements"); otherwise zeros of
/// norm_except_dim's shape. `dim` valid for `v_shape`, numel(v_shape) == 0.
EmptyOutcome empty_norm_except_dim(const Shape& v_shape, DimArg dim);

/// `_weight_norm(v, g, dim)` with g of the right shape: on the fused path
/// (takes_fused_path) a kept size of 0 crashes with SIGFPE (DEV-6), any other
/// returns an empty tensor of v's shape; on the composite path a kept size
/// of 0 raises as norm_except_dim does, anything else returns v's shape.
EmptyOutcome empty_weight_norm(const Shape& v_shape, DimArg dim);

/// The first derivatives (autograd through `_weight_norm`, grad_w of w's
/// shape): the forward's outcome; where it returns, grad_v is empty (v's
/// shape) and grad_g, of g's shape, is NaN everywhere: <grad_w, v> / ||v||
/// = 0 / 0 (`shape` and `fill` describe grad_g).
EmptyOutcome empty_weight_norm_backward(const Shape& v_shape, DimArg dim);

/// Registration (norm_except_dim, then _weight_norm): norm_except_dim's
/// outcome, g of its shape.
EmptyOutcome empty_decompose(const Shape& v_shape, DimArg dim);

}  // namespace wn::deviations
