// LibTorch's forward operations (ATen, not torch/torch.h: it compiles in a
// quarter of the time). Gradients: libtorch_gradients.cpp.
#include "wn/adapters/libtorch.hpp"

#include <ATen/Parallel.h>
#include <c10/util/Logging.h>
#include <torch/version.h>

#include <functional>
#include <mutex>
#include <string>

#include "libtorch_implementation.hpp"
#include "wn/adapters/child_probe.hpp"
#include "libtorch_support.hpp"
#include "wn/deviations/paths.hpp"
#include "wn/errors.hpp"
#include "wn/weight_norm.hpp"

namespace wn {
namespace libtorch_detail {

// The refusals live here, in the adapter's main unit, for every LibTorch
// unit to use (declared in libtorch_support.hpp).
bool takes_fused_path(const Tensor& v, DimArg dim) { return deviations::takes_fused_path(v.shape(), dim); }

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

void refuse_unsafe_weight_norm(const Tensor& v, const Tensor& g, DimArg dim, const std::string& fn) {
  // Only what would crash or corrupt memory is refused. A g of the wrong
  // shape or dtype goes to LibTorch as PyTorch would pass it, so that the
  // properties see and pin what LibTorch does with it (DEV-2: the fused
  // kernel reads it flat; DEV-4, DEV-5: the composite path promotes and
  // broadcasts it; wn::deviations models both).
  refuse_crashing_calls(v, g, dim, fn);
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

// The gradients and the training loop hold g to SHAPE-3 before LibTorch sees
// it: no property pins what autograd makes of a misread (DEV-2) or
// broadcast (DEV-5) g, so such a call is refused in the deviation's name.
void refuse_unsafe_gradient_call(const Tensor& v, const Tensor& g, DimArg dim, const std::string& fn) {
  refuse_crashing_calls(v, g, dim, fn);
  if (v.numel() > 0 && v.rank() > 0 && dim_is_valid(v, dim)) {
    try {
      check_g_shape(v, g, dim, fn);
    } catch (const InvalidArgument& e) {
      throw RefusedUnsafeCall(takes_fused_path(v, dim) ? "DEV-2" : "DEV-5", e.what());
    }
  }
}

// Python's torch.autograd.grad rejects a grad_output of another shape
// ("Mismatch in shape"); the C++ engine instead sums one that w's shape
// broadcasts to (DEV-8). The adapter holds grad_w to GRAD-9's shape rule as
// Python does, refusing in DEV-8's name, so the C++ reduction never passes
// for a gradient.
void refuse_mismatched_grad_w(const Tensor& grad_w, const Tensor& v, const std::string& fn) {
  if (grad_w.shape() != v.shape()) {
    throw RefusedUnsafeCall("DEV-8", fn + ": Mismatch in shape: grad_output[0] has a shape of " +
                                         to_string(grad_w.shape()) + " and output[0] has a shape of " +
                                         to_string(v.shape()));
  }
}

namespace {

Tensor call_weight_norm(const Tensor& v, const Tensor& g, DimArg dim) {
  return guarded([&] { return from_at(at::_weight_norm(to_at(v), to_at(g), encode_for_libtorch(dim))); });
}

}  // namespace

std::string LibTorchImplementation::version() const { return libtorch_version() + " (CPU)"; }

Tensor LibTorchImplementation::norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim) const {
  return guarded([&] { return from_at(at::norm_except_dim(to_at(v), pow, encode_for_libtorch(dim))); });
}

std::vector<Tensor> probe_refused_call(const RefusedUnsafeCall& refusal, const std::string& fn,
                                       const std::function<std::vector<Tensor>()>& call) {
  const ChildOutcome o = probe_in_child([&] {
    at::set_num_threads(1);
    return call();
  });
  switch (o.kind) {
    case ChildOutcome::Kind::Returned: return o.results;
    case ChildOutcome::Kind::Raised: throw RejectedCall(o.message);
    case ChildOutcome::Kind::Crashed: throw CrashedCall(refusal.deviation(), o.signal, fn + ": " + o.message);
    default: throw refusal;  // the probe could not run: refuse, as before
  }
}

Tensor LibTorchImplementation::weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const {
  try {
    refuse_unsafe_weight_norm(v, g, dim, "libtorch weight_norm");
  } catch (const RefusedUnsafeCall& refusal) {
    return probe_refused_call(refusal, "libtorch weight_norm", [&] { return std::vector<Tensor>{call_weight_norm(v, g, dim)}; })
        .front();
  }
  return call_weight_norm(v, g, dim);
}

Decomposition LibTorchImplementation::decompose(const Tensor& weight, DimArg dim) const {
  return guarded([&] {
    const at::Tensor w = to_at(weight);
    const std::int64_t d = encode_for_libtorch(dim);
    // torch.nn.utils.weight_norm: g = norm_except_dim(weight, 2, dim),
    // v = weight.data, then the weight is computed once from them.
    const at::Tensor g = at::norm_except_dim(w, 2, d);
    const at::Tensor v = w;
    try {
      refuse_crashing_calls(weight, from_at(g), dim, "libtorch decompose");
    } catch (const RefusedUnsafeCall& refusal) {
      // The forward that registration runs once, in a child (its result is unused).
      (void)probe_refused_call(refusal, "libtorch decompose", [&] {
        return std::vector<Tensor>{from_at(at::_weight_norm(v, g, d))};
      });
      return Decomposition{from_at(g), from_at(v)};
    }
    (void)at::_weight_norm(v, g, d);
    return Decomposition{from_at(g), from_at(v)};
  });
}

Tensor LibTorchImplementation::remove(const Decomposition& parameters, DimArg dim) const {
  return weight_norm(parameters.v, parameters.g, dim);
}

Capabilities LibTorchImplementation::capabilities() const {
  Capabilities c;
  c.dtypes = all_dtypes();  // float16 and bfloat16 too (spec DTYPE-4)
  c.gradients = c.second_derivatives = c.training = c.threads = true;
  return c;
}

int LibTorchImplementation::intra_op_threads() const { return at::get_num_threads(); }

void LibTorchImplementation::set_intra_op_threads(int threads) const {
  if (threads < 1) throw RejectedCall("set_intra_op_threads: threads = " + std::to_string(threads) + ", expected >= 1");
  // at::set_num_threads also rebuilds LibTorch's pthreadpool (for QNNPACK),
  // whose new workers spin before they sleep: on 2 cores, 66% of the time
  // of AGR-2's property (perf, 2026-12-04) went to them. A count already in
  // force is not set again.
  if (at::get_num_threads() == threads) return;
  at::set_num_threads(threads);
}

std::vector<std::string> LibTorchImplementation::known_deviations() const {
  return {"DEV-1", "DEV-2", "DEV-3", "DEV-4", "DEV-5", "DEV-6", "DEV-7", "DEV-8", "DEV-9"};
}

}  // namespace libtorch_detail

std::string libtorch_version() { return std::string("LibTorch ") + TORCH_VERSION; }

namespace {

// Every c10::Error LibTorch throws calls its stack-trace fetcher, which by
// default walks 64 frames and names each with dladdr: 84% of the time of a
// LibTorch bad-input property (perf, 2026-12-04), 12-21 ms per rejected
// case. The adapter reports LibTorch's errors by what_without_backtrace
// (libtorch_support.hpp), so that text is never read; the fetcher is
// replaced once, for the process, by one that says so.
void skip_libtorch_backtraces() {
  static std::once_flag once;
  std::call_once(once, [] {
    c10::SetStackTraceFetcher(std::function<std::string()>(
        [] { return std::string("(not captured: weightnorm-oracle's LibTorch adapter skips backtraces)"); }));
  });
}

}  // namespace

std::unique_ptr<Implementation> make_libtorch_implementation() {
  skip_libtorch_backtraces();
  return std::make_unique<libtorch_detail::LibTorchImplementation>();
}

void register_libtorch_implementation() { register_implementation("libtorch", &make_libtorch_implementation); }

}  // namespace wn
