// libFuzzer target: wn-oracle's command-line parser. The input is split at
// NUL bytes into argv[1..]; oracle/src/main.cpp runs as it is (its main
// renamed wn_oracle_main), with every command replaced by a stub
// (cli_stub_commands.cpp), so only CLI11's parsing and main's dispatch run.
// A crash, a hang, an exception escaping main or an exit status outside
// 0..255 is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int wn_oracle_main(int argc, char** argv);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args{"wn-oracle"};
  std::string current;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == '\0') {
      args.push_back(current);
      current.clear();
    } else {
      current.push_back(static_cast<char>(data[i]));
    }
  }
  if (!current.empty()) args.push_back(current);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int rc = wn_oracle_main(static_cast<int>(args.size()), argv.data());
  if (rc < 0 || rc > 255) {
    std::fprintf(stderr, "wn-oracle's parser returned %d, not an exit status\n", rc);
    std::abort();
  }
  return 0;
}
