// CONV_FWD on the MAC array: output-stationary, rows = output channels, columns = output
// pixels; the activation band is addressed on chip (im2col by address generation).
#include "conv_common.h"
#include "models_c.h"

namespace eoqsim {

namespace {

struct FwdTile {
    ConvDims d;
    uint64_t n, co0, nco, oy0, nrows;
    int64_t iy_lo, iy_hi;
    int xh, wh, oh_half;
    bool rq;
    int64_t shift, lo, hi;
    unsigned dto;
};

void fwd_work(Hw &hw, const FwdTile &t)
{
    const ConvDims &d = t.d;
    uint64_t K = d.cin * d.k * d.k, P = t.nrows * d.ow, nin = (uint64_t)(t.iy_hi - t.iy_lo);
    ConvScratch &s = conv_scratch();
    s.a.resize(t.nco * K);
    s.b.resize(P * K);
    s.c.resize(t.nco * P);
    const uint8_t *wsr = hw.wgt->half(t.wh, t.nco * K);
    for (uint64_t i = 0; i < t.nco * K; i++)
        s.a[i] = (int8_t)wsr[i];
    const uint8_t *xsr = hw.act->half(t.xh, d.cin * nin * d.w * 2);
    // column p of the array reads tap q of output pixel p from the band: the on-chip im2col
    for (uint64_t p = 0; p < P; p++) {
        int64_t oy = (int64_t)(t.oy0 + p / d.ow), ox = (int64_t)(p % d.ow);
        int32_t *row = &s.b[p * K];
        uint64_t q = 0;
        for (uint64_t ci = 0; ci < d.cin; ci++)
            for (uint64_t ky = 0; ky < d.k; ky++) {
                int64_t iy = oy * (int64_t)d.s - (int64_t)d.pad + (int64_t)ky;
                for (uint64_t kx = 0; kx < d.k; kx++, q++) {
                    int64_t ix = ox * (int64_t)d.s - (int64_t)d.pad + (int64_t)kx;
                    if (iy < 0 || iy >= (int64_t)d.h || ix < 0 || ix >= (int64_t)d.w) {
                        row[q] = 0;
                        continue;
                    }
                    if (iy < t.iy_lo || iy >= t.iy_hi)
                        fail("internal: conv_fwd row %lld outside the loaded band", (long long)iy);
                    row[q] = (int32_t)load_word(xsr + ((ci * nin + (uint64_t)(iy - t.iy_lo)) * d.w + (uint64_t)ix) * 2, 2);
                }
            }
    }
    if (eoq_gemm_nt((int)t.nco, (int)P, (int)K, s.a.data(), s.b.data(), s.c.data(), (int)P, 0, &s.gemm))
        fail("out of memory in the MAC array model");
    check_int32_acc(s.c.data(), t.nco * P, "CONV_FWD");
    uint8_t *out = hw.acc->half(t.oh_half, t.nco * P * t.dto);
    int64_t lo = dt_min(t.dto), hi = dt_max(t.dto);
    if (t.rq) {
        std::vector<int32_t> q(t.nco * P);
        eoq_rounder rne = {EOQ_ROUND_NEAREST_EVEN, nullptr};
        eoq_requant(s.c.data(), t.nco * P, (int)t.shift, t.lo, t.hi, q.data(), &rne);
        hw.mac->ev.shifts += t.nco * P;
        hw.mac->ev.compares += 2 * t.nco * P;
        for (uint64_t i = 0; i < t.nco * P; i++)
            s.c[i] = q[i];
    }
    for (uint64_t i = 0; i < t.nco * P; i++) {
        if (s.c[i] < lo || s.c[i] > hi)
            fail("CONV_FWD output %lld does not fit out_type %s", (long long)s.c[i],
                 dt_name(__builtin_ctz(t.dto)));
        store_word(out + i * t.dto, t.dto, s.c[i]);
    }
    hw.acc->count_write(t.nco * P * t.dto, ceil_div(t.nco, hw.cfg.array_rows) * ceil_div(P, hw.cfg.array_cols) * hw.cfg.array_rows);
}

}  // namespace

Plan plan_conv_fwd(Hw &hw, const eoq_cmd_conv_fwd &c)
{
    ConvDims d = conv_dims("CONV_FWD", c.n, c.cin, c.h, c.w, c.cout, c.k, c.stride, c.pad);
    hw.tensor((uint64_t)c.x_addr, d.in_elems(), dt_bytes(c.x_type), "x");
    if (c.x1_en)
        hw.tensor((uint64_t)c.x1_addr, d.in_elems(), dt_bytes(c.x1_type), "x1");
    hw.tensor((uint64_t)c.wt_addr, d.wt_elems(), dt_bytes(c.wt_type), "weights");
    hw.tensor((uint64_t)c.out_addr, d.out_elems(), dt_bytes(c.out_type), "out");
    Plan plan;
    uint64_t xaddr = (uint64_t)c.x_addr;
    unsigned xdt = dt_bytes(c.x_type);
    int shl = (int)c.x_shl;
    int64_t add = 0;
    Xfer b1x;
    if (c.x1_en) {  // the x1 pass has run (its own pipeline): read x1 back
        xaddr = (uint64_t)c.x1_addr;
        xdt = dt_bytes(c.x1_type);
        shl = 0;
    } else if (c.b1_en) {
        unsigned bdt = dt_bytes(c.b1_type);
        hw.dram->check((uint64_t)c.b1_addr, bdt, "b1");
        int64_t b1 = load_word(hw.dram->at((uint64_t)c.b1_addr), bdt);
        add = (int64_t)shl128(b1, c.b1_shl);
        if ((__int128)add != shl128(b1, c.b1_shl))
            fail("b1 << b1_shl overflows");
        b1x.buf = hw.scal;  // the pre-add stage's scalar register
        b1x.half = 0;
        b1x.dt = bdt;
        b1x.word = 8;
        b1x.what = "b1";
        b1x.segs.push_back({(uint64_t)c.b1_addr, 1, 1, 0, 1});
    }
    if (d.n == 0)
        return plan;
    int64_t shift = c.rq_en ? hw.expop(c.rq_shift_imm, c.rq_shift_ra, c.rq_shift_rb, c.rq_shift_rc) : 0;
    if (c.rq_en && (c.rq_lo > c.rq_hi || shift < -EOQ_MAX_SHIFT))
        fail("CONV_FWD requantization: rq_lo > rq_hi or shift %lld below -%d", (long long)shift, EOQ_MAX_SHIFT);

    uint64_t R = hw.cfg.array_rows, C = hw.cfg.array_cols;
    uint64_t K = d.cin * d.k * d.k;
    uint64_t Ah = hw.act->half_bytes(), Wh = hw.wgt->half_bytes(), Oh = hw.acc->half_bytes();
    uint64_t m = std::min(pfloor(Wh, R * K), pfloor(Oh, 8 * R * d.ow));
    if (m == 0)
        fail("CONV_FWD layer too large for the buffers: %llu output channels of %llu weights, or of a %llu-pixel output row",
             (unsigned long long)R, (unsigned long long)K, (unsigned long long)d.ow);
    uint64_t Bco = std::min(d.cout, R * m);
    uint64_t row = 2 * d.cin * d.w;  // bytes of one input row over all channels
    uint64_t t_act = Ah >= d.k * row ? pfloor(Ah - d.k * row, d.s * row) : 0;
    uint64_t th = std::min({d.oh, t_act, pfloor(Oh, 8 * Bco * d.ow)});
    if (th == 0)
        fail("CONV_FWD input rows too wide for the activation buffer (%llu channels of %llu pixels)",
             (unsigned long long)d.cin, (unsigned long long)d.w);
    unsigned wdt = dt_bytes(c.wt_type), dto = dt_bytes(c.out_type);

    uint64_t tiles = 0;
    for (uint64_t co0 = 0, j = 0; co0 < d.cout; co0 += Bco, j++) {
        uint64_t nco = std::min(Bco, d.cout - co0);
        for (uint64_t n = 0; n < d.n; n++)
            for (uint64_t oy0 = 0; oy0 < d.oh; oy0 += th, tiles++) {
                uint64_t nrows = std::min(th, d.oh - oy0);
                Tile t;
                if (tiles == 0 && !b1x.segs.empty())
                    t.loads.push_back(b1x);
                if (n == 0 && oy0 == 0) {  // first tile of a channel block: its weights
                    Xfer wx;
                    wx.buf = hw.wgt, wx.half = (int)(j & 1), wx.dt = wdt, wx.word = 1, wx.what = "weights";
                    wx.segs.push_back({(uint64_t)c.wt_addr + co0 * K * wdt, nco * K, 1, 0, 1});
                    t.loads.push_back(wx);
                }
                FwdTile ft{d, n, co0, nco, oy0, nrows, 0, 0, (int)(tiles & 1), (int)(j & 1), (int)(tiles & 1),
                           c.rq_en != 0, shift, c.rq_lo, c.rq_hi, dto};
                in_rows(d, oy0, nrows, &ft.iy_lo, &ft.iy_hi);
                uint64_t nin = (uint64_t)(ft.iy_hi - ft.iy_lo);
                Xfer xx;
                xx.buf = hw.act, xx.half = ft.xh, xx.dt = xdt, xx.word = 2, xx.shl = shl, xx.add = add;
                xx.what = c.x1_en ? "x1" : "x";
                add_rows(xx, {xaddr, xdt, d.cin, d.h, d.w}, n, 0, d.cin, (uint64_t)ft.iy_lo, nin);
                t.loads.push_back(xx);
                uint64_t P = nrows * d.ow;
                Xfer ox;
                ox.store = true, ox.buf = hw.acc, ox.half = ft.oh_half, ox.dt = dto, ox.word = dto, ox.what = "out";
                add_rows(ox, {(uint64_t)c.out_addr, dto, d.cout, d.oh, d.ow}, n, co0, nco, oy0, nrows);
                t.stores.push_back(ox);
                uint64_t sub = ceil_div(nco, R) * ceil_div(P, C);
                t.unit = hw.mac;
                t.job.cycles = sub * (K + R);
                t.job.work = [&hw, ft, sub, K, P]() {
                    count_array(hw, sub, K, ft.nco * P * K, hw.wgt, 1, hw.act, 2);
                    fwd_work(hw, ft);
                };
                plan.push_back(std::move(t));
            }
    }
    return plan;
}

}  // namespace eoqsim
