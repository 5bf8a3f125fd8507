#define _POSIX_C_SOURCE 200809L
#include "train/trainer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "quant/prng.h"
#include "train/checkpoint.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

double eoq_lr_at(const eoq_train_opts *o, long t, long steps_per_epoch)
{
    long total = (long)o->epochs * steps_per_epoch;
    switch (o->schedule) {
    case EOQ_LR_COSINE:
        return 0.5 * o->lr * (1.0 + cos(3.14159265358979323846 * (double)t / (double)(total > 0 ? total : 1)));
    case EOQ_LR_STEP: {
        double lr = o->lr;
        int epoch = (int)(t / steps_per_epoch);
        for (int i = 0; i < o->nstep_epochs; i++)
            if (epoch >= o->step_epochs[i])
                lr *= 0.1;
        return lr;
    }
    default:
        return o->lr;
    }
}

/* The order of an epoch: Fisher-Yates driven by xorshift32 seeded from (seed, epoch), so a
 * resumed run recomputes it from the epoch number alone. */
static void epoch_order(int *idx, int n, uint32_t seed, int epoch)
{
    eoq_prng r;
    eoq_prng_seed(&r, seed * 2654435761u + (uint32_t)epoch * 40503u + 1u);
    for (int i = 0; i < n; i++)
        idx[i] = i;
    for (int i = n - 1; i > 0; i--) {
        int j = (int)(eoq_prng_next(&r) % (uint32_t)(i + 1));
        int t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
    }
}

double eoq_evaluate(eoq_model *m, const eoq_dataset *d, int batch)
{
    if (d->n == 0)
        return 0;
    if (batch < 64)
        batch = 64; /* inference has no batch dependence; larger batches run faster */
    size_t img = (size_t)d->c * d->h * d->w;
    int *pred = malloc(sizeof(int) * (size_t)batch);
    int right = 0;
    for (int i = 0; i < d->n; i += batch) {
        int n = d->n - i < batch ? d->n - i : batch;
        eoq_batch b = {n, d->c, d->h, d->w, d->images + (size_t)i * img, d->labels + i};
        m->ops->predict(m, &b, pred);
        for (int j = 0; j < n; j++)
            right += pred[j] == d->labels[i + j];
    }
    free(pred);
    return (double)right / d->n;
}

static FILE *open_log(const char *path, int append, char *err, size_t errlen)
{
    if (!path)
        return NULL;
    FILE *f = fopen(path, append ? "a" : "w");
    if (!f) {
        snprintf(err, errlen, "%s: cannot write log", path);
        return NULL;
    }
    if (!append)
        fprintf(f, "epoch,lr,train_loss,train_acc,test_acc,seconds,images_per_s\n");
    return f;
}

int eoq_train_run(eoq_model *m, const eoq_dataset *train, const eoq_dataset *test,
                  const eoq_train_opts *o, eoq_train_result *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    int B = o->batch;
    long spe = train->n / B; /* the last partial batch of an epoch is dropped */
    if (spe < 1) {
        snprintf(err, errlen, "batch %d is larger than the %d training images", B, train->n);
        return -1;
    }
    eoq_ckpt_pos pos = {0, 0, B};
    if (o->resume) {
        if (eoq_checkpoint_load(o->resume, m, &pos, err, errlen))
            return -1;
        if (pos.batch != B) {
            snprintf(err, errlen, "%s: written with batch %d, not %d", o->resume, pos.batch, B);
            return -1;
        }
    }
    FILE *log = open_log(o->log_csv, o->resume != NULL, err, errlen);
    if (o->log_csv && !log)
        return -1;
    size_t img = (size_t)train->c * train->h * train->w;
    int *idx = malloc(sizeof(int) * (size_t)train->n);
    uint8_t *bx = malloc(img * B), *by = malloc((size_t)B);
    if (!idx || !bx || !by) {
        snprintf(err, errlen, "out of memory for batch %d", B);
        free(idx), free(bx), free(by);
        if (log)
            fclose(log);
        return -1;
    }
    double t_start = now(), t_print = 0;
    long steps_run = 0;
    int status = 0;
    for (int epoch = pos.epoch; epoch < o->epochs && status == 0; epoch++) {
        epoch_order(idx, train->n, m->cfg.seed, epoch);
        double loss_sum = 0, t_epoch = now();
        long right = 0, seen = 0;
        long first = epoch == pos.epoch ? pos.step : 0;
        double lr = o->lr;
        for (long s = first; s < spe; s++) {
            for (int j = 0; j < B; j++) {
                int k = idx[s * B + j];
                memcpy(bx + (size_t)j * img, train->images + (size_t)k * img, img);
                by[j] = train->labels[k];
            }
            eoq_batch b = {B, train->c, train->h, train->w, bx, by};
            lr = eoq_lr_at(o, (long)epoch * spe + s, spe);
            int correct = 0;
            double loss = m->ops->train_step(m, &b, lr, &correct);
            if (isnan(loss)) {
                snprintf(err, errlen, "epoch %d step %ld: training step failed (out of memory or NaN loss)", epoch + 1, s + 1);
                status = -1;
                break;
            }
            loss_sum += loss * B;
            right += correct;
            seen += B;
            steps_run++;
            double t = now();
            if (!o->quiet && (t - t_print > 2.0 || s + 1 == spe)) {
                double ips = seen / (t - t_epoch);
                long left = (long)(o->epochs - epoch) * spe - s - 1;
                fprintf(stderr, "\repoch %d/%d step %ld/%ld loss %.4f acc %.4f %.1f img/s left %.0f s   ",
                        epoch + 1, o->epochs, s + 1, spe, loss_sum / seen, (double)right / seen, ips,
                        left * B / (ips > 0 ? ips : 1));
                t_print = t;
            }
            int stop = o->stop_after_steps > 0 && steps_run >= o->stop_after_steps;
            if (o->checkpoint && ((o->checkpoint_every > 0 && steps_run % o->checkpoint_every == 0) || stop)) {
                eoq_ckpt_pos p = {epoch, s + 1, B};
                if (eoq_checkpoint_save(o->checkpoint, m, &p, err, errlen)) {
                    status = -1;
                    break;
                }
            }
            if (stop) {
                status = 1;
                break;
            }
        }
        if (status != 0)
            break;
        double secs = now() - t_epoch;
        r->train_loss = seen ? loss_sum / seen : 0;
        r->train_acc = seen ? (double)right / seen : 0;
        r->images_per_s = seen / secs;
        r->test_acc = eoq_evaluate(m, test, B);
        r->epochs_done = epoch + 1;
        if (!o->quiet)
            fprintf(stderr, "\repoch %d/%d done: train loss %.4f acc %.4f, test acc %.4f, %.1f img/s          \n",
                    epoch + 1, o->epochs, r->train_loss, r->train_acc, r->test_acc, r->images_per_s);
        if (log) {
            fprintf(log, "%d,%.6g,%.6f,%.6f,%.6f,%.2f,%.2f\n", epoch + 1, lr, r->train_loss, r->train_acc,
                    r->test_acc, secs, r->images_per_s);
            fflush(log);
        }
        if (o->checkpoint) {
            eoq_ckpt_pos p = {epoch + 1, 0, B};
            if (eoq_checkpoint_save(o->checkpoint, m, &p, err, errlen))
                status = -1;
        }
    }
    r->seconds = now() - t_start;
    if (r->epochs_done == 0 && status == 0 && pos.epoch >= o->epochs) {
        r->epochs_done = pos.epoch;
        r->test_acc = eoq_evaluate(m, test, B);
    }
    free(idx);
    free(bx);
    free(by);
    if (log)
        fclose(log);
    return status < 0 ? -1 : status;
}
