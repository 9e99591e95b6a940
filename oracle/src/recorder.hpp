/// @file
/// The seeded case set of `wn-oracle record` (spec VEC-5): every operation,
/// every dtype, ranks 1 to 4 with every dim, other powers, zero slices,
/// non-finite and extreme values, and invalid calls.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "vector_format.hpp"
#include "wn/adapters/implementation.hpp"

namespace wn::oracle {



/// Records the case set drawn with `seed` from `impl`. Operations `impl` does
/// not provide are left out and listed in VectorFile::skipped. `progress` is
/// told each case id as it is recorded.
VectorFile record_vectors(const Implementation& impl, std::uint64_t seed,
                          const std::function<void(const std::string&)>& progress = {});

}  // namespace wn::oracle
