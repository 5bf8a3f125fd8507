#!/usr/bin/env bash
# Bad flags and bad files: one line on stderr naming the flag or file, exit code 2, no output file.
set -u
. "$(dirname "$0")/idx_fixture.sh"
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
make_idx "$t" 64 12 12
fails=0 passes=0
expect_error() { # pattern, then the command
  local pat=$1; shift
  "$@" > "$t/out" 2> "$t/err"; local rc=$?
  if [ $rc -ne 2 ] || [ "$(wc -l < "$t/err")" -ne 1 ] || ! grep -q -- "$pat" "$t/err"; then
    echo "FAIL: $* -> rc=$rc, stderr: $(cat "$t/err")"; fails=$((fails+1))
  else passes=$((passes+1)); fi
}
data=(--train-images "$t/img.idx" --train-labels "$t/lab.idx" --test-images "$t/img.idx" --test-labels "$t/lab.idx")
expect_error "unknown option '--bogus'" "$EOQ" train --bogus 1
expect_error "--batch" "$EOQ" train --batch 0
expect_error "--batch" "$EOQ" train --batch 12x
expect_error "--lr" "$EOQ" train --lr -1
expect_error "--kw" "$EOQ" train --kw 17
expect_error "--bits" "$EOQ" train --bits 8,8,8
expect_error "--mode" "$EOQ" train --mode fp64
expect_error "--epochs needs a value" "$EOQ" train --epochs
expect_error "unknown command" "$EOQ" fly
expect_error "$t/nope.idx: cannot open" "$EOQ" train --train-images "$t/nope.idx"
printf 'hello world, no idx' > "$t/bad.idx"
expect_error "$t/bad.idx: byte 0: not an IDX file" "$EOQ" train --train-images "$t/bad.idx"
head -c 100 "$t/img.idx" > "$t/short.idx"
expect_error "$t/short.idx: byte 100: file ends early" "$EOQ" train --train-images "$t/short.idx" --train-labels "$t/lab.idx"
cp "$t/img.idx" "$t/long.idx"; printf 'x' >> "$t/long.idx"
expect_error "trailing data" "$EOQ" train --train-images "$t/long.idx" --train-labels "$t/lab.idx"
expect_error "64 images" "$EOQ" train --train-images "$t/img.idx" --train-labels "$t/img.idx"
expect_error "unknown network" "$EOQ" train "${data[@]}" --net resnet9
expect_error "larger than the 64 training images" "$EOQ" train "${data[@]}" --net resnet8 --batch 128 --log "$t/log.csv"
[ -e "$t/log.csv" ] && [ "$(wc -l < "$t/log.csv")" -gt 1 ] && { echo "FAIL: log written on error"; fails=$((fails+1)); }
printf 'garbage' > "$t/ck"
expect_error "$t/ck: file too short" "$EOQ" train "${data[@]}" --net resnet8 --batch 8 --resume "$t/ck"
for cmd in "" train nets memory; do
  "$EOQ" $cmd --help > "$t/out" 2>&1 && grep -q usage "$t/out" && passes=$((passes+1)) || { echo "FAIL: eoq $cmd --help"; fails=$((fails+1)); }
done
echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
