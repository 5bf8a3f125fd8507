#ifndef EOQ_QUANT_QUANTIZER_H
#define EOQ_QUANT_QUANTIZER_H
/* The paper's quantizers Q, CQ and SQ (Eq. 5-7) on integer mantissas.
 *
 * A value is m * 2^e with an integer mantissa m. Every quantizer is one "requantize" step:
 * move m from exponent e_src to e_dst by a power-of-two shift, round, and saturate to a
 * designed range. That is exactly what the scale-shift unit does in hardware, so the golden
 * model, the simulator and the RTL share one definition (docs/numerics.md). */
#include <stddef.h>
#include <stdint.h>
#include "quant/prng.h"

typedef enum {
    EOQ_ROUND_NEAREST_EVEN = 0, /* tf.round / torch.round semantics */
    EOQ_ROUND_STOCHASTIC = 1    /* floor(v + U), U uniform on the dropped bits */
} eoq_round_mode;

typedef struct {
    eoq_round_mode mode;
    eoq_prng *rng; /* required for EOQ_ROUND_STOCHASTIC: one draw per element, in index order */
} eoq_rounder;

/* Largest shift the quantizers accept; mantissas are at most 62 bits wide. */
#define EOQ_MAX_SHIFT 62

/* v * 2^-sh rounded to an integer (sh > 0), or v * 2^-sh exactly (sh <= 0, |result| < 2^62).
 * Stochastic mode draws one 32-bit word whatever sh is, so draw counts depend on sizes only. */
int64_t eoq_shift_round(int64_t v, int sh, const eoq_rounder *r);

static inline int64_t eoq_clamp64(int64_t v, int64_t lo, int64_t hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}

/* Largest mantissa of a symmetric k-bit signed grid: 2^(k-1) - 1. */
static inline int64_t eoq_cq_max(int k) { return ((int64_t)1 << (k - 1)) - 1; }

/* dst[i] = clamp(round(src[i] * 2^-sh), lo, hi). Returns how many elements saturated. */
size_t eoq_requant(const int64_t *src, size_t n, int sh, int64_t lo, int64_t hi,
                   int32_t *dst, const eoq_rounder *r);

/* R(log2 M) for an integer M > 0, exactly, without a square root: floor(log2 M) + 1 when
 * M > floor(2^p * sqrt 2) (no tie exists since sqrt 2 is irrational), else floor(log2 M). */
int eoq_round_log2(uint64_t M);
/* The threshold table floor(2^p * sqrt 2), p = 0..62, computed with integer square roots. */
uint64_t eoq_sqrt2_threshold(int p);

/* Q(x, k): mantissas at exponent src_exp to the grid 2^-(k-1), saturating at +-sat_max
 * (the designed width of the tensor; Q itself has no clamp, see docs/numerics.md). */
size_t eoq_q(const int64_t *src, size_t n, int src_exp, int k, int64_t sat_max,
             int32_t *dst, const eoq_rounder *r);
/* CQ(x, k): like Q, clamped to +-(2^(k-1)-1). */
size_t eoq_cq(const int64_t *src, size_t n, int src_exp, int k, int32_t *dst, const eoq_rounder *r);

/* SQ(x, k): one power-of-two scale per tensor. Writes k-bit mantissas and returns their
 * exponent e_dst (value = dst * 2^e_dst). An all-zero tensor has scale 2^0: dst all zero,
 * e_dst = -(k-1). */
int eoq_sq(const int64_t *src, size_t n, int src_exp, int k, int32_t *dst, const eoq_rounder *r);

/* The scale exponent SQ would pick (absolute: scale = 2^result), or 0 for a zero tensor. */
int eoq_sq_scale_exp(const int64_t *src, size_t n, int src_exp);

#endif
