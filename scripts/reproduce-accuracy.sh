#!/usr/bin/env bash
# Reproduces the README's accuracy tables. Usage:
#   scripts/reproduce-accuracy.sh table1 [EPOCHS]   # bn32, fixup32, wageubn8, eoq8 (two activation ranges) on full
#                                                   # Fashion-MNIST; EPOCHS default 4 (the README's; about 2 h 10 min on 2 cores)
#   scripts/reproduce-accuracy.sh small-batch       # bn32 against eoq8 at batch 1, 2, 4, 8 on a subset
# Runs two trainings at a time (one per core) and prints a markdown table with each row's command.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
eoq=${EOQ:-$top/build/models/eoq}
[ -x "$eoq" ] || { echo "reproduce-accuracy: $eoq not built; run scripts/build.sh first" >&2; exit 2; }
out=${OUT:-$top/out/accuracy}
mkdir -p "$out"
what=${1:-table1}

run_rows() { # each arg: "name|flags"
  local pids=() names=()
  for row in "$@"; do
    local name=${row%%|*} flags=${row#*|}
    echo "$eoq train $flags" > "$out/$name.cmd"
    # shellcheck disable=SC2086
    "$eoq" train $flags --log "$out/$name.csv" > "$out/$name.out" 2> "$out/$name.err" &
    pids+=($!); names+=("$name")
    if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
  done
  for p in "${pids[@]}"; do wait "$p"; done
  echo "| row | test accuracy | command |"
  echo "|---|---|---|"
  for row in "$@"; do
    local name=${row%%|*}
    local acc; acc=$(grep -o 'test_acc=[0-9.]*' "$out/$name.out" | tail -n 1 | cut -d= -f2)
    echo "| $name | ${acc:-failed, see $out/$name.err} | \`$(cat "$out/$name.cmd" | sed "s|$top/||")\` |"
  done
}

case "$what" in
  table1)
    ep=${2:-4}
    common="--net resnet20 --batch 128 --epochs $ep --lr 0.2 --schedule cosine --seed 1 --quiet"
    run_rows "eoq8|--mode eoq8 $common" "fixup32|--mode fixup32 $common" \
             "bn32|--mode bn32 $common" "wageubn8|--mode wageubn8 $common" \
             "eoq8 --act-range 2|--mode eoq8 --act-range 2 $common"
    ;;
  small-batch)
    rows=()
    for b in 1 2 4 8; do
      lr=$(awk -v b=$b 'BEGIN{print 0.0125*b}') # linear scaling from 0.1 at batch 8
      common="--net resnet8 --batch $b --epochs 1 --lr $lr --schedule const --train-limit 6000 --test-limit 2000 --seed 1 --quiet"
      rows+=("bn32-b$b|--mode bn32 $common" "eoq8-b$b|--mode eoq8 $common")
    done
    run_rows "${rows[@]}"
    ;;
  *) echo "reproduce-accuracy: unknown table '$what' (table1 or small-batch)" >&2; exit 2 ;;
esac
