#!/usr/bin/env bash
# Runs the tests under sanitizers (gcc), each build in its own directory:
#   asan  build-asan/: AddressSanitizer + LeakSanitizer + UndefinedBehaviorSanitizer; the unit
#         and integration tests (the CLI and demo backend they start are instrumented too).
#         Any report fails the test that caused it.
#   tsan  build-tsan/: ThreadSanitizer; the tests that drive SSH sessions on worker threads,
#         fan-out and the pipeline (tst_sshsession, tst_fanout, tst_headless).
#
#   scripts/sanitize.sh [asan] [tsan]        (both when none is named)
#
# Debian's Qt, libssh and OpenSSL are not instrumented; tests/sanitizers/tsan.supp holds the
# few, narrow, commented suppressions for reports that lie wholly inside Qt. ASan needs none.
set -euo pipefail
cd "$(dirname "$0")/.."

modes=("$@")
if [ ${#modes[@]} -eq 0 ]; then
    modes=(asan tsan)
fi
supp="$PWD/tests/sanitizers"

scripts/install-deps.sh
launcher=()
if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
configure() { # build-dir sanitizers
    cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=g++ \
          -DGREENLIGHT_SANITIZE="$2" "${launcher[@]}" >/dev/null
}

run_asan() {
    configure build-asan address,undefined
    cmake --build build-asan -j "${JOBS:-2}"
    # Leaks, overflows and undefined behaviour end the process with an error and a stack.
    ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=0" \
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
        ctest --test-dir build-asan -L 'unit|integration' --output-on-failure --timeout 900 -j "${JOBS:-2}"
}

run_tsan() {
    local tests=(tst_sshsession tst_fanout tst_headless)
    configure build-tsan thread
    # The CLI and the demo backend too: tst_headless runs them, instrumented.
    cmake --build build-tsan -j "${JOBS:-2}" --target "${tests[@]}" greenlight greenlight-demo
    local pattern
    pattern="^($(IFS='|'; echo "${tests[*]}"))\$"
    # exitcode: a race fails the test; report_signal_unsafe=0: Qt's own signal handlers are not ours.
    TSAN_OPTIONS="suppressions=$supp/tsan.supp:halt_on_error=0:exitcode=66:second_deadlock_stack=1:report_signal_unsafe=0" \
        ctest --test-dir build-tsan -R "$pattern" --output-on-failure --timeout 900 -j "${JOBS:-2}"
}

for m in "${modes[@]}"; do
    case $m in
        asan) run_asan ;;
        tsan) run_tsan ;;
        *) echo "sanitize: unknown mode '$m' (asan or tsan)" >&2; exit 2 ;;
    esac
done
echo "sanitize: ${modes[*]} clean"
