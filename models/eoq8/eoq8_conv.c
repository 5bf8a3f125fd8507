#include "eoq8/eoq8_conv.h"

#include <stdlib.h>
#include <string.h>
#include "kernels/int_im2col.h"

#define GROW(ptr, cap, need)                                                                   \
    do {                                                                                       \
        if ((size_t)(need) > (cap)) {                                                          \
            void *q_ = realloc((ptr), (size_t)(need) * sizeof *(ptr));                         \
            if (!q_)                                                                           \
                return -1;                                                                     \
            (ptr) = q_;                                                                        \
            (cap) = (size_t)(need);                                                            \
        }                                                                                      \
    } while (0)

void eoq8_conv_scratch_free(eoq8_conv_scratch *s)
{
    free(s->colT);
    free(s->col);
    free(s->eT);
    free(s->wT);
    free(s->acc);
    free(s->dcolT);
    eoq_gemm_scratch_free(&s->gemm);
    memset(s, 0, sizeof *s);
}

static size_t in_size(const eoq_conv_shape *s) { return (size_t)s->cin * s->in_h * s->in_w; }
static size_t out_plane(const eoq_conv_shape *s) { return (size_t)s->out_h * s->out_w; }
static int kdim(const eoq_conv_shape *s) { return s->cin * s->k * s->k; }

int eoq8_conv_forward(const eoq_conv_shape *s, int N, const int32_t *x, const int32_t *w,
                      int64_t *out, eoq8_conv_scratch *sc)
{
    int P = (int)out_plane(s), K = kdim(s);
    GROW(sc->colT, sc->colT_cap, (size_t)P * K);
    GROW(sc->col, sc->col_cap, (size_t)P * K);
    for (int n = 0; n < N; n++) {
        eoq_im2col(s, x + n * in_size(s), sc->col);
        eoq_transpose32(sc->col, K, P, sc->colT);
        if (eoq_gemm_nt(s->cout, P, K, w, sc->colT, out + (size_t)n * s->cout * P, P, 0, &sc->gemm))
            return -1;
    }
    return 0;
}

int eoq8_conv_backward_weight(const eoq_conv_shape *s, int N, const int32_t *x, const int32_t *e,
                              int64_t *gw, eoq8_conv_scratch *sc)
{
    int P = (int)out_plane(s), K = kdim(s);
    GROW(sc->col, sc->col_cap, (size_t)P * K);
    for (int n = 0; n < N; n++) {
        eoq_im2col(s, x + n * in_size(s), sc->col);
        if (eoq_gemm_nt(s->cout, K, P, e + (size_t)n * s->cout * P, sc->col, gw, K, n > 0, &sc->gemm))
            return -1;
    }
    return 0;
}

int eoq8_conv_backward_data(const eoq_conv_shape *s, int N, const int32_t *e, const int32_t *w,
                            int64_t *dx, eoq8_conv_scratch *sc)
{
    int P = (int)out_plane(s), K = kdim(s);
    GROW(sc->eT, sc->eT_cap, (size_t)P * s->cout);
    GROW(sc->wT, sc->wT_cap, (size_t)K * s->cout);
    GROW(sc->dcolT, sc->dcolT_cap, (size_t)P * K);
    eoq_transpose32(w, s->cout, K, sc->wT);
    for (int n = 0; n < N; n++) {
        eoq_transpose32(e + (size_t)n * s->cout * P, s->cout, P, sc->eT);
        if (eoq_gemm_nt(P, K, s->cout, sc->eT, sc->wT, sc->dcolT, K, 0, &sc->gemm))
            return -1;
        int64_t *dxn = dx + n * in_size(s);
        memset(dxn, 0, in_size(s) * sizeof *dxn);
        eoq_col2im_add(s, sc->dcolT, dxn);
    }
    return 0;
}
