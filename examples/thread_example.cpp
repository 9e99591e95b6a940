// The worked example of the PyTorch forums thread "Weight norm calculation",
// computed by the reference and printed as Markdown tables.
//
// The user registered weight norm on a 3x3 Linear weight with the default
// dim=0 and rebuilt the weight with (g / ||v||) * v, one whole-tensor norm.
// That formula is weight norm with dim=None, not dim=0 (spec COMP-4). The
// tables show the weight, g for both dims, and every formula of the thread
// against the weight it should give back (spec DEC-1 .. DEC-3).
//
// The output is part of spec/06-compose.md and of the generated docs; a CTest
// test checks that the copy in the spec is exactly what this program prints,
// so the page cannot drift from the code.
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "wn/norm_except_dim.hpp"
#include "wn/weight_norm.hpp"

namespace {

using wn::Tensor;

// weight_v as the thread prints it right after registration: the weight itself (DEC-2).
Tensor thread_weight() {
  return Tensor(wn::DType::Float32, {3, 3},
                {0.2672, 0.5720, 0.1048, -0.4538, 0.5243, -0.0612, -0.5537, 0.0813, -0.3459});
}

std::string fixed(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", x);
  return std::string(buf) == "-0.0000" ? "0.0000" : buf;
}

std::string row_of(const Tensor& t, int r) {
  return fixed(t[3 * r]) + ", " + fixed(t[3 * r + 1]) + ", " + fixed(t[3 * r + 2]);
}

// The value that multiplies element i: one g per row for dim=0, one for dim=None.
double g_for(const Tensor& g, int i) { return g.numel() == 1 ? g[0] : g[i / 3]; }

// Builds w_i = g_i * v_i / n_i from a per-element norm, in the weight's dtype.
Tensor formula(const Tensor& v, const Tensor& g, const std::function<double(int)>& norm_of) {
  std::vector<double> w(9);
  for (int i = 0; i < 9; ++i) w[i] = g_for(g, i) / norm_of(i) * v[i];
  return Tensor(v.dtype(), v.shape(), w);
}

double max_abs_difference(const Tensor& a, const Tensor& b) {
  double m = 0;
  for (int i = 0; i < a.numel(); ++i) m = std::fmax(m, std::fabs(a[i] - b[i]));
  return m;
}

}  // namespace

int main() {
  const Tensor w = thread_weight();
  const wn::Decomposition by_row = wn::decompose(w, 0);        // weight_norm(lin) (dim=0)
  const wn::Decomposition whole = wn::decompose(w, wn::kNone);  // weight_norm(lin, dim=None)

  std::printf("**The weight** W (float32, `lin.weight` = `lin.weight_v` right after registering):\n\n");
  std::printf("| row | W[row, 0], W[row, 1], W[row, 2] | row norm |\n|---|---|---|\n");
  for (int r = 0; r < 3; ++r) std::printf("| %d | %s | %s |\n", r, row_of(w, r).c_str(), fixed(by_row.g[r]).c_str());

  std::printf("\n**g**, as `weight_norm` registers it (`weight_g` = norm_except_dim(W, 2, dim)):\n\n");
  std::printf("| dim | shape of weight_g | weight_g |\n|---|---|---|\n");
  std::printf("| 0 (the default) | [3, 1] | %s, %s, %s (one per row) |\n", fixed(by_row.g[0]).c_str(),
              fixed(by_row.g[1]).c_str(), fixed(by_row.g[2]).c_str());
  std::printf("| None | [] | %s (one for the whole tensor) |\n", fixed(whole.g[0]).c_str());

  // The norms the formulas divide by.
  const double frobenius = wn::norm_except_dim(w, 2, wn::kNone)[0];  // v.norm()
  const Tensor per_row = wn::norm_except_dim(by_row.v, 2, 0);        // norm_except_dim(v, 2, 0), shape [3, 1]
  const auto whole_norm = [&](int) { return frobenius; };
  const auto row_norm = [&](int i) { return per_row[i / 3]; };

  struct Row {
    const char* formula;
    const char* dim;
    Tensor result;
  };
  const std::vector<Row> rows = {
      {"`(g / v.norm()) * v` (the user's)", "None", formula(whole.v, whole.g, whole_norm)},
      {"`(g / v.norm()) * v` (the user's)", "0", formula(by_row.v, by_row.g, whole_norm)},
      {"`g * (v / v.norm(dim=1, keepdim=True))`", "0", formula(by_row.v, by_row.g, row_norm)},
      {"`g * (v / torch.norm_except_dim(v, 2, dim=0))`", "0", formula(by_row.v, by_row.g, row_norm)},
      {"`torch._weight_norm(v, g, 0)`", "0", wn::weight_norm(by_row.v, by_row.g, 0)},
      {"`torch._weight_norm(v, g, -1)`", "None", wn::weight_norm(whole.v, whole.g, wn::kNone)},
  };
  std::printf("\n**Rebuilding the weight** from weight_g and weight_v (it should give W back):\n\n");
  std::printf("| formula | g and v from dim | row 0 | row 1 | row 2 | gives W back? |\n|---|---|---|---|---|---|\n");
  for (const Row& r : rows) {
    const double off = max_abs_difference(r.result, w);
    // Within 1e-6 is float32 rounding of values below 1 (TOL-1); 0.01 is far outside it.
    const std::string verdict = off <= 1e-6 ? "yes" : off >= 0.01 ? "**no**: off by up to " + fixed(off) : "unclear";
    std::printf("| %s | %s | %s | %s | %s | %s |\n", r.formula, r.dim, row_of(r.result, 0).c_str(),
                row_of(r.result, 1).c_str(), row_of(r.result, 2).c_str(), verdict.c_str());
  }
  return 0;
}
