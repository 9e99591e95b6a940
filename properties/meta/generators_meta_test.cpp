// Meta-tests: the generators really reach what generators.hpp claims: every
// rank, every valid dim of every rank, both dtypes, every value regime, size-1
// dimensions and long ones, both signs, zeros, and wide exponents.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "generators.hpp"
#include "gradient_generators.hpp"
#include "layout_generators.hpp"
#include "tensor_ops.hpp"
#include "wn/deviations/norm_overflow.hpp"
#include "wn/gradients.hpp"
#include "wn/weight_norm.hpp"

namespace wn::testing {
namespace {

// Draws `n` values from `gen` with sizes cycling through 0..100 as a property run does.
template <typename T>
std::vector<T> sample(const rc::Gen<T>& gen, int n, std::uint64_t seed = 7) {
  std::vector<T> out;
  rc::Random random(seed);
  for (int i = 0; i < n; ++i) {
    random.split();  // a fresh stream per draw
    rc::Random r = random.split();
    out.push_back(gen(r, i % 101).value());
  }
  return out;
}

constexpr int kDraws = 2000;

TEST(GeneratorMeta, ReachesEveryRank) {
  std::set<int> ranks;
  for (const Case& c : sample(gen_case(), kDraws)) ranks.insert(static_cast<int>(c.v.rank()));
  EXPECT_EQ(ranks, (std::set<int>{1, 2, 3, 4, 5}));
  std::set<int> with_zero;
  for (int r : sample(gen_rank(0, 5), kDraws)) with_zero.insert(r);
  EXPECT_EQ(with_zero, (std::set<int>{0, 1, 2, 3, 4, 5}));
}

TEST(GeneratorMeta, ReachesEveryDimOfEveryRank) {
  for (int rank = 0; rank <= 5; ++rank) {
    std::set<std::string> seen, expected{"none", "-1"};
    for (int d = -rank; d < rank; ++d) expected.insert(std::to_string(d));
    for (const DimArg& d : sample(gen_dim(rank), kDraws)) seen.insert(to_string(d));
    EXPECT_EQ(seen, expected) << "rank " << rank;
  }
}

TEST(GeneratorMeta, KeptDimsNeverIncludeNoneOrMinusOne) {
  for (int rank = 1; rank <= 5; ++rank) {
    for (const DimArg& d : sample(gen_kept_dim(rank), 500)) {
      ASSERT_TRUE(d.has_value());
      ASSERT_NE(*d, -1) << "rank " << rank;
    }
  }
}

TEST(GeneratorMeta, ReachesBothDtypesAndEveryRegime) {
  std::set<DType> dtypes;
  std::set<Regime> regimes;
  for (const Case& c : sample(gen_case(), kDraws)) {
    dtypes.insert(c.dtype);
    regimes.insert(c.regime);
  }
  EXPECT_EQ(dtypes.size(), full_precision_dtypes().size());
  EXPECT_EQ(regimes.size(), all_regimes().size());
}

// EDGE-4: the special-g cases reach every IEEE class in g, for each dtype
// (the 16-bit ones through their own options, DTYPE-4), and their correct weights include subnormal, zero and infinite results.
TEST(GeneratorMeta, SpecialGReachesEveryIeeeClassOfEveryDtype) {
  std::map<DType, std::set<IeeeClass>> g_classes, w_classes;
  for (const CaseOptions& options : {CaseOptions{}, reduced_precision_options()}) {
    for (const Case& c : sample(gen_special_g_case(options), kDraws)) {
      for (double x : c.g.values()) g_classes[c.dtype].insert(ieee_class_of(x, c.dtype));
      const Tensor w = weight_norm(c.v, c.g, c.dim);
      for (double x : w.values()) w_classes[c.dtype].insert(ieee_class_of(x, c.dtype));
    }
  }
  for (DType dtype : all_dtypes()) {
    for (IeeeClass k : all_ieee_classes()) {
      EXPECT_TRUE(g_classes[dtype].count(k)) << to_string(dtype) << ": g never " << to_string(k);
    }
    for (IeeeClass k : {IeeeClass::Subnormal, IeeeClass::PositiveZero, IeeeClass::NegativeZero, IeeeClass::Infinity,
                        IeeeClass::NotANumber, IeeeClass::LargestFinite}) {
      EXPECT_TRUE(w_classes[dtype].count(k)) << to_string(dtype) << ": the weight is never " << to_string(k);
    }
  }
}

// EDGE-5: the special-grad_w cases reach each class EDGE-5 covers in grad_w,
// for each dtype (the 16-bit ones through their own options, DTYPE-4), and gradients that are subnormal, zero, infinite and NaN.
TEST(GeneratorMeta, SpecialGradWReachesEveryEdge5ClassOfEveryDtype) {
  std::map<DType, std::set<IeeeClass>> grad_w_classes, grad_v_classes, grad_g_classes;
  for (const CaseOptions& options : {CaseOptions{}, reduced_precision_options()}) {
    for (const GradientCase& gc : sample(gen_special_grad_w_case(options), kDraws)) {
      const DType dtype = gc.c.dtype;
      for (double x : gc.grad_w.values()) grad_w_classes[dtype].insert(ieee_class_of(x, dtype));
      const Gradients r = weight_norm_backward(gc.grad_w, gc.c.v, gc.c.g, gc.c.dim);
      for (double x : r.grad_v.values()) grad_v_classes[dtype].insert(ieee_class_of(x, dtype));
      for (double x : r.grad_g.values()) grad_g_classes[dtype].insert(ieee_class_of(x, dtype));
    }
  }
  for (DType dtype : all_dtypes()) {
    for (IeeeClass k : edge5_grad_w_classes()) {
      EXPECT_TRUE(grad_w_classes[dtype].count(k)) << to_string(dtype) << ": grad_w never " << to_string(k);
    }
    for (IeeeClass k : {IeeeClass::Subnormal, IeeeClass::PositiveZero, IeeeClass::Infinity, IeeeClass::NotANumber}) {
      EXPECT_TRUE(grad_v_classes[dtype].count(k)) << to_string(dtype) << ": grad_v never " << to_string(k);
      EXPECT_TRUE(grad_g_classes[dtype].count(k)) << to_string(dtype) << ": grad_g never " << to_string(k);
    }
  }
}

// The special-v cases reach every IEEE class in v, for each dtype.
TEST(GeneratorMeta, SpecialVReachesEveryIeeeClassOfEveryDtype) {
  std::map<DType, std::set<IeeeClass>> classes;
  for (const Case& c : sample(gen_special_v_case(), kDraws)) {
    for (double x : c.v.values()) classes[c.dtype].insert(ieee_class_of(x, c.dtype));
  }
  for (DType dtype : full_precision_dtypes()) {
    for (IeeeClass k : all_ieee_classes()) {
      EXPECT_TRUE(classes[dtype].count(k)) << to_string(dtype) << ": v never " << to_string(k);
    }
  }
}

// SHAPE-5: v, g and grad_w reach the implementation in every layout kind
// their rank allows, at every rank that allows it, with gaps and offsets;
// the long-slice cases too; and the layouts are what they say they are.
TEST(GeneratorMeta, LayoutsReachEveryKindAtEveryRank) {
  std::map<int, std::set<LayoutKind>> v_kinds, grad_w_kinds;
  std::set<LayoutKind> g_kinds, long_kinds;
  bool offset = false, gap = false;
  for (const Case& c : sample(gen_case(), kDraws)) {
    v_kinds[static_cast<int>(c.v.rank())].insert(c.v.layout().kind);
    g_kinds.insert(c.g.layout().kind);
    offset = offset || c.v.layout().offset > 0;
    for (std::int64_t s : c.v.layout().steps) gap = gap || s > 1;
    // The buffer holds the values where the strides say, whatever the kind.
    const std::vector<double> buffer = to_buffer(c.v.values(), c.v.layout(), c.v.shape(), -1.0);
    EXPECT_TRUE(from_buffer(buffer, c.v.layout(), c.v.shape()) == c.v.values()) << c.v;
  }
  for (const GradientCase& g : sample(gen_gradient_case(), 500)) grad_w_kinds[static_cast<int>(g.grad_w.rank())].insert(g.grad_w.layout().kind);
  for (const Case& c : sample(gen_long_slice_case(kDefaultMaxSlice), 200)) long_kinds.insert(c.v.layout().kind);
  for (int rank = 1; rank <= 5; ++rank) {
    const std::vector<LayoutKind> want = layout_kinds_for(Shape(static_cast<std::size_t>(rank), 2));
    EXPECT_EQ(v_kinds[rank], std::set<LayoutKind>(want.begin(), want.end())) << "v, rank " << rank;
    EXPECT_EQ(grad_w_kinds[rank], std::set<LayoutKind>(want.begin(), want.end())) << "grad_w, rank " << rank;
  }
  EXPECT_EQ(v_kinds[4].count(LayoutKind::ChannelsLast), 1u);
  EXPECT_EQ(g_kinds.size(), all_layout_kinds().size());
  // [k, L], [L, k] and [a, k, L/a]: rank 3 reaches every kind.
  EXPECT_EQ(long_kinds.size(), all_layout_kinds().size());
  EXPECT_TRUE(offset && gap);
}

// The strides of each kind are PyTorch's for the same view.
TEST(GeneratorMeta, LayoutStridesAreTorchs) {
  const Shape s{2, 3, 4, 5};
  EXPECT_EQ(layout_strides(Layout{}, s), (std::vector<std::int64_t>{60, 20, 5, 1}));
  // torch.empty(5, 4, 3, 2).permute(3, 2, 1, 0).stride() == (1, 2, 6, 24)
  EXPECT_EQ(layout_strides(Layout{LayoutKind::Transposed, {3, 2, 1, 0}, {}, 0}, s), (std::vector<std::int64_t>{1, 2, 6, 24}));
  // torch.empty(2, 3, 4, 5).to(memory_format=torch.channels_last).stride() == (60, 1, 15, 3)
  EXPECT_EQ(layout_strides(Layout{LayoutKind::ChannelsLast, {0, 2, 3, 1}, {}, 0}, s), (std::vector<std::int64_t>{60, 1, 15, 3}));
  // torch.empty(2, 6, 4, 5)[:, ::2].stride() == (120, 40, 5, 1), from offset 0
  const Layout sliced{LayoutKind::Sliced, {0, 1, 2, 3}, {1, 2, 1, 1}, 7};
  EXPECT_EQ(layout_strides(sliced, s), (std::vector<std::int64_t>{120, 40, 5, 1}));
  EXPECT_EQ(layout_buffer_size(sliced, s), 7 + 120 + 2 * 40 + 3 * 5 + 4 + 1);
}

TEST(GeneratorMeta, ShapesHaveSizeOneDimsAndLongOnes) {
  int size_one = 0;
  std::int64_t longest = 0;
  for (const Shape& s : sample(gen_shape(2), kDraws)) {
    for (auto x : s) {
      size_one += (x == 1);
      longest = std::max(longest, x);
    }
  }
  EXPECT_GT(size_one, kDraws / 10);
  EXPECT_GE(longest, 30);
  std::int64_t longest_rank1 = 0;
  for (const Shape& s : sample(gen_shape(1), kDraws)) longest_rank1 = std::max(longest_rank1, s[0]);
  EXPECT_GE(longest_rank1, 200);
}

// The default run's long slices reach 10^4 elements and more, at every
// position, and every decade below is reached too (log-uniform lengths).
TEST(GeneratorMeta, LongSlicesReachEveryDecadeAtEveryPosition) {
  std::map<std::string, std::set<int>> decades;  // position -> floor(log10(slice length))
  std::int64_t longest = 0;
  for (const Case& c : sample(gen_long_slice_case(kDefaultMaxSlice), 400)) {
    const std::int64_t n = slice_length(c.v.shape(), resolve_dim(c.dim, c.v.shape(), "meta"));
    longest = std::max(longest, n);
    const std::string where = !c.dim ? "none" : *c.dim == 0 ? "dim 0" : c.v.rank() == 2 ? "last dim" : "middle dim";
    decades[where].insert(static_cast<int>(std::floor(std::log10(static_cast<double>(n)))));
    EXPECT_EQ(c.g.shape(), norm_shape(resolve_dim(c.dim, c.v.shape(), "meta"), c.v.shape()));
  }
  EXPECT_GE(longest, 10'000);
  for (const char* where : {"dim 0", "last dim", "middle dim", "none"}) {
    EXPECT_EQ(decades[where], (std::set<int>{0, 1, 2, 3, 4})) << where;
  }
}

// The long-slice values are gen_value's at full size, not its size-0
// corner (all ±1, say): distinct values and both signs in every regime but
// small integers, so long sums round as real ones do.
TEST(GeneratorMeta, LongSliceValuesAreVaried) {
  int checked = 0;
  for (const Case& c : sample(gen_contiguous_long_slice_case(kDefaultMaxSlice), 200)) {
    if (c.v.numel() < 1000 || c.regime == Regime::SmallIntegers) continue;
    const std::vector<double> values = c.v.values();
    const std::set<double> distinct(values.begin(), values.end());
    const auto negative = std::count_if(values.begin(), values.end(), [](double x) { return x < 0; });
    EXPECT_GT(distinct.size(), static_cast<std::size_t>(c.v.numel() / 2)) << to_string(c.regime) << " " << to_string(c.v.shape());
    EXPECT_GT(negative, c.v.numel() / 5) << to_string(c.regime) << " " << to_string(c.v.shape());
    ++checked;
  }
  EXPECT_GT(checked, 20);
}

// DTYPE-4: the 16-bit cases reach both dtypes, every regime, ranks 1 to 5,
// v and g in non-contiguous layouts, and float16 cases inside and outside
// DEV-1's domain (so both branches of the property run); every value is a
// value of its dtype.
TEST(GeneratorMeta, ReducedPrecisionCasesReachBothDtypesAndDev1) {
  const CaseOptions options = reduced_precision_options();
  std::set<DType> dtypes;
  std::set<Regime> regimes;
  std::set<std::int64_t> ranks;
  int in_dev1 = 0, outside_dev1 = 0, strided = 0;
  for (const Case& c : sample(gen_case(options), kDraws)) {
    dtypes.insert(c.dtype);
    regimes.insert(c.regime);
    ranks.insert(c.v.rank());
    if (!c.v.layout().contiguous()) ++strided;
    for (double x : c.v.values()) ASSERT_EQ(x, round_to_dtype(x, c.dtype));
    for (double x : c.g.values()) ASSERT_EQ(x, round_to_dtype(x, c.dtype));
    if (c.dtype == DType::Float16) ++(deviations::norm_model(c.v, c.dim).any_in_domain() ? in_dev1 : outside_dev1);
  }
  EXPECT_EQ(dtypes.size(), reduced_precision_dtypes().size());
  EXPECT_EQ(regimes.size(), all_regimes().size());
  EXPECT_EQ(ranks, (std::set<std::int64_t>{1, 2, 3, 4, 5}));
  EXPECT_GT(strided, 0);
  EXPECT_GT(in_dev1, 0);
  EXPECT_GT(outside_dev1, kDraws / 4);
}

TEST(GeneratorMeta, RegimesProduceWhatTheySay) {
  for (DType dtype : full_precision_dtypes()) {
    const auto wide = sample(gen_value(dtype, Regime::WideExponent), kDraws);
    int lo = 0, hi = 0;
    for (double x : wide) {
      ASSERT_TRUE(std::isfinite(x));
      ASSERT_EQ(x, round_to_dtype(x, dtype));
      lo = std::min(lo, std::ilogb(x));
      hi = std::max(hi, std::ilogb(x));
    }
    const int reach = dtype == DType::Float32 ? 40 : 300;
    EXPECT_LE(lo, -reach) << to_string(dtype);
    EXPECT_GE(hi, reach) << to_string(dtype);

    for (double x : sample(gen_value(dtype, Regime::SmallIntegers), kDraws)) {
      ASSERT_EQ(x, std::round(x));
      ASSERT_LE(std::fabs(x), 8.0);
    }

    int negative = 0, positive = 0, zero = 0;
    for (double x : sample(gen_value(dtype, Regime::MixedSigns), kDraws)) {
      negative += x < 0;
      positive += x > 0;
      zero += x == 0;
    }
    EXPECT_GT(negative, kDraws / 5);
    EXPECT_GT(positive, kDraws / 5);
    EXPECT_GT(zero, 0);

    for (double x : sample(gen_value(dtype, Regime::Ordinary), kDraws)) {
      ASSERT_GE(std::fabs(x), 0.125);
      ASSERT_LT(std::fabs(x), 16.0);
    }
  }
}

TEST(GeneratorMeta, CasesHaveNoZeroSlicesAndGOfTheNormShape) {
  for (const Case& c : sample(gen_case(), kDraws)) {
    const ResolvedDim rd = resolve_dim(c.dim, c.v.shape(), "meta");
    ASSERT_EQ(c.g.shape(), norm_shape(rd, c.v.shape()));
    std::vector<bool> nonzero(static_cast<std::size_t>(slice_count(c.v.shape(), rd)), false);
    for (std::int64_t i = 0; i < c.v.numel(); ++i) {
      if (c.v[i] != 0.0) nonzero[static_cast<std::size_t>(slice_index(c.v.shape(), rd, i))] = true;
    }
    for (bool nz : nonzero) ASSERT_TRUE(nz);
    for (std::int64_t j = 0; j < c.g.numel(); ++j) ASSERT_NE(c.g[j], 0.0);
  }
}

}  // namespace
}  // namespace wn::testing
