#include <mutex>

#include "mutant_entry.hpp"

namespace wn {
namespace {

const std::vector<mutants::MutantEntry>& entries() {
  static const std::vector<mutants::MutantEntry> all = [] {
    std::vector<mutants::MutantEntry> v;
    for (auto group : {mutants::dim_mutants, mutants::parameter_mutants, mutants::slice_norm_mutants,
                       mutants::gradient_mutants, mutants::layout_mutants}) {
      for (auto& e : group()) v.push_back(std::move(e));
    }
    return v;
  }();
  return all;
}

}  // namespace

const std::vector<MutantInfo>& mutant_catalog() {
  static const std::vector<MutantInfo> infos = [] {
    std::vector<MutantInfo> v;
    for (const auto& e : entries()) v.push_back(e.info);
    return v;
  }();
  return infos;
}

void register_mutants() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const auto& e : entries()) register_implementation("mutant:" + e.info.name, e.factory);
  });
}

}  // namespace wn
