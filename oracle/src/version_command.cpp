#include "version_command.hpp"

#include <algorithm>
#include <iostream>

#include "vector_format.hpp"
#include "wn/adapters/implementation.hpp"
#include "wn_oracle_config.hpp"

namespace wn::oracle {

namespace {
// The LibTorch this executable registered, if any (WN_WITH_LIBTORCH=OFF
// builds and a user's suite have none).
std::string registered_libtorch() {
  const auto names = implementation_names();
  if (std::find(names.begin(), names.end(), "libtorch") == names.end()) return "none (not built with LibTorch)";
  return make_implementation("libtorch")->version();
}
}  // namespace

int run_version() {
  std::cout << "wn-oracle " << kProjectVersion << "\n"
            << "LibTorch:       " << registered_libtorch() << "\n"
            << "build type:     " << kBuildType << "\n"
            << "compiler:       " << kCompiler << "\n"
            << "vector format:  " << kVectorFormatName << " version " << kVectorFormatVersion << "\n";
  return 0;
}

}  // namespace wn::oracle
