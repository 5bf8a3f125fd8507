#!/usr/bin/env python3
"""Writes the text form (docs/trace-format.md) of a trace of the edges the canonical suite leaves
alone, for the RTL's co-verification: CONV_FWD without the x1 pass (the pre-add in the DMA's
load path) and with a raw accumulator, strides 2 and 3 with padding 2, SCALE_SHIFT with g_shl,
a stride-3 shortcut over fewer channels and an int64 x4, tensors larger than one element-wise
tile, BWD_MASK at both bounds, REDUCE_SUM groups across tiles, SQ at k = 31 and k = 2 with a
multiplier, negation and stochastic rounding, ALIGN_ADD with a stride-3 scatter and exponent gaps
beyond 61 bits, WRITEBACK at align 40 and 41 with parameters beyond their bound, odd DRAM
addresses. Field lists come from `eoq-trace ops` (the command-set table), data from a seeded
generator; the expected regions are added afterwards from the reference executor
(golden_expects.c).

usage: edge_trace.py EOQ_TRACE OUT.txt"""
import random
import subprocess
import sys

DT = {'i8': (0, 1), 'i16': (1, 2), 'i32': (2, 4), 'i64': (3, 8)}


def fields_of(eoq_trace):
    out = subprocess.run([eoq_trace, 'ops'], check=True, capture_output=True, text=True).stdout
    ops = {}
    for line in out.splitlines():
        s = line.strip()
        if s.startswith('cmd '):
            w = s.split()
            ops[w[1]] = [kv.split('=')[0] for kv in w[2:]]
    return ops


class Trace:
    def __init__(self, ops):
        self.ops, self.lines, self.segs, self.top = ops, [], [], 0x100
        self.rng = random.Random(20251125)

    def alloc(self, nbytes, odd=False):
        a = self.top + (3 if odd else 0)
        self.top = (a + nbytes + 63) // 64 * 64
        return a

    def tensor(self, dt, values, odd=False):
        code, size = DT[dt]
        a = self.alloc(len(values) * size, odd)
        data = b''.join(int(v).to_bytes(size, 'little', signed=True) for v in values)
        self.segs.append((a, data))
        return a, code

    def rand(self, dt, n, lo, hi, odd=False):
        return self.tensor(dt, [self.rng.randint(lo, hi) for _ in range(n)], odd)

    def space(self, dt, n, odd=False):
        code, size = DT[dt]
        return self.alloc(n * size, odd), code

    def cmd(self, op, **f):
        names = self.ops[op]
        for k in f:
            if k not in names:
                sys.exit(f"edge_trace: {op} has no field {k}")
        self.lines.append('cmd ' + op + ' ' + ' '.join(f"{k}={f.get(k, 0)}" for k in names))

    def text(self):
        out = ['# written by tests/rtl/edge_trace.py', 'eoq-trace 1', f'dram_bytes {self.top + 64:#x}',
               'meta generator=tests/rtl/edge_trace.py']
        for a, data in self.segs:
            out.append(f'segment addr={a:#x} len={len(data)}')
            for i in range(0, len(data), 32):
                out.append('  ' + data[i:i + 32].hex())
        return '\n'.join(out + self.lines) + '\n'


def oh(h, k, s, p):
    return (h + 2 * p - k) // s + 1


def main():
    if len(sys.argv) != 3 or sys.argv[1] in ('-h', '--help'):
        print(__doc__)
        return 0 if len(sys.argv) == 2 else 2
    t = Trace(fields_of(sys.argv[1]))
    t.cmd('SEED', seed=12345)

    # CONV_FWD, pre-add on the way into the act buffer (x1_en = 0): x << 2 + b1 << 1, stride 2, pad 2
    n, cin, h, w, cout, k, s, p = 2, 3, 9, 7, 5, 3, 2, 2
    x, xt = t.rand('i8', n * cin * h * w, 0, 127, odd=True)
    b1, b1t = t.tensor('i16', [-37])
    wt, wtt = t.rand('i8', cout * cin * k * k, -127, 127)
    out, ot = t.space('i16', n * cout * oh(h, k, s, p) * oh(w, k, s, p))
    t.cmd('CONV_FWD', n=n, cin=cin, h=h, w=w, cout=cout, k=k, stride=s, pad=p, x_addr=x, x_type=xt, x_shl=2,
          b1_en=1, b1_addr=b1, b1_type=b1t, b1_shl=1, x1_en=0, wt_addr=wt, wt_type=wtt, out_addr=out, out_type=ot,
          rq_en=1, rq_shift_imm=5, rq_lo=-100, rq_hi=90)
    # CONV_FWD 1x1 with the raw accumulator (rq_en = 0), int16 input
    n, cin, h, w, cout = 2, 6, 5, 8, 7
    x, xt = t.rand('i16', n * cin * h * w, -300, 300)
    wt, wtt = t.rand('i8', cout * cin, -127, 127, odd=True)
    out, ot = t.space('i32', n * cout * h * w)
    t.cmd('CONV_FWD', n=n, cin=cin, h=h, w=w, cout=cout, k=1, stride=1, pad=0, x_addr=x, x_type=xt, wt_addr=wt,
          wt_type=wtt, out_addr=out, out_type=ot, rq_en=0)
    # CONV_BWD_DATA, stride 3, pad 2
    n, cin, h, w, cout, k, s, p = 2, 5, 8, 6, 4, 3, 3, 2
    e, et = t.rand('i8', n * cout * oh(h, k, s, p) * oh(w, k, s, p), -127, 127)
    wt, wtt = t.rand('i8', cout * cin * k * k, -127, 127)
    out, ot = t.space('i32', n * cin * h * w, odd=True)
    t.cmd('CONV_BWD_DATA', n=n, cin=cin, h=h, w=w, cout=cout, k=k, stride=s, pad=p, e_addr=e, e_type=et,
          wt_addr=wt, wt_type=wtt, out_addr=out, out_type=ot)
    # CONV_BWD_DATA, stride 2, over several bands of input rows (at a8x8): a band starting at row r0
    # gathers from error row ceil((r0 + pad - k + 1) / stride), not the floor when r0 is even. One
    # error row more changes no bit, only DMA time: so few output channels that the DMA (eight
    # channels of int32 sums stored per band) outlasts the array and the band loads show in cycles
    n, cin, h, w, cout, k, s, p = 1, 8, 40, 40, 1, 3, 2, 1
    e, et = t.rand('i8', n * cout * oh(h, k, s, p) * oh(w, k, s, p), -127, 127)
    wt, wtt = t.rand('i8', cout * cin * k * k, -127, 127)
    out, ot = t.space('i32', n * cin * h * w)
    t.cmd('CONV_BWD_DATA', n=n, cin=cin, h=h, w=w, cout=cout, k=k, stride=s, pad=p, e_addr=e, e_type=et,
          wt_addr=wt, wt_type=wtt, out_addr=out, out_type=ot)
    # CONV_BWD_WEIGHT, stride 2, int64 out
    n, cin, h, w, cout, k, s, p = 2, 3, 9, 7, 5, 3, 2, 1
    x, xt = t.rand('i16', n * cin * h * w, -400, 400)
    e, et = t.rand('i8', n * cout * oh(h, k, s, p) * oh(w, k, s, p), -127, 127)
    out, ot = t.space('i64', cout * cin * k * k)
    t.cmd('CONV_BWD_WEIGHT', n=n, cin=cin, h=h, w=w, cout=cout, k=k, stride=s, pad=p, x_addr=x, x_type=xt,
          e_addr=e, e_type=et, out_addr=out, out_type=ot)

    # SCALE_SHIFT: g_shl 3, a stride-3 shortcut over 3 of 5 channels, int64 x4
    n, c, h, w, sc_c, sc_h, sc_w, st = 2, 5, 6, 7, 3, 16, 19, 3
    x, xt = t.rand('i16', n * c * h * w, -3000, 3000)
    g, gt = t.tensor('i16', [-211])
    b, bt = t.tensor('i16', [97])
    sc, sct = t.rand('i32', n * sc_c * sc_h * sc_w, -100000, 100000, odd=True)
    x4, x4t = t.space('i64', n * c * h * w)
    out, ot = t.space('i8', n * c * h * w)
    t.cmd('SCALE_SHIFT', n=n, c=c, h=h, w=w, x_addr=x, x_type=xt, g_en=1, g_addr=g, g_type=gt, g_shl=3, b_en=1,
          b_addr=b, b_type=bt, b_shl=2, sc_en=1, sc_addr=sc, sc_type=sct, sc_shl=1, sc_stride=st, sc_c=sc_c,
          sc_h=sc_h, sc_w=sc_w, x4_en=1, x4_addr=x4, x4_type=x4t, out_addr=out, out_type=ot, out_shift_imm=12,
          lo=-20, hi=50)
    # SCALE_SHIFT over more than one element-wise tile, identity shortcut
    n, c, h, w = 3, 9, 13, 14
    cnt = n * c * h * w
    x, xt = t.rand('i16', cnt, -30000, 30000)
    sc, sct = t.rand('i8', cnt, -128, 127)
    out, ot = t.space('i16', cnt)
    t.cmd('SCALE_SHIFT', n=n, c=c, h=h, w=w, x_addr=x, x_type=xt, sc_en=1, sc_addr=sc, sc_type=sct, sc_shl=5,
          sc_stride=1, sc_c=c, sc_h=h, sc_w=w, out_addr=out, out_type=ot, out_shift_imm=2, lo=-32768, hi=32767)

    # BWD_MASK across tiles, x on both bounds
    cnt = 5000
    e, et = t.rand('i8', cnt, -128, 127)
    x, xt = t.rand('i32', cnt, -5, 9)
    out, ot = t.space('i8', cnt)
    t.cmd('BWD_MASK', count=cnt, e_addr=e, e_type=et, x_addr=x, x_type=xt, out_addr=out, out_type=ot, lo=-3, hi=7)

    # REDUCE_SUM: long groups across tiles with a product; short groups
    a, at = t.rand('i8', 3 * 1700, -128, 127)
    b, bt = t.rand('i16', 3 * 1700, -32768, 32767, odd=True)
    out, ot = t.space('i64', 3)
    t.cmd('REDUCE_SUM', groups=3, group_len=1700, a_addr=a, a_type=at, b_en=1, b_addr=b, b_type=bt, out_addr=out,
          out_type=ot)
    a, at = t.rand('i32', 11 * 3, -2**31, 2**31 - 1)
    out, ot = t.space('i64', 11)
    t.cmd('REDUCE_SUM', groups=11, group_len=3, a_addr=a, a_type=at, out_addr=out, out_type=ot)

    # SQ at k = 31, stochastic, negated, with a multiplier, across tiles; SQ at k = 2 on int64
    cnt = 5000
    src, srct = t.rand('i8', cnt, -128, 127)
    mul, mult = t.tensor('i32', [40961])
    dst, dstt = t.space('i32', cnt)
    t.cmd('SETREG', rd=9, value=-17)
    t.cmd('SQ', count=cnt, src_addr=src, src_type=srct, mul_en=1, mul_addr=mul, mul_type=mult, src_exp_imm=3,
          src_exp_ra=9, kbits=31, round=1, neg=1, dst_addr=dst, dst_type=dstt, rd=10)
    src, srct = t.rand('i64', 700, -2**61, 2**61)
    dst, dstt = t.space('i8', 700)
    t.cmd('SQ', count=700, src_addr=src, src_type=srct, src_exp_imm=-40, kbits=2, round=0, neg=0, dst_addr=dst,
          dst_type=dstt, rd=11)
    sv, _ = t.space('i32', 2)
    t.cmd('STREG', ra=10, addr=sv)
    t.cmd('STREG', ra=11, addr=sv + 4)

    # ALIGN_ADD: stride-3 scatter from more channels; gaps beyond and within 61 bits
    n, c, h, w, bc, bh, bw = 2, 4, 9, 10, 6, 3, 4
    a, at = t.rand('i32', n * c * h * w, -2**31, 2**31 - 1)
    b, bt = t.rand('i8', n * bc * bh * bw, -128, 127, odd=True)
    out, ot = t.space('i64', n * c * h * w)
    t.cmd('ALIGN_ADD', n=n, c=c, h=h, w=w, a_addr=a, a_type=at, a_exp_imm=0, b_addr=b, b_type=bt, b_exp_imm=70,
          b_stride=3, b_c=bc, b_h=bh, b_w=bw, out_addr=out, out_type=ot, rd=12)
    out2, ot2 = t.space('i64', n * c * h * w)
    t.cmd('ALIGN_ADD', n=n, c=c, h=h, w=w, a_addr=a, a_type=at, a_exp_imm=-5, a_exp_ra=9, b_addr=b, b_type=bt,
          b_exp_imm=9, b_stride=3, b_c=bc, b_h=bh, b_w=bw, out_addr=out2, out_type=ot2, rd=13)
    sv, _ = t.space('i32', 2)
    t.cmd('STREG', ra=12, addr=sv)
    t.cmd('STREG', ra=13, addr=sv + 4)

    # WRITEBACK at align 40 (nearest and stochastic) and 41: parameters beyond +-sat
    for align, rnd in ((40, 0), (40, 1), (41, 0), (39, 1)):
        cnt = 3000
        pp, pt = t.rand('i16', cnt, -300, 300)
        u, ut = t.rand('i32', cnt, -2**31, 2**31 - 1, odd=True)
        t.cmd('WRITEBACK', count=cnt, p_addr=pp, p_type=pt, u_addr=u, u_type=ut, align_imm=align, round=rnd, sat=127)
    sv, _ = t.space('i32', 1)
    t.cmd('STREG', prng=1, addr=sv)
    open(sys.argv[2], 'w').write(t.text())
    return 0


if __name__ == '__main__':
    sys.exit(main())
