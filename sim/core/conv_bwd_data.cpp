// CONV_BWD_DATA on the MAC array: output-stationary on the input gradient, rows = input
// channels, columns = input pixels; each column gathers the error taps that reach its pixel
// (the transposed convolution as a gather, so no accumulator is read back and added to).
#include "conv_common.h"

namespace eoqsim {

namespace {

struct BdTile {
    ConvDims d;
    uint64_t n, ci0, nci, iy0, nrows;
    int64_t oy_lo, oy_hi;  // error rows [oy_lo, oy_hi) in the band
    int eh, wh, oh_half;
    unsigned dto;
};

void bd_work(Hw &hw, const BdTile &t)
{
    const ConvDims &d = t.d;
    uint64_t kk = d.k * d.k, Kd = d.cout * kk, P = t.nrows * d.w;
    uint64_t ner = (uint64_t)(t.oy_hi - t.oy_lo);
    ConvScratch &s = conv_scratch();
    s.a.resize(t.nci * Kd);
    s.b.resize(P * Kd);
    s.c.resize(t.nci * P);
    // weight buffer holds [co][ci_local][ky][kx]; row ci of the array reads w[co][ci][ky][kx]
    const uint8_t *wsr = hw.wgt->half(t.wh, d.cout * t.nci * kk);
    for (uint64_t ci = 0; ci < t.nci; ci++)
        for (uint64_t co = 0; co < d.cout; co++)
            for (uint64_t j = 0; j < kk; j++)
                s.a[ci * Kd + co * kk + j] = (int8_t)wsr[(co * t.nci + ci) * kk + j];
    const uint8_t *esr = hw.err->half(t.eh, d.cout * ner * d.ow);
    for (uint64_t p = 0; p < P; p++) {
        int64_t iy = (int64_t)(t.iy0 + p / d.w), ix = (int64_t)(p % d.w);
        int32_t *row = &s.b[p * Kd];
        uint64_t q = 0;
        for (uint64_t co = 0; co < d.cout; co++)
            for (uint64_t ky = 0; ky < d.k; ky++) {
                int64_t ty = iy + (int64_t)d.pad - (int64_t)ky;
                bool yok = ty >= 0 && ty % (int64_t)d.s == 0 && ty / (int64_t)d.s < (int64_t)d.oh;
                int64_t oy = yok ? ty / (int64_t)d.s : 0;
                if (yok && (oy < t.oy_lo || oy >= t.oy_hi))
                    fail("internal: conv_bwd_data error row %lld outside the loaded band", (long long)oy);
                for (uint64_t kx = 0; kx < d.k; kx++, q++) {
                    int64_t tx = ix + (int64_t)d.pad - (int64_t)kx;
                    if (!yok || tx < 0 || tx % (int64_t)d.s != 0 || tx / (int64_t)d.s >= (int64_t)d.ow) {
                        row[q] = 0;
                        continue;
                    }
                    uint64_t ox = (uint64_t)(tx / (int64_t)d.s);
                    row[q] = (int8_t)esr[(co * ner + (uint64_t)(oy - t.oy_lo)) * d.ow + ox];
                }
            }
    }
    if (eoq_gemm_nt((int)t.nci, (int)P, (int)Kd, s.a.data(), s.b.data(), s.c.data(), (int)P, 0, &s.gemm))
        fail("out of memory in the MAC array model");
    check_int32_acc(s.c.data(), t.nci * P, "CONV_BWD_DATA");
    uint8_t *out = hw.acc->half(t.oh_half, t.nci * P * t.dto);
    int64_t lo = dt_min(t.dto), hi = dt_max(t.dto);
    for (uint64_t i = 0; i < t.nci * P; i++) {
        if (s.c[i] < lo || s.c[i] > hi)
            fail("CONV_BWD_DATA output %lld does not fit out_type", (long long)s.c[i]);
        store_word(out + i * t.dto, t.dto, s.c[i]);
    }
    hw.acc->count_write(t.nci * P * t.dto, ceil_div(t.nci, hw.cfg.array_rows) * ceil_div(P, hw.cfg.array_cols) * hw.cfg.array_rows);
}

}  // namespace

Plan plan_conv_bwd_data(Hw &hw, const eoq_cmd_conv_bwd_data &c)
{
    ConvDims d = conv_dims("CONV_BWD_DATA", c.n, c.cin, c.h, c.w, c.cout, c.k, c.stride, c.pad);
    hw.tensor((uint64_t)c.e_addr, d.out_elems(), dt_bytes(c.e_type), "e");
    hw.tensor((uint64_t)c.wt_addr, d.wt_elems(), dt_bytes(c.wt_type), "weights");
    hw.tensor((uint64_t)c.out_addr, d.in_elems(), dt_bytes(c.out_type), "out");
    Plan plan;
    if (d.n == 0)
        return plan;
    uint64_t R = hw.cfg.array_rows, C = hw.cfg.array_cols, kk = d.k * d.k, Kd = d.cout * kk;
    uint64_t Wh = hw.wgt->half_bytes(), Eh = hw.err->half_bytes(), Oh = hw.acc->half_bytes();
    uint64_t m = std::min(pfloor(Wh, R * Kd), pfloor(Oh, 8 * R * d.w));
    if (m == 0)
        fail("CONV_BWD_DATA layer too large for the buffers");
    uint64_t Bci = std::min(d.cin, R * m);
    uint64_t erow = d.cout * d.ow;  // bytes of one error row over all channels
    uint64_t t_err = Eh >= d.k * erow ? pfloor(Eh - d.k * erow, erow) : 0;
    uint64_t th = std::min({d.h, t_err, pfloor(Oh, 8 * Bci * d.w)});
    if (th == 0)
        fail("CONV_BWD_DATA error rows too wide for the error buffer");
    unsigned edt = dt_bytes(c.e_type), wdt = dt_bytes(c.wt_type), dto = dt_bytes(c.out_type);

    uint64_t tiles = 0;
    for (uint64_t ci0 = 0, j = 0; ci0 < d.cin; ci0 += Bci, j++) {
        uint64_t nci = std::min(Bci, d.cin - ci0);
        for (uint64_t n = 0; n < d.n; n++)
            for (uint64_t iy0 = 0; iy0 < d.h; iy0 += th, tiles++) {
                uint64_t nrows = std::min(th, d.h - iy0);
                Tile t;
                if (n == 0 && iy0 == 0) {
                    Xfer wx;
                    wx.buf = hw.wgt, wx.half = (int)(j & 1), wx.dt = wdt, wx.word = 1, wx.what = "weights";
                    for (uint64_t co = 0; co < d.cout; co++)
                        wx.segs.push_back({(uint64_t)c.wt_addr + ((co * d.cin + ci0) * kk) * wdt, nci * kk, 1,
                                           co * nci * kk, 1});
                    t.loads.push_back(wx);
                }
                BdTile bt{d, n, ci0, nci, iy0, nrows, 0, 0, (int)(tiles & 1), (int)(j & 1), (int)(tiles & 1), dto};
                int64_t lo = ceil_div_s((int64_t)iy0 + (int64_t)d.pad - (int64_t)d.k + 1, (int64_t)d.s);
                int64_t hi = floor_div((int64_t)(iy0 + nrows - 1 + d.pad), (int64_t)d.s) + 1;
                bt.oy_lo = std::max<int64_t>(lo, 0);
                bt.oy_hi = std::min<int64_t>(hi, (int64_t)d.oh);
                if (bt.oy_hi < bt.oy_lo)
                    bt.oy_hi = bt.oy_lo;
                uint64_t ner = (uint64_t)(bt.oy_hi - bt.oy_lo);
                Xfer ex;
                ex.buf = hw.err, ex.half = bt.eh, ex.dt = edt, ex.word = 1, ex.what = "e";
                add_rows(ex, {(uint64_t)c.e_addr, edt, d.cout, d.oh, d.ow}, n, 0, d.cout, (uint64_t)bt.oy_lo, ner);
                t.loads.push_back(ex);
                uint64_t P = nrows * d.w;
                Xfer ox;
                ox.store = true, ox.buf = hw.acc, ox.half = bt.oh_half, ox.dt = dto, ox.word = dto, ox.what = "out";
                add_rows(ox, {(uint64_t)c.out_addr, dto, d.cin, d.h, d.w}, n, ci0, nci, iy0, nrows);
                t.stores.push_back(ox);
                uint64_t sub = ceil_div(nci, R) * ceil_div(P, C);
                t.unit = hw.mac;
                t.job.cycles = sub * (Kd + R);
                t.job.work = [&hw, bt, sub, Kd, P]() {
                    count_array(hw, sub, Kd, bt.nci * P * Kd, hw.wgt, 1, hw.err, 1);
                    bd_work(hw, bt);
                };
                plan.push_back(std::move(t));
            }
    }
    return plan;
}

}  // namespace eoqsim
