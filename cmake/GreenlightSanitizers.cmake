# Instrumented builds for scripts/sanitize.sh and scripts/fuzz.sh; both are off by default.
#
#   -DGREENLIGHT_SANITIZE=address,undefined   ASan + UBSan on every target (gcc or clang)
#   -DGREENLIGHT_SANITIZE=thread              TSan (use gcc 12: clang 14's TSan aborts inside QProcess)
#   -DGREENLIGHT_FUZZ=ON                      the libFuzzer targets in tests/fuzz (clang only);
#                                             implies address,undefined and coverage on our code
#
# Only our code is instrumented: Debian's Qt, libssh and OpenSSL are not, so reports whose
# frames are all inside them are noise (tests/sanitizers/tsan.supp).
set(GREENLIGHT_SANITIZE "" CACHE STRING "Sanitizers for every target, e.g. address,undefined or thread (empty: none)")
option(GREENLIGHT_FUZZ "Build the libFuzzer targets in tests/fuzz (needs clang and libclang-rt-14-dev)" OFF)

set(_greenlight_sanitizers "${GREENLIGHT_SANITIZE}")
if(GREENLIGHT_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "GREENLIGHT_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
    endif()
    if(_greenlight_sanitizers STREQUAL "")
        set(_greenlight_sanitizers "address,undefined")
    endif()
    # Coverage feedback for the fuzzer on everything we compile; the fuzz targets alone link
    # libFuzzer's main (tests/fuzz/CMakeLists.txt).
    add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(NOT _greenlight_sanitizers STREQUAL "")
    message(STATUS "Greenlight: sanitizers ${_greenlight_sanitizers}")
    add_compile_options(-fsanitize=${_greenlight_sanitizers} -fno-omit-frame-pointer)
    add_link_options(-fsanitize=${_greenlight_sanitizers})
    if(_greenlight_sanitizers MATCHES "undefined")
        # Undefined behaviour stops the program (a fuzzer sees a crash, a test fails) instead
        # of printing and carrying on.
        add_compile_options(-fno-sanitize-recover=undefined)
    endif()
endif()
