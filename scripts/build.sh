#!/usr/bin/env bash
# Configures and builds Greenlight into build/ (2 parallel jobs: these machines have 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}"
cmake --build build -j "${JOBS:-2}"
