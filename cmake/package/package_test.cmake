# The package test (ctest -L package): what a kernel author does with the
# installed package, run from a fresh prefix inside the build tree.
#   1. cmake --install BUILD_DIR --prefix BUILD_DIR/pkg-prefix (no root paths)
#   2. examples/external-kernel configured against it with find_package,
#      built, its suite run with ctest: must pass; its per-clause summary shown;
#      golden vectors recorded from the reference and replayed by
#      <suite>-oracle check --implementation external-kernel: must pass
#   3. the same with -DEXTERNAL_KERNEL_WRONG=ON: its suite and its check must
#      FAIL (the test fails if the wrong kernel passes)
# Arguments (-D): those of package_common.cmake.
include("${CMAKE_CURRENT_LIST_DIR}/package_common.cmake")
# The nested suites choose their own implementations and case counts.
unset(ENV{WN_IMPLEMENTATIONS})
unset(ENV{RC_PARAMS})

set(prefix "${BUILD_DIR}/pkg-prefix")
set(work "${BUILD_DIR}/package-test")
set(suite external_kernel_suite)

wn_package_install("${prefix}")

# build_example(<variant> <wrong ON|OFF> <suite rc var> <check rc var>)
function(build_example variant wrong suite_rc check_rc)
  set(dir "${work}/${variant}")
  message("==== external kernel, ${variant} variant (EXTERNAL_KERNEL_WRONG=${wrong})")
  wn_package_configure("the ${variant} example" "${SOURCE_DIR}/examples/external-kernel" "${dir}" "${prefix}"
                       "-DEXTERNAL_KERNEL_WRONG=${wrong}")
  wn_package_run("building the ${variant} example" ${CMAKE_COMMAND} --build "${dir}" --parallel 2)
  file(REMOVE_RECURSE "${dir}/${suite}-reports")
  execute_process(COMMAND ${CMAKE_CTEST_COMMAND} --test-dir "${dir}" -j 2 --output-on-failure RESULT_VARIABLE rc)
  set(${suite_rc} ${rc} PARENT_SCOPE)
  message("==== per-clause summary of the ${variant} kernel")
  execute_process(COMMAND "${dir}/${suite}-oracle" merge "${dir}/${suite}-reports")
  # Golden vectors: recorded from the reference, replayed by the kernel.
  wn_package_run("recording vectors" "${dir}/${suite}-oracle" record --implementation reference --seed 7
      --out "${dir}/reference-7.json")
  execute_process(COMMAND "${dir}/${suite}-oracle" check --implementation external-kernel "${dir}/reference-7.json"
                  RESULT_VARIABLE rc)
  set(${check_rc} ${rc} PARENT_SCOPE)
endfunction()

build_example(right OFF right_suite right_check)
build_example(wrong ON wrong_suite wrong_check)

set(problems "")
if(NOT right_suite EQUAL 0)
  string(APPEND problems "the right kernel's suite failed (ctest exit ${right_suite}); ")
endif()
if(NOT right_check EQUAL 0)
  string(APPEND problems "the right kernel's vector check failed (exit ${right_check}); ")
endif()
if(NOT wrong_suite EQUAL 8)  # ctest: 8 = some test failed
  string(APPEND problems "the wrong kernel's suite was not caught (ctest exit ${wrong_suite}, expected 8: tests failed); ")
endif()
if(NOT wrong_check EQUAL 1)  # wn-oracle check: 1 = a difference
  string(APPEND problems "the wrong kernel's vector check was not caught (exit ${wrong_check}, expected 1); ")
endif()
if(problems)
  message(FATAL_ERROR "package test: ${problems}")
endif()
message("package test: the right kernel passes its suite and vectors; the wrong one is caught by both")
