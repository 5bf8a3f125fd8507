/* The float baselines' layer backward against central finite differences of the loss
 * L = sum(r * x5) (so dL/dx5 = r): weight gradient, input error, Fixup scalars, BN in training
 * mode; 3x3 and 1x1 kernels, stride 1 and 2, zero padding. */
#include <check.h>
#include "check_main.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "baselines/float_layer.h"

static eoq_fconv_scratch sc;

static double loss(eoq_flayer *L, int N, const float *x0, const float *r)
{
    eoq_flayer_forward(L, N, x0, NULL, 1, &sc);
    double s = 0;
    for (long i = 0; i < N * eoq_flayer_out(L); i++)
        s += (double)r[i] * L->x5[i];
    return s;
}

static void close_enough(double an, double fd, const char *what, long i)
{
    double tol = 0.03 * fmax(fabs(an), fabs(fd)) + 3e-3;
    ck_assert_msg(fabs(an - fd) <= tol, "%s[%ld]: analytic %.6g, finite difference %.6g", what, i, an, fd);
}

static void check(int cin, int cout, int k, int stride, int h, int bn, eoq_layer_role role, unsigned seed)
{
    eoq_conv_layer_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.shape = (eoq_conv_shape){cin, cout, k, stride, k / 2, h, h, (h + 2 * (k / 2) - k) / stride + 1, 0};
    spec.shape.out_w = spec.shape.out_h;
    spec.role = role;
    eoq_flayer L;
    ck_assert_int_eq(eoq_flayer_init(&L, &spec, bn), 0);
    srand(seed);
    long nw = (long)cout * cin * k * k;
    for (long i = 0; i < nw; i++)
        L.w[i] = (float)(rand() % 2001 - 1000) / 2000.0f;
    if (!bn) {
        L.b1 = 0.1f;
        L.gamma = 1.3f;
        L.b2 = 0.05f;
    }
    int N = 2;
    long in = N * eoq_flayer_in(&L), out = N * eoq_flayer_out(&L);
    float *x0 = malloc(in * sizeof *x0), *r = malloc(out * sizeof *r);
    for (long i = 0; i < in; i++)
        x0[i] = (float)(rand() % 2001 - 1000) / 1000.0f;
    for (long i = 0; i < out; i++)
        r[i] = (float)(rand() % 2001 - 1000) / 1000.0f;
    /* analytic: backward with lr 0 keeps w; scalars use lr_scalar 1 and are restored */
    loss(&L, N, x0, r);
    float g0 = L.gamma, b20 = L.b2;
    ck_assert_int_eq(eoq_flayer_backward(&L, N, r, 1, 0.0f, 1.0f, &sc), 0);
    double g_gamma = g0 - L.gamma, g_b2 = b20 - L.b2;
    L.gamma = g0;
    L.b2 = b20;
    float *gw = malloc(nw * sizeof *gw), *ex = malloc(in * sizeof *ex);
    memcpy(gw, L.gw, nw * sizeof *gw);
    memcpy(ex, L.e4, in * sizeof *ex);
    const float h_ = 1e-3f;
    for (long i = 0; i < nw; i += 1 + nw / 25) {
        float w = L.w[i];
        L.w[i] = w + h_;
        double lp = loss(&L, N, x0, r);
        L.w[i] = w - h_;
        double lm = loss(&L, N, x0, r);
        L.w[i] = w;
        close_enough(gw[i], (lp - lm) / (2 * h_), "dL/dw", i);
    }
    for (long i = 0; i < in; i += 1 + in / 25) {
        float x = x0[i];
        x0[i] = x + h_;
        double lp = loss(&L, N, x0, r);
        x0[i] = x - h_;
        double lm = loss(&L, N, x0, r);
        x0[i] = x;
        close_enough(ex[i], (lp - lm) / (2 * h_), "dL/dx", i);
    }
    if (L.has_gamma) {
        L.gamma = g0 + h_;
        double lp = loss(&L, N, x0, r);
        L.gamma = g0 - h_;
        double lm = loss(&L, N, x0, r);
        L.gamma = g0;
        close_enough(g_gamma, (lp - lm) / (2 * h_), "dL/dgamma", 0);
    }
    if (L.has_b2) {
        L.b2 = b20 + h_;
        double lp = loss(&L, N, x0, r);
        L.b2 = b20 - h_;
        double lm = loss(&L, N, x0, r);
        L.b2 = b20;
        close_enough(g_b2, (lp - lm) / (2 * h_), "dL/db2", 0);
    }
    free(x0); free(r); free(gw); free(ex);
    eoq_flayer_free(&L);
}

START_TEST(fixup_3x3_stride1) { check(3, 4, 3, 1, 6, 0, EOQ_ROLE_BRANCH_LAST, 1 + _i); }
END_TEST
START_TEST(fixup_3x3_stride2) { check(2, 3, 3, 2, 7, 0, EOQ_ROLE_BRANCH_FIRST, 10 + _i); }
END_TEST
START_TEST(fixup_1x1_projection) { check(3, 5, 1, 2, 6, 0, EOQ_ROLE_PROJECTION, 20 + _i); }
END_TEST
START_TEST(bn_3x3) { check(3, 4, 3, 1, 5, 1, EOQ_ROLE_BRANCH_FIRST, 30 + _i); }
END_TEST
START_TEST(bn_stride2) { check(2, 3, 3, 2, 6, 1, EOQ_ROLE_BRANCH_LAST, 40 + _i); }
END_TEST

int main(void)
{
    Suite *s = suite_create("float_gradcheck");
    TCase *tc = tcase_create("finite differences");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, fixup_3x3_stride1, 0, 3);
    tcase_add_loop_test(tc, fixup_3x3_stride2, 0, 3);
    tcase_add_loop_test(tc, fixup_1x1_projection, 0, 3);
    tcase_add_loop_test(tc, bn_3x3, 0, 3);
    tcase_add_loop_test(tc, bn_stride2, 0, 3);
    suite_add_tcase(s, tc);
    int status = eoq_run_suite(s);
    eoq_fconv_scratch_free(&sc);
    return status;
}
