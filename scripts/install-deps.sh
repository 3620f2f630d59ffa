#!/usr/bin/env bash
# Installs what Greenlight needs to build, test and run its local lab: Debian 12 packages only.
# Safe to run again: when everything is present it changes nothing.
set -euo pipefail

# libqt6opengl6-dev: Qt Charts' CMake package requires Qt6OpenGL (only a recommendation of qt6-base-dev).
# clang + libclang-rt-14-dev: libFuzzer and clang's sanitizer runtimes (scripts/fuzz.sh);
# gcc's ASan/UBSan/TSan runtimes come with g++ (scripts/sanitize.sh).
# pdns-server, pdns-backend-sqlite3, sqlite3 (loads its schema), bind9, bind9-dnsutils (nsupdate): the DNS
# routers' tests start PowerDNS and BIND unprivileged on loopback (policy-rc.d below keeps the packages'
# own named and pdns services from starting at install; their units are left enabled).
# librsvg2-bin: the package's PNG icons from the SVG; lintian, desktop-file-utils, appstream: the
# `package` test (packaging/check-package.sh).
packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-qpa-plugins libgl-dev
    libssh-dev libssl-dev nlohmann-json3-dev
    openssh-server openssh-client haproxy nginx-light wrk
    pdns-server pdns-backend-sqlite3 sqlite3 bind9 bind9-dnsutils
    xvfb xauth imagemagick fonts-dejavu-core
    clang libclang-rt-14-dev
    librsvg2-bin lintian desktop-file-utils appstream
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
# Installing openssh-server, haproxy and nginx must not start system services: the lab runs
# its own, unprivileged, on loopback. policy-rc.d tells Debian's maintainer scripts so.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    own_policy=1
fi
cleanup() { if [ "$own_policy" -eq 1 ]; then $sudo rm -f "$policy"; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
