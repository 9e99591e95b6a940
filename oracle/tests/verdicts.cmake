# Tests of the verdicts themselves (spec AGR-1's "a pass means a check ran"):
# the harness implementations of mutants/src/harness_implementations.cpp are
# partial or wrong kernels, each a way a result could look better than it is.

# wn_verdict_test(...): wn_expect_test (CMakeLists.txt) with the verdicts label and a timeout.
function(wn_verdict_test name)
  wn_expect_test(${name} ${ARGN} LABELS oracle verdicts)
  set_tests_properties(${name} PROPERTIES TIMEOUT 300)
endfunction()

set(wn_agreement $<TARGET_FILE:wn_properties_agreement>)
set(wn_gradients $<TARGET_FILE:wn_properties_gradients>)
set(wn_verdict_reports ${CMAKE_CURRENT_BINARY_DIR}/verdict-reports)

# The README's filtered run: the tests of the implementation left out check
# nothing, so they say SKIPPED (CTest: Skipped, by SKIP_REGULAR_EXPRESSION)
# and the per-clause summary says "not run", never "holds".
wn_verdict_test(verdict_unselected_implementation_is_skipped RC 0
  COMMAND ${CMAKE_COMMAND} -E env WN_IMPLEMENTATIONS=reference WN_REPORT_DIR=${wn_verdict_reports}
          ${wn_agreement} --gtest_filter=Agreement.*/libtorch
  EXPECT "\\[  SKIPPED \\] [1-9][0-9]* tests" "not selected: WN_IMPLEMENTATIONS does not name libtorch"
  REJECT "\\[  PASSED  \\] [1-9]")
wn_verdict_test(verdict_unselected_implementation_is_not_run_in_the_summary RC 0
  COMMAND $<TARGET_FILE:wn_clause_summary> ${wn_verdict_reports}
  EXPECT "AGR-1 +not run" REJECT "AGR-1 +holds")
set_tests_properties(verdict_unselected_implementation_is_skipped PROPERTIES FIXTURES_SETUP wn_verdict_reports)
set_tests_properties(verdict_unselected_implementation_is_not_run_in_the_summary
  PROPERTIES FIXTURES_REQUIRED wn_verdict_reports)
# Every property test CTest knows is marked so that a skip shows as one.
add_test(NAME verdict_property_tests_report_skips
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/check_skip_marking.py ${CMAKE_CTEST_COMMAND} ${PROJECT_BINARY_DIR})
set_tests_properties(verdict_property_tests_report_skips PROPERTIES LABELS "oracle;verdicts")

# A float32-only kernel: its float64 cases are counted as unsupported, and a
# property with no supported case is "not applicable" (the thread-count one,
# since it declares no thread count: AGR-2; the float16/bfloat16 one, DTYPE-4;
# both AGR-1's too); nothing fails.
wn_verdict_test(verdict_float32_only_kernel RC 0
  COMMAND $<TARGET_FILE:wn-oracle> run --implementation harness:float32-only --family agreement --family gradients
  EXPECT "AGR-1 +holds \\([0-9]+p/[0-9]+c, [0-9]+ unsupported, 2p n/a\\)" "AGR-2 +not applicable" "DTYPE-4 +not applicable"
         "GRAD-6 +not applicable"
  REJECT "FAILS")
# ... and the same kernel wrong in float32 FAILS: its failures are not hidden
# behind the unsupported float64 cases.
wn_verdict_test(verdict_float32_only_kernel_failures_fail RC 1
  COMMAND $<TARGET_FILE:wn-oracle> run --implementation harness:float32-only-wrong --family agreement
  EXPECT "AGR-1 +FAILS")
# std::bad_alloc instead of a rejection is not a rejection.
wn_verdict_test(verdict_bad_alloc_is_not_a_rejection RC 1
  COMMAND ${CMAKE_COMMAND} -E env WN_IMPLEMENTATIONS=harness:bad-alloc-rejects
          $<TARGET_FILE:wn_properties_bad_input> --gtest_filter=BadInput.RejectsDimOutOfRange/*
  EXPECT "std::bad_alloc, which is not a rejection")
# NotSupported for something declared is a failure, not a skip.
wn_verdict_test(verdict_undeclared_not_supported_fails RC 1
  COMMAND ${CMAKE_COMMAND} -E env WN_IMPLEMENTATIONS=harness:undeclared-gap
          ${wn_gradients} --gtest_filter=Gradients.FirstDerivativesAgreeWithReferenceOnFusedPath/*
  EXPECT "inside the capabilities it declares" REJECT "SKIPPED \\] Gradients[^\n]*harness")
# Shrinking is bounded, and the report says it was cut short.
wn_verdict_test(verdict_shrinking_is_bounded RC 1
  COMMAND ${CMAKE_COMMAND} -E env WN_IMPLEMENTATIONS=harness:slow-shrink WN_SHRINK_STEPS=3
          ${wn_gradients} --gtest_filter=Gradients.FirstDerivativesMatchCentralDifferencesInFloat64/*
  EXPECT "Shrinking was cut short after 3 steps" "central difference" "Re-run this case alone")
