#include "report_file.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace wn::oracle {

void write_report_file(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".partial";
  {
    std::ofstream out(tmp);
    if (!out) throw std::runtime_error("cannot write the report " + path);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write the report " + path + " (disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw std::runtime_error("cannot write the report " + path + ": " + ec.message());
}

}  // namespace wn::oracle
