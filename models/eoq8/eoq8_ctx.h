#ifndef EOQ_EOQ8_CTX_H
#define EOQ_EOQ8_CTX_H
/* State shared by every layer of one integer engine: the number formats, the one PRNG whose
 * draw order docs/numerics.md fixes, the learning rate of the current step, and scratch. */
#include "eoq8/eoq8_conv.h"
#include "eoq8/eoq8_format.h"
#include "eoq8/eoq8_param.h"
#include "train/model.h"

typedef struct {
    eoq8_format f;
    eoq_model_config cfg;
    eoq_prng rng;
    eoq_rounder rne;  /* forward path and Q_e */
    eoq_rounder grad; /* Q_g and Q_u */
    eoq8_lr lr;        /* weights */
    eoq8_lr lr_scalar; /* Fixup scalars: lr / 10, as in Fixup's reference training */
    eoq8_conv_scratch conv;
    int64_t *s64;
    size_t s64_cap;
    unsigned long long saturated; /* elements clipped at a designed (non-paper) width */
    int keep_intermediates;       /* the step command dumps x3, raw errors */
} eoq8_ctx;

/* Scratch of at least n int64, valid until the next call. NULL when out of memory. */
int64_t *eoq8_ctx_scratch(eoq8_ctx *c, size_t n);

#endif
