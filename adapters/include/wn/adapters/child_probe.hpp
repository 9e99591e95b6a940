/// @file
/// Runs a call a backend may not survive in a child process (spec DEV-2,
/// DEV-6), under a time and a memory limit, and reports what it did: killed
/// by which signal, raised (with its message), or returned (with its result).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "wn/tensor.hpp"

namespace wn {

/// Limits of a probe's child process.
struct ChildLimits {
  unsigned seconds = 10;                       ///< wall-clock limit (alarm: SIGALRM kills the child)
  unsigned long long extra_bytes = 1ULL << 30;  ///< address space the child may add to what it inherits
};

/// What the child did with the call.
struct ChildOutcome {
  /// How the child ended.
  enum class Kind {
    Returned,  ///< the call returned `result`
    Raised,    ///< the call threw; `message` is its what()
    Crashed,   ///< the child was killed by `signal` (SIGALRM: the time limit)
    Failed,    ///< the probe itself could not run (fork or pipe failed): `message`
  };
  Kind kind = Kind::Failed;  ///< how the child ended
  Tensor result;             ///< Returned: the call's result (the first, when it returns several)
  std::vector<Tensor> results;  ///< Returned: every tensor the call returned, in order
  std::string message;       ///< Raised: the exception's what(); Crashed, Failed: what happened
  int signal = 0;            ///< Crashed: the signal that killed the child
};

/// fork()s, runs `call` in the child with `limits` (setrlimit RLIMIT_AS,
/// alarm), sends its result or exception message back through a pipe and
/// _exit()s; the parent waits and reports. Costs a few milliseconds. `call`
/// runs in a copy of the process: it must not rely on threads of the parent
/// (a LibTorch call sets at::set_num_threads(1) first).
ChildOutcome probe_in_child(const std::function<Tensor()>& call, const ChildLimits& limits = {});

/// The same for a call returning several tensors (the gradients: grad_v,
/// grad_g; registration: g, v): `results` holds them in order.
ChildOutcome probe_in_child(const std::function<std::vector<Tensor>()>& call, const ChildLimits& limits = {});

}  // namespace wn
