/// @file
/// The bound on a training trajectory (spec LIFE-4, LIFE-6): an
/// implementation's (g, v) after k SGD steps against the reference model's.
///
/// Measured, not derived: the two runs differ by the gradients' rounding
/// (GRAD-7: up to (3n + 11)u of the terms' magnitudes), the SGD operations'
/// (one rounding each, fused multiply-adds in LibTorch's vectorised kernels)
/// and the grad_w = Y^T x products, carried through up to 4 steps, where each
/// error also moves the later gradients. Over 20000 generated cases (float32
/// and float64, lr up to 0.25, momentum, dampening, Nesterov, weight decay)
/// the largest difference divided by u (|p_k| + |p_0| + scale_k), scale_k
/// the accumulated update magnitudes (properties/training_test.cpp,
/// update_scales), was 10.5 (6 runs of 20000 cases, RC_PARAMS seeds 1 to 6,
/// on the project machine, LibTorch 1.13.0 CPU; WN_MEASURE=1 prints the
/// running worst to re-measure). The bound, kTrajectoryUlps = 64, is about 6
/// times the worst measured, while a wrong update rule (a missed momentum
/// term, a damped first step) moves p by lr|d|, orders of magnitude more.
#pragma once
#include <string>
#include <vector>

#include "wn/check/tolerance.hpp"
#include "wn/tensor.hpp"

namespace wn::check {

/// Allowed difference, in u (|p_k| + |p_0| + scale_k), after any step.
inline constexpr double kTrajectoryUlps = 64.0;

/// Compares a parameter after step k (`got`) with the reference model's
/// (`expected`): each element within kTrajectoryUlps u (|expected_i| +
/// |initial_i| + scale_i); shapes and dtypes must match. `what` names the
/// parameter and step in the message. With WN_MEASURE set, prints the
/// running worst ratio to stderr (re-measuring the constant).
Comparison compare_trajectory(const Tensor& got, const Tensor& expected, const Tensor& initial,
                              const std::vector<double>& scale, const std::string& what);

}  // namespace wn::check
