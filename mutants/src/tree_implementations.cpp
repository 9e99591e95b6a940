// The implementations this tree's executables test (the property families,
// wn-oracle, the accuracy goals): the reference (always registered),
// LibTorch when the tree is built with it (WN_WITH_LIBTORCH), the mutants
// and the harness implementations. A user's suite links its own definition
// of wn_register_implementations instead (weightnorm_oracle_add_suite).
#include "wn/adapters/implementation.hpp"
#include "wn/adapters/registration.hpp"
#include "wn/mutants/mutants.hpp"
#if WN_WITH_LIBTORCH
#include "wn/adapters/libtorch.hpp"
#endif

void wn_register_implementations() {
#if WN_WITH_LIBTORCH
  wn::register_libtorch_implementation();
  wn::set_default_implementations({"reference", "libtorch"});
#endif
  wn::register_mutants();                  // WN_IMPLEMENTATIONS may name mutant:<name>
  wn::register_harness_implementations();  // ... or harness:<name> (tests of the verdicts)
}
