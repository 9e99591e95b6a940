#include "deviation_excuse.hpp"

#include "replay.hpp"
#include "vector_compare.hpp"
#include "wn/deviations/double_backward.hpp"
#include "wn/deviations/empty_tensors.hpp"
#include "wn/deviations/g_mismatch.hpp"
#include "wn/deviations/norm_overflow.hpp"
#include "wn/deviations/paths.hpp"
#include "wn/gradients.hpp"

namespace wn::oracle {

CallOutcome recorded_outcome(const VectorCase& c) {
  if (c.expect == "error") return {true, {}};
  return {false, c.outputs};
}

CallOutcome replayed_outcome(const Implementation& impl, const VectorCase& c) {
  try {
    return {false, run_operation(impl, c)};
  } catch (const std::exception&) {
    return {true, {}};
  }
}

bool same_outcome(const CallOutcome& got, const CallOutcome& expected, const VectorCase& c) {
  if (got.rejected || expected.rejected) return got.rejected == expected.rejected;
  std::string note;
  const std::map<std::string, Tensor> bounds = effective_bounds(c, expected.outputs, note);
  for (const auto& [name, e] : expected.outputs) {
    const auto it = got.outputs.find(name);
    if (it == got.outputs.end() || !bounds.count(name) || !compare_tensors(it->second, e, bounds.at(name)).ok) return false;
  }
  return got.outputs.size() == expected.outputs.size();
}

namespace {

const CallOutcome kRejected{true, {}};

CallOutcome values(std::map<std::string, Tensor> outputs) { return {false, std::move(outputs)}; }

std::optional<CallOutcome> empty_model(const deviations::EmptyOutcome& o, const std::string& op, const Tensor& v) {
  using Kind = deviations::EmptyOutcome::Kind;
  if (o.kind != Kind::Returns) return std::nullopt;  // raising is the spec's; a crash is DEV-6's
  const Tensor zeros = Tensor::zeros(v.dtype(), o.shape);
  if (op == "norm_except_dim") return values({{"norm", zeros}});
  if (op == "compose") return values({{"w", zeros}});
  return values({{"g", zeros}, {"v", v}});
}

bool valid_dim(const Tensor& v, DimArg dim) {
  try {
    resolve_dim(dim, v.shape(), "");
    return v.rank() > 0 || !dim;
  } catch (const std::exception&) {
    return false;
  }
}

std::optional<CallOutcome> forward_model(const std::string& id, const VectorCase& c) {
  const std::string& op = c.operation;
  const Tensor& v = c.inputs.at(op == "decompose" ? "weight" : "v");
  if (!valid_dim(v, c.dim)) return std::nullopt;
  const bool has_g = op == "compose";
  const Tensor g = has_g ? c.inputs.at("g") : Tensor();
  const bool fused = deviations::takes_fused_path(v.shape(), c.dim);
  if (id == "DEV-3" && v.numel() == 0 && v.rank() > 0) {
    if (op == "norm_except_dim") return empty_model(deviations::empty_norm_except_dim(v.shape(), c.dim), op, v);
    if (op == "compose") return empty_model(deviations::empty_weight_norm(v.shape(), c.dim), op, v);
    return empty_model(deviations::empty_decompose(v.shape(), c.dim), op, v);
  }
  if (id == "DEV-6" && has_g && v.numel() == 0 && fused && deviations::kept_size(v.shape(), c.dim) == 0) {
    return kRejected;  // the adapter refuses what would kill the process
  }
  if (v.numel() == 0) return std::nullopt;
  if (id == "DEV-1" && (op != "norm_except_dim" || c.pow == 2)) {
    const deviations::NormModel m = deviations::norm_model(v, c.dim);
    if (!m.any_in_domain()) return std::nullopt;
    for (const auto s : m.slices) {
      if (s == deviations::SquareSum::Undecided || s == deviations::SquareSum::NotFinite) return std::nullopt;
    }
    if (op == "norm_except_dim") return values({{"norm", m.norm}});
    if (op == "decompose") return values({{"g", m.norm}, {"v", v}});
    if (g.dtype() != v.dtype() || g.numel() != m.norm.numel()) return std::nullopt;
    return values({{"w", deviations::weight_model(v, g, c.dim, m.norm)}});
  }
  if (!has_g) return std::nullopt;
  if (id == "DEV-2" && fused && g.dtype() == v.dtype()) {
    const auto flat = deviations::fused_flat_g(v, g, c.dim);
    if (!flat) return kRejected;  // too short: refused by the adapter
    if (flat->shape() == g.shape()) return std::nullopt;
    return values({{"w", weight_norm(v, *flat, c.dim)}});
  }
  if ((id == "DEV-4" || id == "DEV-5") && !fused) {
    if ((id == "DEV-4") != (g.dtype() != v.dtype())) return std::nullopt;
    if (!deviations::composite_broadcasts(v, g, c.dim)) return std::nullopt;
    return values({{"w", deviations::composite_weight_model(v, g, c.dim)}});
  }
  if (id == "DEV-4" && fused && g.dtype() != v.dtype()) return kRejected;
  return std::nullopt;
}

}  // namespace

std::optional<CallOutcome> deviation_model(const std::string& id, const VectorCase& c) {
  try {
    if (c.operation == "norm_except_dim" || c.operation == "compose" || c.operation == "decompose") {
      return forward_model(id, c);
    }
    if (id == "DEV-7" && c.operation == "backward_directional") {
      const auto& in = c.inputs;
      const Tensor& v = in.at("v");
      if (!valid_dim(v, c.dim) || !deviations::takes_fused_path(v.shape(), c.dim)) return std::nullopt;
      const Gradients right =
          weight_norm_backward_directional(in.at("grad_w"), v, in.at("g"), c.dim, in.at("dv"), in.at("dg"));
      return values({{"grad_v", deviations::fused_double_backward_grad_v(in.at("grad_w"), v, in.at("g"), c.dim,
                                                                          in.at("dv"), in.at("dg"))},
                     {"grad_g", right.grad_g}});
    }
  } catch (const std::exception&) {
    // Inputs the models cannot take (a missing tensor, a shape they reject): no excuse.
  }
  return std::nullopt;
}

}  // namespace wn::oracle
