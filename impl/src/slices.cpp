#include "slices.hpp"

#include <algorithm>

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
// of `inner` contiguous elements belongs to one slice and goes to
// add_run(run, length, sum); with inner == 1 every row feeds every slice, and
// add_rows(data, hi, lo) sums all rows into per-slice arrays (hi, lo) for the
// elementwise loops.
template <class T, class AddRows, class AddRun>
void add_slice_squares(const T* data, const Slicing& s, AddRows add_rows, AddRun add_run,
                       std::vector<DoubleDouble>& sums) {
  if (s.inner == 1) {
    std::vector<double> hi(sums.size()), lo(sums.size());
    add_rows(data, hi.data(), lo.data());
    for (std::size_t i = 0; i < sums.size(); ++i) sums[i] = DoubleDouble{hi[i], lo[i]};
    return;
  }
  for (std::int64_t o = 0; o < s.outer; ++o) {
    const T* row = data + o * s.size * s.inner;
    for (std::int64_t i = 0; i < s.size; ++i) add_run(row + i * s.inner, s.inner, sums[static_cast<std::size_t>(i)]);
  }
}

// Every square through the double-double chains.
template <class T>
void add_slice_squares(const T* data, const Slicing& s, bool exact_squares, std::vector<DoubleDouble>& sums) {
  add_slice_squares(
      data, s,
      [&](const T* d, double* hi, double* lo) {
        add_squares_elementwise(d, s.outer, s.size, s.size, exact_squares, hi, lo);
      },
      [&](const T* run, std::int64_t n, DoubleDouble& sum) { add_squares(run, n, 1, exact_squares, sum); }, sums);
}

// kFloat32Blocks over float32 storage: runs through
// add_float32_squares_in_blocks; with inner == 1, each row into per-slice
// partial sums folded into the chains every kFloat32BlockTerms rows.
void add_float32_slice_squares_in_blocks(const float* data, const Slicing& s, std::vector<DoubleDouble>& sums) {
  add_slice_squares(
      data, s,
      [&](const float* d, double* hi, double* lo) {
        std::vector<double> partial(static_cast<std::size_t>(s.size));
        for (std::int64_t o = 0; o < s.outer; o += kFloat32BlockTerms) {
          const std::int64_t rows = std::min(kFloat32BlockTerms, s.outer - o);
          add_float32_squares_elementwise(d + o * s.size, rows, s.size, s.size, partial.data());
          fold_partial_sums(partial.data(), s.size, hi, lo);
        }
      },
      add_float32_squares_in_blocks, sums);
}
}  // namespace

SliceNorm exact_euclidean_norm(const Tensor& v, const Slicing& s, std::int64_t i) {
  const std::vector<double> slice = s.gather(v, i);
  return scaled_euclidean_norm(slice.data(), static_cast<std::int64_t>(slice.size()), 1);
}

std::vector<SliceNorm> euclidean_slice_norms(const Tensor& v, const Slicing& s, SumOfSquares how) {
  // float32, float16 and bfloat16 values have at most 24 significant bits:
  // their squares (at most 2 * 26 bits) are exact in double.
  const bool exact_squares = traits(v.dtype()).mantissa_bits <= 26;
  const bool blocks = how == SumOfSquares::kFloat32Blocks && v.dtype() == DType::Float32;
  std::vector<DoubleDouble> sums(static_cast<std::size_t>(s.size));
  switch (v.dtype()) {
    case DType::Float32:
      if (blocks) {
        add_float32_slice_squares_in_blocks(v.data<float>(), s, sums);
      } else {
        add_slice_squares(v.data<float>(), s, exact_squares, sums);
      }
      break;
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
      if (blocks) norms.back().error_bound = kFloat32BlockSumError;
    } else {
      // Overflow, underflow, zeros, NaN or infinity: the scaled two-pass
      // method decides (rare, so gathering is fine here).
      norms.push_back(exact_euclidean_norm(v, s, i));
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
