# Hardened release builds: the compile and link flags of Debian's dpkg-buildflags with
# DEB_BUILD_MAINT_OPTIONS=hardening=+all (plus -fstack-clash-protection and, on x86-64,
# -fcf-protection, which dpkg 1.22 adds and Debian 12's dpkg 1.21 does not yet):
#   -D_FORTIFY_SOURCE=2 (needs optimisation), -fstack-protector-strong, -fstack-clash-protection,
#   -Wformat -Werror=format-security, PIE, -Wl,-z,relro,-z,now (full RELRO, bind now).
# For the optimised build types (Release, RelWithDebInfo, MinSizeRel), and so for the package
# cpack builds from them. Never with sanitizers or the fuzzers (scripts/sanitize.sh sets
# GREENLIGHT_SANITIZE, scripts/fuzz.sh GREENLIGHT_FUZZ): their runtimes bring their own checks
# and _FORTIFY_SOURCE's wrappers hide accesses from ASan. `hardening-check` (devscripts) checks
# the result: packaging/check-package.sh runs it on the package's programs.
option(GREENLIGHT_HARDENING "Debian's hardening flags on optimised builds without sanitizers" ON)
set(GREENLIGHT_HARDENED OFF) # on when the flags are added (for the optimised build types)

if(GREENLIGHT_HARDENING AND _greenlight_sanitizers STREQUAL "")
    include(CheckPIESupported)
    check_pie_supported(LANGUAGES CXX)
    set(CMAKE_POSITION_INDEPENDENT_CODE ON) # -fPIE on every object, -pie on every executable

    set(_greenlight_optimised "$<CONFIG:Release,RelWithDebInfo,MinSizeRel>")
    set(_greenlight_hardening
        -fstack-protector-strong -fstack-clash-protection -Wformat -Werror=format-security)
    if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
        list(APPEND _greenlight_hardening -fcf-protection)
    endif()
    add_compile_options("$<${_greenlight_optimised}:${_greenlight_hardening}>")
    # -U first: a toolchain that predefines another level (Ubuntu's gcc) must not warn.
    add_compile_options("$<${_greenlight_optimised}:-U_FORTIFY_SOURCE;-D_FORTIFY_SOURCE=2>")
    add_link_options("$<${_greenlight_optimised}:LINKER:-z,relro,-z,now>")
    set(GREENLIGHT_HARDENED ON)
    message(STATUS "Greenlight: hardening flags on optimised builds (${CMAKE_BUILD_TYPE})")
endif()
