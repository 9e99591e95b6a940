#include "clause_ledger.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace wn::testing {

const std::vector<ClauseInfo>& spec_clauses() {
  // Generated at build time from spec/*.md by cmake/ExtractClauses.cmake.
  static const std::vector<ClauseInfo> clauses{
#include "wn_spec_clauses.inc"
  };
  return clauses;
}

bool is_spec_clause(const std::string& id) {
  for (const auto& c : spec_clauses()) {
    if (id == c.id) return true;
  }
  return false;
}

namespace {
std::vector<PropertyRecord>& ledger() {
  static std::vector<PropertyRecord> records;
  return records;
}
}  // namespace

void record(PropertyRecord r) { ledger().push_back(std::move(r)); }

const std::vector<PropertyRecord>& records() { return ledger(); }

void write_ledger_json(const std::string& path, const std::string& executable) {
  nlohmann::json results = nlohmann::json::array();
  for (const auto& r : ledger()) {
    results.push_back({{"test", r.test},
                       {"implementation", r.implementation},
                       {"version", r.version},
                       {"clauses", r.clauses},
                       {"status", r.status},
                       {"cases", r.cases},
                       {"unsupported", r.unsupported},
                       {"seed", r.seed},
                       {"deviations", r.deviations},
                       {"declared_deviations", r.declared_deviations},
                       {"message", r.message},
                       {"rerun", r.rerun}});
  }
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write the property report " + path);
  out << nlohmann::json{{"executable", executable}, {"results", results}}.dump(2) << "\n";
}

}  // namespace wn::testing
