#include "kernels/int_im2col.h"

void eoq_im2col_t(const eoq_conv_shape *s, const int32_t *x, int32_t *colT)
{
    int K = s->cin * s->k * s->k;
    for (int oy = 0; oy < s->out_h; oy++)
        for (int ox = 0; ox < s->out_w; ox++) {
            int32_t *row = colT + (size_t)(oy * s->out_w + ox) * K;
            int q = 0;
            for (int c = 0; c < s->cin; c++)
                for (int ky = 0; ky < s->k; ky++) {
                    int iy = oy * s->stride - s->pad + ky;
                    for (int kx = 0; kx < s->k; kx++, q++) {
                        int ix = ox * s->stride - s->pad + kx;
                        int inside = iy >= 0 && iy < s->in_h && ix >= 0 && ix < s->in_w;
                        row[q] = inside ? x[((size_t)c * s->in_h + iy) * s->in_w + ix] : 0;
                    }
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
                for (int ky = 0; ky < s->k; ky++) {
                    int iy = oy * s->stride - s->pad + ky;
                    for (int kx = 0; kx < s->k; kx++, q++) {
                        int ix = ox * s->stride - s->pad + kx;
                        if (iy >= 0 && iy < s->in_h && ix >= 0 && ix < s->in_w)
                            dx[((size_t)c * s->in_h + iy) * s->in_w + ix] += row[q];
                    }
                }
        }
}
