// wn-oracle version (internal to wn-oracle).
#pragma once

namespace wn::oracle {
/// Prints the LibTorch version, the build type, the compiler and the vector format version.
int run_version();
}  // namespace wn::oracle
