#define _POSIX_C_SOURCE 200809L
/* The float engines' whole training step against central finite differences of the batch loss:
 * what the per-layer checks (test_float_gradcheck.c) cannot see, i.e. how the engine chains the
 * layers (shortcuts, subsampling, Fixup scalars between layers, pooling, classifier).
 * A step with lr 1 moves every weight by exactly its gradient; a step with lr 0 only evaluates the
 * loss (BN in training mode uses batch statistics, so its running statistics do not matter). */
#include <check.h>
#include "check_main.h"
#include "model_snapshot.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { N = 4, HW = 28 };

static uint8_t pixels[N * HW * HW], labels[N];

static eoq_model *make(eoq_mode mode, const eoq_net_spec *spec)
{
    eoq_model_config cfg = eoq_model_config_default();
    cfg.mode = mode;
    char err[200];
    eoq_model *m = eoq_model_create(spec, &cfg, err, sizeof err);
    ck_assert_msg(m != NULL, "%s", err);
    return m;
}

static float *params(eoq_model *m, size_t *n)
{
    size_t len;
    char *buf = snapshot(m, &len);
    *n = (len - 8) / sizeof(float);
    float *p = malloc(len - 8);
    memcpy(p, buf + 8, len - 8);
    free(buf);
    return p;
}

static void set_params(eoq_model *m, const float *p, size_t n)
{
    size_t len = 8 + n * sizeof(float);
    char *buf = malloc(len);
    size_t hl;
    char *head = snapshot(m, &hl); /* the engine's magic */
    memcpy(buf, head, 8);
    free(head);
    memcpy(buf + 8, p, n * sizeof(float));
    FILE *f = fmemopen(buf, len, "rb");
    ck_assert_int_eq(m->ops->load(m, f), 0);
    fclose(f);
    free(buf);
}

static double batch_loss(eoq_model *m, const eoq_batch *b)
{
    int right;
    return m->ops->train_step(m, b, 0.0, &right);
}

static void check_mode(eoq_mode mode)
{
    char err[200];
    eoq_net_spec spec;
    ck_assert_int_eq(eoq_net_spec_build("resnet8", 1, HW, HW, 10, EOQ_SHORTCUT_SUBSAMPLE, &spec, err, sizeof err), 0);
    eoq_model *m = make(mode, &spec);
    srand(11);
    for (int i = 0; i < N * HW * HW; i++)
        pixels[i] = (uint8_t)(rand() % 256);
    for (int i = 0; i < N; i++)
        labels[i] = (uint8_t)(rand() % 10);
    eoq_batch b = {N, 1, HW, HW, pixels, labels};
    /* a few steps so that the zero-initialized Fixup weights carry gradient too */
    int right;
    for (int s = 0; s < 6; s++)
        m->ops->train_step(m, &b, 0.05, &right);
    size_t n;
    float *p0 = params(m, &n);
    m->ops->train_step(m, &b, 1.0, &right);
    float *p1 = params(m, &n);
    float *p = malloc(n * sizeof *p);
    /* weights of every conv and of the classifier, in the engines' save order */
    int bn = mode == EOQ_MODE_BN32;
    size_t off = 0;
    int checked = 0;
    for (int l = 0; l <= spec.nconv; l++) {
        const eoq_conv_shape *s = l < spec.nconv ? &spec.conv[l].shape : NULL;
        size_t nw = s ? (size_t)s->cout * s->cin * s->k * s->k : (size_t)spec.classes * spec.feat_c;
        double gmax = 0;
        for (size_t i = 0; i < nw; i++)
            gmax = fmax(gmax, fabs((double)p0[off + i] - p1[off + i]));
        ck_assert_msg(gmax > 0, "layer %d has no gradient after the warm-up steps", l);
        for (int t = 0, found = 0; t < 400 && found < 3; t++) {
            size_t i = off + (size_t)rand() % nw;
            double g = (double)p0[i] - p1[i];
            if (fabs(g) < 0.2 * gmax)
                continue; /* small gradients drown in float32 rounding of the loss */
            /* small: block outputs are relu(relu(.) + ...), so many units sit at a kink, and BN
             * over 4 images is far from linear; at 1e-2 the differences are off by up to 14 % */
            double h = 3e-4;
            memcpy(p, p0, n * sizeof *p);
            p[i] = (float)(p0[i] + h);
            set_params(m, p, n);
            double lp = batch_loss(m, &b);
            p[i] = (float)(p0[i] - h);
            set_params(m, p, n);
            double lm = batch_loss(m, &b);
            double fd = (lp - lm) / (2 * h);
            ck_assert_msg(fabs(fd - g) <= 0.05 * fabs(g) + 1e-5,
                          "%s layer %d weight %zu: step gradient %.6g, finite difference %.6g",
                          eoq_mode_name(mode), l, i - off, g, fd);
            found++;
            checked++;
        }
        off += nw + (s ? 3 + (bn ? 4 * (size_t)s->cout : 0) : 0);
    }
    ck_assert_int_ge(checked, 2 * (spec.nconv + 1));
    free(p);
    free(p0);
    free(p1);
    m->ops->destroy(m);
}

START_TEST(fixup32_network_gradient) { check_mode(EOQ_MODE_FIXUP32); }
END_TEST

START_TEST(bn32_network_gradient) { check_mode(EOQ_MODE_BN32); }
END_TEST

int main(void)
{
    Suite *s = suite_create("float_network_grad");
    TCase *tc = tcase_create("step");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, fixup32_network_gradient);
    tcase_add_test(tc, bn32_network_gradient);
    suite_add_tcase(s, tc);
    return eoq_run_suite(s);
}
