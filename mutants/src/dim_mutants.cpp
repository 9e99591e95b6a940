// Mutants that misread `dim`: which dimension is kept, what -1 and none mean,
// and how the norm is lined up against v.
#include <cmath>

#include "mutant_entry.hpp"
#include "slicing.hpp"
#include "wn/errors.hpp"

namespace wn::mutants {
namespace {

// Passes every forward operation a rewritten dim.
class DimRewriter : public WrappedReference {
 public:
  using WrappedReference::WrappedReference;
  Tensor norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim) const override {
    return ref().norm_except_dim(v, pow, rewrite(dim, v.rank()));
  }
  Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const override {
    return ref().weight_norm(v, g, rewrite(dim, v.rank()));
  }
  Decomposition decompose(const Tensor& weight, DimArg dim) const override {
    return ref().decompose(weight, rewrite(dim, weight.rank()));
  }

 protected:
  virtual DimArg rewrite(DimArg dim, std::int64_t rank) const = 0;
};

class MinusOneIsLastDim : public DimRewriter {
 public:
  WN_MUTANT(MinusOneIsLastDim, DimRewriter, "minus-one-is-last-dim",
            "reads dim=-1 as the last dimension, as Python indexing would, not as none (the whole tensor)")
 protected:
  DimArg rewrite(DimArg dim, std::int64_t rank) const override {
    return dim && *dim == -1 && rank >= 1 ? DimArg{rank - 1} : dim;
  }
};

class NoneIsDimZero : public DimRewriter {
 public:
  WN_MUTANT(NoneIsDimZero, DimRewriter, "none-is-dim0",
            "treats dim=None (and -1) as dim 0, the module default, instead of the whole tensor")
 protected:
  DimArg rewrite(DimArg dim, std::int64_t rank) const override {
    return (!dim || *dim == -1) && rank >= 1 ? DimArg{0} : dim;
  }
};

class DecomposeIgnoresDim : public WrappedReference {
 public:
  WN_MUTANT(DecomposeIgnoresDim, WrappedReference, "decompose-ignores-dim",
            "registration always computes g with dim 0, whatever dim the caller asked for")
  Decomposition decompose(const Tensor& weight, DimArg dim) const override {
    ref().decompose(weight, dim);  // validates the call
    return ref().decompose(weight, 0);
  }
};

class NegativeDimRejected : public DimRewriter {
 public:
  WN_MUTANT(NegativeDimRejected, DimRewriter, "negative-dim-rejected",
            "rejects negative dims other than -1 instead of counting them from the end")
 protected:
  DimArg rewrite(DimArg dim, std::int64_t) const override {
    if (dim && *dim < -1) {
      throw InvalidArgument("mutant", "dim", std::to_string(*dim), "none, -1 or a non-negative integer");
    }
    return dim;
  }
};

class WholeTensorNormForDimZero : public WrappedReference {
 public:
  WN_MUTANT(WholeTensorNormForDimZero, WrappedReference, "whole-tensor-norm-for-dim0",
            "the thread's formula weight_g / weight_v.norm() * weight_v: one whole-tensor norm for dim 0")
  Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const override {
    const Tensor r = ref().weight_norm(v, g, dim);  // validates the call
    const ResolvedDim rd = resolve_dim(dim, v.shape(), "mutant");
    if (rd.whole || rd.axis != 0) return r;
    const double whole = ref().norm_except_dim(v, 2, kNone)[0];
    const Axis axis = axis_of(dim, v.shape());
    std::vector<double> w(static_cast<std::size_t>(v.numel()));
    for (std::int64_t i = 0; i < v.numel(); ++i) {
      w[static_cast<std::size_t>(i)] = static_cast<double>(static_cast<long double>(g[axis.slice_of(i)]) / whole * v[i]);
    }
    return with_values(r, std::move(w));
  }
};

class NoKeepdim : public WrappedReference {
 public:
  WN_MUTANT(NoKeepdim, WrappedReference, "no-keepdim",
            "divides v by the norm squeezed to [k] (no keepdim), which broadcasts along v's last dimension")
  Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const override {
    const Tensor r = ref().weight_norm(v, g, dim);  // validates the call
    const Axis axis = axis_of(dim, v.shape());
    if (axis.size == 1) return r;  // one slice: nothing to misalign
    const std::vector<double> n = ref().norm_except_dim(v, 2, dim).values();
    const std::int64_t last = v.size(v.rank() - 1);
    if (last != axis.size) {
      throw RejectedCall("mutant no-keepdim: the norm of shape [" + std::to_string(axis.size) +
                         "] does not broadcast against v of shape " + to_string(v.shape()));
    }
    std::vector<double> w(static_cast<std::size_t>(v.numel()));
    for (std::int64_t i = 0; i < v.numel(); ++i) {
      // v / n lines n up with the last dimension; * g then uses the right slice.
      w[static_cast<std::size_t>(i)] =
          static_cast<double>(static_cast<long double>(v[i]) / n[static_cast<std::size_t>(i % last)] * g[axis.slice_of(i)]);
    }
    return with_values(r, std::move(w));
  }
};

class NormOverDim : public WrappedReference {
 public:
  WN_MUTANT(NormOverDim, WrappedReference, "norm-over-dim",
            "takes the norm over dim (torch.norm(v, dim=dim, keepdim=True)) instead of over every other dim")
  Tensor norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim) const override {
    const Tensor r = ref().norm_except_dim(v, pow, dim);  // validates the call
    const ResolvedDim rd = resolve_dim(dim, v.shape(), "mutant");
    if (rd.whole) return r;
    Shape shape = v.shape();
    shape[static_cast<std::size_t>(rd.axis)] = 1;
    return Tensor(v.dtype(), shape, fibre_norms(v, dim, pow));
  }
  Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const override {
    const Tensor r = ref().weight_norm(v, g, dim);  // validates the call
    if (resolve_dim(dim, v.shape(), "mutant").whole) return r;
    const Axis axis = axis_of(dim, v.shape());
    const std::vector<double> n = fibre_norms(v, dim, 2);
    std::vector<double> w(static_cast<std::size_t>(v.numel()));
    for (std::int64_t i = 0; i < v.numel(); ++i) {
      w[static_cast<std::size_t>(i)] = static_cast<double>(static_cast<long double>(v[i]) * g[axis.slice_of(i)] /
                                                            n[static_cast<std::size_t>(axis.fibre_of(i))]);
    }
    return with_values(r, std::move(w));
  }
  Decomposition decompose(const Tensor& weight, DimArg dim) const override {
    ref().decompose(weight, dim);  // validates the call
    return {norm_except_dim(weight, 2, dim), weight};
  }

 private:
  // The norms along the kept axis, one per combination of the other indices.
  std::vector<double> fibre_norms(const Tensor& v, DimArg dim, std::int64_t pow) const {
    const Axis axis = axis_of(dim, v.shape());
    std::vector<std::vector<double>> fibres(static_cast<std::size_t>(axis.outer * axis.inner));
    for (std::int64_t i = 0; i < v.numel(); ++i) fibres[static_cast<std::size_t>(axis.fibre_of(i))].push_back(v[i]);
    std::vector<double> out;
    for (const auto& f : fibres) {
      const Tensor t(v.dtype(), {static_cast<std::int64_t>(f.size())}, f);
      out.push_back(ref().norm_except_dim(t, pow, kNone)[0]);
    }
    return out;
  }
};

}  // namespace

std::vector<MutantEntry> dim_mutants() {
  return {entry<WholeTensorNormForDimZero>(), entry<NoKeepdim>(),   entry<NormOverDim>(),
          entry<MinusOneIsLastDim>(),         entry<NoneIsDimZero>(), entry<NegativeDimRejected>(),
          entry<DecomposeIgnoresDim>()};
}

}  // namespace wn::mutants
