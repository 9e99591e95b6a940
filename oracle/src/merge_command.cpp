#include "merge_command.hpp"

#include <filesystem>
#include <iostream>

#include "clause_table.hpp"
#include "report_file.hpp"

namespace wn::oracle {

int run_merge(const MergeOptions& options) {
  wn::testing::ClauseTable table;
  int total = 0;
  for (const auto& dir : options.report_dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      std::cerr << "wn-oracle merge: argument 'report_dirs' is \"" << dir
                << "\"; expected a directory of property reports (a WN_REPORT_DIR)\n";
      return 2;
    }
    // A shard that wrote nothing ran nothing: merging it silently would
    // report its clauses as if they had been checked elsewhere.
    const int read = table.add_directory(dir);
    if (read == 0) {
      std::cerr << "wn-oracle merge: argument 'report_dirs' is \"" << dir
                << "\", which holds no *.json report; expected the reports of one shard\n";
      return 2;
    }
    std::cout << dir << ": " << read << " report" << (read == 1 ? "" : "s") << "\n";
    total += read;
  }
  std::cout << "Merged " << total << " reports from " << options.report_dirs.size() << " directories\n";
  table.print(std::cout);
  if (!options.json_out.empty()) write_report_file(options.json_out, table.to_json().dump(2) + "\n");
  return table.all_hold() ? 0 : 1;
}

}  // namespace wn::oracle
