#!/usr/bin/env bash
# Peak memory of one training step at batch 1..128, golden model (measured) beside the analytic
# count of docs/memory.md for the same network.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
net=${1:-resnet20}
b=$top/build/bench/bench_step_memory
[ -x "$b" ] || { echo "step_memory: build first (scripts/build.sh)" >&2; exit 2; }
echo "| $net, peak RSS MB | batch 1 | 2 | 4 | 8 | 16 | 32 | 64 | 128 |"
echo "|---|---|---|---|---|---|---|---|---|"
for mode in eoq8 fixup32 bn32; do
  row="| $mode (measured) |"
  for bs in 1 2 4 8 16 32 64 128; do row="$row $("$b" "$mode" "$net" "$bs" | awk '{print $4}') |"; done
  echo "$row"
done
