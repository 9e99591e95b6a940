#include "wn/adapters/child_probe.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>

namespace wn {

namespace {

// The child's message: "R <count>" then per tensor "<dtype> <rank> <sizes...>
// <values...>", or "E <what>".
std::string encode_results(const std::vector<Tensor>& ts) {
  std::ostringstream os;
  os << "R " << ts.size();
  for (const Tensor& t : ts) {
    os << " " << static_cast<int>(t.dtype()) << " " << t.rank();
    for (auto s : t.shape()) os << " " << s;
    for (double x : t.values()) os << " " << std::hexfloat << x << std::defaultfloat;
  }
  return os.str();
}

std::vector<Tensor> decode_results(const std::string& text) {
  std::istringstream is(text.substr(2));
  std::size_t count = 0;
  is >> count;
  std::vector<Tensor> out;
  for (std::size_t k = 0; k < count; ++k) {
    int dtype = 0;
    std::int64_t rank = 0;
    is >> dtype >> rank;
    Shape shape(static_cast<std::size_t>(rank));
    for (auto& s : shape) is >> s;
    std::vector<double> values(static_cast<std::size_t>(numel(shape)));
    for (auto& x : values) {
      std::string word;
      is >> word;
      x = std::strtod(word.c_str(), nullptr);  // hexfloat, inf, nan
    }
    out.emplace_back(static_cast<DType>(dtype), shape, values);
  }
  return out;
}

unsigned long long address_space_now() {
  std::ifstream statm("/proc/self/statm");
  unsigned long long pages = 0;
  statm >> pages;
  return pages * static_cast<unsigned long long>(sysconf(_SC_PAGESIZE));
}

void write_all(int fd, const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = write(fd, s.data() + done, s.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

ChildOutcome probe_in_child(const std::function<Tensor()>& call, const ChildLimits& limits) {
  return probe_in_child(std::function<std::vector<Tensor>()>([&] { return std::vector<Tensor>{call()}; }), limits);
}

ChildOutcome probe_in_child(const std::function<std::vector<Tensor>()>& call, const ChildLimits& limits) {
  ChildOutcome out;
  int fds[2];
  if (pipe(fds) != 0) {
    out.message = std::string("pipe: ") + std::strerror(errno);
    return out;
  }
  const pid_t pid = fork();
  if (pid < 0) {
    out.message = std::string("fork: ") + std::strerror(errno);
    close(fds[0]);
    close(fds[1]);
    return out;
  }
  if (pid == 0) {
    close(fds[0]);
    // The probe reports the signal the call dies of. A sanitizer runtime (or
    // any host) may have installed handlers that turn SIGFPE/SIGSEGV into a
    // report and a plain exit; in the child, the default disposition is the
    // behaviour under test.
    for (int sig : {SIGFPE, SIGSEGV, SIGBUS, SIGILL, SIGABRT}) std::signal(sig, SIG_DFL);
    const rlimit as{address_space_now() + limits.extra_bytes, address_space_now() + limits.extra_bytes};
    setrlimit(RLIMIT_AS, &as);
    alarm(limits.seconds);
    std::string message;
    try {
      message = encode_results(call());
    } catch (const std::exception& e) {
      message = std::string("E ") + e.what();
    } catch (...) {
      message = "E (an exception that is not a std::exception)";
    }
    write_all(fds[1], message);
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n > 0) {
      text.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    out.kind = ChildOutcome::Kind::Crashed;
    out.signal = WTERMSIG(status);
    out.message = std::string("killed by signal ") + std::to_string(out.signal) + " (" + strsignal(out.signal) + ")";
  } else if (text.rfind("R ", 0) == 0) {
    out.kind = ChildOutcome::Kind::Returned;
    out.results = decode_results(text);
    if (!out.results.empty()) out.result = out.results.front();
  } else if (text.rfind("E ", 0) == 0) {
    out.kind = ChildOutcome::Kind::Raised;
    out.message = text.substr(2);
  } else {
    out.message = "the child exited with status " + std::to_string(WEXITSTATUS(status)) + " without a result";
  }
  return out;
}

}  // namespace wn
