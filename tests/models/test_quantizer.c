/* Q, CQ, SQ and the rounding primitive against independent references: exact integer
 * arithmetic (__int128) and long double, exhaustively over small domains and at every edge. */
#include <check.h>
#include "check_main.h"
#include <math.h>
#include <stdlib.h>

#include "quant/quantizer.h"

static const eoq_rounder RNE = {EOQ_ROUND_NEAREST_EVEN, NULL};

/* round(v / 2^sh) half to even, by exact comparison of 2*remainder with 2^sh */
static int64_t ref_rne(int64_t v, int sh)
{
    if (sh <= 0)
        return v * ((int64_t)1 << -sh);
    __int128 d = (__int128)1 << sh;
    __int128 q = v / d, r = v % d;
    if (r < 0) {
        r += d;
        q -= 1;
    }
    if (2 * r > d || (2 * r == d && (q & 1)))
        q += 1;
    return (int64_t)q;
}

START_TEST(shift_round_exhaustive)
{
    for (int sh = -4; sh <= 20; sh++)
        for (int64_t v = -(1 << 16); v <= (1 << 16); v++)
            ck_assert_int_eq(eoq_shift_round(v, sh, &RNE), ref_rne(v, sh));
}
END_TEST

START_TEST(shift_round_ties_and_large)
{
    ck_assert_int_eq(eoq_shift_round(1, 1, &RNE), 0);   /* 0.5 -> 0 */
    ck_assert_int_eq(eoq_shift_round(3, 1, &RNE), 2);   /* 1.5 -> 2 */
    ck_assert_int_eq(eoq_shift_round(-1, 1, &RNE), 0);  /* -0.5 -> 0 */
    ck_assert_int_eq(eoq_shift_round(-3, 1, &RNE), -2); /* -1.5 -> -2 */
    ck_assert_int_eq(eoq_shift_round(5, 1, &RNE), 2);   /* 2.5 -> 2 */
    int64_t big = ((int64_t)1 << 61) + 12345;
    ck_assert_int_eq(eoq_shift_round(big, 62, &RNE), 1); /* just above one half */
    ck_assert_int_eq(eoq_shift_round(big, 61, &RNE), 1);
    ck_assert_int_eq(eoq_shift_round(big, 100, &RNE), 0);
    ck_assert_int_eq(eoq_shift_round(-big, 61, &RNE), -1);
    ck_assert_int_eq(eoq_shift_round(INT64_MAX, 62, &RNE), ref_rne(INT64_MAX, 62));
}
END_TEST

START_TEST(stochastic_is_floor_or_ceil_and_unbiased)
{
    eoq_prng rng;
    eoq_prng_seed(&rng, 42);
    eoq_rounder sr = {EOQ_ROUND_STOCHASTIC, &rng};
    int sh = 6;
    for (int64_t v = -300; v <= 300; v += 37) {
        double sum = 0;
        int n = 20000;
        int64_t lo = (int64_t)floor((double)v / 64.0);
        for (int i = 0; i < n; i++) {
            uint32_t before = rng.state;
            int64_t r = eoq_shift_round(v, sh, &sr);
            eoq_prng probe = {before};
            eoq_prng_next(&probe);
            ck_assert_uint_eq(probe.state, rng.state); /* exactly one draw */
            ck_assert(r == lo || r == lo + 1);
            sum += (double)r;
        }
        /* mean within 5 sigma of v/64 (sigma <= 0.5/sqrt(n)) */
        ck_assert_msg(fabs(sum / n - v / 64.0) < 5 * 0.5 / sqrt((double)n), "v=%lld mean %f", (long long)v, sum / n);
    }
    /* one draw also when nothing is dropped */
    uint32_t before = rng.state;
    ck_assert_int_eq(eoq_shift_round(77, 0, &sr), 77);
    ck_assert_uint_ne(before, rng.state);
}
END_TEST

START_TEST(cq_exhaustive_all_widths)
{
    for (int k = 2; k <= 16; k++) {
        int src_exp = -(k - 1) - 3; /* 3 extra fraction bits: rounding and ties happen */
        int64_t lim = ((int64_t)1 << (k - 1)) - 1;
        int64_t span = (int64_t)1 << (k + 3);
        int64_t n = 2 * span + 1;
        int64_t *src = malloc(sizeof(int64_t) * n);
        int32_t *dst = malloc(sizeof(int32_t) * n);
        for (int64_t i = 0; i < n; i++)
            src[i] = i - span;
        size_t sat = eoq_cq(src, (size_t)n, src_exp, k, dst, &RNE);
        size_t want_sat = 0;
        for (int64_t i = 0; i < n; i++) {
            long double x = ldexpl((long double)src[i], src_exp);
            long double q = nearbyintl(x * ldexpl(1, k - 1)); /* Eq. 5, half to even */
            int64_t r = (int64_t)q;
            if (r > lim || r < -lim)
                want_sat++;
            r = r > lim ? lim : (r < -lim ? -lim : r); /* Eq. 6 */
            ck_assert_int_eq(dst[i], r);
        }
        ck_assert_uint_eq(sat, want_sat);
        free(src);
        free(dst);
    }
}
END_TEST

START_TEST(sqrt2_thresholds)
{
    for (int p = 0; p <= 62; p++) {
        unsigned __int128 T = eoq_sqrt2_threshold(p), two = (unsigned __int128)1 << (2 * p + 1);
        ck_assert(T * T < two);
        ck_assert((T + 1) * (T + 1) > two);
        ck_assert_int_eq(eoq_round_log2((uint64_t)T), p);
        ck_assert_int_eq(eoq_round_log2((uint64_t)T + 1), p + 1);
    }
    for (uint64_t M = 1; M <= (1u << 20); M++)
        ck_assert_int_eq(eoq_round_log2(M), (int)nearbyintl(log2l((long double)M)));
}
END_TEST

/* SQ of x (mantissas at src_exp) per Eq. 7, in long double */
static void ref_sq(const int64_t *m, size_t n, int src_exp, int k, long double *out)
{
    long double M = 0;
    for (size_t i = 0; i < n; i++)
        M = fabsl((long double)m[i]) > M ? fabsl((long double)m[i]) : M;
    if (M == 0) {
        for (size_t i = 0; i < n; i++)
            out[i] = 0;
        return;
    }
    long double scale = ldexpl(1, (int)nearbyintl(log2l(M)) + src_exp);
    long double lim = 1 - ldexpl(1, -(k - 1));
    for (size_t i = 0; i < n; i++) {
        long double x = ldexpl((long double)m[i], src_exp) / scale;
        long double q = nearbyintl(x * ldexpl(1, k - 1)) / ldexpl(1, k - 1);
        q = q > lim ? lim : (q < -lim ? -lim : q);
        out[i] = scale * q;
    }
}

START_TEST(sq_matches_formula)
{
    srand(1234 + _i);
    int64_t m[64];
    int32_t d[64];
    long double want[64];
    for (int k = 2; k <= 16; k++)
        for (int trial = 0; trial < 40; trial++) {
            size_t n = 1 + (size_t)(rand() % 64);
            int64_t range = (int64_t)1 << (1 + rand() % 40);
            for (size_t i = 0; i < n; i++)
                m[i] = (int64_t)(((uint64_t)rand() << 31 ^ (uint64_t)rand()) % (uint64_t)(2 * range + 1)) - range;
            if (trial == 0)
                m[0] = range; /* max exactly at a power of two */
            if (trial == 1)
                m[0] = -(int64_t)eoq_sqrt2_threshold(20); /* negative max at the threshold */
            if (trial == 2)
                m[0] = (int64_t)eoq_sqrt2_threshold(20) + 1;
            int src_exp = -30 + rand() % 20;
            int e = eoq_sq(m, n, src_exp, k, d, &RNE);
            ref_sq(m, n, src_exp, k, want);
            for (size_t i = 0; i < n; i++) {
                ck_assert(abs(d[i]) <= (1 << (k - 1)) - 1);
                ck_assert_msg(ldexpl((long double)d[i], e) == want[i], "k=%d trial=%d i=%zu", k, trial, i);
            }
        }
}
END_TEST

START_TEST(sq_zero_tensor_and_saturation)
{
    int64_t z[5] = {0, 0, 0, 0, 0};
    int32_t d[5] = {9, 9, 9, 9, 9};
    for (int k = 2; k <= 16; k++) {
        ck_assert_int_eq(eoq_sq(z, 5, -40, k, d, &RNE), -(k - 1));
        for (int i = 0; i < 5; i++)
            ck_assert_int_eq(d[i], 0);
    }
    /* max = 1.4 * 2^p rounds the scale down to 2^p: x/scale = 1.4 saturates at 2^(k-1)-1 */
    int64_t m[2] = {1433, 100}; /* 1433/1024 = 1.399 < sqrt 2 */
    int e = eoq_sq(m, 2, -10, 8, d, &RNE);
    ck_assert_int_eq(e, -7);
    ck_assert_int_eq(d[0], 127);
    ck_assert_int_eq(d[1], 12); /* 100/1024 * 128 = 12.5 -> 12 (even) */
}
END_TEST

START_TEST(prng_sequence)
{
    eoq_prng r;
    eoq_prng_seed(&r, 1);
    uint32_t x = 1;
    for (int i = 0; i < 1000; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        ck_assert_uint_eq(eoq_prng_next(&r), x);
    }
    eoq_prng_seed(&r, 0);
    ck_assert_uint_eq(r.state, 0x9E3779B9u);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("quantizer");
    TCase *tc = tcase_create("quantizers");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, shift_round_exhaustive);
    tcase_add_test(tc, shift_round_ties_and_large);
    tcase_add_test(tc, stochastic_is_floor_or_ceil_and_unbiased);
    tcase_add_test(tc, cq_exhaustive_all_widths);
    tcase_add_test(tc, sqrt2_thresholds);
    tcase_add_loop_test(tc, sq_matches_formula, 0, 3);
    tcase_add_test(tc, sq_zero_tensor_and_saturation);
    tcase_add_test(tc, prng_sequence);
    suite_add_tcase(s, tc);
    return eoq_run_suite(s);
}
