#!/bin/bash
# eoq-cost synth on a real synthesis report of a small design: every printed number follows from
# the JSON's transistor counts and the profile's area cells (eoq-cost --list) composed as
# docs/cost.md section 9 says; a changed table row or transistor count moves it exactly; bad
# input is one line naming the file, exit 2, nothing on stdout.
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

# check OUT JSON TABLES: each row of OUT against the JSON's counts and the --list cells of TABLES.
check() {
    "$EOQ_COST" --list --tables "$3" > "$tmp/list.txt" || fail "eoq-cost --list failed"
    python3 - "$1" "$2" "$tmp/list.txt" <<'EOF' || fail "the table does not follow from $2 and the profile (above)"
import json, sys
out, js, lst = open(sys.argv[1]).read().splitlines(), json.load(open(sys.argv[2])), open(sys.argv[3])
area = {}
for line in lst:
    f = line.split(',')
    if len(f) > 3 and f[2] == 'area':
        area[f[0], f[1]] = float(f[3])
u = js['units']
R, C = u['mac_array']['parameters']['R'], u['mac_array']['parameters']['C']
ss, sq = u['scale_shift']['parameters']['LANES'], u['sq']['parameters']['LANES']
pe = area['mult', 'int8'] + area['add', 'int32']              # mac int8 = mult + add@acc
rq = area['shift', 'int32'] + area['compare', 'int32']
model = {'pe': pe, 'mac_array': R * C * pe + C * rq,
         'scale_shift': ss * (area['mult', 'int16'] + area['add', 'int32'] + rq),
         'sq': sq * (area['mult', 'int16'] + rq)}
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
# int16 doubles with them) move every model column.
cp -r "$EOQ_COST_TABLES" "$tmp/tables"
sed -i -e 's/^mult,int8,area,282,/mult,int8,area,564,/' -e 's/^mult,int32,area,3495,/mult,int32,area,6990,/' \
    "$tmp/tables/asic45/ops.csv"
[ "$(grep -c -e '^mult,int8,area,564,' -e '^mult,int32,area,6990,' "$tmp/tables/asic45/ops.csv")" = 2 ] ||
    fail "could not change the table rows"
"$EOQ_COST" synth --synth-json "$fix" --tables "$tmp/tables" > "$tmp/c.txt" || fail "synth with changed tables failed"
check "$tmp/c.txt" "$fix" "$tmp/tables"
grep -q "^pe .* 701.0 " "$tmp/c.txt" || fail "the PE's model area is not 564 + 137 = 701"

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
