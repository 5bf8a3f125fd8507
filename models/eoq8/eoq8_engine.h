#ifndef EOQ_EOQ8_ENGINE_H
#define EOQ_EOQ8_ENGINE_H
/* The integer EOQ training engine: the golden model of one training step. */
#include "eoq8/eoq8_head.h"
#include "eoq8/eoq8_layer.h"
#include "train/model.h"

typedef struct {
    eoq_model base;
    eoq8_ctx c;
    eoq8_layer layer[EOQ_MAX_CONV];
    eoq8_head head;
    int cap;
    int32_t *input;  /* CQ(pixel/256, k_a) */
    int64_t *sc;     /* shortcut into x4 of a block's last layer, at e_x4 */
    int64_t *ex1;    /* error at a block's x1: backward-data + shortcut error */
    int32_t *eq;     /* an SQ(k_e) error between layers */
    int32_t *etop;   /* error the host sends for the last activations */
    int etop_exp;
    /* block b's input error (SQ(ex1)) and its exponent, kept for the step dump */
    int32_t *eblock[EOQ_MAX_BLOCKS];
    int eblock_exp[EOQ_MAX_BLOCKS];
    int64_t *ex1_block[EOQ_MAX_BLOCKS];
    int ex1_exp[EOQ_MAX_BLOCKS];
} eoq8_engine;

/* Forward only, keeping every intermediate (the step dump and the trace generator use it). */
int eoq8_engine_forward(eoq8_engine *E, const eoq_batch *b);

/* Visits every named tensor of the last step: name, shape (N, C, H, W; scalars 1,1,1,1),
 * int64 or int32 mantissas (one of them non-NULL), exponent. */
typedef void (*eoq8_tensor_visitor)(void *ctx, const char *name, const int shape[4],
                                    const int32_t *m32, const int64_t *m64, int exp);
void eoq8_engine_visit(eoq8_engine *E, int N, eoq8_tensor_visitor fn, void *ctx);

/* Sets one parameter by name from real values that must lie exactly on its grid:
 * conv<i>.w, conv<i>.b1, conv<i>.gamma, conv<i>.b2 (as the role has them), fc.w, fc.b,
 * fc.bias_in. 0, or -1 with a one-line message. */
int eoq8_engine_set_param(eoq8_engine *E, const char *name, const double *v, size_t n, char *err,
                          size_t errlen);

#endif
