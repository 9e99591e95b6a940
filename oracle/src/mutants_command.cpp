#include "mutants_command.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "report_file.hpp"
#include "suite_runner.hpp"
#include "wn/adapters/implementation.hpp"
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

constexpr const char* kHarnessPrefix = "harness:";

// What the catalog runs for `m`: "mutant:<name>", or a harness's own name.
std::string implementation_of(const MutantInfo& m) {
  return m.name.rfind(kHarnessPrefix, 0) == 0 ? m.name : "mutant:" + m.name;
}

struct Catch {
  std::string family, test;
  long long cases;  // successful cases before the failing one
};


// Every mutant's runs, by implementation name ("mutant:<name>"). One
// process per family runs all the mutants: start-up (loading LibTorch, about
// 0.6 s) is most of a family's time on a mutant, so the catalog costs about
// one suite run instead of one per mutant. A family whose shared run crashed
// or timed out is run again for each mutant alone, so that a crash is
// reported against the mutant that caused it and the others are still judged.
std::map<std::string, std::vector<FamilyRun>> run_checkable(const std::vector<MutantInfo>& mutants,
                                                            const std::string& root) {
  std::vector<std::string> names;
  for (const auto& m : mutants) names.push_back(implementation_of(m));
  std::map<std::string, std::vector<FamilyRun>> by_impl;
  if (names.empty()) return by_impl;
  const auto shared = run_suite(names, (fs::path(root) / "all-mutants").string(), {},
                                [](std::size_t i, std::size_t n, const Family& f) {
                                  std::cout << "[" << i + 1 << "/" << n << "] " << f.name << "\n" << std::flush;
                                });
  for (const auto& run : shared) {
    if (run.crashed) {
      std::cout << "  " << run.family.name << (run.timed_out ? " timed out" : " crashed")
                << " with every mutant (log " << run.log_path << "): running it for each mutant alone\n";
      for (const auto& name : names) {
        std::string dir_name = name;
        for (char& c : dir_name) c = c == ':' ? '_' : c;
        const std::string dir = (fs::path(root) / dir_name).string();
        by_impl[name].push_back(run_suite({name}, dir, {run.family.name}).at(0));
      }
      continue;
    }
    for (const auto& name : names) {
      FamilyRun own = run;
      own.records.clear();
      for (const auto& rec : run.records) {
        if (rec.at("implementation") == name) own.records.push_back(rec);
      }
      own.crashed = own.records.empty();  // every family reports on every implementation it is given
      by_impl[name].push_back(std::move(own));
    }
  }
  return by_impl;
}

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
  // The harness implementations (tests of the oracle itself) are named in
  // full; never part of the catalog, they run only when asked for.
  const auto registered = implementation_names();
  for (const auto& n : options.names) {
    if (n.rfind(kHarnessPrefix, 0) == 0 && std::count(registered.begin(), registered.end(), n)) {
      selected.push_back({n, "a harness implementation (a test of the oracle itself)", ""});
    }
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
    // On its own: the control must also exit cleanly, which a shared run's
    // exit status (failed by the mutants) cannot tell.
    const auto runs = run_suite({"reference"}, (fs::path(root) / "control-reference").string());
    int failed = 0;
    for (const auto& r : runs) {
      for (const auto& rec : r.records) failed += rec.at("status") == "failed";
      if (!ran_cleanly(r)) ++failed;
    }
    std::cout << "control: the reference " << (failed == 0 ? "passes the suite" : "FAILS the suite") << "\n";
    if (failed != 0) ++not_caught;
  }

  std::vector<MutantInfo> checkable;
  for (const auto& m : selected) {
    if (m.caught_only_by.empty() || has_family(m.caught_only_by)) checkable.push_back(m);
  }
  const auto start = std::chrono::steady_clock::now();
  const auto runs = run_checkable(checkable, root);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "(" << checkable.size() << " mutants through " << families().size() << " families in "
            << static_cast<int>(seconds * 1000) << " ms)\n";

  for (const auto& m : selected) {
    const std::string impl = implementation_of(m);
    std::cout << "\n" << impl << ": " << m.description << "\n";
    if (!m.caught_only_by.empty() && !has_family(m.caught_only_by)) {
      std::cout << "  not yet checkable: no " << m.caught_only_by << " properties in this build (family \""
                << m.caught_only_by << "\" is what must catch it)\n";
      ++not_checkable;
      report["mutants"].push_back({{"name", m.name}, {"description", m.description}, {"status", "not yet checkable"},
                                   {"requires_family", m.caught_only_by}});
      continue;
    }
    std::vector<Catch> catches, wrong_family;
    std::vector<std::string> crashes;
    for (const auto& r : runs.at(impl)) {
      if (r.crashed) {
        crashes.push_back(r.family.name + (r.timed_out ? " (timed out" : " (exit " + std::to_string(r.exit_code)) +
                          ", log " + r.log_path + ")");
      }
      for (const auto& rec : r.records) {
        if (rec.at("status") != "failed") continue;
        Catch c{r.family.name, rec.at("test"), rec.at("cases").get<long long>()};
        (m.caught_only_by.empty() || m.caught_only_by == r.family.name ? catches : wrong_family).push_back(c);
      }
    }
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
              << (m.caught_only_by.empty() ? "" : " of family " + m.caught_only_by) << "\n";
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
