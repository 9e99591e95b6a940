# What the package tests (package_test.cmake, module_package_test.cmake)
# share: their arguments, a fresh install of the main build, and configuring
# a project against it exactly as a user would (find_package, no build tree).
# Arguments (-D): BUILD_DIR, SOURCE_DIR, GENERATOR, CXX_COMPILER, LAUNCHER,
# and the build's BUILD_TYPE, CXX_FLAGS, EXE_LINKER_FLAGS (the sanitizer
# build's libraries link only with its flags), TORCH_DIR (the LibTorch the
# build used, for a project that finds weightnorm_oracle::module) and
# CXX_STANDARD (the build's: LibTorch's headers need the same one, e.g. 17
# with clang-14 and LibTorch 1.13 in the sanitizer build).
foreach(var BUILD_DIR SOURCE_DIR GENERATOR CXX_COMPILER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "${CMAKE_SCRIPT_MODE_FILE}: -D${var}=... is missing")
  endif()
endforeach()

# wn_package_run(<what> <command...>): the command, or a fatal error naming it.
function(wn_package_run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "package test: ${what} failed (exit status ${rc}): ${ARGN}")
  endif()
endfunction()

# wn_package_install(<prefix>): the main build installed into a fresh <prefix>.
function(wn_package_install prefix)
  file(REMOVE_RECURSE "${prefix}")
  wn_package_run("installing the main build" ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
endfunction()

# wn_package_configure(<what> <source> <binary> <prefix> [-D...]): <source>
# configured against the package installed in <prefix>, with the main
# build's compiler, flags and LibTorch.
function(wn_package_configure what source binary prefix)
  set(args -S "${source}" -B "${binary}" -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${prefix}"
           "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
           "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${EXE_LINKER_FLAGS}" ${ARGN})
  if(LAUNCHER)
    list(APPEND args "-DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER}")
  endif()
  if(TORCH_DIR)
    list(APPEND args "-DTorch_DIR=${TORCH_DIR}")
  endif()
  wn_package_run("configuring ${what} against ${prefix}" ${CMAKE_COMMAND} ${args})
endfunction()
