#include "wn/weight_norm.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "checks.hpp"
#include "slices.hpp"
#include "wn/errors.hpp"
#include "wn/norm_except_dim.hpp"

namespace wn {

void check_g_matches(const Tensor& v, const Tensor& g, DimArg dim, const std::string& function) {
  if (g.dtype() != v.dtype()) {
    throw InvalidArgument(function, "g", "of dtype " + to_string(g.dtype()),
                          "v's dtype " + to_string(v.dtype()));
  }
  check_g_shape(v, g, dim, function);
}

void check_g_shape(const Tensor& v, const Tensor& g, DimArg dim, const std::string& function) {
  const ResolvedDim rd = resolve_dim(dim, v.shape(), function);
  const Shape k = keepdim_norm_shape(rd, v.shape());
  bool ok = g.rank() <= static_cast<std::int64_t>(k.size()) && g.numel() == numel(k);
  // Right-aligned, as broadcasting lines shapes up: each size of g must be
  // the norm's size there, or 1.
  for (std::size_t i = 0; ok && i < g.shape().size(); ++i) {
    const std::int64_t gs = g.shape()[g.shape().size() - 1 - i];
    const std::int64_t ks = k[k.size() - 1 - i];
    ok = gs == ks || gs == 1;
  }
  if (!ok) {
    throw InvalidArgument(function, "g", "of shape " + to_string(g.shape()),
                          "shape " + to_string(k) +
                              " (or one that broadcasts to it with as many elements) for v of shape " +
                              to_string(v.shape()) + " and dim " + to_string(dim));
  }
}

namespace {

// One slice's factor g / ||v||, in long double and as a pair of doubles
// hi + lo holding the same 64 bits.
struct SliceScale {
  long double exact;
  double hi, lo;
  bool fast;  ///< hi is a normal double far from overflow: the double path is safe

  // s = g / ||v|| for the slice's g. The double path also needs |g| <=
  // 2^1023: every product v * s has magnitude |g| |v| / ||v|| <= |g| (up to
  // the factor's rounding), but one at the largest finite double rounds to
  // inf in double, and fma's residual is then -inf: inf - inf = NaN where
  // the weight is finite. Such slices take the long double path (15-bit
  // exponent).
  static SliceScale of(long double s, double g) {
    SliceScale r{s, static_cast<double>(s), 0.0, false};
    r.lo = static_cast<double>(s - static_cast<long double>(r.hi));
    const double a = std::fabs(r.hi);
    r.fast = std::isfinite(r.hi) && std::isfinite(r.lo) && a >= 0x1p-960 && a <= 0x1p960 && std::fabs(g) <= 0x1p1023;
    return r;
  }
};

// v * s rounded once to dtype. float32: v * hi in double carries 2^-52
// relative error at most, then one rounding to float (0.5 ulp + 2^-28);
// float16 and bfloat16 the same, within 0.5 ulp + 2^-41 and 2^-44.
// float64: the exact product v * hi as p + e (fma), plus v * lo, rounded
// once (0.5 ulp + about 2^-10, from the 64-bit factor). Factors outside the
// safe range (a slice of subnormals, g = 0, NaN, infinity) take the long
// double path.
inline double scaled(double v, const SliceScale& s, DType dtype) {
  if (!s.fast) return round_to_dtype(static_cast<long double>(v) * s.exact, dtype);
  const double p = v * s.hi;
  switch (dtype) {
    case DType::Float32: return static_cast<double>(static_cast<float>(p));
    case DType::Float16:
    case DType::BFloat16: return round_to_dtype(p, dtype);
    case DType::Float64: break;
  }
  const double e = std::fma(v, s.hi, -p);
  // |e + v * lo| is below an ulp of p, so p + (e + v * lo) has p's sign;
  // copysign keeps it for zeros too (v = -0 would otherwise give +0).
  return std::copysign(p + (e + v * s.lo), p);
}

// The loops below over native storage: In is the input's element type
// (float for float32, double otherwise: 16-bit values arrive decoded) and Out
// the result's (the same). Inline templates, instantiated inside the
// WN_FMA_CLONES wrappers further down so each clone gets its own copy.
template <class In, class Out>
[[gnu::always_inline]] inline void scale_run_any(const In* v, std::int64_t n, const SliceScale& s, DType dtype, Out* w) {
  if (!s.fast) {
    for (std::int64_t j = 0; j < n; ++j) w[j] = static_cast<Out>(scaled(static_cast<double>(v[j]), s, dtype));
    return;
  }
  switch (dtype) {
    case DType::Float32:
      for (std::int64_t j = 0; j < n; ++j) w[j] = static_cast<Out>(static_cast<float>(static_cast<double>(v[j]) * s.hi));
      return;
    case DType::Float16:
    case DType::BFloat16:
      for (std::int64_t j = 0; j < n; ++j) w[j] = static_cast<Out>(round_to_dtype(static_cast<double>(v[j]) * s.hi, dtype));
      return;
    case DType::Float64:
      for (std::int64_t j = 0; j < n; ++j) {
        const double x = static_cast<double>(v[j]);
        const double p = x * s.hi;
        const double e = std::fma(x, s.hi, -p);
        w[j] = static_cast<Out>(std::copysign(p + (e + x * s.lo), p));
      }
      return;
  }
}

// w[i] = v[i] * s[i]: a row of a tensor whose last dim is kept.
template <class In, class Out>
[[gnu::always_inline]] inline void scale_elementwise_any(const In* v, std::int64_t n, const SliceScale* s, DType dtype, Out* w) {
  for (std::int64_t i = 0; i < n; ++i) w[i] = static_cast<Out>(scaled(static_cast<double>(v[i]), s[i], dtype));
}

// The same when every factor is on the fast path, from the factors' hi and
// lo parts as arrays: the loop of scale_run with one factor per element,
// which vectorises (the per-element SliceScale did not, and was most of the
// time of a last-dim weight_norm).
template <class In, class Out>
[[gnu::always_inline]] inline void scale_elementwise_fast_any(const In* v, std::int64_t n, const double* hi, const double* lo, DType dtype,
                                       Out* w) {
  switch (dtype) {
    case DType::Float32:
      for (std::int64_t j = 0; j < n; ++j) w[j] = static_cast<Out>(static_cast<float>(static_cast<double>(v[j]) * hi[j]));
      return;
    case DType::Float16:
    case DType::BFloat16:
      for (std::int64_t j = 0; j < n; ++j) w[j] = static_cast<Out>(round_to_dtype(static_cast<double>(v[j]) * hi[j], dtype));
      return;
    case DType::Float64:
      for (std::int64_t j = 0; j < n; ++j) {
        const double x = static_cast<double>(v[j]);
        const double p = x * hi[j];
        const double e = std::fma(x, hi[j], -p);
        w[j] = static_cast<Out>(std::copysign(p + (e + x * lo[j]), p));
      }
      return;
  }
}

WN_FMA_CLONES
void scale_run(const double* v, std::int64_t n, const SliceScale& s, DType dtype, double* w) {
  scale_run_any(v, n, s, dtype, w);
}
WN_FMA_CLONES
void scale_run(const float* v, std::int64_t n, const SliceScale& s, DType dtype, float* w) {
  scale_run_any(v, n, s, dtype, w);
}
WN_FMA_CLONES
void scale_elementwise(const double* v, std::int64_t n, const SliceScale* s, DType dtype, double* w) {
  scale_elementwise_any(v, n, s, dtype, w);
}
WN_FMA_CLONES
void scale_elementwise(const float* v, std::int64_t n, const SliceScale* s, DType dtype, float* w) {
  scale_elementwise_any(v, n, s, dtype, w);
}
WN_FMA_CLONES
void scale_elementwise_fast(const double* v, std::int64_t n, const double* hi, const double* lo, DType dtype,
                            double* w) {
  scale_elementwise_fast_any(v, n, hi, lo, dtype, w);
}
WN_FMA_CLONES
void scale_elementwise_fast(const float* v, std::int64_t n, const double* hi, const double* lo, DType dtype,
                            float* w) {
  scale_elementwise_fast_any(v, n, hi, lo, dtype, w);
}

}  // namespace

Tensor weight_norm(const Tensor& v, const Tensor& g, DimArg dim) {
  const std::string fn = "weight_norm";
  detail::require_elements(v, fn, "v");
  detail::require_rank_at_least_1(v, fn, "v");
  const ResolvedDim rd = resolve_dim(dim, v.shape(), fn);
  check_g_matches(v, g, dim, fn);
  const detail::Slicing slicing(rd, v.shape());
  // float32's norms from blocks of squares summed in plain double: within
  // 2^-46 relative, which moves a float32 weight by 2^-22 ulp at most
  // (TOL-2 allows 1 ulp), for a fifth of the double-double's work.
  const std::vector<detail::SliceNorm> norms =
      detail::euclidean_slice_norms(v, slicing, detail::SumOfSquares::kFloat32Blocks);
  // g / ||v|| once per slice in long double, then one product per element,
  // rounded once (TOL-2). 0 / 0 gives NaN for a zero slice (EDGE-1): g / 0 is
  // infinite (or NaN) and 0 * inf is NaN.
  std::vector<SliceScale> scales;
  scales.reserve(norms.size());
  for (std::size_t i = 0; i < norms.size(); ++i) {
    const double gi = g[static_cast<std::int64_t>(i)];
    scales.push_back(SliceScale::of(static_cast<long double>(gi) / norms[i].value(), gi));
  }
  std::vector<double> hi, lo;
  bool all_fast = true;
  if (slicing.inner == 1) {
    for (const SliceScale& sc : scales) {
      hi.push_back(sc.hi);
      lo.push_back(sc.lo);
      all_fast = all_fast && sc.fast;
    }
  }
  // Written straight into storage that was not zero-filled (NativeBuffer):
  // at 10^6 elements a zero fill, or a copy from a small buffer, was a
  // whole extra pass over the result (benchmarks/README.md). Read and
  // written in the native storage (float for float32).
  const DType dtype = v.dtype();
  auto scale_all = [&](const auto* data, auto* w) {
    for (std::int64_t o = 0; o < slicing.outer; ++o) {
      const std::int64_t row = o * slicing.size * slicing.inner;
      if (slicing.inner == 1 && all_fast) {
        scale_elementwise_fast(data + row, slicing.size, hi.data(), lo.data(), dtype, w + row);
      } else if (slicing.inner == 1) {
        scale_elementwise(data + row, slicing.size, scales.data(), dtype, w + row);
      } else {
        for (std::int64_t i = 0; i < slicing.size; ++i) {
          const std::int64_t start = row + i * slicing.inner;
          scale_run(data + start, slicing.inner, scales[static_cast<std::size_t>(i)], dtype, w + start);
        }
      }
    }
  };
  const auto n = static_cast<std::size_t>(v.numel());
  switch (dtype) {
    case DType::Float32: {
      NativeBuffer<float> w(n);
      scale_all(v.data<float>(), w.data());
      return Tensor::native(v.shape(), std::move(w));
    }
    case DType::Float64: {
      NativeBuffer<double> w(n);
      scale_all(v.data<double>(), w.data());
      return Tensor::native(v.shape(), std::move(w));
    }
    case DType::Float16:
    case DType::BFloat16: break;
  }
  // 16-bit (not a speed path): v decoded here and once more for the norms;
  // each result is already rounded to the dtype, so storing it is exact.
  const std::vector<double> decoded = v.values();
  NativeBuffer<double> w(n);
  scale_all(decoded.data(), w.data());
  return Tensor::rounded(dtype, v.shape(), std::move(w));
}

Decomposition decompose(const Tensor& weight, DimArg dim) {
  const std::string fn = "decompose";
  detail::require_elements(weight, fn, "weight");
  detail::require_rank_at_least_1(weight, fn, "weight");
  resolve_dim(dim, weight.shape(), fn);  // so a bad dim is reported as decompose's
  return Decomposition{norm_except_dim(weight, 2, dim), weight};
}

Tensor remove(const Decomposition& parameters, DimArg dim) {
  return weight_norm(parameters.v, parameters.g, dim);
}

}  // namespace wn
