// Family 5: the implementation under test agrees with the reference.
// Spec AGR-1, TOL-1, DTYPE-1, NORM-3.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <optional>

#include "dev1_check.hpp"
#include "generators.hpp"
#include "gradient_tolerance.hpp"
#include "implementation_fixture.hpp"
#include "layout_generators.hpp"
#include "property_runner.hpp"
#include "tensor_ops.hpp"
#include "tolerance.hpp"
#include "wn/deviations/norm_overflow.hpp"

namespace wn::testing {
namespace {

using Agreement = PropertyTest;

std::int64_t slice_len(const Case& c) { return slice_length(c.v.shape(), resolve_dim(c.dim, c.v.shape(), "property")); }

TEST_P(Agreement, NormAgreesWithReference) {
  check_property({"AGR-1", "TOL-1", "DTYPE-1"}, [&] {
    const Case c = *gen_case();
    RC_TAG(to_string(c.dtype), to_string(c.regime));
    RC_ASSERT_COMPARISON(compare(impl().norm_except_dim(c.v, 2, c.dim), reference().norm_except_dim(c.v, 2, c.dim),
                                 norm_tolerance(c.dtype, slice_len(c)) + reference_norm_tolerance(c.dtype)));
  });
}

TEST_P(Agreement, ComposeAgreesWithReference) {
  check_property({"AGR-1", "TOL-1", "DTYPE-1", "COMP-1", "DEF-1"}, [&] {
    const Case c = *gen_case();
    RC_TAG(to_string(c.dtype), to_string(c.regime));
    RC_ASSERT_COMPARISON(compare(impl().weight_norm(c.v, c.g, c.dim), reference().weight_norm(c.v, c.g, c.dim),
                                 weight_tolerance(c.dtype, slice_len(c)) + reference_weight_tolerance(c.dtype), &c.v));
  });
}

// DTYPE-4: float16 and bfloat16 through norm_except_dim and _weight_norm,
// every dim and so both of LibTorch's paths, within TOL-1's bounds taken with
// the dtype's own unit roundoff (2^-11, 2^-8): what the bounds say for a
// computation in the dtype, and LibTorch's accumulations in float32 only
// make it more accurate.
TEST_P(Agreement, ReducedPrecisionAgreesWithReference) {
  check_property({"DTYPE-4", "AGR-1", "TOL-1", "DEV-1"}, [&] {
    const Case c = *gen_case(reduced_precision_options());
    const Tensor n = impl().norm_except_dim(c.v, 2, c.dim), w = impl().weight_norm(c.v, c.g, c.dim);
    const Comparison norm_ok = compare(n, reference().norm_except_dim(c.v, 2, c.dim),
                                       norm_tolerance(c.dtype, slice_len(c)) + reference_norm_tolerance(c.dtype));
    const Comparison weight_ok =
        compare(w, reference().weight_norm(c.v, c.g, c.dim),
                weight_tolerance(c.dtype, slice_len(c)) + reference_weight_tolerance(c.dtype), &c.v);
    // float16's squares overflow float16 from |v| = 256 on and underflow
    // below 2^-12 (DEV-1, summed in float16 by LibTorch 1.13): the deviation's
    // model pins what LibTorch gives there.
    const bool in_dev1 = deviations::norm_model(c.v, c.dim).any_in_domain();
    RC_TAG(to_string(c.dtype), in_dev1 ? "in DEV-1's domain" : "outside DEV-1's domain");
    if (in_dev1 && impl().has_deviation("DEV-1")) {
      if (norm_ok.ok && weight_ok.ok) {
        spec_behaviour_in_deviation_domain("DEV-1");
        return;
      }
      check_against_dev1_model(c.v, c.g, c.dim, n, w);
      observe_deviation(impl(), "DEV-1");
      return;
    }
    RC_ASSERT_COMPARISON(norm_ok);
    RC_ASSERT_COMPARISON(weight_ok);
  });
}

// Slices from 1 to max_slice_from_environment() elements (2 * 10^4 in the
// default run, 10^6 under `ctest -L large`), log-uniform, along dim 0, the
// last dim, a middle dim and the whole tensor: kernels that split, vectorise
// or block their sums break only in long slices, where the TOL-1 bounds are
// widest but still a few ulps per term.
TEST_P(Agreement, LongSlicesAgreeWithReference) {
  check_property({"AGR-1", "TOL-1", "COMP-1", "NORM-2"}, [&] {
    const Case c = *gen_long_slice_case(max_slice_from_environment());
    const std::int64_t n = slice_len(c);
    RC_TAG(to_string(c.dtype), n < 100 ? "< 10^2" : n < 10'000 ? "10^2 .. 10^4" : ">= 10^4");
    RC_ASSERT_COMPARISON(compare(impl().norm_except_dim(c.v, 2, c.dim), reference().norm_except_dim(c.v, 2, c.dim),
                                 norm_tolerance(c.dtype, n) + reference_norm_tolerance(c.dtype)));
    RC_ASSERT_COMPARISON(compare(impl().weight_norm(c.v, c.g, c.dim), reference().weight_norm(c.v, c.g, c.dim),
                                 weight_tolerance(c.dtype, n) + reference_weight_tolerance(c.dtype), &c.v));
  });
}

// SHAPE-5: a strided v or g (transposed, permuted, sliced with gaps and an
// offset, channels-last) gives the implementation's own result for the
// contiguous copy, bit for bit, wherever the clause says the layout cannot
// matter: _weight_norm, registration's v, and the norms of a kept dim. The other
// properties compare strided inputs (grad_w included) with the reference
// within tolerance; this one sees a kernel whose answer moves with the
// layout even inside the tolerance.
TEST_P(Agreement, LayoutDoesNotChangeResults) {
  check_property({"SHAPE-5", "AGR-1"}, [&] {
    const Case c = *gen_contiguous_case();
    const Tensor v = c.v.with_layout(*gen_layout(c.v.shape()));
    const Tensor g = c.g.with_layout(*gen_layout(c.g.shape()));
    RC_TAG("v " + to_string(v.layout().kind), "g " + to_string(g.layout().kind));
    RC_ASSERT_COMPARISON(compare_identical(impl().weight_norm(v, g, c.dim), impl().weight_norm(c.v, c.g, c.dim)));
    const Decomposition strided = impl().decompose(v, c.dim), contiguous = impl().decompose(c.v, c.dim);
    RC_ASSERT_COMPARISON(compare_identical(strided.v, contiguous.v));
    // The whole tensor's norm (norm_except_dim and registration's g for dim
    // none) may be summed in memory order (SHAPE-5): not compared here.
    if (!resolve_dim(c.dim, c.v.shape(), "property").whole) {
      RC_ASSERT_COMPARISON(compare_identical(strided.g, contiguous.g));
      RC_ASSERT_COMPARISON(compare_identical(impl().norm_except_dim(v, 2, c.dim), impl().norm_except_dim(c.v, 2, c.dim)));
    }
  });
}

// LibTorch's GRAIN_SIZE (ATen/Parallel.h): a reduction with one output
// splits its sum across threads only beyond this many elements.
constexpr std::int64_t kLibTorchGrain = 32768;

// AGR-2: LibTorch's intra-op thread count, 1 against 2 or 4, on long slices
// so that its parallel reductions (a grain of 32768 elements) split. Where
// AGR-2 says the count cannot matter, the bits equal those at one thread;
// everywhere each count's result agrees with the reference (AGR-1, GRAD-7).
TEST_P(Agreement, ThreadCountsGiveTheBitsOfOneThread) {
  // The count is process-wide: put it back whatever happens, once the
  // property is done (not after every case: each switch costs). It is read
  // inside the first case, not here: outside a case, an implementation that
  // is not selected does not exist, and one without a settable count
  // throws where check_property cannot turn it into "not applicable".
  struct Restore {
    const Implementation* impl = nullptr;
    int threads = 0;
    ~Restore() {
      if (impl == nullptr) return;
      try {
        impl->set_intra_op_threads(threads);
      } catch (...) {
      }
    }
  } restore;
  check_property({"AGR-2", "AGR-1", "TOL-1", "GRAD-7"}, [&] {
    if (restore.impl == nullptr) {
      restore.threads = impl().intra_op_threads();
      restore.impl = &impl();
    }
    const Case c = *gen_contiguous_long_slice_case(max_slice_from_environment());
    const int threads = *rc::gen::element(2, 4);
    const ResolvedDim rd = resolve_dim(c.dim, c.v.shape(), "property");
    const std::int64_t n = slice_len(c);
    // Where AGR-2 lets the count change the bits: the only sum, when it is
    // longer than LibTorch's grain (dim none, or one slice), and the fused
    // kernel along the last dim, which splits every slice's rows.
    const bool one_long_sum = c.v.numel() / std::max<std::int64_t>(n, 1) == 1 && n > kLibTorchGrain;
    const bool last = !rd.whole && rd.axis == c.v.rank() - 1 && rd.axis != 0;
    RC_TAG(rd.whole ? "dim none" : last ? "last dim" : rd.axis == 0 ? "dim 0" : "middle dim",
           one_long_sum ? "one long sum" : "per-slice sums");
    // Everything at one count, then at the other, the count in force first:
    // a switch rebuilds LibTorch's thread pools, and this makes one or two
    // per case instead of two or three.
    const bool gradients = impl().capabilities().gradients;
    const Tensor grad_w = gradients ? *gen_seeded_tensor(c.dtype, c.v.shape(), Regime::Ordinary) : Tensor();
    const auto run = [&](int count) {
      impl().set_intra_op_threads(count);
      Tensor norm = impl().norm_except_dim(c.v, 2, c.dim), w = impl().weight_norm(c.v, c.g, c.dim);
      std::optional<WeightNormGradients> grads;
      if (gradients) grads = impl().weight_norm_backward(grad_w, c.v, c.g, c.dim);
      return std::make_tuple(std::move(norm), std::move(w), std::move(grads));
    };
    const bool threads_first = impl().intra_op_threads() == threads;
    auto first = run(threads_first ? threads : 1);
    auto second = run(threads_first ? 1 : threads);
    const auto& [norm1, w1, one] = threads_first ? second : first;
    const auto& [norm, w, got] = threads_first ? first : second;
    if (!one_long_sum) RC_ASSERT_COMPARISON(compare_identical(norm, norm1));
    if (!one_long_sum && !last) RC_ASSERT_COMPARISON(compare_identical(w, w1));
    RC_ASSERT_COMPARISON(compare(norm, reference().norm_except_dim(c.v, 2, c.dim),
                                 norm_tolerance(c.dtype, n) + reference_norm_tolerance(c.dtype)));
    RC_ASSERT_COMPARISON(compare(w, reference().weight_norm(c.v, c.g, c.dim),
                                 weight_tolerance(c.dtype, n) + reference_weight_tolerance(c.dtype), &c.v));
    if (!gradients) return;
    if (!one_long_sum && !last) {
      RC_ASSERT_COMPARISON(compare_identical(got->grad_v, one->grad_v));
      RC_ASSERT_COMPARISON(compare_identical(got->grad_g, one->grad_g));
    }
    const WeightNormGradients exact = reference().weight_norm_backward(grad_w, c.v, c.g, c.dim);
    const GradientBounds b = first_derivative_bounds(grad_w, c.v, c.g, c.dim);
    RC_ASSERT_COMPARISON(compare_within(got->grad_g, exact.grad_g, b.grad_g, "grad_g: " + b.source));
    RC_ASSERT_COMPARISON(compare_within(got->grad_v, exact.grad_v, b.grad_v, "grad_v: " + b.source));
  });
}

TEST_P(Agreement, DecomposeAgreesWithReference) {
  check_property({"AGR-1", "DEC-1", "DEC-2"}, [&] {
    const Case c = *gen_case();
    const Decomposition got = impl().decompose(c.v, c.dim), want = reference().decompose(c.v, c.dim);
    RC_ASSERT_COMPARISON(compare_identical(got.v, want.v));
    RC_ASSERT_COMPARISON(compare(got.g, want.g, norm_tolerance(c.dtype, slice_len(c)) + reference_norm_tolerance(c.dtype)));
  });
}

TEST_P(Agreement, RemoveAgreesWithReference) {
  check_property({"AGR-1", "REM-1"}, [&] {
    const Case c = *gen_case();
    const Decomposition changed{c.g, c.v};
    RC_ASSERT_COMPARISON(compare(impl().remove(changed, c.dim), reference().remove(changed, c.dim),
                                 weight_tolerance(c.dtype, slice_len(c)) + reference_weight_tolerance(c.dtype), &c.v));
  });
}

TEST_P(Agreement, OtherPowersAgree) {
  check_property({"NORM-3", "AGR-1"}, [&] {
    const Case c = *gen_case();
    // Wide exponents would overflow |x|^p for p > 2 (spec EDGE-2 covers p = 2 only).
    RC_PRE(c.regime != Regime::WideExponent);
    const std::int64_t p = *rc::gen::element<std::int64_t>(0, 1, 3, 4, -1, -2);
    RC_TAG("p=" + std::to_string(p));
    RC_ASSERT_COMPARISON(compare(impl().norm_except_dim(c.v, p, c.dim), reference().norm_except_dim(c.v, p, c.dim),
                                 power_norm_tolerance(c.dtype, slice_len(c), p) + reference_norm_tolerance(c.dtype)));
  });
}

WN_INSTANTIATE_FOR_IMPLEMENTATIONS(Agreement);

}  // namespace
}  // namespace wn::testing
