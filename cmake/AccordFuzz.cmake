# ACCORD_FUZZ=ON (the fuzz preset): libFuzzer targets under tests/fuzz/, clang only.
#
# Every object of the build is compiled with -fsanitize=fuzzer-no-link,address,undefined so
# that Accord's libraries give libFuzzer coverage feedback and run under ASan and UBSan; only
# the fuzz targets themselves link libFuzzer's main (accord_add_fuzzer in tests/fuzz/).
option(ACCORD_FUZZ "Build the libFuzzer targets of tests/fuzz (clang only)" OFF)
# In an ordinary (g++) build with tests: a ctest step (label integration) that runs
# tests/fuzz/run, which builds build/fuzz with clang by itself and fuzzes each target briefly.
option(ACCORD_FUZZ_IN_CTEST "Run every fuzz target for a few seconds as part of ctest" ON)
set(ACCORD_FUZZ_CTEST_SECONDS 20 CACHE STRING "Seconds per fuzz target in the ctest step")

if(ACCORD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ACCORD_FUZZ needs clang (libFuzzer); configure with the fuzz preset "
                        "or -DCMAKE_CXX_COMPILER=clang++")
  endif()
  if(ACCORD_SANITIZE)
    message(FATAL_ERROR "ACCORD_FUZZ brings its own sanitizers (address;undefined): leave "
                        "ACCORD_SANITIZE empty")
  endif()
  # -fno-sanitize=function: clang 14 cannot emit UBSan's function-type prologue for the
  # split parts of C++20 coroutines ("Cannot represent a difference across sections" in
  # searchd/server/src/server.cpp); the rest of -fsanitize=undefined stays.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=function
                      -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
