/// @file
/// The reference's dense tensor. Spec DTYPE-2, SHAPE-1.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <vector>

#include "wn/dtype.hpp"
#include "wn/layout.hpp"
#include "wn/native_buffer.hpp"
#include "wn/shape.hpp"

/// weightnorm-oracle: the reference implementation of weight normalization
/// (wn::norm_except_dim, wn::weight_norm, wn::decompose, wn::remove) and the
/// interface of the implementations under test (wn::Implementation).
namespace wn {

/// A dense tensor: a dtype, a shape, and its values in row-major order.
///
/// Each dtype is stored natively (spec DTYPE-2): float32 as `float`,
/// float64 as `double`, float16 and bfloat16 as their 16 bits
/// (wn::to_bits16). Every value of every dtype embeds exactly in `double`,
/// so element access (operator[], values()) hands out doubles and loses
/// nothing; the constructor from doubles rounds each one to the dtype. The
/// reference's hot loops read and write the native storage (data()), which
/// halves the memory a float32 weight_norm moves.
///
/// The tensor is a *logical* value: the values seen through the shape are
/// what the spec is about. It also carries a memory layout (layout(), spec
/// SHAPE-5): how an implementation under test receives it (contiguous,
/// transposed, permuted, sliced, channels-last). The reference ignores the
/// layout; an adapter hands its backend the strided view (LibTorch:
/// `as_strided` on a buffer whose gaps hold NaN). Results are compared by
/// value, whatever their layout.
class Tensor {
 public:
  /// A 0-d float32 zero.
  Tensor();

  /// A tensor of `dtype` and `shape` holding `values` (row-major), each
  /// rounded to `dtype`. Throws wn::InvalidArgument when the number of values
  /// is not the product of the sizes, a size is negative, or the rank is above
  /// kMaxRank.
  Tensor(DType dtype, Shape shape, std::vector<double> values);

  /// A float32 tensor taking over `values` as they are (no rounding: they
  /// are float32 values). Throws as the constructor does.
  static Tensor native(Shape shape, NativeBuffer<float> values);
  /// A float64 tensor taking over `values` (no copy: the constructor from
  /// std::vector<double> copies into native storage). Throws as the
  /// constructor does.
  static Tensor native(Shape shape, NativeBuffer<double> values);
  /// A tensor of `dtype` holding `values` (row-major), each rounded to
  /// `dtype` as the constructor does; a float64 tensor takes the buffer over
  /// without a copy (for results computed in doubles). Throws as the
  /// constructor does.
  static Tensor rounded(DType dtype, Shape shape, NativeBuffer<double> values);

  /// A tensor of zeros.
  static Tensor zeros(DType dtype, Shape shape);

  /// A 0-d tensor holding `value` rounded to `dtype`.
  static Tensor scalar(DType dtype, double value);

  DType dtype() const { return dtype_; }  ///< The element type (spec DTYPE-1).
  const Shape& shape() const { return shape_; }  ///< Sizes, outermost first.
  /// The number of dimensions (0 for a scalar).
  std::int64_t rank() const { return static_cast<std::int64_t>(shape_.size()); }
  /// The number of elements (1 for a 0-d tensor, 0 when a size is 0).
  std::int64_t numel() const { return numel_; }
  /// Size of dimension `d` (0 <= d < rank()).
  std::int64_t size(std::int64_t d) const { return shape_.at(static_cast<std::size_t>(d)); }

  /// All values, row-major, as doubles (exact): a copy, so bind it to a
  /// variable before taking iterators or data() from it.
  std::vector<double> values() const;
  /// Value at flat row-major index `i`, exactly.
  double operator[](std::int64_t i) const {
    const auto k = static_cast<std::size_t>(i);
    switch (dtype_) {
      case DType::Float32: return static_cast<double>(f32_[k]);
      case DType::Float64: return f64_[k];
      case DType::Float16:
      case DType::BFloat16: break;
    }
    return from_bits16(b16_[k], dtype_);
  }

  /// The native storage, row-major: `T` is `float` for float32, `double`
  /// for float64 and `std::uint16_t` (the bits) for float16 and bfloat16.
  /// Throws std::logic_error when `T` is not dtype()'s storage type.
  template <class T>
  const T* data() const;

  /// The same values under another shape with the same number of elements
  /// (contiguous).
  Tensor reshaped(Shape shape) const;

  /// The same shape and layout with values converted (rounded) to `dtype`.
  Tensor to(DType dtype) const;

  /// Same dtype, shape and values, bit for bit (NaN payloads aside, +0 and
  /// -0 told apart). The layouts are not compared: they are how the values
  /// travel, not what they are.
  bool identical(const Tensor& other) const;

  /// The memory layout an implementation under test receives this tensor in
  /// (spec SHAPE-5); contiguous unless with_layout set another.
  const Layout& layout() const { return layout_; }

  /// The same values, to be handed over in `layout`. Throws
  /// wn::InvalidArgument when it does not fit the shape (wn::check_layout).
  Tensor with_layout(Layout layout) const;

 private:
  Tensor(DType dtype, Shape shape);  // checks the shape; no storage yet
  void store_rounded(const double* values, std::size_t count);  // into the dtype's storage
  void check_count(std::size_t count) const;

  DType dtype_;
  Shape shape_;
  std::int64_t numel_ = 0;
  // Exactly one holds the values: the one of dtype_ (operator[]).
  NativeBuffer<float> f32_;
  NativeBuffer<double> f64_;
  NativeBuffer<std::uint16_t> b16_;
  Layout layout_;
};

/// \cond
template <>
const float* Tensor::data<float>() const;
template <>
const double* Tensor::data<double>() const;
template <>
const std::uint16_t* Tensor::data<std::uint16_t>() const;
/// \endcond

/// Prints `float32[2, 3]{1, 2, 3, 4, 5, 6}` with enough digits to read every
/// value back exactly, followed by ` as transposed(...)` when the layout is
/// not contiguous. RapidCheck uses it to show counterexamples.
std::ostream& operator<<(std::ostream& os, const Tensor& t);

}  // namespace wn
