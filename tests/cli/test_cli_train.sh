#!/usr/bin/env bash
# A short real training run on a slice of Fashion-MNIST reaches a stated accuracy, for eoq8 and
# its float twin; and the -O0 build of eoq gives the same result line as the -O2 build.
set -u
fm=/usr/share/datasets/fashion-mnist
[ -r "$fm/train-images-idx3-ubyte.gz" ] || { echo "FAIL: Fashion-MNIST not installed (dataset-fashion-mnist)"; exit 1; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fails=0 passes=0
limit=6000; [ -n "${EOQ_SANITIZED:-}" ] && limit=400
for mode in eoq8 bn32; do
  "$EOQ" train --mode "$mode" --net resnet8 --batch 8 --lr 0.1 --schedule const --epochs 1 --train-limit $limit --test-limit 1000 --quiet --log "$t/$mode.csv" > "$t/$mode.out" 2>&1
  acc=$(grep -o 'test_acc=[0-9.]*' "$t/$mode.out" | cut -d= -f2)
  # measured: eoq8 0.436 (chance is 0.10); sanitizer builds run 400 images and check completion
  need=0.30; [ -n "${EOQ_SANITIZED:-}" ] && need=0.0
  if [ -n "$acc" ] && awk -v a="$acc" -v n="$need" 'BEGIN{exit !(a >= n)}'; then
    echo "$mode: test accuracy $acc >= $need"; passes=$((passes+1))
  else
    echo "FAIL: $mode: test accuracy '${acc}' below $need"; cat "$t/$mode.out"; fails=$((fails+1))
  fi
  [ "$(wc -l < "$t/$mode.csv")" -eq 2 ] && passes=$((passes+1)) || { echo "FAIL: $mode log"; fails=$((fails+1)); }
done
if [ -n "${EOQ_O0:-}" ] && [ -z "${EOQ_SANITIZED:-}" ]; then
  args=(train --mode eoq8 --net resnet8 --batch 8 --train-limit 96 --test-limit 64 --quiet --grad-round stochastic)
  a=$("$EOQ" "${args[@]}" | sed 's/ images_per_s=.*//'); b=$("$EOQ_O0" "${args[@]}" | sed 's/ images_per_s=.*//')
  [ "$a" = "$b" ] && passes=$((passes+1)) || { echo "FAIL: -O0 and -O2 differ: $a / $b"; fails=$((fails+1)); }
fi
echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
