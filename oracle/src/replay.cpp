#include "replay.hpp"

#include <cmath>
#include <sstream>

#include "float_text.hpp"
#include "vector_compare.hpp"

namespace wn::oracle {

namespace {
// p - lr * grad, rounded to p's dtype: plain SGD (torch.optim.SGD, no momentum).
Tensor sgd(const Tensor& p, const Tensor& grad, double lr) {
  std::vector<double> out(static_cast<std::size_t>(p.numel()));
  for (std::int64_t i = 0; i < p.numel(); ++i) out[static_cast<std::size_t>(i)] = p[i] - lr * grad[i];
  return Tensor(p.dtype(), p.shape(), std::move(out));
}
}  // namespace

std::map<std::string, Tensor> run_operation(const Implementation& impl, const VectorCase& c) {
  const auto& in = c.inputs;
  const std::string& op = c.operation;
  if (op == "norm_except_dim") return {{"norm", impl.norm_except_dim(in.at("v"), c.pow, c.dim)}};
  if (op == "compose") return {{"w", impl.weight_norm(in.at("v"), in.at("g"), c.dim)}};
  if (op == "decompose") {
    const Decomposition d = impl.decompose(in.at("weight"), c.dim);
    return {{"g", d.g}, {"v", d.v}};
  }
  if (op == "remove") return {{"weight", impl.remove(Decomposition{in.at("g"), in.at("v")}, c.dim)}};
  if (op == "backward") {
    const auto gr = impl.weight_norm_backward(in.at("grad_w"), in.at("v"), in.at("g"), c.dim);
    return {{"grad_v", gr.grad_v}, {"grad_g", gr.grad_g}};
  }
  if (op == "backward_directional") {
    const auto gr = impl.weight_norm_backward_directional(in.at("grad_w"), in.at("v"), in.at("g"), c.dim,
                                                          in.at("dv"), in.at("dg"));
    return {{"grad_v", gr.grad_v}, {"grad_g", gr.grad_g}};
  }
  if (op == "optimizer_step") {
    // One SGD step on (v, g) for the loss <grad_w, w>, then the new weight.
    const auto gr = impl.weight_norm_backward(in.at("grad_w"), in.at("v"), in.at("g"), c.dim);
    const Tensor v = sgd(in.at("v"), gr.grad_v, c.lr), g = sgd(in.at("g"), gr.grad_g, c.lr);
    return {{"v", v}, {"g", g}, {"weight", impl.weight_norm(v, g, c.dim)}};
  }
  throw std::invalid_argument("unknown operation \"" + op + "\"");
}

Observation observe(const Implementation& impl, const VectorCase& c) {
  try {
    return {Observation::Kind::Value, run_operation(impl, c), ""};
  } catch (const NotSupported& e) {
    return {Observation::Kind::Unsupported, {}, e.what()};
  } catch (const std::exception& e) {
    return {Observation::Kind::Rejected, {}, e.what()};
  }
}

CaseResult replay_case(const Implementation& impl, const VectorCase& c) { return judge_case(c, observe(impl, c)); }

CaseResult judge_case(const VectorCase& c, const Observation& observed) {
  CaseResult r;
  if (observed.kind == Observation::Kind::Unsupported) return {"skipped", observed.message};
  if (observed.kind == Observation::Kind::Rejected) {
    if (c.expect == "error") return {"passed", "rejected as recorded: " + observed.message};
    return {"failed", "rejected, but a value was recorded: " + observed.message};
  }
  const std::map<std::string, Tensor>& got = observed.outputs;
  if (c.expect == "error") return {"failed", "returned a value, but the recording was rejected"};
  r.status = "passed";
  std::string note, source;
  const std::map<std::string, Tensor> bounds = effective_bounds(c, c.outputs, note, &source);
  for (const auto& [name, expected] : c.outputs) {
    if (!got.count(name)) return {"failed", "returned no output " + name};
    if (!bounds.count(name)) return {"failed", note};
    const TensorDifference d = compare_tensors(got.at(name), expected, bounds.at(name));
    r.max_ulps = std::max(r.max_ulps, d.max_ulps);
    r.max_rel = std::max(r.max_rel, d.max_rel);
    if (!d.ok && r.status == "passed") {
      r.status = "failed";
      std::ostringstream os;
      if (!d.problem.empty()) {
        os << "output " << name << ": " << d.problem;
      } else {
        os << "output " << name << "[" << d.worst << "]: " << format_float(d.worst_actual) << " ("
           << d.worst_actual << "), recorded " << format_float(d.worst_expected) << " (" << d.worst_expected
           << "); allowed " << bounds.at(name)[d.worst] << " (" << source
           << (c.has_tolerance ? ", or the file's tolerance where tighter" : "") << ")";
      }
      r.message = os.str() + (note.empty() ? "" : "; " + note);
    }
  }
  if (!note.empty() && r.message.empty()) r.message = note;
  return r;
}

}  // namespace wn::oracle
