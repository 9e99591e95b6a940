// Runs implementations over the regimes and compares each result element
// with the exact reference, in ulps of the exact value.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "wn/accuracy/exact.hpp"
#include "wn/accuracy/measure.hpp"
#include "wn/check/gradient_tolerance.hpp"
#include "wn/check/tolerance.hpp"
#include "wn/errors.hpp"

namespace wn::accuracy {

void ErrorStats::add(double ulps) {
  ++elements;
  if (!std::isfinite(ulps)) {
    ++non_finite;
    return;
  }
  max_ulps = std::max(max_ulps, ulps);
  sum_ulps += ulps;
}

double ErrorStats::mean_ulps() const {
  const std::int64_t finite = elements - non_finite - nonzero_for_zero;
  return finite > 0 ? sum_ulps / static_cast<double>(finite) : 0.0;
}

namespace {

std::int64_t slice_length(const Case& c) {
  const ResolvedDim rd = resolve_dim(c.dim, c.v.shape(), "accuracy");
  return rd.whole ? c.v.numel() : c.v.numel() / c.v.size(rd.axis);
}

// Calls `run`, counting rejections and unsupported operations instead of comparing.
template <typename Run>
void guarded(ErrorStats& stats, Run run) {
  try {
    run();
  } catch (const NotSupported&) {
    ++stats.unsupported;
  } catch (const RejectedCall&) {
    ++stats.refused;
  } catch (const InvalidArgument&) {
    ++stats.refused;
  }
}

// Adds each element's error, and its share of TOL-1's bound for slices of n
// elements (v: the input elements for weights, one per result; null for norms).
void compare(const std::string& operation, std::int64_t n, const Tensor* v, const Tensor& computed,
             const std::vector<ExactValue>& exact, ErrorStats& stats) {
  if (static_cast<std::size_t>(computed.numel()) != exact.size()) {
    stats.non_finite += static_cast<std::int64_t>(exact.size());  // a wrong shape: nothing is right
    stats.elements += static_cast<std::int64_t>(exact.size());
    return;
  }
  const DType dtype = computed.dtype();
  for (std::size_t i = 0; i < exact.size(); ++i) {
    const double ulps = error_in_ulps(computed[static_cast<std::int64_t>(i)], exact[i], dtype);
    stats.add(ulps);
    if (!std::isfinite(ulps)) continue;
    const double ulp = dtype == DType::Float32 ? exact[i].ulp32 : exact[i].ulp64;
    const double vi = v != nullptr ? (*v)[static_cast<std::int64_t>(i)] : 0.0;
    const double bound = tol1_bound(operation, dtype, n, exact[i].rounded(dtype), vi);
    stats.max_bound_use = std::max(stats.max_bound_use, ulps * ulp / bound);
    stats.max_claim_use = std::max(stats.max_claim_use, ulps / reference_claim(operation, n, 1.0, 0.0));
  }
}

// Per slice of a case: r = ‖v‖ and S = Σ|grad_w_k||v_k| / r, in long double
// (whose exponent range holds the squares of every regime), and each
// element's slice.
struct GradientMagnitudes {
  std::vector<long double> r, s;
  std::vector<std::size_t> slice_of;  // per element of v
};

GradientMagnitudes gradient_magnitudes(const Case& c) {
  const ResolvedDim rd = resolve_dim(c.dim, c.v.shape(), "accuracy");
  std::int64_t size = 1, inner = c.v.numel();
  if (!rd.whole) {
    const auto axis = static_cast<std::size_t>(rd.axis);
    size = c.v.shape()[axis];
    inner = 1;
    for (std::size_t d = axis + 1; d < c.v.shape().size(); ++d) inner *= c.v.shape()[d];
  }
  GradientMagnitudes m{std::vector<long double>(static_cast<std::size_t>(size)),
                       std::vector<long double>(static_cast<std::size_t>(size)),
                       std::vector<std::size_t>(static_cast<std::size_t>(c.v.numel()))};
  for (std::int64_t i = 0; i < c.v.numel(); ++i) {
    const auto j = static_cast<std::size_t>((i / inner) % size);
    m.slice_of[static_cast<std::size_t>(i)] = j;
    const long double vi = c.v[i];
    m.r[j] += vi * vi;
    m.s[j] += std::fabs(static_cast<long double>(c.grad_w[i]) * vi);
  }
  for (std::size_t j = 0; j < m.r.size(); ++j) {
    m.r[j] = std::sqrt(m.r[j]);
    m.s[j] /= m.r[j];
  }
  return m;
}

// Adds each gradient element's error, its share of gradient_bound and of
// the reference's claim, `magnitude[i]` being the M of element i.
void compare_gradient(const std::string& operation, std::int64_t n, const Tensor& computed,
                      const std::vector<ExactValue>& exact, const std::vector<long double>& magnitude,
                      ErrorStats& stats) {
  if (static_cast<std::size_t>(computed.numel()) != exact.size()) {
    stats.non_finite += static_cast<std::int64_t>(exact.size());
    stats.elements += static_cast<std::int64_t>(exact.size());
    return;
  }
  const DType dtype = computed.dtype();
  for (std::size_t i = 0; i < exact.size(); ++i) {
    const double c = computed[static_cast<std::int64_t>(i)];
    const double ulp = dtype == DType::Float32 ? exact[i].ulp32 : exact[i].ulp64;
    if (exact[i].zero && c != 0.0 && std::isfinite(c)) {
      ++stats.elements;
      ++stats.nonzero_for_zero;
      const double m = static_cast<double>(magnitude[i]);
      stats.max_bound_use = std::max(stats.max_bound_use, std::fabs(c) / gradient_bound(dtype, n, m));
      stats.max_claim_use = std::max(stats.max_claim_use, std::fabs(c) / reference_claim(operation, n, ulp, m));
      continue;
    }
    const double ulps = error_in_ulps(c, exact[i], dtype);
    stats.add(ulps);
    if (!std::isfinite(ulps)) continue;
    // Bound and claim in ulps (M / ulp instead of M, M in long double): an
    // absolute error ulps * ulp, or M, would round in the subnormal range.
    const double m_in_ulps = static_cast<double>(magnitude[i] / ulp);
    stats.max_bound_use = std::max(stats.max_bound_use, ulps / gradient_bound(dtype, n, m_in_ulps));
    stats.max_claim_use = std::max(stats.max_claim_use, ulps / reference_claim(operation, n, 1.0, m_in_ulps));
  }
}

void measure_norm(const Implementation& impl, const Case& c, ErrorStats& stats) {
  stats.largest_slice = std::max(stats.largest_slice, slice_length(c));
  guarded(stats, [&] {
    compare("norm_except_dim", slice_length(c), nullptr, impl.norm_except_dim(c.v, 2, c.dim),
            exact_norm_except_dim(c.v, c.dim), stats);
  });
}

void measure_compose(const Implementation& impl, const Case& c, ErrorStats& stats) {
  stats.largest_slice = std::max(stats.largest_slice, slice_length(c));
  guarded(stats, [&] {
    compare("compose", slice_length(c), &c.v, impl.weight_norm(c.v, c.g, c.dim), exact_weight_norm(c.v, c.g, c.dim),
            stats);
  });
}

// grad_v or grad_g of weight_norm_backward for the case's grad_w.
void measure_backward(const std::string& operation, const Implementation& impl, const Case& c, ErrorStats& stats) {
  const std::int64_t n = slice_length(c);
  stats.largest_slice = std::max(stats.largest_slice, n);
  guarded(stats, [&] {
    const WeightNormGradients computed = impl.weight_norm_backward(c.grad_w, c.v, c.g, c.dim);
    const GradientMagnitudes m = gradient_magnitudes(c);
    if (operation == "backward:grad_g") {
      const std::vector<long double>& magnitude = m.s;
      compare_gradient(operation, n, computed.grad_g, exact_grad_g(c.grad_w, c.v, c.dim), magnitude, stats);
      return;
    }
    const ExactGradients exact = exact_weight_norm_backward(c.grad_w, c.v, c.g, c.dim);
    std::vector<long double> magnitude(static_cast<std::size_t>(c.v.numel()));
    for (std::int64_t i = 0; i < c.v.numel(); ++i) {
      const std::size_t j = m.slice_of[static_cast<std::size_t>(i)];
      const long double g = std::fabs(static_cast<long double>(c.g[static_cast<std::int64_t>(j)]));
      magnitude[static_cast<std::size_t>(i)] =
          g / m.r[j] * (std::fabs(static_cast<long double>(c.grad_w[i])) + std::fabs(c.v[i] / m.r[j]) * m.s[j]);
    }
    compare_gradient(operation, n, computed.grad_v, exact.grad_v, magnitude, stats);
  });
}

void measure_grad_v(const Implementation& impl, const Case& c, ErrorStats& stats) {
  measure_backward("backward:grad_v", impl, c, stats);
}

void measure_grad_g(const Implementation& impl, const Case& c, ErrorStats& stats) {
  measure_backward("backward:grad_g", impl, c, stats);
}

}  // namespace

double gradient_bound(DType dtype, std::int64_t n, double magnitude) {
  return check::first_derivative_coefficient(dtype, n) * magnitude;
}

double reference_claim(const std::string& operation, std::int64_t n, double ulp, double magnitude) {
  if (operation == "norm_except_dim") return check::kReferenceNormClaimUlps * ulp;
  if (operation == "compose") return check::kReferenceWeightClaimUlps * ulp;
  return check::reference_gradient_claim(n, ulp, magnitude);
}

double tol1_bound(const std::string& operation, DType dtype, std::int64_t n, double exact, double v) {
  if (operation == "norm_except_dim") return check::allowed_error(check::norm_tolerance(dtype, n), exact);
  return check::allowed_error(check::weight_tolerance(dtype, n), exact, &v);
}

const std::vector<Operation>& operations() {
  static const std::vector<Operation> all{
      {"norm_except_dim", measure_norm},
      {"compose", measure_compose},
      {"backward:grad_v", measure_grad_v},
      {"backward:grad_g", measure_grad_g},
  };
  return all;
}

std::vector<Row> measure(const Plan& plan) {
  std::vector<std::unique_ptr<Implementation>> impls;
  for (const auto& name : plan.implementations) impls.push_back(make_implementation(name));
  std::vector<Row> rows;
  for (DType dtype : plan.dtypes) {
    for (const Regime& regime : regimes()) {
      if (!plan.regimes.empty() &&
          std::find(plan.regimes.begin(), plan.regimes.end(), regime.name) == plan.regimes.end()) {
        continue;
      }
      const std::vector<Case> cases = regime.make(dtype, plan.cases_per_regime, plan.seed);
      for (const Operation& op : operations()) {
        if (!plan.operations.empty() &&
            std::find(plan.operations.begin(), plan.operations.end(), op.name) == plan.operations.end()) {
          continue;
        }
        for (const auto& impl : impls) {
          Row row{dtype, regime.name, op.name, impl->name(), {}};
          for (const Case& c : cases) op.measure(*impl, c, row.stats);
          rows.push_back(row);
        }
      }
    }
  }
  return rows;
}

namespace {
std::string format_ulps(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, x < 10 ? "%.7f" : "%.4g", x);
  return buf;
}
}  // namespace

void print_table(const std::vector<Row>& rows, std::ostream& os) {
  os << "| dtype | regime | operation | implementation | max ulps | mean ulps | non-finite | refused | elements | "
        "largest slice | max / bound | max / claim | nonzero for 0 |\n";
  os << "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const Row& r : rows) {
    const ErrorStats& s = r.stats;
    const bool none = s.elements == 0;
    os << "| " << to_string(r.dtype) << " | " << r.regime << " | " << r.operation << " | " << r.implementation
       << " | " << (none ? "n/a" : format_ulps(s.max_ulps)) << " | " << (none ? "n/a" : format_ulps(s.mean_ulps()))
       << " | " << s.non_finite << " | " << s.refused << " | " << s.elements << " | " << s.largest_slice << " | "
       << (none ? "n/a" : format_ulps(s.max_bound_use)) << " | " << (none ? "n/a" : format_ulps(s.max_claim_use))
       << " | " << s.nonzero_for_zero << " |\n";
  }
}

std::vector<std::string> reference_goal_violations(const std::vector<Row>& rows, double norm_ulps) {
  std::vector<std::string> out;
  for (const Row& r : rows) {
    if (r.implementation != "reference") continue;
    const std::string where = to_string(r.dtype) + " " + r.regime + " " + r.operation;
    const double goal = r.operation == "norm_except_dim" ? norm_ulps : 1.0;
    if (r.stats.elements == 0) out.push_back(where + ": nothing measured");
    if (r.stats.non_finite > 0) {
      out.push_back(where + ": " + std::to_string(r.stats.non_finite) + " non-finite results where exact is finite");
    }
    if (r.stats.refused > 0) out.push_back(where + ": " + std::to_string(r.stats.refused) + " calls refused");
    const bool gradient = r.operation.rfind("backward:", 0) == 0;
    if (!gradient && r.stats.max_ulps > goal) {
      out.push_back(where + ": max error " + format_ulps(r.stats.max_ulps) + " ulps > goal " + format_ulps(goal));
    }
    if (gradient && r.stats.max_claim_use > 1.0) {
      out.push_back(where + ": max error " + format_ulps(r.stats.max_ulps) + " ulps, " +
                    format_ulps(r.stats.max_claim_use) + " x the accuracy gradients.hpp states");
    }
  }
  return out;
}

}  // namespace wn::accuracy
