#include "kernels/float_gemm.h"

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

static float dot(const float *a, const float *b, int K)
{
    int k = 0;
#if defined(__SSE__)
    __m128 s = _mm_setzero_ps();
    for (; k + 4 <= K; k += 4)
        s = _mm_add_ps(s, _mm_mul_ps(_mm_loadu_ps(a + k), _mm_loadu_ps(b + k)));
    float p[4];
    _mm_storeu_ps(p, s);
#else
    float p[4] = {0, 0, 0, 0};
    for (; k + 4 <= K; k += 4)
        for (int t = 0; t < 4; t++)
            p[t] += a[k + t] * b[k + t];
#endif
    float r = (p[0] + p[2]) + (p[1] + p[3]);
    for (; k < K; k++)
        r += a[k] * b[k];
    return r;
}

void eoq_fgemm_nt(int M, int N, int K, const float *A, const float *B, float *C, int ldc, int accumulate)
{
    for (int i = 0; i < M; i++) {
        const float *a = A + (long)i * K;
        float *c = C + (long)i * ldc;
        for (int j = 0; j < N; j++) {
            float v = dot(a, B + (long)j * K, K);
            c[j] = accumulate ? c[j] + v : v;
        }
    }
}

void eoq_fim2col(const eoq_conv_shape *s, const float *x, float *col)
{
    int P = s->out_h * s->out_w;
    for (int c = 0; c < s->cin; c++)
        for (int ky = 0; ky < s->k; ky++)
            for (int kx = 0; kx < s->k; kx++) {
                float *row = col + (long)((c * s->k + ky) * s->k + kx) * P;
                for (int oy = 0; oy < s->out_h; oy++)
                    for (int ox = 0; ox < s->out_w; ox++) {
                        long i = eoq_conv_tap(s, oy, ox, c, ky, kx);
                        row[oy * s->out_w + ox] = i >= 0 ? x[i] : 0.0f;
                    }
            }
}

void eoq_ftranspose(const float *src, int rows, int cols, float *dst)
{
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            dst[(long)c * rows + r] = src[(long)r * cols + c];
}

void eoq_fcol2im_add(const eoq_conv_shape *s, const float *dcolT, float *dx)
{
    int K = s->cin * s->k * s->k;
    for (int oy = 0; oy < s->out_h; oy++)
        for (int ox = 0; ox < s->out_w; ox++) {
            const float *row = dcolT + (long)(oy * s->out_w + ox) * K;
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
