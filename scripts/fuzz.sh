#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan, build-fuzz/) and runs each for SECONDS
# (default 60). Fails on any crash, leak, timeout (> 2 s for one input) or OOM (> 2 GB).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      e.g. scripts/fuzz.sh 600 fuzz_configloader
#
# Seeds (tests/fuzz/corpus/<target>/) are read, never written: what the fuzzer learns goes to
# build-fuzz/corpus/<target>/ and kept inputs that failed to build-fuzz/artifacts/<target>/,
# both outside git. Inputs that once failed live in tests/fuzz/regressions/<target>/ and are
# replayed first. Reproduce a failure with: build-fuzz/tests/fuzz/<target> <artefact file>
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(fuzz_configloader fuzz_haproxystat fuzz_nginxupstream fuzz_nginxaccesslog fuzz_haproxyhttplog fuzz_commandrouter fuzz_httpresponse fuzz_journaltail fuzz_sshgoutput fuzz_dnsresponse fuzz_pdnsrecord fuzz_awsreply)
fi
build=${FUZZ_BUILD_DIR:-build-fuzz}

scripts/install-deps.sh
launcher=()
if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
      -DGREENLIGHT_FUZZ=ON -DBUILD_TESTING=OFF "${launcher[@]}" >/dev/null
cmake --build "$build" -j "${JOBS:-2}" --target "${targets[@]}"

# Leaks count as failures; a failing input stops at once and prints its stack.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export QT_QPA_PLATFORM=offscreen

failed=()
for t in "${targets[@]}"; do
    bin="$build/tests/fuzz/$t"
    seeds="tests/fuzz/corpus/$t"
    work="$build/corpus/$t"
    artifacts="$build/artifacts/$t"
    mkdir -p "$work" "$artifacts"
    options=(-timeout=2 -rss_limit_mb=2048 -artifact_prefix="$artifacts/" -print_final_stats=1)
    if [ -f "tests/fuzz/dict/$t.dict" ]; then
        options+=(-dict="tests/fuzz/dict/$t.dict")
    fi
    replayed=0
    for input in "tests/fuzz/regressions/$t"/*; do
        [ -f "$input" ] || continue
        replayed=$((replayed + 1))
        if ! "$bin" "${options[@]}" "$input" >"$artifacts/replay.log" 2>&1; then
            echo "fuzz: $t FAILED on $input, an input that once failed:" >&2
            grep -E 'ERROR|SUMMARY|fuzz check failed|what\(\)' "$artifacts/replay.log" | head -n 5 >&2 || true
            failed+=("$t:$(basename "$input")")
        fi
    done
    if [ "$replayed" -gt 0 ]; then
        echo "fuzz: $t: replayed $replayed input(s) that once failed"
    fi
    echo "fuzz: $t for ${seconds} s"
    start=$(date +%s)
    if "$bin" "${options[@]}" -max_total_time="$seconds" "$work" "$seeds" >"$artifacts/fuzz.log" 2>&1; then
        runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$artifacts/fuzz.log" | grep -oE '[0-9]+$' || echo '?')
        echo "fuzz: $t clean: $runs executions in $(($(date +%s) - start)) s"
    else
        echo "fuzz: $t FAILED after $(($(date +%s) - start)) s; log: $artifacts/fuzz.log" >&2
        grep -E 'ERROR|SUMMARY|fuzz check failed|what\(\)|Test unit written' "$artifacts/fuzz.log" | head -n 20 >&2 || true
        failed+=("$t")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: failed: ${failed[*]} (reproduce: $build/tests/fuzz/<target> $build/artifacts/<target>/<file>)" >&2
    exit 1
fi
echo "fuzz: all ${#targets[@]} targets clean for ${seconds} s each"
