#include "compare_command.hpp"

#include <iostream>

#include "actual_outputs.hpp"
#include "vector_report.hpp"

namespace wn::oracle {

int run_compare(const CompareOptions& options) {
  VectorFile expected;
  ActualFile actual;
  // The vector file first: the actual outputs are read against its cases.
  std::string reading = options.expected;
  try {
    expected = read_vector_file(options.expected);
    reading = options.actual;
    actual = read_actual_file(options.actual, expected);
  } catch (const VectorFormatError& e) {
    std::cout << "Comparing " << options.actual << " with " << options.expected << "\n";
    VectorReport report("wn-oracle compare", options.verbose, {{"actual", options.actual}});
    report.unreadable(reading, e);
    return report.finish(options.json_out);
  }
  const Producer& p = actual.producer;
  std::cout << "Comparing the outputs of " << p.implementation << " [" << p.version << "] in " << options.actual
            << " (by " << p.name << ") with 1 vector file\n";
  const SideUnderTest side{p.implementation, p.version, p.deviations,
                           [&](const VectorCase& c) { return actual.results.at(c.id); }};
  VectorReport report("wn-oracle compare", options.verbose,
                      {{"implementation", p.implementation}, {"version", p.version}, {"actual", options.actual}});
  report.check_file(options.expected, expected, side);
  return report.finish(options.json_out);
}

}  // namespace wn::oracle
