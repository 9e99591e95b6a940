// JUnit XML from the property records (internal to wn-oracle).
#pragma once

#include <string>
#include <vector>

#include "suite_runner.hpp"

namespace wn::oracle {

/// One <testsuite> per family, one <testcase> per property record (classname
/// the family, name the test), <failure> with the message and re-run command,
/// <skipped> with the reason; a family that crashed gets an <error>.
std::string junit_xml(const std::vector<FamilyRun>& runs);

}  // namespace wn::oracle
