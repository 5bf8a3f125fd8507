/* Names every tensor of the last training step, for the .npy dump (eoq step) and the trace
 * generator. Names: stem/blocks by conv index, "conv<i>.<tensor>", parameters as
 * "conv<i>.<param>" (after the step), "conv<i>.<param>.g" (Q_g) and "conv<i>.<param>.u" (Q_u). */
#include <stdio.h>
#include "eoq8/eoq8_engine.h"

static void visit_param(const char *layer, const char *pname, const eoq8_param *p, const int shape[4],
                        eoq8_tensor_visitor fn, void *ctx)
{
    char name[96];
    snprintf(name, sizeof name, "%s.%s", layer, pname);
    fn(ctx, name, shape, p->m, NULL, p->exp);
    snprintf(name, sizeof name, "%s.%s.g", layer, pname);
    fn(ctx, name, shape, p->g, NULL, p->g_exp);
    snprintf(name, sizeof name, "%s.%s.u", layer, pname);
    fn(ctx, name, shape, p->u, NULL, p->u_exp);
}

/* The quantized error of a layer's x1 (e4 = e5 of Eq. 3): the next layer down receives it. */
static const int32_t *layer_e4(eoq8_engine *E, int i, int *exp)
{
    const eoq_net_spec *spec = &E->base.spec;
    const eoq_conv_layer_spec *ls = &spec->conv[i];
    if (ls->role == EOQ_ROLE_BRANCH_LAST) {
        const eoq8_layer *F = &E->layer[spec->block[ls->block].first_conv];
        *exp = F->e0_exp;
        return F->e0;
    }
    if (ls->role == EOQ_ROLE_BRANCH_FIRST) {
        *exp = E->eblock_exp[ls->block];
        return E->eblock[ls->block];
    }
    return NULL;
}

void eoq8_engine_visit(eoq8_engine *E, int N, eoq8_tensor_visitor fn, void *ctx)
{
    const eoq_net_spec *spec = &E->base.spec;
    const eoq8_format *f = &E->c.f;
    for (int i = 0; i < spec->nconv; i++) {
        eoq8_layer *L = &E->layer[i];
        const eoq_conv_shape *s = &L->spec.shape;
        char layer[32], name[96];
        snprintf(layer, sizeof layer, "conv%d", i);
        int in[4] = {N, s->cin, s->in_h, s->in_w}, out[4] = {N, s->cout, s->out_h, s->out_w};
        int wshape[4] = {s->cout, s->cin, s->k, s->k}, one[4] = {1, 1, 1, 1};
        int proj = L->spec.role == EOQ_ROLE_PROJECTION;
#define T(nm, shp, p32, p64, e)                                                                 \
    do {                                                                                       \
        snprintf(name, sizeof name, "%s.%s", layer, nm);                                       \
        fn(ctx, name, shp, p32, p64, e);                                                       \
    } while (0)
        T("x0", in, L->x0, NULL, L->x0_exp);
        T("x1", in, L->x1, NULL, f->e_x1);
        if (proj) {
            T("acc", out, NULL, L->x4, f->e_acc);
        } else {
            T("x2", out, L->x2, NULL, f->e_a);
            T("x3", out, NULL, L->x3, f->e_x4);
            T("x4", out, NULL, L->x4, f->e_x4);
            T("x5", out, L->x5, NULL, f->e_a);
        }
        T("e0", out, L->e0, NULL, L->e0_exp);
        T("e1", out, L->e1, NULL, L->e0_exp);
        T("e2", out, L->e1, NULL, L->e0_exp);
        T("e3", out, L->e3, NULL, L->e3_exp);
        if (i > 0)
            T("e4raw", in, NULL, L->e4raw, L->e4raw_exp);
        int e4_exp;
        const int32_t *e4 = layer_e4(E, i, &e4_exp);
        if (e4) {
            T("e4", in, e4, NULL, e4_exp);
            T("e5", in, e4, NULL, e4_exp);
        }
#undef T
        visit_param(layer, "w", &L->w, wshape, fn, ctx);
        if (L->has_b1)
            visit_param(layer, "b1", &L->b1, one, fn, ctx);
        if (L->has_gamma)
            visit_param(layer, "gamma", &L->gamma, one, fn, ctx);
        if (L->has_b2)
            visit_param(layer, "b2", &L->b2, one, fn, ctx);
    }
    for (int b = 0; b < spec->nblocks; b++) {
        const eoq_block_spec *bs = &spec->block[b];
        int in[4] = {N, bs->in_c, bs->in_h, bs->in_w};
        char name[64];
        snprintf(name, sizeof name, "block%d.ex1", b);
        fn(ctx, name, in, NULL, E->ex1_block[b], E->ex1_exp[b]);
    }
    int top[4] = {N, spec->feat_c, spec->feat_h, spec->feat_w};
    fn(ctx, "head.e", top, E->etop, NULL, E->etop_exp);
}
