#ifndef EOQ_EOQ8_CONV_H
#define EOQ_EOQ8_CONV_H
/* The accelerator's three convolution commands on integer mantissas, for a whole batch:
 * forward, backward-data and backward-weight. All exact; the caller quantizes. */
#include <stdint.h>
#include "kernels/int_gemm.h"
#include "nets/net_spec.h"

typedef struct {
    int32_t *colT, *col, *eT, *wT; /* per-image im2col rows, columns, transposes */
    int64_t *acc, *dcolT;
    size_t colT_cap, col_cap, eT_cap, wT_cap, acc_cap, dcolT_cap;
    eoq_gemm_scratch gemm;
} eoq8_conv_scratch;

void eoq8_conv_scratch_free(eoq8_conv_scratch *s);

/* out[n][co][p] = sum_q W[co][q] * colT_n[p][q]. x: [N][cin][in_h][in_w]. */
int eoq8_conv_forward(const eoq_conv_shape *s, int N, const int32_t *x, const int32_t *w,
                      int64_t *out, eoq8_conv_scratch *sc);

/* gw[co][q] = sum_n sum_p e[n][co][p] * col_n[q][p]. */
int eoq8_conv_backward_weight(const eoq_conv_shape *s, int N, const int32_t *x, const int32_t *e,
                              int64_t *gw, eoq8_conv_scratch *sc);

/* dx[n] = col2im(e[n]^T * W), written (not accumulated). */
int eoq8_conv_backward_data(const eoq_conv_shape *s, int N, const int32_t *e, const int32_t *w,
                            int64_t *dx, eoq8_conv_scratch *sc);

#endif
