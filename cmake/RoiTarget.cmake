# Helpers that give every OpenROI target the same standard, warnings and include root.

# -Wno-missing-field-initializers: GCC 12 warns when a designated initializer leaves out a field
# that has a default member initializer, which is exactly how option structs are meant to be used.
# -Wno-restrict: GCC 12 at -O3 reports false -Wrestrict errors inside std::string concatenation
# (GCC bug 105329), which breaks the release build of correct code.
function(roi_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wconversion -Wnon-virtual-dtor -Wno-missing-field-initializers
                         -Wno-restrict -Werror)
endfunction()

# roi_add_library(name SOURCES ... DEPS ... PRIVATE_DEPS ...)
# DEPS are the inward layers this one builds on (PUBLIC); PRIVATE_DEPS are the third-party
# libraries it wraps, which nothing above it may see.
function(roi_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  roi_set_warnings(${name})
endfunction()

# roi_add_test(name SOURCES ... DEPS ...): one GoogleTest executable, registered with ctest.
function(roi_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  roi_set_warnings(${name})
  set(labels unit)
  if(ARG_LABELS)
    set(labels ${ARG_LABELS})
  endif()
  gtest_discover_tests(${name} PROPERTIES LABELS "${labels}" DISCOVERY_TIMEOUT 60)
endfunction()
