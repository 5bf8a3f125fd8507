#include "eoq8/eoq8_layer.h"

#include <stdlib.h>
#include <string.h>
#include "nets/fixup_params.h"

static int64_t p2(int s) { return (int64_t)1 << s; }

size_t eoq8_layer_in_size(const eoq8_layer *L) { return eoq_conv_in_elems(&L->spec.shape); }
size_t eoq8_layer_out_size(const eoq8_layer *L) { return eoq_conv_out_elems(&L->spec.shape); }

int eoq8_layer_init(eoq8_layer *L, const eoq_conv_layer_spec *spec, const eoq8_ctx *c)
{
    memset(L, 0, sizeof *L);
    L->spec = *spec;
    L->has_b1 = eoq_role_has_b1(spec->role);
    L->has_gamma = eoq_role_has_gamma(spec->role);
    L->has_b2 = eoq_role_has_b2(spec->role);
    L->x0_exp = spec->role == EOQ_ROLE_STEM ? c->f.e_in
              : spec->role == EOQ_ROLE_PROJECTION ? c->f.e_x1 : c->f.e_a;
    const eoq8_format *f = &c->f;
    eoq_writeback wb = c->cfg.writeback;
    int wide = c->cfg.wide_bits;
    const eoq_conv_shape *s = &spec->shape;
    size_t nw = (size_t)s->cout * s->cin * s->k * s->k;
    if (eoq8_param_alloc(&L->w, nw, f->e_w, f->w_max, wb, wide, wide - f->k.w) ||
        eoq8_param_alloc(&L->b1, 1, f->e_b, f->b_sat, wb, wide + 1, wide - f->k.b) ||
        eoq8_param_alloc(&L->gamma, 1, f->e_g, f->g_sat, wb, wide + 1, wide - f->k.gamma) ||
        eoq8_param_alloc(&L->b2, 1, f->e_b, f->b_sat, wb, wide + 1, wide - f->k.b) ||
        !(L->gw_raw = malloc(nw * sizeof *L->gw_raw))) {
        eoq8_layer_free(L);
        return -1;
    }
    float one = 1.0f;
    eoq8_param_set_from_float(&L->gamma, &one);
    return 0;
}

static void free_buffers(eoq8_layer *L)
{
    free(L->x0);
    free(L->x1);
    free(L->x2);
    free(L->x3);
    free(L->x4);
    free(L->x5);
    free(L->e0);
    free(L->e1);
    free(L->e3);
    free(L->e4raw);
    L->x0 = L->x1 = L->x2 = L->x5 = L->e0 = L->e1 = L->e3 = NULL;
    L->x3 = L->x4 = L->e4raw = NULL;
    L->cap = 0;
}

void eoq8_layer_free(eoq8_layer *L)
{
    eoq8_param_free(&L->w);
    eoq8_param_free(&L->b1);
    eoq8_param_free(&L->gamma);
    eoq8_param_free(&L->b2);
    free(L->gw_raw);
    L->gw_raw = NULL;
    free_buffers(L);
}

static int ensure(eoq8_layer *L, int N)
{
    if (N <= L->cap)
        return 0;
    free_buffers(L);
    size_t in = (size_t)N * eoq8_layer_in_size(L), out = (size_t)N * eoq8_layer_out_size(L);
    L->x0 = malloc(in * sizeof *L->x0);
    L->x1 = malloc(in * sizeof *L->x1);
    L->x2 = malloc(out * sizeof *L->x2);
    L->x3 = malloc(out * sizeof *L->x3);
    L->x4 = malloc(out * sizeof *L->x4);
    L->x5 = malloc(out * sizeof *L->x5);
    L->e0 = malloc(out * sizeof *L->e0);
    L->e1 = malloc(out * sizeof *L->e1);
    L->e3 = malloc(out * sizeof *L->e3);
    L->e4raw = malloc(in * sizeof *L->e4raw);
    if (!L->x0 || !L->x1 || !L->x2 || !L->x3 || !L->x4 || !L->x5 || !L->e0 || !L->e1 || !L->e3 ||
        !L->e4raw) {
        free_buffers(L);
        return -1;
    }
    L->cap = N;
    return 0;
}

int eoq8_layer_forward(eoq8_layer *L, eoq8_ctx *c, int N, const int32_t *x0, const int64_t *shortcut)
{
    const eoq8_format *f = &c->f;
    if (ensure(L, N))
        return -1;
    size_t in = (size_t)N * eoq8_layer_in_size(L), out = (size_t)N * eoq8_layer_out_size(L);
    memcpy(L->x0, x0, in * sizeof *x0);
    if (L->spec.role == EOQ_ROLE_PROJECTION) {
        /* input is the block's x1 already: no bias, no requantization */
        memcpy(L->x1, x0, in * sizeof *x0);
        return eoq8_conv_forward(&L->spec.shape, N, L->x1, L->w.m, L->x4, &c->conv);
    }
    int64_t a_sh = p2(L->x0_exp - f->e_x1), b_sh = p2(f->e_b - f->e_x1);
    int64_t b1 = (int64_t)L->b1.m[0] * b_sh;
    for (size_t i = 0; i < in; i++)
        L->x1[i] = (int32_t)(x0[i] * a_sh + b1);
    int64_t *acc = eoq8_ctx_scratch(c, out);
    if (!acc || eoq8_conv_forward(&L->spec.shape, N, L->x1, L->w.m, acc, &c->conv))
        return -1;
    c->saturated += eoq_requant(acc, out, f->e_a - f->e_acc, -f->x2_sat, f->x2_sat, L->x2, &c->rne);
    int64_t g = (int64_t)L->gamma.m[0] * p2(f->e_a + f->e_g - f->e_x4);
    int64_t b2 = (int64_t)L->b2.m[0] * p2(f->e_b - f->e_x4);
    for (size_t i = 0; i < out; i++) {
        L->x3[i] = L->x2[i] * g;
        L->x4[i] = L->x3[i] + b2 + (shortcut ? shortcut[i] : 0);
    }
    /* relu then CQ: a negative x4 rounds to <= 0 and clamps to 0, the same as relu first */
    eoq_requant(L->x4, out, f->e_a - f->e_x4, 0, f->a_max, L->x5, &c->rne);
    return 0;
}

static void update_scalar(eoq8_param *p, eoq8_ctx *c, int64_t raw, int raw_exp)
{
    int64_t scratch;
    eoq8_param_update(p, &raw, raw_exp, &c->f.k, c->lr_scalar, &c->grad, c->cfg.writeback, &c->rng, &scratch);
}

int eoq8_layer_backward(eoq8_layer *L, eoq8_ctx *c, int N, const int32_t *e0, int e0_exp, int need_dx)
{
    const eoq8_format *f = &c->f;
    const eoq_conv_shape *s = &L->spec.shape;
    size_t out = (size_t)N * eoq8_layer_out_size(L);
    int proj = L->spec.role == EOQ_ROLE_PROJECTION;
    memcpy(L->e0, e0, out * sizeof *e0);
    L->e0_exp = e0_exp;
    int64_t sum_e1 = 0, sum_e1x2 = 0;
    /* Straight-through for the rounding only: relu and the clamp of CQ keep their true
     * derivative, zero where x5 saturated (as TensorFlow's clip in the WAGE reference code).
     * Passing the error through a saturated clamp lets weights run away: measured, see docs. */
    int64_t hi = f->a_max * ((int64_t)1 << (f->e_a - f->e_x4));
    for (size_t i = 0; i < out; i++) {
        L->e1[i] = (proj || (L->x4[i] > 0 && L->x4[i] <= hi)) ? e0[i] : 0;
        sum_e1 += L->e1[i];
        if (L->has_gamma)
            sum_e1x2 += (int64_t)L->e1[i] * L->x2[i];
    }
    int64_t *t = eoq8_ctx_scratch(c, out > (size_t)L->w.n ? out : L->w.n);
    if (!t)
        return -1;
    if (L->has_gamma) {
        for (size_t i = 0; i < out; i++)
            t[i] = (int64_t)L->e1[i] * L->gamma.m[0];
        L->e3_exp = eoq_sq(t, out, e0_exp + f->e_g, f->k.e, L->e3, &c->rne);
    } else {
        memcpy(L->e3, L->e1, out * sizeof *L->e3);
        L->e3_exp = e0_exp;
    }
    if (need_dx) {
        if (eoq8_conv_backward_data(s, N, L->e3, L->w.m, L->e4raw, &c->conv))
            return -1;
        L->e4raw_exp = L->e3_exp + f->e_w;
    }
    if (eoq8_conv_backward_weight(s, N, L->x1, L->e3, L->gw_raw, &c->conv))
        return -1;
    /* Update order, which fixes the PRNG draw order: w, gamma, b2 (then b1 by the caller). */
    t = eoq8_ctx_scratch(c, L->w.n);
    if (!t)
        return -1;
    eoq8_param_update(&L->w, L->gw_raw, L->e3_exp + f->e_x1, &f->k, c->lr, &c->grad,
                      c->cfg.writeback, &c->rng, t);
    if (L->has_gamma)
        update_scalar(&L->gamma, c, sum_e1x2, e0_exp + f->e_a);
    if (L->has_b2)
        update_scalar(&L->b2, c, sum_e1, e0_exp);
    return 0;
}

void eoq8_layer_update_b1(eoq8_layer *L, eoq8_ctx *c, const int64_t *ex1, size_t n, int exp)
{
    if (!L->has_b1)
        return;
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += ex1[i];
    update_scalar(&L->b1, c, sum, exp);
}
