#ifndef EOQ_EOQ8_LAYER_H
#define EOQ_EOQ8_LAYER_H
/* One EOQ layer, Eq. 2-4 of the paper:
 *   x1 = x0 + Q_b(b1); x2 = Q_a1(conv(x1)); x3 = Q_gamma(gamma) x2; x4 = x3 + Q_b(b2) [+ s];
 *   x5 = Q_a2(relu(x4))
 *   e1 = e0 * relu'(x4); e3 = Q_e(e1 * gamma); e4 = conv^T(e3, w) (raw, quantized by the caller)
 *   g_w = Q_g(e3 (*) x1); g_b2 = Q_g(sum e1); g_gamma = Q_g(sum e1 x2)
 * Scalars a role lacks stay at gamma = 1, b = 0 and are not trained. */
#include "eoq8/eoq8_ctx.h"
#include "nets/net_spec.h"

typedef struct {
    eoq_conv_layer_spec spec;
    int has_b1, has_gamma, has_b2;
    eoq8_param w, b1, gamma, b2;
    int64_t *gw_raw; /* exact weight gradient of the last step */
    int x0_exp; /* e_a; e_in for the stem; e_x1 for a projection */
    int cap; /* batch size the buffers hold */
    int32_t *x0, *x1, *x2, *x5;
    int64_t *x3, *x4;
    int32_t *e0, *e1, *e3;
    int e0_exp, e3_exp;
    int64_t *e4raw; /* conv^T(e3, w) at e4raw_exp, before the caller adds a shortcut */
    int e4raw_exp;
} eoq8_layer;

int eoq8_layer_init(eoq8_layer *L, const eoq_conv_layer_spec *spec, const eoq8_ctx *c);
void eoq8_layer_free(eoq8_layer *L);
size_t eoq8_layer_in_size(const eoq8_layer *L);  /* per image */
size_t eoq8_layer_out_size(const eoq8_layer *L); /* per image */

/* x0: [N][cin][h][w] at f.e_a. shortcut: [N][cout][oh][ow] at f.e_x4, or NULL.
 * A projection layer stops at the accumulator: x4 holds conv(x1) at f.e_acc. */
int eoq8_layer_forward(eoq8_layer *L, eoq8_ctx *c, int N, const int32_t *x0, const int64_t *shortcut);

/* e0 at e0_exp. Computes e1, e3, the weight gradient and, when need_dx, e4raw; then updates
 * w, gamma, b2 (b1's gradient needs the error at x1, which the caller completes). */
int eoq8_layer_backward(eoq8_layer *L, eoq8_ctx *c, int N, const int32_t *e0, int e0_exp, int need_dx);

/* Updates b1 from the full error at x1 (raw, at exp). */
void eoq8_layer_update_b1(eoq8_layer *L, eoq8_ctx *c, const int64_t *ex1, size_t n, int exp);

#endif
