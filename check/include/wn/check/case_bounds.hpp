/// @file
/// The bound by which two implementations' outputs of one call may differ,
/// element by element, from the spec's rule (TOL-1, GRAD-7): each output is
/// within its bound of the exact value, so two of them are within the sum.
/// The vector checker (`wn-oracle check`) recomputes it for every case; a
/// file's own tolerance is used only where it is tighter (spec VEC-6).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "wn/dim.hpp"
#include "wn/tensor.hpp"

namespace wn::check {

/// Per output of one call: allowed |a - b| per element (float64 tensors of
/// the outputs' shapes).
struct CaseBounds {
  bool has_rule = false;               ///< false: the spec has no rule for this operation (optimizer_step)
  std::map<std::string, Tensor> bound;  ///< output name -> allowed absolute difference per element
  std::string source;                  ///< the clauses and formula, one line
};

/// The rule's bounds for `operation` (norm_except_dim, compose, decompose,
/// remove, backward, backward_directional; VEC-5) with `inputs`, whose
/// outputs are `outputs` (one side's, for the magnitudes the bounds scale
/// with):
/// - norm_except_dim, decompose's g: 2 TOL-1 norm bounds (NORM-3: 0 for p = 0);
/// - decompose's v: 0 (DEC-2, bit for bit);
/// - compose, remove: 2 TOL-1 weight bounds;
/// - backward: 2 GRAD-7 first-derivative bounds (per element, from the
///   inputs: the 1/‖v‖ amplification included);
/// - backward_directional: 2 GRAD-7 second-derivative bounds;
/// - optimizer_step (one SGD step of size `lr` on (v, g), then the weight):
///   p' = p - lr grad differs by lr times the gradients' bound plus one
///   rounding of each of the step's two operations on each side, and the new
///   weight by its TOL-1 bound plus its first-order sensitivity to those
///   differences: |Δg'| |v'_i|/r + |g'| |Δv'_i|/r + |g'| |v'_i| ‖Δv'‖/r², per
///   slice of norm r = ‖v'‖.
/// An element whose bound cannot be formed (a NaN input) gets 0: it must
/// match exactly.
CaseBounds case_bounds(const std::string& operation, DimArg dim, std::int64_t pow, double lr,
                       const std::map<std::string, Tensor>& inputs, const std::map<std::string, Tensor>& outputs);

}  // namespace wn::check
