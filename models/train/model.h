#ifndef EOQ_TRAIN_MODEL_H
#define EOQ_TRAIN_MODEL_H
/* One interface for every training engine: the integer EOQ golden model and the float
 * baselines. The trainer, the CLI and the benchmarks see only this. */
#include <stdint.h>
#include <stdio.h>
#include "nets/net_spec.h"
#include "quant/quantizer.h"

typedef enum {
    EOQ_MODE_EOQ8 = 0,    /* integer-only EOQ (the golden model); widths from eoq_bits */
    EOQ_MODE_FIXUP32 = 1, /* float32 Fixup, no quantization */
    EOQ_MODE_BN32 = 2,    /* float32 ResNet with batch normalization */
    EOQ_MODE_WAGEUBN8 = 3 /* WAGEUBN: 8-bit data paths with quantized BN */
} eoq_mode;

typedef struct {
    int w, a, b, gamma, e, g, u; /* k_w k_a k_b k_gamma k_e k_g k_u, each 2..16 */
} eoq_bits;

/* How an update reaches the stored weight (docs/numerics.md, "weight write-back"). */
typedef enum {
    EOQ_WB_NEAREST = 0,    /* the paper as written: w <- CQ(w + Q_u, k_w), round to nearest */
    EOQ_WB_STOCHASTIC = 1, /* same grid, stochastic rounding at write-back */
    EOQ_WB_WIDE = 2        /* master weight of wide_bits bits, CQ(k_w) on read */
} eoq_writeback;

typedef struct {
    eoq_mode mode;
    eoq_bits bits;
    eoq_round_mode grad_round; /* rounding of Q_g and Q_u */
    eoq_writeback writeback;
    int wide_bits;             /* EOQ_WB_WIDE only: stored weight width, k_w+1..24 */
    int quantize_classifier;   /* 0: float classifier as in the paper */
    uint32_t seed;             /* initialization and stochastic rounding */
    int input_mean;            /* pixel offset: every engine sees (pixel - input_mean) / 64 */
    int act_range_log2;        /* eoq8: activations on (-2^r, 2^r) with the same k_a bits; 0 is the paper's CQ */
} eoq_model_config;

/* A batch of images as raw bytes, NCHW; engines see (pixel - cfg.input_mean) / 64. */
typedef struct {
    int n, c, h, w;
    const uint8_t *pixels;
    const uint8_t *labels;
} eoq_batch;

/* Fixup's reference training gives every bias and scale (the Fixup scalars and the classifier
 * bias) a tenth of the weights' learning rate; all engines follow it. */
#define EOQ_SCALAR_LR_FACTOR 0.1

typedef struct eoq_model eoq_model;

typedef struct {
    /* One SGD step. Returns the mean softmax cross-entropy of the batch before the update;
     * *correct gets the number of right top-1 predictions of that forward pass. */
    double (*train_step)(eoq_model *m, const eoq_batch *b, double lr, int *correct);
    /* Inference (BN: running statistics). pred[i] = argmax class of image i. */
    void (*predict)(eoq_model *m, const eoq_batch *b, int *pred);
    /* Everything a resumed run needs to continue bit for bit (parameters, PRNG states,
     * running statistics). Return 0 on success. */
    int (*save)(eoq_model *m, FILE *f);
    int (*load)(eoq_model *m, FILE *f);
    void (*destroy)(eoq_model *m);
} eoq_model_ops;

struct eoq_model {
    const eoq_model_ops *ops;
    eoq_net_spec spec;
    eoq_model_config cfg;
};

/* Defaults: eoq8 with every width 8, nearest-even rounding, the write-back of
 * docs/numerics.md's measured default, float classifier, seed 1. */
eoq_model_config eoq_model_config_default(void);

/* Checks widths and options; 0 or -1 with a one-line message. */
int eoq_model_config_check(const eoq_model_config *cfg, char *err, size_t errlen);

/* Builds the engine of cfg->mode on spec, Fixup-initialized (BN: He-initialized) from cfg->seed.
 * NULL with a one-line message in err on bad input. */
eoq_model *eoq_model_create(const eoq_net_spec *spec, const eoq_model_config *cfg, char *err,
                            size_t errlen);

const char *eoq_mode_name(eoq_mode mode);
int eoq_mode_parse(const char *name, eoq_mode *mode);

/* Engine constructors, called by eoq_model_create. */
eoq_model *eoq_eoq8_create(const eoq_net_spec *spec, const eoq_model_config *cfg, char *err,
                           size_t errlen);
eoq_model *eoq_float_create(const eoq_net_spec *spec, const eoq_model_config *cfg, char *err,
                            size_t errlen);

#endif
