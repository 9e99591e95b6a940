// What the LibTorch translation units share (internal): conversions between
// wn::Tensor and at::Tensor, the translation of LibTorch's errors, and the
// guard against calls that crash LibTorch 1.13 (spec DEV-2, DEV-5, DEV-6).
#pragma once

#include <ATen/ATen.h>

#include <functional>
#include <string>
#include <vector>

#include "wn/adapters/implementation.hpp"

namespace wn::libtorch_detail {

at::ScalarType to_at(DType dtype);
/// A fresh at::Tensor holding t's values in t's layout (spec SHAPE-5: a strided
/// view of its own buffer unless contiguous), with no autograd history.
at::Tensor to_at(const Tensor& t);
/// The values of any float32/float64 at::Tensor (detached, made contiguous).
Tensor from_at(const at::Tensor& x);

/// Runs a LibTorch call, turning its errors into RejectedCall with its message.
template <typename F>
auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const c10::Error& e) {
    throw RejectedCall(std::string("LibTorch: ") + e.what_without_backtrace());
  }
}

/// at::_weight_norm takes its fused kernel when dim is 0 or rank - 1
/// (compared before any wrapping); otherwise it computes v * (g / norm).
bool takes_fused_path(const Tensor& v, DimArg dim);

/// Refuses (RefusedUnsafeCall) what the fused kernel would crash on (DEV-6)
/// or read out of bounds for (DEV-2).
void refuse_crashing_calls(const Tensor& v, const Tensor& g, DimArg dim, const std::string& fn);

/// What LibTorchImplementation::weight_norm checks before calling LibTorch:
/// refuse_crashing_calls only (a wrong g is LibTorch's to misuse, DEV-2, DEV-5).
void refuse_unsafe_weight_norm(const Tensor& v, const Tensor& g, DimArg dim, const std::string& fn);

/// refuse_crashing_calls, and, where the call is otherwise valid, g held to
/// SHAPE-3 (refused as DEV-2 on the fused path, DEV-5 on the composite one):
/// what the gradients and the training loop check before calling LibTorch.
void refuse_unsafe_gradient_call(const Tensor& v, const Tensor& g, DimArg dim, const std::string& fn);

/// Refuses (DEV-8) a grad_w whose shape is not v's, as Python's
/// torch.autograd.grad rejects it; the C++ engine would sum it instead.
void refuse_mismatched_grad_w(const Tensor& grad_w, const Tensor& v, const std::string& fn);

/// Makes a call refuse_crashing_calls refused (`refusal`) in a child process
/// (wn::probe_in_child, one LibTorch thread), so that what LibTorch does with
/// it is seen, a newer LibTorch that no longer crashes included: returns the
/// child's tensors, rethrows its error as RejectedCall, reports its death as
/// CrashedCall naming the deviation and the signal (`fn` names the entry
/// point), and rethrows `refusal` when the probe itself cannot run.
std::vector<Tensor> probe_refused_call(const RefusedUnsafeCall& refusal, const std::string& fn,
                                       const std::function<std::vector<Tensor>()>& call);

// The refusals are defined in libtorch.cpp, the conversions in libtorch_support.cpp.

}  // namespace wn::libtorch_detail
