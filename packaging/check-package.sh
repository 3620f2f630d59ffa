#!/usr/bin/env bash
# ctest `package` (label package): builds the .deb with CPack from this build and checks it the
# way Debian would: its name, lintian (no error, no warning), desktop-file-validate and
# appstreamcli validate, and that it carries the man pages, completions, icons and docs.
# Needs lintian, desktop-file-utils and appstream (scripts/install-deps.sh installs them).
# A build with Debian's hardening flags (cmake/GreenlightHardening.cmake; HARDENED=1) also has its
# programs checked with hardening-check (devscripts): PIE, stack protector, fortify, RELRO, bind now.
#   packaging/check-package.sh BUILD_DIR SOURCE_DIR VERSION [HARDENED]
set -uo pipefail
build=$1 src=$2 version=$3 hardened=${4:-0}
for tool in cpack lintian desktop-file-validate appstreamcli dpkg-deb; do
    command -v "$tool" >/dev/null || { echo "package: $tool is missing (scripts/install-deps.sh installs it)"; exit 1; }
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if ! (cd "$out" && cpack --config "$build/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1); then
    cat "$out/cpack.log"; exit 1
fi
arch=$(dpkg --print-architecture)
deb="$out/greenlight_${version}_${arch}.deb"
[ -f "$deb" ] || { echo "package: expected $(basename "$deb"), got: $(cd "$out" && ls ./*.deb)"; exit 1; }
failed=0
# --fail-on warning fails on errors too; info and pedantic tags are reported, not failed on.
lintian --fail-on error,warning --info "$deb" || { echo "package: lintian failed"; failed=1; }
desktop-file-validate "$src/packaging/io.greenlight.Greenlight.desktop" || { echo "package: desktop-file-validate failed"; failed=1; }
appstreamcli validate --no-net "$src/packaging/io.greenlight.Greenlight.metainfo.xml" || { echo "package: appstreamcli failed"; failed=1; }
for tag in '<url type="homepage">https://' '<screenshot type="default">' '<image type="source"[^>]*>https://'; do
    grep -q "$tag" "$src/packaging/io.greenlight.Greenlight.metainfo.xml" || { echo "package: the metainfo has no $tag"; failed=1; }
done
grep -q '^StartupWMClass=greenlight$' "$src/packaging/io.greenlight.Greenlight.desktop" || { echo "package: no StartupWMClass"; failed=1; }
! grep -q 'application/json' "$src/packaging/io.greenlight.Greenlight.desktop" || { echo "package: claims application/json"; failed=1; }
contents=$(dpkg-deb -c "$deb")
for f in usr/bin/greenlight usr/libexec/greenlight/greenlight-demo usr/share/man/man1/greenlight.1.gz usr/share/man/man1/greenlight-demo.1.gz \
         usr/share/bash-completion/completions/greenlight usr/share/zsh/vendor-completions/_greenlight \
         usr/share/doc/greenlight/copyright usr/share/doc/greenlight/changelog.gz \
         usr/share/icons/hicolor/16x16/apps/io.greenlight.Greenlight.png usr/share/icons/hicolor/256x256/apps/io.greenlight.Greenlight.png \
         usr/share/icons/hicolor/scalable/apps/io.greenlight.Greenlight.svg usr/share/applications/io.greenlight.Greenlight.desktop; do
    grep -q " \./$f\$" <<<"$contents" || { echo "package: $f is missing"; failed=1; }
done
dpkg-deb -f "$deb" Suggests | grep -q 'nginx-light' || { echo "package: no Suggests for the lab's servers"; failed=1; }
grep -q ' \./usr/bin/greenlight-demo$' <<<"$contents" && { echo "package: greenlight-demo is the lab's, not a command: libexec only"; failed=1; }
dpkg-deb -x "$deb" "$out/root"
# `greenlight lab` from the package's own layout: bin/greenlight finds libexec/greenlight/greenlight-demo
# (no GREENLIGHT_DEMO_BIN, none on PATH). Needs the lab's servers, as the integration tests do.
if [ -x /usr/sbin/sshd ] && [ -x /usr/sbin/haproxy ] && ! command -v greenlight-demo >/dev/null; then
    env -u GREENLIGHT_DEMO_BIN -u DISPLAY "$out/root/usr/bin/greenlight" lab >"$out/lab.log" 2>&1 &
    lab=$!
    for _ in $(seq 300); do
        grep -q '^deployment file:' "$out/lab.log" && break
        kill -0 "$lab" 2>/dev/null || break
        sleep 0.1
    done
    grep -q '^deployment file:' "$out/lab.log" || { echo "package: greenlight lab did not start from the package's files:"; cat "$out/lab.log"; failed=1; }
    kill -TERM "$lab" 2>/dev/null
    wait "$lab"
fi
if [ "$hardened" = 1 ]; then
    if command -v hardening-check >/dev/null; then
        # --nocfprotection: Debian 12's Scrt1.o carries no IBT/SHSTK note, so no bookworm program
        # is marked for CET however it is compiled (dpkg 1.21 does not ask for it either).
        # greenlight-demo --nofortify: each of its fortifiable calls (read, memcpy, memmove) is
        # proven in bounds at compile time, so glibc calls the plain function and
        # hardening-check finds only unprotected names; the compile commands are checked below.
        hardening-check --nocfprotection "$out/root/usr/bin/greenlight" || { echo "package: greenlight is not hardened"; failed=1; }
        hardening-check --nocfprotection --nofortify "$out/root/usr/libexec/greenlight/greenlight-demo" \
            || { echo "package: greenlight-demo is not hardened"; failed=1; }
        # What hardening-check cannot see in a binary (fortify where every call is proven in
        # bounds, stack clash where no frame is large): every compile command carries the flags.
        for flag in -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fstack-clash-protection -Werror=format-security; do
            unflagged=$(grep '"command":' "$build/compile_commands.json" | grep -c -v -e "$flag")
            [ "$unflagged" -eq 0 ] || { echo "package: $unflagged compile commands without $flag"; failed=1; }
        done
    else
        echo "package: hardening-check is missing (devscripts; scripts/install-deps.sh installs it)"; failed=1
    fi
else
    echo "package: this build has no hardening flags (GREENLIGHT_HARDENING off, a sanitizer, or not optimised): hardening not checked"
fi
[ $failed -eq 0 ] && echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB) clean"
exit $failed
