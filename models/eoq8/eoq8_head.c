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
            double f = (double)s * unit + h->bias_in;
            if (h->qbits) /* Q(k_a): the pooled feature on the activation grid */
                f = ldexp(nearbyint(ldexp(f, h->qbits->a - 1)), -(h->qbits->a - 1));
            h->feat[(size_t)n * h->C + c] = f;
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

/* x <- SQ(x, k) in place, through the same host SQ as the error boundary. */
static int sq_real(double *x, size_t n, int k)
{
    int32_t *m = malloc(n * sizeof *m);
    if (!m)
        return -1;
    int e = eoq8_host_sq(x, n, k, m);
    for (size_t i = 0; i < n; i++)
        x[i] = ldexp((double)m[i], e);
    free(m);
    return 0;
}

/* v <- clamp(R(v - u)) on the grid 2^-(k-1) with |mantissa| <= sat. */
static float write_back(eoq8_head *h, double v, double u, int k, double sat)
{
    double m = ldexp(v - u, k - 1);
    if (h->stochastic_wb) {
        double U = eoq_prng_next(h->rng) / 4294967296.0;
        m = floor(m + U);
    } else {
        m = nearbyint(m);
    }
    m = m > sat ? sat : (m < -sat ? -sat : m);
    return (float)ldexp(m, -(k - 1));
}

/* The classifier on the integer grids (k_w weights, k_a features, k_e errors, k_g gradients,
 * k_u updates); values are grid points held exactly in doubles. */
static int train_quantized(eoq8_head *h, int N, double lr)
{
    const eoq_bits *k = h->qbits;
    size_t nl = (size_t)N * h->classes, nw = (size_t)h->C * h->classes;
    double *g = malloc(sizeof(double) * (nw + 2 * (size_t)h->classes + 1));
    if (!g || sq_real(h->prob, nl, k->e)) { /* Q_e of the logit error */
        free(g);
        return -1;
    }
    double *gb = g + nw, *ub = gb + h->classes;
    for (int j = 0; j < h->classes; j++) {
        gb[j] = 0;
        for (int n = 0; n < N; n++)
            gb[j] += h->prob[(size_t)n * h->classes + j];
        for (int c = 0; c < h->C; c++) {
            double s = 0;
            for (int n = 0; n < N; n++)
                s += h->prob[(size_t)n * h->classes + j] * h->feat[(size_t)n * h->C + c];
            g[(size_t)j * h->C + c] = s;
        }
    }
    if (sq_real(g, nw, k->g) || sq_real(gb, (size_t)h->classes, k->g))
        goto fail;
    for (size_t i = 0; i < nw; i++)
        g[i] *= lr;
    for (int j = 0; j < h->classes; j++)
        ub[j] = gb[j] * lr * EOQ_SCALAR_LR_FACTOR;
    if (sq_real(g, nw, k->u) || sq_real(ub, (size_t)h->classes, k->u))
        goto fail;
    double wsat = ldexp(1, k->w - 1) - 1, bsat = ldexp(1, k->b) - 1;
    for (size_t i = 0; i < nw; i++)
        h->w[i] = write_back(h, h->w[i], g[i], k->w, wsat);
    for (int j = 0; j < h->classes; j++)
        h->b[j] = write_back(h, h->b[j], ub[j], k->b, bsat);
    free(g);
    return 0;
fail:
    free(g);
    return -1;
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
    if (h->qbits && sq_real(h->prob, (size_t)N * h->classes, h->qbits->e))
        return NAN; /* the feature error below is then w_q^T Q_e(logit error) */
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
    if (h->qbits) {
        if (train_quantized(h, N, lr))
            return NAN;
        double bsat = ldexp(1, h->qbits->b) - 1;
        h->bias_in = write_back(h, h->bias_in, lr * EOQ_SCALAR_LR_FACTOR * dbias_in, h->qbits->b, bsat);
        return loss / N;
    }
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
