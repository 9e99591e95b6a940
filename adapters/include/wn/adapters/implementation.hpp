/// @file
/// The implementation under test: what every property runs against.
/// Spec AGR-1 (agreement), ERR-1 (rejection), DEV-1 (deviations).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "wn/dim.hpp"
#include "wn/dtype.hpp"
#include "wn/tensor.hpp"
#include "wn/training.hpp"
#include "wn/weight_norm.hpp"

namespace wn {

/// Thrown by an implementation under test when it rejects a call. Adapters
/// translate their backend's own errors (c10::Error for LibTorch) into this,
/// keeping the backend's message; wn::InvalidArgument is the reference's.
class RejectedCall : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Thrown by an adapter that refuses to pass a call to its backend because
/// the backend would crash or read out of bounds on it (spec DEV-2, DEV-5, DEV-6, DEV-8). It
/// names the documented deviation, so the report can say the rejection was
/// the adapter's, standing in for the backend's misbehaviour.
class RefusedUnsafeCall : public RejectedCall {
 public:
  /// Refuses a call because of `deviation` (a DEV id); `message` says what was refused.
  RefusedUnsafeCall(std::string deviation, const std::string& message)
      : RejectedCall(message + " [refused by the adapter: deviation " + deviation + "]"),
        deviation_(std::move(deviation)) {}
  /// The id of the deviation that made the adapter refuse (e.g. "DEV-6").
  const std::string& deviation() const { return deviation_; }

 private:
  std::string deviation_;
};

/// Thrown by an adapter that ran a call its backend may not survive in a
/// child process (wn::probe_in_child; spec DEV-2, DEV-6) and the child was
/// killed by a signal: what the backend would have done to the process. Not a
/// rejection (rejects() fails on it): a property expecting the documented
/// crash catches it and checks the signal.
class CrashedCall : public std::runtime_error {
 public:
  /// The call of deviation `deviation` killed its child with `signal`; `message` says which call.
  CrashedCall(std::string deviation, int signal, const std::string& message)
      : std::runtime_error(message + " [crashed in a child process: signal " + std::to_string(signal) +
                           ", deviation " + deviation + "]"),
        deviation_(std::move(deviation)),
        signal_(signal) {}
  /// The deviation whose domain the call is in (e.g. "DEV-6").
  const std::string& deviation() const { return deviation_; }
  /// The signal that killed the child (SIGFPE for DEV-6).
  int signal() const { return signal_; }

 private:
  std::string deviation_;
  int signal_;
};

/// Thrown when an implementation does not provide an operation or dtype at
/// all (a user's kernel may only do float32, say). The suite counts such a
/// case as unsupported, per case: never as a rejection, never as a pass.
/// Thrown for something the implementation's capabilities() declare, it is a
/// failure.
class NotSupported : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What an implementation declares it provides. The suite decides from
/// this, never from the implementation's name, which cases it can run: a
/// case outside the capabilities is counted as unsupported, and a property
/// none of whose cases is supported is reported "not applicable".
struct Capabilities {
  /// The dtypes it computes in: every tensor of a call must have one of them.
  /// float16 and bfloat16 (spec DTYPE-4) only when listed.
  std::vector<DType> dtypes = full_precision_dtypes();
  /// weight_norm_backward (spec GRAD-1, GRAD-2).
  bool gradients = false;
  /// weight_norm_backward_directional (spec GRAD-5).
  bool second_derivatives = false;
  /// Its own training loop, train_linear (spec LIFE-6); without it the
  /// training properties run the loop built from its other operations.
  bool training = false;
  /// A settable intra-op thread count, intra_op_threads and
  /// set_intra_op_threads (spec AGR-2).
  bool threads = false;
  /// Whether `dtype` is one of dtypes.
  bool supports(DType dtype) const;
};

/// Gradients of a scalar loss L through w = weight_norm(v, g, dim), given
/// grad_w = dL/dw (spec GRAD-1, GRAD-2, GRAD-8).
struct WeightNormGradients {
  Tensor grad_v;  ///< dL/dv, v's shape and dtype
  Tensor grad_g;  ///< dL/dg, g's shape and dtype
};

/// One implementation of weight normalization, seen through the operations
/// the spec defines. Properties take an Implementation, never a concrete
/// backend, so the reference, LibTorch, mutants and a user's own kernel all
/// plug in the same way.
///
/// Every operation takes and returns wn::Tensor (logical row-major values).
/// Invalid input must be rejected by throwing (any std::exception); the
/// spec's ERR clauses say what is invalid.
class Implementation {
 public:
  virtual ~Implementation() = default;

  /// Short, stable name used in test names and reports: "reference", "libtorch".
  virtual std::string name() const = 0;
  /// What exactly runs, e.g. "LibTorch 1.13.0 (CPU)"; printed in every report.
  virtual std::string version() const = 0;

  /// `norm_except_dim(v, pow, dim)`, spec NORM-1, NORM-2, NORM-3.
  virtual Tensor norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim) const = 0;
  /// `_weight_norm(v, g, dim)`, spec COMP-1, COMP-2, COMP-3.
  virtual Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const = 0;
  /// Registering weight norm on a weight: (g, v), spec DEC-1, DEC-2, DEC-3.
  virtual Decomposition decompose(const Tensor& weight, DimArg dim) const = 0;
  /// `remove_weight_norm`: the weight from (g, v), spec REM-1, REM-2.
  virtual Tensor remove(const Decomposition& parameters, DimArg dim) const = 0;

  /// First derivatives (spec GRAD-1, GRAD-2, GRAD-8, GRAD-9): dL/dv and dL/dg of a loss whose
  /// gradient with respect to w = weight_norm(v, g, dim) is grad_w.
  /// Implementations without gradients keep this default, which throws
  /// wn::NotSupported (the gradient properties then report "skipped").
  virtual WeightNormGradients weight_norm_backward(const Tensor& grad_w, const Tensor& v, const Tensor& g,
                                                   DimArg dim) const;

  /// Second derivatives (spec GRAD-5), as double backward computes them: the
  /// directional derivative of weight_norm_backward's (grad_v, grad_g) with
  /// respect to (v, g) along (dv, dg), grad_w held fixed. That is the
  /// Hessian-vector product of L = <grad_w, w(v, g)>. Default: NotSupported.
  virtual WeightNormGradients weight_norm_backward_directional(const Tensor& grad_w, const Tensor& v,
                                                               const Tensor& g, DimArg dim, const Tensor& dv,
                                                               const Tensor& dg) const;

  /// The number of threads its operations use (spec AGR-2; LibTorch:
  /// at::get_num_threads). Only for implementations declaring
  /// Capabilities::threads; default: NotSupported.
  virtual int intra_op_threads() const;
  /// Makes its later operations use `threads` threads (spec AGR-2; LibTorch:
  /// at::set_num_threads, process-wide). Only for implementations declaring
  /// Capabilities::threads; default: NotSupported.
  virtual void set_intra_op_threads(int threads) const;
  /// What it provides (see Capabilities). Default: float32 and float64, the forward
  /// operations only.
  virtual Capabilities capabilities() const { return {}; }

  /// A weight-normed `Linear(in, out, bias=False)` trained with SGD, run by
  /// the implementation's own framework (LibTorch: torch::nn::Linear and
  /// torch::optim::SGD), as wn::train_linear models it (spec LIFE-1, LIFE-2, LIFE-3, LIFE-4, LIFE-5, LIFE-6). Only
  /// for implementations declaring Capabilities::training; default:
  /// NotSupported.
  virtual TrainingRun train_linear(const Tensor& weight, DimArg dim, const std::vector<Tensor>& inputs,
                                   const std::vector<Tensor>& output_weights, const SgdOptions& options) const;

  /// The ids of the documented deviations (the DEV clauses of \ref spec-12-deviations "spec/12-deviations.md") this implementation is
  /// known to have. A property that meets a case inside one of them checks
  /// the documented behaviour instead and reports the deviation.
  virtual std::vector<std::string> known_deviations() const { return {}; }

  /// Whether the implementation is known to have deviation `id`.
  bool has_deviation(const std::string& id) const;
};

/// Names accepted by make_implementation: "reference" (always there) and any
/// added with register_implementation ("libtorch" by
/// wn::register_libtorch_implementation, mutants, a user's adapter).
std::vector<std::string> implementation_names();

/// Builds the implementation called `name`, wrapped by guard_capabilities,
/// so that every consumer (properties, `wn-oracle check` and `record`, a
/// user's suite) calls it only within what it declares. Throws
/// wn::InvalidArgument (argument "implementation") for an unknown name,
/// listing the known ones.
std::unique_ptr<Implementation> make_implementation(const std::string& name);

/// Wraps `impl` so that a call outside its Capabilities (an undeclared dtype
/// among the call's tensors, undeclared gradients, second derivatives or
/// training) throws wn::NotSupported before `impl` is called, and a
/// NotSupported that `impl` throws inside them becomes a std::logic_error
/// (a failure, not a skip). Name, version, capabilities and deviations are
/// `impl`'s.
std::unique_ptr<Implementation> guard_capabilities(std::unique_ptr<Implementation> impl);

/// Makes one implementation. A std::function, so a factory can carry
/// configuration (a kernel's options, a device, a library handle); see
/// register_implementation for how one is registered.
using ImplementationFactory = std::function<std::unique_ptr<Implementation>()>;

/// Registers `factory` under `name` (mutants, a user's adapter). Later
/// additions with the same name replace earlier ones. Throws
/// wn::InvalidArgument for an empty name or an empty factory. A factory with
/// configuration:
/// `register_implementation("my-kernel", [opts] { return std::make_unique<MyKernel>(opts); })`.
void register_implementation(const std::string& name, ImplementationFactory factory);

/// The implementations an executable checks when the user names none
/// (WN_IMPLEMENTATIONS unset, wn-oracle without --implementation): the
/// property tests are instantiated for these, and the last one is the
/// implementation under test (wn-oracle's default). {"reference"} until
/// set_default_implementations; this tree sets {"reference", "libtorch"}
/// when built with LibTorch, a user's suite {"<its name>"}. Spec AGR-1.
const std::vector<std::string>& default_implementations();
/// Replaces the defaults (see default_implementations). Names are checked
/// when they are made, so an unregistered one fails naming the known ones;
/// an empty list is wn::InvalidArgument.
void set_default_implementations(std::vector<std::string> names);

}  // namespace wn
