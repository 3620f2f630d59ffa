#!/usr/bin/env bash
# Screenshots the real window on a local lab, under Xvfb, after a deploy has run:
#   scripts/screenshot.sh [OUTPUT.png] [SECONDS]     (GREENLIGHT_LAB_ROUTER=nginx for the nginx lab)
# Needs a build (scripts/build.sh). Everything it starts (Xvfb, the console, its lab) stops.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshot.png}
wait_s=${2:-30}
display=":$((90 + RANDOM % 9))"

Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
cleanup() {
    [ -n "$app" ] && kill -TERM "$app" 2>/dev/null && wait "$app" 2>/dev/null || true
    kill "$xvfb" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done

DISPLAY=$display QT_QPA_PLATFORM=xcb QT_STYLE_OVERRIDE=Fusion \
    build/app/greenlight --lab --lab-router "${GREENLIGHT_LAB_ROUTER:-haproxy}" --deploy-on-start 1.1.0 -qwindowgeometry 1600x1000+0+0 &
app=$!
sleep "$wait_s"
DISPLAY=$display import -window root "$out"
echo "screenshot: $out"
