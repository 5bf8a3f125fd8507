#include "kernels/int_gemm.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

eoq_gemm_stats eoq_gemm_counters;

void eoq_gemm_scratch_free(eoq_gemm_scratch *s)
{
    free(s->a16);
    free(s->b16);
    memset(s, 0, sizeof *s);
}

static int grow(int16_t **p, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    int16_t *q = realloc(*p, need * sizeof **p);
    if (!q)
        return -1;
    *p = q;
    *cap = need;
    return 0;
}

static uint64_t max_abs32(const int32_t *v, size_t n)
{
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t a = v[i] < 0 ? (uint64_t)(-(int64_t)v[i]) : (uint64_t)v[i];
        if (a > m)
            m = a;
    }
    return m;
}

/* Rows padded with zeros to a multiple of 8 so the SIMD loop has no tail. */
static void pack16(const int32_t *src, int rows, int K, int Kp, int16_t *dst)
{
    for (int r = 0; r < rows; r++) {
        const int32_t *s = src + (size_t)r * K;
        int16_t *d = dst + (size_t)r * Kp;
        for (int k = 0; k < K; k++)
            d[k] = (int16_t)s[k];
        for (int k = K; k < Kp; k++)
            d[k] = 0;
    }
}

#if defined(__SSE2__)
static int32_t hsum(__m128i v)
{
    v = _mm_add_epi32(v, _mm_shuffle_epi32(v, _MM_SHUFFLE(1, 0, 3, 2)));
    v = _mm_add_epi32(v, _mm_shuffle_epi32(v, _MM_SHUFFLE(2, 3, 0, 1)));
    return _mm_cvtsi128_si32(v);
}
#endif

static void gemm16(int M, int N, int Kp, const int16_t *A, const int16_t *B, int64_t *C, int ldc,
                   int accumulate)
{
    for (int i = 0; i < M; i++) {
        const int16_t *a = A + (size_t)i * Kp;
        int64_t *c = C + (size_t)i * ldc;
        int j = 0;
#if defined(__SSE2__)
        for (; j + 4 <= N; j += 4) {
            const int16_t *b0 = B + (size_t)j * Kp, *b1 = b0 + Kp, *b2 = b1 + Kp, *b3 = b2 + Kp;
            __m128i s0 = _mm_setzero_si128(), s1 = s0, s2 = s0, s3 = s0;
            for (int k = 0; k < Kp; k += 8) {
                __m128i av = _mm_loadu_si128((const __m128i *)(a + k));
                s0 = _mm_add_epi32(s0, _mm_madd_epi16(av, _mm_loadu_si128((const __m128i *)(b0 + k))));
                s1 = _mm_add_epi32(s1, _mm_madd_epi16(av, _mm_loadu_si128((const __m128i *)(b1 + k))));
                s2 = _mm_add_epi32(s2, _mm_madd_epi16(av, _mm_loadu_si128((const __m128i *)(b2 + k))));
                s3 = _mm_add_epi32(s3, _mm_madd_epi16(av, _mm_loadu_si128((const __m128i *)(b3 + k))));
            }
            int32_t r[4] = {hsum(s0), hsum(s1), hsum(s2), hsum(s3)};
            for (int t = 0; t < 4; t++)
                c[j + t] = accumulate ? c[j + t] + r[t] : r[t];
        }
#endif
        for (; j < N; j++) {
            const int16_t *b = B + (size_t)j * Kp;
            int32_t s = 0;
            for (int k = 0; k < Kp; k++)
                s += (int32_t)a[k] * b[k];
            c[j] = accumulate ? c[j] + s : s;
        }
    }
}

static void gemm64(int M, int N, int K, const int32_t *A, const int32_t *B, int64_t *C, int ldc,
                   int accumulate)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            const int32_t *a = A + (size_t)i * K, *b = B + (size_t)j * K;
            int64_t s = 0;
            for (int k = 0; k < K; k++)
                s += (int64_t)a[k] * b[k];
            int64_t *c = C + (size_t)i * ldc + j;
            *c = accumulate ? *c + s : s;
        }
}

int eoq_gemm_nt(int M, int N, int K, const int32_t *A, const int32_t *B, int64_t *C, int ldc,
                int accumulate, eoq_gemm_scratch *s)
{
    unsigned long long macs = (unsigned long long)M * N * K;
    eoq_gemm_counters.macs += macs;
    uint64_t ma = max_abs32(A, (size_t)M * K), mb = max_abs32(B, (size_t)N * K);
    int narrow = ma <= 32767 && mb <= 32767 &&
                 (unsigned __int128)ma * mb * (unsigned)K < ((unsigned __int128)1 << 31);
    if (!narrow) {
        gemm64(M, N, K, A, B, C, ldc, accumulate);
        return 0;
    }
    int Kp = (K + 7) & ~7;
    if (grow(&s->a16, &s->a_cap, (size_t)M * Kp) || grow(&s->b16, &s->b_cap, (size_t)N * Kp))
        return -1;
    pack16(A, M, K, Kp, s->a16);
    pack16(B, N, K, Kp, s->b16);
    gemm16(M, N, Kp, s->a16, s->b16, C, ldc, accumulate);
    eoq_gemm_counters.narrow_macs += macs;
    return 0;
}
