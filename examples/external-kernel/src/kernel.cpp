#include "kernel.hpp"

#include <cmath>
#include <limits>

namespace external_kernel {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// Visits the elements of slice k (every outer and inner index) in memory order.
template <class F>
void for_slice(const std::vector<float>& v, const Layout& l, std::int64_t k, F&& f) {
  for (std::int64_t o = 0; o < l.outer; ++o) {
    const float* row = v.data() + (o * l.kept + k) * l.inner;
    for (std::int64_t i = 0; i < l.inner; ++i) f(row[i]);
  }
}

// (sum |x|^p)^(1/p) in float. The elements are scaled by a power of two
// (exact) taken from the largest |x| (p > 0) or the smallest non-zero |x|
// (p < 0), so that the powers neither overflow nor underflow.
float slice_norm(const std::vector<float>& v, const Layout& l, std::int64_t k, std::int64_t p) {
  bool nan = false, inf = false, zero = false;
  float big = 0.0f, small = kInf;
  std::int64_t nonzero = 0;
  for_slice(v, l, k, [&](float x) {
    const float a = std::fabs(x);
    nan |= std::isnan(a);
    inf |= std::isinf(a);
    zero |= a == 0.0f;
    nonzero += x != 0.0f;  // NaN != 0 counts, as torch.norm(p=0) does
    if (std::isfinite(a) && a > big) big = a;
    if (a != 0.0f && a < small) small = a;
  });
  if (p == 0) return static_cast<float>(nonzero);
  if (nan) return kNaN;
  if (p > 0 && inf) return kInf;
  if (p < 0 && zero) return 0.0f;  // |0|^p is infinite: the norm is 0
  const float anchor = p > 0 ? big : small;
  if (anchor == 0.0f) return 0.0f;
  if (std::isinf(anchor)) return kInf;  // p < 0, every element infinite
  const int e = std::ilogb(anchor);
  float sum = 0.0f;
  for_slice(v, l, k, [&](float x) {
    const float a = std::ldexp(std::fabs(x), -e);
#ifdef EXTERNAL_KERNEL_WRONG
    // The plausible bug: the norm without the square root (||v||^2, not
    // ||v||), the mistake of computing g / (v . v).
    sum += p == 2 ? a * a : std::pow(a, static_cast<float>(p));
#else
    sum += p == 2 ? a * a : p == 1 ? a : std::pow(a, static_cast<float>(p));
#endif
  });
#ifdef EXTERNAL_KERNEL_WRONG
  if (p == 2) return std::ldexp(sum, 2 * e);
#endif
  const float root = p == 2 ? std::sqrt(sum) : p == 1 ? sum : std::pow(sum, 1.0f / static_cast<float>(p));
  return std::ldexp(root, e);
}

}  // namespace

std::vector<float> slice_norms(const std::vector<float>& v, const Layout& layout, std::int64_t p) {
  std::vector<float> norms(static_cast<std::size_t>(layout.kept));
  for (std::int64_t k = 0; k < layout.kept; ++k) norms[static_cast<std::size_t>(k)] = slice_norm(v, layout, k, p);
  return norms;
}

std::vector<float> weight_norm(const std::vector<float>& v, const std::vector<float>& g, const Layout& layout) {
  const std::vector<float> norms = slice_norms(v, layout, 2);
  std::vector<float> w(v.size());
  for (std::int64_t o = 0; o < layout.outer; ++o) {
    for (std::int64_t k = 0; k < layout.kept; ++k) {
      // g / ||v|| once per slice, then one multiplication per element.
      const float scale = g[static_cast<std::size_t>(k)] / norms[static_cast<std::size_t>(k)];
      const std::int64_t base = (o * layout.kept + k) * layout.inner;
      for (std::int64_t i = 0; i < layout.inner; ++i) {
        w[static_cast<std::size_t>(base + i)] = v[static_cast<std::size_t>(base + i)] * scale;
      }
    }
  }
  return w;
}

}  // namespace external_kernel
