#!/bin/bash
# eoq-cost design on a suite trace's SystemC run: the int8 EOQ design costs less energy and area
# than the fp32 BN design; a changed table row moves the output by exactly what the row implies;
# malformed inputs fail with one line and write nothing.
set -u
fail() { echo "FAIL: $*"; exit 1; }
: "${EOQ_COST:?}" "${EOQ_COST_TABLES:?}" "${EOQ_SIM:?}" "${EOQ_HWCFG:?}" "${EOQ_SUITE:?}" "${EOQ_BASE_CFG:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

"$EOQ_SIM" run "$EOQ_SUITE/resnet8_batch1.trace" --json "$tmp/run.json" --quiet || fail "eoq-sim failed"
"$EOQ_HWCFG" "$EOQ_BASE_CFG" --json "$tmp/hw.json" > /dev/null || fail "eoq-hwcfg failed"
"$EOQ_COST" design --help | grep -q -- "--sim-json" || fail "design --help does not describe --sim-json"

design() { "$EOQ_COST" design --sim-json "$tmp/run.json" --hw-json "$tmp/hw.json" "$@"; }
design --bn-channels 240 --json > "$tmp/d.json" || fail "design --json failed"
design --bn-channels 240 > "$tmp/d.txt" || fail "design (text) failed"
side() { # file side field
    sed -n "s/.*\"$2\": {\"cycles\": \([^,]*\), \"time_s\": \([^,]*\), \"energy\": \([^,]*\), \"power_w\": \([^,]*\), \"area\": \([^,]*\),.*/\1 \2 \3 \4 \5/p" "$1" |
        awk -v f="$3" '{ print $f }'
}
unit() { # file side unit field -> the unit's energy or area on that side's units line
    awk -v s="\"$2\":" -v u="\"$3\": {\"energy\": " -v f="$4" '
        index($0, s) { want = 1; next }
        want && index($0, u) { x = substr($0, index($0, u) + length(u)); split(x, v, /[,}]/)
                               if (f == "energy") print v[1]; else { sub(/^ *"area": */, "", v[2]); print v[2] }; exit }' "$1"
}
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0 && a + 0 > 0) }'; }
e8=$(side "$tmp/d.json" int8_eoq 3) e32=$(side "$tmp/d.json" fp32_bn 3)
a8=$(side "$tmp/d.json" int8_eoq 5) a32=$(side "$tmp/d.json" fp32_bn 5)
t8=$(side "$tmp/d.json" int8_eoq 1) t32=$(side "$tmp/d.json" fp32_bn 1)
lt "$e8" "$e32" || fail "int8 energy $e8 not below fp32 BN energy $e32"
lt "$a8" "$a32" || fail "int8 area $a8 not below fp32 BN area $a32"
lt "$t8" "$t32" || fail "int8 cycles $t8 not below fp32 BN cycles $t32"
cyc=$(sed -n 's/^  "total_cycles": \([0-9]*\),$/\1/p' "$tmp/run.json")
[ "$t8" = "$cyc" ] || fail "int8 cycles $t8 are not the run's total_cycles $cyc"
grep -q "^cycles  *$cyc " "$tmp/d.txt" || fail "the text table does not show the run's $cyc cycles"
grep -q "per channel: add 1, mult 4, sqrt 1, div 1" "$tmp/d.txt" || fail "the BN per-channel counts are not stated"

# Each unit's operation energy from the run's events at the designed widths (rtl/units/
# eoq_widths.vh; docs/cost.md section 9): a width that is a type takes its --list cell, other
# widths the laws.csv law refitted here by hand (adder 1+p: 2x2 normal equations; multiplier p2:
# one coefficient, p^2 read as a x b) and compose.csv's shift rule. The update unit's area too.
"$EOQ_COST" --list > "$tmp/list.txt" || fail "eoq-cost --list failed"
python3 - "$tmp/run.json" "$tmp/hw.json" "$tmp/d.json" "$tmp/list.txt" "$(dirname "$0")/../../rtl/units/eoq_widths.vh" \
    "$EOQ_COST_TABLES/asic45" <<'EOF' || fail "unit energies do not follow from the events at the designed widths"
import csv, json, re, sys
run, hw, d = (json.load(open(f)) for f in sys.argv[1:4])
W = {m[1]: int(m[2]) for m in re.finditer(r'^`define EOQ_W_(\w+) +(\d+)', open(sys.argv[5]).read(), re.M)}
cell = {}
for line in open(sys.argv[4]):
    f = line.split(',')
    if len(f) > 3 and f[2] in ('energy', 'area') and f[1].startswith('int'):
        cell[f[0], int(f[1][3:]), f[2]] = float(f[3])
rows = lambda name: [r for r in csv.DictReader(l for l in open(sys.argv[6] + '/' + name) if not l.startswith('#'))]
laws = {(r['op'], r['family'], r['metric']): r for r in rows('laws.csv')}
rules = {(r['op'], r['family'], r['metric']): r for r in rows('compose.csv')}
def fit(op, m):
    return [(int(t[3:]), cell[op, int(t[3:]), m]) for t in laws[op, 'int', m]['fit_on'].split()]
def add(w, m):
    if ('add', w, m) in cell:
        return cell['add', w, m]
    assert laws['add', 'int', m]['basis'] == '1+p'
    r = fit('add', m)
    s11 = sum(1 / y ** 2 for p, y in r); s12 = sum(p / y ** 2 for p, y in r); s22 = sum(p * p / y ** 2 for p, y in r)
    t1 = sum(1 / y for p, y in r); t2 = sum(p / y for p, y in r); det = s11 * s22 - s12 * s12
    return (t1 * s22 - t2 * s12) / det + w * (s11 * t2 - s12 * t1) / det
def mult(a, b, m):
    if a == b and ('mult', a, m) in cell:
        return cell['mult', a, m]
    assert laws['mult', 'int', m]['basis'] == 'p2'
    x = [p * p / y for p, y in fit('mult', m)]
    return sum(x) / sum(v * v for v in x) * a * b
def shift(w, m):
    if ('shift', w, m) in cell:
        return cell['shift', w, m]
    return float(re.fullmatch(r'([0-9.]+)\*add', rules['shift', 'int', m]['formula'])[1]) * add(w, m)
cmp = add  # compose.csv: compare,int = add
assert rules['compare', 'int', 'energy']['formula'] == 'add' and rules['compare', 'int', 'area']['formula'] == 'add'
M, A, P = W['MANT'], W['ACC'], 32  # P: the xorshift32 state
for unit, vec in (('mac_array', A), ('scale_shift', M), ('sq_unit', M), ('update_unit', M)):
    e = run['units'][unit]['events']
    want = (e['macs'] * (mult(W['ROW_OP'], W['COL_OP'], 'energy') + add(A, 'energy'))
            + 2 * e['acc64_adds'] * add(A, 'energy') + e['muls'] * mult(W['CLAMP'], W['CLAMP'], 'energy')
            + e['adds'] * add(vec, 'energy') + e['shifts'] * shift(vec, 'energy') + e['compares'] * cmp(vec, 'energy')
            + 3 * e['prng_draws'] * (add(P, 'energy') + shift(P, 'energy')))
    got = d['int8_eoq']['units'][unit]['energy']
    if not (want > 0 and abs(got / want - 1) < 1e-6):
        sys.exit('%s energy %g, expected %g' % (unit, got, want))
upd = hw['params']['update_lanes'] * (add(M, 'area') + shift(M, 'area') + cmp(M, 'area'))
got = d['int8_eoq']['units']['update_unit']['area']
if abs(got / upd - 1) > 1e-6:
    sys.exit('update_unit area %g, expected %g' % (got, upd))
EOF

# A table row changed: DRAM read energy doubled adds read_bytes x (1950 / 8) pJ to the int8
# design's DRAM energy and 4x that to the fp32 design's.
cp -r "$EOQ_COST_TABLES" "$tmp/t"
grep -q '^dram_read,-,energy,1950,' "$tmp/t/asic45/memory.csv" || fail "the DRAM read row is not the expected 1950 pJ"
sed -i 's/^dram_read,-,energy,1950,/dram_read,-,energy,3900,/' "$tmp/t/asic45/memory.csv"
sed -i 's/^sram_um2_per_bit,0.494,/sram_um2_per_bit,0.988,/' "$tmp/t/asic45/design.csv"
design --bn-channels 240 --json --tables "$tmp/t" > "$tmp/d2.json" || fail "design on changed tables failed"
rb=$(awk '/"dram"/ { for (i = 1; i <= NF; i++) if ($i == "\"read_bytes\":") { sub(",", "", $(i+1)); print $(i+1) } }' "$tmp/run.json")
[ -n "$rb" ] || fail "no DRAM read_bytes in the run"
for s in int8_eoq:1 fp32_bn:4; do
    d0=$(unit "$tmp/d.json" "${s%:*}" dram energy) d1=$(unit "$tmp/d2.json" "${s%:*}" dram energy)
    awk -v d0="$d0" -v d1="$d1" -v rb="$rb" -v w="${s#*:}" 'BEGIN { x = rb * w * 1950 / 8; exit !(d0 > 0 && (d1 - d0 - x) ^ 2 < (1e-6 * x) ^ 2) }' ||
        fail "${s%:*} DRAM energy moved from $d0 to $d1, not by read_bytes $rb x ${s#*:} x 1950/8"
done
# SRAM area: capacity x 8 bits x the per-bit area; doubling the row doubles it.
for b in act_sram acc_sram; do
    bytes=$(awk -v b="\"$b\":" 'index($0, b) { x = substr($0, index($0, b)); sub(/.*"bytes": /, "", x); sub(/,.*/, "", x); print x; exit }' "$tmp/run.json")
    a0=$(unit "$tmp/d.json" int8_eoq "$b" area) a1=$(unit "$tmp/d2.json" int8_eoq "$b" area)
    awk -v a0="$a0" -v a1="$a1" -v n="$bytes" 'BEGIN { exit !((a0 - n * 8 * 0.494) ^ 2 < 1e-6 * a0 ^ 2 && (a1 - 2 * a0) ^ 2 < 1e-9 * a0 ^ 2) }' ||
        fail "$b area $a0 -> $a1 is not bytes $bytes x 8 x 0.494, doubled"
done
cmp -s "$tmp/d.json" "$tmp/d2.json" && fail "changed tables gave the same output"

expect_error() { # pattern args...
    local pattern=$1; shift
    "$EOQ_COST" design "$@" > "$tmp/out" 2> "$tmp/err" && fail "'design $*' succeeded"
    [ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "'design $*' error is not one line: $(cat "$tmp/err")"
    grep -q -- "$pattern" "$tmp/err" || fail "'design $*' error lacks '$pattern': $(cat "$tmp/err")"
    [ -s "$tmp/out" ] && fail "'design $*' wrote output before failing"
    return 0
}
head -c 500 "$tmp/run.json" > "$tmp/trunc.json"
printf '{"params": {"array_rows": 16,, }}' > "$tmp/badhw.json"
sed 's/"array_rows": 16,/"array_rowz": 16,/' "$tmp/hw.json" > "$tmp/nokey.json"
sed 's/"array_rows": 16,/"array_rows": 32,/' "$tmp/hw.json" > "$tmp/other.json"
expect_error "trunc.json: malformed JSON at byte" --sim-json "$tmp/trunc.json" --hw-json "$tmp/hw.json"
expect_error "badhw.json: malformed JSON at byte 29: expected a string" --sim-json "$tmp/run.json" --hw-json "$tmp/badhw.json"
expect_error "nokey.json: no number at 'params.array_rows'" --sim-json "$tmp/run.json" --hw-json "$tmp/nokey.json"
expect_error "array_rows = 16 but the hardware JSON has 32" --sim-json "$tmp/run.json" --hw-json "$tmp/other.json"
expect_error "none.json: No such file" --sim-json "$tmp/none.json" --hw-json "$tmp/hw.json"
expect_error "are required" --sim-json "$tmp/run.json"
expect_error "unknown option '--bogus'" --bogus
expect_error "expected a number from 1" --sim-json "$tmp/run.json" --hw-json "$tmp/hw.json" --bn-channels 0
expect_error "design.csv: cannot open" --sim-json "$tmp/run.json" --hw-json "$tmp/hw.json" --profile fpga_de5
echo "PASS"
