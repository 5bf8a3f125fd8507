#!/usr/bin/env python3
"""Mutation check of the RTL (docs/rtl.md): applies one small mutation at a time to a copy of
rtl/ (operators, constants, off-by-one counters, rounding and clamp bounds), verilates it,
builds eoq-rtl-run around it and runs the three-way co-verification (rtl/tb/coverif.py) over the
canonical suite and the RTL's edge trace (tests/rtl/edge_trace.py) at each hardware configuration
of the co-verification ctest in turn; a mutant is caught when co-verification fails at one of them
(bits, cycles, a hardware error or a hang). Prints one line per mutation and the score; --json
writes them.

usage: mutate.py --build BUILD_DIR [--config default,a8x8] [--only N,M,...] [--json OUT] [--list]
BUILD_DIR: a configured and built tree (eoq-trace, eoq-sim, the libraries, the generated
includes). Each mutant takes a Verilator build (about two minutes on two cores).
Exit status 0 when at least 95% of the mutants are caught, 1 otherwise, 2 on bad usage."""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RTL = os.path.dirname(HERE)
ROOT = os.path.dirname(RTL)

# (file under rtl/, exact text (one occurrence), replacement, what the mutation breaks)
MUTATIONS = [
    ('units/eoq_shift_round.v', "((rem == half) && fl[0])", "((rem == half) && !fl[0])", "RNE ties round to odd"),
    ('units/eoq_shift_round.v', "up = (rem > half) ||", "up = (rem >= half) ||", "RNE: ties always round up"),
    ('units/eoq_shift_round.v', "up = (rem + u) >= one_s;", "up = (rem + u) > one_s;", "stochastic carry compare"),
    ('units/eoq_shift_round.v', "u = {32'd0, draw} >> (6'd32 - s);", "u = {32'd0, draw} >> (6'd33 - s);",
     "stochastic U: one bit too few"),
    ('units/eoq_shift_round.v', "q = (stoch && v[63]) ? -64'sd1 : 64'sd0;", "q = 64'sd0;",
     "shifts beyond 62: stochastic floor of a negative value"),
    ('units/eoq_clamp.v', "assign out = below ? lo : above ? hi : v[`EOQ_W_CLAMP-1:0];",
     "assign out = below ? lo : above ? hi - 1'b1 : v[`EOQ_W_CLAMP-1:0];", "clamp: high bound off by one"),
    ('units/eoq_xorshift32.v', "wire [31:0] a = x ^ (x << 13);", "wire [31:0] a = x ^ (x << 12);",
     "PRNG: shift 13 -> 12"),
    ('units/eoq_prng.v', "state <= (seed != 32'd0) ? seed : `EOQ_PRNG_ZERO_SEED_STATE;", "state <= seed;",
     "PRNG: seed 0 not mapped"),
    ('units/eoq_round_log2.v', "else if (m > eoq_sqrt2_threshold(p))", "else if (m >= eoq_sqrt2_threshold(p))",
     "SQ exponent: threshold compare >= instead of >"),
    ('units/eoq_round_log2.v', "r = {1'b0, p} + 7'd1;", "r = {1'b0, p} + 7'd2;", "SQ exponent: +2 above the threshold"),
    ('units/eoq_sq_unit.v', "wire signed [`EOQ_W_SHIFT-1:0] sh = {1'b0, r} - km1;",
     "wire signed [`EOQ_W_SHIFT-1:0] sh = {1'b0, r} - km1 - 8'd1;", "SQ: shift one place short"),
    ('units/eoq_sq_unit.v', "<< km1[4:0]) - 1'b1;", "<< km1[4:0]);", "SQ: clamp bound 2^(k-1) instead of 2^(k-1)-1"),
    ('units/eoq_sq_lane.v', "assign out = neg ? -qz : qz;", "assign out = qz;", "SQ: neg ignored"),
    ('units/eoq_max_abs.v', "if (valid[i] && a > m_out)", "if (a > m_out)", "max-reduce: invalid lanes counted"),
    ('units/eoq_pe.v', "acc <= (first ? {`EOQ_W_ACC{1'b0}} : acc) + prod_ext;", "acc <= acc + prod_ext;",
     "PE: sums not restarted per sub-tile"),
    ('units/eoq_writeback_lane.v', "wire drop = align > `EOQ_WB_MAX_ALIGN;", "wire drop = align >= `EOQ_WB_MAX_ALIGN;",
     "write-back: drops at align 40 already"),
    ('units/eoq_writeback_lane.v', ".lo(-sat), .hi(sat)", ".lo(-sat + 1'b1), .hi(sat)",
     "write-back: low clamp bound off by one"),
    ('units/eoq_scale_shift_lane.v', "wire signed [`EOQ_W_MANT-1:0] scs = sc_en ? (sc <<< sc_shl)",
     "wire signed [`EOQ_W_MANT-1:0] scs = sc_en ? sc", "scale-shift: shortcut not shifted"),
    ('units/eoq_scale_shift_lane.v', "assign x4 = (prod <<< g_shl) + bsh + scs;", "assign x4 = prod + bsh + scs;",
     "scale-shift: g_shl ignored"),
    ('accel/eoq_conv_engine.v', "wire last_step = st + 32'd1 >= ksteps;", "wire last_step = st + 32'd2 >= ksteps;",
     "array: one reduction step short"),
    ('accel/eoq_conv_engine.v', "wire last_drain = d + 32'd1 >= R32;", "wire last_drain = d + 32'd2 >= R32;",
     "array: one drain cycle short"),
    ('accel/eoq_conv_engine.v', "inb = iys >= 0 && iys < $signed(h32) && ixs >= 0 && ixs < $signed(w32);\n                act_raddr[32*cj +: 32] = act_base + ((sa",
     "inb = iys > 0 && iys < $signed(h32) && ixs >= 0 && ixs < $signed(w32);\n                act_raddr[32*cj +: 32] = act_base + ((sa",
     "forward im2col: top image row read as padding"),
    ('accel/eoq_conv_engine.v', "&& oy < oh32 && ox < ow32;", "&& oy <= oh32 && ox < ow32;",
     "backward-data gather: one error row too many"),
    ('accel/eoq_conv_engine.v', "acc_wdata[64*cw +: 64] = t[`T_BFIRST] ? sv : acc_rdata[64*cw +: 64] + sv;",
     "acc_wdata[64*cw +: 64] = acc_rdata[64*cw +: 64] + sv;", "backward-weight: stale int64 sums on a block's first pass"),
    ('accel/eoq_conv_engine.v', "(fwd && conv_fwd_rq_en) ?", "fwd ?", "forward: raw accumulator requantized anyway"),
    ('accel/eoq_vec_engine.v', "val = (xv > $signed(", "val = (xv >= $signed(", "BWD_MASK: low bound inclusive"),
    ('accel/eoq_vec_engine.v', "if (pos + 32'd1 >= reduce_sum_group_len) begin", "if (pos + 32'd2 >= reduce_sum_group_len) begin",
     "REDUCE_SUM: groups one element short"),
    ('accel/eoq_vec_engine.v', "room = 40'sd61 - $signed({33'd0, bl});", "room = 40'sd60 - $signed({33'd0, bl});",
     "ALIGN_ADD: headroom 60 bits instead of 61"),
    ('accel/eoq_vec_engine.v', "wire last = i + L >= m;", "wire last = i + L > m;",
     "vector units: an extra cycle when lanes divide the tile"),
    ('accel/eoq_vec_engine.v', "has_sc[l] = scale_shift_sc_en && c_ < scale_shift_sc_c;",
     "has_sc[l] = scale_shift_sc_en && c_ <= scale_shift_sc_c;", "SCALE_SHIFT: one zero channel gets a shortcut"),
    ('accel/eoq_vec_engine.v', "|| (kind == `PK_WB && writeback_round))", ")",
     "WRITEBACK: stochastic draws not consumed"),
    ('accel/eoq_dma_former.v', "run_b = rect_contig ? {8'd0, nseg - seg} * sb : sb;",
     "run_b = rect_contig ? {8'd0, nseg - seg - 32'd1} * sb : sb;", "DMA: a contiguous rectangle one row short"),
    ('accel/eoq_dma_former.v', "wire rect_contig = (nseg == 32'd1) || (astep == sb);", "wire rect_contig = (nseg == 32'd1);",
     "DMA: merged rectangle runs formed row by row"),
    ('accel/eoq_dma_former.v', "if (open1 && cslot1 == as && ra[40*k +: 40] == caddr1 + cbytes1)",
     "if (1'b0)", "DMA: strided element-wise rows never merge"),
    ('accel/eoq_dma_mover.v', "                v = (v << conv_fwd_x_shl) + add;", "                v = v + add;",
     "DMA pre-add: x_shl ignored"),
    ('accel/eoq_tiler.v', "wire [31:0] e_lo0 = (t_lo <= 0) ? 32'd0 : ($unsigned(t_lo) + sdiv - 32'd1) / sdiv;",
     "wire [31:0] e_lo0 = (t_lo <= 0) ? 32'd0 : $unsigned(t_lo) / sdiv;", "backward-data band: floor instead of ceil"),
    ('accel/eoq_tiler.v', "tile[`T_BLAST] = (img == n - 16'd1) && (r0 + nr == rows_all);",
     "tile[`T_BLAST] = (img == n - 16'd1);", "backward-weight: block stored before its last band"),
    ('accel/eoq_planner.v', "if ((b << d) <= a)", "if ((b << d) < a)", "tile sizes: P(a, b) at equality"),
    ('accel/eoq_planner.v', "Q = min2(min2({48'd0, oh}, t_a), pfloor(OH, 64'd8 * B * {48'd0, ow}));\n            end\n        endcase",
     "Q = min2({48'd0, oh}, t_a);\n            end\n        endcase", "forward: band height ignores the acc buffer"),
    ('accel/eoq_ctrl.v', "wire last_dec = (cmd_fetch && D == 8'd1) || (st == S_DEC && dc == D);",
     "wire last_dec = (cmd_fetch && D == 8'd1) || (st == S_DEC && dc == D + 8'd1);", "decode one cycle too long"),
    ('accel/eoq_ctrl.v', "expop = {{24{imm[15]}}, imm} + {{8{a[31]}}, a} + {{8{b[31]}}, b} - {{8{c[31]}}, c};",
     "expop = {{24{imm[15]}}, imm} + {{8{a[31]}}, a} + {{8{b[31]}}, b} + {{8{c[31]}}, c};",
     "exponent operand: R[rc] added instead of subtracted"),
    ('accel/eoq_ctrl.v', "`PK_RSUM: has_stores = t[`T_NG] != 32'd0;", "`PK_RSUM: has_stores = 1'b1;",
     "REDUCE_SUM: an empty store phase after the last tile"),
    ('accel/eoq_xfer_slot.v', "addr0 = conv_fwd_wt_addr + ((tb0 * kred40) << dtl);",
     "addr0 = conv_fwd_wt_addr + ((tb0 * kred40 + 40'd1) << dtl);", "forward: weights read one element late"),
]

FAST_FIRST = ['unit_registers', 'unit_host', 'unit_bwd_mask', 'unit_writeback', 'unit_sq', 'unit_reduce_sum',
              'unit_scale_shift', 'unit_align_add', 'unit_conv_fwd', 'unit_conv_bwd_data', 'unit_conv_bwd_weight',
              'fixup_block', 'resnet8_batch1', 'resnet8_batch2']


def cfg_file(name):
    return {'default': os.path.join(ROOT, 'sim/config/default.cfg'),
            'a8x8': os.path.join(ROOT, 'tests/rtl/array8x8.cfg')}[name]


def build_mutant(tmp, build, cfg):
    """Verilates the mutated copy in tmp/rtl and links eoq-rtl-run around it; None or an error."""
    inc = [f"-I{tmp}/rtl/units", f"-I{tmp}/rtl/accel", f"-I{build}/rtl/include", f"-I{build}/rtl/cfg/{cfg}",
           f"-I{build}/traces/isa/include"]
    srcs = sorted(glob.glob(f"{tmp}/rtl/accel/*.v") + glob.glob(f"{tmp}/rtl/units/*.v"))
    vl = os.path.join(tmp, 'vl')
    p = subprocess.run(['verilator', '--cc', '--build', '-j', '2', '--Mdir', vl, '--prefix', 'Veoq_accel',
                        '--top-module', 'eoq_accel', '--trace-fst', '-CFLAGS', '-O1'] + inc + srcs,
                       capture_output=True, text=True)
    if p.returncode != 0:
        return 'verilator: ' + '\n'.join(l for l in (p.stdout + p.stderr).splitlines() if l.startswith('%'))[:500]
    vinc = subprocess.run(['verilator', '--getenv', 'VERILATOR_ROOT'], capture_output=True,
                          text=True).stdout.strip() + '/include'
    libs = [f"{vl}/Veoq_accel__ALL.a", f"{build}/rtl/libeoq_verilated.a", f"{build}/sim/libeoq_hwcfg.a",
            f"{build}/sim/libeoq_dram_model.a", f"{build}/traces/exec/libeoq_exec.a",
            f"{build}/traces/format/libeoq_trace_format.a", f"{build}/models/libeoq_models.a"]
    cmd = ['g++', '-std=c++17', '-O1', '-DVM_TRACE=1', '-DVM_TRACE_FST=1', f'-DEOQ_RTL_CFG_FILE="{cfg_file(cfg)}"',
           f'-I{vinc}', f'-I{vinc}/vltstd', f'-I{vl}', f'-I{RTL}/tb', f'-I{ROOT}/sim/dram', f'-I{ROOT}/sim/config',
           f'-I{ROOT}/traces', f'-I{ROOT}/models', f'-I{build}/traces/isa/include', f'{RTL}/tb/eoq_rtl_run.cpp'] + \
        libs + ['-lz', '-lgsl', '-lgslcblas', '-lm', '-pthread', '-o', os.path.join(tmp, 'eoq-rtl-run')]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        return 'g++: ' + (p.stdout + p.stderr)[:500]
    return None


def coverif(tmp, build, cfg, trace, timeout):
    cmd = [sys.executable, os.path.join(HERE, 'coverif.py'), '--trace-tool', f'{build}/traces/tool/eoq-trace',
           '--sim', f'{build}/sim/eoq-sim', '--rtl', os.path.join(tmp, 'eoq-rtl-run'), '--config', cfg_file(cfg),
           '--wave-dir', tmp, trace]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, 'hang (timeout)'
    out = (p.stdout + p.stderr).strip().splitlines()
    fails = [l for l in out if l.startswith('FAIL')]
    return p.returncode == 0, (fails[0] if fails else out[-1] if out else '')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build', help='a built tree (e.g. build-rtl)')
    ap.add_argument('--config', default='default,a8x8',
                    help='comma-separated configurations, tried in order (default: default,a8x8)')
    ap.add_argument('--only', help='comma-separated mutation numbers (1-based)')
    ap.add_argument('--json', help='write the results here')
    ap.add_argument('--list', action='store_true', help='list the mutations and check that each applies once')
    ap.add_argument('--timeout', type=int, default=600, help='seconds per co-verification run')
    a = ap.parse_args()
    bad = 0
    for i, (f, old, new, _) in enumerate(MUTATIONS, 1):
        n = open(os.path.join(RTL, f)).read().count(old)
        if n != 1:
            print(f"mutation {i}: '{old[:50]}' occurs {n} times in rtl/{f}", file=sys.stderr)
            bad += 1
    if bad:
        return 2
    if a.list:
        for i, (f, _, _, what) in enumerate(MUTATIONS, 1):
            print(f"{i:3d} rtl/{f}: {what}")
        return 0
    if not a.build:
        ap.error('--build is required')
    build = os.path.abspath(a.build)
    configs = a.config.split(',')
    for c in configs:
        if c not in ('default', 'a8x8'):
            ap.error(f"unknown configuration '{c}' (default, a8x8)")
    traces = [os.path.join(ROOT, 'traces/suite', t + '.trace') for t in FAST_FIRST]
    # the edge trace tests/rtl builds (edge_trace.py), after the unit traces
    edges = os.path.join(build, 'tests/rtl/rtl_edges.trace')
    if not os.path.exists(edges):
        ap.error(f'{edges} is missing: build the target rtl_edges_trace first')
    traces.insert(FAST_FIRST.index('fixup_block'), edges)
    pick = [int(x) for x in a.only.split(',')] if a.only else range(1, len(MUTATIONS) + 1)
    results = []
    for i in pick:
        f, old, new, what = MUTATIONS[i - 1]
        t0 = time.time()
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(os.path.join(RTL, 'units'), os.path.join(tmp, 'rtl/units'))
            shutil.copytree(os.path.join(RTL, 'accel'), os.path.join(tmp, 'rtl/accel'))
            path = os.path.join(tmp, 'rtl', f)
            src = open(path).read()
            open(path, 'w').write(src.replace(old, new, 1))
            status, why = 'survived', 'co-verification passes on the whole suite at ' + ' and '.join(configs)
            for cfg in configs:
                shutil.rmtree(os.path.join(tmp, 'vl'), ignore_errors=True)
                err = build_mutant(tmp, build, cfg)
                if err:
                    status, why = 'caught', 'does not build: ' + err.splitlines()[0]
                    break
                for tr in traces:
                    ok, line = coverif(tmp, build, cfg, tr, a.timeout)
                    if not ok:
                        status, why = 'caught', f'[{cfg}] {line}'
                        break
                if status == 'caught':
                    break
        results.append({'n': i, 'file': 'rtl/' + f, 'mutation': what, 'status': status, 'evidence': why,
                        'seconds': round(time.time() - t0)})
        print(f"{i:3d} {status:8s} rtl/{f}: {what} -- {why}", flush=True)
    caught = sum(r['status'] == 'caught' for r in results)
    score = caught / len(results) if results else 0.0
    print(f"mutation score: {caught}/{len(results)} caught ({100 * score:.1f}%)")
    if a.json:
        d = os.path.dirname(os.path.abspath(a.json))
        fd, tmpf = tempfile.mkstemp(dir=d, prefix='.mutate.')
        with os.fdopen(fd, 'w') as f:
            json.dump({'configs': configs, 'caught': caught, 'total': len(results), 'results': results}, f, indent=2)
            f.write('\n')
        os.replace(tmpf, a.json)
    return 0 if score >= 0.95 else 1


if __name__ == '__main__':
    sys.exit(main())
