/* Training images/s of several engines on the same network and the same batches, measured
 * side by side: rounds alternate between the engines so machine noise hits all of them alike.
 * Usage: bench_train_step_speed [--net resnet20] [--batch 128] [--rounds 6] [--modes eoq8,fixup32] */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "train/model.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    const char *net = "resnet20", *modes = "eoq8,fixup32";
    int batch = 128, rounds = 6;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help")) {
            printf("usage: %s [--net NAME] [--batch N] [--rounds N] [--modes m1,m2,...]\n"
                   "Alternates one training step per engine per round on the same random batch\n"
                   "and prints each engine's images/s and its ratio to the first engine.\n", argv[0]);
            return 0;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "bench_train_step_speed: %s needs a value\n", argv[i]);
            return 2;
        }
        if (!strcmp(argv[i], "--net")) net = argv[++i];
        else if (!strcmp(argv[i], "--batch")) batch = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--rounds")) rounds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--modes")) modes = argv[++i];
        else {
            fprintf(stderr, "bench_train_step_speed: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (batch < 1 || rounds < 1) {
        fprintf(stderr, "bench_train_step_speed: --batch and --rounds must be positive\n");
        return 2;
    }
    eoq_net_spec spec;
    char err[256];
    if (eoq_net_spec_build(net, 1, 28, 28, 10, EOQ_SHORTCUT_SUBSAMPLE, &spec, err, sizeof err)) {
        fprintf(stderr, "bench_train_step_speed: %s\n", err);
        return 2;
    }
    eoq_model *m[4];
    const char *names[4];
    int nm = 0;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", modes);
    for (char *tok = strtok(buf, ","); tok && nm < 4; tok = strtok(NULL, ",")) {
        eoq_model_config cfg = eoq_model_config_default();
        if (eoq_mode_parse(tok, &cfg.mode)) {
            fprintf(stderr, "bench_train_step_speed: unknown mode %s\n", tok);
            return 2;
        }
        m[nm] = eoq_model_create(&spec, &cfg, err, sizeof err);
        if (!m[nm]) {
            fprintf(stderr, "bench_train_step_speed: %s: %s\n", tok, err);
            return 2;
        }
        names[nm++] = eoq_mode_name(cfg.mode);
    }
    size_t npix = (size_t)batch * 28 * 28;
    uint8_t *pix = malloc(npix), *lab = malloc((size_t)batch);
    srand(1);
    for (size_t i = 0; i < npix; i++)
        pix[i] = (uint8_t)(rand() % 256);
    for (int i = 0; i < batch; i++)
        lab[i] = (uint8_t)(rand() % 10);
    eoq_batch b = {batch, 1, 28, 28, pix, lab};
    double secs[4] = {0};
    int correct;
    for (int k = 0; k < nm; k++) /* warm-up: buffers, page faults */
        m[k]->ops->train_step(m[k], &b, 0.01, &correct);
    for (int r = 0; r < rounds; r++)
        for (int k = 0; k < nm; k++) {
            double t0 = now();
            m[k]->ops->train_step(m[k], &b, 0.01, &correct);
            secs[k] += now() - t0;
        }
    printf("net=%s batch=%d rounds=%d (steps alternate between engines)\n", net, batch, rounds);
    printf("| engine | images/s | ratio to %s |\n|---|---|---|\n", names[0]);
    for (int k = 0; k < nm; k++) {
        double ips = (double)batch * rounds / secs[k];
        printf("| %s | %.1f | %.2f |\n", names[k], ips, secs[0] / secs[k]);
        m[k]->ops->destroy(m[k]);
    }
    free(pix);
    free(lab);
    return 0;
}
