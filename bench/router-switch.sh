#!/usr/bin/env bash
# 20 blue <-> green switches under wrk keep-alive load, through each router in the same run:
# HAProxy (runtime API weights) and nginx (upstream file, nginx -t, reload). Prints requests,
# non-2xx and wrk's socket errors by kind, and the median switch time (headless
# `greenlight rollback --to`, process start to the colour verified through the router).
# Needs a build (scripts/build.sh) and wrk.   bench/router-switch.sh [switches]
set -euo pipefail
cd "$(dirname "$0")/.."
gl=${GREENLIGHT:-build/app/greenlight}
switches=${1:-20}
work=$(mktemp -d)
lab_pid=""
stop_lab() { if [ -n "$lab_pid" ]; then kill -TERM "$lab_pid" 2>/dev/null || true; wait "$lab_pid" 2>/dev/null || true; lab_pid=""; fi; }
trap 'stop_lab; rm -rf "$work"' EXIT

median() { sort -n "$1" | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
now_ms() { date +%s%3N; }

run_router() {
    local router=$1 out=$work/$1
    mkdir -p "$out"
    "$gl" lab --rps 0 --router "$router" >"$out/lab.out" 2>&1 &
    lab_pid=$!
    for _ in $(seq 300); do grep -q '^deployment file:' "$out/lab.out" 2>/dev/null && break; sleep 0.1; done
    local config front
    config=$(sed -n 's/^deployment file: //p' "$out/lab.out")
    front=$(sed -n 's/^router: //p' "$out/lab.out")
    [ -n "$config" ] || { cat "$out/lab.out" >&2; exit 1; }

    local seconds=$(( switches * 2 + 10 ))
    wrk -t2 -c50 -d"${seconds}s" "$front" >"$out/wrk.txt" 2>&1 &
    local wrk_pid=$!
    sleep 2
    : >"$out/switch"
    for i in $(seq "$switches"); do
        local to t0
        to=$([ $((i % 2)) -eq 1 ] && echo green || echo blue)
        t0=$(now_ms)
        "$gl" rollback --config "$config" --to "$to" --reason "switch $i under load" >"$out/rollback.log" 2>&1 \
            || { echo "$router: switch $i failed:" >&2; cat "$out/rollback.log" >&2; }
        echo $(( $(now_ms) - t0 )) >>"$out/switch"
    done
    wait "$wrk_pid" || true
    stop_lab
    local requests non2xx errors
    requests=$(awk '/requests in/ {print $1}' "$out/wrk.txt")
    non2xx=$(awk '/Non-2xx or 3xx responses/ {print $NF}' "$out/wrk.txt"); non2xx=${non2xx:-0}
    errors=$(awk '/Socket errors/ {for (i = 1; i < NF; i++) if ($i ~ /^(connect|read|write|timeout)$/) printf "%s=%s ", $i, $(i+1)+0}' "$out/wrk.txt")
    echo "$router: $switches switches under wrk -t2 -c50 keep-alive: requests=$requests non_2xx=$non2xx ${errors:-connect=0 read=0 write=0 timeout=0}; switch median $(median "$out/switch") ms"
}

echo "router switch benchmark ($(nproc) cores, $(date -u +%FT%TZ))"
run_router haproxy
run_router nginx
