#!/usr/bin/env bash
# scripts/fixup_stream_stats.py runs a fixup32 checkpoint's forward pass in NumPy: its accuracy
# and loss on the images equal what eoq train reports for the same parameters (so its per-block
# figures are the engine's), one row per block, and a checkpoint of another mode or a cut one,
# or a file that is no IDX, is refused in one line.
set -u
. "$(dirname "$0")/idx_fixture.sh"
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3  # Debian's python3-numpy lives with /usr/bin/python3
script="$(dirname "$0")/../../scripts/fixup_stream_stats.py"
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
make_idx "$t" 64 12 12
# One batch of all 64 images: epoch 41's train loss, resumed from the checkpoint of epoch 40, is the
# loss of the checkpoint's parameters on those images; epoch 40's test accuracy is theirs too.
run=(--mode fixup32 --net resnet8 --batch 64 --lr 1.0 --seed 3 --checkpoint "$t/f.ck" --quiet
     --train-images "$t/img.idx" --train-labels "$t/lab.idx" --test-images "$t/img.idx" --test-labels "$t/lab.idx")
"$EOQ" train "${run[@]}" --epochs 40 --log "$t/a.csv" > "$t/a.out" 2>&1 || { echo "FAIL: fixup32 run"; cat "$t/a.out"; exit 1; }
cp "$t/f.ck" "$t/forty.ck"
"$EOQ" train "${run[@]}" --epochs 41 --resume "$t/f.ck" --log "$t/b.csv" > "$t/b.out" 2>&1 \
  || { echo "FAIL: resumed run"; cat "$t/b.out"; exit 1; }
want_acc=$(awk -F, '$1 == 40 { print $5 }' "$t/a.csv")
want_loss=$(awk -F, '$1 == 41 { print $3 }' "$t/b.csv")
out=$("$PY" "$script" "$t/forty.ck" --images "$t/img.idx" --labels "$t/lab.idx" --count 64) \
  || { echo "FAIL: fixup_stream_stats"; exit 1; }
echo "$out" | awk -v acc="$want_acc" -v loss="$want_loss" '
  /^(stem|block)/ { n++; if ($2 < 0 || $2 > 1) bad = 1 }
  /^accuracy/ { a = $2; l = $NF }
  END { d = l - loss; if (d < 0) d = -d
        exit !(n == 4 && !bad && acc != "" && a + 0 == acc + 0 && loss != "" && d < 1e-4) }' \
  || { echo "FAIL: want accuracy $want_acc loss $want_loss and 4 block rows, got:"; echo "$out"; exit 1; }
fails=0
refused() { # expected message, then the arguments
  local want=$1; shift
  if "$PY" "$script" "$@" > /dev/null 2> "$t/err"; then
    echo "FAIL: accepted: $*"; fails=$((fails+1))
  elif ! grep -q "$want" "$t/err" || [ "$(wc -l < "$t/err")" -ne 1 ]; then
    echo "FAIL: message for $*: $(cat "$t/err")"; fails=$((fails+1))
  fi
}
"$EOQ" train --mode eoq8 --net resnet8 --batch 8 --epochs 1 --stop-after 1 --seed 3 --checkpoint "$t/e.ck" --quiet \
  --train-images "$t/img.idx" --train-labels "$t/lab.idx" --test-images "$t/img.idx" --test-labels "$t/lab.idx" \
  > /dev/null 2>&1 || { echo "FAIL: eoq8 run"; exit 1; }
head -c 3000 "$t/forty.ck" > "$t/cut.ck"
refused "not a fixup32 checkpoint" "$t/e.ck" --images "$t/img.idx"
refused "truncated" "$t/cut.ck" --images "$t/img.idx"
refused "not an IDX file" "$t/forty.ck" --images "$t/lab.idx"
refused "No such file" "$t/missing.ck" --images "$t/img.idx"
[ $fails -eq 0 ] && echo "fixup_stream_stats: accuracy $want_acc and loss $want_loss as eoq train's, 4 refusals: passed"
[ $fails -eq 0 ]
