// The implementations this tree's executables test (the property families,
// wn-oracle, the accuracy goals): the reference (always registered),
// LibTorch when the tree is built with it (WN_WITH_LIBTORCH), the mutants
// and the harness implementations. A user's suite links its own definition
// of wn_register_implementations instead (weightnorm_oracle_add_suite).
#include "wn/adapters/implementation.hpp"
#include "wn/adapters/registration.hpp"
#include "wn/mutants/mutants.hpp"
#if WN_WITH_LIBTORCH
#include <dlfcn.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#endif

#if WN_WITH_LIBTORCH
namespace {
// LibTorch is loaded when "libtorch" is first made, not when a process
// starts. Why: Debian's LibTorch 1.13 brings 285 shared libraries (OpenCV,
// FFmpeg, GDAL...) and registers its operators at load time, 0.75 s of
// every start (measured 2026-12-03: `wn_properties_gradients
// --gtest_filter=NONE`, 0.74-0.85 s, 68% of the loader's time in
// relocations), and most of this tree's processes never call it: the
// properties' reference instances, and most wn-oracle commands (files,
// tables, the matrix).
std::filesystem::path libtorch_module() {
  // Installed: in the library directory beside wn-oracle's; in the build
  // tree: where CMake built it.
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path() / WN_LIBTORCH_MODULE_FROM_BINDIR;
    if (std::filesystem::exists(installed, ec)) return installed;
  }
  return WN_LIBTORCH_MODULE_BUILT;
}

std::unique_ptr<wn::Implementation> make_libtorch() {
  using Make = wn::Implementation* (*)();
  static const Make make = [] {
    const std::string path = libtorch_module().string();
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);  // never closed: its objects live on
    if (handle == nullptr) {
      throw std::runtime_error("cannot load the LibTorch adapter " + path + ": " + dlerror());
    }
    auto* entry = reinterpret_cast<Make>(dlsym(handle, "wn_make_libtorch_implementation"));
    if (entry == nullptr) throw std::runtime_error(path + " has no wn_make_libtorch_implementation");
    return entry;
  }();
  return std::unique_ptr<wn::Implementation>(make());
}
}  // namespace
#endif

void wn_register_implementations() {
#if WN_WITH_LIBTORCH
  wn::register_implementation("libtorch", make_libtorch);
  wn::set_default_implementations({"reference", "libtorch"});
#endif
  wn::register_mutants();                  // WN_IMPLEMENTATIONS may name mutant:<name>
  wn::register_harness_implementations();  // ... or harness:<name> (tests of the verdicts)
}
