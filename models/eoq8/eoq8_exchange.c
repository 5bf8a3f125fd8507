/* Setting the integer engine's parameters from real values (the .npy exchange): a value must
 * lie exactly on its tensor's grid and inside its designed range, otherwise it is refused, so a
 * loaded network is exactly the one the user wrote. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "eoq8/eoq8_engine.h"

static int set_exact(eoq8_param *p, const double *v, size_t n, const char *name, char *err, size_t errlen)
{
    if (n != p->n) {
        snprintf(err, errlen, "%s: expected %zu values, got %zu", name, p->n, n);
        return -1;
    }
    int exp = p->master ? p->master_exp : p->exp;
    int64_t sat = p->master ? p->master_sat : p->sat;
    for (size_t i = 0; i < n; i++) {
        double m = ldexp(v[i], -exp);
        if (!(fabs(m) <= (double)sat) || m != nearbyint(m)) {
            snprintf(err, errlen, "%s[%zu] = %.17g is not a multiple of 2^%d within +-%lld * 2^%d",
                     name, i, v[i], exp, (long long)sat, exp);
            return -1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        /* the float path of eoq8_param_set_from_float would round; values are exact here */
        if (p->master)
            p->master[i] = (int32_t)ldexp(v[i], -exp);
        else
            p->m[i] = (int32_t)ldexp(v[i], -exp);
    }
    if (p->master) {
        eoq_rounder rne = {EOQ_ROUND_NEAREST_EVEN, NULL};
        for (size_t i = 0; i < n; i++)
            p->m[i] = (int32_t)eoq_clamp64(eoq_shift_round(p->master[i], p->exp - p->master_exp, &rne),
                                           -p->sat, p->sat);
    }
    return 0;
}

int eoq8_engine_set_param(eoq8_engine *E, const char *name, const double *v, size_t n, char *err,
                          size_t errlen)
{
    eoq8_head *h = &E->head;
    if (strcmp(name, "fc.w") == 0 || strcmp(name, "fc.b") == 0 || strcmp(name, "fc.bias_in") == 0) {
        float *dst = name[3] == 'w' ? h->w : name[3] == 'b' && name[4] == '\0' ? h->b : &h->bias_in;
        size_t want = name[3] == 'w' ? (size_t)h->C * h->classes : name[4] == '\0' ? (size_t)h->classes : 1;
        if (n != want) {
            snprintf(err, errlen, "%s: expected %zu values, got %zu", name, want, n);
            return -1;
        }
        for (size_t i = 0; i < n; i++)
            dst[i] = (float)v[i];
        return 0;
    }
    int layer;
    char pname[16];
    if (sscanf(name, "conv%d.%15s", &layer, pname) != 2 || layer < 0 || layer >= E->base.spec.nconv) {
        snprintf(err, errlen, "unknown parameter '%s' (conv<i>.w|b1|gamma|b2, fc.w|b|bias_in)", name);
        return -1;
    }
    eoq8_layer *L = &E->layer[layer];
    if (strcmp(pname, "w") == 0)
        return set_exact(&L->w, v, n, name, err, errlen);
    if (strcmp(pname, "b1") == 0 && L->has_b1)
        return set_exact(&L->b1, v, n, name, err, errlen);
    if (strcmp(pname, "gamma") == 0 && L->has_gamma)
        return set_exact(&L->gamma, v, n, name, err, errlen);
    if (strcmp(pname, "b2") == 0 && L->has_b2)
        return set_exact(&L->b2, v, n, name, err, errlen);
    snprintf(err, errlen, "conv%d has no parameter '%s'", layer, pname);
    return -1;
}
