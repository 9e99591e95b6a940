// Writing a report file, or saying clearly that it could not be written
// (internal to wn-oracle).
#pragma once

#include <string>

namespace wn::oracle {
/// Writes `text` to `path` (via a temporary file, renamed, so that no
/// half-written report is left under the name). Throws std::runtime_error
/// naming the path when it cannot.
void write_report_file(const std::string& path, const std::string& text);
}  // namespace wn::oracle
