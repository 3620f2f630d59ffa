#!/usr/bin/env bash
# Runs the tests under sanitizers (gcc), each build in its own directory:
#   asan  build-asan/: AddressSanitizer + LeakSanitizer + UndefinedBehaviorSanitizer; the unit
#         and integration tests (the CLI and demo backend they start are instrumented too).
#         Any report fails the test that caused it.
#   tsan  build-tsan/: ThreadSanitizer; the tests that drive SSH sessions on worker threads and
#         fan-out (tst_sshsession, tst_fanout). TSAN_TESTS="tst_sshsession tst_fanout tst_headless"
#         adds the headless pipeline: not in CI yet, see the comment in run_tsan.
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
    # Only what the unit and integration tests need (the GUI tests are the slowest to build and
    # are not run here): their executables, the CLI and the demo backend they start.
    local targets
    read -r -a targets <<<"$(ctest --test-dir build-asan -L 'unit|integration' -N | sed -n 's/^ *Test *#[0-9]*: *//p' | tr '\n' ' ')"
    cmake --build build-asan -j "${JOBS:-2}" --target "${targets[@]}" greenlight greenlight-demo
    # Leaks, overflows and undefined behaviour end the process with an error and a stack.
    ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=0" \
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
        ctest --test-dir build-asan -L 'unit|integration' --output-on-failure --timeout 900 -j "${JOBS:-2}"
}

run_tsan() {
    # tst_headless (the CLI running whole deploys) is left out until two things are fixed:
    # EventPrinter::follow writes stdout from the pipeline's thread and the main thread at once
    # (a real race: TSan reports a heap-use-after-free in QTextStream), and about 200 reports
    # a run come from hand-offs through Qt's uninstrumented event queue in frames of ours,
    # which a Qt-only suppression cannot name.
    local tests
    read -r -a tests <<<"${TSAN_TESTS:-tst_sshsession tst_fanout}"
    configure build-tsan thread
    # The CLI and the demo backend too: the lab and tst_headless run them, instrumented.
    cmake --build build-tsan -j "${JOBS:-2}" --target "${tests[@]}" greenlight greenlight-demo
    local pattern
    pattern="^($(IFS='|'; echo "${tests[*]}"))\$"
    # exitcode: a race fails the test; die_after_fork=0: the lab starts sshd, HAProxy and the
    # demo backends with QProcess while threads run (the child execs at once).
    TSAN_OPTIONS="suppressions=$supp/tsan.supp:halt_on_error=0:exitcode=66:second_deadlock_stack=1:die_after_fork=0" \
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
