// Mutants that get memory layouts wrong (spec SHAPE-5): kernels written for
// contiguous tensors and handed a strided view. They see the buffer the
// adapter would hand a backend, not the logical values.
#include <limits>

#include "mutant_entry.hpp"
#include "wn/layout.hpp"

namespace wn::mutants {
namespace {

// What a kernel that walks `data_ptr()` for numel() elements reads: the
// buffer from the storage offset on, as if the tensor were contiguous. On a
// sliced layout that includes the gaps (NaN in the adapter's buffer); on a
// transposed one the elements come in the wrong order.
Tensor read_as_contiguous(const Tensor& t) {
  if (t.layout().contiguous() || t.numel() == 0) return t;
  const std::vector<double> buffer =
      to_buffer(t.values(), t.layout(), t.shape(), std::numeric_limits<double>::quiet_NaN());
  const auto first = buffer.begin() + t.layout().offset;
  return Tensor(t.dtype(), t.shape(), std::vector<double>(first, first + t.numel()));
}

class IgnoresStrides : public WrappedReference {
 public:
  WN_MUTANT(IgnoresStrides, WrappedReference, "ignores-strides",
            "reads every input as if it were contiguous (data_ptr walked for numel elements), whatever its strides")
  Tensor norm_except_dim(const Tensor& v, std::int64_t pow, DimArg dim) const override {
    return ref().norm_except_dim(read_as_contiguous(v), pow, dim);
  }
  Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) const override {
    return ref().weight_norm(read_as_contiguous(v), read_as_contiguous(g), dim);
  }
  Decomposition decompose(const Tensor& weight, DimArg dim) const override {
    return ref().decompose(read_as_contiguous(weight), dim);
  }
  WeightNormGradients weight_norm_backward(const Tensor& grad_w, const Tensor& v, const Tensor& g,
                                           DimArg dim) const override {
    return ref().weight_norm_backward(read_as_contiguous(grad_w), read_as_contiguous(v), read_as_contiguous(g), dim);
  }
};

}  // namespace

std::vector<MutantEntry> layout_mutants() { return {entry<IgnoresStrides>()}; }

}  // namespace wn::mutants
