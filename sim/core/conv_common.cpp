#include "conv_common.h"

namespace eoqsim {

ConvDims conv_dims(const char *op, int64_t n, int64_t cin, int64_t h, int64_t w, int64_t cout, int64_t k,
                   int64_t stride, int64_t pad)
{
    if (k < 1 || stride < 1)
        fail("kernel size %lld and stride %lld must be >= 1", (long long)k, (long long)stride);
    if (h + 2 * pad < k || w + 2 * pad < k)
        fail("kernel %lld is larger than the padded input %lldx%lld", (long long)k,
             (long long)(h + 2 * pad), (long long)(w + 2 * pad));
    ConvDims d;
    d.n = (uint64_t)n, d.cin = (uint64_t)cin, d.h = (uint64_t)h, d.w = (uint64_t)w;
    d.cout = (uint64_t)cout, d.k = (uint64_t)k, d.s = (uint64_t)stride, d.pad = (uint64_t)pad;
    d.oh = (uint64_t)((h + 2 * pad - k) / stride + 1);
    d.ow = (uint64_t)((w + 2 * pad - k) / stride + 1);
    if (d.cin == 0 || d.cout == 0)
        fail("%s needs cin >= 1 and cout >= 1", op);
    return d;
}

ConvScratch &conv_scratch()
{
    static ConvScratch s;
    return s;
}

void check_int32_acc(const int64_t *v, uint64_t n, const char *what)
{
    for (uint64_t i = 0; i < n; i++)
        if (v[i] < INT32_MIN || v[i] > INT32_MAX)
            fail("%s: accumulator value %lld overflows the array's int32 accumulator", what,
                 (long long)v[i]);
}

void count_array(Hw &hw, uint64_t subtiles, uint64_t kred, uint64_t useful, SramBuffer *left,
                 unsigned left_word, SramBuffer *top, unsigned top_word)
{
    uint64_t R = hw.cfg.array_rows, C = hw.cfg.array_cols, steps = subtiles * kred;
    hw.mac->ev.macs += useful;
    hw.mac->ev.mac_slots += steps * R * C;
    left->count_read(steps * R * left_word, steps);
    top->count_read(steps * C * top_word, steps);
}

}  // namespace eoqsim
