// The commands main.cpp dispatches to, as stubs for fuzz_cli: parsing is
// what is fuzzed, so a command that was parsed only returns 0. The signatures
// are oracle/src/*_command.hpp's (a change there breaks this link, on purpose).
#include "compare_command.hpp"
#include "matrix_command.hpp"
#include "merge_command.hpp"
#include "mutants_command.hpp"
#include "run_command.hpp"
#include "vector_commands.hpp"
#include "version_command.hpp"
#include "wn/adapters/registration.hpp"

// No implementations: only "reference" (always there) is known.
void wn_register_implementations() {}

namespace wn::oracle {
int run_version() { return 0; }
int run_properties(const RunOptions&) { return 0; }
int run_record(const RecordOptions&) { return 0; }
int run_check(const CheckOptions&) { return 0; }
int run_compare(const CompareOptions&) { return 0; }
int run_mutants(const MutantsOptions&) { return 0; }
int run_merge(const MergeOptions&) { return 0; }
int run_matrix(const MatrixOptions&) { return 0; }
int run_matrix_report(const std::string&, const std::string&) { return 0; }
}  // namespace wn::oracle
