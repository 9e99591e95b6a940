#include "vector_report.hpp"

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <memory>
#include <set>

#include "deviation_excuse.hpp"
#include "report_file.hpp"

namespace wn::oracle {

namespace {
std::string join(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : " ") + i;
  return s;
}

bool declares(const std::vector<std::string>& deviations, const std::string& id) {
  return std::find(deviations.begin(), deviations.end(), id) != deviations.end();
}

// The spec's side of an excused difference: one reference per process, not
// one per differing case.
const Implementation& spec_reference() {
  static const std::unique_ptr<Implementation> reference = make_implementation("reference");
  return *reference;
}

// A failed case that cites a documented deviation (DEV-*) which exactly one
// side declares, the recording's producer or the side under test, is
// excused (VEC-7) only when the call is in the deviation's domain, the
// declaring side did exactly what the deviation's model says (values within
// the case's tolerance, or the documented rejection) and the other side did
// what the spec says (the reference). Anything else stays a failure: citing
// a DEV id explains only the difference its model predicts.
void excuse_documented_deviation(CaseResult& r, const VectorCase& c, const Producer& producer,
                                 const SideUnderTest& side, const Observation& observed) {
  for (const auto& id : c.clauses) {
    if (id.rfind("DEV-", 0) != 0) continue;
    const bool by_producer = declares(producer.deviations, id);
    if (by_producer == declares(side.deviations, id)) continue;
    const std::optional<CallOutcome> model = deviation_model(id, c);
    if (!model) continue;
    const CallOutcome recorded = recorded_outcome(c);
    const CallOutcome replayed{observed.kind == Observation::Kind::Rejected, observed.outputs};
    const CallOutcome& deviating = by_producer ? recorded : replayed;
    const CallOutcome& other = by_producer ? replayed : recorded;
    const CallOutcome spec = replayed_outcome(spec_reference(), c);
    if (!same_outcome(deviating, *model, c) || !same_outcome(other, spec, c)) continue;
    r.status = "deviation";
    r.message = "differs as documented deviation " + id + " of " + (by_producer ? producer.implementation : side.name) +
                " says (its model matched): " + r.message;
    return;
  }
}
}  // namespace

VectorReport::VectorReport(std::string command, bool verbose, nlohmann::json header)
    : command_(std::move(command)), verbose_(verbose), report_(std::move(header)) {
  report_["files"] = nlohmann::json::array();
}

void VectorReport::unreadable(const std::string& path, const VectorFormatError& e) {
  std::cout << std::flush;
  std::cerr << command_ << ": " << e.what() << "\n" << std::flush;
  unreadable_.push_back(path);
  report_["files"].push_back({{"file", path}, {"error", e.what()}, {"case", e.case_id()}, {"field", e.field()}});
}

void VectorReport::check_file(const std::string& path, const VectorFile& file, const SideUnderTest& side) {
  std::cout << "\n" << path << ": " << file.cases.size() << " cases by " << file.producer.name << " from "
            << file.producer.implementation << " [" << file.producer.version << "]\n";
  for (const auto& note : file.skipped) std::cout << "  (the recording has no cases of " << note << ")\n";
  int fp = 0, ff = 0, fs = 0, fd = 0;
  double worst_ulps = 0.0, worst_rel = 0.0;
  nlohmann::json cases = nlohmann::json::array();
  std::set<std::string> skipped_ops;
  for (const auto& c : file.cases) {
    const Observation observed = side.observe(c);
    CaseResult r = judge_case(c, observed);
    if (r.status == "failed") excuse_documented_deviation(r, c, file.producer, side, observed);
    if (r.status == "passed") ++fp;
    if (r.status == "failed") ++ff;
    if (r.status == "deviation") ++fd;
    if (r.status == "skipped") {
      ++fs;
      skipped_ops.insert(c.operation);
    }
    worst_ulps = std::max(worst_ulps, r.max_ulps);
    worst_rel = std::max(worst_rel, r.max_rel);
    if (r.status == "failed" || r.status == "deviation" || verbose_) {
      std::cout << "  " << std::left << std::setw(10) << (r.status == "failed" ? "FAIL" : r.status) << c.id << " dim "
                << (c.dim ? std::to_string(*c.dim) : "none") << " [" << join(c.clauses) << "]: max " << r.max_ulps
                << " ulp, rel " << r.max_rel << (r.message.empty() ? "" : "\n             " + r.message) << "\n";
    }
    cases.push_back({{"id", c.id}, {"operation", c.operation}, {"status", r.status}, {"max_ulps", r.max_ulps},
                     {"max_rel", r.max_rel}, {"message", r.message}, {"clauses", c.clauses}});
  }
  std::cout << "  " << fp << " passed, " << ff << " FAILED, " << fd << " differ at documented deviations, " << fs
            << " skipped";
  if (!skipped_ops.empty()) {
    std::cout << " (" << side.name << " does not provide:";
    for (const auto& op : skipped_ops) std::cout << " " << op;
    std::cout << ")";
  }
  std::cout << "; largest difference " << worst_ulps << " ulp, " << worst_rel << " relative\n";
  passed_ += fp;
  failed_ += ff;
  skipped_ += fs;
  deviations_ += fd;
  report_["files"].push_back(
      {{"file", path}, {"passed", fp}, {"failed", ff}, {"deviations", fd}, {"skipped", fs}, {"cases", cases}});
}

int VectorReport::finish(const std::string& json_out) {
  const bool complete = unreadable_.empty();
  report_["complete"] = complete;
  report_["totals"] = {{"passed", passed_}, {"failed", failed_}, {"deviations", deviations_}, {"skipped", skipped_}};
  if (!json_out.empty()) write_report_file(json_out, report_.dump(2) + "\n");
  std::cout << "\nSummary: " << passed_ << " passed, " << failed_ << " failed, " << deviations_
            << " differ at documented deviations, " << skipped_ << " skipped";
  if (!complete) {
    std::cout << "; INCOMPLETE: " << unreadable_.size() << " file(s) could not be read:";
    for (const auto& f : unreadable_) std::cout << " " << f;
  }
  std::cout << "\n";
  if (!complete) return 2;
  if (failed_ > 0) return 1;
  // No case compared (no cases, or every one skipped): a "holds" would be
  // earned by no check at all, so it is its own status.
  if (passed_ + deviations_ == 0) {
    std::cout << "nothing was checked\n";
    return 3;
  }
  return 0;
}

}  // namespace wn::oracle
