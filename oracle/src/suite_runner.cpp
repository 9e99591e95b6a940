#include "suite_runner.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <thread>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace wn::oracle {
namespace fs = std::filesystem;

namespace {

// Runs `exe` with the given extra environment, output to `log`; returns the
// wait status. Killed (SIGKILL, with its process group) after `limit`
// seconds; `timed_out` says so.
int spawn(const std::string& exe, const std::vector<std::pair<std::string, std::string>>& env,
          const std::string& log, double limit, bool& timed_out) {
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot start " + exe + ": fork failed");
  if (pid == 0) {
    setpgid(0, 0);  // its own group, so a timeout kills whatever it started
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
  timed_out = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(limit);
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return status;
    if (done < 0) throw std::runtime_error("cannot wait for " + exe);
    if (std::chrono::steady_clock::now() > deadline) {
      timed_out = true;
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

std::vector<FamilyRun> run_suite(const std::vector<std::string>& implementations, const std::string& report_dir,
                                 const std::vector<std::string>& selected,
                                 const std::function<void(std::size_t, std::size_t, const Family&)>& progress,
                                 double time_limit_seconds) {
  std::vector<Family> todo;
  for (const auto& f : families()) {
    if (selected.empty() || std::find(selected.begin(), selected.end(), f.name) != selected.end()) todo.push_back(f);
  }
  std::string list;
  for (const auto& name : implementations) list += (list.empty() ? "" : ",") + name;
  const auto asked = [&](const nlohmann::json& r) {
    return std::count(implementations.begin(), implementations.end(), r.at("implementation").get<std::string>()) > 0;
  };
  std::vector<FamilyRun> runs;
  for (std::size_t i = 0; i < todo.size(); ++i) {
    const Family& f = todo[i];
    if (progress) progress(i, todo.size(), f);
    const fs::path dir = fs::path(report_dir) / f.name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    FamilyRun run{f, 0, false, false, (dir / "output.log").string(), {}};
    const int status = spawn(f.executable, {{"WN_IMPLEMENTATIONS", list}, {"WN_REPORT_DIR", dir.string()}},
                             run.log_path, time_limit_seconds, run.timed_out);
    run.crashed = !WIFEXITED(status) || run.timed_out;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".json") continue;
      nlohmann::json doc;
      std::ifstream(entry.path()) >> doc;
      // Only the implementations asked for: the others' tests record "not run".
      for (const auto& r : doc.at("results")) {
        if (asked(r)) run.records.push_back(r);
      }
    }
    if (run.records.empty()) run.crashed = true;
    runs.push_back(std::move(run));
  }
  return runs;
}

bool ran_cleanly(const FamilyRun& run) { return !run.crashed && run.exit_code == 0; }

}  // namespace wn::oracle
