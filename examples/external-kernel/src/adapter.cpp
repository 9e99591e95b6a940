#include "adapter.hpp"

#include "kernel.hpp"
#include "wn/errors.hpp"
#include "wn/weight_norm.hpp"

namespace external_kernel {
namespace {

// The kernel's row-major layout for the slices of `shape` along `dim`.
Layout layout_of(const wn::ResolvedDim& dim, const wn::Shape& shape) {
  Layout l;
  if (dim.whole) {
    for (auto s : shape) l.inner *= s;
    return l;
  }
  for (std::int64_t d = 0; d < static_cast<std::int64_t>(shape.size()); ++d) {
    const std::int64_t s = shape[static_cast<std::size_t>(d)];
    if (d < dim.axis) l.outer *= s;
    else if (d == dim.axis) l.kept = s;
    else l.inner *= s;
  }
  return l;
}

std::vector<float> to_floats(const wn::Tensor& t) {
  const std::vector<double> values = t.values();
  return std::vector<float>(values.begin(), values.end());
}

wn::Tensor from_floats(wn::Shape shape, const std::vector<float>& values) {
  return wn::Tensor(wn::DType::Float32, std::move(shape), std::vector<double>(values.begin(), values.end()));
}

// The spec's argument checks (ERR-1 .. ERR-4), the reference's own public
// ones, so that the kernel rejects exactly what LibTorch must reject. The
// kernel itself assumes valid input.
wn::ResolvedDim checked_dim(const wn::Tensor& v, wn::DimArg dim, const std::string& function) {
  const wn::ResolvedDim resolved = wn::resolve_dim(dim, v.shape(), function);  // ERR-1
  if (v.numel() == 0) {                                                      // ERR-2
    throw wn::InvalidArgument(function, "v", "a tensor with no elements", "at least one element");
  }
  return resolved;
}

void check_not_0d(const wn::Tensor& v, const std::string& function) {  // ERR-3
  if (v.rank() == 0) throw wn::InvalidArgument(function, "v", "a 0-d tensor", "rank at least 1");
}

}  // namespace

std::string Adapter::version() const {
#ifdef EXTERNAL_KERNEL_WRONG
  return "external kernel 0.1 (float32, WRONG variant: ||v||^2 for ||v||)";
#else
  return "external kernel 0.1 (float32)";
#endif
}

wn::Capabilities Adapter::capabilities() const {
  wn::Capabilities caps;
  caps.dtypes = {wn::DType::Float32};
  return caps;  // gradients, second derivatives, training: false
}

wn::Tensor Adapter::norm_except_dim(const wn::Tensor& v, std::int64_t pow, wn::DimArg dim) const {
  const wn::ResolvedDim d = checked_dim(v, dim, "norm_except_dim");
  return from_floats(wn::norm_shape(d, v.shape()), slice_norms(to_floats(v), layout_of(d, v.shape()), pow));
}

wn::Tensor Adapter::weight_norm(const wn::Tensor& v, const wn::Tensor& g, wn::DimArg dim) const {
  check_not_0d(v, "weight_norm");
  const wn::ResolvedDim d = checked_dim(v, dim, "weight_norm");
  wn::check_g_matches(v, g, dim, "weight_norm");  // ERR-4, SHAPE-3
  return from_floats(v.shape(), external_kernel::weight_norm(to_floats(v), to_floats(g), layout_of(d, v.shape())));
}

wn::Decomposition Adapter::decompose(const wn::Tensor& weight, wn::DimArg dim) const {
  check_not_0d(weight, "decompose");
  const wn::ResolvedDim d = checked_dim(weight, dim, "decompose");
  // g = norm_except_dim(weight, 2, dim), v = the weight itself (DEC-1).
  const std::vector<float> g = slice_norms(to_floats(weight), layout_of(d, weight.shape()), 2);
  return {from_floats(wn::norm_shape(d, weight.shape()), g), weight};
}

wn::Tensor Adapter::remove(const wn::Decomposition& parameters, wn::DimArg dim) const {
  // remove_weight_norm recomputes the weight from the current (g, v).
  return weight_norm(parameters.v, parameters.g, dim);
}

// [register]
void register_adapter() {
  wn::register_implementation("external-kernel", [] { return std::make_unique<Adapter>(); });
}
// [register]

}  // namespace external_kernel
