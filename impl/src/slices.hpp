// Walking the slices of a tensor along a kept dimension (internal).
#pragma once

#include <cstdint>
#include <vector>

#include "double_double.hpp"
#include "wn/dim.hpp"
#include "wn/tensor.hpp"

namespace wn::detail {

/// The slices of a tensor for a resolved dim: slice i holds every element
/// whose index along the kept axis is i (one slice, everything, for the whole
/// tensor). Row-major: index = (outer * size + i) * inner + j.
struct Slicing {
  std::int64_t outer = 1, size = 1, inner = 1;

  Slicing(const ResolvedDim& dim, const Shape& shape);
  std::int64_t count() const { return size; }
  std::int64_t slice_of(std::int64_t flat_index) const { return (flat_index / inner) % size; }
  /// The values of slice i, gathered in row-major order.
  std::vector<double> gather(const Tensor& t, std::int64_t i) const;
};

/// How euclidean_slice_norms sums the squares.
enum class SumOfSquares {
  kDoubleDouble,   ///< every square into double-double chains: about 2^-100 relative
  kFloat32Blocks,  ///< float32 data: blocks summed in plain double first, kFloat32BlockSumError relative
};

/// The Euclidean norm of every slice (spec TOL-2), not yet rounded. One pass
/// over v in memory order, no gathering; a slice whose unscaled sum of
/// squares could have overflowed or underflowed is recomputed with scaling
/// (exactly: error_bound 0). kFloat32Blocks applies to float32 data only
/// (other dtypes sum as kDoubleDouble); its norms carry
/// error_bound = kFloat32BlockSumError.
std::vector<SliceNorm> euclidean_slice_norms(const Tensor& v, const Slicing& slicing,
                                             SumOfSquares how = SumOfSquares::kDoubleDouble);

/// Slice i's norm from its gathered values, scaled, in double-double
/// (error_bound 0): the exact fallback when a kFloat32Blocks norm does not
/// round surely.
SliceNorm exact_euclidean_norm(const Tensor& v, const Slicing& slicing, std::int64_t i);

/// Accurate norm of every slice, in long double (spec TOL-2).
std::vector<long double> slice_norms(const Tensor& v, const Slicing& slicing, std::int64_t pow);

}  // namespace wn::detail
