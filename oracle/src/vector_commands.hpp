// wn-oracle record and check (internal to wn-oracle).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wn::oracle {

struct RecordOptions {
  std::string implementation = "libtorch";
  std::uint64_t seed = 1;
  std::string out = "vectors.json";
};
/// Records the seeded case set; 0 on success, 2 when it cannot write.
int run_record(const RecordOptions& options);

struct CheckOptions {
  std::string implementation = "libtorch";
  std::vector<std::string> files;
  std::string json_out;    ///< a JSON report of every case, when set
  bool verbose = false;    ///< a line for every case, not only failures
};
/// Replays every file; 0 when every case passes or is skipped and at least
/// one was compared, 1 when one fails, 2 when a file cannot be read (the
/// report then says it is incomplete), 3 when nothing was checked (no cases,
/// or every case skipped).
int run_check(const CheckOptions& options);

}  // namespace wn::oracle
