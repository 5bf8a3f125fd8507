#include "eoq8/eoq8_align.h"

#include "quant/quantizer.h"

static uint64_t max_abs(const int64_t *v, size_t n)
{
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t a = v[i] < 0 ? (uint64_t)0 - (uint64_t)v[i] : (uint64_t)v[i];
        m = a > m ? a : m;
    }
    return m;
}

static int bitlen(uint64_t v) { return v ? 64 - __builtin_clzll(v) : 0; }

/* v <- v * 2^(from - to), rounding when to > from. */
static void rescale(int64_t *v, size_t n, int from, int to)
{
    eoq_rounder rne = {EOQ_ROUND_NEAREST_EVEN, NULL};
    for (size_t i = 0; i < n; i++)
        v[i] = eoq_shift_round(v[i], to - from, &rne);
}

void eoq8_align_add(int64_t *dst, int *dst_exp, const int64_t *src, int src_exp, size_t n)
{
    uint64_t md = max_abs(dst, n), ms = max_abs(src, n);
    if (ms == 0)
        return;
    if (md == 0)
        *dst_exp = src_exp;
    int coarse = *dst_exp > src_exp ? *dst_exp : src_exp;
    int fine = *dst_exp > src_exp ? src_exp : *dst_exp;
    uint64_t mc = *dst_exp > src_exp ? md : ms, mf = *dst_exp > src_exp ? ms : md;
    /* room so that both terms and their sum stay below 2^62 */
    int room = 61 - (bitlen(mc) > bitlen(mf) ? bitlen(mc) : bitlen(mf));
    int target = coarse - fine > room ? coarse - room : fine;
    rescale(dst, n, *dst_exp, target);
    eoq_rounder rne = {EOQ_ROUND_NEAREST_EVEN, NULL};
    for (size_t i = 0; i < n; i++)
        dst[i] += eoq_shift_round(src[i], target - src_exp, &rne);
    *dst_exp = target;
}
