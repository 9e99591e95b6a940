#include "wn/check/trajectory_tolerance.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <sstream>

namespace wn::check {

Comparison compare_trajectory(const Tensor& got, const Tensor& expected, const Tensor& initial,
                              const std::vector<double>& scale, const std::string& what) {
  if (got.shape() != expected.shape() || got.dtype() != expected.dtype()) return {false, what + ": shape or dtype differs"};
  const double u = traits(got.dtype()).unit_roundoff;
  for (std::int64_t i = 0; i < got.numel(); ++i) {
    const auto si = static_cast<std::size_t>(i);
    const double mag = std::fabs(expected[i]) + std::fabs(initial[i]) + scale[si];
    if (std::getenv("WN_MEASURE")) {  // re-measuring kTrajectoryUlps
      static double worst = 0;
      const double ratio = std::fabs(got[i] - expected[i]) / (u * mag);
      if (ratio > worst) std::fprintf(stderr, "worst difference so far: %g u\n", worst = ratio);
    }
    const double bound = kTrajectoryUlps * u * mag;
    if (!(std::fabs(got[i] - expected[i]) <= bound)) {
      std::ostringstream os;
      os << std::setprecision(17) << what << " element " << i << ": " << got[i] << " vs the reference model's "
         << expected[i] << " (allowed " << bound << " = " << kTrajectoryUlps
         << " u (|p_k| + |p_0| + scale_k), measured: wn/check/trajectory_tolerance.hpp)";
      return {false, os.str()};
    }
  }
  return {};
}

}  // namespace wn::check
