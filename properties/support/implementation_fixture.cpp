#include "implementation_fixture.hpp"

#include <cstdlib>
#include <sstream>

namespace wn::testing {
namespace {
std::string& current_name() {
  static std::string name;
  return name;
}
}  // namespace

std::vector<std::string> selected_implementations() {
  const char* env = std::getenv("WN_IMPLEMENTATIONS");
  if (env == nullptr || *env == '\0') return {"reference", "libtorch"};
  std::vector<std::string> names;
  std::stringstream ss(env);
  for (std::string item; std::getline(ss, item, ',');) {
    if (!item.empty()) names.push_back(item);
  }
  return names;
}

const std::string& current_implementation_name() { return current_name(); }

void PropertyTest::SetUp() {
  impl_ = make_implementation(GetParam());  // throws, naming the known ones, for an unknown name
  reference_ = make_implementation("reference");
  current_name() = GetParam();
}

void PropertyTest::TearDown() { current_name().clear(); }

std::string implementation_param_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

}  // namespace wn::testing
