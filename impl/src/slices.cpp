#include "slices.hpp"

#include "wn/norm_except_dim.hpp"

namespace wn::detail {

Slicing::Slicing(const ResolvedDim& dim, const Shape& shape) {
  if (dim.whole) {
    inner = numel(shape);
    return;
  }
  const auto axis = static_cast<std::size_t>(dim.axis);
  for (std::size_t d = 0; d < axis; ++d) outer *= shape[d];
  size = shape[axis];
  for (std::size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
}

std::vector<double> Slicing::gather(const Tensor& t, std::int64_t i) const {
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(outer * inner));
  for (std::int64_t o = 0; o < outer; ++o) {
    for (std::int64_t j = 0; j < inner; ++j) out.push_back(t[(o * size + i) * inner + j]);
  }
  return out;
}

namespace {
// The first pass, unscaled, in memory order over native storage T: each run
// of `inner` contiguous elements belongs to one slice; with inner == 1 a row
// feeds every slice.
template <class T>
void add_slice_squares(const T* data, const Slicing& s, bool exact_squares, std::vector<DoubleDouble>& sums) {
  for (std::int64_t o = 0; o < s.outer; ++o) {
    const T* row = data + o * s.size * s.inner;
    if (s.inner == 1) {
      add_squares_elementwise(row, s.size, exact_squares, sums.data());
    } else {
      for (std::int64_t i = 0; i < s.size; ++i) {
        add_squares(row + i * s.inner, s.inner, 1, exact_squares, sums[static_cast<std::size_t>(i)]);
      }
    }
  }
}
}  // namespace

std::vector<SliceNorm> euclidean_slice_norms(const Tensor& v, const Slicing& s) {
  // float32, float16 and bfloat16 values have at most 24 significant bits:
  // their squares (at most 2 * 26 bits) are exact in double.
  const bool exact_squares = traits(v.dtype()).mantissa_bits <= 26;
  std::vector<DoubleDouble> sums(static_cast<std::size_t>(s.size));
  switch (v.dtype()) {
    case DType::Float32: add_slice_squares(v.data<float>(), s, exact_squares, sums); break;
    case DType::Float64: add_slice_squares(v.data<double>(), s, exact_squares, sums); break;
    case DType::Float16:
    case DType::BFloat16: {
      // Decoded once from their bits; not a speed path.
      const std::vector<double> decoded = v.values();
      add_slice_squares(decoded.data(), s, exact_squares, sums);
      break;
    }
  }
  std::vector<SliceNorm> norms;
  norms.reserve(sums.size());
  for (std::int64_t i = 0; i < s.size; ++i) {
    const DoubleDouble& sum = sums[static_cast<std::size_t>(i)];
    if (unscaled_sum_is_safe(sum)) {
      norms.push_back(root_of(sum, 0));
    } else {
      // Overflow, underflow, zeros, NaN or infinity: the scaled two-pass
      // method decides (rare, so gathering is fine here).
      const std::vector<double> slice = s.gather(v, i);
      norms.push_back(scaled_euclidean_norm(slice.data(), static_cast<std::int64_t>(slice.size()), 1));
    }
  }
  return norms;
}

std::vector<long double> slice_norms(const Tensor& v, const Slicing& slicing, std::int64_t pow) {
  std::vector<long double> norms;
  norms.reserve(static_cast<std::size_t>(slicing.count()));
  if (pow == 2) {
    for (const SliceNorm& n : euclidean_slice_norms(v, slicing)) norms.push_back(n.value());
    return norms;
  }
  for (std::int64_t i = 0; i < slicing.count(); ++i) {
    const std::vector<double> slice = slicing.gather(v, i);
    norms.push_back(slice_norm(slice.data(), static_cast<std::int64_t>(slice.size()), 1, pow));
  }
  return norms;
}

}  // namespace wn::detail
