// Mutants that get the parameters wrong: what registration puts in g and v,
// what remove returns, how g and pow are used, and the precision of results.
#include <cmath>
#include <mutex>
#include <optional>

#include "mutant_entry.hpp"
#include "slicing.hpp"

namespace wn::mutants {
namespace {

class GOnes : public WrappedReference {
 public:
  WN_MUTANT(GOnes, WrappedReference, "g-ones", "registration initialises g to ones instead of the slice norms")
  Decomposition decompose(const Tensor& weight, DimArg dim) const override {
    Decomposition d = ref().decompose(weight, dim);
    d.g = filled_like(d.g, 1.0);
    return d;
  }
};

class GWholeNorm : public WrappedReference {
 public:
  WN_MUTANT(GWholeNorm, WrappedReference, "g-whole-norm",
            "registration initialises every element of g to the whole tensor's norm")
  Decomposition decompose(const Tensor& weight, DimArg dim) const override {
    Decomposition d = ref().decompose(weight, dim);
    const double whole = ref().norm_except_dim(weight, 2, kNone)[0];
    d.g = filled_like(d.g, whole);
    return d;
  }
};

class VNormalised : public WrappedReference {
 public:
  WN_MUTANT(VNormalised, WrappedReference, "v-normalised",
            "registration stores v = weight / ||weight|| (unit slices) instead of an exact copy of the weight")
  Decomposition decompose(const Tensor& weight, DimArg dim) const override {
    Decomposition d = ref().decompose(weight, dim);
    d.v = ref().weight_norm(weight, filled_like(d.g, 1.0), dim);
    return d;
  }
};

class StaleRemove : public WrappedReference {
 public:
  WN_MUTANT(StaleRemove, WrappedReference, "stale-remove",
            "remove returns the weight cached at registration, ignoring later changes to g and v")
  Decomposition decompose(const Tensor& weight, DimArg dim) const override {
    Decomposition d = ref().decompose(weight, dim);
    std::lock_guard<std::mutex> lock(mutex_);
    cached_ = weight;
    return d;
  }
  Tensor remove(const Decomposition& p, DimArg dim) const override {
    const Tensor fresh = ref().remove(p, dim);  // validates the call
    std::lock_guard<std::mutex> lock(mutex_);
    if (cached_ && cached_->shape() == fresh.shape() && cached_->dtype() == fresh.dtype()) return *cached_;
    return fresh;
  }

 private:
  mutable std::mutex mutex_;
  mutable std::optional<Tensor> cached_;
};

class AbsG : public WrappedReference {
 public:
  WN_MUTANT(AbsG, WrappedReference, "abs-g", "composes with |g|, losing the sign a negative g gives the slice")
  Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const override {
    std::vector<double> a;
    for (double x : g.values()) a.push_back(std::fabs(x));
    return ref().weight_norm(v, with_values(g, std::move(a)), dim);
  }
};

// A kernel run with flush-to-zero / denormals-are-zero (common on GPUs and
// with -ffast-math): a subnormal g is read as a zero of its sign.
class FlushSubnormalG : public WrappedReference {
 public:
  WN_MUTANT(FlushSubnormalG, WrappedReference, "flush-subnormal-g",
            "reads a subnormal g as a signed zero (flush-to-zero), so its slice's weights are zeros")
  Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const override {
    std::vector<double> a;
    for (double x : g.values()) {
      a.push_back(x != 0.0 && std::fabs(x) < traits(g.dtype()).min_normal ? std::copysign(0.0, x) : x);
    }
    return ref().weight_norm(v, with_values(g, std::move(a)), dim);
  }
};

class PowIgnored : public WrappedReference {
 public:
  WN_MUTANT(PowIgnored, WrappedReference, "pow-ignored", "norm_except_dim computes the 2-norm whatever pow it is given")
  Tensor norm_except_dim(const Tensor& v, std::int64_t, DimArg dim) const override {
    return ref().norm_except_dim(v, 2, dim);
  }
};

// float64 results that carry only float32's precision.
Tensor through_float32(const Tensor& t) {
  if (t.dtype() != DType::Float64) return t;
  return t.to(DType::Float32).to(DType::Float64);
}

class Float64ComputedInFloat32 : public WrappedReference {
 public:
  WN_MUTANT(Float64ComputedInFloat32, WrappedReference, "float64-via-float32",
            "computes float64 inputs in float32 and widens the results back (a silent downcast)")
  Tensor norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim) const override {
    return through_float32(ref().norm_except_dim(through_float32(v), pow, dim));
  }
  Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const override {
    return through_float32(ref().weight_norm(through_float32(v), through_float32(g), dim));
  }
  Decomposition decompose(const Tensor& weight, DimArg dim) const override {
    Decomposition d = ref().decompose(weight, dim);
    d.g = norm_except_dim(weight, 2, dim);
    return d;
  }
};

}  // namespace

std::vector<MutantEntry> parameter_mutants() {
  return {entry<GOnes>(),  entry<GWholeNorm>(), entry<VNormalised>(), entry<StaleRemove>(),
          entry<AbsG>(),   entry<PowIgnored>(), entry<Float64ComputedInFloat32>(), entry<FlushSubnormalG>()};
}

}  // namespace wn::mutants
