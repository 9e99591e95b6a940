// wn_accuracy: prints the accuracy table (spec TOL-3): the largest and mean
// error, in ulps of the exact MPFR result, of each implementation for each
// dtype, value regime and operation. Exit status 1 when the reference misses
// its own goals (TOL-2), so scripts notice.
#include <cstdlib>
#include <iostream>
#include <sstream>
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
      << " [--cases N] [--seed S] [--regimes a,b] [--implementations reference,libtorch] [--dtypes float32,float64]\n"
         "Prints, per dtype, value regime and operation, the largest and mean error in ulps of the exact\n"
         "(MPFR, 256-bit) result. Regimes:\n";
  for (const auto& r : wn::accuracy::regimes()) std::cout << "  " << r.name << ": " << r.description << "\n";
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
  const auto violations = wn::accuracy::reference_goal_violations(rows, 0.5 + 1e-9);
  if (!violations.empty()) {
    std::cout << "\nThe reference misses its goals (TOL-2):\n";
    for (const auto& v : violations) std::cout << "- " << v << "\n";
    return 1;
  }
  std::cout << "\nThe reference meets its goals (TOL-2): norm within 0.5 ulp, weight within 1 ulp, no overflow.\n";
  return 0;
}
