// wn::probe_in_child, the probe the LibTorch adapter runs crashing calls in
// (spec DEV-2, DEV-6): a call that crashes, one that raises, one that
// returns, one that runs past its time limit.
#include <gtest/gtest.h>

#include <cmath>
#include <csignal>
#include <stdexcept>
#include <vector>

#include <unistd.h>

#include "wn/adapters/child_probe.hpp"

namespace wn {
namespace {

TEST(ChildProbe, ReportsTheSignalOfACrash) {
  const ChildOutcome o = probe_in_child([]() -> Tensor {
    std::raise(SIGFPE);
    return Tensor();
  });
  EXPECT_EQ(o.kind, ChildOutcome::Kind::Crashed);
  EXPECT_EQ(o.signal, SIGFPE);
}

TEST(ChildProbe, ReportsTheMessageOfAnException) {
  const ChildOutcome o = probe_in_child([]() -> Tensor { throw std::runtime_error("no such thing"); });
  EXPECT_EQ(o.kind, ChildOutcome::Kind::Raised);
  EXPECT_EQ(o.message, "no such thing");
}

TEST(ChildProbe, ReturnsTheResultBitForBit) {
  const Tensor t(DType::Float32, {2, 1}, {0.1f, -0.0});
  const ChildOutcome o = probe_in_child([&] { return t; });
  ASSERT_EQ(o.kind, ChildOutcome::Kind::Returned) << o.message;
  EXPECT_TRUE(o.result.identical(t));
}

TEST(ChildProbe, ReturnsSeveralResultsInOrder) {
  // The gradients' probe: grad_v and grad_g, the second empty or NaN.
  const Tensor a(DType::Float64, {3, 0}, {});
  const Tensor b(DType::Float32, {3, 1}, {std::nan(""), -0.0, 1e-45});
  const ChildOutcome o = probe_in_child([&] { return std::vector<Tensor>{a, b}; });
  ASSERT_EQ(o.kind, ChildOutcome::Kind::Returned) << o.message;
  ASSERT_EQ(o.results.size(), 2u);
  EXPECT_TRUE(o.results[0].identical(a));
  EXPECT_TRUE(o.results[1].identical(b));
  EXPECT_TRUE(o.result.identical(a));
}

TEST(ChildProbe, StopsACallPastItsTimeLimit) {
  const ChildOutcome o = probe_in_child([]() -> Tensor {
    for (;;) pause();
  }, ChildLimits{1, 1ULL << 30});
  EXPECT_EQ(o.kind, ChildOutcome::Kind::Crashed);
  EXPECT_EQ(o.signal, SIGALRM);
}

TEST(ChildProbe, LimitsTheChildsMemory) {
  const ChildOutcome o = probe_in_child([]() -> Tensor {
    return Tensor::zeros(DType::Float64, {std::int64_t{1} << 30});  // 8 GiB, past the 1 GiB limit
  });
  EXPECT_NE(o.kind, ChildOutcome::Kind::Returned);
}

}  // namespace
}  // namespace wn
