#ifndef EOQ_TRAIN_TRAINER_H
#define EOQ_TRAIN_TRAINER_H
/* The training loop over any engine: shuffling, learning-rate schedule, evaluation, progress,
 * CSV log, checkpoints and bit-exact resume. */
#include "io/idx.h"
#include "train/model.h"

typedef enum { EOQ_LR_CONST = 0, EOQ_LR_STEP = 1, EOQ_LR_COSINE = 2 } eoq_lr_schedule;

typedef struct {
    int epochs, batch;
    double lr;
    eoq_lr_schedule schedule;
    int step_epochs[8], nstep_epochs; /* EOQ_LR_STEP: lr x 0.1 at each */
    const char *log_csv;              /* NULL: none */
    const char *checkpoint;           /* written at every epoch end and every checkpoint_every steps */
    int checkpoint_every;
    const char *resume;               /* NULL: fresh start */
    int stop_after_steps;             /* > 0: stop early (tests of resume) */
    int quiet;
} eoq_train_opts;

typedef struct {
    int epochs_done;
    double train_loss, train_acc, test_acc, seconds, images_per_s;
} eoq_train_result;

int eoq_train_run(eoq_model *m, const eoq_dataset *train, const eoq_dataset *test,
                  const eoq_train_opts *o, eoq_train_result *r, char *err, size_t errlen);

/* Top-1 accuracy of m on d, in batches of batch. */
double eoq_evaluate(eoq_model *m, const eoq_dataset *d, int batch);

/* Learning rate of global step t of T (0-based). */
double eoq_lr_at(const eoq_train_opts *o, long t, long steps_per_epoch);

#endif
