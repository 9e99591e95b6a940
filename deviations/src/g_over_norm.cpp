#include "wn/deviations/g_over_norm.hpp"

#include <algorithm>
#include <cmath>

#include "wn/deviations/norm_overflow.hpp"

namespace wn::deviations {

bool GOverNormModel::any_in_domain() const { return std::find(in_domain.begin(), in_domain.end(), true) != in_domain.end(); }

GOverNormModel g_over_norm_model(const Tensor& v, const Tensor& g, DimArg dim, const Tensor& norm,
                                 const Tensor& spec_weight) {
  GOverNormModel m{weight_model(v, g, dim, norm), std::vector<bool>(static_cast<std::size_t>(v.numel()), false)};
  for (std::int64_t i = 0; i < v.numel(); ++i) {
    m.in_domain[static_cast<std::size_t>(i)] = std::isfinite(spec_weight[i]) && !std::isfinite(m.weight[i]);
  }
  return m;
}

}  // namespace wn::deviations
