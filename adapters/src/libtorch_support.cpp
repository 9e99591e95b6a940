#include "libtorch_support.hpp"

#include "wn/errors.hpp"

namespace wn::libtorch_detail {

at::ScalarType to_at(DType dtype) { return dtype == DType::Float32 ? at::kFloat : at::kDouble; }

at::Tensor to_at(const Tensor& t) {
  at::Tensor out = at::empty(t.shape(), at::TensorOptions().dtype(to_at(t.dtype())));
  if (t.dtype() == DType::Float32) {
    float* p = out.data_ptr<float>();
    for (std::int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<float>(t[i]);
  } else {
    double* p = out.data_ptr<double>();
    for (std::int64_t i = 0; i < t.numel(); ++i) p[i] = t[i];
  }
  return out;
}

Tensor from_at(const at::Tensor& x) {
  const at::Tensor c = x.detach().contiguous();
  Shape shape(c.sizes().begin(), c.sizes().end());
  std::vector<double> values(static_cast<std::size_t>(c.numel()));
  if (c.scalar_type() == at::kFloat) {
    const float* p = c.data_ptr<float>();
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = p[i];
    return Tensor(DType::Float32, std::move(shape), std::move(values));
  }
  if (c.scalar_type() == at::kDouble) {
    const double* p = c.data_ptr<double>();
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = p[i];
    return Tensor(DType::Float64, std::move(shape), std::move(values));
  }
  throw RejectedCall(std::string("LibTorch returned a tensor of unsupported dtype ") +
                     std::string(c10::toString(c.scalar_type())));
}

}  // namespace wn::libtorch_detail
