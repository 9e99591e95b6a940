// The only translation unit that includes LibTorch (ATen, not torch/torch.h:
// it compiles in a quarter of the time).
#include "wn/adapters/libtorch.hpp"

#include <ATen/ATen.h>
#include <torch/version.h>

#include "wn/errors.hpp"

namespace wn {
namespace {

at::ScalarType to_at(DType dtype) {
  return dtype == DType::Float32 ? at::kFloat : at::kDouble;
}

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
  const at::Tensor c = x.contiguous();
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

// Runs a LibTorch call, turning its errors into RejectedCall with its message.
template <typename F>
auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const c10::Error& e) {
    throw RejectedCall(std::string("LibTorch: ") + e.what_without_backtrace());
  }
}

// The fused kernel of at::_weight_norm (taken when dim is 0 or rank - 1,
// compared before any wrapping) reads g as a flat buffer of as many elements
// as v has slices. Refuse a shorter g: LibTorch would read and write out of
// bounds (PyTorch issue 194805).
void refuse_out_of_bounds_g(const Tensor& v, const Tensor& g, DimArg dim, const std::string& fn) {
  const std::int64_t d = encode_for_libtorch(dim);
  if (v.rank() == 0 || !(d == 0 || d == v.rank() - 1)) return;  // not the fused path
  const std::int64_t needed = v.size(d);
  if (g.numel() < needed) {
    throw InvalidArgument(fn, "g", "of shape " + to_string(g.shape()) + " (" +
                                       std::to_string(g.numel()) + " elements)",
                          "at least " + std::to_string(needed) +
                              " elements: LibTorch's fused kernel would read past the end of g");
  }
}

bool dim_is_valid(const Tensor& v, DimArg dim) {
  try {
    resolve_dim(dim, v.shape(), "");
    return true;
  } catch (const InvalidArgument&) {
    return false;
  }
}

Tensor call_weight_norm(const Tensor& v, const Tensor& g, DimArg dim) {
  return guarded([&] { return from_at(at::_weight_norm(to_at(v), to_at(g), encode_for_libtorch(dim))); });
}

class LibTorchImplementation : public Implementation {
 public:
  std::string name() const override { return "libtorch"; }
  std::string version() const override { return libtorch_version() + " (CPU)"; }

  Tensor norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim) const override {
    return guarded([&] { return from_at(at::norm_except_dim(to_at(v), pow, encode_for_libtorch(dim))); });
  }

  Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const override {
    const std::string fn = "libtorch weight_norm";
    refuse_out_of_bounds_g(v, g, dim, fn);
    // Where the call is otherwise valid, hold g to the spec's shape rule, so a
    // wrong shape never reaches the kernel that would misread it (DEV-2 is
    // pinned separately through libtorch_weight_norm_any_g_shape). Invalid
    // calls go through, so that LibTorch's own rejection is what is seen.
    if (v.numel() > 0 && v.rank() > 0 && dim_is_valid(v, dim)) check_g_shape(v, g, dim, fn);
    return call_weight_norm(v, g, dim);
  }

  Decomposition decompose(const Tensor& weight, DimArg dim) const override {
    return guarded([&] {
      const at::Tensor w = to_at(weight);
      const std::int64_t d = encode_for_libtorch(dim);
      // torch.nn.utils.weight_norm: g = norm_except_dim(weight, 2, dim),
      // v = weight.data, then the weight is computed once from them.
      const at::Tensor g = at::norm_except_dim(w, 2, d);
      const at::Tensor v = w;
      (void)at::_weight_norm(v, g, d);
      return Decomposition{from_at(g), from_at(v)};
    });
  }

  Tensor remove(const Decomposition& parameters, DimArg dim) const override {
    return weight_norm(parameters.v, parameters.g, dim);
  }

  std::vector<std::string> known_deviations() const override {
    return {"DEV-1", "DEV-2", "DEV-3", "DEV-4"};
  }
};

}  // namespace

std::string libtorch_version() { return std::string("LibTorch ") + TORCH_VERSION; }

std::unique_ptr<Implementation> make_libtorch_implementation() {
  return std::make_unique<LibTorchImplementation>();
}

Tensor libtorch_weight_norm_any_g_shape(const Tensor& v, const Tensor& g, DimArg dim) {
  refuse_out_of_bounds_g(v, g, dim, "libtorch_weight_norm_any_g_shape");
  return call_weight_norm(v, g, dim);
}

}  // namespace wn
