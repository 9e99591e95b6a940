// wn-oracle merge (internal to wn-oracle): the JSON report directories of
// several runs (GoogleTest shards of one suite, on one machine or many) merged
// into one per-clause table, as if one run had written them all.
#pragma once

#include <string>
#include <vector>

namespace wn::oracle {

struct MergeOptions {
  std::vector<std::string> report_dirs;  ///< WN_REPORT_DIR of each shard
  std::string json_out;                  ///< the merged per-clause table as JSON
};

/// Reads every *.json report of every directory into one ClauseTable
/// (properties/summary/clause_table.hpp), prints it, and writes it as JSON
/// when asked. 0 when every clause holds, 1 when a property failed, 2 when a
/// directory is missing, holds no report, or holds an unreadable one.
int run_merge(const MergeOptions& options);

}  // namespace wn::oracle
