#!/usr/bin/env bash
# Reproduces the README's accuracy tables. Usage:
#   scripts/reproduce-accuracy.sh table1 [EPOCHS]   # bn32, fixup32, wageubn8, eoq8 (--act-range 2 and the paper's range)
#                                                   # on full Fashion-MNIST; EPOCHS default 2 (the README's; about
#                                                   # 2 h on 2 idle cores)
#   scripts/reproduce-accuracy.sh small-batch       # bn32 against eoq8 at batch 1, 2, 4, 8 on a subset
# Runs two trainings at a time (one per core), prints a markdown table with each row's command and
# exits 1 if any row failed (its .err file says why).
# EOQ names the eoq binary (default build/models/eoq), OUT the output folder (default out/accuracy).
set -euo pipefail
case "${1:-}" in -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
eoq=${EOQ:-$top/build/models/eoq}
[ -x "$eoq" ] || { echo "reproduce-accuracy: $eoq not built; run scripts/build.sh first" >&2; exit 2; }
out=${OUT:-$top/out/accuracy}
mkdir -p "$out"
what=${1:-table1}

run_rows() { # each arg: "name|flags"
  local running=0
  for row in "$@"; do
    local name=${row%%|*} flags=${row#*|}
    echo "$eoq train $flags" > "$out/$name.cmd"
    echo "reproduce-accuracy: started $name (progress: $out/$name.err)" >&2
    # shellcheck disable=SC2086
    "$eoq" train $flags --log "$out/$name.csv" > "$out/$name.out" 2> "$out/$name.err" &
    running=$((running + 1))
    # A failed row is reported in the table below, so its exit status must not stop the others.
    if [ $running -ge 2 ]; then wait -n || true; running=$((running - 1)); fi
  done
  wait || true
  echo "| row | test accuracy | command |"
  echo "|---|---|---|"
  local failed=0
  for row in "$@"; do
    local name=${row%%|*}
    local acc; acc=$(grep -o 'test_acc=[0-9.]*' "$out/$name.out" | tail -n 1 | cut -d= -f2 || true)
    [ -n "$acc" ] || failed=1
    echo "| $name | ${acc:-failed, see $out/$name.err} | \`$(cat "$out/$name.cmd" | sed "s|$top/||")\` |"
  done
  return $failed
}

case "$what" in
  table1)
    ep=${2:-2}
    [[ $ep =~ ^[1-9][0-9]*$ ]] || { echo "reproduce-accuracy: EPOCHS must be a positive integer, got '$ep'" >&2; exit 2; }
    common="--net resnet20 --batch 128 --epochs $ep --schedule cosine --seed 1"
    # fixup32 at lr 0.15, the best of the rates tried for it: at 0.2 it stops learning in the
    # first epoch (README, Table I notes).
    # The longest row first, so that the two cores finish together.
    run_rows "wageubn8|--mode wageubn8 --lr 0.2 $common" "eoq8-act-range-2|--mode eoq8 --act-range 2 --lr 0.2 $common" \
             "fixup32|--mode fixup32 --lr 0.15 $common" "bn32|--mode bn32 --lr 0.2 $common" \
             "eoq8|--mode eoq8 --lr 0.2 $common"
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
