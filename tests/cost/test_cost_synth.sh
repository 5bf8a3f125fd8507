#!/bin/bash
# eoq-cost synth on a real synthesis report of a small design: every printed number follows from
# the JSON's transistor counts and the profile's area cells (eoq-cost --list) at the designed
# widths of rtl/units/eoq_widths.vh, composed as docs/cost.md section 9 says (a width that is no
# type priced by the profile's laws.csv and compose.csv rows, refitted here by hand); a changed
# table row or transistor count moves it exactly; bad input is one line naming the file, exit 2,
# nothing on stdout.
#
# The fixture synth_tiny.json is the output of a real run of the synthesis script (Yosys 0.23,
# 17 s of CPU, too slow for this test) on the tiny configuration tests/sim/tiny.cfg:
#   eoq-hwcfg tests/sim/tiny.cfg --verilog CFG/eoq_hw_config.vh
#   python3 rtl/synth/synth_units.py --inc rtl/units --inc BUILD/rtl/include --inc CFG --json synth_tiny.json
# (BUILD/rtl/include: the generated eoq_model_consts.vh and eoq_sqrt2_table.vh).
set -u
fail() { echo "FAIL: $*"; exit 1; }
: "${EOQ_COST:?}" "${EOQ_COST_TABLES:?}" "${EOQ_HWCFG:?}" "${EOQ_BASE_CFG:?}"
here=$(cd "$(dirname "$0")" && pwd)
fix="$here/synth_tiny.json"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

"$EOQ_COST" synth --help | grep -q -- "--synth-json" || fail "synth --help does not describe --synth-json"
"$EOQ_COST" --help | grep -q "eoq-cost synth" || fail "eoq-cost --help does not mention synth"
"$EOQ_HWCFG" "$here/../sim/tiny.cfg" --json "$tmp/tiny_hw.json" > /dev/null || fail "eoq-hwcfg tiny.cfg failed"
"$EOQ_HWCFG" "$EOQ_BASE_CFG" --json "$tmp/default_hw.json" > /dev/null || fail "eoq-hwcfg default.cfg failed"

# check OUT JSON TABLES: each row of OUT against the JSON's counts, the designed widths and the
# --list cells and law rows of TABLES.
widths="$here/../../rtl/units/eoq_widths.vh"
check() {
    "$EOQ_COST" --list --tables "$3" > "$tmp/list.txt" || fail "eoq-cost --list failed"
    python3 - "$1" "$2" "$tmp/list.txt" "$widths" "$3/asic45" <<'EOF' || fail "the table does not follow from $2 and the profile (above)"
import csv, json, re, sys
out, js, lst = open(sys.argv[1]).read().splitlines(), json.load(open(sys.argv[2])), open(sys.argv[3])
W = {m[1]: int(m[2]) for m in re.finditer(r'^`define EOQ_W_(\w+) +(\d+)', open(sys.argv[4]).read(), re.M)}
area = {}
for line in lst:
    f = line.split(',')
    if len(f) > 3 and f[2] == 'area':
        area[f[0], f[1]] = float(f[3])
laws = {(r['op'], r['family'], r['metric']): r for r in csv.DictReader(l for l in open(sys.argv[5] + '/laws.csv')
                                                                         if not l.startswith('#'))}
rules = {(r['op'], r['family'], r['metric']): r for r in csv.DictReader(l for l in open(sys.argv[5] + '/compose.csv')
                                                                          if not l.startswith('#'))}
def fit_rows(op):  # the (width, area) rows the law of op,int,area is fitted on
    return [(int(t[3:]), area[op, t]) for t in laws[op, 'int', 'area']['fit_on'].split()]
def add(w):  # a type's cell, else the 1+p law: 2x2 normal equations of the relative fit
    if ('add', 'int%d' % w) in area:
        return area['add', 'int%d' % w]
    assert laws['add', 'int', 'area']['basis'] == '1+p'
    r = fit_rows('add')
    s11 = sum(1 / y ** 2 for p, y in r); s12 = sum(p / y ** 2 for p, y in r); s22 = sum(p * p / y ** 2 for p, y in r)
    t1 = sum(1 / y for p, y in r); t2 = sum(p / y for p, y in r); det = s11 * s22 - s12 * s12
    return (t1 * s22 - t2 * s12) / det + w * (s11 * t2 - s12 * t1) / det
def mult(a, b):  # a type's cell, else the p2 law with p^2 = a b: c = sum(x/y) / sum((x/y)^2), x = p^2
    if a == b and ('mult', 'int%d' % a) in area:
        return area['mult', 'int%d' % a]
    assert laws['mult', 'int', 'area']['basis'] == 'p2'
    r = [(p * p) / y for p, y in fit_rows('mult')]
    return sum(r) / sum(x * x for x in r) * a * b
k_shift = float(re.fullmatch(r'([0-9.]+)\*add', rules['shift', 'int', 'area']['formula'])[1])
assert rules['compare', 'int', 'area']['formula'] == 'add' and rules['mac', 'any', 'area']['formula'] == 'mult + add@acc'
def shift(w):
    return area['shift', 'int%d' % w] if ('shift', 'int%d' % w) in area else k_shift * add(w)
u = js['units']
R, C = u['mac_array']['parameters']['R'], u['mac_array']['parameters']['C']
ss, sq = u['scale_shift']['parameters']['LANES'], u['sq']['parameters']['LANES']
pe = mult(W['ROW_OP'], W['COL_OP']) + add(W['ACC'])             # mac = mult + add@acc
rq = shift(W['ACC']) + add(W['ACC'])                             # requantizer: shift + compare
lane_mult, M = mult(W['CLAMP'], W['CLAMP']), W['MANT']
model = {'pe': pe, 'mac_array': R * C * pe + C * rq,
         'scale_shift': ss * (lane_mult + add(M) + shift(M) + add(M)),
         'sq': sq * (lane_mult + shift(M) + add(M))}
rows = {l.split()[0]: l.split() for l in out if l.split() and l.split()[0] in model}
if sorted(rows) != sorted(model):
    sys.exit('units printed: %s' % sorted(rows))
def near(a, b, tol):
    return abs(a - b) <= tol * max(1.0, abs(b))
for k, m in model.items():
    r = rows[k]
    tr = u[k]['transistors']
    tr_p, ge_p, ma_p, rs_p, rm_p, ra_p = map(float, r[-6:])
    rs, rm = tr / u['pe']['transistors'], m / pe
    want = [(tr_p, tr, 0), (ge_p, tr / 4, 1e-3), (ma_p, m, 1e-3), (rs_p, rs, 1e-4), (rm_p, rm, 1e-4),
            (ra_p, rs / rm, 1e-4)]
    for got, exp, tol in want:
        if not near(got, exp, tol):
            sys.exit('%s: printed %s, expected %g (row %s)' % (k, got, exp, ' '.join(r)))
print('ok', {k: round(u[k]['transistors'] / u['pe']['transistors'] / (model[k] / pe), 4) for k in model})
EOF
}

"$EOQ_COST" synth --synth-json "$fix" > "$tmp/a.txt" || fail "synth on the fixture failed"
check "$tmp/a.txt" "$fix" "$EOQ_COST_TABLES"
grep -q "design: 4x8 MAC array, 4 scale-shift lanes, 2 SQ lanes" "$tmp/a.txt" || fail "parameters not stated"
"$EOQ_COST" synth --synth-json "$fix" --hw-json "$tmp/tiny_hw.json" > "$tmp/b.txt" || fail "synth with tiny.cfg's JSON failed"
cmp -s "$tmp/a.txt" "$tmp/b.txt" || fail "--hw-json of the same design changed the output"

# Table rows changed: the int8 and int32 multipliers' areas doubled (so the p2 law still fits and
# every multiplier width doubles with them) move every model column.
cp -r "$EOQ_COST_TABLES" "$tmp/tables"
sed -i -e 's/^mult,int8,area,282,/mult,int8,area,564,/' -e 's/^mult,int32,area,3495,/mult,int32,area,6990,/' \
    "$tmp/tables/asic45/ops.csv"
[ "$(grep -c -e '^mult,int8,area,564,' -e '^mult,int32,area,6990,' "$tmp/tables/asic45/ops.csv")" = 2 ] ||
    fail "could not change the table rows"
"$EOQ_COST" synth --synth-json "$fix" --tables "$tmp/tables" > "$tmp/c.txt" || fail "synth with changed tables failed"
check "$tmp/c.txt" "$fix" "$tmp/tables"
# The PE's 8x16 multiplier doubles with the p2 coefficient, its int32 adder (137 um2) stays.
awk 'FNR == NR && $1 == "pe" { a = $(NF-3) } FNR != NR && $1 == "pe" { b = $(NF-3) }
     END { d = b - (2 * a - 137); exit !(a > 137 && d < 0.15 && d > -0.15) }' "$tmp/a.txt" "$tmp/c.txt" ||
    fail "the PE's model area did not become 2 x PE - 137 (its multiplier doubled)"

# A transistor count changed (and its gate sum with it): the scale-shift unit doubled doubles its
# synth / PE and synth / model exactly.
python3 - "$fix" "$tmp/double.json" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1])); s = j['units']['scale_shift']
s['transistors'] *= 2; s['transistors_combinational'] = s['transistors'] - j['ff_transistors'] * s['flip_flops']
json.dump(j, open(sys.argv[2], 'w'), indent=2)
EOF
"$EOQ_COST" synth --synth-json "$tmp/double.json" > "$tmp/d.txt" || fail "synth on the doubled report failed"
check "$tmp/d.txt" "$tmp/double.json" "$EOQ_COST_TABLES"
awk 'function off(x, y) { return x > y ? x - y : y - x }   # printed to 4 decimals: both roundings
     FNR == NR && $1 == "scale_shift" { a = $(NF-2); r = $NF }
     FNR != NR && $1 == "scale_shift" { ok = off($(NF-2), 2 * a) <= 2e-4 && off($NF, 2 * r) <= 2e-4 }
     END { exit !ok }' "$tmp/a.txt" "$tmp/d.txt" ||
    fail "doubling the scale-shift transistors did not double its relative size and ratio"

# Bad input: exit 2, one line on stderr naming the file and the problem, nothing on stdout.
bad() { # description, expected stderr pattern, args...
    local what=$1 pat=$2; shift 2
    "$EOQ_COST" synth "$@" > "$tmp/out" 2> "$tmp/err"; local rc=$?
    [ $rc -eq 2 ] || fail "$what: exit $rc, expected 2"
    [ ! -s "$tmp/out" ] || fail "$what: wrote to stdout"
    [ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "$what: stderr is not one line: $(cat "$tmp/err")"
    grep -q -- "$pat" "$tmp/err" || fail "$what: stderr '$(cat "$tmp/err")' lacks '$pat'"
}
head -c 700 "$fix" > "$tmp/trunc.json"
bad "truncated JSON" "$tmp/trunc.json: " --synth-json "$tmp/trunc.json"
printf '{"tool": "yosys 0.23", "units": {,}}\n' > "$tmp/syntax.json"
bad "malformed JSON" "$tmp/syntax.json: " --synth-json "$tmp/syntax.json"
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); del j['units']['sq']; json.dump(j, open(sys.argv[2],'w'))" \
    "$fix" "$tmp/nosq.json"
bad "missing unit" "$tmp/nosq.json: no unit 'sq'" --synth-json "$tmp/nosq.json"
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); j['units']['pe']['transistors'] += 1; json.dump(j, open(sys.argv[2],'w'))" \
    "$fix" "$tmp/sum.json"
bad "inconsistent transistor sum" "$tmp/sum.json: unit 'pe' has 10633 transistors" --synth-json "$tmp/sum.json"
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); j['units']['sq']['parameters']['LANES'] = 0; json.dump(j, open(sys.argv[2],'w'))" \
    "$fix" "$tmp/lanes0.json"
bad "zero lanes" "$tmp/lanes0.json: 'units.sq.parameters.LANES' must be a whole number >= 1" --synth-json "$tmp/lanes0.json"
bad "parameters disagree with --hw-json" \
    "$fix synthesizes mac_array R = 4 but $tmp/default_hw.json has array_rows = 16" \
    --synth-json "$fix" --hw-json "$tmp/default_hw.json"
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); j['params']['sq_lanes'] = 3; json.dump(j, open(sys.argv[2],'w'))" \
    "$tmp/tiny_hw.json" "$tmp/hw_sq3.json"
bad "lanes disagree with --hw-json" "sq LANES = 2 but $tmp/hw_sq3.json has sq_lanes = 3" \
    --synth-json "$fix" --hw-json "$tmp/hw_sq3.json"
printf '{"params": {}}\n' > "$tmp/hw_empty.json"
bad "hardware JSON without params" "$tmp/hw_empty.json: no number at 'params.array_rows'" \
    --synth-json "$fix" --hw-json "$tmp/hw_empty.json"
bad "missing file" "$tmp/none.json" --synth-json "$tmp/none.json"
bad "no --synth-json" "--synth-json is required"
bad "unknown option" "unknown option '--bogus'" --synth-json "$fix" --bogus
bad "option without value" "--hw-json needs a value" --synth-json "$fix" --hw-json
bad "unknown profile" "nosuch" --synth-json "$fix" --profile nosuch
echo "eoq-cost synth: table derived from the JSON and the profile; changes move it exactly; errors one line"
