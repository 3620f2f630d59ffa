#!/usr/bin/env bash
# The console's own CPU and memory while watching a bake: the real window (offscreen, Fusion),
# 2 colours × 2 hosts probed at 1 Hz, the router's counters every 2 s, the four series of each
# colour redrawn at 4 Hz; after an hour of samples fed at speed, so the buffers are full.
#   bench/dashboard-cost.sh [SECONDS] [RUNS]      (default 60 s, 3 runs; medians printed)
# Needs a build (scripts/build.sh). Run it with nothing else busy on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
runs=${2:-3}
bin=build/bench/greenlight-bench-dashboard
[ -x "$bin" ] || { echo "build first: cmake --build build --target greenlight-bench-dashboard" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/bench.json" <<'JSON'
{
  "name": "bench",
  "journal": "journal.jsonl",
  "ssh": {"user": "nobody", "known_hosts": "known_hosts", "use_ssh_config": false},
  "hosts": {
    "router": {"address": "127.0.0.1", "port": 1},
    "blue-1": {"address": "127.0.0.1", "port": 1}, "blue-2": {"address": "127.0.0.1", "port": 1},
    "green-1": {"address": "127.0.0.1", "port": 1}, "green-2": {"address": "127.0.0.1", "port": 1}
  },
  "environments": {
    "blue": {"hosts": ["blue-1", "blue-2"], "app_port": 1, "version_command": "true", "deploy_command": "true {version}"},
    "green": {"hosts": ["green-1", "green-2"], "app_port": 1, "version_command": "true", "deploy_command": "true {version}"}
  },
  "router": {"type": "command", "host": "router", "read_command": "true", "set_command": "true {colour} {percent}", "frontend_url": "http://127.0.0.1:1/"},
  "pipeline": [{"stage": "deploy"}, {"stage": "shift"}],
  "gates": [
    {"metric": "error_rate", "above": 0.02, "window_s": 60, "min_samples": 10, "consecutive": 3},
    {"metric": "p95_ms", "above": 250, "window_s": 60, "min_samples": 10, "consecutive": 3}
  ]
}
JSON
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
for window in 120 3600; do
    : > "$dir/cpu"; : > "$dir/rss"
    for _ in $(seq "$runs"); do
        line=$(QT_QPA_PLATFORM=offscreen QT_STYLE_OVERRIDE=Fusion "$bin" "$dir/bench.json" "$seconds" "$window" 2>/dev/null)
        echo "  $line"
        echo "$line" | sed -n 's/.*= \([0-9.]*\) % of a core.*/\1/p' >> "$dir/cpu"
        echo "$line" | sed -n 's/.*(\([-+0-9.]*\) MiB).*/\1/p' >> "$dir/rss"
    done
    echo "chart window ${window} s: median $(median < "$dir/cpu") % of a core; memory over the second hour: median $(median < "$dir/rss") MiB"
done
