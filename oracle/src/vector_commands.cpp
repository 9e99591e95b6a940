#include "vector_commands.hpp"

#include <iostream>
#include <set>

#include "clause_ledger.hpp"
#include "recorder.hpp"
#include "vector_format.hpp"
#include "vector_report.hpp"

namespace wn::oracle {

int run_record(const RecordOptions& options) {
  const auto impl = make_implementation(options.implementation);
  std::cout << "Recording golden vectors from " << impl->name() << " [" << impl->version() << "], seed "
            << options.seed << "\n";
  std::size_t n = 0;
  const VectorFile file = record_vectors(*impl, options.seed, [&](const std::string&) {
    if (++n % 100 == 0) std::cout << "  " << n << " calls made ...\n" << std::flush;
  });
  std::set<std::string> clauses;
  std::size_t errors = 0;
  for (const auto& c : file.cases) {
    clauses.insert(c.clauses.begin(), c.clauses.end());
    errors += c.expect == "error";
  }
  write_vector_file(file, options.out);
  std::cout << "Wrote " << file.cases.size() << " cases (" << errors << " recorded as rejected) to " << options.out
            << "\nClauses exercised:";
  for (const auto& c : clauses) std::cout << " " << c;
  std::cout << "\nNot exercised by a single recorded call (checked by the properties instead):";
  for (const auto& c : wn::testing::spec_clauses()) {
    if (!clauses.count(c.id)) std::cout << " " << c.id;
  }
  std::cout << "\n";
  for (const auto& s : file.skipped) std::cout << "Skipped (not provided by " << impl->name() << "): " << s << "\n";
  return 0;
}

int run_check(const CheckOptions& options) {
  const auto impl = make_implementation(options.implementation);
  std::cout << "Checking " << options.files.size() << " vector file(s) against " << impl->name() << " ["
            << impl->version() << "]\n";
  const SideUnderTest side{impl->name(), impl->version(), impl->known_deviations(),
                           [&](const VectorCase& c) { return observe(*impl, c); }};
  VectorReport report("wn-oracle check", options.verbose, {{"implementation", impl->name()}, {"version", impl->version()}});
  for (const auto& path : options.files) {
    try {
      report.check_file(path, read_vector_file(path), side);
    } catch (const VectorFormatError& e) {
      report.unreadable(path, e);
    }
  }
  return report.finish(options.json_out);
}

}  // namespace wn::oracle
