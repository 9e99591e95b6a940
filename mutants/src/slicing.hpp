// Slices of a row-major tensor along a resolved dim (internal to wn_mutants;
// deliberately independent of impl/'s internals).
#pragma once

#include <cstdint>
#include <vector>

#include "wn/dim.hpp"
#include "wn/tensor.hpp"

namespace wn::mutants {

/// Row-major index = (outer_i * size + k) * inner + inner_i, where k is the
/// index along the kept axis (size 1 for the whole tensor).
struct Axis {
  std::int64_t outer = 1, size = 1, inner = 1;

  /// The slice (index along the kept axis) of flat index i.
  std::int64_t slice_of(std::int64_t i) const { return (i / inner) % size; }
  /// The fibre along the kept axis of flat index i: (outer_i, inner_i) flattened.
  std::int64_t fibre_of(std::int64_t i) const { return (i / (size * inner)) * inner + i % inner; }
};

/// The axis structure of `dim` for `shape` (dim already valid for it).
Axis axis_of(DimArg dim, const Shape& shape);

/// The values of each slice, in row-major order.
std::vector<std::vector<double>> slices(const Tensor& t, const Axis& axis);

/// A tensor like `like` (dtype, shape) holding `values`, rounded to its dtype.
Tensor with_values(const Tensor& like, std::vector<double> values);

/// A tensor like `like` with every element `value` (rounded to its dtype).
Tensor filled_like(const Tensor& like, double value);

/// x rounded to `bits` significant bits, ties to even (no range limit).
double round_to_bits(double x, int bits);

}  // namespace wn::mutants
