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
# malformed .npy inputs of eoq step
npy() { # file, header dict, payload bytes (printf format)
  local hdr="$2" len; len=$(( ${#hdr} + 1 )); local pad=$(( (64 - (10 + len) % 64) % 64 ))
  { printf '\x93NUMPY\x01\x00'; printf "\\x$(printf %02x $(( (len + pad) % 256 )))\\x$(printf %02x $(( (len + pad) / 256 )))"
    printf '%s' "$hdr"; printf "%${pad}s" ""; printf '\n'; printf "$3"; } > "$1"
}
npy "$t/y.npy" "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }" '\x01\x02'
npy "$t/x.npy" "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 8, 8), }" "$(printf '\\x10%.0s' $(seq 128))"
step=(step --out "$t/dump" --labels "$t/y.npy")
"$EOQ" "${step[@]}" --images "$t/x.npy" > /dev/null 2>&1 && passes=$((passes+1)) || { echo "FAIL: valid .npy step"; fails=$((fails+1)); }
printf 'not numpy at all' > "$t/bad.npy"
expect_error "$t/bad.npy: byte 0: not a .npy file" "$EOQ" "${step[@]}" --images "$t/bad.npy"
head -c 180 "$t/x.npy" > "$t/short.npy"
expect_error "$t/short.npy: byte 180: file ends before the data" "$EOQ" "${step[@]}" --images "$t/short.npy"
head -c 40 "$t/x.npy" > "$t/hdr.npy"
expect_error "$t/hdr.npy: byte 10: file ends in the header" "$EOQ" "${step[@]}" --images "$t/hdr.npy"
npy "$t/f.npy" "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 8, 8), }" "$(printf '\\x10%.0s' $(seq 128))"
expect_error "fortran_order arrays are not supported" "$EOQ" "${step[@]}" --images "$t/f.npy"
npy "$t/c.npy" "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }" '0123456789abcdef'
expect_error "dtype not supported" "$EOQ" "${step[@]}" --images "$t/c.npy"
npy "$t/big.npy" "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 8, 8), }" "$(printf '\\x00\\x00\\x00\\x00\\x00\\x00\\x70\\x40%.0s' $(seq 128))"
expect_error "is not a pixel 0..255" "$EOQ" "${step[@]}" --images "$t/big.npy"
mkdir -p "$t/p"; npy "$t/p/conv0.w.npy" "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }" '\x00\x00\x00\x00\x00\x00\xf0\x3f'
expect_error "conv0.w: expected 144 values" "$EOQ" "${step[@]}" --images "$t/x.npy" --params "$t/p"
for cmd in "" train nets memory step; do
  "$EOQ" $cmd --help > "$t/out" 2>&1 && grep -q usage "$t/out" && passes=$((passes+1)) || { echo "FAIL: eoq $cmd --help"; fails=$((fails+1)); }
done
echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
