#include "wn/deviations/empty_tensors.hpp"

#include <csignal>
#include <limits>

#include "wn/deviations/paths.hpp"

namespace wn::deviations {

namespace {
EmptyOutcome raises_reshape() {
  EmptyOutcome o;
  o.kind = EmptyOutcome::Kind::Raises;
  o.message = "cannot reshape tensor of 0 elements";
  return o;
}
EmptyOutcome returns(Shape shape) {
  EmptyOutcome o;
  o.shape = std::move(shape);
  o.deviation = "DEV-3";
  return o;
}
}  // namespace

EmptyOutcome empty_norm_except_dim(const Shape& v_shape, DimArg dim) {
  const ResolvedDim rd = resolve_dim(dim, v_shape, "empty_norm_except_dim");
  if (rd.whole) return returns({});
  if (kept_size(v_shape, dim) == 0) return raises_reshape();
  return returns(norm_shape(rd, v_shape));
}

EmptyOutcome empty_weight_norm(const Shape& v_shape, DimArg dim) {
  const std::int64_t kept = kept_size(v_shape, dim);
  if (takes_fused_path(v_shape, dim) && kept == 0) {
    EmptyOutcome o;
    o.kind = EmptyOutcome::Kind::Crashes;
    o.signal = SIGFPE;
    o.deviation = "DEV-6";
    return o;
  }
  if (!takes_fused_path(v_shape, dim) && !resolve_dim(dim, v_shape, "empty_weight_norm").whole && kept == 0) {
    return raises_reshape();
  }
  return returns(v_shape);
}

EmptyOutcome empty_weight_norm_backward(const Shape& v_shape, DimArg dim) {
  EmptyOutcome o = empty_weight_norm(v_shape, dim);
  if (o.kind == EmptyOutcome::Kind::Returns) {
    o.shape = norm_shape(resolve_dim(dim, v_shape, "empty_weight_norm_backward"), v_shape);
    o.fill = std::numeric_limits<double>::quiet_NaN();
  }
  return o;
}

EmptyOutcome empty_decompose(const Shape& v_shape, DimArg dim) { return empty_norm_except_dim(v_shape, dim); }

}  // namespace wn::deviations
