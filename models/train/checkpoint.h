#ifndef EOQ_TRAIN_CHECKPOINT_H
#define EOQ_TRAIN_CHECKPOINT_H
/* Checkpoint file (docs/formats.md): "EOQCKPT1", a fixed header (version, network, config,
 * batch, position in the run), then the engine's own payload. Written to FILE.tmp and renamed,
 * so a killed run never leaves a half-written checkpoint. */
#include "train/model.h"

typedef struct {
    int epoch;      /* epochs completed */
    long step;      /* steps done inside the current epoch */
    int batch;
} eoq_ckpt_pos;

int eoq_checkpoint_save(const char *path, eoq_model *m, const eoq_ckpt_pos *pos, char *err, size_t errlen);
/* Checks that the file was written by the same network, config and batch size. */
int eoq_checkpoint_load(const char *path, eoq_model *m, eoq_ckpt_pos *pos, char *err, size_t errlen);

/* The run's config as written, e.g. to take the data set's input mean from it. */
int eoq_checkpoint_read_config(const char *path, eoq_model_config *cfg, char *err, size_t errlen);

#endif
