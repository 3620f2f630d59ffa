#!/usr/bin/env bash
# One command on N loopback sshd hosts: Greenlight cold (process start, connect, run) and warm
# (the same command again on the open sessions), against parallel-ssh -p N (and ansible -f N
# at 16 hosts, or at every count with ANSIBLE=1), in one run, medians of RUNS runs each; then
# the longest main-thread stall while the N hosts (and the router) connect. A table at the end.
# Needs a build (scripts/build.sh) and: apt-get install pssh ansible-core
#   bench/ssh-fanout.sh [RUNS] [HOSTS...]        e.g. bench/ssh-fanout.sh 5 16 64 128
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(16)
gl=${GREENLIGHT:-build/app/greenlight}
stall=${GREENLIGHT_STALL:-build/bench/greenlight-bench-stall}
for tool in parallel-ssh ansible python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install pssh ansible-core" >&2; exit 1; }
done

work=$(mktemp -d)
lab_pid=""
stop_lab() { [ -n "$lab_pid" ] && kill -TERM "$lab_pid" 2>/dev/null && wait "$lab_pid" 2>/dev/null; lab_pid=""; }
cleanup() { stop_lab || true; rm -rf "$work"; }
trap cleanup EXIT

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
time_ms() { local t0; t0=$(now_ms); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; echo $(( $(now_ms) - t0 )); }

# One lab of N hosts (N/2 a colour, plus the router), the peers pointed at the same hosts.
start_lab() {
    "$gl" lab --hosts-per-colour $(( $1 / 2 )) --rps 0 >"$work/lab.out" 2>&1 &
    lab_pid=$!
    for _ in $(seq 600); do grep -q '^deployment file:' "$work/lab.out" 2>/dev/null && break; sleep 0.1; done
    config=$(sed -n 's/^deployment file: //p' "$work/lab.out")
    [ -n "$config" ] || { cat "$work/lab.out" >&2; exit 1; }
    python3 - "$config" "$work" <<'PY'
import json, sys
cfg = json.load(open(sys.argv[1])); work = sys.argv[2]
ssh = cfg["ssh"]; names = cfg["environments"]["blue"]["hosts"] + cfg["environments"]["green"]["hosts"]
hosts = {n: cfg["hosts"][n] for n in names}
with open(f"{work}/pssh.hosts", "w") as f:
    for h in hosts.values():
        f.write(f'{ssh["user"]}@{h["address"]}:{h["port"]}\n')
with open(f"{work}/inventory.ini", "w") as f:
    f.write("[lab]\n")
    for n, h in hosts.items():
        f.write(f'{n} ansible_host={h["address"]} ansible_port={h["port"]}\n')
    f.write("[lab:vars]\n")
    f.write(f'ansible_user={ssh["user"]}\nansible_ssh_private_key_file={ssh["identity_file"]}\n')
    f.write(f"ansible_ssh_common_args='-o UserKnownHostsFile={ssh['known_hosts']} -o StrictHostKeyChecking=yes'\n")
    f.write("ansible_python_interpreter=/usr/bin/python3\n")
print(f'{ssh["identity_file"]} {ssh["known_hosts"]}', file=open(f"{work}/keys", "w"))
PY
    read -r key known <"$work/keys"
}

rows=()
for n in "${counts[@]}"; do
    start_lab "$n"
    with_ansible=$([ "$n" -le 16 ] || [ -n "${ANSIBLE:-}" ] && echo 1 || echo "")
    : >"$work/cold"; : >"$work/warm"; : >"$work/pssh"; : >"$work/ansible"
    for i in $(seq "$runs"); do
        time_ms parallel-ssh -p "$n" -t 120 -h "$work/pssh.hosts" \
            -x "-i $key -o UserKnownHostsFile=$known -o StrictHostKeyChecking=yes -o BatchMode=yes" true >>"$work/pssh"
        if [ -n "$with_ansible" ]; then
            # ANSIBLE_SSH_USETTY=False: the lab's unprivileged sshd cannot allocate ttys, and a tty is not needed.
            ANSIBLE_SSH_USETTY=False ANSIBLE_HOST_KEY_CHECKING=True ANSIBLE_LOCAL_TEMP="$work/ansible-tmp" \
                time_ms ansible lab -i "$work/inventory.ini" -f "$n" -m shell -a true >>"$work/ansible"
        fi
        time_ms "$gl" exec --config "$config" --on all -- true >>"$work/cold"
        # Warm: rounds 2.. of one process, on sessions already open.
        "$gl" exec --config "$config" --on all --repeat 4 -- true 2>/dev/null \
            | sed -n "s/^exec: round \([2-9]\) on $n hosts: \([0-9]*\) ms.*/\2/p" >>"$work/warm"
    done
    pssh_ms=$(median <"$work/pssh"); cold_ms=$(median <"$work/cold"); warm_ms=$(median <"$work/warm")
    ansible_ms=$([ -n "$with_ansible" ] && median <"$work/ansible" || echo "-")
    stall_ms=$("$stall" "$config" | sed -n 's/.*longest_main_thread_stall_ms=\([0-9]*\).*/\1/p')
    stop_lab
    rows+=("$(awk -v n="$n" -v p="$pssh_ms" -v a="$ansible_ms" -v c="$cold_ms" -v w="$warm_ms" -v s="$stall_ms" 'BEGIN {
        printf "| %d | %s | %s | %s (%.2f×) | %s (%.3f×) | %s |", n, p, a, c, c / p, w, w / p, s }')")
    echo "${rows[-1]}"
done

echo
echo "one command (true) on N loopback sshd hosts, medians of $runs runs ($(nproc) cores); ms; × = against parallel-ssh"
echo "| hosts | parallel-ssh -p N | ansible -f N | greenlight cold | greenlight warm | main-thread stall while connecting |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
