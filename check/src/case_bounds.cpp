#include "wn/check/case_bounds.hpp"

#include <cmath>

#include "wn/check/gradient_tolerance.hpp"
#include "wn/check/tensor_ops.hpp"
#include "wn/check/tolerance.hpp"

namespace wn::check {
namespace {

// rel |e_i| + abs (|scale_i| + 1 when a scale is given), twice, NaN as 0.
Tensor twice(const Tolerance& t, const Tensor& expected, const Tensor* scale) {
  std::vector<double> b(static_cast<std::size_t>(expected.numel()));
  for (std::int64_t i = 0; i < expected.numel(); ++i) {
    const double s = scale != nullptr && scale->numel() == expected.numel() ? std::fabs((*scale)[i]) + 1.0 : 1.0;
    const double x = 2.0 * (t.rel * std::fabs(expected[i]) + t.abs * s);
    b[static_cast<std::size_t>(i)] = std::isnan(x) ? 0.0 : x;
  }
  return Tensor(DType::Float64, expected.shape(), std::move(b));
}

Tensor no_nan(const Tensor& t) {
  std::vector<double> b = t.values();
  for (double& x : b) x = std::isnan(x) ? 0.0 : x;
  return Tensor(DType::Float64, t.shape(), std::move(b));
}


void gradient_bounds(CaseBounds& cb, const std::string& operation, DimArg dim,
                     const std::map<std::string, Tensor>& inputs) {
  if (operation == "backward") {
    const GradientBounds b = 2.0 * first_derivative_bounds(inputs.at("grad_w"), inputs.at("v"), inputs.at("g"), dim);
    cb.bound["grad_v"] = no_nan(b.grad_v);
    cb.bound["grad_g"] = no_nan(b.grad_g);
    cb.source = "2 x GRAD-7 (" + b.source + ")";
    return;
  }
  const GradientBounds b = 2.0 * second_derivative_bounds(inputs.at("grad_w"), inputs.at("v"), inputs.at("g"), dim,
                                                          inputs.at("dv"), inputs.at("dg"));
  cb.bound["grad_v"] = no_nan(b.grad_v);
  cb.bound["grad_g"] = no_nan(b.grad_g);
  cb.source = "2 x GRAD-7 second derivatives (" + b.source + ")";
}

// One SGD step, then the weight (see the header).
void step_bounds(CaseBounds& cb, DimArg dim, double lr, const std::map<std::string, Tensor>& inputs,
                 const std::map<std::string, Tensor>& outputs) {
  const Tensor &v = inputs.at("v"), &g = inputs.at("g");
  const Tensor &v1 = outputs.at("v"), &g1 = outputs.at("g"), &w1 = outputs.at("weight");
  const double u = traits(v.dtype()).unit_roundoff;
  const GradientBounds gb = 2.0 * first_derivative_bounds(inputs.at("grad_w"), v, g, dim);
  auto stepped = [&](const Tensor& p, const Tensor& p1, const Tensor& grad_bound) {
    std::vector<double> b(static_cast<std::size_t>(p.numel()));
    for (std::int64_t i = 0; i < p.numel(); ++i) {
      b[static_cast<std::size_t>(i)] = std::fabs(lr) * grad_bound[i] + 2.0 * u * (std::fabs(p[i]) + 2.0 * std::fabs(p1[i]));
    }
    return no_nan(Tensor(DType::Float64, p.shape(), std::move(b)));
  };
  const Tensor dv = stepped(v, v1, gb.grad_v), dg = stepped(g, g1, gb.grad_g);
  const ResolvedDim rd = resolve_dim(dim, v1.shape(), "case_bounds");
  const auto count = static_cast<std::size_t>(slice_count(v1.shape(), rd));
  std::vector<long double> r2(count, 0.0L), dv2(count, 0.0L);
  for (std::int64_t i = 0; i < v1.numel(); ++i) {
    const auto j = static_cast<std::size_t>(slice_index(v1.shape(), rd, i));
    r2[j] += static_cast<long double>(v1[i]) * v1[i];
    dv2[j] += static_cast<long double>(dv[i]) * dv[i];
  }
  const Tolerance wt = weight_tolerance(v.dtype(), slice_length(v1.shape(), rd));
  std::vector<double> bw(static_cast<std::size_t>(w1.numel()));
  for (std::int64_t i = 0; i < w1.numel(); ++i) {
    const auto j = static_cast<std::size_t>(slice_index(v1.shape(), rd, i));
    const double r = static_cast<double>(std::sqrt(r2[j])), ndv = static_cast<double>(std::sqrt(dv2[j]));
    const double gj = std::fabs(g1[static_cast<std::int64_t>(j)]), dgj = dg[static_cast<std::int64_t>(j)];
    const double vi = std::fabs(v1[i]);
    bw[static_cast<std::size_t>(i)] = 2.0 * (wt.rel * std::fabs(w1[i]) + wt.abs * (vi + 1.0)) + dgj * vi / r +
                                      gj * dv[i] / r + gj * vi * ndv / (r * r);
  }
  cb.bound["v"] = dv;
  cb.bound["g"] = dg;
  cb.bound["weight"] = no_nan(Tensor(DType::Float64, w1.shape(), std::move(bw)));
  cb.source = "one SGD step: lr x 2 x GRAD-7, two roundings per operation, then 2 x TOL-1 for the weight and its "
              "first-order sensitivity";
}

}  // namespace

CaseBounds case_bounds(const std::string& operation, DimArg dim, std::int64_t pow, double lr,
                       const std::map<std::string, Tensor>& inputs, const std::map<std::string, Tensor>& outputs) {
  CaseBounds cb;
  const Tensor& main = inputs.count("v") ? inputs.at("v") : inputs.at("weight");
  std::int64_t n = 0;
  try {
    n = slice_length(main.shape(), resolve_dim(dim, main.shape(), "case_bounds"));
  } catch (const std::exception&) {
    return cb;  // an invalid call: only a rejection can match it
  }
  const DType dt = main.dtype();
  cb.has_rule = true;
  if (operation == "norm_except_dim" || operation == "decompose") {
    const std::string norm = operation == "decompose" ? "g" : "norm";
    const Tolerance t = pow == 2 ? norm_tolerance(dt, n) : power_norm_tolerance(dt, n, pow);
    if (outputs.count(norm)) cb.bound[norm] = twice(t, outputs.at(norm), nullptr);
    if (operation == "decompose" && outputs.count("v")) cb.bound["v"] = Tensor::zeros(DType::Float64, outputs.at("v").shape());
    cb.source = "2 x TOL-1 (" + t.source + ")" + (operation == "decompose" ? "; v bit for bit (DEC-2)" : "");
  } else if (operation == "compose" || operation == "remove") {
    const std::string w = operation == "compose" ? "w" : "weight";
    const Tolerance t = weight_tolerance(dt, n);
    if (outputs.count(w)) cb.bound[w] = twice(t, outputs.at(w), &inputs.at("v"));
    cb.source = "2 x TOL-1 (" + t.source + ")";
  } else if (operation == "backward" || operation == "backward_directional" || operation == "optimizer_step") {
    try {
      if (operation == "optimizer_step") {
        step_bounds(cb, dim, lr, inputs, outputs);
      } else {
        gradient_bounds(cb, operation, dim, inputs);
      }
    } catch (const std::exception&) {
      cb = CaseBounds{};  // shapes the gradient rule does not cover (GRAD-9): no rule
    }
  } else {
    cb.has_rule = false;
  }
  return cb;
}

}  // namespace wn::check
