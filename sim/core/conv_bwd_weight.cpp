// CONV_BWD_WEIGHT on the MAC array: output-stationary on the weight gradient, rows = output
// channels, columns = weight taps q = (ci, ky, kx); the reduction runs over the pixels of one
// band of one image per pass (int32 in the array), and each pass is added into the block's
// int64 accumulators in the accumulator buffer.
#include "conv_common.h"

namespace eoqsim {

namespace {

struct BwTile {
    ConvDims d;
    uint64_t n, co0, nco, q0, nq, oy0, nrows;
    uint64_t ci_lo;
    int64_t iy_lo, iy_hi;
    int eh, xh, oh_half;
    bool first, last;  // first / last pass of the block
    unsigned dto;
};

void bw_work(Hw &hw, const BwTile &t)
{
    const ConvDims &d = t.d;
    uint64_t kk = d.k * d.k, P = t.nrows * d.ow, nin = (uint64_t)(t.iy_hi - t.iy_lo);
    uint64_t ci_hi = (t.q0 + t.nq - 1) / kk + 1, nci = ci_hi - t.ci_lo;
    ConvScratch &s = conv_scratch();
    s.a.resize(t.nco * P);
    s.b.resize(t.nq * P);
    s.c.resize(t.nco * t.nq);
    const uint8_t *esr = hw.err->half(t.eh, t.nco * P);
    for (uint64_t i = 0; i < t.nco * P; i++)
        s.a[i] = (int8_t)esr[i];
    const uint8_t *xsr = hw.act->half(t.xh, nci * nin * d.w * 2);
    // column q of the array reads, for pixel p, the input under tap q: on-chip im2col
    for (uint64_t ql = 0; ql < t.nq; ql++) {
        uint64_t q = t.q0 + ql, ci = q / kk, ky = (q % kk) / d.k, kx = q % d.k;
        int32_t *row = &s.b[ql * P];
        for (uint64_t p = 0; p < P; p++) {
            int64_t oy = (int64_t)(t.oy0 + p / d.ow), ox = (int64_t)(p % d.ow);
            int64_t iy = oy * (int64_t)d.s - (int64_t)d.pad + (int64_t)ky;
            int64_t ix = ox * (int64_t)d.s - (int64_t)d.pad + (int64_t)kx;
            if (iy < 0 || iy >= (int64_t)d.h || ix < 0 || ix >= (int64_t)d.w) {
                row[p] = 0;
                continue;
            }
            if (iy < t.iy_lo || iy >= t.iy_hi)
                fail("internal: conv_bwd_weight row %lld outside the loaded band", (long long)iy);
            row[p] = (int32_t)load_word(xsr + (((ci - t.ci_lo) * nin + (uint64_t)(iy - t.iy_lo)) * d.w + (uint64_t)ix) * 2, 2);
        }
    }
    if (eoq_gemm_nt((int)t.nco, (int)t.nq, (int)P, s.a.data(), s.b.data(), s.c.data(), (int)t.nq, 0, &s.gemm))
        fail("out of memory in the MAC array model");
    check_int32_acc(s.c.data(), t.nco * t.nq, "CONV_BWD_WEIGHT (one pass)");
    uint64_t m = t.nco * t.nq;
    uint8_t *acc = hw.acc->half(t.oh_half, m * 8);
    for (uint64_t i = 0; i < m; i++) {
        int64_t v = s.c[i];
        if (!t.first) {
            int64_t old = load_word(acc + i * 8, 8);
            if (__builtin_add_overflow(old, v, &v))
                fail("CONV_BWD_WEIGHT int64 accumulator overflow");
        }
        store_word(acc + i * 8, 8, v);
    }
    hw.mac->ev.acc64_adds += t.first ? 0 : m;
    if (!t.first)
        hw.acc->count_read(m * 8, ceil_div(t.nco, hw.cfg.array_rows) * ceil_div(t.nq, hw.cfg.array_cols) * hw.cfg.array_rows);
    hw.acc->count_write(m * 8, ceil_div(t.nco, hw.cfg.array_rows) * ceil_div(t.nq, hw.cfg.array_cols) * hw.cfg.array_rows);
    if (t.last && t.dto != 8) {
        // narrow the block to out_type for the store (in place: word i moves down to i * dto)
        int64_t lo = dt_min(t.dto), hi = dt_max(t.dto);
        for (uint64_t i = 0; i < m; i++) {
            int64_t v = load_word(acc + i * 8, 8);
            if (v < lo || v > hi)
                fail("CONV_BWD_WEIGHT output %lld does not fit out_type", (long long)v);
            store_word(acc + i * t.dto, t.dto, v);
        }
    }
}

}  // namespace

Plan plan_conv_bwd_weight(Hw &hw, const eoq_cmd_conv_bwd_weight &c)
{
    ConvDims d = conv_dims("CONV_BWD_WEIGHT", c.n, c.cin, c.h, c.w, c.cout, c.k, c.stride, c.pad);
    hw.tensor((uint64_t)c.x_addr, d.in_elems(), dt_bytes(c.x_type), "x");
    hw.tensor((uint64_t)c.e_addr, d.out_elems(), dt_bytes(c.e_type), "e");
    hw.tensor((uint64_t)c.out_addr, d.wt_elems(), dt_bytes(c.out_type), "out");
    Plan plan;
    uint64_t R = hw.cfg.array_rows, C = hw.cfg.array_cols, kk = d.k * d.k, K = d.cin * kk;
    uint64_t Ah = hw.act->half_bytes(), Eh = hw.err->half_bytes(), Oh = hw.acc->half_bytes();
    uint64_t mco = pfloor(Oh, 8 * R * C);
    if (mco == 0)
        fail("CONV_BWD_WEIGHT: the accumulator buffer does not hold one array tile");
    uint64_t Bco = std::min(d.cout, R * mco);
    uint64_t Bq = std::min(K, C * pfloor(Oh, 8 * Bco * C));
    uint64_t row = 2 * d.cin * d.w;
    uint64_t t_act = Ah >= d.k * row ? pfloor(Ah - d.k * row, d.s * row) : 0;
    uint64_t th = std::min({d.oh, t_act, pfloor(Eh, Bco * d.ow)});
    if (th == 0)
        fail("CONV_BWD_WEIGHT input or error rows too wide for the buffers");
    unsigned xdt = dt_bytes(c.x_type), edt = dt_bytes(c.e_type), dto = dt_bytes(c.out_type);

    // the store of a block's gradient: rows [co0, co0 + nco), taps [q0, q0 + nq) of the cout x K weights
    auto block_store = [&](const BwTile &bt) {
        Xfer ox;
        ox.store = true, ox.buf = hw.acc, ox.half = bt.oh_half, ox.dt = dto, ox.word = dto, ox.what = "out";
        for (uint64_t co = 0; co < bt.nco; co++)
            ox.segs.push_back({(uint64_t)c.out_addr + ((bt.co0 + co) * K + bt.q0) * dto, bt.nq, 1, co * bt.nq, 1});
        return ox;
    };
    uint64_t tiles = 0, blocks = 0;
    for (uint64_t co0 = 0; co0 < d.cout; co0 += Bco)
        for (uint64_t q0 = 0; q0 < K; q0 += Bq, blocks++) {
            uint64_t nco = std::min(Bco, d.cout - co0), nq = std::min(Bq, K - q0);
            uint64_t ci_lo = q0 / kk, ci_hi = (q0 + nq - 1) / kk + 1;
            bool any = false;
            for (uint64_t n = 0; n < d.n; n++)
                for (uint64_t oy0 = 0; oy0 < d.oh; oy0 += th, tiles++) {
                    uint64_t nrows = std::min(th, d.oh - oy0);
                    bool last = n + 1 == d.n && oy0 + nrows == d.oh;
                    BwTile bt{d, n, co0, nco, q0, nq, oy0, nrows, ci_lo, 0, 0, (int)(tiles & 1), (int)(tiles & 1),
                              (int)(blocks & 1), !any, last, dto};
                    any = true;
                    in_rows(d, oy0, nrows, &bt.iy_lo, &bt.iy_hi);
                    uint64_t nin = (uint64_t)(bt.iy_hi - bt.iy_lo), P = nrows * d.ow;
                    Tile t;
                    Xfer ex;
                    ex.buf = hw.err, ex.half = bt.eh, ex.dt = edt, ex.word = 1, ex.what = "e";
                    add_rows(ex, {(uint64_t)c.e_addr, edt, d.cout, d.oh, d.ow}, n, co0, nco, oy0, nrows);
                    t.loads.push_back(ex);
                    Xfer xx;
                    xx.buf = hw.act, xx.half = bt.xh, xx.dt = xdt, xx.word = 2, xx.what = "x";
                    add_rows(xx, {(uint64_t)c.x_addr, xdt, d.cin, d.h, d.w}, n, ci_lo, ci_hi - ci_lo, (uint64_t)bt.iy_lo, nin);
                    t.loads.push_back(xx);
                    if (last)
                        t.stores.push_back(block_store(bt));
                    uint64_t sub = ceil_div(nco, R) * ceil_div(nq, C);
                    t.unit = hw.mac;
                    t.job.cycles = sub * (P + R);
                    t.job.work = [&hw, bt, sub, P]() {
                        count_array(hw, sub, P, bt.nco * bt.nq * P, hw.err, 1, hw.act, 2);
                        bw_work(hw, bt);
                    };
                    plan.push_back(std::move(t));
                }
            if (!any) {
                // an empty batch: the gradient is zero; the block is still written
                Tile t;
                BwTile bt{d, 0, co0, nco, q0, nq, 0, 0, ci_lo, 0, 0, 0, 0, (int)(blocks & 1), true, true, dto};
                t.stores.push_back(block_store(bt));
                t.unit = hw.mac;
                t.job.cycles = 0;
                t.job.work = [&hw, bt]() {
                    uint64_t m = bt.nco * bt.nq;
                    std::fill_n(hw.acc->half(bt.oh_half, m * 8), m * bt.dto, 0);
                };
                plan.push_back(std::move(t));
            }
        }
    return plan;
}

}  // namespace eoqsim
