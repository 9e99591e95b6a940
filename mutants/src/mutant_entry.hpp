// How the mutant files hand their mutants to the catalog (internal).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "wn/adapters/implementation.hpp"
#include "wn/mutants/mutants.hpp"
#include "wrapped_reference.hpp"

namespace wn::mutants {

struct MutantEntry {
  MutantInfo info;
  ImplementationFactory factory;
};

/// The entry of mutant class M (which has kName and kDescription).
template <class M>
MutantEntry entry(std::string caught_only_by = "") {
  return {{M::kName, M::kDescription, std::move(caught_only_by)},
          +[]() -> std::unique_ptr<Implementation> { return std::make_unique<M>(); }};
}

std::vector<MutantEntry> slice_norm_mutants();  // slice_norm_mutants.cpp
std::vector<MutantEntry> dim_mutants();         // dim_mutants.cpp
std::vector<MutantEntry> parameter_mutants();   // parameter_mutants.cpp
std::vector<MutantEntry> gradient_mutants();    // gradient_mutants.cpp
std::vector<MutantEntry> layout_mutants();      // layout_mutants.cpp

}  // namespace wn::mutants

/// Gives a mutant class its name, its one-line description and a default
/// constructor passing both to `Base`.
#define WN_MUTANT(Class, Base, name, description)               \
  static constexpr const char* kName = name;                    \
  static constexpr const char* kDescription = description;      \
  Class() : Base(kName, kDescription) {}
