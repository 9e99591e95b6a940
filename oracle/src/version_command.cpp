#include "version_command.hpp"

#include <iostream>

#include "vector_format.hpp"
#include "wn/adapters/libtorch.hpp"
#include "wn_oracle_config.hpp"

namespace wn::oracle {

int run_version() {
  std::cout << "wn-oracle " << kProjectVersion << "\n"
            << "LibTorch:       " << libtorch_version() << "\n"
            << "build type:     " << kBuildType << "\n"
            << "compiler:       " << kCompiler << "\n"
            << "vector format:  " << kVectorFormatName << " version " << kVectorFormatVersion << "\n";
  return 0;
}

}  // namespace wn::oracle
