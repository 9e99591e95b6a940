#include "clause_table.hpp"

#include <fstream>
#include <iomanip>
#include <ostream>
#include <stdexcept>

#include "clause_ledger.hpp"

namespace wn::testing {
namespace {
bool is_deviation(const std::string& id) { return id.rfind("DEV-", 0) == 0; }
}  // namespace

void ClauseTable::add_report(const nlohmann::json& report) {
  for (const auto& r : report.at("results")) {
    const std::string impl = r.at("implementation");
    // A "not run" record carries no version (the implementation was never
    // made); its column stays, named so, until a run record gives one.
    const std::string version = r.at("version");
    if (!version.empty()) versions_[impl] = version;
    else versions_.emplace(impl, "not run");
    for (const std::string d : r.at("declared_deviations")) declared_[impl].insert(d);
    std::string clause_list;
    for (const std::string clause : r.at("clauses")) {
      clause_list += (clause_list.empty() ? "" : " ") + clause;
      Cell& cell = cells_[{clause, impl}];
      const std::string status = r.at("status");
      cell.passed += status == "passed";
      cell.failed += status == "failed";
      cell.not_applicable += status == "not applicable";
      cell.not_run += status == "not run";
      cell.cases += r.at("cases").get<long long>();
      cell.unsupported += r.value("unsupported", 0LL);
      for (const auto& [tag, n] : r.at("deviations").items()) {
        if (is_deviation(tag) && !is_deviation(clause)) cell.deviations.insert(tag);
      }
    }
    for (const auto& [tag, n] : r.at("deviations").items()) {
      if (is_deviation(tag)) observed_[{tag, impl}] += n.get<long long>();
      if (tag.rfind("spec-in:", 0) == 0) spec_in_[{tag.substr(8), impl}] += n.get<long long>();
      if (tag.rfind("refused:", 0) == 0) refused_[{tag.substr(8), impl}] += n.get<long long>();
    }
    if (r.at("status") == "failed") {
      failures_.push_back({clause_list, impl, r.at("test"), r.at("rerun"), r.value("message", "")});
    }
  }
}

int ClauseTable::add_directory(const std::filesystem::path& dir) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    try {
      nlohmann::json doc;
      std::ifstream(entry.path()) >> doc;
      add_report(doc);
    } catch (const std::exception& e) {
      throw std::runtime_error("cannot read " + entry.path().string() + ": " + e.what());
    }
    ++files;
  }
  return files;
}

std::string ClauseTable::status(const std::string& clause, const std::string& impl) const {
  auto count = [&](const auto& map) {
    const auto it = map.find({clause, impl});
    return it == map.end() ? 0LL : it->second;
  };
  if (is_deviation(clause)) {
    const auto d = declared_.find(impl);
    const bool is_declared = d != declared_.end() && d->second.count(clause) > 0;
    const long long observed = count(observed_), spec = count(spec_in_), refused = count(refused_);
    std::string s;
    if (observed > 0) {
      s = "observed (" + std::to_string(observed) + "c";
      if (spec > 0) s += "; spec behaviour in " + std::to_string(spec) + "c";
      if (refused > 0) s += "; " + std::to_string(refused) + "c refused by the adapter";
      return s + ")";
    }
    if (!is_declared) return "-";
    if (spec > 0) return "declared, NOT observed (spec behaviour in " + std::to_string(spec) + "c)";
    if (refused > 0) return "refused by the adapter, not observed (" + std::to_string(refused) + "c)";
    return "not run";
  }
  const auto it = cells_.find({clause, impl});
  if (it == cells_.end()) {
    // "-": checked, but for other implementations only (the MOD clauses are
    // PyTorch's module, checked through Python). No one at all: a gap.
    for (const auto& [key, cell] : cells_) {
      if (key.first == clause) return "-";
    }
    return partial_ ? "not run" : "NO PROPERTY";
  }
  const Cell& cell = it->second;
  if (cell.failed > 0) {
    return "FAILS (" + std::to_string(cell.failed) + " of " + std::to_string(cell.failed + cell.passed) + " properties)";
  }
  if (cell.passed == 0) return cell.not_applicable > 0 ? "not applicable" : "not run";
  std::string s = "holds";
  if (!cell.deviations.empty()) {
    s += " except";
    for (const auto& id : cell.deviations) s += " " + id;
  }
  s += " (" + std::to_string(cell.passed) + "p/" + std::to_string(cell.cases) + "c";
  if (cell.unsupported > 0) s += ", " + std::to_string(cell.unsupported) + " unsupported";
  if (cell.not_applicable > 0) s += ", " + std::to_string(cell.not_applicable) + "p n/a";
  if (cell.not_run > 0) s += ", " + std::to_string(cell.not_run) + "p not run";
  return s + ")";
}

void ClauseTable::print(std::ostream& os) const {
  os << "\nPer-clause summary (p = properties, c = cases)\n";
  for (const auto& [impl, version] : versions_) os << "  " << impl << ": " << version << "\n";
  os << "\n" << std::left << std::setw(9) << "clause";
  for (const auto& [impl, version] : versions_) os << std::setw(44) << impl;
  os << "title\n";
  for (const auto& clause : spec_clauses()) {
    os << std::setw(9) << clause.id;
    for (const auto& [impl, version] : versions_) os << std::setw(44) << status(clause.id, impl);
    os << clause.title << "\n";
  }
  std::map<std::string, int> counts;  // status word -> cells
  for (const auto& clause : spec_clauses()) {
    for (const auto& [impl, version] : versions_) {
      const std::string st = status(clause.id, impl);
      counts[st.substr(0, st.find(" ("))]++;
    }
  }
  os << "\nCells:";
  for (const auto& [word, n] : counts) os << "  " << word << ": " << n << ";";
  os << "\n";
  for (const auto& f : failures_) {
    os << "\nFAILED " << f.test << " [" << f.clauses << "] for " << f.implementation << "\n  re-run: " << f.rerun << "\n";
  }
  os << (failures_.empty() ? "\nEvery clause holds, or holds except where a documented deviation applies.\n"
                           : "\nSome clauses FAIL: see above.\n");
}

nlohmann::json ClauseTable::to_json() const {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& clause : spec_clauses()) {
    nlohmann::json row{{"clause", clause.id}, {"title", clause.title}, {"file", clause.file}};
    row["status"] = nlohmann::json::object();
    for (const auto& [impl, version] : versions_) row["status"][impl] = status(clause.id, impl);
    rows.push_back(row);
  }
  return {{"versions", versions_}, {"clauses", rows}};
}

}  // namespace wn::testing
