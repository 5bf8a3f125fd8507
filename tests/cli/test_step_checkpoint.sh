#!/usr/bin/env bash
# eoq step --checkpoint starts from the parameters a training run reached: the export equals
# what the run trained (not the Fixup init), a step from the checkpoint equals a step from the
# exported .npy parameters bit for bit, and a checkpoint of another config or a cut file is refused.
set -u
. "$(dirname "$0")/idx_fixture.sh"
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3  # Debian's python3-numpy lives with /usr/bin/python3
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
make_idx "$t" 64 12 12
# The default stochastic write-back (nearest would drop these first small updates); the PRNG
# state lives in the checkpoint and not in the .npy files, so only the written-back parameters
# of the two steps below may differ.
numerics=(--net resnet8 --grad-round nearest --seed 2)
"$EOQ" train "${numerics[@]}" --batch 8 --lr 0.1 --stop-after 6 --checkpoint "$t/run.ck" --quiet \
  --train-images "$t/img.idx" --train-labels "$t/lab.idx" --test-images "$t/img.idx" --test-labels "$t/lab.idx" \
  > "$t/train.out" 2>&1 || { echo "FAIL: training run"; cat "$t/train.out"; exit 1; }
"$EOQ" step "${numerics[@]}" --init-params "$t/init" > /dev/null || { echo "FAIL: init-params"; exit 1; }
"$EOQ" step "${numerics[@]}" --checkpoint "$t/run.ck" --init-params "$t/trained" > /dev/null \
  || { echo "FAIL: export from checkpoint"; exit 1; }
"$PY" - "$t" <<'PY' || exit 1
import sys, numpy as np
d = sys.argv[1]
np.save(d + "/x.npy", np.fromfile(d + "/img.idx", np.uint8)[16:16 + 8 * 144].reshape(8, 12, 12))
np.save(d + "/y.npy", np.fromfile(d + "/lab.idx", np.uint8)[8:16].astype(np.int64))
pix = np.fromfile(d + "/img.idx", np.uint8)[16:].astype(np.int64)
open(d + "/mean", "w").write(str((pix.sum() + pix.size // 2) // pix.size))  # the trainer's mean pixel
# Fixup starts the classifier at zero; the run's steps moved it and the convs' weights
a, b = np.load(f"{d}/init/fc.w.npy"), np.load(f"{d}/trained/fc.w.npy")
if a.any() or not b.any():
    sys.exit(f"FAIL: fc.w: init nonzero {a.any()}, checkpoint's all zero {not b.any()}")
import glob, os
moved = [f for f in glob.glob(d + "/init/conv*.w.npy")
         if not np.array_equal(np.load(f), np.load(d + "/trained/" + os.path.basename(f)))]
if len(moved) < 3:
    sys.exit(f"FAIL: only {len(moved)} conv weights differ from the Fixup init")
PY
"$EOQ" step "${numerics[@]}" --checkpoint "$t/run.ck" --images "$t/x.npy" --labels "$t/y.npy" --out "$t/a" --lr 0.1 \
  > "$t/a.out" || { echo "FAIL: step from checkpoint"; exit 1; }
# the checkpoint brings its data set's mean pixel; .npy parameters do not
"$EOQ" step "${numerics[@]}" --input-mean "$(cat "$t/mean")" --params "$t/trained" --images "$t/x.npy" --labels "$t/y.npy" --out "$t/b" --lr 0.1 \
  > "$t/b.out" || { echo "FAIL: step from exported parameters"; exit 1; }
n=0 differ=""
for f in "$t"/a/*.npy; do
  name=$(basename "$f")
  [[ $name =~ ^conv[0-9]+\.(w|b1|gamma|b2)\.npy$ ]] && continue
  n=$((n+1))
  cmp -s "$f" "$t/b/$name" || differ="$differ $name"
done
if [ "$n" -lt 100 ] || [ -n "$differ" ] || [ "$(cut -d' ' -f2-4 "$t/a.out")" != "$(cut -d' ' -f2-4 "$t/b.out")" ]; then
  echo "FAIL: a step from the checkpoint differs from a step from its exported parameters ($n compared):$differ"; exit 1
fi
# scripts/activation_stats.py reads the dump: one row per ReLU layer of resnet8 (7), fractions in [0, 1]
stats=$("$PY" "$(dirname "$0")/../../scripts/activation_stats.py" "$t/a") || { echo "FAIL: activation_stats"; exit 1; }
echo "$stats" | awk 'NR > 1 { n++; if ($2 < 0 || $2 > 1 || $3 < 0 || $3 > 1 || $2 + $3 > 1) bad = 1 }
  END { exit !(n == 7 && !bad) }' || { echo "FAIL: activation_stats output:"; echo "$stats"; exit 1; }
fails=0
check_refused() { # expected message, then the step's extra arguments
  local want=$1; shift
  if "$EOQ" step "$@" --init-params "$t/r" > /dev/null 2> "$t/err"; then
    echo "FAIL: accepted: $*"; fails=$((fails+1))
  elif ! grep -q "$want" "$t/err" || [ "$(wc -l < "$t/err")" -ne 1 ]; then
    echo "FAIL: message for $*: $(cat "$t/err")"; fails=$((fails+1))
  fi
}
check_refused "another mode" "${numerics[@]}" --act-range 1 --checkpoint "$t/run.ck"
check_refused "another network" --net resnet14 --grad-round nearest --seed 2 --checkpoint "$t/run.ck"
head -c 5000 "$t/run.ck" > "$t/cut.ck"
check_refused "another mode" "${numerics[@]}" --input-mean 200 --checkpoint "$t/run.ck"
check_refused "truncated" "${numerics[@]}" --checkpoint "$t/cut.ck"
check_refused "cannot open" "${numerics[@]}" --checkpoint "$t/missing.ck"
[ $fails -eq 0 ] && echo "step from checkpoint: export, equal steps, 5 refusals: passed"
[ $fails -eq 0 ]
