# The package test of weight_norm for torch::nn modules (ctest -L package,
# only with LibTorch): what a LibTorch user does with the installed package.
#   1. cmake --install BUILD_DIR --prefix BUILD_DIR/pkg-prefix-module
#   2. examples/module-consumer configured against it (find_package,
#      weightnorm_oracle::module), built, and its test run: the Conv1d example
#      trains, removes weight norm and saves; then the saved files must exist.
# Its own prefix, so that it never shares one with package_external_kernel.
# Arguments (-D): those of package_common.cmake.
include("${CMAKE_CURRENT_LIST_DIR}/package_common.cmake")

set(prefix "${BUILD_DIR}/pkg-prefix-module")
set(dir "${BUILD_DIR}/package-test/module-consumer")

wn_package_install("${prefix}")
file(REMOVE_RECURSE "${dir}")
set(standard "")
if(CXX_STANDARD)
  set(standard "-DCMAKE_CXX_STANDARD=${CXX_STANDARD}")
endif()
wn_package_configure("the module consumer" "${SOURCE_DIR}/examples/module-consumer" "${dir}" "${prefix}" ${standard})
wn_package_run("building the module consumer" ${CMAKE_COMMAND} --build "${dir}" --parallel 2)
wn_package_run("running the module consumer's test" ${CMAKE_CTEST_COMMAND} --test-dir "${dir}" --output-on-failure)
foreach(file conv1d.pt io.pt)
  if(NOT EXISTS "${dir}/out/${file}")
    message(FATAL_ERROR "package test: the module consumer did not write ${dir}/out/${file}")
  endif()
endforeach()
# The program must be the package's: linked from the prefix, not the build tree.
file(READ "${dir}/CMakeCache.txt" cache)
if(NOT cache MATCHES "weightnorm_oracle_DIR:PATH=${prefix}/")
  message(FATAL_ERROR "package test: the module consumer found weightnorm_oracle outside ${prefix}")
endif()
message("package test: a LibTorch project links weightnorm_oracle::module from the installed package, "
        "trains, removes and saves")
