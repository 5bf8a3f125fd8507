#include "eoq8/eoq8_engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "eoq8/eoq8_align.h"
#include "nets/fixup_params.h"

static void free_batch(eoq8_engine *E)
{
    free(E->input);
    free(E->sc);
    free(E->ex1);
    free(E->eq);
    free(E->etop);
    for (int b = 0; b < E->base.spec.nblocks; b++) {
        free(E->eblock[b]);
        free(E->ex1_block[b]);
        E->eblock[b] = NULL;
        E->ex1_block[b] = NULL;
    }
    E->input = NULL;
    E->sc = E->ex1 = NULL;
    E->eq = E->etop = NULL;
    E->cap = 0;
}

static int ensure(eoq8_engine *E, int N)
{
    if (N <= E->cap)
        return 0;
    free_batch(E);
    size_t m = (size_t)N * (size_t)eoq_net_spec_max_activation(&E->base.spec);
    E->input = malloc(m * sizeof *E->input);
    E->sc = malloc(m * sizeof *E->sc);
    E->ex1 = malloc(m * sizeof *E->ex1);
    E->eq = malloc(m * sizeof *E->eq);
    E->etop = malloc(m * sizeof *E->etop);
    int ok = E->input && E->sc && E->ex1 && E->eq && E->etop;
    for (int b = 0; ok && b < E->base.spec.nblocks; b++) {
        const eoq_block_spec *bs = &E->base.spec.block[b];
        size_t n = (size_t)N * bs->in_c * bs->in_h * bs->in_w;
        E->eblock[b] = malloc(n * sizeof *E->eblock[b]);
        E->ex1_block[b] = malloc(n * sizeof *E->ex1_block[b]);
        ok = E->eblock[b] && E->ex1_block[b];
    }
    if (!ok) {
        free_batch(E);
        return -1;
    }
    E->cap = N;
    return 0;
}

static void quantize_input(eoq8_engine *E, const eoq_batch *b)
{
    /* x = (pixel - mean) / 64 on the grid of e_in = e_a + 2 (abs(x) < 4): a power-of-two
     * standardization the host does exactly; rounded to nearest even, clamped to k_a bits. */
    size_t n = (size_t)b->n * b->c * b->h * b->w;
    int sh = 6 + E->c.f.e_in;
    int64_t mean = E->c.cfg.input_mean;
    for (size_t i = 0; i < n; i++)
        E->input[i] = (int32_t)eoq_clamp64(eoq_shift_round((int64_t)b->pixels[i] - mean, sh, &E->c.rne),
                                           -E->c.f.a_max, E->c.f.a_max);
}

/* The block's shortcut term of x4, at e_x4, from the block's x1 (first layer's x1). */
static int shortcut_forward(eoq8_engine *E, const eoq_block_spec *bs, int N)
{
    const eoq8_format *f = &E->c.f;
    const eoq8_layer *F = &E->layer[bs->first_conv];
    size_t out = (size_t)bs->out_c * bs->out_h * bs->out_w;
    if (bs->shortcut == EOQ_SHORTCUT_CONV1X1) {
        eoq8_layer *P = &E->layer[bs->proj_conv];
        if (eoq8_layer_forward(P, &E->c, N, F->x1, NULL))
            return -1;
        int64_t s = (int64_t)1 << (f->e_acc - f->e_x4);
        for (size_t i = 0; i < (size_t)N * out; i++)
            E->sc[i] = P->x4[i] * s;
        return 0;
    }
    int64_t s = (int64_t)1 << (f->e_x1 - f->e_x4);
    int st = bs->shortcut == EOQ_SHORTCUT_SUBSAMPLE ? bs->stride : 1;
    for (int n = 0; n < N; n++)
        for (int c = 0; c < bs->out_c; c++)
            for (int y = 0; y < bs->out_h; y++)
                for (int x = 0; x < bs->out_w; x++) {
                    size_t o = (((size_t)n * bs->out_c + c) * bs->out_h + y) * bs->out_w + x;
                    E->sc[o] = c < bs->in_c
                        ? F->x1[(((size_t)n * bs->in_c + c) * bs->in_h + y * st) * bs->in_w + x * st] * s
                        : 0; /* zero channels appended after the input's */
                }
    return 0;
}

int eoq8_engine_forward(eoq8_engine *E, const eoq_batch *b)
{
    const eoq_net_spec *spec = &E->base.spec;
    int N = b->n;
    if (ensure(E, N))
        return -1;
    quantize_input(E, b);
    if (eoq8_layer_forward(&E->layer[0], &E->c, N, E->input, NULL))
        return -1;
    const int32_t *x = E->layer[0].x5;
    for (int bi = 0; bi < spec->nblocks; bi++) {
        const eoq_block_spec *bs = &spec->block[bi];
        eoq8_layer *F = &E->layer[bs->first_conv], *S = &E->layer[bs->first_conv + 1];
        if (eoq8_layer_forward(F, &E->c, N, x, NULL) || shortcut_forward(E, bs, N) ||
            eoq8_layer_forward(S, &E->c, N, F->x5, E->sc))
            return -1;
        x = S->x5;
    }
    return 0;
}

static const int32_t *last_activation(eoq8_engine *E)
{
    const eoq_net_spec *spec = &E->base.spec;
    return E->layer[spec->block[spec->nblocks - 1].first_conv + 1].x5;
}

/* Error of the block's x1 from its shortcut, at the returned exponent, into E->sc. */
static int shortcut_backward(eoq8_engine *E, const eoq_block_spec *bs, int N, const eoq8_layer *S,
                             int *exp)
{
    size_t in = (size_t)N * bs->in_c * bs->in_h * bs->in_w;
    if (bs->shortcut == EOQ_SHORTCUT_CONV1X1) {
        eoq8_layer *P = &E->layer[bs->proj_conv];
        if (eoq8_layer_backward(P, &E->c, N, S->e1, S->e0_exp, 1))
            return -1;
        memcpy(E->sc, P->e4raw, in * sizeof *E->sc);
        *exp = P->e4raw_exp;
        return 0;
    }
    int st = bs->shortcut == EOQ_SHORTCUT_SUBSAMPLE ? bs->stride : 1;
    memset(E->sc, 0, in * sizeof *E->sc);
    for (int n = 0; n < N; n++)
        for (int c = 0; c < bs->in_c; c++)
            for (int y = 0; y < bs->out_h; y++)
                for (int x = 0; x < bs->out_w; x++)
                    E->sc[(((size_t)n * bs->in_c + c) * bs->in_h + y * st) * bs->in_w + x * st] =
                        S->e1[(((size_t)n * bs->out_c + c) * bs->out_h + y) * bs->out_w + x];
    *exp = S->e0_exp;
    return 0;
}

static int backward(eoq8_engine *E, int N)
{
    const eoq_net_spec *spec = &E->base.spec;
    eoq8_ctx *c = &E->c;
    const int32_t *e = E->etop;
    int e_exp = E->etop_exp;
    for (int bi = spec->nblocks - 1; bi >= 0; bi--) {
        const eoq_block_spec *bs = &spec->block[bi];
        eoq8_layer *F = &E->layer[bs->first_conv], *S = &E->layer[bs->first_conv + 1];
        size_t mid = (size_t)N * eoq8_layer_in_size(S);
        size_t in = (size_t)N * eoq8_layer_in_size(F);
        if (eoq8_layer_backward(S, c, N, e, e_exp, 1))
            return -1;
        eoq8_layer_update_b1(S, c, S->e4raw, mid, S->e4raw_exp);
        int mid_exp = eoq_sq(S->e4raw, mid, S->e4raw_exp, c->f.k.e, E->eq, &c->rne);
        if (eoq8_layer_backward(F, c, N, E->eq, mid_exp, 1))
            return -1;
        int sc_exp;
        if (shortcut_backward(E, bs, N, S, &sc_exp))
            return -1;
        int64_t *ex1 = E->ex1_block[bi];
        memcpy(ex1, F->e4raw, in * sizeof *ex1);
        int ex1_exp = F->e4raw_exp;
        eoq8_align_add(ex1, &ex1_exp, E->sc, sc_exp, in);
        E->ex1_exp[bi] = ex1_exp;
        eoq8_layer_update_b1(F, c, ex1, in, ex1_exp);
        E->eblock_exp[bi] = eoq_sq(ex1, in, ex1_exp, c->f.k.e, E->eblock[bi], &c->rne);
        e = E->eblock[bi];
        e_exp = E->eblock_exp[bi];
    }
    return eoq8_layer_backward(&E->layer[0], c, N, e, e_exp, 0);
}

static double train_step(eoq_model *m, const eoq_batch *b, double lr, int *correct)
{
    eoq8_engine *E = (eoq8_engine *)m;
    if (eoq8_engine_forward(E, b))
        return NAN;
    E->c.lr = eoq8_lr_from_double(lr);
    E->c.lr_scalar = eoq8_lr_from_double(lr * EOQ_SCALAR_LR_FACTOR);
    double loss = eoq8_head_train(&E->head, b->n, last_activation(E), E->c.f.e_a, b->labels, lr,
                                  E->c.f.k.e, correct, E->etop, &E->etop_exp);
    if (backward(E, b->n))
        return NAN;
    return loss;
}

static void predict(eoq_model *m, const eoq_batch *b, int *pred)
{
    eoq8_engine *E = (eoq8_engine *)m;
    if (eoq8_engine_forward(E, b)) {
        for (int i = 0; i < b->n; i++)
            pred[i] = -1;
        return;
    }
    eoq8_head_predict(&E->head, b->n, last_activation(E), E->c.f.e_a, pred);
}

/* Checkpoint payload: magic, PRNG state, every parameter's mantissas, the float head. */
static const char ENGINE_MAGIC[8] = {'E', 'O', 'Q', '8', 'E', 'N', 'G', '1'};

static int io_param(eoq8_param *p, FILE *f, int save)
{
    size_t n = p->n;
    if (save)
        return fwrite(p->m, sizeof *p->m, n, f) != n ||
               (p->master && fwrite(p->master, sizeof *p->master, n, f) != n);
    return fread(p->m, sizeof *p->m, n, f) != n ||
           (p->master && fread(p->master, sizeof *p->master, n, f) != n);
}

static int io_all(eoq8_engine *E, FILE *f, int save)
{
    for (int i = 0; i < E->base.spec.nconv; i++) {
        eoq8_layer *L = &E->layer[i];
        if (io_param(&L->w, f, save) || io_param(&L->b1, f, save) || io_param(&L->gamma, f, save) ||
            io_param(&L->b2, f, save))
            return -1;
    }
    eoq8_head *h = &E->head;
    size_t nw = (size_t)h->C * h->classes;
    if (save)
        return -(fwrite(h->w, sizeof(float), nw, f) != nw ||
                 fwrite(h->b, sizeof(float), (size_t)h->classes, f) != (size_t)h->classes ||
                 fwrite(&h->bias_in, sizeof(float), 1, f) != 1);
    return -(fread(h->w, sizeof(float), nw, f) != nw ||
             fread(h->b, sizeof(float), (size_t)h->classes, f) != (size_t)h->classes ||
             fread(&h->bias_in, sizeof(float), 1, f) != 1);
}

static int save(eoq_model *m, FILE *f)
{
    eoq8_engine *E = (eoq8_engine *)m;
    if (fwrite(ENGINE_MAGIC, 1, 8, f) != 8 || fwrite(&E->c.rng.state, 4, 1, f) != 1)
        return -1;
    return io_all(E, f, 1);
}

static int load(eoq_model *m, FILE *f)
{
    eoq8_engine *E = (eoq8_engine *)m;
    char magic[8];
    if (fread(magic, 1, 8, f) != 8 || memcmp(magic, ENGINE_MAGIC, 8) != 0 ||
        fread(&E->c.rng.state, 4, 1, f) != 1)
        return -1;
    return io_all(E, f, 0);
}

static void destroy(eoq_model *m)
{
    eoq8_engine *E = (eoq8_engine *)m;
    for (int i = 0; i < m->spec.nconv; i++)
        eoq8_layer_free(&E->layer[i]);
    eoq8_head_free(&E->head);
    free_batch(E);
    eoq8_conv_scratch_free(&E->c.conv);
    free(E->c.s64);
    free(E);
}

static const eoq_model_ops eoq8_ops = {train_step, predict, save, load, destroy};

eoq_model *eoq_eoq8_create(const eoq_net_spec *spec, const eoq_model_config *cfg, char *err,
                           size_t errlen)
{
    eoq8_engine *E = calloc(1, sizeof *E);
    if (!E) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    E->base.ops = &eoq8_ops;
    E->base.spec = *spec;
    E->base.cfg = *cfg;
    E->c.cfg = *cfg;
    E->c.f = eoq8_format_make(&cfg->bits, cfg->act_range_log2);
    eoq_prng_seed(&E->c.rng, cfg->seed);
    E->c.rne = (eoq_rounder){EOQ_ROUND_NEAREST_EVEN, NULL};
    E->c.grad = (eoq_rounder){cfg->grad_round, &E->c.rng};
    eoq_fixup_params fp;
    int ok = eoq_fixup_params_alloc(&fp, &E->base.spec) == 0;
    if (ok) {
        eoq_fixup_init(&fp, cfg->seed);
        for (int i = 0; ok && i < spec->nconv; i++) {
            eoq8_layer *L = &E->layer[i];
            ok = eoq8_layer_init(L, &spec->conv[i], &E->c) == 0;
            if (ok) {
                eoq8_param_set_from_float(&L->w, fp.conv[i].w);
                eoq8_param_set_from_float(&L->b1, &fp.conv[i].b1);
                eoq8_param_set_from_float(&L->gamma, &fp.conv[i].gamma);
                eoq8_param_set_from_float(&L->b2, &fp.conv[i].b2);
            }
        }
        ok = ok && eoq8_head_init(&E->head, spec->feat_c, spec->classes, spec->feat_h * spec->feat_w,
                                  fp.fc_w, fp.fc_b, fp.fc_bias_in) == 0;
        eoq_fixup_params_free(&fp);
        if (ok && cfg->quantize_classifier) {
            E->head.qbits = &E->c.cfg.bits;
            E->head.stochastic_wb = cfg->writeback == EOQ_WB_STOCHASTIC;
            E->head.rng = &E->c.rng;
        }
    }
    if (!ok) {
        destroy(&E->base);
        snprintf(err, errlen, "out of memory building %s", spec->name);
        return NULL;
    }
    return &E->base;
}
