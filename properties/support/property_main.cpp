// main() of every property executable: GoogleTest, plus a listener that
// writes this run's per-clause results as JSON into $WN_REPORT_DIR (when set)
// for wn_clause_summary.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "clause_ledger.hpp"
#include "wn/mutants/mutants.hpp"

namespace {

class LedgerWriter : public ::testing::EmptyTestEventListener {
 public:
  explicit LedgerWriter(std::string executable) : executable_(std::move(executable)) {}

  void OnTestProgramEnd(const ::testing::UnitTest&) override {
    const char* dir = std::getenv("WN_REPORT_DIR");
    if (dir == nullptr || *dir == '\0' || wn::testing::records().empty()) return;
    // One file per process: CTest runs each test in its own process, so the
    // file is named after the tests it ran; a re-run overwrites its own file.
    std::string name = executable_;
    for (const auto& r : wn::testing::records()) name += "__" + r.test;
    for (char& c : name) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') c = '_';
    }
    if (name.size() > 200) name = name.substr(0, 180) + "_" + std::to_string(std::hash<std::string>{}(name));
    std::filesystem::create_directories(dir);
    wn::testing::write_ledger_json(std::string(dir) + "/" + name + ".json", executable_);
  }

 private:
  std::string executable_;
};

}  // namespace

int main(int argc, char** argv) {
  wn::register_mutants();  // WN_IMPLEMENTATIONS may name mutant:<name>
  ::testing::InitGoogleTest(&argc, argv);
  const std::string exe = std::filesystem::path(argv[0]).filename().string();
  ::testing::UnitTest::GetInstance()->listeners().Append(new LedgerWriter(exe));
  return RUN_ALL_TESTS();
}
