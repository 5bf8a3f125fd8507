#ifndef EOQ_KERNELS_FLOAT_GEMM_H
#define EOQ_KERNELS_FLOAT_GEMM_H
/* The float baselines' MAC array: C[i][j] (+)= sum_k A[i][k] * B[j][k] in float32, with one
 * fixed summation order (4 partial sums over k, then added pairwise) at every optimization
 * level, so -O0 and -O2 builds give the same bits. */
void eoq_fgemm_nt(int M, int N, int K, const float *A, const float *B, float *C, int ldc, int accumulate);

/* Float im2col / col2im with the same addressing as kernels/int_im2col.h. */
#include "nets/net_spec.h"
void eoq_fim2col(const eoq_conv_shape *s, const float *x, float *col);      /* col[q][p] */
void eoq_ftranspose(const float *src, int rows, int cols, float *dst);
void eoq_fcol2im_add(const eoq_conv_shape *s, const float *dcolT, float *dx); /* dcolT[p][q] */
#endif
