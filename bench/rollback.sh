#!/usr/bin/env bash
# Rollback and switch figures on a local lab, in one run:
#  - 20 switches (headless `greenlight rollback --to`, cold: process start to verified) while
#    wrk drives keep-alive load through HAProxy: requests, non-2xx and socket errors;
#  - the cold headless rollback time, median of those 20;
#  - warm rollback latency, p50/p95 over 50 rollbacks on open sessions.
# Needs a build (scripts/build.sh) and wrk.   bench/rollback.sh
set -euo pipefail
cd "$(dirname "$0")/.."
gl=${GREENLIGHT:-build/app/greenlight}
warm=${GREENLIGHT_ROLLBACK:-build/bench/greenlight-bench-rollback}
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

now_ms() { date +%s%3N; }
wrk -t2 -c50 -d25s --latency "$front" >"$work/wrk.txt" 2>&1 &
wrk_pid=$!
sleep 2
: >"$work/cold"
for i in $(seq 20); do
    to=$([ $((i % 2)) -eq 1 ] && echo green || echo blue)
    t0=$(now_ms)
    "$gl" rollback --config "$config" --to "$to" --reason "switch $i under load" >/dev/null
    echo $(( $(now_ms) - t0 )) >>"$work/cold"
done
wait "$wrk_pid"
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
non2xx=$(awk '/Non-2xx or 3xx responses/ {print $NF}' "$work/wrk.txt"); non2xx=${non2xx:-0}
socket=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' "$work/wrk.txt"); socket=${socket:-0}
cold=$(sort -n "$work/cold" | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
warm_line=$("$warm" "$config" 50)

echo
echo "HAProxy, 20 switches blue <-> green under wrk -t2 -c50 keep-alive ($(nproc) cores):"
echo "  requests=$requests non_2xx=$non2xx socket_errors=$socket"
echo "cold headless rollback (process start -> previous colour verified through the router): median ${cold} ms (target <= 2000)"
echo "warm rollback (call -> verified): $warm_line (target p50 <= 250 ms)"
