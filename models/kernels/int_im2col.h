#ifndef EOQ_KERNELS_INT_IM2COL_H
#define EOQ_KERNELS_INT_IM2COL_H
/* Convolution addressing for one image, done on the fly as the accelerator's address
 * generator does: row p = oy*OW + ox, column q = (c*k + ky)*k + kx, the weight layout
 * [cout][cin][k][k]. Out-of-image taps read zero (zero padding). */
#include <stdint.h>
#include "nets/net_spec.h"

/* col[q][p] = x[c][oy*stride - pad + ky][ox*stride - pad + kx], x is [cin][in_h][in_w]. */
void eoq_im2col(const eoq_conv_shape *s, const int32_t *x, int32_t *col);

/* col[q][p] = colT[p][q]. */
void eoq_transpose32(const int32_t *src, int rows, int cols, int32_t *dst);

/* dx[c][iy][ix] += dcolT[p][q] for every tap that lands inside the image (transposed conv). */
void eoq_col2im_add(const eoq_conv_shape *s, const int64_t *dcolT, int64_t *dx);

#endif
