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

// at::_weight_norm takes its fused kernel when dim is 0 or rank - 1
// (compared before any wrapping); otherwise it computes v * (g / norm).
bool takes_fused_path(const Tensor& v, DimArg dim) {
  const std::int64_t d = encode_for_libtorch(dim);
  return v.rank() > 0 && (d == 0 || d == v.rank() - 1);
}

// Calls LibTorch 1.13 cannot survive, refused before they are made:
// - the fused kernel divides by the kept dimension's size: size 0 is a
//   SIGFPE that kills the process (measured; DEV-6);
// - the fused kernel reads g as a flat buffer of v.size(dim) elements: a
//   shorter g is read and written out of bounds (PyTorch issue 194805; DEV-2).
void refuse_crashing_calls(const Tensor& v, const Tensor& g, DimArg dim, const std::string& fn) {
  if (!takes_fused_path(v, dim)) return;
  const std::int64_t needed = v.size(encode_for_libtorch(dim));
  if (needed == 0) {
    throw RefusedUnsafeCall("DEV-6", fn + ": v of shape " + to_string(v.shape()) + " has size 0 in dim " +
                                         to_string(dim) + ", where LibTorch's fused kernel divides by zero");
  }
  if (g.numel() < needed) {
    throw RefusedUnsafeCall("DEV-2", fn + ": g of shape " + to_string(g.shape()) + " has " +
                                         std::to_string(g.numel()) + " elements where LibTorch's fused kernel reads " +
                                         std::to_string(needed));
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
    refuse_crashing_calls(v, g, dim, fn);
    // Where the call is otherwise valid, hold g to the spec's shape rule
    // (SHAPE-3) before LibTorch sees it: the fused kernel would misread a
    // wrong shape (DEV-2), the composite path would broadcast it into a
    // result of another shape (DEV-5). Both are pinned by properties that
    // call LibTorch directly through libtorch_weight_norm_any_g_shape.
    // Invalid calls go through, so that LibTorch's own rejection is seen.
    if (v.numel() > 0 && v.rank() > 0 && dim_is_valid(v, dim)) {
      try {
        check_g_shape(v, g, dim, fn);
      } catch (const InvalidArgument& e) {
        throw RefusedUnsafeCall(takes_fused_path(v, dim) ? "DEV-2" : "DEV-5", e.what());
      }
    }
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
      refuse_crashing_calls(weight, from_at(g), dim, "libtorch decompose");
      (void)at::_weight_norm(v, g, d);
      return Decomposition{from_at(g), from_at(v)};
    });
  }

  Tensor remove(const Decomposition& parameters, DimArg dim) const override {
    return weight_norm(parameters.v, parameters.g, dim);
  }

  std::vector<std::string> known_deviations() const override {
    return {"DEV-1", "DEV-2", "DEV-3", "DEV-4", "DEV-5", "DEV-6"};
  }
};

}  // namespace

std::string libtorch_version() { return std::string("LibTorch ") + TORCH_VERSION; }

std::unique_ptr<Implementation> make_libtorch_implementation() {
  return std::make_unique<LibTorchImplementation>();
}

Tensor libtorch_weight_norm_any_g_shape(const Tensor& v, const Tensor& g, DimArg dim) {
  refuse_crashing_calls(v, g, dim, "libtorch_weight_norm_any_g_shape");
  return call_weight_norm(v, g, dim);
}

}  // namespace wn
