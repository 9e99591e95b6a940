#include "generators.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <limits>
#include <ostream>

#include "layout_generators.hpp"

namespace wn::testing {

const std::vector<Regime>& all_regimes() {
  static const std::vector<Regime> regimes{Regime::Ordinary, Regime::WideExponent, Regime::SmallIntegers,
                                           Regime::MixedSigns};
  return regimes;
}

std::string to_string(Regime regime) {
  switch (regime) {
    case Regime::Ordinary: return "ordinary";
    case Regime::WideExponent: return "wide-exponent";
    case Regime::SmallIntegers: return "small-integers";
    case Regime::MixedSigns: return "mixed-signs";
  }
  return "?";
}

rc::Gen<int> gen_rank(int min_rank, int max_rank) { return rc::gen::inRange(min_rank, max_rank + 1); }

rc::Gen<Shape> gen_shape(int rank) {
  // Longer dimensions where the rank leaves room, so that slices of a few
  // hundred elements (and accumulated rounding error) are covered too.
  static const int long_size[] = {1, 300, 40, 12, 6, 4, 3};
  const int longest = long_size[rank < 6 ? rank : 6];
  const auto size = rc::gen::weightedOneOf<std::int64_t>({
      {7, rc::gen::inRange<std::int64_t>(1, 5)},
      {2, rc::gen::inRange<std::int64_t>(1, longest + 1)},
  });
  return rc::gen::container<Shape>(static_cast<std::size_t>(rank), size);
}

rc::Gen<DimArg> gen_dim(int rank) {
  if (rank == 0) return rc::gen::element<DimArg>(kNone, DimArg{-1});
  return rc::gen::oneOf(rc::gen::element<DimArg>(kNone, DimArg{-1}), gen_kept_dim(rank));
}

rc::Gen<DimArg> gen_kept_dim(int rank) {
  const auto positive = rc::gen::map(rc::gen::inRange(0, rank), [](int d) { return DimArg{d}; });
  if (rank < 2) return positive;
  // [-rank, -2]: -1 is not "the last dim" (DIM-3), so it is not generated here.
  const auto negative = rc::gen::map(rc::gen::inRange(-rank, -1), [](int d) { return DimArg{d}; });
  return rc::gen::oneOf(positive, negative);
}

rc::Gen<DType> gen_dtype() { return rc::gen::elementOf(full_precision_dtypes()); }

namespace {
// An integer in [-max_abs, max_abs] that shrinks towards 0 (then 1, -1, 2, ...),
// where inRange(-m, m + 1) would shrink towards -m.
rc::Gen<int> gen_zigzag(int max_abs) {
  return rc::gen::map(rc::gen::inRange(0, 2 * max_abs + 1), [](int k) { return k % 2 ? (k + 1) / 2 : -(k / 2); });
}

// sign * (1 + f / 2^52) * 2^e, rounded to dtype, e in [-max_exp, max_exp].
// Shrinks to f = 0, e = 0: 1.0.
rc::Gen<double> gen_scaled(DType dtype, int max_exp) {
  return rc::gen::apply(
      [dtype](bool negative, std::int64_t fraction, int exponent) {
        const double x = std::ldexp(1.0 + std::ldexp(static_cast<double>(fraction), -52), exponent);
        return round_to_dtype(negative ? -x : x, dtype);
      },
      rc::gen::arbitrary<bool>(), rc::gen::inRange<std::int64_t>(0, std::int64_t{1} << 52), gen_zigzag(max_exp));
}
}  // namespace

rc::Gen<double> gen_value(DType dtype, Regime regime) {
  switch (regime) {
    case Regime::Ordinary: return gen_scaled(dtype, 3);
    case Regime::WideExponent: {
      // Squares must stay normal and a few hundred of them must not
      // overflow: |x| within 2^±60 for float32 and bfloat16 (squares within
      // 2^±120 of the 2^±126 limits), 2^±480 for float64, 2^±3 for float16
      // (squares within 2^±6; 2^8 of them stay below 2^16).
      const int e = [dtype] {
        switch (dtype) {
          case DType::Float32:
          case DType::BFloat16: return 60;
          case DType::Float64: return 480;
          case DType::Float16: return 3;
        }
        return 3;
      }();
      return gen_scaled(dtype, e);
    }
    case Regime::SmallIntegers:
      return rc::gen::map(gen_zigzag(8), [](int i) { return static_cast<double>(i); });
    case Regime::MixedSigns:
      return rc::gen::weightedOneOf<double>({{9, gen_scaled(dtype, 10)}, {1, rc::gen::just(0.0)}});
  }
  return rc::gen::just(1.0);
}

rc::Gen<double> gen_g_value(DType dtype) { return gen_scaled(dtype, 2); }

const std::vector<IeeeClass>& all_ieee_classes() {
  static const std::vector<IeeeClass> all{IeeeClass::PositiveZero, IeeeClass::NegativeZero, IeeeClass::Subnormal,
                                          IeeeClass::Ordinary,     IeeeClass::LargestFinite, IeeeClass::Infinity,
                                          IeeeClass::NotANumber};
  return all;
}

std::string to_string(IeeeClass c) {
  switch (c) {
    case IeeeClass::PositiveZero: return "+0";
    case IeeeClass::NegativeZero: return "-0";
    case IeeeClass::Subnormal: return "subnormal";
    case IeeeClass::Ordinary: return "ordinary";
    case IeeeClass::LargestFinite: return "largest finite";
    case IeeeClass::Infinity: return "infinity";
    case IeeeClass::NotANumber: return "NaN";
  }
  return "?";
}

IeeeClass ieee_class_of(double x, DType dtype) {
  const auto& t = traits(dtype);
  if (std::isnan(x)) return IeeeClass::NotANumber;
  if (std::isinf(x)) return IeeeClass::Infinity;
  if (x == 0.0) return std::signbit(x) ? IeeeClass::NegativeZero : IeeeClass::PositiveZero;
  if (std::fabs(x) < t.min_normal) return IeeeClass::Subnormal;
  if (std::fabs(x) >= t.max_finite * (1.0 - 8.0 * t.unit_roundoff)) return IeeeClass::LargestFinite;
  return IeeeClass::Ordinary;
}

rc::Gen<double> gen_ieee_value(DType dtype, IeeeClass c) {
  const auto& t = traits(dtype);
  const auto signed_value = [](rc::Gen<double> magnitude) {
    return rc::gen::map(rc::gen::pair(magnitude, rc::gen::arbitrary<bool>()),
                        [](const std::pair<double, bool>& p) { return p.second ? -p.first : p.first; });
  };
  switch (c) {
    case IeeeClass::PositiveZero: return rc::gen::just(0.0);
    case IeeeClass::NegativeZero: return rc::gen::just(-0.0);
    case IeeeClass::Subnormal:
      // k smallest subnormals, k in [1, 2^(p-1)): the whole subnormal range, exactly representable.
      return signed_value(rc::gen::map(rc::gen::inRange<std::int64_t>(1, std::int64_t{1} << (t.mantissa_bits - 1)),
                                       [m = t.min_subnormal](std::int64_t k) { return static_cast<double>(k) * m; }));
    case IeeeClass::Ordinary: return gen_scaled(dtype, 2);
    case IeeeClass::LargestFinite:
      // max_finite and the next three values of the dtype below it.
      // The top binade's spacing is 2^(e_max - p + 1), so these are exact.
      return signed_value(rc::gen::map(rc::gen::inRange(0, 4), [t](int k) {
        const double spacing = std::ldexp(1.0, std::ilogb(t.max_finite) - t.mantissa_bits + 1);
        return t.max_finite - k * spacing;
      }));
    case IeeeClass::Infinity: return signed_value(rc::gen::just(std::numeric_limits<double>::infinity()));
    case IeeeClass::NotANumber: return rc::gen::just(std::numeric_limits<double>::quiet_NaN());
  }
  return rc::gen::just(1.0);
}

rc::Gen<double> gen_any_ieee_value(DType dtype) {
  return rc::gen::mapcat(rc::gen::elementOf(all_ieee_classes()),
                         [dtype](IeeeClass c) { return gen_ieee_value(dtype, c); });
}

rc::Gen<Tensor> gen_tensor(DType dtype, const Shape& shape, Regime regime) {
  return rc::gen::map(rc::gen::container<std::vector<double>>(static_cast<std::size_t>(numel(shape)),
                                                              gen_value(dtype, regime)),
                      [dtype, shape](std::vector<double> values) { return Tensor(dtype, shape, std::move(values)); });
}

Tensor without_zero_slices(const Tensor& v, DimArg dim) {
  const ResolvedDim rd = resolve_dim(dim, v.shape(), "without_zero_slices");
  std::int64_t inner = v.numel(), size = 1;
  if (!rd.whole) {
    size = v.size(rd.axis);
    inner = 1;
    for (std::int64_t d = rd.axis + 1; d < v.rank(); ++d) inner *= v.size(d);
  }
  std::vector<double> values = v.values();
  std::vector<bool> nonzero(static_cast<std::size_t>(size), false);
  std::vector<std::int64_t> first(static_cast<std::size_t>(size), -1);
  for (std::int64_t i = 0; i < v.numel(); ++i) {
    const auto s = static_cast<std::size_t>((i / inner) % size);
    if (first[s] < 0) first[s] = i;
    if (values[static_cast<std::size_t>(i)] != 0.0) nonzero[s] = true;
  }
  for (std::size_t s = 0; s < nonzero.size(); ++s) {
    if (!nonzero[s]) values[static_cast<std::size_t>(first[s])] = 1.0;
  }
  return Tensor(v.dtype(), v.shape(), std::move(values));
}

namespace {
// The Case of generated values: v without zero slices (Case's invariant), g of g_shape.
Case make_case(DType dtype, Regime regime, DimArg dim, const Tensor& v, const Shape& g_shape,
               const std::vector<double>& g) {
  Case c;
  c.dtype = dtype;
  c.regime = regime;
  c.dim = dim;
  c.v = without_zero_slices(v, dim);
  c.g = Tensor(dtype, g_shape, g);
  return c;
}

// `c` with generated memory layouts for v and g (spec SHAPE-5).
rc::Gen<Case> with_layouts(const Case& c) {
  return rc::gen::map(rc::gen::pair(gen_layout(c.v.shape()), gen_layout(c.g.shape())),
                      [c](const std::pair<Layout, Layout>& l) {
                        Case out = c;
                        out.v = c.v.with_layout(l.first);
                        out.g = c.g.with_layout(l.second);
                        return out;
                      });
}
}  // namespace

rc::Gen<Case> gen_case(CaseOptions options) {
  return rc::gen::mapcat(gen_contiguous_case(options), with_layouts);
}

rc::Gen<Case> gen_contiguous_case(CaseOptions options) {
  return rc::gen::mapcat(
      rc::gen::tuple(rc::gen::elementOf(options.dtypes), rc::gen::elementOf(all_regimes()),
                     gen_rank(options.min_rank, options.max_rank)),
      [options](const std::tuple<DType, Regime, int>& head) {
        const auto [dtype, regime, rank] = head;
        return rc::gen::mapcat(
            rc::gen::pair(gen_shape(rank), options.kept_dim_only ? gen_kept_dim(rank) : gen_dim(rank)),
            [dtype = dtype, regime = regime](const std::pair<Shape, DimArg>& sd) {
              const auto& [shape, dim] = sd;
              const Shape g_shape = norm_shape(resolve_dim(dim, shape, "gen_case"), shape);
              return rc::gen::map(
                  rc::gen::pair(gen_tensor(dtype, shape, regime),
                                rc::gen::container<std::vector<double>>(static_cast<std::size_t>(numel(g_shape)),
                                                                        gen_g_value(dtype))),
                  // Captured by name: C++17 cannot capture a structured binding (clang refuses it).
                  [dtype, regime, dim = DimArg(dim), g_shape](const std::pair<Tensor, std::vector<double>>& vg) {
                    return make_case(dtype, regime, dim, vg.first, g_shape, vg.second);
                  });
            });
      });
}

rc::Gen<double> gen_ieee_value_among(DType dtype, std::vector<IeeeClass> classes) {
  return rc::gen::mapcat(rc::gen::elementOf(std::move(classes)),
                         [dtype](IeeeClass c) { return gen_ieee_value(dtype, c); });
}

rc::Gen<Tensor> with_special_values(const Tensor& t, int every, std::vector<IeeeClass> classes) {
  const auto replacement = rc::gen::pair(rc::gen::inRange(0, every), gen_ieee_value_among(t.dtype(), std::move(classes)));
  return rc::gen::map(rc::gen::container<std::vector<std::pair<int, double>>>(t.values().size(), replacement),
                      [t](const std::vector<std::pair<int, double>>& r) {
                        std::vector<double> values = t.values();
                        for (std::size_t i = 0; i < values.size(); ++i) {
                          if (r[i].first == 0) values[i] = r[i].second;
                        }
                        return Tensor(t.dtype(), t.shape(), values).with_layout(t.layout());
                      });
}

CaseOptions reduced_precision_options(CaseOptions options) {
  options.dtypes = reduced_precision_dtypes();
  return options;
}

rc::Gen<Case> gen_special_g_case(CaseOptions options) {
  return rc::gen::mapcat(gen_case(std::move(options)), [](const Case& c) {
    return rc::gen::map(with_special_values(c.g, 2), [c](Tensor g) {
      Case out = c;
      out.g = std::move(g);
      return out;
    });
  });
}

rc::Gen<Case> gen_special_v_case() {
  return rc::gen::mapcat(gen_case(), [](const Case& c) {
    return rc::gen::map(with_special_values(c.v, 4), [c](Tensor v) {
      Case out = c;
      out.v = std::move(v);
      return out;
    });
  });
}

const std::vector<SlicePosition>& all_slice_positions() {
  static const std::vector<SlicePosition> all{SlicePosition::DimZero, SlicePosition::LastDim,
                                              SlicePosition::MiddleDim, SlicePosition::WholeTensor};
  return all;
}

std::int64_t max_slice_from_environment() {
  const char* text = std::getenv("WN_MAX_SLICE");
  if (text == nullptr || *text == '\0') return kDefaultMaxSlice;
  char* end = nullptr;
  const long long n = std::strtoll(text, &end, 10);
  // 10^7 doubles is 80 MB per tensor: the limit keeps a typo from eating memory.
  if (*end != '\0' || n < 1 || n > 10'000'000)
    throw std::invalid_argument("WN_MAX_SLICE='" + std::string(text) + "': expected an integer in [1, 10000000]");
  return n;
}

rc::Gen<Tensor> gen_seeded_tensor(DType dtype, Shape shape, Regime regime) {
  return rc::gen::map(rc::gen::arbitrary<std::uint64_t>(), [dtype, shape = std::move(shape), regime](std::uint64_t seed) {
    const rc::Gen<double> value = gen_value(dtype, regime);
    rc::Random random(seed);
    std::vector<double> values(static_cast<std::size_t>(numel(shape)));
    for (double& x : values) {
      rc::Random r = random.split();
      // At full size: at size 0 gen_value gives its shrink target (±1, a
      // few values), which made every long slice a sum of equal squares.
      x = value(r, rc::kNominalSize).value();
    }
    return Tensor(dtype, shape, std::move(values));
  });
}

namespace {
// L = round(max^u), u uniform in [0, 1] on a grid of 2^20 steps: log-uniform,
// shrinking (u -> 0) towards L = 1.
rc::Gen<std::int64_t> gen_log_uniform_length(std::int64_t max_slice) {
  constexpr int kSteps = 1 << 20;
  // At full size whatever the run's size: RapidCheck scales inRange with the
  // size (0 .. 100 over a run), which would keep most lengths short; the
  // length is what shrinks.
  return rc::gen::map(rc::gen::resize(rc::kNominalSize, rc::gen::inRange(0, kSteps + 1)), [max_slice](int step) {
    const double u = static_cast<double>(step) / kSteps;
    const auto n = static_cast<std::int64_t>(std::llround(std::pow(static_cast<double>(max_slice), u)));
    return std::clamp<std::int64_t>(n, 1, max_slice);
  });
}

Shape long_slice_shape(SlicePosition p, std::int64_t length, std::int64_t slices, std::int64_t split) {
  switch (p) {
    case SlicePosition::DimZero: return {slices, length};
    case SlicePosition::LastDim: return {length, slices};
    case SlicePosition::MiddleDim: {
      // [a, k, b] with a * b = length exactly: a is the largest divisor of
      // length not above `split`.
      std::int64_t a = std::clamp<std::int64_t>(split, 1, length);
      while (length % a != 0) --a;
      return {a, slices, length / a};
    }
    case SlicePosition::WholeTensor: return {length};
  }
  return {length};
}

DimArg long_slice_dim(SlicePosition p) {
  switch (p) {
    case SlicePosition::DimZero: return DimArg{0};
    case SlicePosition::LastDim: return DimArg{1};
    case SlicePosition::MiddleDim: return DimArg{1};
    case SlicePosition::WholeTensor: return kNone;
  }
  return kNone;
}
}  // namespace

rc::Gen<Case> gen_long_slice_case(std::int64_t max_slice) {
  return rc::gen::mapcat(gen_contiguous_long_slice_case(max_slice), with_layouts);
}

rc::Gen<Case> gen_contiguous_long_slice_case(std::int64_t max_slice) {
  const auto finite_sum_regime = rc::gen::element(Regime::Ordinary, Regime::SmallIntegers, Regime::MixedSigns);
  return rc::gen::mapcat(
      rc::gen::tuple(gen_dtype(), finite_sum_regime, rc::gen::elementOf(all_slice_positions()), gen_log_uniform_length(max_slice),
                     rc::gen::inRange<std::int64_t>(1, 4), rc::gen::inRange<std::int64_t>(1, 64)),
      [](const std::tuple<DType, Regime, SlicePosition, std::int64_t, std::int64_t, std::int64_t>& head) {
        const auto [dtype, regime, position, length, slices, split] = head;
        const DimArg dim = long_slice_dim(position);
        const Shape shape = long_slice_shape(position, length, slices, split);
        const Shape g_shape = norm_shape(resolve_dim(dim, shape, "gen_long_slice_case"), shape);
        return rc::gen::map(
            rc::gen::pair(gen_seeded_tensor(dtype, shape, regime),
                          rc::gen::container<std::vector<double>>(static_cast<std::size_t>(numel(g_shape)),
                                                                  gen_g_value(dtype))),
            [dtype = dtype, regime = regime, dim, g_shape](const std::pair<Tensor, std::vector<double>>& vg) {
              return make_case(dtype, regime, dim, vg.first, g_shape, vg.second);
            });
      });
}

void showValue(const Case& c, std::ostream& os) {
  os << "dim " << wn::to_string(c.dim) << ", regime " << to_string(c.regime) << "\n  v = " << c.v << "\n  g = " << c.g;
}

void showValue(Regime r, std::ostream& os) { os << to_string(r); }

}  // namespace wn::testing

namespace wn {
void showValue(const Tensor& t, std::ostream& os) { os << t; }
void showValue(const Layout& l, std::ostream& os) { os << to_string(l); }
void showValue(DType d, std::ostream& os) { os << to_string(d); }
}  // namespace wn
