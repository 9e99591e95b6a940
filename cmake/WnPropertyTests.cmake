# wn_register_property_tests(<target> <family> <report dir>): registers the
# tests of property executable <target> with CTest. One definition for this
# tree's families (properties/CMakeLists.txt) and for a user's suite
# (weightnorm_oracle_add_suite, installed with the package), so both get the
# same labels, the same reports and the same verdicts.
include(GoogleTest)

function(wn_register_property_tests target family report_dir)
  # One label, "properties.<family>": gtest_discover_tests flattens a list
  # value ("properties;<family>") into separate arguments of
  # set_tests_properties, which dropped the family label and ENVIRONMENT (so no
  # report was written). ctest -L takes a regex, so -L properties and
  # -L <family> both still select these tests.
  # A test that checked nothing (its implementation not selected, or no
  # case within its capabilities) prints GoogleTest's "[  SKIPPED ]": CTest
  # reports it skipped, never passed. TIMEOUT: shrinking is bounded well
  # below it (property_runner.hpp), so a slow failure still reports.
  gtest_discover_tests(${target}
    PROPERTIES ENVIRONMENT "WN_REPORT_DIR=${report_dir}" LABELS "properties.${family}"
               SKIP_REGULAR_EXPRESSION "\\[  SKIPPED \\]" TIMEOUT 300
    DISCOVERY_TIMEOUT 60)
endfunction()
