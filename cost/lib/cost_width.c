#include "cost_width.h"

#include <stdio.h>

/* Composition rules nest a few levels (mac -> add, shift -> add); a deeper chain is a cycle the
 * loader would already have refused for the profile's own types. */
#define MAX_DEPTH 8
#define MAX_BITS 128

static int int_type(int bits, cost_dtype *t)
{
    for (int d = 0; d < COST_NDTYPE; d++) {
        const cost_dtype_info *i = cost_dtype_get((cost_dtype)d);
        if (i->family == COST_FAMILY_INT && i->p == bits) {
            *t = (cost_dtype)d;
            return 1;
        }
    }
    return 0;
}

static void width_name(cost_op op, cost_width w, char *out, size_t len)
{
    if (op == COST_MAC)
        snprintf(out, len, "%dx%d bits into %d", w.a, w.b, w.acc);
    else if (op == COST_MULT)
        snprintf(out, len, "%dx%d bits", w.a, w.b);
    else
        snprintf(out, len, "%d bits", w.a);
}

static const cost_rule *int_rule(const cost_profile *p, cost_op op, cost_metric m)
{
    for (int i = 0; i < p->nrule; i++)
        if (p->rule[i].op == (int)op && p->rule[i].metric == m &&
            (p->rule[i].family < 0 || p->rule[i].family == COST_FAMILY_INT))
            return &p->rule[i];
    return NULL;
}

static const cost_law *int_law(const cost_profile *p, cost_op op, cost_metric m)
{
    for (int i = 0; i < p->nlaw; i++) {
        const cost_law *L = &p->law[i];
        if (!L->is_mem && L->op == (int)op && L->metric == m && (L->family < 0 || L->family == COST_FAMILY_INT))
            return L;
    }
    return NULL;
}

/* A multiplier of a x b bits has a b partial-product bits: the p2 term of a one-width law
 * (p x p) becomes a b. The other terms (p, log2 p, ...) have no such reading and are refused. */
static int mixed_mult(const cost_profile *p, const cost_law *L, cost_width w, double *v, char *err, size_t errlen)
{
    *v = 0;
    for (int i = 0; i < L->basis.n; i++) {
        if (L->basis.b[i] == COST_B_ONE)
            *v += L->coef[i];
        else if (L->basis.b[i] == COST_B_P2)
            *v += L->coef[i] * w.a * w.b;
        else {
            char basis[64];
            cost_basis_format(&L->basis, basis, sizeof basis);
            snprintf(err, errlen,
                     "profile %s: the law %s (laws.csv:%d) has no form for a %dx%d-bit multiply (only its 1 and p2 "
                     "terms do)",
                     p->name, basis, L->line, w.a, w.b);
            return -1;
        }
    }
    return 0;
}

static int value(const cost_profile *p, cost_op op, cost_width w, cost_metric m, int depth, double *v, char *err,
                 size_t errlen)
{
    char what[48];
    width_name(op, w, what, sizeof what);
    if (depth > MAX_DEPTH) {
        snprintf(err, errlen, "profile %s: composition rules nest deeper than %d at %s %s", p->name, MAX_DEPTH,
                 cost_op_name(op), what);
        return -1;
    }
    cost_dtype t;
    if (w.a == w.b && int_type(w.a, &t) &&
        (op != COST_MAC || w.acc == cost_dtype_get(cost_dtype_acc(t))->p))
        return cost_op_value(p, op, t, m, v, err, errlen);

    const cost_rule *R = int_rule(p, op, m);
    if (R) {
        *v = 0;
        for (int i = 0; i < R->nterm; i++) {
            double x;
            int s;
            if (R->tmode[i] == COST_TERM_FIXED)
                s = cost_op_value(p, R->top[i], R->tfixed[i], m, &x, err, errlen);
            else if (R->tmode[i] == COST_TERM_ACC)
                s = value(p, R->top[i], cost_width_one(w.acc), m, depth + 1, &x, err, errlen);
            else /* the op's own widths; an integer is its own integer type of the same bits */
                s = value(p, R->top[i], R->top[i] == COST_MULT ? cost_width_mult(w.a, w.b) : cost_width_one(w.a), m,
                          depth + 1, &x, err, errlen);
            if (s)
                return -1;
            *v += R->k[i] * x;
        }
        return 0;
    }
    const cost_law *L = int_law(p, op, m);
    if (!L) {
        snprintf(err, errlen, "profile %s gives no %s for %s at %s (no type of that width, rule or law)", p->name,
                 cost_metric_name(m), cost_op_name(op), what);
        return -1;
    }
    if (w.a == w.b)
        *v = cost_law_eval(&L->basis, L->coef, (cost_law_x){w.a, 0, 0});
    else if (mixed_mult(p, L, w, v, err, errlen))
        return -1;
    if (!(*v > 0)) {
        snprintf(err, errlen, "profile %s: the law at laws.csv:%d gives %g for %s %s, not a positive cost", p->name,
                 L->line, *v, cost_op_name(op), what);
        return -1;
    }
    return 0;
}

int cost_width_value(const cost_profile *p, cost_op op, cost_width w, cost_metric m, double *v, char *err,
                     size_t errlen)
{
    int two = op == COST_MULT || op == COST_MAC;
    if (op != COST_ADD && op != COST_MULT && op != COST_MAC && op != COST_COMPARE && op != COST_SHIFT) {
        snprintf(err, errlen, "%s has no integer width form (add, mult, mac, compare, shift do)", cost_op_name(op));
        return -1;
    }
    if (w.a < 1 || w.a > MAX_BITS || w.b < 1 || w.b > MAX_BITS || (!two && w.b != w.a) ||
        (op == COST_MAC ? w.acc < 1 || w.acc > MAX_BITS : w.acc != 0)) {
        snprintf(err, errlen, "%s: widths %d, %d, accumulator %d are not 1..%d bits as the op takes them",
                 cost_op_name(op), w.a, w.b, w.acc, MAX_BITS);
        return -1;
    }
    return value(p, op, w, m, 0, v, err, errlen);
}
