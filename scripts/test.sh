#!/usr/bin/env bash
# README command 2: install what is needed, build, and run every test (unit, gui, integration).
# GUI tests run offscreen; integration tests start their own lab (sshd, HAProxy) on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure --timeout 600 -j "${JOBS:-2}" "$@"
