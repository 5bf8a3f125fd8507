#include "eoq8/eoq8_format.h"

static int min2(int a, int b) { return a < b ? a : b; }

eoq8_format eoq8_format_make(const eoq_bits *k, int act_range_log2)
{
    eoq8_format f;
    f.k = *k;
    f.e_a = -(k->a - 1) + act_range_log2;
    f.e_in = f.e_a + 2;
    f.e_w = -(k->w - 1);
    f.e_b = -(k->b - 1);
    f.e_g = -(k->gamma - 1);
    f.e_x1 = min2(f.e_a, f.e_b);
    f.e_acc = f.e_x1 + f.e_w;
    f.e_x4 = min2(min2(f.e_a + f.e_g, f.e_b), f.e_acc);
    f.a_max = ((int64_t)1 << (k->a - 1)) - 1;
    f.w_max = ((int64_t)1 << (k->w - 1)) - 1;
    f.b_sat = ((int64_t)1 << k->b) - 1;
    f.g_sat = ((int64_t)1 << k->gamma) - 1;
    f.x2_sat = ((int64_t)1 << (k->a - 1 + 8)) - 1;
    return f;
}
