#include "nets/fixup_params.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int eoq_role_has_b1(eoq_layer_role r) { return r == EOQ_ROLE_BRANCH_FIRST || r == EOQ_ROLE_BRANCH_MID || r == EOQ_ROLE_BRANCH_LAST; }
int eoq_role_has_gamma(eoq_layer_role r) { return r == EOQ_ROLE_BRANCH_LAST; }
int eoq_role_has_b2(eoq_layer_role r) { return r != EOQ_ROLE_PROJECTION; }

static size_t conv_weights(const eoq_conv_shape *s)
{
    return (size_t)s->cout * s->cin * s->k * s->k;
}

int eoq_fixup_params_alloc(eoq_fixup_params *p, const eoq_net_spec *spec)
{
    memset(p, 0, sizeof *p);
    p->spec = spec;
    for (int i = 0; i < spec->nconv; i++) {
        p->conv[i].w = calloc(conv_weights(&spec->conv[i].shape), sizeof(float));
        p->conv[i].gamma = 1.0f;
        if (!p->conv[i].w) {
            eoq_fixup_params_free(p);
            return -1;
        }
    }
    p->fc_w = calloc((size_t)spec->classes * spec->feat_c, sizeof(float));
    p->fc_b = calloc((size_t)spec->classes, sizeof(float));
    if (!p->fc_w || !p->fc_b) {
        eoq_fixup_params_free(p);
        return -1;
    }
    return 0;
}

void eoq_fixup_params_free(eoq_fixup_params *p)
{
    if (p->spec)
        for (int i = 0; i < p->spec->nconv; i++)
            free(p->conv[i].w);
    free(p->fc_w);
    free(p->fc_b);
    memset(p, 0, sizeof *p);
}

void eoq_fixup_init(eoq_fixup_params *p, unsigned long seed)
{
    const eoq_net_spec *spec = p->spec;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    int L = spec->nblocks;
    for (int i = 0; i < spec->nconv; i++) {
        const eoq_conv_layer_spec *c = &spec->conv[i];
        eoq_fixup_conv_params *cp = &p->conv[i];
        size_t n = conv_weights(&c->shape);
        double std = sqrt(2.0 / ((double)c->shape.cout * c->shape.k * c->shape.k));
        if (c->role == EOQ_ROLE_BRANCH_FIRST || c->role == EOQ_ROLE_BRANCH_MID) {
            int m = spec->block[c->block].nconv;
            std *= pow((double)L, -1.0 / (2.0 * m - 2.0));
        }
        for (size_t j = 0; j < n; j++)
            cp->w[j] = c->role == EOQ_ROLE_BRANCH_LAST ? 0.0f : (float)gsl_ran_gaussian(rng, std);
        cp->b1 = 0.0f;
        cp->b2 = 0.0f;
        cp->gamma = 1.0f;
    }
    p->fc_bias_in = 0.0f;
    memset(p->fc_w, 0, sizeof(float) * (size_t)spec->classes * spec->feat_c);
    memset(p->fc_b, 0, sizeof(float) * (size_t)spec->classes);
    gsl_rng_free(rng);
}
