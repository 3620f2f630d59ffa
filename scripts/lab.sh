#!/usr/bin/env bash
# README command 1: install what is needed, build, and open the console on a local lab:
# real sshd hosts on loopback, a real HAProxy, demo backends and light traffic. Closing the
# window stops all of it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "lab: no display; running the console under Xvfb is scripts/screenshot.sh, the lab alone is: build/app/greenlight lab" >&2
    exit 1
fi
exec build/app/greenlight --lab "$@"
