// libFuzzer target: wn::oracle::parse_vector_file (spec/16-vector-format.md)
// on arbitrary bytes. Any input either parses or is rejected with
// VectorFormatError; any other exception, a crash, a hang or an unbounded
// allocation (libFuzzer's -malloc_limit_mb/-rss_limit_mb) is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <typeinfo>

#include "vector_format.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)wn::oracle::parse_vector_file(text, "fuzz-input.json");
  } catch (const wn::oracle::VectorFormatError&) {
    // The documented rejection of a bad file.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "parse_vector_file threw %s instead of VectorFormatError: %s\n", typeid(e).name(), e.what());
    std::abort();
  }
  return 0;
}
