// The LibTorch adapter as a module that this tree's executables load when
// they first make the "libtorch" implementation (mutants/src/
// tree_implementations.cpp), not at start-up: see the measurement there.
// One C entry point, so that dlsym finds it by a plain name.
#include "wn/adapters/libtorch.hpp"

/// A new LibTorch implementation (wn::make_libtorch_implementation), owned by
/// the caller, which deletes it through Implementation's virtual destructor.
extern "C" __attribute__((visibility("default"))) wn::Implementation* wn_make_libtorch_implementation() {
  return wn::make_libtorch_implementation().release();
}
