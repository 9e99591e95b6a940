// wn_accuracy: prints the accuracy table (spec TOL-3): the largest and mean
// error, in ulps of the exact MPFR result, of each implementation for each
// dtype, value regime and operation (norm, compose, and the two gradients).
// Exit status 1 when the reference misses its own goals (TOL-2), so scripts
// notice.
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "wn/accuracy/measure.hpp"

namespace {

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string item; std::getline(ss, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

int usage(const char* argv0, int status) {
  (status == 0 ? std::cout : std::cerr)
      << "usage: " << argv0
      << " [--cases N] [--seed S] [--regimes a,b] [--operations a,b] [--implementations reference,libtorch]\n"
         "       [--dtypes float32,float64]\n"
         "Prints, per dtype, value regime and operation, the largest and mean error in ulps of the exact\n"
         "(MPFR, 256-bit or more) result. Regimes:\n";
  for (const auto& r : wn::accuracy::regimes()) std::cout << "  " << r.name << ": " << r.description << "\n";
  std::cout << "Operations:";
  for (const auto& o : wn::accuracy::operations()) std::cout << " " << o.name;
  std::cout << "\n";
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  wn::accuracy::Plan plan;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") return usage(argv[0], 0);
    if (i + 1 >= argc) return usage(argv[0], 2);
    const std::string value = argv[++i];
    try {
      if (arg == "--cases") {
        plan.cases_per_regime = std::stoi(value);
      } else if (arg == "--seed") {
        plan.seed = std::stoull(value);
      } else if (arg == "--regimes") {
        plan.regimes = split(value);
      } else if (arg == "--operations") {
        plan.operations = split(value);
        for (const auto& name : plan.operations) {
          const auto& all = wn::accuracy::operations();
          if (std::none_of(all.begin(), all.end(), [&](const auto& o) { return o.name == name; })) {
            throw std::invalid_argument("no operation named " + name);
          }
        }
      } else if (arg == "--implementations") {
        plan.implementations = split(value);
      } else if (arg == "--dtypes") {
        plan.dtypes.clear();
        for (const auto& d : split(value)) plan.dtypes.push_back(wn::parse_dtype(d, "--dtypes"));
      } else {
        return usage(argv[0], 2);
      }
    } catch (const std::exception& e) {
      std::cerr << "wn_accuracy: bad value \"" << value << "\" for " << arg << ": " << e.what() << "\n";
      return 2;
    }
  }
  const auto rows = wn::accuracy::measure(plan);
  std::cout << "Errors in ulps of the exact result (MPFR, 256 bits); " << plan.cases_per_regime
            << " cases per small regime, seed " << plan.seed << ".\n\n";
  wn::accuracy::print_table(rows, std::cout);
  std::cout << "\nRegimes:\n";
  for (const auto& r : wn::accuracy::regimes()) std::cout << "- " << r.name << ": " << r.description << "\n";
  std::cout << "\nColumns: max / bound is the largest |error| / derived bound (TOL-1 for norm_except_dim and\n"
               "compose; (3n + 9) u M, gradient_tolerance.hpp, for backward:grad_v and backward:grad_g, the\n"
               "gradients of weight_norm_backward for grad_w uniform in [-2, 2]); max / claim the largest\n"
               "|error| / the reference's stated accuracy (0.5 ulp norm, 1 ulp weight, 1 ulp + n 2^-62 M gradient);\n"
               "nonzero for 0 counts gradient elements whose exact value is 0 and the computed one is not (no\n"
               "error in ulps: left out of max and mean ulps, included in max / bound and max / claim).\n";
  const auto violations = wn::accuracy::reference_goal_violations(rows, 0.5 + 1e-9);
  if (!violations.empty()) {
    std::cout << "\nThe reference misses its goals (TOL-2):\n";
    for (const auto& v : violations) std::cout << "- " << v << "\n";
    return 1;
  }
  std::cout << "\nThe reference meets its goals (TOL-2): norm within 0.5 ulp, weight within 1 ulp, gradients within\n"
               "1 ulp + n 2^-62 M, no overflow.\n";
  return 0;
}
