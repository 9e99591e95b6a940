#include "property_runner.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/detail/Configuration.h>
#include <rapidcheck/detail/TestListenerAdapter.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <new>
#include <sstream>
#include <typeinfo>
#include <unistd.h>

#include "clause_ledger.hpp"
#include "implementation_fixture.hpp"
#include "wn/errors.hpp"

namespace wn::testing {
namespace {

std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

// The seed of a test: a hash of its full name, mixed with the base seed
// WN_SEED when set (a decimal integer), so every test's seed derives from one
// base and does not depend on which process or GoogleTest shard runs it. A
// seed in RC_PARAMS (the printed re-run commands) is used as is.
std::uint64_t derived_seed(const std::string& test) {
  const char* env = std::getenv("WN_SEED");
  if (env == nullptr || *env == '\0') return fnv1a(test);
  char* end = nullptr;
  errno = 0;
  const unsigned long long base = std::strtoull(env, &end, 10);
  if (*end != '\0' || errno == ERANGE || !std::isdigit(static_cast<unsigned char>(*env))) {
    ADD_FAILURE() << "WN_SEED is \"" << env << "\"; expected a decimal integer from 0 to 18446744073709551615";
    return fnv1a(test);
  }
  return fnv1a(std::to_string(base) + ":" + test);
}

bool seed_given_by_user() {
  const char* env = std::getenv("RC_PARAMS");
  return env != nullptr && std::string(env).find("seed=") != std::string::npos;
}

std::string executable_path() {
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string("<property executable>");
}

std::string rerun_command(const std::string& rc_params, const std::string& test) {
  const std::string impl = current_implementation_name();
  return "WN_IMPLEMENTATIONS=" + impl + " RC_PARAMS=\"" + rc_params + "\" " + executable_path() +
         " --gtest_filter='" + test + "'";
}

double env_number(const char* name, double fallback) {
  const char* env = std::getenv(name);
  if (env == nullptr || *env == '\0') return fallback;
  char* end = nullptr;
  const double x = std::strtod(env, &end);
  if (end == env || *end != '\0' || !(x > 0)) {
    ADD_FAILURE() << name << " is \"" << env << "\"; expected a positive number";
    return fallback;
  }
  return x;
}

// Bounds shrinking: RapidCheck shrinks until no smaller case fails, which
// for a slow property can take longer than any timeout (measured: 1,057 s
// for a gradient property). Once the budget is spent, every further case
// passes without running, so RapidCheck stops at the smallest failing case
// found so far.
struct ShrinkBudget {
  double seconds = 60.0;
  long max_steps = 5000;
  bool failing = false;
  bool exhausted = false;
  long steps = 0;
  std::chrono::steady_clock::time_point first_failure;

  // Whether the case should run at all.
  std::string last_failure;  // what the smallest failing case said

  bool allows_case() {
    if (!failing || exhausted) return !exhausted;
    const double spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - first_failure).count();
    if (spent > seconds || steps >= max_steps) exhausted = true;
    if (!exhausted) ++steps;
    return !exhausted;
  }
  void note_failure() {
    if (failing) return;
    failing = true;
    first_failure = std::chrono::steady_clock::now();
  }
};

}  // namespace

void check_property(const std::vector<std::string>& clauses, const std::function<void()>& body) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string test = std::string(info->test_suite_name()) + "." + info->name();

  PropertyRecord rec;
  rec.test = test;
  rec.implementation = current_implementation_name();
  rec.clauses = clauses;
  // Only a selected implementation is made: making LibTorch's loads its
  // module (0.6 s), which a "not run" record has no use for; its version is
  // left empty.
  if (!rec.implementation.empty() && implementation_selected()) {
    const auto impl = make_implementation(rec.implementation);
    rec.version = impl->version();
    rec.declared_deviations = impl->known_deviations();
  }
  for (const auto& c : clauses) {
    if (!is_spec_clause(c)) ADD_FAILURE() << test << " cites clause " << c << ", which spec/ does not define";
  }

  const auto& config = rc::detail::configuration();
  rc::detail::TestParams params = config.testParams;
  if (!seed_given_by_user()) params.seed = derived_seed(test);
  rec.seed = params.seed;
  rc::detail::TestMetadata metadata;
  metadata.id = test;
  metadata.description = test;

  if (!implementation_selected()) {
    rec.status = "not run";
    rec.message = "not selected: WN_IMPLEMENTATIONS does not name " + rec.implementation;
    record(rec);
    GTEST_SKIP() << rec.message;
  }

  // Per case: an unsupported case is counted and passes without checking;
  // the others are checked as usual.
  long unsupported = 0;
  std::string not_supported;
  ShrinkBudget budget;
  budget.seconds = env_number("WN_SHRINK_SECONDS", budget.seconds);
  budget.max_steps = static_cast<long>(env_number("WN_SHRINK_STEPS", static_cast<double>(budget.max_steps)));
  auto guarded_body = [&] {
    if (!budget.allows_case()) return;
    try {
      body();
    } catch (const NotSupported& e) {
      ++unsupported;
      if (not_supported.empty()) not_supported = e.what();
      return;
    } catch (const rc::detail::CaseResult& r) {
      if (r.type == rc::detail::CaseResult::Type::Failure) {
        budget.note_failure();
        budget.last_failure = r.description;
      }
      throw;
    } catch (const std::exception& e) {
      budget.note_failure();
      budget.last_failure = std::string("exception thrown: ") + e.what();
      throw;
    } catch (...) {
      budget.note_failure();
      budget.last_failure = "an exception of unknown type was thrown";
      throw;
    }
  };
  rc::detail::TestListenerAdapter quiet;
  const auto result = rc::detail::checkProperty(rc::detail::toProperty(guarded_body), metadata, params, quiet,
                                                config.reproduce);

  std::ostringstream seed_params;
  seed_params << "seed=" << params.seed << " max_success=" << params.maxSuccess;
  rec.rerun = rerun_command(seed_params.str(), test);
  rec.unsupported = unsupported;

  if (const auto* ok = result.is<rc::detail::SuccessResult>() ? &result.get<rc::detail::SuccessResult>() : nullptr) {
    rec.cases = ok->numSuccess - unsupported;
    if (rec.cases <= 0) {
      rec.status = "not applicable";
      rec.cases = 0;
      rec.message = "no case was supported (" + std::to_string(unsupported) + " unsupported): " + not_supported;
      record(rec);
      GTEST_SKIP() << rec.implementation << ": not applicable: " << rec.message;
    }
    // A GoogleTest failure in this test outside the cases (an unknown clause
    // cited, say) fails the property too: the record must agree with the exit status.
    rec.status = ::testing::Test::HasFailure() ? "failed" : "passed";
    if (rec.status == "failed") rec.message = "a GoogleTest check outside the property's cases failed (see the log)";
    for (const auto& [tags, count] : ok->distribution) {
      for (auto tag : tags) {
        // RapidCheck shows string tags quoted: "\"DEV-1\"".
        if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') tag = tag.substr(1, tag.size() - 2);
        rec.deviations[tag] += count;
      }
    }
    record(rec);
    return;
  }

  std::ostringstream msg;
  msg << "Property " << test << " (clauses";
  for (const auto& c : clauses) msg << ' ' << c;
  msg << ") fails for " << rec.implementation << " [" << rec.version << "]\n";
  if (const auto* failure = result.is<rc::detail::FailureResult>() ? &result.get<rc::detail::FailureResult>() : nullptr) {
    rec.cases = failure->numSuccess;
    msg << "Falsified after " << failure->numSuccess << " successful cases";
    if (unsupported > 0) msg << " (" << unsupported << " of them unsupported)";
    // Past the shrink budget RapidCheck re-reads the case without running it:
    // its description is then the last real failure's.
    msg << ".\n" << (budget.exhausted ? budget.last_failure : failure->description) << "\n";
    if (budget.exhausted) {
      msg << "Shrinking was cut short after " << budget.steps << " steps (WN_SHRINK_SECONDS=" << budget.seconds
          << ", WN_SHRINK_STEPS=" << budget.max_steps << "): this is the smallest counterexample found so far.\n";
    }
    for (const auto& [type, value] : failure->counterExample) msg << "  " << type << ":\n  " << value << "\n";
    rc::detail::Configuration repro;
    repro.reproduce[test] = failure->reproduce;
    msg << "Seed: " << params.seed << "\nRe-run this case alone:\n  "
        << rerun_command(rc::detail::configToMinimalString(repro), test)
        << "\nRe-run the whole property with the same seed:\n  " << rec.rerun << "\n";
  } else if (const auto* gave_up = result.is<rc::detail::GaveUpResult>() ? &result.get<rc::detail::GaveUpResult>() : nullptr) {
    rec.cases = gave_up->numSuccess;
    msg << "Gave up after " << gave_up->numSuccess << " cases: " << gave_up->description << "\n";
  } else if (const auto* error = result.is<rc::detail::Error>() ? &result.get<rc::detail::Error>() : nullptr) {
    msg << "RapidCheck error: " << error->description << "\n";
  }
  rec.status = "failed";
  rec.message = msg.str();
  record(rec);
  ADD_FAILURE() << msg.str();
}

void observe_deviation(const Implementation& impl, const std::string& id) {
  if (!impl.has_deviation(id)) {
    RC_FAIL(impl.name() + " behaves as documented deviation " + id +
            " describes, but does not declare it: this is a failure of the spec clause");
  }
  RC_TAG(id);
}

void spec_behaviour_in_deviation_domain(const std::string& id) { RC_TAG("spec-in:" + id); }

bool rejects(const std::function<void()>& call) {
  try {
    call();
  } catch (const RefusedUnsafeCall& e) {
    RC_TAG("refused:" + e.deviation());  // the adapter stood in for a backend that would crash
    return true;
  } catch (const RejectedCall&) {
    return true;
  } catch (const InvalidArgument&) {
    return true;
  } catch (const NotSupported&) {
    throw;
  } catch (const std::bad_alloc&) {
    RC_FAIL("the call threw std::bad_alloc, which is not a rejection (expected wn::RejectedCall or "
            "wn::InvalidArgument)");
  } catch (const std::exception& e) {
    RC_FAIL(std::string("the call threw ") + typeid(e).name() + " (" + e.what() +
            "), which is not a rejection (expected wn::RejectedCall or wn::InvalidArgument)");
  }
  return false;
}

}  // namespace wn::testing
