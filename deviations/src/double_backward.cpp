#include "wn/deviations/double_backward.hpp"

#include <cmath>

#include "slice_of.hpp"
#include "wn/dtype.hpp"

namespace wn::deviations {

Tensor fused_double_backward_grad_v(const Tensor& grad_w, const Tensor& v, const Tensor& g, DimArg dim,
                                    const Tensor& dv, const Tensor& dg) {
  using Ld = long double;
  const SliceLayout layout = slice_layout(v.shape(), dim);
  const auto count = static_cast<std::size_t>(layout.count);
  std::vector<Ld> r(count), a(count), rho(count);
  for (std::int64_t i = 0; i < v.numel(); ++i) {
    const auto j = static_cast<std::size_t>(layout.slice_of(i));
    r[j] += Ld(v[i]) * v[i];
    a[j] += Ld(grad_w[i]) * v[i];
    rho[j] += Ld(v[i]) * dv[i];
  }
  std::vector<double> out(static_cast<std::size_t>(v.numel()));
  for (std::int64_t i = 0; i < v.numel(); ++i) {
    const std::int64_t s = layout.slice_of(i);
    const auto j = static_cast<std::size_t>(s);
    const Ld rj = std::sqrt(r[j]), r3 = rj * rj * rj;
    const Ld gj = g[s], dgj = dg[s];
    out[static_cast<std::size_t>(i)] =
        round_to_dtype((dgj / rj - gj * rho[j] / r3) * grad_w[i] - gj * a[j] / r3 * dv[i], v.dtype());
  }
  return Tensor(v.dtype(), v.shape(), std::move(out));
}

}  // namespace wn::deviations
