#include "mutants_command.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "report_file.hpp"
#include "suite_runner.hpp"
#include "wn/mutants/mutants.hpp"

namespace wn::oracle {
namespace fs = std::filesystem;

namespace {

bool has_family(const std::string& name) {
  return std::any_of(families().begin(), families().end(), [&](const Family& f) { return f.name == name; });
}

std::string temp_dir(const std::string& stem) {
  std::string pattern = (fs::temp_directory_path() / (stem + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a temporary directory");
  return pattern;
}

struct Catch {
  std::string family, test;
  long long cases;  // successful cases before the failing one
};

}  // namespace

int run_mutants(const MutantsOptions& options) {
  std::vector<MutantInfo> selected;
  for (const auto& m : mutant_catalog()) {
    const bool gradient = m.caught_only_by == "gradients";
    if (options.group == "forward" && gradient) continue;
    if (options.group == "gradients" && !gradient) continue;
    if (!options.names.empty() && std::find(options.names.begin(), options.names.end(), m.name) == options.names.end()) continue;
    selected.push_back(m);
  }
  for (const auto& n : options.names) {
    if (std::none_of(selected.begin(), selected.end(), [&](const MutantInfo& m) { return m.name == n; })) {
      std::cerr << "wn-oracle mutants: no mutant \"" << n << "\" in group " << options.group << "\n";
      return 2;
    }
  }
  const std::string root = options.report_dir.empty() ? temp_dir("wn-mutants") : options.report_dir;
  std::cout << "Mutant catalog: " << selected.size() << " mutants, each run through " << families().size()
            << " property families at the default case count (reports under " << root << ")\n";

  int not_caught = 0, not_checkable = 0;
  nlohmann::json report{{"mutants", nlohmann::json::array()}};
  if (options.control) {
    const auto runs = run_suite("reference", (fs::path(root) / "control-reference").string());
    int failed = 0;
    for (const auto& r : runs) {
      for (const auto& rec : r.records) failed += rec.at("status") == "failed";
      if (!ran_cleanly(r)) ++failed;
    }
    std::cout << "control: the reference " << (failed == 0 ? "passes the suite" : "FAILS the suite") << "\n";
    if (failed != 0) ++not_caught;
  }

  for (const auto& m : selected) {
    const std::string impl = "mutant:" + m.name;
    std::cout << "\n" << impl << ": " << m.description << "\n";
    if (!m.caught_only_by.empty() && !has_family(m.caught_only_by)) {
      std::cout << "  not yet checkable: no " << m.caught_only_by << " properties in this build (family \""
                << m.caught_only_by << "\" is what must catch it)\n";
      ++not_checkable;
      report["mutants"].push_back({{"name", m.name}, {"description", m.description}, {"status", "not yet checkable"},
                                   {"requires_family", m.caught_only_by}});
      continue;
    }
    const auto start = std::chrono::steady_clock::now();
    const auto runs = run_suite(impl, (fs::path(root) / m.name).string());
    std::vector<Catch> catches, wrong_family;
    std::vector<std::string> crashes;
    for (const auto& r : runs) {
      if (r.crashed) {
        crashes.push_back(r.family.name + (r.timed_out ? " (timed out" : " (exit " + std::to_string(r.exit_code)) +
                          ", log " + r.log_path + ")");
      }
      for (const auto& rec : r.records) {
        if (rec.at("implementation") != impl || rec.at("status") != "failed") continue;
        Catch c{r.family.name, rec.at("test"), rec.at("cases").get<long long>()};
        (m.caught_only_by.empty() || m.caught_only_by == r.family.name ? catches : wrong_family).push_back(c);
      }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::sort(catches.begin(), catches.end(), [](const Catch& a, const Catch& b) { return a.cases < b.cases; });
    for (const auto& c : catches) {
      std::cout << "  caught by " << c.test << " [" << c.family << "] after " << c.cases + 1 << " case"
                << (c.cases == 0 ? "" : "s") << "\n";
    }
    // Other families that use the same operations (training uses gradients) may catch it too;
    // what counts is that the family made for it does.
    for (const auto& c : wrong_family) {
      std::cout << "  also caught by " << c.test << " [" << c.family << "] after " << c.cases + 1 << " cases\n";
    }
    for (const auto& c : crashes) std::cout << "  CRASHED or wrote no report: " << c << "\n";
    const bool ok = !catches.empty() && crashes.empty();
    std::cout << "  => " << (ok ? "CAUGHT" : "NOT CAUGHT") << " by " << catches.size() << " properties"
              << (m.caught_only_by.empty() ? "" : " of family " + m.caught_only_by) << " ("
              << static_cast<int>(seconds * 1000) << " ms)\n";
    if (!ok) ++not_caught;
    nlohmann::json caught = nlohmann::json::array();
    for (const auto* list : {&catches, &wrong_family}) {
      for (const auto& c : *list) caught.push_back({{"test", c.test}, {"family", c.family}, {"cases", c.cases + 1}});
    }
    report["mutants"].push_back({{"name", m.name}, {"description", m.description},
                                 {"status", ok ? "caught" : "not caught"}, {"caught_by", caught},
                                 {"requires_family", m.caught_only_by}, {"crashes", crashes}});
  }
  if (!options.json_out.empty()) write_report_file(options.json_out, report.dump(2) + "\n");

  std::cout << "\n" << selected.size() - static_cast<std::size_t>(not_caught) - static_cast<std::size_t>(not_checkable)
            << " caught, " << not_caught << " not caught (or control failed), " << not_checkable
            << " not yet checkable\n";
  if (not_caught > 0) {
    std::cout << "The runs' reports and logs are kept in " << root << "\n";
    return 1;
  }
  if (options.report_dir.empty()) fs::remove_all(root);  // a temporary directory, and all went as expected
  return not_checkable > 0 ? kNotCheckable : 0;
}

}  // namespace wn::oracle
