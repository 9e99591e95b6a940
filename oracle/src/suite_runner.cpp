#include "suite_runner.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "wn_oracle_config.hpp"

namespace wn::oracle {
namespace fs = std::filesystem;

const std::vector<Family>& families() {
  static const std::vector<Family> all = [] {
    std::vector<Family> v;
    for (const auto& [name, path] : kPropertyFamilies) v.push_back({name, path});
    return v;
  }();
  return all;
}

namespace {

// Runs `exe` with the given extra environment, output to `log`; returns the
// wait status.
int spawn(const std::string& exe, const std::vector<std::pair<std::string, std::string>>& env,
          const std::string& log) {
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot start " + exe + ": fork failed");
  if (pid == 0) {
    unsetenv("RC_PARAMS");  // the default case count: what "caught" is measured against
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    execl(exe.c_str(), exe.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

}  // namespace

std::vector<FamilyRun> run_suite(const std::string& implementation, const std::string& report_dir,
                                 const std::vector<std::string>& selected,
                                 const std::function<void(std::size_t, std::size_t, const Family&)>& progress) {
  std::vector<Family> todo;
  for (const auto& f : families()) {
    if (selected.empty() || std::find(selected.begin(), selected.end(), f.name) != selected.end()) todo.push_back(f);
  }
  std::vector<FamilyRun> runs;
  for (std::size_t i = 0; i < todo.size(); ++i) {
    const Family& f = todo[i];
    if (progress) progress(i, todo.size(), f);
    const fs::path dir = fs::path(report_dir) / f.name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    FamilyRun run{f, 0, false, (dir / "output.log").string(), {}};
    const int status = spawn(f.executable, {{"WN_IMPLEMENTATIONS", implementation}, {"WN_REPORT_DIR", dir.string()}},
                             run.log_path);
    run.crashed = !WIFEXITED(status);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".json") continue;
      nlohmann::json doc;
      std::ifstream(entry.path()) >> doc;
      for (const auto& r : doc.at("results")) run.records.push_back(r);
    }
    if (run.records.empty()) run.crashed = true;
    runs.push_back(std::move(run));
  }
  return runs;
}

}  // namespace wn::oracle
