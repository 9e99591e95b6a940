# Runs COMMAND ("@@"-separated) and fails unless its exit status is EXPECT_RC and
# its output (stdout and stderr together) matches every regex in EXPECT_REGEX
# ("@@"-separated) and none in REJECT_REGEX. Used by the wn-oracle command tests, so
# each checks the exit status and the message, not just one of them.
foreach(var COMMAND EXPECT_REGEX REJECT_REGEX)
  string(REPLACE "@@" ";" ${var} "${${var}}")
endforeach()
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(all "${out}${err}")
message("${all}")
if(NOT "${rc}" STREQUAL "${EXPECT_RC}")
  message(FATAL_ERROR "exit status ${rc}, expected ${EXPECT_RC}")
endif()
foreach(re IN LISTS EXPECT_REGEX)
  if(NOT all MATCHES "${re}")
    message(FATAL_ERROR "output does not match: ${re}")
  endif()
endforeach()
foreach(re IN LISTS REJECT_REGEX)
  if(all MATCHES "${re}")
    message(FATAL_ERROR "output matches what it must not: ${re}")
  endif()
endforeach()
