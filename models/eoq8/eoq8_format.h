#ifndef EOQ_EOQ8_FORMAT_H
#define EOQ_EOQ8_FORMAT_H
/* The fixed exponents and designed widths of every tensor of an EOQ layer (Eq. 2), derived
 * once from the bit widths. This is docs/numerics.md's table in code: the golden model, the
 * trace generator, the simulator and the RTL all take their shifts and clamps from here.
 * A value is mantissa * 2^exponent. Errors, gradients and updates (SQ) carry a per-tensor
 * exponent chosen at run time instead. */
#include <stdint.h>
#include "train/model.h"

typedef struct {
    eoq_bits k;
    int e_a;       /* x0, x2, x5: activations, 2^-(k_a-1) grid */
    int e_in;      /* the network's input, (pixel - mean) / 64: abs < 4, so e_a + 2 */
    int e_w;       /* weights: CQ(k_w) grid 2^-(k_w-1) */
    int e_b;       /* scalar biases: Q(k_b) grid */
    int e_g;       /* scalar scale gamma: Q(k_gamma) grid */
    int e_x1;      /* x1 = x0 + b1: the finer of e_a and e_b */
    int e_acc;     /* conv accumulator: e_x1 + e_w */
    int e_x4;      /* x3 = gamma*x2, x4 = x3 + b2 + shortcut: the finest of its terms */
    int64_t a_max; /* CQ(k_a) bound of x0 and x5 */
    int64_t w_max; /* CQ(k_w) bound of weights */
    int64_t b_sat; /* designed bound of bias mantissas: |b| < 2, k_b + 1 bits */
    int64_t g_sat; /* designed bound of gamma mantissas: |gamma| < 2, k_gamma + 1 bits */
    int64_t x2_sat; /* designed bound of x2 = Q(conv, k_a): |x2| < 256, k_a + 9 bits */
} eoq8_format;

/* act_range_log2 = r moves the activation grid up by r binary places: same k_a bits, range
 * (-2^r, 2^r); r = 0 is the paper's CQ(x, k_a). */
eoq8_format eoq8_format_make(const eoq_bits *k, int act_range_log2);

#endif
