#!/usr/bin/env bash
# Screenshots the real window on a local lab, under Xvfb, after a deploy has run:
#   scripts/screenshot.sh [OUTPUT.png] [SECONDS]
# GREENLIGHT_LAB_ROUTER=nginx: the nginx lab. SCREEN=1366x768: the screen's size (default
# 1600x1000; the window takes its first size from it). GREENLIGHT_PALETTE=dark: a dark palette.
# DEUTERANOPIA=1: also writes OUTPUT-deuteranopia.png, the shot as a deuteranope sees it.
# FAULT=error_rate=0.3 (any of the demo backend's /__lab/faults knobs): set on every green host
# FAULT_AT seconds (default 12) after the start, once the deploy is shifting: a gate breach and
# its automatic rollback, as an operator sees them.
# CLI="rollback --reason 'from the CLI'": runs that greenlight command on the lab's deployment
# file CLI_AT seconds (default 90) after the start, as a colleague's terminal would: the window
# shows the run it did not start.
# Needs a build (scripts/build.sh). Everything it starts (Xvfb, the console, its lab) stops.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshot.png}
wait_s=${2:-30}
display=":$((90 + RANDOM % 9))"
screen=${SCREEN:-1600x1000}
settings=$(mktemp -d) # a first launch: no remembered geometry

Xvfb "$display" -screen 0 "${screen}x24" -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
log=$(mktemp)
cleanup() {
    [ -n "$app" ] && kill -TERM "$app" 2>/dev/null && wait "$app" 2>/dev/null || true
    kill "$xvfb" 2>/dev/null || true
    rm -rf "$settings" "$log"
}
trap cleanup EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done

DISPLAY=$display QT_QPA_PLATFORM=xcb QT_STYLE_OVERRIDE=Fusion XDG_CONFIG_HOME=$settings \
    build/app/greenlight --lab --lab-router "${GREENLIGHT_LAB_ROUTER:-haproxy}" --deploy-on-start 1.1.0 >"$log" 2>&1 &
app=$!
lab_config() {
    local lab_dir
    lab_dir=$(sed -n 's/^greenlight: lab in \([^,]*\),.*/\1/p' "$log")
    config="$lab_dir/greenlight-lab.json"
    [ -f "$config" ] || { echo "no lab deployment file in the console's output:" >&2; cat "$log" >&2; exit 1; }
}
if [ -n "${CLI:-}" ]; then
    cli_at=${CLI_AT:-90}
    sleep "$cli_at"
    lab_config
    eval "build/app/greenlight $CLI --config \"\$config\"" || echo "greenlight $CLI failed" >&2
    sleep $(( wait_s > cli_at ? wait_s - cli_at : 0 ))
elif [ -n "${FAULT:-}" ]; then
    fault_at=${FAULT_AT:-12}
    sleep "$fault_at"
    lab_config
    port=$(jq -r '.environments.green.app_port' "$config")
    for host in $(jq -r '.environments.green.hosts[]' "$config"); do
        address=$(jq -r --arg h "$host" '.hosts[$h].address' "$config")
        curl -fsS "http://$address:$port/__lab/faults?$FAULT" >/dev/null
        echo "fault on $host: $FAULT"
    done
    sleep $(( wait_s > fault_at ? wait_s - fault_at : 0 ))
else
    sleep "$wait_s"
fi
DISPLAY=$display import -window root "$out"
echo "screenshot: $out"
if [ -n "${DEUTERANOPIA:-}" ]; then
    # Machado et al.'s deuteranopia matrix (severity 1.0), applied to the RGB channels.
    convert "$out" -color-matrix "0.367 0.861 -0.228 0.280 0.673 0.047 -0.012 0.043 0.969" "${out%.png}-deuteranopia.png"
    echo "screenshot: ${out%.png}-deuteranopia.png"
fi
