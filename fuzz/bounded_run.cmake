# One bounded libFuzzer run, as CTest runs it (label "fuzz"):
#   cmake -DFUZZER=<exe> -DCORPUS=<dir in the build tree> -DSEEDS="<file or dir>;..."
#         -DARGS="<libFuzzer flags>;..." -P bounded_run.cmake
# libFuzzer writes every new input into its first corpus directory, and takes
# a plain file argument as "run this one input" instead of a seed: so the
# seeds (files and directories) are copied into a fresh corpus directory in
# the build tree first, never into the source tree.
file(REMOVE_RECURSE "${CORPUS}")
file(MAKE_DIRECTORY "${CORPUS}")
foreach(seed IN LISTS SEEDS)
  if(IS_DIRECTORY "${seed}")
    file(GLOB entries "${seed}/*")
    file(COPY ${entries} DESTINATION "${CORPUS}")
  elseif(EXISTS "${seed}")
    file(COPY "${seed}" DESTINATION "${CORPUS}")
  else()
    message(FATAL_ERROR "bounded_run.cmake: seed \"${seed}\" does not exist (expected a file or a directory)")
  endif()
endforeach()
file(GLOB seeded "${CORPUS}/*")
list(LENGTH seeded n)
if(n EQUAL 0)
  message(FATAL_ERROR "bounded_run.cmake: no seeds copied into ${CORPUS}: a run from nothing is not the bounded run the test promises")
endif()
message(STATUS "${FUZZER}: ${n} seed inputs in ${CORPUS}")
execute_process(COMMAND "${FUZZER}" ${ARGS} "-artifact_prefix=${CORPUS}-finding-" "${CORPUS}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${FUZZER} exited with ${rc}: a finding (saved as ${CORPUS}-finding-*), see the log above")
endif()
