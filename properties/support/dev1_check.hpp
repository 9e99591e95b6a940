/// @file
/// DEV-1 pinned for a whole call: what LibTorch's norm and weight are where
/// its sum of squares overflows or underflows (spec DEV-1, DTYPE-4).
#pragma once

#include "wn/deviations/norm_overflow.hpp"
#include "wn/dim.hpp"
#include "wn/tensor.hpp"

namespace wn::testing {

/// Asserts (RC_ASSERT) that `n` = norm_except_dim(v, 2, dim) and
/// `w` = _weight_norm(v, g, dim) are what deviations::norm_model and
/// deviations::weight_model give, slice by slice: the norm +inf or exactly 0
/// where the square-sum dtype's sum overflows or underflows, within TOL-1
/// of sqrt(sum of fl(x^2)) plus sqrt(n min_subnormal) where it is finite
/// (each square below the normal range carries an absolute error of at most
/// min_subnormal / 2, in the model and in LibTorch), +inf or positive where
/// the order of summation decides; the weight then v (g / norm) from the
/// norm given, exactly where that norm is 0 or infinite, within TOL-1 (and
/// the norm's error, relative to it) otherwise.
/// Whether no slice of v along dim is in DEV-1's domain
/// (deviations::norm_model): where the 16-bit twins of the properties run.
bool outside_dev1(const Tensor& v, DimArg dim);

void check_against_dev1_model(const Tensor& v, const Tensor& g, DimArg dim, const Tensor& n, const Tensor& w);

}  // namespace wn::testing
