#include "libtorch_support.hpp"

#include "wn/errors.hpp"
#include "wn/weight_norm.hpp"

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

namespace {
bool dim_is_valid(const Tensor& v, DimArg dim) {
  try {
    resolve_dim(dim, v.shape(), "");
    return true;
  } catch (const InvalidArgument&) {
    return false;
  }
}
}  // namespace

void refuse_unsafe_weight_norm(const Tensor& v, const Tensor& g, DimArg dim, const std::string& fn) {
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
}

}  // namespace wn::libtorch_detail
