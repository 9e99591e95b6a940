#include "property_runner.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/detail/Configuration.h>
#include <rapidcheck/detail/TestListenerAdapter.h>

#include <cstdlib>
#include <sstream>
#include <unistd.h>

#include "clause_ledger.hpp"
#include "implementation_fixture.hpp"

namespace wn::testing {
namespace {

std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
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
  return "RC_PARAMS=\"" + rc_params + "\" " + executable_path() + " --gtest_filter='" + test + "'";
}

}  // namespace

void check_property(const std::vector<std::string>& clauses, const std::function<void()>& body) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string test = std::string(info->test_suite_name()) + "." + info->name();

  PropertyRecord rec;
  rec.test = test;
  rec.implementation = current_implementation_name();
  rec.clauses = clauses;
  if (!rec.implementation.empty()) {
    const auto impl = make_implementation(rec.implementation);
    rec.version = impl->version();
    rec.declared_deviations = impl->known_deviations();
  }
  for (const auto& c : clauses) {
    if (!is_spec_clause(c)) ADD_FAILURE() << test << " cites clause " << c << ", which spec/ does not define";
  }

  const auto& config = rc::detail::configuration();
  rc::detail::TestParams params = config.testParams;
  if (!seed_given_by_user()) params.seed = fnv1a(test);
  rec.seed = params.seed;
  rc::detail::TestMetadata metadata;
  metadata.id = test;
  metadata.description = test;

  std::string not_supported;
  auto guarded_body = [&] {
    try {
      body();
    } catch (const NotSupported& e) {
      not_supported = e.what();
      RC_DISCARD("not supported");
    }
  };
  rc::detail::TestListenerAdapter quiet;
  const auto result = rc::detail::checkProperty(rc::detail::toProperty(guarded_body), metadata, params, quiet,
                                                config.reproduce);

  std::ostringstream seed_params;
  seed_params << "seed=" << params.seed << " max_success=" << params.maxSuccess;
  rec.rerun = rerun_command(seed_params.str(), test);

  if (!not_supported.empty()) {
    rec.status = "skipped";
    rec.message = not_supported;
    record(rec);
    GTEST_SKIP() << rec.implementation << " does not support this: " << not_supported;
  }

  if (const auto* ok = result.is<rc::detail::SuccessResult>() ? &result.get<rc::detail::SuccessResult>() : nullptr) {
    rec.status = "passed";
    rec.cases = ok->numSuccess;
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
    msg << "Falsified after " << failure->numSuccess << " successful cases.\n" << failure->description << "\n";
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

bool rejects(const std::function<void()>& call) {
  try {
    call();
  } catch (const RefusedUnsafeCall& e) {
    RC_TAG(e.deviation());  // the adapter stood in for a backend that would crash
    return true;
  } catch (const std::exception&) {
    return true;
  }
  return false;
}

}  // namespace wn::testing
