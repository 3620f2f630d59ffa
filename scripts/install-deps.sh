#!/usr/bin/env bash
# Installs what Greenlight needs to build, test and run its local lab: Debian 12 packages only.
# Safe to run again: when everything is present it changes nothing and says so in one line.
# The lab's servers (sshd, HAProxy, nginx) are for the lab only: the lab runs its own,
# unprivileged, on loopback. A service whose package this script installs is left disabled and
# stopped (it says so); a service whose package was there before is never touched.
set -euo pipefail

# libqt6opengl6-dev: Qt Charts' CMake package requires Qt6OpenGL (only a recommendation of qt6-base-dev).
# clang + libclang-rt-14-dev: libFuzzer and clang's sanitizer runtimes (scripts/fuzz.sh);
# gcc's ASan/UBSan/TSan runtimes come with g++ (scripts/sanitize.sh).
# pdns-server, pdns-backend-sqlite3, sqlite3 (loads its schema), bind9, bind9-dnsutils (nsupdate): the DNS
# routers' tests start PowerDNS and BIND unprivileged on loopback (their own named and pdns services
# are left disabled and stopped like the lab's, below).
# awscli: the route53, alb and beanstalk routers run the AWS CLI (/usr/bin/aws); their tests run it
# against a stub of the three APIs on loopback (tst_awsrouters).
# librsvg2-bin: the package's PNG icons from the SVG; lintian, desktop-file-utils, appstream: the
# `package` test (packaging/check-package.sh); devscripts: its hardening-check.
# "a|b": either package will do (nginx: any of Debian's nginx builds; the first is installed).
packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-qpa-plugins libgl-dev
    libssh-dev libssl-dev nlohmann-json3-dev
    openssh-server openssh-client haproxy 'nginx-light|nginx-core|nginx-full|nginx-extras' wrk
    pdns-server pdns-backend-sqlite3 sqlite3 bind9 bind9-dnsutils
    awscli
    xvfb xauth imagemagick fonts-dejavu-core curl jq openssl
    clang libclang-rt-14-dev
    librsvg2-bin lintian desktop-file-utils appstream devscripts
)
# The system services that come with the lab's servers, as "package that owns the unit:service".
lab_services=(openssh-server:ssh haproxy:haproxy nginx-common:nginx bind9:named pdns-server:pdns)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
for entry in "${packages[@]}"; do
    present=0
    IFS='|' read -ra alternatives <<<"$entry"
    for p in "${alternatives[@]}"; do
        if installed "$p"; then present=1; break; fi
    done
    [ $present -eq 1 ] || missing+=("${alternatives[0]}")
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
# Decided before anything is installed: only services new to this machine are ours to disable.
new_services=()
for owned in "${lab_services[@]}"; do
    installed "${owned%%:*}" || new_services+=("${owned#*:}")
done
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

# The services just installed for the lab: not at boot, not now. Without systemd running (CI,
# containers) the boot links are removed for systemd and for sysvinit, and the init script
# stops the service in case it started anyway.
disabled=()
for svc in "${new_services[@]}"; do
    if [ -d /run/systemd/system ]; then
        [ -n "$(systemctl list-unit-files --no-legend "$svc.service" 2>/dev/null)" ] || continue
        $sudo systemctl disable --now --quiet "$svc.service" >/dev/null 2>&1 || true
    else
        [ -e "/etc/init.d/$svc" ] || [ -e "/lib/systemd/system/$svc.service" ] || continue
        if command -v deb-systemd-helper >/dev/null; then
            $sudo deb-systemd-helper disable "$svc.service" >/dev/null 2>&1 || true
        fi
        if [ -e "/etc/init.d/$svc" ]; then
            $sudo update-rc.d "$svc" disable >/dev/null 2>&1 || true
            $sudo "/etc/init.d/$svc" stop >/dev/null 2>&1 || true
        fi
    fi
    disabled+=("$svc")
done
if [ ${#disabled[@]} -gt 0 ]; then
    echo "install-deps: installed for the lab only, so left disabled and stopped: ${disabled[*]} (the lab runs its own on loopback)"
fi
