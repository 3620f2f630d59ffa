#!/usr/bin/env bash
# ctest `clidocs` (label unit): the man page and both shell completions rendered in this build
# name every command `greenlight --help` lists, so none of them can lag behind the verb table.
#   packaging/check-docs.sh GREENLIGHT_BIN GENERATED_DIR
set -uo pipefail
bin=$1 gen=$2
verbs=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$bin" --help | sed -n '/^commands:/,/^$/p' | awk 'NF > 1 {print $1}')
[ "$(echo "$verbs" | wc -w)" -ge 12 ] || { echo "clidocs: --help lists too few commands: $verbs"; exit 1; }
failed=0
for v in $verbs; do
    grep -q "^\.SS $v\$" "$gen/greenlight.1" || { echo "clidocs: the man page has no section for $v"; failed=1; }
    grep -q "^        $v) words=" "$gen/greenlight.bash" || { echo "clidocs: the bash completion does not know $v"; failed=1; }
    grep -q "^        '$v:" "$gen/_greenlight" || { echo "clidocs: the zsh completion does not know $v"; failed=1; }
done
bash -n "$gen/greenlight.bash" || { echo "clidocs: the bash completion is not valid bash"; failed=1; }
# Every option of the verb help is in the man page too (deploy's as a sample of the format).
for o in --force-unlock --accept-new-host-keys; do
    grep -q -- "\\\\-\\\\-${o#--}" "$gen/greenlight.1" || { echo "clidocs: the man page lacks $o"; failed=1; }
done
[ $failed -eq 0 ] && echo "clidocs: $(echo $verbs | wc -w) commands in the man page and both completions"
exit $failed
