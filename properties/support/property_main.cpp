// main() of every property executable, this tree's and a user's suite's
// alike: the executable's registrations (wn_register_implementations),
// GoogleTest, plus a listener that writes this run's per-clause results as
// JSON into $WN_REPORT_DIR (when set) for wn_clause_summary.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <rapidcheck/detail/Configuration.h>

#include <sstream>

#include "clause_ledger.hpp"
#include "wn/adapters/registration.hpp"

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

// RapidCheck prints "Using configuration: seed=<random>" when it first reads
// RC_PARAMS. The properties do not use that seed (each has its own, see
// property_runner.hpp), so load the configuration quietly here and say what
// really happens instead. A malformed RC_PARAMS is reported and ends the run.
bool load_rapidcheck_configuration() {
  std::ostringstream swallowed;
  auto* old = std::cerr.rdbuf(swallowed.rdbuf());
  try {
    rc::detail::configuration();
  } catch (const std::exception& e) {
    std::cerr.rdbuf(old);
    std::cerr << "RC_PARAMS is not valid: " << e.what() << "\n";
    return false;
  }
  std::cerr.rdbuf(old);
  const char* params = std::getenv("RC_PARAMS");
  std::cout << "Seeds: " << (params && std::string(params).find("seed=") != std::string::npos
                                 ? "from RC_PARAMS"
                                 : "fixed per property (a hash of its name)")
            << (params ? std::string("; RC_PARAMS=\"") + params + "\"" : std::string()) << "\n";
  return true;
}

int main(int argc, char** argv) {
  // The executable's own implementations (this tree's, or a user's suite's),
  // before GoogleTest instantiates the properties for the default ones.
  wn_register_implementations();
  ::testing::InitGoogleTest(&argc, argv);
  if (!load_rapidcheck_configuration()) return 2;
  const std::string exe = std::filesystem::path(argv[0]).filename().string();
  ::testing::UnitTest::GetInstance()->listeners().Append(new LedgerWriter(exe));
  return RUN_ALL_TESTS();
}
