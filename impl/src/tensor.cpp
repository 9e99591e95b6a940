#include "wn/tensor.hpp"

#include <cmath>
#include <cstring>
#include <iomanip>
#include <limits>
#include <ostream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "wn/errors.hpp"

namespace wn {

Tensor::Tensor() : dtype_(DType::Float32), shape_{}, numel_(1), f32_{0.0f} {}

Tensor::Tensor(DType dtype, Shape shape) : dtype_(dtype), shape_(std::move(shape)) {
  if (rank() > kMaxRank) {
    throw InvalidArgument("Tensor", "shape", to_string(shape_),
                          "a rank of at most " + std::to_string(kMaxRank));
  }
  // Overflow-safe product: a huge declared shape is an error, not a wrap-around.
  std::int64_t n = 1;
  for (std::int64_t s : shape_) {
    if (s < 0) throw InvalidArgument("Tensor", "shape", to_string(shape_), "sizes >= 0");
    if (s != 0 && n > std::numeric_limits<std::int64_t>::max() / s) {
      throw InvalidArgument("Tensor", "shape", to_string(shape_), "a product of sizes below 2^63");
    }
    n *= s;
  }
  numel_ = n;
}

void Tensor::check_count(std::size_t count) const {
  if (static_cast<std::int64_t>(count) != numel_) {
    throw InvalidArgument("Tensor", "values", std::to_string(count) + " values",
                          std::to_string(numel_) + " values for shape " + to_string(shape_));
  }
}

Tensor::Tensor(DType dtype, Shape shape, std::vector<double> values) : Tensor(dtype, std::move(shape)) {
  check_count(values.size());
  store_rounded(values.data(), values.size());
}

void Tensor::store_rounded(const double* values, std::size_t count) {
  // Each value rounded once to the dtype, into its native storage.
  switch (dtype_) {
    case DType::Float64: f64_.assign(values, values + count); return;
    case DType::Float32:
      f32_.resize(count);
      for (std::size_t i = 0; i < count; ++i) f32_[i] = static_cast<float>(values[i]);
      return;
    case DType::Float16:
    case DType::BFloat16:
      b16_.resize(count);
      for (std::size_t i = 0; i < count; ++i) b16_[i] = to_bits16(round_to_dtype(values[i], dtype_), dtype_);
      return;
  }
}

Tensor Tensor::rounded(DType dtype, Shape shape, NativeBuffer<double> values) {
  if (dtype == DType::Float64) return native(std::move(shape), std::move(values));
  Tensor t(dtype, std::move(shape));
  t.check_count(values.size());
  t.store_rounded(values.data(), values.size());
  return t;
}

Tensor Tensor::native(Shape shape, NativeBuffer<float> values) {
  Tensor t(DType::Float32, std::move(shape));
  t.check_count(values.size());
  t.f32_ = std::move(values);
  return t;
}

Tensor Tensor::native(Shape shape, NativeBuffer<double> values) {
  Tensor t(DType::Float64, std::move(shape));
  t.check_count(values.size());
  t.f64_ = std::move(values);
  return t;
}

Tensor Tensor::zeros(DType dtype, Shape shape) {
  const std::int64_t n = wn::numel(shape);
  return Tensor(dtype, std::move(shape), std::vector<double>(static_cast<std::size_t>(n), 0.0));
}

Tensor Tensor::scalar(DType dtype, double value) { return Tensor(dtype, {}, {value}); }

std::vector<double> Tensor::values() const {
  switch (dtype_) {
    case DType::Float64: return std::vector<double>(f64_.begin(), f64_.end());
    case DType::Float32: return std::vector<double>(f32_.begin(), f32_.end());
    case DType::Float16:
    case DType::BFloat16: break;
  }
  std::vector<double> out;
  out.reserve(b16_.size());
  for (std::uint16_t b : b16_) out.push_back(from_bits16(b, dtype_));
  return out;
}

namespace {
[[noreturn]] void wrong_storage(DType dtype, const char* type) {
  throw std::logic_error("Tensor::data<" + std::string(type) + ">: a " + to_string(dtype) +
                         " tensor is not stored as " + type);
}
}  // namespace

template <>
const float* Tensor::data<float>() const {
  if (dtype_ != DType::Float32) wrong_storage(dtype_, "float");
  return f32_.data();
}

template <>
const double* Tensor::data<double>() const {
  if (dtype_ != DType::Float64) wrong_storage(dtype_, "double");
  return f64_.data();
}

template <>
const std::uint16_t* Tensor::data<std::uint16_t>() const {
  if (dtype_ != DType::Float16 && dtype_ != DType::BFloat16) wrong_storage(dtype_, "std::uint16_t");
  return b16_.data();
}

Tensor Tensor::reshaped(Shape shape) const {
  Tensor out(dtype_, std::move(shape));
  out.check_count(static_cast<std::size_t>(numel_));
  out.f32_ = f32_;
  out.f64_ = f64_;
  out.b16_ = b16_;
  return out;
}

Tensor Tensor::to(DType dtype) const { return Tensor(dtype, shape_, values()).with_layout(layout_); }

Tensor Tensor::with_layout(Layout layout) const {
  check_layout(layout, shape_);
  Tensor out = *this;
  out.layout_ = std::move(layout);
  return out;
}

bool Tensor::identical(const Tensor& other) const {
  if (dtype_ != other.dtype_ || shape_ != other.shape_) return false;
  for (std::int64_t i = 0; i < numel_; ++i) {
    const double a = (*this)[i], b = other[i];
    if (std::isnan(a) && std::isnan(b)) continue;
    if (std::memcmp(&a, &b, sizeof a) != 0) return false;
  }
  return true;
}

std::ostream& operator<<(std::ostream& os, const Tensor& t) {
  const auto flags = os.flags();
  const auto precision = os.precision();
  os << to_string(t.dtype()) << to_string(t.shape()) << '{'
     << std::setprecision(dispatch_dtype(t.dtype(), [](auto x) { return std::numeric_limits<decltype(x)>::max_digits10; }));
  for (std::int64_t i = 0; i < t.numel(); ++i) os << (i ? ", " : "") << t[i];
  os << '}';
  if (!t.layout().contiguous()) os << " as " << to_string(t.layout());
  os.flags(flags);
  os.precision(precision);
  return os;
}

}  // namespace wn
