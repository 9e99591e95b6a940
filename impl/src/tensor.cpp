#include "wn/tensor.hpp"

#include <cmath>
#include <cstring>
#include <iomanip>
#include <limits>
#include <ostream>
#include <type_traits>
#include <utility>

#include "wn/errors.hpp"

namespace wn {

Tensor::Tensor() : dtype_(DType::Float32), shape_{}, values_{0.0} {}

Tensor::Tensor(DType dtype, Shape shape, std::vector<double> values)
    : dtype_(dtype), shape_(std::move(shape)), values_(std::move(values)) {
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
  if (static_cast<std::int64_t>(values_.size()) != n) {
    throw InvalidArgument("Tensor", "values", std::to_string(values_.size()) + " values",
                          std::to_string(n) + " values for shape " + to_string(shape_));
  }
  // round_to_dtype, hoisted: float64 values are already exact (and this
  // loop runs on every result the reference builds).
  dispatch_dtype(dtype_, [this](auto t) {
    using T = decltype(t);
    if constexpr (!std::is_same_v<T, double>) {
      for (double& x : values_) x = static_cast<double>(static_cast<T>(x));
    }
  });
}

Tensor Tensor::zeros(DType dtype, Shape shape) {
  const std::int64_t n = wn::numel(shape);
  return Tensor(dtype, std::move(shape), std::vector<double>(static_cast<std::size_t>(n), 0.0));
}

Tensor Tensor::scalar(DType dtype, double value) { return Tensor(dtype, {}, {value}); }

Tensor Tensor::reshaped(Shape shape) const { return Tensor(dtype_, std::move(shape), values_); }

Tensor Tensor::to(DType dtype) const { return Tensor(dtype, shape_, values_).with_layout(layout_); }

Tensor Tensor::with_layout(Layout layout) const {
  check_layout(layout, shape_);
  Tensor out = *this;
  out.layout_ = std::move(layout);
  return out;
}

bool Tensor::identical(const Tensor& other) const {
  if (dtype_ != other.dtype_ || shape_ != other.shape_) return false;
  for (std::size_t i = 0; i < values_.size(); ++i) {
    const double a = values_[i], b = other.values_[i];
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
