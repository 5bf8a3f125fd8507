#include "kernels/int_im2col.h"

/* Valid output columns [*lo, *hi) for which ix = ox*stride - pad + kx lands in [0, in_w). */
static void valid_range(const eoq_conv_shape *s, int kx, int *lo, int *hi)
{
    int first = s->pad - kx; /* smallest ox*stride allowed */
    *lo = first <= 0 ? 0 : (first + s->stride - 1) / s->stride;
    int last = s->in_w - 1 + s->pad - kx; /* largest ox*stride allowed */
    *hi = last < 0 ? 0 : last / s->stride + 1;
    if (*hi > s->out_w)
        *hi = s->out_w;
    if (*lo > *hi)
        *lo = *hi;
}

void eoq_im2col(const eoq_conv_shape *s, const int32_t *x, int32_t *col)
{
    int P = s->out_h * s->out_w;
    for (int c = 0; c < s->cin; c++)
        for (int ky = 0; ky < s->k; ky++)
            for (int kx = 0; kx < s->k; kx++) {
                int32_t *row = col + (size_t)((c * s->k + ky) * s->k + kx) * P;
                int lo, hi;
                valid_range(s, kx, &lo, &hi);
                for (int oy = 0; oy < s->out_h; oy++) {
                    int32_t *r = row + oy * s->out_w;
                    int iy = oy * s->stride - s->pad + ky;
                    if (iy < 0 || iy >= s->in_h) {
                        for (int ox = 0; ox < s->out_w; ox++)
                            r[ox] = 0;
                        continue;
                    }
                    const int32_t *xr = x + ((size_t)c * s->in_h + iy) * s->in_w;
                    int off = kx - s->pad;
                    for (int ox = 0; ox < lo; ox++)
                        r[ox] = 0;
                    for (int ox = lo; ox < hi; ox++)
                        r[ox] = xr[ox * s->stride + off];
                    for (int ox = hi; ox < s->out_w; ox++)
                        r[ox] = 0;
                }
            }
}

void eoq_transpose32(const int32_t *src, int rows, int cols, int32_t *dst)
{
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            dst[(size_t)c * rows + r] = src[(size_t)r * cols + c];
}

void eoq_col2im_add(const eoq_conv_shape *s, const int64_t *dcolT, int64_t *dx)
{
    int K = s->cin * s->k * s->k;
    for (int oy = 0; oy < s->out_h; oy++)
        for (int ox = 0; ox < s->out_w; ox++) {
            const int64_t *row = dcolT + (size_t)(oy * s->out_w + ox) * K;
            int q = 0;
            for (int c = 0; c < s->cin; c++)
                for (int ky = 0; ky < s->k; ky++)
                    for (int kx = 0; kx < s->k; kx++, q++) {
                        long i = eoq_conv_tap(s, oy, ox, c, ky, kx);
                        if (i >= 0)
                            dx[i] += row[q];
                    }
        }
}
