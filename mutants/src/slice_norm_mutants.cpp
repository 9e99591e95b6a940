// Mutants whose Euclidean norm of a slice is wrong (accumulation, NaN,
// square root) or whose compose adds an epsilon. One base computes
// norm_except_dim, weight_norm and decompose consistently from the mutant's
// slice norm, so every operation shows the mistake the same way.
#include <cmath>
#include <limits>

#include "mutant_entry.hpp"
#include "slicing.hpp"
#include "wn/norm_except_dim.hpp"

namespace wn::mutants {
namespace {

class SliceNormMutant : public WrappedReference {
 public:
  using WrappedReference::WrappedReference;

  Tensor norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim) const override {
    const Tensor r = ref().norm_except_dim(v, pow, dim);  // validates the call, gives the shape
    if (pow != 2) return r;
    return with_values(r, norms(v, dim));
  }

  Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const override {
    const Tensor r = ref().weight_norm(v, g, dim);  // validates the call
    const Axis axis = axis_of(dim, v.shape());
    const std::vector<double> n = norms(v, dim);
    std::vector<double> w(static_cast<std::size_t>(v.numel()));
    for (std::int64_t i = 0; i < v.numel(); ++i) {
      const std::int64_t s = axis.slice_of(i);
      w[static_cast<std::size_t>(i)] = static_cast<double>(static_cast<long double>(v[i]) * g[s] /
                                                            denominator(n[static_cast<std::size_t>(s)]));
    }
    return with_values(r, std::move(w));
  }

  Decomposition decompose(const Tensor& weight, DimArg dim) const override {
    ref().decompose(weight, dim);  // validates the call
    return {norm_except_dim(weight, 2, dim), weight};
  }

 protected:
  /// The mutant's norm of one slice (values of dtype `dtype`).
  virtual double slice_norm(const std::vector<double>& s, DType) const {
    return static_cast<double>(wn::slice_norm(s.data(), static_cast<std::int64_t>(s.size()), 1, 2));
  }
  /// What compose divides by, given the slice norm.
  virtual long double denominator(double norm) const { return norm; }

 private:
  std::vector<double> norms(const Tensor& v, DimArg dim) const {
    std::vector<double> out;
    for (const auto& s : slices(v, axis_of(dim, v.shape()))) out.push_back(round_to_dtype(slice_norm(s, v.dtype()), v.dtype()));
    return out;
  }
};

class Bfloat16Accumulation : public SliceNormMutant {
 public:
  WN_MUTANT(Bfloat16Accumulation, SliceNormMutant, "bfloat16-accumulation",
            "squares and sums them in bfloat16-like precision (8 significant bits) instead of at least the data's")
 protected:
  double slice_norm(const std::vector<double>& s, DType) const override {
    double acc = 0.0;
    for (double x : s) acc = round_to_bits(acc + round_to_bits(x * x, 8), 8);
    return round_to_bits(std::sqrt(acc), 8);
  }
};

class Float32AccumulationForFloat64 : public SliceNormMutant {
 public:
  WN_MUTANT(Float32AccumulationForFloat64, SliceNormMutant, "float32-accumulation",
            "accumulates the sum of squares of float64 data in a float32 accumulator")
 protected:
  double slice_norm(const std::vector<double>& s, DType) const override {
    float acc = 0.0f;
    for (double x : s) acc += static_cast<float>(x * x);
    return std::sqrt(static_cast<double>(acc));
  }
};

class SquaredNorm : public SliceNormMutant {
 public:
  WN_MUTANT(SquaredNorm, SliceNormMutant, "squared-norm",
            "forgets the square root: divides by the sum of squares instead of the norm")
 protected:
  double slice_norm(const std::vector<double>& s, DType dtype) const override {
    const double n = SliceNormMutant::slice_norm(s, dtype);
    return n * n;
  }
};

class NanIgnored : public SliceNormMutant {
 public:
  WN_MUTANT(NanIgnored, SliceNormMutant, "nan-ignored",
            "skips NaN elements when summing squares (a nansum), so a slice with a NaN gets a finite norm")
 protected:
  double slice_norm(const std::vector<double>& s, DType dtype) const override {
    std::vector<double> kept;
    for (double x : s) {
      if (!std::isnan(x)) kept.push_back(x);
    }
    return kept.empty() ? 0.0 : SliceNormMutant::slice_norm(kept, dtype);
  }
};

class EpsilonInNorm : public SliceNormMutant {
 public:
  WN_MUTANT(EpsilonInNorm, SliceNormMutant, "epsilon-in-norm",
            "divides by norm + 1e-12 (as F.normalize-style code does), so a zero slice gives 0, not NaN")
 protected:
  long double denominator(double norm) const override { return static_cast<long double>(norm) + 1e-12L; }
};

// A blocked reduction whose tail loop is missing: a common bug of
// vectorised and multi-threaded kernels, invisible below one block. Only
// slices longer than a block (4096 elements here) show it, and then the
// norm is short by the tail's share.
class DropsTailBlock : public SliceNormMutant {
 public:
  WN_MUTANT(DropsTailBlock, SliceNormMutant, "drops-tail-block",
            "sums squares in blocks of 4096 and, for longer slices, forgets the last partial block")
 protected:
  double slice_norm(const std::vector<double>& s, DType dtype) const override {
    constexpr std::size_t kBlock = 4096;
    if (s.size() <= kBlock) return SliceNormMutant::slice_norm(s, dtype);
    const std::vector<double> whole_blocks(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(s.size() / kBlock * kBlock));
    return SliceNormMutant::slice_norm(whole_blocks, dtype);
  }
};

}  // namespace

std::vector<MutantEntry> slice_norm_mutants() {
  return {entry<Bfloat16Accumulation>(), entry<Float32AccumulationForFloat64>(), entry<SquaredNorm>(),
          entry<NanIgnored>(), entry<EpsilonInNorm>(), entry<DropsTailBlock>()};
}

}  // namespace wn::mutants
