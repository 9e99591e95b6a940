// Wrong or partial implementations that test the harness itself, not the
// spec: registered as "harness:<name>", never part of the mutant catalog.
// Each stands for a way a user's kernel can look better than it is; the
// oracle's tests (oracle/tests) check that the verdict is honest for each:
//   float32-only          a kernel declaring float32 only: its float64 cases
//                         are unsupported, counted, never passed;
//   float32-only-wrong    the same kernel, wrong in float32: FAILS, not skipped;
//   bad-alloc-rejects     "rejects" an invalid dim by throwing std::bad_alloc:
//                         a crash-like bug, not a rejection;
//   undeclared-gap        declares gradients, then throws NotSupported: a failure;
//   slow-shrink           float64 gradients rounded through float32 from 64
//                         elements on: shrinking it used to take 1,057 s;
//   aborts-in-decompose   a kernel that kills its process in one operation:
//                         the mutant catalog, which runs every mutant in one
//                         process per family, must still judge the others.
#include <cstdlib>
#include <new>

#include "mutant_entry.hpp"
#include "slicing.hpp"
#include "wn/errors.hpp"
#include "wn/mutants/mutants.hpp"

namespace wn::mutants {
namespace {

// Like WN_MUTANT, named "harness:<name>".
#define WN_HARNESS(Class, Base, name, description)                  \
  static constexpr const char* kName = name;                        \
  static constexpr const char* kDescription = description;          \
  Class() { rename(std::string("harness:") + kName, kDescription); }

class Float32Only : public WrappedReference {
 public:
  WN_HARNESS(Float32Only, WrappedReference, "float32-only", "the reference, declaring float32 only")
  Capabilities capabilities() const override {
    Capabilities c = WrappedReference::capabilities();
    c.dtypes = {DType::Float32};
    return c;
  }
};

class Float32OnlyWrong : public Float32Only {
 public:
  WN_HARNESS(Float32OnlyWrong, Float32Only, "float32-only-wrong",
             "declares float32 only; its float32 weights are 2^-10 too large")
  Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const override {
    const Tensor w = ref().weight_norm(v, g, dim);
    std::vector<double> out = w.values();
    for (double& x : out) x *= 1.0 + 0x1p-10;
    return with_values(w, std::move(out));
  }
};

class BadAllocRejects : public WrappedReference {
 public:
  WN_HARNESS(BadAllocRejects, WrappedReference, "bad-alloc-rejects",
            "throws std::bad_alloc where it should reject an invalid dim")
  Tensor norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim) const override {
    try {
      return ref().norm_except_dim(v, pow, dim);
    } catch (const InvalidArgument& e) {
      if (e.argument() == "dim") throw std::bad_alloc();
      throw;
    }
  }
};

class UndeclaredGap : public WrappedReference {
 public:
  WN_HARNESS(UndeclaredGap, WrappedReference, "undeclared-gap",
            "declares gradients, then throws NotSupported from weight_norm_backward")
  WeightNormGradients weight_norm_backward(const Tensor&, const Tensor&, const Tensor&, DimArg) const override {
    throw NotSupported(name() + ": weight_norm_backward is not implemented");
  }
};

class SlowShrink : public WrappedReference {
 public:
  WN_HARNESS(SlowShrink, WrappedReference, "slow-shrink",
            "float64 results rounded through float32 once v has 64 elements or more")
  Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const override {
    return wide(v) ? through_float32(ref().weight_norm(v, g, dim)) : ref().weight_norm(v, g, dim);
  }
  WeightNormGradients weight_norm_backward(const Tensor& grad_w, const Tensor& v, const Tensor& g,
                                           DimArg dim) const override {
    WeightNormGradients r = ref().weight_norm_backward(grad_w, v, g, dim);
    if (!wide(v)) return r;
    return {through_float32(r.grad_v), through_float32(r.grad_g)};
  }

 private:
  static bool wide(const Tensor& v) { return v.dtype() == DType::Float64 && v.numel() >= 64; }
  static Tensor through_float32(const Tensor& t) {
    std::vector<double> out = t.values();
    for (double& x : out) x = static_cast<double>(static_cast<float>(x));
    return with_values(t, std::move(out));
  }
};

class AbortsInDecompose : public WrappedReference {
 public:
  WN_HARNESS(AbortsInDecompose, WrappedReference, "aborts-in-decompose",
             "calls std::abort() from decompose; every other operation is the reference's")
  Decomposition decompose(const Tensor&, DimArg) const override { std::abort(); }
};

std::vector<MutantEntry> harness_entries() {
  return {entry<Float32Only>(), entry<Float32OnlyWrong>(), entry<BadAllocRejects>(), entry<UndeclaredGap>(),
          entry<SlowShrink>(), entry<AbortsInDecompose>()};
}

}  // namespace
}  // namespace wn::mutants

namespace wn {

void register_harness_implementations() {
  for (auto& e : mutants::harness_entries()) register_implementation("harness:" + e.info.name, e.factory);
}

}  // namespace wn
