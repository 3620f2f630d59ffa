#!/usr/bin/env bash
# What resolving through ssh_config and going through a jump host cost: `greenlight exec --on
# all -- true` (process start, connect, run) on the lab's 16 hosts, medians of RUNS runs, three
# ways: the deployment file's addresses and ports (no ssh_config), aliases resolved by `ssh -G`
# (one per host), and the 16 hosts behind the lab's router as ProxyJump (one shared session).
#   bench/ssh-jump.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
gl=${GREENLIGHT:-build/app/greenlight}

work=$(mktemp -d)
lab_pid=""
cleanup() { [ -n "$lab_pid" ] && kill -TERM "$lab_pid" 2>/dev/null && wait "$lab_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$gl" lab --hosts-per-colour 8 --rps 0 >"$work/lab.out" 2>&1 &
lab_pid=$!
for _ in $(seq 300); do grep -q '^deployment file:' "$work/lab.out" 2>/dev/null && break; sleep 0.1; done
config=$(sed -n 's/^deployment file: //p' "$work/lab.out")
[ -n "$config" ] || { cat "$work/lab.out" >&2; exit 1; }

python3 - "$config" "$work" <<'PY'
import json, sys
cfg = json.load(open(sys.argv[1])); work = sys.argv[2]
ssh = cfg["ssh"]; router = cfg["router"]["host"]
lines = []
for name, h in cfg["hosts"].items():
    lines.append(f"Host gl-{name}\n  HostName {h['address']}\n")
    if name != router:
        lines.append(f"Host gl-{name}-via\n  HostName {h['address']}\n  ProxyJump gl-{router}\n")
port = next(iter(cfg["hosts"].values()))["port"]
lines.append(f"Host gl-*\n  Port {port}\n  User {ssh['user']}\n  IdentityFile {ssh['identity_file']}\n"
             f"  UserKnownHostsFile {ssh['known_hosts']}\n")
open(f"{work}/ssh_config", "w").write("".join(lines))
for mode in ("alias", "jump"):
    c = json.loads(json.dumps(cfg))
    c["ssh"]["use_ssh_config"] = True
    c["ssh"]["config_file"] = f"{work}/ssh_config"
    for name, h in c["hosts"].items():
        suffix = "-via" if mode == "jump" and name != router else ""
        c["hosts"][name] = {"address": f"gl-{name}{suffix}"}
    json.dump(c, open(f"{work}/{mode}.json", "w"))
PY

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() {
    local file=$1
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s%N)
        "$gl" exec --config "$file" --on all -- true >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
        end=$(date +%s%N)
        echo $(((end - start) / 1000000))
    done | median
}
direct=$(run "$config")
alias=$(run "$work/alias.json")
jump=$(run "$work/jump.json")
printf '%-44s %8s\n' "16 hosts, exec -- true, cold (median of $runs)" "ms"
printf '%-44s %8s\n' "addresses from the deployment file" "$direct"
printf '%-44s %8s\n' "aliases resolved by ssh -G" "$alias"
printf '%-44s %8s\n' "behind the router as ProxyJump" "$jump"
