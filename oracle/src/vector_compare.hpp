/// @file
/// Comparing a replayed output with a recorded one (spec VEC-6).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "vector_format.hpp"

namespace wn::oracle {

/// How far one replayed tensor is from its recording.
struct TensorDifference {
  bool ok = true;
  double max_ulps = 0.0;      ///< largest distance in units in the last place of the dtype
  double max_rel = 0.0;       ///< largest |actual - expected| / |expected| (inf when expected is 0 and actual is not)
  std::int64_t worst = -1;    ///< flat index of the first element outside the tolerance (-1: none)
  double worst_actual = 0.0, worst_expected = 0.0;
  std::string problem;        ///< dtype or shape mismatch, else empty
};

/// Compares element by element under `tol` (VEC-6): an element is within
/// when |a - e| <= rel |e| + abs, NaN matches NaN, an infinity only itself.
/// dtype and shape must match exactly.
TensorDifference compare_tensors(const Tensor& actual, const Tensor& expected, const VectorTolerance& tol);

/// Compares element by element under a per-element bound (VEC-6): within
/// when |a - e| <= bound_i; NaN matches NaN, an infinity only itself.
TensorDifference compare_tensors(const Tensor& actual, const Tensor& expected, const Tensor& bound);

/// The bound a case's output is checked with (VEC-6): the spec's rule
/// (wn::check::case_bounds), or the file's tolerance where that is tighter,
/// or the file's alone where the spec has no rule. `note` says when the
/// file asked for more than the rule allows (reported, never obeyed), or
/// that there is no bound at all (then the result has no entry for it);
/// `source`, when given, receives the rule's one-line source.
std::map<std::string, Tensor> effective_bounds(const VectorCase& c, const std::map<std::string, Tensor>& expected,
                                               std::string& note, std::string* source = nullptr);

/// Exactly the same tensor, bit for bit (NaN payloads aside): the round trip of VEC-3.
bool bitwise_identical(const Tensor& a, const Tensor& b);

}  // namespace wn::oracle
