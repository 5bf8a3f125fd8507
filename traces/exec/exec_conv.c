/* CONV_FWD, CONV_BWD_DATA, CONV_BWD_WEIGHT: the golden model's convolution commands
 * (models/eoq8/eoq8_conv.c) on tensors read from DRAM, im2col addressing included. */
#include <stdlib.h>
#include "exec/exec_internal.h"
#include "quant/quantizer.h"

static uint64_t max_abs32(const int32_t *v, size_t n)
{
    uint64_t mx = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t a = v[i] < 0 ? (uint64_t)(-(int64_t)v[i]) : (uint64_t)v[i];
        mx = a > mx ? a : mx;
    }
    return mx;
}

/* The MAC array's exact sums stay below 2^62 when max|a| * max|b| * terms does. */
static int macs_fit(eoq_exec_machine *m, const int32_t *a, size_t na, const int32_t *b, size_t nb, uint64_t terms)
{
    unsigned __int128 bound = (unsigned __int128)max_abs32(a, na) * max_abs32(b, nb) * terms;
    if (bound >= ((unsigned __int128)1 << 62))
        return ex_fail(m, "accumulator bound %llu x %llu x %llu terms exceeds 62 bits",
                       (unsigned long long)max_abs32(a, na), (unsigned long long)max_abs32(b, nb),
                       (unsigned long long)terms);
    return 0;
}

#define SHAPE(c) (c).n, (c).cin, (c).h, (c).w, (c).cout, (c).k, (c).stride, (c).pad

int ex_conv_fwd(eoq_exec_machine *m, const uint8_t *cmd)
{
    eoq_cmd_conv_fwd c;
    eoq_decode_conv_fwd(cmd, &c);
    eoq_conv_shape s;
    size_t nin, nout, nw;
    if (ex_conv_shape(m, SHAPE(c), &s) || ex_count(m, "x", c.n, c.cin, c.h, c.w, &nin) ||
        ex_count(m, "out", c.n, c.cout, s.out_h, s.out_w, &nout) ||
        ex_count(m, "weights", c.cout, c.cin, c.k, c.k, &nw))
        return -1;
    int64_t *x = malloc(nin * sizeof *x), *acc = malloc(nout * sizeof *acc);
    int32_t *x1 = malloc(nin * sizeof *x1), *w = malloc(nw * sizeof *w), *q = malloc(nout * sizeof *q);
    int rc = -1;
    if (!x || !acc || !x1 || !w || !q) {
        ex_fail(m, "out of memory");
        goto done;
    }
    int64_t b1 = 0;
    if (ex_load(m, "x", c.x_addr, c.x_type, nin, x) || ex_load32(m, "weights", c.wt_addr, c.wt_type, nw, w) ||
        (c.b1_en && (ex_load_scalar(m, "b1", c.b1_addr, c.b1_type, &b1) || ex_shl(m, "b1", b1, c.b1_shl, &b1))))
        goto done;
    for (size_t i = 0; i < nin; i++) {
        int64_t v;
        if (ex_shl(m, "x", x[i], c.x_shl, &v) || __builtin_add_overflow(v, b1, &v) || v < INT32_MIN || v > INT32_MAX) {
            ex_fail(m, "x1 element %zu exceeds the 32-bit operand of the MAC array", i);
            goto done;
        }
        x1[i] = (int32_t)v;
        x[i] = v;
    }
    if (c.x1_en && ex_store(m, "x1", c.x1_addr, c.x1_type, nin, x))
        goto done;
    if (macs_fit(m, x1, nin, w, nw, (uint64_t)c.cin * c.k * c.k))
        goto done;
    if (eoq8_conv_forward(&s, (int)c.n, x1, w, acc, &m->conv)) {
        ex_fail(m, "out of memory");
        goto done;
    }
    if (!c.rq_en) {
        rc = ex_store(m, "out", c.out_addr, c.out_type, nout, acc);
        goto done;
    }
    int sh;
    if (EX_EXPOP(m, "rq_shift", c, rq_shift, -62, 63, &sh) ||
        ex_shift_ok(m, "requantization", acc, nout, sh))
        goto done;
    if (c.rq_lo > c.rq_hi) {
        ex_fail(m, "rq_lo %lld > rq_hi %lld", (long long)c.rq_lo, (long long)c.rq_hi);
        goto done;
    }
    eoq_rounder rne = {EOQ_ROUND_NEAREST_EVEN, NULL};
    eoq_requant(acc, nout, sh, c.rq_lo, c.rq_hi, q, &rne);
    rc = ex_store32(m, "out", c.out_addr, c.out_type, nout, q);
done:
    free(x);
    free(acc);
    free(x1);
    free(w);
    free(q);
    return rc;
}

/* An int32 operand of the MAC array as it lies in DRAM. */
typedef struct {
    const char *what;
    int64_t addr, type;
    size_t count;
} operand;

typedef int (*conv_kernel)(const eoq_conv_shape *s, int N, const int32_t *a, const int32_t *b, int64_t *out,
                           eoq8_conv_scratch *sc);

/* The two backward convolutions: operands a and b straight from DRAM through the golden kernel
 * (terms products per sum), the exact int64 sums stored unrounded. */
static int conv_backward(eoq_exec_machine *m, const eoq_conv_shape *s, int64_t n, operand a, operand b, uint64_t terms,
                         conv_kernel kernel, operand out)
{
    int32_t *va = malloc(a.count * sizeof *va), *vb = malloc(b.count * sizeof *vb);
    int64_t *vout = malloc(out.count * sizeof *vout);
    int rc = -1;
    if (!va || !vb || !vout)
        ex_fail(m, "out of memory");
    else if (!ex_load32(m, a.what, a.addr, a.type, a.count, va) && !ex_load32(m, b.what, b.addr, b.type, b.count, vb) &&
             !macs_fit(m, va, a.count, vb, b.count, terms)) {
        if (kernel(s, (int)n, va, vb, vout, &m->conv))
            ex_fail(m, "out of memory");
        else
            rc = ex_store(m, out.what, out.addr, out.type, out.count, vout);
    }
    free(va);
    free(vb);
    free(vout);
    return rc;
}

int ex_conv_bwd_data(eoq_exec_machine *m, const uint8_t *cmd)
{
    eoq_cmd_conv_bwd_data c;
    eoq_decode_conv_bwd_data(cmd, &c);
    eoq_conv_shape s;
    size_t nin, nout, nw;
    if (ex_conv_shape(m, SHAPE(c), &s) || ex_count(m, "out", c.n, c.cin, c.h, c.w, &nin) ||
        ex_count(m, "e", c.n, c.cout, s.out_h, s.out_w, &nout) ||
        ex_count(m, "weights", c.cout, c.cin, c.k, c.k, &nw))
        return -1;
    operand e = {"e", c.e_addr, c.e_type, nout}, w = {"weights", c.wt_addr, c.wt_type, nw};
    operand dx = {"out", c.out_addr, c.out_type, nin};
    return conv_backward(m, &s, c.n, e, w, (uint64_t)c.cout * c.k * c.k, eoq8_conv_backward_data, dx);
}

int ex_conv_bwd_weight(eoq_exec_machine *m, const uint8_t *cmd)
{
    eoq_cmd_conv_bwd_weight c;
    eoq_decode_conv_bwd_weight(cmd, &c);
    eoq_conv_shape s;
    size_t nin, nout, nw;
    if (ex_conv_shape(m, SHAPE(c), &s) || ex_count(m, "x", c.n, c.cin, c.h, c.w, &nin) ||
        ex_count(m, "e", c.n, c.cout, s.out_h, s.out_w, &nout) ||
        ex_count(m, "out", c.cout, c.cin, c.k, c.k, &nw))
        return -1;
    operand x = {"x", c.x_addr, c.x_type, nin}, e = {"e", c.e_addr, c.e_type, nout};
    operand gw = {"out", c.out_addr, c.out_type, nw};
    return conv_backward(m, &s, c.n, x, e, (uint64_t)c.n * s.out_h * s.out_w, eoq8_conv_backward_weight, gw);
}
