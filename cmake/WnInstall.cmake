# The installed package (spec of the package: docs/pages/plug-in.md):
# every exported library is installed into one export set and found as
# weightnorm_oracle::<name> by find_package(weightnorm_oracle CONFIG).
include(GNUInstallDirs)

# Where installed headers that are not under include/wn/ go (the property
# harness, the vector format), so their short #include names keep working.
set(WN_INSTALL_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}/weightnorm_oracle")
# The CMake package: config, version, exported targets, the suite function.
set(WN_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/weightnorm_oracle")

# wn_public_headers(<target> <dir> [SUBDIR <s>]): <dir> is <target>'s public
# include directory in the build; its headers are installed under
# include/ (or include/weightnorm_oracle/<s>), which is then its include
# directory for users of the package.
function(wn_public_headers target dir)
  cmake_parse_arguments(H "" "SUBDIR" "" ${ARGN})
  get_filename_component(abs "${dir}" ABSOLUTE)
  if(H_SUBDIR)
    set(dest "${WN_INSTALL_INCLUDEDIR}/${H_SUBDIR}")
  else()
    set(dest "${CMAKE_INSTALL_INCLUDEDIR}")
  endif()
  target_include_directories(${target} PUBLIC "$<BUILD_INTERFACE:${abs}>" "$<INSTALL_INTERFACE:${dest}>")
  install(DIRECTORY "${abs}/" DESTINATION "${dest}" FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")
endfunction()

# wn_export(<target> <export name>): installed, and weightnorm_oracle::<export name>
# for users of the package. Its objects too, for an OBJECT library (the
# property families: their GoogleTest registrations must be linked whole).
function(wn_export target export_name)
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
  install(TARGETS ${target} EXPORT weightnorm_oracle-targets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
    OBJECTS DESTINATION ${CMAKE_INSTALL_LIBDIR}/weightnorm_oracle/objects/${export_name})
  add_library(weightnorm_oracle::${export_name} ALIAS ${target})
endfunction()
