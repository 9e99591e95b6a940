/// @file
/// Mutants: plausible wrong implementations of weight normalization, each
/// plugged in through wn::Implementation as "mutant:<name>". They exist to
/// prove the property suite's power: every one must be caught (spec AGR-1 and
/// the clauses its mistake breaks; catalog test `mutant_catalog`).
#pragma once

#include <string>
#include <vector>

namespace wn {

/// One mutant of the catalog.
struct MutantInfo {
  std::string name;         ///< "no-keepdim"; registered as "mutant:no-keepdim"
  std::string description;  ///< one line: what it gets wrong
  /// The property family (executable wn_properties_<family>) that must catch
  /// it: "gradients" for mutants whose forward operations are right and whose
  /// first derivatives are wrong (no forward family can see them; families
  /// that use gradients, like training, may catch them too). Empty: any family.
  std::string caught_only_by;
};

/// Every mutant, in a stable order.
const std::vector<MutantInfo>& mutant_catalog();

/// Registers every mutant with wn::register_implementation under
/// "mutant:<name>". Idempotent.
void register_mutants();

/// Registers the harness implementations under "harness:<name>": partial or
/// wrong kernels (float32 only, std::bad_alloc for a rejection, a slow
/// shrink, ...) that test the suite's verdicts themselves; never in the
/// catalog. See mutants/src/harness_implementations.cpp.
void register_harness_implementations();

}  // namespace wn
