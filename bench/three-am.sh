#!/usr/bin/env bash
# The 3 a.m. path on the real window (offscreen), ROUNDS times (default 5): a lab, a headless
# deploy of a new version to green, then a cold start of the console that waits until Roll back
# is on, accepts Ctrl+R's confirmation and times until blue serves through the router.
# Prints each round and the medians. Needs a build (scripts/build.sh).   bench/three-am.sh
set -euo pipefail
cd "$(dirname "$0")/.."
gl=${GREENLIGHT:-build/app/greenlight}
bench=${GREENLIGHT_3AM:-build/bench/greenlight-bench-3am}
rounds=${ROUNDS:-5}
work=$(mktemp -d)
lab_pid=""
cleanup() { [ -n "$lab_pid" ] && kill -TERM "$lab_pid" 2>/dev/null && wait "$lab_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$gl" lab --rps 0 >"$work/lab.out" 2>&1 &
lab_pid=$!
for _ in $(seq 300); do grep -q '^deployment file:' "$work/lab.out" 2>/dev/null && break; sleep 0.1; done
config=$(sed -n 's/^deployment file: //p' "$work/lab.out")
front=$(sed -n 's/^router: //p' "$work/lab.out")
[ -n "$config" ] || { cat "$work/lab.out" >&2; exit 1; }

for i in $(seq "$rounds"); do
    "$gl" deploy "2.0.$i" --config "$config" >"$work/deploy.out" 2>&1 || { cat "$work/deploy.out" >&2; exit 1; }
    XDG_CONFIG_HOME="$work/settings" QT_QPA_PLATFORM=offscreen "$bench" "$config" "$front" | tee -a "$work/rounds"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for key in launch_to_ready_ms confirm_to_serving_ms total_ms; do
    echo "median $key=$(grep -o "$key=[0-9]*" "$work/rounds" | cut -d= -f2 | median)"
done
