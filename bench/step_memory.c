/* Peak memory of one training step: the process's peak resident set after one step of the
 * given engine at the given batch size, beside the analytic count of nets/memory_model.
 * One process per measurement, since the peak never goes down.
 * Usage: bench_step_memory MODE NET BATCH */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include "nets/memory_model.h"
#include "train/model.h"

int main(int argc, char **argv)
{
    if (argc != 4 || !strcmp(argv[1], "--help")) {
        printf("usage: %s MODE NET BATCH\nprints: mode net batch peak_rss_mb\n", argv[0]);
        return argc == 2 ? 0 : 2;
    }
    eoq_model_config cfg = eoq_model_config_default();
    if (eoq_mode_parse(argv[1], &cfg.mode)) {
        fprintf(stderr, "bench_step_memory: unknown mode %s\n", argv[1]);
        return 2;
    }
    int batch = atoi(argv[3]);
    eoq_net_spec spec;
    char err[256];
    if (batch < 1 || eoq_net_spec_build(argv[2], 1, 28, 28, 10, EOQ_SHORTCUT_SUBSAMPLE, &spec, err, sizeof err)) {
        fprintf(stderr, "bench_step_memory: bad network or batch\n");
        return 2;
    }
    eoq_model *m = eoq_model_create(&spec, &cfg, err, sizeof err);
    if (!m) {
        fprintf(stderr, "bench_step_memory: %s\n", err);
        return 2;
    }
    size_t npix = (size_t)batch * 28 * 28;
    uint8_t *pix = calloc(npix, 1), *lab = calloc((size_t)batch, 1);
    eoq_batch b = {batch, 1, 28, 28, pix, lab};
    int correct;
    m->ops->train_step(m, &b, 0.01, &correct);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%s %s %d %.2f\n", argv[1], argv[2], batch, ru.ru_maxrss / 1024.0);
    m->ops->destroy(m);
    free(pix);
    free(lab);
    return 0;
}
