# Reads every spec/*.md and writes one C++ initializer line per clause:
#   {"DIM-3", "title", "03-dim.md"},
# A clause is a Markdown heading "## ID: Title" or "### ID: Title", where ID is
# capital letters, a hyphen and a number (DIM-3), optionally followed by a
# Doxygen anchor {#DIM-3}. spec/ stays the one source of truth: the property
# support library and the summary read the ids from this generated file.
#
# Usage: cmake -DSPEC_DIR=... -DOUTPUT=... -P ExtractClauses.cmake
cmake_policy(SET CMP0057 NEW)
file(GLOB spec_files "${SPEC_DIR}/*.md")
list(SORT spec_files)
set(out "")
set(seen "")
foreach(f IN LISTS spec_files)
  get_filename_component(name "${f}" NAME)
  file(STRINGS "${f}" lines ENCODING UTF-8 REGEX "^##+ [A-Z]+-[0-9]+: ")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "^##+ ([A-Z]+-[0-9]+): .*$" "\\1" id "${line}")
    string(REGEX REPLACE "^##+ [A-Z]+-[0-9]+: (.*)$" "\\1" title "${line}")
    string(REGEX REPLACE " *\\{#[^}]*\\} *$" "" title "${title}")
    string(REPLACE "\\" "\\\\" title "${title}")
    string(REPLACE "\"" "\\\"" title "${title}")
    if(id IN_LIST seen)
      message(FATAL_ERROR "spec clause ${id} is defined twice (again in ${name})")
    endif()
    list(APPEND seen "${id}")
    string(APPEND out "{\"${id}\", \"${title}\", \"${name}\"},\n")
  endforeach()
endforeach()
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
else()
  set(old "")
endif()
if(NOT old STREQUAL out)
  file(WRITE "${OUTPUT}" "${out}")
endif()
