/// @file
/// RapidCheck generators for weight-norm cases, split by concern: ranks and
/// shapes, dims, dtypes, value regimes, whole cases. The meta-tests in
/// properties/meta check that each reaches everything it claims to.
///
/// RapidCheck's own arbitrary<double> yields huge whole numbers and never a
/// subnormal, NaN or infinity, so every value here is built from a generated
/// sign, exponent and significand instead. Everything shrinks towards small
/// ranks, size-1 dimensions and the value 1.
#pragma once

#include <rapidcheck.h>

#include <iosfwd>
#include <string>
#include <vector>

#include "wn/dim.hpp"
#include "wn/dtype.hpp"
#include "wn/shape.hpp"
#include "wn/tensor.hpp"

namespace wn::testing {

/// How the values of a generated tensor are drawn (spec TOL-1 names which
/// regimes each tolerance covers).
enum class Regime {
  Ordinary,      ///< |x| in [2^-3, 2^4), random significand, random sign
  WideExponent,  ///< |x| = m * 2^e with e spread as wide as the sum of squares allows
  SmallIntegers, ///< integers in [-8, 8]: sums of squares are exact
  MixedSigns,    ///< both signs, magnitudes over six decades, some exact zeros
};

/// The regimes of the main properties, in a stable order.
const std::vector<Regime>& all_regimes();
std::string to_string(Regime regime);
using wn::to_string;  // the dtype, shape and dim overloads stay visible beside Regime's

/// A rank in [min_rank, max_rank].
rc::Gen<int> gen_rank(int min_rank = 1, int max_rank = 5);

/// A shape of the given rank: mostly sizes 1 to 4 (size 1 is common), and
/// sometimes longer dimensions, up to about 300 elements in all for rank 1.
rc::Gen<Shape> gen_shape(int rank);

/// Every dim valid for `rank`: none, -1 (also the whole tensor), each of
/// [0, rank), and each of [-rank, -2]. For rank 0: none and -1.
rc::Gen<DimArg> gen_dim(int rank);

/// A dim for `rank` that keeps a dimension (never none or -1).
rc::Gen<DimArg> gen_kept_dim(int rank);

/// float32 or float64.
rc::Gen<DType> gen_dtype();

/// One value of `dtype` in `regime` (never NaN or infinite).
rc::Gen<double> gen_value(DType dtype, Regime regime);

/// A non-zero g value: ordinary magnitude, either sign.
rc::Gen<double> gen_g_value(DType dtype);

/// The IEEE 754 classes a value of a dtype can be in (spec EDGE-4): every
/// generator of special values reaches each, for each dtype (meta-tests).
enum class IeeeClass {
  PositiveZero,   ///< +0
  NegativeZero,   ///< -0
  Subnormal,      ///< 0 < |x| < min_normal, either sign
  Ordinary,       ///< a normal number of ordinary magnitude, either sign
  LargestFinite,  ///< ±max_finite, or within a few ulps of it
  Infinity,       ///< ±inf
  NotANumber,     ///< NaN
};

/// Every IeeeClass, in a stable order.
const std::vector<IeeeClass>& all_ieee_classes();
std::string to_string(IeeeClass c);

/// Which class `x` (a value of `dtype`) is in.
IeeeClass ieee_class_of(double x, DType dtype);

/// A value of `dtype` in class `c` (either sign where the class has two).
rc::Gen<double> gen_ieee_value(DType dtype, IeeeClass c);

/// A value of `dtype` of any class, each class equally likely.
rc::Gen<double> gen_any_ieee_value(DType dtype);

/// A value of `dtype` of one of `classes`, each equally likely.
rc::Gen<double> gen_ieee_value_among(DType dtype, std::vector<IeeeClass> classes);

/// `t` (its dtype, shape and layout) with each element replaced, with
/// probability 1/every, by a value of one of `classes`.
rc::Gen<Tensor> with_special_values(const Tensor& t, int every, std::vector<IeeeClass> classes = all_ieee_classes());

/// A tensor of the given dtype and shape with values from `regime`.
rc::Gen<Tensor> gen_tensor(DType dtype, const Shape& shape, Regime regime);

/// One generated input of weight normalization.
struct Case {
  DType dtype = DType::Float32;
  Regime regime = Regime::Ordinary;
  DimArg dim;
  Tensor v;  ///< no slice of v along dim is all zeros
  Tensor g;  ///< shape norm_shape(dim, v): what decompose gives
};

/// What a Case generator may produce.
struct CaseOptions {
  int min_rank = 1;
  int max_rank = 5;
  bool kept_dim_only = false;  ///< never none or -1
  /// The dtypes drawn from, each equally likely: float32 and float64 unless
  /// a property asks for the 16-bit ones (spec DTYPE-4).
  std::vector<DType> dtypes = full_precision_dtypes();
};

/// `options` drawing float16 and bfloat16 instead (spec DTYPE-4): what the
/// 16-bit twins of the properties generate.
CaseOptions reduced_precision_options(CaseOptions options = {});

/// A whole case: dtype, regime, rank, shape, dim, then v and g, each in a
/// generated memory layout (spec SHAPE-5, gen_layout).
rc::Gen<Case> gen_case(CaseOptions options = {});

/// gen_case's values with v and g contiguous.
rc::Gen<Case> gen_contiguous_case(CaseOptions options = {});

/// A case whose g holds values of every IEEE class (EDGE-4): gen_case()'s
/// v, dim and dtype (from `options`: the 16-bit dtypes too when asked,
/// DTYPE-4), each g element replaced, with probability 1/2, by
/// gen_any_ieee_value.
rc::Gen<Case> gen_special_g_case(CaseOptions options = {});

/// A case whose v holds values of every IEEE class: gen_case()'s, each v
/// element replaced, with probability 1/4, by gen_any_ieee_value (zero
/// slices, infinite and NaN norms, DEV-1's extremes included): for
/// properties that hold for any weight (DEC-2's bit identity).
rc::Gen<Case> gen_special_v_case();

/// Where a long slice lies in its tensor (issue 13: kernels that break only
/// in long slices break differently along dim 0, the last dim and a middle one).
enum class SlicePosition { DimZero, LastDim, MiddleDim, WholeTensor };

/// All positions (the long-slice generator draws one).
const std::vector<SlicePosition>& all_slice_positions();

/// A case with one slice length L, log-uniform in [1, max_slice] (so every
/// decade up to max_slice is as likely as the next), shrinking towards 1:
/// v is [k, L] with dim 0, [L, k] with the last dim, [a, k, L/a] with the
/// middle dim, or [L] with dim none; k in [1, 3] slices. Values are those of
/// the regimes whose sums of squares stay finite for 10^6 terms (all but
/// wide-exponent, whose bound is for a few hundred).
/// v and g are in generated memory layouts (spec SHAPE-5), as gen_case's.
rc::Gen<Case> gen_long_slice_case(std::int64_t max_slice);

/// A contiguous tensor of up to 10^7 values of `regime`, each drawn by
/// gen_value from one generated seed: RapidCheck then keeps (and shrinks) one
/// seed instead of a shrink tree per element, which for 10^6 elements would
/// cost seconds and hundreds of MB per case. The values are exactly
/// gen_value's distribution.
rc::Gen<Tensor> gen_seeded_tensor(DType dtype, Shape shape, Regime regime);

/// gen_long_slice_case's values with v and g contiguous.
rc::Gen<Case> gen_contiguous_long_slice_case(std::int64_t max_slice);

/// The longest slice the default suite's long-slice properties reach: the
/// environment's WN_MAX_SLICE when set (the `large` CTest label sets 10^6),
/// otherwise kDefaultMaxSlice.
std::int64_t max_slice_from_environment();
inline constexpr std::int64_t kDefaultMaxSlice = 20000;

/// Replaces each all-zero slice of `v` along `dim` by one whose first element is 1,
/// so properties about ordinary cases never divide by a zero norm (EDGE-1 has its own).
Tensor without_zero_slices(const Tensor& v, DimArg dim);

/// RapidCheck shows counterexamples through these.
void showValue(const Case& c, std::ostream& os);
void showValue(Regime r, std::ostream& os);

}  // namespace wn::testing

namespace wn {
/// Lets RapidCheck print tensors in counterexamples.
void showValue(const Tensor& t, std::ostream& os);
void showValue(const Layout& l, std::ostream& os);
void showValue(DType d, std::ostream& os);
}  // namespace wn
