#include "implementation_fixture.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace wn::testing {
namespace {
std::string& current_name() {
  static std::string name;
  return name;
}

bool& current_selected() {
  static bool selected = false;
  return selected;
}

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> names;
  std::stringstream ss(list);
  for (std::string item; std::getline(ss, item, ',');) {
    if (!item.empty() && std::find(names.begin(), names.end(), item) == names.end()) names.push_back(item);
  }
  return names;
}

}  // namespace

std::vector<std::string> default_implementations() { return wn::default_implementations(); }

std::vector<std::string> selected_implementations() {
  const char* env = std::getenv("WN_IMPLEMENTATIONS");
  if (env == nullptr || *env == '\0') return default_implementations();
  return split_names(env);
}

std::vector<std::string> instantiated_implementations() {
  std::vector<std::string> names = default_implementations();
  for (const auto& n : selected_implementations()) {
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  }
  return names;
}

const std::string& current_implementation_name() { return current_name(); }

bool implementation_selected() { return current_selected(); }

void PropertyTest::SetUp() {
  current_name() = GetParam();
  const auto selected = selected_implementations();
  current_selected() = std::find(selected.begin(), selected.end(), GetParam()) != selected.end();
  if (!current_selected()) return;  // check_property records "not run" and skips
  impl_ = make_implementation(GetParam());  // capability-guarded; throws, naming the known ones, for an unknown name
  reference_ = make_implementation("reference");
}

void PropertyTest::TearDown() {
  current_name().clear();
  current_selected() = false;
}

std::string implementation_param_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

}  // namespace wn::testing
