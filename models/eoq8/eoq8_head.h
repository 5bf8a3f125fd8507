#ifndef EOQ_EOQ8_HEAD_H
#define EOQ_EOQ8_HEAD_H
/* The host side of the accelerator boundary (docs/numerics.md): global average pooling of the
 * last integer activations, the float classifier and softmax cross-entropy, as in the paper
 * (the last layer stays in float), and the conversion of the feature error back into an
 * SQ(k_e) integer tensor that enters the accelerator's backward pass. The accelerator sends
 * the integer per-channel sums; the 1/(H*W) of the average happens here, so no divider is
 * needed on chip. */
#include <stdint.h>
#include <stdio.h>
#include "train/model.h"

typedef struct {
    int C, classes, HW;
    float *w, *b; /* [classes][C], [classes] */
    float bias_in;
    double *feat, *prob, *ex; /* per batch */
    int cap;
    /* --quantize-classifier: widths of the data paths (NULL keeps the paper's float classifier),
     * and the PRNG of stochastic write-back */
    const eoq_bits *qbits;
    int stochastic_wb;
    eoq_prng *rng;
} eoq8_head;

int eoq8_head_init(eoq8_head *h, int C, int classes, int HW, const float *w, const float *b,
                   float bias_in);
void eoq8_head_free(eoq8_head *h);

/* x5: [N][C][HW] mantissas at exponent e_a. Returns the mean loss; fills *correct, and the
 * error of x5 as k_e-bit mantissas e_out (same layout) with its exponent *e_exp; then takes
 * one SGD step on the classifier with lr. */
double eoq8_head_train(eoq8_head *h, int N, const int32_t *x5, int e_a, const uint8_t *labels,
                       double lr, int k_e, int *correct, int32_t *e_out, int *e_exp);

void eoq8_head_predict(eoq8_head *h, int N, const int32_t *x5, int e_a, int *pred);

/* SQ(x, k) of a float tensor, exactly as the integer eoq_sq would do on its exact value:
 * scale exponent from max|x| compared with 2^p sqrt 2 (exactly, via fma), nearest-even
 * rounding. Writes mantissas and returns their exponent. */
int eoq8_host_sq(const double *x, size_t n, int k, int32_t *dst);

#endif
