/* One EOQ layer, integer engine against an independent float64 evaluation of the paper's
 * formulas (Eq. 2-7, 13): Q, CQ, SQ written here with doubles (nearbyint = round half to even,
 * log2 compared with 2^p sqrt 2), the layer written as plain loops over real values. Every
 * tensor the integer model produces must equal the float64 value exactly. */
#include <check.h>
#include "check_main.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eoq8/eoq8_layer.h"

static double Qd(double x, int k) { return nearbyint(x * ldexp(1, k - 1)) / ldexp(1, k - 1); }
static double CQd(double x, int k)
{
    double lim = 1 - ldexp(1, -(k - 1));
    double q = Qd(x, k);
    return q > lim ? lim : (q < -lim ? -lim : q);
}
/* SQ over a whole array, in place semantics into out */
static void SQd(const double *x, size_t n, int k, double *out)
{
    double M = 0;
    for (size_t i = 0; i < n; i++)
        M = fabs(x[i]) > M ? fabs(x[i]) : M;
    if (M == 0) {
        for (size_t i = 0; i < n; i++)
            out[i] = 0;
        return;
    }
    long double l = log2l((long double)M);
    double scale = ldexp(1, (int)nearbyintl(l));
    for (size_t i = 0; i < n; i++)
        out[i] = scale * CQd(x[i] / scale, k);
}

typedef struct {
    int N, cin, cout, k, stride, h;
} layer_case;

static void run_case(layer_case lc, eoq_layer_role role, unsigned seed)
{
    eoq_conv_layer_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.shape = (eoq_conv_shape){lc.cin, lc.cout, lc.k, lc.stride, lc.k / 2, lc.h, lc.h, 0, 0};
    spec.shape.out_h = (lc.h + 2 * (lc.k / 2) - lc.k) / lc.stride + 1;
    spec.shape.out_w = spec.shape.out_h;
    spec.role = role;
    spec.block = 0;
    eoq8_ctx c;
    memset(&c, 0, sizeof c);
    c.cfg = eoq_model_config_default();
    c.cfg.writeback = EOQ_WB_NEAREST;
    c.f = eoq8_format_make(&c.cfg.bits, 0);
    c.rne = (eoq_rounder){EOQ_ROUND_NEAREST_EVEN, NULL};
    eoq_prng_seed(&c.rng, seed);
    c.grad = (eoq_rounder){EOQ_ROUND_NEAREST_EVEN, &c.rng};
    c.lr = eoq8_lr_from_double(0.1);
    c.lr_scalar = eoq8_lr_from_double(0.01);
    eoq8_layer L;
    ck_assert_int_eq(eoq8_layer_init(&L, &spec, &c), 0);
    srand(seed);
    const eoq8_format *f = &c.f;
    for (size_t i = 0; i < L.w.n; i++)
        L.w.m[i] = rand() % 255 - 127;
    L.b1.m[0] = rand() % 101 - 50;
    L.gamma.m[0] = 100 + rand() % 60;
    L.b2.m[0] = rand() % 101 - 50;
    const eoq_conv_shape *s = &spec.shape;
    size_t in = (size_t)lc.N * lc.cin * lc.h * lc.h, out = (size_t)lc.N * lc.cout * s->out_h * s->out_w;
    int32_t *x0 = malloc(in * sizeof *x0), *e0 = malloc(out * sizeof *e0);
    for (size_t i = 0; i < in; i++)
        x0[i] = rand() % 128;
    int e0_exp = -20 + rand() % 5;
    for (size_t i = 0; i < out; i++)
        e0[i] = rand() % 255 - 127;
    /* float64 copies of the parameters before the step */
    double *w = malloc(L.w.n * sizeof *w);
    for (size_t i = 0; i < L.w.n; i++)
        w[i] = ldexp(L.w.m[i], f->e_w);
    double b1 = ldexp(L.has_b1 ? L.b1.m[0] : 0, f->e_b), g = ldexp(L.gamma.m[0], f->e_g);
    double b2 = ldexp(L.b2.m[0], f->e_b);

    ck_assert_int_eq(eoq8_layer_forward(&L, &c, lc.N, x0, NULL), 0);
    ck_assert_int_eq(eoq8_layer_backward(&L, &c, lc.N, e0, e0_exp, 1), 0);

    /* forward in float64 */
    double *x1 = malloc(in * sizeof *x1), *x2 = malloc(out * sizeof *x2), *x4 = malloc(out * sizeof *x4);
    for (size_t i = 0; i < in; i++)
        x1[i] = ldexp(x0[i], f->e_a) + b1;
    int OH = s->out_h, H = lc.h, K = lc.k, pad = lc.k / 2;
    for (int n = 0; n < lc.N; n++)
        for (int co = 0; co < lc.cout; co++)
            for (int oy = 0; oy < OH; oy++)
                for (int ox = 0; ox < OH; ox++) {
                    double acc = 0;
                    for (int ci = 0; ci < lc.cin; ci++)
                        for (int ky = 0; ky < K; ky++)
                            for (int kx = 0; kx < K; kx++) {
                                int iy = oy * lc.stride - pad + ky, ix = ox * lc.stride - pad + kx;
                                if (iy < 0 || iy >= H || ix < 0 || ix >= H)
                                    continue;
                                acc += w[((co * lc.cin + ci) * K + ky) * K + kx] *
                                       x1[((n * lc.cin + ci) * H + iy) * H + ix];
                            }
                    size_t o = ((size_t)(n * lc.cout + co) * OH + oy) * OH + ox;
                    x2[o] = Qd(acc, 8); /* Q_a1 */
                    x4[o] = g * x2[o] + b2;
                    double x5 = CQd(x4[o] > 0 ? x4[o] : 0, 8); /* Q_a2(relu) */
                    ck_assert_double_eq(ldexp(L.x1[((n * lc.cin) * H) * H], f->e_x1),
                                        x1[((n * lc.cin) * H) * H]);
                    ck_assert_double_eq(ldexp(L.x2[o], f->e_a), x2[o]);
                    ck_assert_double_eq(ldexp((double)L.x4[o], f->e_x4), x4[o]);
                    ck_assert_double_eq(ldexp(L.x5[o], f->e_a), x5);
                }
    /* backward in float64: e1 = e0 relu'(x4) with the clamp's derivative, e3 = SQ(e1 g) */
    double *e1 = malloc(out * sizeof *e1), *t = calloc(out, sizeof *t), *e3 = malloc(out * sizeof *e3);
    double lim = 1 - ldexp(1, -7);
    double sum_e1 = 0, sum_e1x2 = 0;
    for (size_t i = 0; i < out; i++) {
        e1[i] = (x4[i] > 0 && x4[i] <= lim) ? ldexp(e0[i], e0_exp) : 0;
        sum_e1 += e1[i];
        sum_e1x2 += e1[i] * x2[i];
        t[i] = e1[i] * g;
    }
    if (L.has_gamma)
        SQd(t, out, 8, e3);
    else
        memcpy(e3, e1, out * sizeof *e3);
    for (size_t i = 0; i < out; i++)
        ck_assert_double_eq(ldexp(L.e3[i], L.e3_exp), e3[i]);
    /* g_w = Q_g(e3 (*) x1), Q_u = SQ(lr g_w), w' = CQ(w - Q_u) with nearest write-back */
    double *gw = calloc(L.w.n, sizeof *gw), *gq = malloc(L.w.n * sizeof *gq), *u = malloc(L.w.n * sizeof *u);
    for (int n = 0; n < lc.N; n++)
        for (int co = 0; co < lc.cout; co++)
            for (int oy = 0; oy < OH; oy++)
                for (int ox = 0; ox < OH; ox++) {
                    double e = e3[((size_t)(n * lc.cout + co) * OH + oy) * OH + ox];
                    for (int ci = 0; ci < lc.cin; ci++)
                        for (int ky = 0; ky < K; ky++)
                            for (int kx = 0; kx < K; kx++) {
                                int iy = oy * lc.stride - pad + ky, ix = ox * lc.stride - pad + kx;
                                if (iy < 0 || iy >= H || ix < 0 || ix >= H)
                                    continue;
                                gw[((co * lc.cin + ci) * K + ky) * K + kx] +=
                                    e * x1[((n * lc.cin + ci) * H + iy) * H + ix];
                            }
                }
    SQd(gw, L.w.n, 8, gq);
    double lr = ldexp((double)c.lr.m, c.lr.exp);
    for (size_t i = 0; i < L.w.n; i++)
        gw[i] = lr * gq[i];
    SQd(gw, L.w.n, 8, u);
    for (size_t i = 0; i < L.w.n; i++) {
        ck_assert_double_eq(ldexp(L.w.g[i], L.w.g_exp), gq[i]);
        ck_assert_double_eq(ldexp(-L.w.u[i], L.w.u_exp), u[i]);
        ck_assert_double_eq(ldexp(L.w.m[i], f->e_w), CQd(w[i] - u[i], 8));
    }
    if (L.has_b2) {
        double gb, ub, sl = ldexp((double)c.lr_scalar.m, c.lr_scalar.exp), v;
        SQd(&sum_e1, 1, 8, &gb);
        v = sl * gb;
        SQd(&v, 1, 8, &ub);
        ck_assert_double_eq(ldexp(L.b2.g[0], L.b2.g_exp), gb);
        ck_assert_double_eq(ldexp(L.b2.m[0], f->e_b), Qd(b2 - ub, 8));
    }
    if (L.has_gamma) {
        double gg;
        SQd(&sum_e1x2, 1, 8, &gg);
        ck_assert_double_eq(ldexp(L.gamma.g[0], L.gamma.g_exp), gg);
    }
    free(x0); free(e0); free(w); free(x1); free(x2); free(x4); free(e1); free(t); free(e3);
    free(gw); free(gq); free(u);
    eoq8_layer_free(&L);
    eoq8_conv_scratch_free(&c.conv);
    free(c.s64);
}

START_TEST(branch_last_3x3) { run_case((layer_case){2, 3, 4, 3, 1, 6}, EOQ_ROLE_BRANCH_LAST, 1u + (unsigned)_i); }
END_TEST
START_TEST(branch_first_stride2) { run_case((layer_case){2, 4, 5, 3, 2, 7}, EOQ_ROLE_BRANCH_FIRST, 11u + (unsigned)_i); }
END_TEST
START_TEST(pointwise) { run_case((layer_case){3, 5, 3, 1, 1, 4}, EOQ_ROLE_BRANCH_LAST, 21u + (unsigned)_i); }
END_TEST

int main(void)
{
    Suite *s = suite_create("eoq8_layer");
    TCase *tc = tcase_create("float64 reference");
    tcase_add_loop_test(tc, branch_last_3x3, 0, 5);
    tcase_add_loop_test(tc, branch_first_stride2, 0, 5);
    tcase_add_loop_test(tc, pointwise, 0, 5);
    suite_add_tcase(s, tc);
    return eoq_run_suite(s);
}
