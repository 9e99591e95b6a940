#include "recorder.hpp"

#include <cmath>
#include <limits>
#include <random>
#include <set>

#include "replay.hpp"
#include "wn/weight_norm.hpp"

namespace wn::oracle {

namespace {

using Rng = std::mt19937_64;

double ordinary(Rng& rng, DType dtype) {
  // |x| in [2^-3, 2^4), random sign: the Ordinary regime of the generators.
  std::uniform_real_distribution<double> m(1.0, 2.0);
  std::uniform_int_distribution<int> e(-3, 3);
  const double x = std::ldexp(m(rng), e(rng)) * (rng() & 1 ? -1.0 : 1.0);
  return round_to_dtype(x, dtype);
}

Tensor random_tensor(Rng& rng, DType dtype, const Shape& shape) {
  std::vector<double> v(static_cast<std::size_t>(numel(shape)));
  for (auto& x : v) x = ordinary(rng, dtype);
  return Tensor(dtype, shape, std::move(v));
}

Shape g_shape(const Shape& shape, DimArg dim) {
  const ResolvedDim rd = resolve_dim(dim, shape, "record");
  return rd.whole ? Shape{} : norm_shape(rd, shape);
}

std::vector<DimArg> dims_of(std::int64_t rank) {
  std::vector<DimArg> dims{kNone, DimArg{-1}};
  for (std::int64_t d = 0; d < rank; ++d) dims.push_back(d);
  for (std::int64_t d = -rank; d <= -2; ++d) dims.push_back(d);
  return dims;
}

class CaseSet {
 public:
  CaseSet(const Implementation& impl, std::uint64_t seed, const std::function<void(const std::string&)>& progress)
      : impl_(impl), rng_(seed), progress_(progress) {}

  void add(VectorCase c) {
    c.id = c.operation + "/" + std::to_string(file_.cases.size());
    if (progress_) progress_(c.id);
    try {
      c.outputs = run_operation(impl_, c);
      c.expect = "value";
    } catch (const NotSupported& e) {
      if (unsupported_.insert(c.operation).second) file_.skipped.push_back(c.operation + ": " + e.what());
      return;
    } catch (const std::exception& e) {
      c.expect = "error";
      c.outputs.clear();
      c.note = e.what();
    }
    // No tolerance is written: the checker applies the spec's rule to every
    // case (VEC-6, wn/check/case_bounds.hpp), whoever recorded it.
    file_.cases.push_back(std::move(c));
  }

  VectorFile take() { return std::move(file_); }
  Rng& rng() { return rng_; }

 private:
  const Implementation& impl_;
  Rng rng_;
  std::function<void(const std::string&)> progress_;
  VectorFile file_;
  std::set<std::string> unsupported_;
};

VectorCase make(const std::string& op, std::vector<std::string> clauses, DimArg dim,
                std::map<std::string, Tensor> inputs) {
  VectorCase c;
  c.operation = op;
  c.clauses = std::move(clauses);
  c.dim = dim;
  c.inputs = std::move(inputs);
  return c;
}

// Every operation on one (v, g, dim).
void add_every_operation(CaseSet& set, const Tensor& v, const Tensor& g, DimArg dim) {
  const bool whole = !dim || *dim == -1;
  const std::string dim_clause = whole ? "DIM-3" : (*dim < 0 ? "DIM-4" : "DIM-2");
  // Replaying against another implementation is agreement within TOL-1 (AGR-1).
  set.add(make("norm_except_dim", {whole ? "NORM-1" : "NORM-2", "SHAPE-2", dim_clause, "DTYPE-1", "TOL-1", "AGR-1"},
               dim, {{"v", v}}));
  set.add(make("compose", {"DEF-1", "DEF-2", "COMP-1", "SHAPE-3", dim_clause, "DTYPE-2", "TOL-1", "AGR-1"}, dim,
               {{"v", v}, {"g", g}}));
  set.add(make("decompose", {"DEC-1", "DEC-2"}, dim, {{"weight", v}}));
  set.add(make("remove", {"REM-1"}, dim, {{"g", g}, {"v", v}}));
  const Tensor grad_w = random_tensor(set.rng(), v.dtype(), v.shape());
  // Which of at::_weight_norm's paths computed the derivatives (GRAD-7).
  set.add(make("backward", {"GRAD-1", "GRAD-2", "GRAD-6", "GRAD-7", "GRAD-8"}, dim, {{"grad_w", grad_w}, {"v", v}, {"g", g}}));
  // LibTorch's fused path (a kept dim that is the first or the last) holds
  // ||v|| constant in double backward (DEV-7, spec/12-deviations.md after the
  // gradients work): such cases cite it, so a replay by an implementation
  // without the deviation reports it as documented (VEC-7).
  const ResolvedDim rd = resolve_dim(dim, v.shape(), "record");
  const bool fused = !rd.whole && (rd.axis == 0 || rd.axis == v.rank() - 1);
  std::vector<std::string> second{"GRAD-5", "GRAD-7"};
  if (fused) second.push_back("DEV-7");
  set.add(make("backward_directional", second, dim,
               {{"grad_w", grad_w}, {"v", v}, {"g", g}, {"dv", random_tensor(set.rng(), v.dtype(), v.shape())},
                {"dg", random_tensor(set.rng(), g.dtype(), g.shape())}}));
  // One SGD step on (g, v) and the weight recomputed from them (LIFE-4, LIFE-5).
  VectorCase step = make("optimizer_step", {"LIFE-4", "LIFE-5", "REM-1"}, dim, {{"grad_w", grad_w}, {"v", v}, {"g", g}});
  step.lr = 0.125;
  set.add(step);
}

}  // namespace

VectorFile record_vectors(const Implementation& impl, std::uint64_t seed,
                          const std::function<void(const std::string&)>& progress) {
  CaseSet set(impl, seed, progress);
  const std::vector<Shape> shapes{{7}, {3, 4}, {2, 3, 4}, {4, 1, 3}, {2, 2, 1, 3}};
  for (DType dtype : full_precision_dtypes()) {
    for (const Shape& shape : shapes) {
      for (DimArg dim : dims_of(static_cast<std::int64_t>(shape.size()))) {
        const Tensor v = random_tensor(set.rng(), dtype, shape);
        add_every_operation(set, v, random_tensor(set.rng(), dtype, g_shape(shape, dim)), dim);
      }
    }
    const Tensor v = random_tensor(set.rng(), dtype, {3, 4});
    // Register then remove: the weight back (DEC-3, REM-2).
    for (DimArg dim : {DimArg{0}, DimArg{1}, DimArg{kNone}}) {
      const Decomposition d = wn::decompose(v, dim);
      set.add(make("remove", {"REM-2", "DEC-3"}, dim, {{"g", d.g}, {"v", d.v}}));
    }
    // v scaled by a power of two (exact): the same weight (COMP-3).
    const Tensor g3r = random_tensor(set.rng(), dtype, {3, 1});
    std::vector<double> scaled = v.values();
    for (auto& x : scaled) x *= 4.0;
    set.add(make("compose", {"COMP-3"}, 0, {{"v", v}, {"g", g3r}}));
    set.add(make("compose", {"COMP-3"}, 0, {{"v", Tensor(dtype, {3, 4}, scaled)}, {"g", g3r}}));
    // One row: dim none and dim 0 agree (DIM-5); the thread's formula is dim none (COMP-4).
    const Tensor row = random_tensor(set.rng(), dtype, {1, 7});
    set.add(make("compose", {"DIM-5", "COMP-4"}, 0, {{"v", row}, {"g", Tensor(dtype, {1, 1}, {1.5})}}));
    set.add(make("compose", {"DIM-5", "COMP-4"}, kNone, {{"v", row}, {"g", Tensor::scalar(dtype, 1.5)}}));
    // The largest rank (SHAPE-1).
    const Tensor rank6 = random_tensor(set.rng(), dtype, {1, 2, 1, 2, 1, 2});
    set.add(make("norm_except_dim", {"SHAPE-1", "NORM-2"}, 3, {{"v", rank6}}));
    set.add(make("compose", {"SHAPE-1", "COMP-2"}, 5, {{"v", rank6}, {"g", random_tensor(set.rng(), dtype, {1, 1, 1, 1, 1, 2})}}));
    // Other powers (NORM-3).
    for (std::int64_t p : {0, 1, 3, 4, -1, -2}) {
      for (DimArg dim : {DimArg{0}, DimArg{kNone}}) {
        VectorCase c = make("norm_except_dim", {"NORM-3"}, dim, {{"v", v}});
        c.pow = p;
        set.add(c);
      }
    }
    // A zero slice gives NaN weights (EDGE-1).
    std::vector<double> zero_row = v.values();
    for (int j = 4; j < 8; ++j) zero_row[static_cast<std::size_t>(j)] = 0.0;
    const Tensor vz(dtype, {3, 4}, zero_row), g3 = random_tensor(set.rng(), dtype, {3, 1});
    set.add(make("norm_except_dim", {"EDGE-1"}, 0, {{"v", vz}}));
    set.add(make("compose", {"EDGE-1"}, 0, {{"v", vz}, {"g", g3}}));
    // NaN and infinities propagate (EDGE-3); -0.0 and subnormals in v.
    const double special[] = {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                              -std::numeric_limits<double>::infinity()};
    for (double s : special) {
      std::vector<double> vals = v.values();
      vals[5] = s;
      vals[2] = -0.0;
      vals[9] = traits(dtype).min_subnormal;
      const Tensor vs(dtype, {3, 4}, vals);
      set.add(make("norm_except_dim", {"EDGE-3"}, 0, {{"v", vs}}));
      set.add(make("compose", {"EDGE-3"}, 0, {{"v", vs}, {"g", g3}}));
    }
    // Extreme magnitudes: squares overflow or underflow, norms do not (EDGE-2; LibTorch: DEV-1).
    const bool f32 = dtype == DType::Float32;
    for (int e : {f32 ? 100 : 1000, f32 ? -100 : -1000}) {
      const Tensor vx(dtype, {2, 2}, {std::ldexp(3.0, e), std::ldexp(4.0, e), std::ldexp(-4.0, e), std::ldexp(3.0, e)});
      set.add(make("norm_except_dim", {"EDGE-2", "TOL-2", "DEV-1"}, 0, {{"v", vx}}));
      set.add(make("compose", {"EDGE-2", "DEV-1"}, 0, {{"v", vx}, {"g", Tensor(dtype, {2, 1}, {1.0, -2.0})}}));
    }
    // Invalid calls (ERR-*): recorded as whatever the implementation does.
    set.add(make("norm_except_dim", {"ERR-1", "DIM-1"}, 2, {{"v", v}}));
    set.add(make("compose", {"ERR-1", "DIM-1"}, -3, {{"v", v}, {"g", g3}}));
    set.add(make("norm_except_dim", {"ERR-2"}, 0, {{"v", Tensor(dtype, {0, 3}, {})}}));
    set.add(make("norm_except_dim", {"ERR-2", "DEV-3"}, 1, {{"v", Tensor(dtype, {0, 3}, {})}}));
    set.add(make("compose", {"ERR-2", "DEV-6"}, 0, {{"v", Tensor(dtype, {0, 3}, {})}, {"g", Tensor(dtype, {0, 1}, {})}}));
    const Tensor v3 = random_tensor(set.rng(), dtype, {2, 3, 2});
    set.add(make("compose", {"SHAPE-3", "DEV-5"}, 1, {{"v", v3}, {"g", random_tensor(set.rng(), dtype, {3})}}));
    set.add(make("compose", {"ERR-3"}, kNone, {{"v", Tensor::scalar(dtype, 2.0)}, {"g", Tensor::scalar(dtype, 1.0)}}));
    set.add(make("decompose", {"ERR-3"}, kNone, {{"weight", Tensor::scalar(dtype, 2.0)}}));
    set.add(make("compose", {"SHAPE-3", "DEV-2"}, 0, {{"v", v}, {"g", random_tensor(set.rng(), dtype, {1, 3})}}));
    const DType other = f32 ? DType::Float64 : DType::Float32;
    set.add(make("compose", {"ERR-4"}, 0, {{"v", v}, {"g", random_tensor(set.rng(), other, {3, 1})}}));
    set.add(make("compose", {"ERR-4", "DEV-4"}, kNone, {{"v", v}, {"g", Tensor::scalar(other, 1.5)}}));
  }
  VectorFile file = set.take();
  file.seed = seed;
  file.producer = {"wn-oracle record", impl.name(), impl.version(), impl.known_deviations()};
  return file;
}

}  // namespace wn::oracle
