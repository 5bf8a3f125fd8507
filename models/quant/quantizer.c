#include "quant/quantizer.h"

#include <assert.h>

static int64_t pow2(int s) { return (int64_t)1 << s; }

/* floor(v / 2^sh) for sh in 1..62. GCC defines >> of a negative value as an arithmetic shift
 * (a floor), which is what the hardware's shifter does too. */
static int64_t floor_div_pow2(int64_t v, int sh)
{
    return v >> sh;
}

int64_t eoq_shift_round(int64_t v, int sh, const eoq_rounder *r)
{
    uint32_t u = 0;
    if (r->mode == EOQ_ROUND_STOCHASTIC)
        u = eoq_prng_next(r->rng);
    if (sh <= 0) {
        assert(-sh <= EOQ_MAX_SHIFT);
        return v * pow2(-sh);
    }
    if (sh > EOQ_MAX_SHIFT)
        sh = EOQ_MAX_SHIFT + 1; /* everything below 2^62 rounds to zero or one step */
    if (sh == EOQ_MAX_SHIFT + 1) {
        /* |v| < 2^62 < 2^sh / 2: nearest is 0; stochastic keeps floor semantics. */
        if (r->mode == EOQ_ROUND_STOCHASTIC)
            return v < 0 ? -1 : 0;
        return 0;
    }
    int64_t q = floor_div_pow2(v, sh);
    int64_t rem = (int64_t)((uint64_t)v & (uint64_t)(pow2(sh) - 1)); /* 0 <= rem < 2^sh */
    if (r->mode == EOQ_ROUND_STOCHASTIC) {
        /* U uniform on [0, 2^sh): the top bits of the 32-bit draw, widened when sh > 32. */
        int64_t U = sh <= 32 ? (int64_t)(u >> (32 - sh)) : (int64_t)u * pow2(sh - 32);
        return q + ((rem + U) >= pow2(sh) ? 1 : 0);
    }
    int64_t half = pow2(sh - 1);
    if (rem > half || (rem == half && (q & 1)))
        q += 1;
    return q;
}

/* Nearest-even rounding of a whole tensor by one shift: the common case, kept branch-light. */
static size_t requant_rne(const int64_t *src, size_t n, int sh, int64_t lo, int64_t hi, int32_t *dst)
{
    size_t sat = 0;
    int64_t mask = pow2(sh) - 1, half = pow2(sh - 1);
    for (size_t i = 0; i < n; i++) {
        int64_t v = src[i];
        int64_t q = v >> sh; /* floor, see floor_div_pow2 */
        int64_t rem = (int64_t)((uint64_t)v & (uint64_t)mask);
        q += (rem > half) | ((rem == half) & (q & 1));
        sat += (q < lo) | (q > hi);
        dst[i] = (int32_t)eoq_clamp64(q, lo, hi);
    }
    return sat;
}

size_t eoq_requant(const int64_t *src, size_t n, int sh, int64_t lo, int64_t hi,
                   int32_t *dst, const eoq_rounder *r)
{
    assert(lo >= INT32_MIN && hi <= INT32_MAX && lo <= hi);
    if (r->mode == EOQ_ROUND_NEAREST_EVEN && sh >= 1 && sh <= EOQ_MAX_SHIFT)
        return requant_rne(src, n, sh, lo, hi, dst);
    size_t sat = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t v = eoq_shift_round(src[i], sh, r);
        if (v < lo || v > hi)
            sat++;
        dst[i] = (int32_t)eoq_clamp64(v, lo, hi);
    }
    return sat;
}

static uint64_t isqrt_u128(unsigned __int128 x)
{
    /* Bitwise integer square root: floor(sqrt(x)) for x < 2^126. */
    unsigned __int128 res = 0, bit = (unsigned __int128)1 << 124;
    while (bit > x)
        bit >>= 2;
    while (bit != 0) {
        if (x >= res + bit) {
            x -= res + bit;
            res = (res >> 1) + bit;
        } else {
            res >>= 1;
        }
        bit >>= 2;
    }
    return (uint64_t)res;
}

uint64_t eoq_sqrt2_threshold(int p)
{
    assert(p >= 0 && p <= 62);
    /* floor(2^p sqrt 2) = floor(sqrt(2^(2p+1))) */
    return isqrt_u128((unsigned __int128)1 << (2 * p + 1));
}

int eoq_round_log2(uint64_t M)
{
    assert(M > 0);
    int p = 63 - __builtin_clzll(M);
    if (p > 62)
        return 63; /* 2^63 <= M: only reachable from INT64_MIN's magnitude */
    return M > eoq_sqrt2_threshold(p) ? p + 1 : p;
}

size_t eoq_q(const int64_t *src, size_t n, int src_exp, int k, int64_t sat_max,
             int32_t *dst, const eoq_rounder *r)
{
    int dst_exp = -(k - 1);
    return eoq_requant(src, n, dst_exp - src_exp, -sat_max, sat_max, dst, r);
}

size_t eoq_cq(const int64_t *src, size_t n, int src_exp, int k, int32_t *dst, const eoq_rounder *r)
{
    return eoq_q(src, n, src_exp, k, eoq_cq_max(k), dst, r);
}

static uint64_t max_abs(const int64_t *src, size_t n)
{
    uint64_t M = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t a = src[i] < 0 ? (uint64_t)0 - (uint64_t)src[i] : (uint64_t)src[i];
        if (a > M)
            M = a;
    }
    return M;
}

int eoq_sq_scale_exp(const int64_t *src, size_t n, int src_exp)
{
    uint64_t M = max_abs(src, n);
    return M == 0 ? 0 : src_exp + eoq_round_log2(M);
}

int eoq_sq(const int64_t *src, size_t n, int src_exp, int k, int32_t *dst, const eoq_rounder *r)
{
    int scale_exp = eoq_sq_scale_exp(src, n, src_exp);
    if (max_abs(src, n) == 0) {
        /* Zero tensor: nothing to round, but stochastic mode still spends its draws so that
         * the draw count depends on tensor sizes only. */
        for (size_t i = 0; i < n; i++) {
            if (r->mode == EOQ_ROUND_STOCHASTIC)
                (void)eoq_prng_next(r->rng);
            dst[i] = 0;
        }
        return -(k - 1);
    }
    /* x / scale on the grid 2^-(k-1): dst exponent = scale_exp - (k-1). */
    int dst_exp = scale_exp - (k - 1);
    eoq_requant(src, n, dst_exp - src_exp, -eoq_cq_max(k), eoq_cq_max(k), dst, r);
    return dst_exp;
}
