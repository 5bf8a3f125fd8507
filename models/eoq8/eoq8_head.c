#include "eoq8/eoq8_head.h"

#include "train/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int eoq8_head_init(eoq8_head *h, int C, int classes, int HW, const float *w, const float *b,
                   float bias_in)
{
    memset(h, 0, sizeof *h);
    h->C = C;
    h->classes = classes;
    h->HW = HW;
    h->bias_in = bias_in;
    h->w = malloc(sizeof(float) * (size_t)C * classes);
    h->b = malloc(sizeof(float) * (size_t)classes);
    if (!h->w || !h->b) {
        eoq8_head_free(h);
        return -1;
    }
    memcpy(h->w, w, sizeof(float) * (size_t)C * classes);
    memcpy(h->b, b, sizeof(float) * (size_t)classes);
    return 0;
}

void eoq8_head_free(eoq8_head *h)
{
    free(h->w);
    free(h->b);
    free(h->feat);
    free(h->prob);
    free(h->ex);
    memset(h, 0, sizeof *h);
}

static int ensure(eoq8_head *h, int N)
{
    if (N <= h->cap)
        return 0;
    free(h->feat);
    free(h->prob);
    free(h->ex);
    h->feat = malloc(sizeof(double) * (size_t)N * h->C);
    h->prob = malloc(sizeof(double) * (size_t)N * h->classes);
    h->ex = malloc(sizeof(double) * (size_t)N * h->C * h->HW);
    if (!h->feat || !h->prob || !h->ex)
        return -1;
    h->cap = N;
    return 0;
}

/* feat = mean over HW of x5 + bias_in; prob = logits (softmax applied by the caller). */
static void forward(eoq8_head *h, int N, const int32_t *x5, int e_a)
{
    double unit = ldexp(1.0, e_a) / h->HW;
    for (int n = 0; n < N; n++) {
        for (int c = 0; c < h->C; c++) {
            const int32_t *p = x5 + ((size_t)n * h->C + c) * h->HW;
            int64_t s = 0;
            for (int i = 0; i < h->HW; i++)
                s += p[i];
            h->feat[(size_t)n * h->C + c] = (double)s * unit + h->bias_in;
        }
        for (int k = 0; k < h->classes; k++) {
            double z = h->b[k];
            for (int c = 0; c < h->C; c++)
                z += (double)h->w[(size_t)k * h->C + c] * h->feat[(size_t)n * h->C + c];
            h->prob[(size_t)n * h->classes + k] = z;
        }
    }
}

static int argmax(const double *v, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (v[i] > v[best])
            best = i;
    return best;
}

void eoq8_head_predict(eoq8_head *h, int N, const int32_t *x5, int e_a, int *pred)
{
    if (ensure(h, N))
        return;
    forward(h, N, x5, e_a);
    for (int n = 0; n < N; n++)
        pred[n] = argmax(h->prob + (size_t)n * h->classes, h->classes);
}

int eoq8_host_sq(const double *x, size_t n, int k, int32_t *dst)
{
    double M = 0;
    for (size_t i = 0; i < n; i++)
        if (fabs(x[i]) > M)
            M = fabs(x[i]);
    if (M == 0) {
        memset(dst, 0, n * sizeof *dst);
        return -(k - 1);
    }
    int p = ilogb(M);
    double m = ldexp(M, -p); /* [1, 2), exact */
    double hi = m * m, lo = fma(m, m, -hi);
    int r = (hi > 2.0 || (hi == 2.0 && lo > 0)) ? p + 1 : p;
    int e = r - (k - 1);
    double lim = ldexp(1.0, k - 1) - 1;
    for (size_t i = 0; i < n; i++) {
        double v = nearbyint(ldexp(x[i], -e));
        dst[i] = (int32_t)(v > lim ? lim : (v < -lim ? -lim : v));
    }
    return e;
}

double eoq8_head_train(eoq8_head *h, int N, const int32_t *x5, int e_a, const uint8_t *labels,
                       double lr, int k_e, int *correct, int32_t *e_out, int *e_exp)
{
    if (ensure(h, N))
        return NAN;
    forward(h, N, x5, e_a);
    double loss = 0;
    int right = 0;
    for (int n = 0; n < N; n++) {
        double *z = h->prob + (size_t)n * h->classes;
        int y = labels[n];
        right += argmax(z, h->classes) == y;
        double mx = z[0];
        for (int k = 1; k < h->classes; k++)
            mx = z[k] > mx ? z[k] : mx;
        double sum = 0;
        for (int k = 0; k < h->classes; k++)
            sum += exp(z[k] - mx);
        loss += log(sum) - (z[y] - mx);
        for (int k = 0; k < h->classes; k++)
            z[k] = (exp(z[k] - mx) / sum - (k == y)) / N; /* now dloss/dlogit */
    }
    *correct = right;
    /* error of each feature, spread evenly over the HW positions it averaged */
    size_t total = (size_t)N * h->C * h->HW;
    double *ex = h->ex;
    double dbias_in = 0;
    for (int n = 0; n < N; n++)
        for (int c = 0; c < h->C; c++) {
            double d = 0;
            for (int k = 0; k < h->classes; k++)
                d += (double)h->w[(size_t)k * h->C + c] * h->prob[(size_t)n * h->classes + k];
            dbias_in += d;
            for (int i = 0; i < h->HW; i++)
                ex[((size_t)n * h->C + c) * h->HW + i] = d / h->HW;
        }
    *e_exp = eoq8_host_sq(ex, total, k_e, e_out);
    for (int k = 0; k < h->classes; k++) {
        double db = 0;
        for (int n = 0; n < N; n++)
            db += h->prob[(size_t)n * h->classes + k];
        for (int c = 0; c < h->C; c++) {
            double dw = 0;
            for (int n = 0; n < N; n++)
                dw += h->prob[(size_t)n * h->classes + k] * h->feat[(size_t)n * h->C + c];
            h->w[(size_t)k * h->C + c] -= (float)(lr * dw);
        }
        h->b[k] -= (float)(lr * EOQ_SCALAR_LR_FACTOR * db);
    }
    h->bias_in -= (float)(lr * EOQ_SCALAR_LR_FACTOR * dbias_in);
    return loss / N;
}
