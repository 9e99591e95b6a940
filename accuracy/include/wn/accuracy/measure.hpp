/// @file
/// Accuracy measurements against the exact reference (spec TOL-1, TOL-2,
/// TOL-3, GRAD-1, GRAD-2): value regimes, error statistics in ulps, and the
/// table wn_accuracy prints.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "wn/adapters/implementation.hpp"
#include "wn/dim.hpp"
#include "wn/tensor.hpp"

namespace wn::accuracy {

/// One input: v, a g with one element per slice, the dim, and the grad_w
/// the gradients are measured for.
struct Case {
  Tensor v;       ///< the direction, no zero slice
  Tensor g;       ///< one value per slice, shaped as decompose gives it
  DimArg dim;     ///< the kept dim, or none
  Tensor grad_w;  ///< dL/dw for the backward measurements: v's shape and dtype, elements in [-2, 2]
};

/// A family of inputs chosen to stress one part of the error analysis.
struct Regime {
  std::string name;         ///< "ordinary", "wide", "near_overflow", "near_underflow", "large",
                            ///< "extreme_g"
  std::string description;  ///< one line for the table's legend
  /// `count` cases of `dtype` from `seed` (the "large" regime ignores count
  /// beyond its three shapes).
  std::function<std::vector<Case>(DType dtype, int count, std::uint64_t seed)> make;
};

/// Every regime, in table order.
const std::vector<Regime>& regimes();

/// Errors of one implementation on one operation, in ulps of the exact value.
struct ErrorStats {
  double max_ulps = 0.0;        ///< the largest finite error
  double sum_ulps = 0.0;        ///< over finite errors, for the mean
  std::int64_t elements = 0;    ///< results compared
  std::int64_t non_finite = 0;  ///< results that overflowed, underflowed to NaN etc. where exact is finite
  /// Gradient elements whose exact value is 0 (grad_v of a one-element
  /// slice, say) and the computed one is not: they have no finite error in
  /// ulps, so they are counted here, left out of max_ulps and the mean, and
  /// measured by max_bound_use and max_claim_use.
  std::int64_t nonzero_for_zero = 0;
  std::int64_t refused = 0;     ///< calls the implementation rejected (counted, not compared)
  std::int64_t unsupported = 0; ///< calls the implementation does not provide (wn::NotSupported)
  std::int64_t largest_slice = 0;  ///< elements in the longest slice seen
  /// The largest |error| / derived bound over finite errors (TOL-1's for
  /// the forward operations, gradient_bound's for the backward ones): above
  /// 1 means an implementation exceeded its derived tolerance (a finding).
  double max_bound_use = 0.0;
  /// The largest |error| / the reference's stated accuracy over finite
  /// errors (reference_claim): above 1 for the reference is a claim the
  /// measurement contradicts.
  double max_claim_use = 0.0;

  /// Counts one error of `ulps` (infinite: a non-finite result).
  void add(double ulps);
  /// The mean of the finite errors in ulps (0 when there are none).
  double mean_ulps() const;
};

/// An operation whose accuracy is measured: runs `implementation` on a case
/// and adds its errors against the exact result to `stats`.
struct Operation {
  std::string name;  ///< "norm_except_dim", "compose", "backward:grad_v", "backward:grad_g"
  /// Runs one case and adds its errors to the statistics.
  std::function<void(const Implementation& implementation, const Case& c, ErrorStats& stats)> measure;
};

/// norm_except_dim (p = 2), compose (weight_norm), and the two results of
/// weight_norm_backward for Case::grad_w (spec GRAD-1, GRAD-2) against
/// exact_weight_norm_backward: "backward:grad_v" and "backward:grad_g".
/// Implementations without gradients throw wn::NotSupported, which is
/// counted in ErrorStats::unsupported and printed as "n/a".
const std::vector<Operation>& operations();

/// One row of the accuracy table.
struct Row {
  DType dtype;                 ///< float32 or float64
  std::string regime;          ///< Regime::name
  std::string operation;       ///< Operation::name
  std::string implementation;  ///< a name make_implementation knows
  ErrorStats stats;            ///< its errors
};

/// What to measure.
struct Plan {
  std::vector<std::string> implementations{"reference", "libtorch"};  ///< names for make_implementation
  std::vector<DType> dtypes{DType::Float32, DType::Float64};           ///< dtypes to measure
  std::vector<std::string> regimes;  ///< empty: all
  std::vector<std::string> operations;  ///< Operation names; empty: all
  int cases_per_regime = 20;      ///< cases per dtype and regime
  std::uint64_t seed = 20240607;  ///< the generator's seed: runs repeat
};

/// Runs the plan: every dtype x regime x operation x implementation.
std::vector<Row> measure(const Plan& plan);

/// TOL-1's bound on |computed - exact| for one result, computed by the one
/// implementation of the rule (check/: wn/check/tolerance.hpp): the norm of an n-element slice
/// (n/2 + 1) u |exact| + n * min_subnormal, a weight (n/2 + 3) u |exact| +
/// (|v| + 1) * min_subnormal.
double tol1_bound(const std::string& operation, DType dtype, std::int64_t n, double exact, double v);

/// The bound on |computed - exact| for one gradient element derived in
/// wn/check/gradient_tolerance.hpp (first_derivative_coefficient), without the
/// reference's own 1 ulp that the properties add: (3n + 9) u M, with, per
/// slice of n elements, r = ‖v‖, u_k = v_k / r and S = Σ|grad_w_k||u_k|,
/// M = (|g|/r)(|grad_w_i| + |u_i| S) for grad_v_i and M = S for grad_g.
/// `magnitude` is M.
double gradient_bound(DType dtype, std::int64_t n, double magnitude);

/// The accuracy the reference states for one result: for the norm 0.5 ulp
/// and for a weight 1 ulp (TOL-2); for a gradient element 1 ulp of the exact
/// value plus n 2^-62 M (impl/include/wn/gradients.hpp; the constants are
/// check/'s, kReferenceNormClaimUlps etc.; M as for gradient_bound). `ulp` is the spacing of the dtype at the exact value.
double reference_claim(const std::string& operation, std::int64_t n, double ulp, double magnitude);

/// Prints the table (Markdown, so the spec can quote it).
void print_table(const std::vector<Row>& rows, std::ostream& os);

/// The reference's goals (spec TOL-2) checked against measured rows: the norm
/// within `norm_ulps` in every regime, the weight within 1 ulp, each gradient
/// element within reference_claim, and no non-finite result where the exact
/// one is finite. Returns one line per violation; empty when every goal holds.
std::vector<std::string> reference_goal_violations(const std::vector<Row>& rows, double norm_ulps);

}  // namespace wn::accuracy
