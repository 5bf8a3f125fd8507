#ifndef EOQ_KERNELS_INT_GEMM_H
#define EOQ_KERNELS_INT_GEMM_H
/* The MAC array of the golden model: C[i][j] = sum_k A[i][k] * B[j][k], exact.
 * Operands are integer mantissas; the result is exact whatever path runs: when operand and
 * accumulator widths allow (|a|,|b| <= 2^15-1 and max|a|*max|b|*K < 2^31, which holds for
 * every 8-bit configuration) it packs to int16 and accumulates in int32, as the hardware's
 * int8 x int8 -> int32 array would; otherwise it accumulates in int64. */
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int16_t *a16, *b16;
    size_t a_cap, b_cap;
} eoq_gemm_scratch;

void eoq_gemm_scratch_free(eoq_gemm_scratch *s);

/* A: M rows of K (row stride K), B: N rows of K, C: M rows of N (row stride ldc).
 * accumulate: 0 overwrites C, 1 adds to it. Returns 0, or -1 when scratch cannot grow. */
int eoq_gemm_nt(int M, int N, int K, const int32_t *A, const int32_t *B, int64_t *C, int ldc,
                int accumulate, eoq_gemm_scratch *s);

/* Counters the benchmarks read: multiply-accumulates done, and how many of them on the
 * narrow path. */
typedef struct {
    unsigned long long macs, narrow_macs;
} eoq_gemm_stats;
extern eoq_gemm_stats eoq_gemm_counters;

#endif
