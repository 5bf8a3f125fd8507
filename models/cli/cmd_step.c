/* eoq step: one EOQ training step from .npy files, every intermediate written as exact float64
 * .npy, so that anyone can check the golden model against NumPy or PyTorch (docs/step.md). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "eoq8/eoq8_engine.h"
#include "io/npy.h"
#include "train/checkpoint.h"

static void usage(void)
{
    printf("usage: eoq step --images X.npy --labels Y.npy --out DIR [options]\n"
           "       eoq step --init-params DIR [options]\n"
           "One eoq8 training step. Inputs: images as uint8 pixels, shape (N,H,W) or (N,C,H,W);\n"
           "labels, shape (N). Writes DIR/<tensor>.npy (float64, exact) for every tensor of the\n"
           "step: conv<i>.x0..x5, e0..e5, e4raw, parameters after the step, their .g (Q_g) and\n"
           ".u (Q_u), block<b>.ex1, head.e; docs/step.md lists them.\n\n"
           "  --net NAME          resnet8..110 (default resnet8)\n"
           "  --params DIR        start from DIR/<param>.npy where present (conv<i>.w|b1|gamma|b2,\n"
           "                      fc.w, fc.b, fc.bias_in); values must lie on their grids\n"
           "  --checkpoint FILE   start from the parameters of an eoq train checkpoint (same --net\n"
           "                      and numerics flags as its run); with --init-params: export them\n"
           "  --init-params DIR   write the parameters (Fixup-initialized, or the checkpoint's) there\n"
           "                      and stop\n"
           "  --lr X              learning rate (default 0.1)\n"
           "  --input-mean N      pixel offset of the input (default 73; with --checkpoint, its run's)\n"
           "  --classes N         classifier outputs (default 10)\n"
           "  --shape C,H,W       input shape for --init-params (default 1,28,28)\n"
           "  and the numerics flags of eoq train: --bits --kw..--ku --grad-round --writeback\n"
           "  --wide-bits --act-range --seed --downsample --quantize-classifier\n");
}

typedef struct {
    const char *dir;
    int params_only, failed;
    char err[512];
} writer;

static int is_param(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (!strcmp(dot, ".w") || !strcmp(dot, ".b1") || !strcmp(dot, ".gamma") || !strcmp(dot, ".b2"));
}

static void write_tensor(void *ctx, const char *name, const int shape[4], const int32_t *m32,
                         const int64_t *m64, int exp)
{
    writer *w = ctx;
    if (w->failed || (!m32 && !m64) || (w->params_only && !is_param(name)))
        return;
    long sh[4] = {shape[0], shape[1], shape[2], shape[3]};
    size_t n = (size_t)sh[0] * sh[1] * sh[2] * sh[3];
    double *v = malloc(n * sizeof *v);
    if (!v) {
        snprintf(w->err, sizeof w->err, "out of memory writing %s", name);
        w->failed = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        int64_t m = m32 ? m32[i] : m64[i];
        if (m > ((int64_t)1 << 53) || m < -((int64_t)1 << 53)) {
            snprintf(w->err, sizeof w->err, "%s[%zu] needs more than 53 bits; not exact in float64", name, i);
            w->failed = 1;
            free(v);
            return;
        }
        v[i] = ldexp((double)m, exp);
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.npy", w->dir, name);
    int nd = (shape[1] == 1 && shape[2] == 1 && shape[3] == 1 && shape[0] == 1) ? 0 : 4;
    if (eoq_npy_write(path, v, nd, sh, w->err, sizeof w->err))
        w->failed = 1;
    free(v);
}

static void write_head(eoq8_engine *E, const char *dir, int *failed, char *err, size_t errlen)
{
    eoq8_head *h = &E->head;
    struct { const char *name; const float *p; long n, rows; } t[] = {
        {"fc.w", h->w, (long)h->C * h->classes, h->classes}, {"fc.b", h->b, h->classes, 1}, {"fc.bias_in", &h->bias_in, 1, 1}};
    for (int i = 0; i < 3 && !*failed; i++) {
        double *v = malloc(sizeof(double) * t[i].n);
        if (!v) {
            *failed = 1;
            snprintf(err, errlen, "out of memory");
            return;
        }
        for (long j = 0; j < t[i].n; j++)
            v[j] = t[i].p[j];
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.npy", dir, t[i].name);
        long sh[2] = {t[i].rows, t[i].n / t[i].rows};
        *failed = eoq_npy_write(path, v, i == 0 ? 2 : (i == 1 ? 1 : 0), i == 1 ? &sh[1] : sh, err, errlen) != 0;
        free(v);
    }
}

/* Loads DIR/<name>.npy for every parameter whose file exists. */
typedef struct {
    eoq8_engine *E;
    const char *dir;
    int failed;
    char err[4600];
} loader;

static void load_param(void *ctx, const char *name, const int shape[4], const int32_t *m32,
                       const int64_t *m64, int exp)
{
    (void)shape, (void)m32, (void)m64, (void)exp;
    loader *l = ctx;
    if (l->failed || !is_param(name))
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.npy", l->dir, name);
    struct stat st;
    if (stat(path, &st) != 0)
        return;
    eoq_npy a;
    if (eoq_npy_read(path, &a, l->err, sizeof l->err)) {
        l->failed = 1;
        return;
    }
    char e2[400];
    if (eoq8_engine_set_param(l->E, name, a.data, a.count, e2, sizeof e2)) {
        snprintf(l->err, sizeof l->err, "%s: %s", path, e2);
        l->failed = 1;
    }
    eoq_npy_free(&a);
}

static void ensure_dir(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return;
    if (mkdir(dir, 0777) != 0)
        cli_fail("%s: cannot create directory", dir);
}

int cmd_step(int argc, char **argv)
{
    eoq_model_config cfg = eoq_model_config_default();
    eoq_shortcut_kind down = EOQ_SHORTCUT_SUBSAMPLE;
    const char *net = "resnet8", *images = NULL, *labels = NULL, *params = NULL, *init = NULL, *out = NULL,
               *ckpt = NULL;
    double lr = 0.1;
    int mean_given = 0;
    int classes = 10, C = 1, H = 28, W = 28;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage();
            return 0;
        }
        if (!strcmp(a, "--quantize-classifier")) {
            cfg.quantize_classifier = 1;
            continue;
        }
        if (i + 1 >= argc)
            cli_fail("%s needs a value (eoq step --help)", a);
        const char *v = argv[++i];
        if (!strcmp(a, "--net")) net = v;
        else if (!strcmp(a, "--images")) images = v;
        else if (!strcmp(a, "--labels")) labels = v;
        else if (!strcmp(a, "--params")) params = v;
        else if (!strcmp(a, "--init-params")) init = v;
        else if (!strcmp(a, "--checkpoint")) ckpt = v;
        else if (!strcmp(a, "--out")) out = v;
        else if (!strcmp(a, "--lr")) lr = cli_double(a, v, 0, 100);
        else if (!strcmp(a, "--input-mean")) cfg.input_mean = cli_int(a, v, 0, 255), mean_given = 1;
        else if (!strcmp(a, "--classes")) classes = cli_int(a, v, 2, 256);
        else if (!strcmp(a, "--shape")) {
            if (sscanf(v, "%d,%d,%d", &C, &H, &W) != 3 || C < 1 || H < 8 || W < 8)
                cli_fail("--shape: expected C,H,W (H, W >= 8), got '%s'", v);
        } else if (!cli_model_flag(a, v, &cfg, &down))
            cli_fail("unknown option '%s' (eoq step --help)", a);
    }
    if (cfg.mode != EOQ_MODE_EOQ8)
        cli_fail("--mode: eoq step runs the integer golden model (eoq8) only");
    if (!init && (!images || !labels || !out))
        cli_fail("eoq step needs --images, --labels and --out (or --init-params DIR)");
    char err[512];
    if (ckpt && !mean_given) {
        /* the mean pixel belongs to the run's data set, not to the numerics the user repeats */
        eoq_model_config run;
        if (eoq_checkpoint_read_config(ckpt, &run, err, sizeof err))
            cli_fail("%s", err);
        cfg.input_mean = run.input_mean;
    }
    eoq_npy x = {0}, y = {0};
    int N = 0;
    uint8_t *pix = NULL, *lab = NULL;
    if (!init) {
        if (eoq_npy_read(images, &x, err, sizeof err))
            cli_fail("%s", err);
        if (x.ndim != 3 && x.ndim != 4)
            cli_fail("%s: shape must be (N,H,W) or (N,C,H,W)", images);
        N = (int)x.shape[0];
        C = x.ndim == 4 ? (int)x.shape[1] : 1;
        H = (int)x.shape[x.ndim - 2];
        W = (int)x.shape[x.ndim - 1];
        if (eoq_npy_read(labels, &y, err, sizeof err))
            cli_fail("%s", err);
        if (y.ndim != 1 || y.shape[0] != N)
            cli_fail("%s: expected %d labels, shape (%d,)", labels, N, N);
        pix = malloc(x.count);
        lab = malloc((size_t)N);
        for (size_t i = 0; i < x.count; i++) {
            if (x.data[i] != floor(x.data[i]) || x.data[i] < 0 || x.data[i] > 255)
                cli_fail("%s: element %zu = %g is not a pixel 0..255", images, i, x.data[i]);
            pix[i] = (uint8_t)x.data[i];
        }
        for (int i = 0; i < N; i++) {
            if (y.data[i] != floor(y.data[i]) || y.data[i] < 0 || y.data[i] >= classes)
                cli_fail("%s: label %d = %g is not a class 0..%d", labels, i, y.data[i], classes - 1);
            lab[i] = (uint8_t)y.data[i];
        }
    }
    eoq_net_spec spec;
    if (eoq_net_spec_build(net, C, H, W, classes, down, &spec, err, sizeof err))
        cli_fail("--net: %s", err);
    eoq_model *m = eoq_model_create(&spec, &cfg, err, sizeof err);
    if (!m)
        cli_fail("%s", err);
    eoq8_engine *E = (eoq8_engine *)m;
    if (ckpt) {
        /* the parameters a training run reached, e.g. to look inside a run that went wrong */
        eoq_ckpt_pos pos;
        if (eoq_checkpoint_load(ckpt, m, &pos, err, sizeof err))
            cli_fail("%s", err);
    }
    if (params) {
        loader l = {E, params, 0, ""};
        eoq8_engine_visit(E, 0, load_param, &l);
        if (l.failed)
            cli_fail("%s", l.err);
        const char *head[] = {"fc.w", "fc.b", "fc.bias_in"};
        for (int i = 0; i < 3; i++) {
            char path[4096];
            struct stat st;
            snprintf(path, sizeof path, "%s/%s.npy", params, head[i]);
            if (stat(path, &st) != 0)
                continue;
            eoq_npy a;
            if (eoq_npy_read(path, &a, err, sizeof err) ||
                eoq8_engine_set_param(E, head[i], a.data, a.count, err, sizeof err))
                cli_fail("%s", err);
            eoq_npy_free(&a);
        }
    }
    const char *dir = init ? init : out;
    ensure_dir(dir);
    writer w = {dir, init != NULL, 0, ""};
    int failed = 0;
    if (!init) {
        eoq_batch b = {N, C, H, W, pix, lab};
        int correct;
        double loss = m->ops->train_step(m, &b, lr, &correct);
        if (isnan(loss))
            cli_fail("training step failed (out of memory)");
        eoq8_engine_visit(E, N, write_tensor, &w);
        printf("step: net=%s batch=%d loss=%.6f correct=%d wrote %s\n", spec.name, N, loss, correct, dir);
    } else {
        eoq8_engine_visit(E, 0, write_tensor, &w);
        printf("init: net=%s wrote the parameters to %s\n", spec.name, dir);
    }
    if (w.failed)
        cli_fail("%s", w.err);
    write_head(E, dir, &failed, err, sizeof err);
    if (failed)
        cli_fail("%s", err);
    m->ops->destroy(m);
    eoq_npy_free(&x);
    eoq_npy_free(&y);
    free(pix);
    free(lab);
    return 0;
}
