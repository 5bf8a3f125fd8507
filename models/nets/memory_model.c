#include "nets/memory_model.h"

const char *eoq_mem_scheme_name(eoq_mem_scheme s)
{
    static const char *const names[] = {"vanilla32", "vanilla8", "eoq8"};
    return (unsigned)s < 3 ? names[s] : "?";
}

static double out_elems(const eoq_conv_shape *s) { return (double)s->cout * s->out_h * s->out_w; }
static double in_elems(const eoq_conv_shape *s) { return (double)s->cin * s->in_h * s->in_w; }

eoq_mem_breakdown eoq_memory_of_step(const eoq_net_spec *spec, int batch, eoq_mem_scheme scheme)
{
    eoq_mem_breakdown m = {0, 0, 0, 0, 0};
    double bytes = scheme == EOQ_MEM_VANILLA32 ? 4.0 : 1.0;
    int bn = scheme != EOQ_MEM_EOQ8;
    double params = 0, largest = 0;
    for (int i = 0; i < spec->nconv; i++) {
        const eoq_conv_shape *s = &spec->conv[i].shape;
        params += (double)s->cout * s->cin * s->k * s->k;
        if (bn)
            params += 2.0 * s->cout; /* BN gamma, beta (running statistics not trained) */
        /* Saved for backward: every conv's input; with BN also the conv output (the BN input,
         * kept to recompute the normalization) and its normalized output; the ReLU mask is one
         * bit per element. EOQ keeps the conv input and the 1-bit mask of x4 only. */
        m.saved_activations += in_elems(s) * bytes;
        if (bn)
            m.saved_activations += 2.0 * out_elems(s) * bytes;
        m.saved_activations += out_elems(s) / 8.0;
        largest = out_elems(s) > largest ? out_elems(s) : largest;
        largest = in_elems(s) > largest ? in_elems(s) : largest;
    }
    params += (double)spec->feat_c * spec->classes + spec->classes;
    m.weights = params * bytes;
    m.weight_grads = params * bytes;
    m.saved_activations *= batch;
    m.errors = 2.0 * largest * bytes * batch; /* ping-pong error buffers */
    m.total = m.weights + m.weight_grads + m.saved_activations + m.errors;
    return m;
}
