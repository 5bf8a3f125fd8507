#ifndef EOQ_SIM_CONV_COMMON_H
#define EOQ_SIM_CONV_COMMON_H
// Shapes and helpers shared by the three convolution planners (docs/sim.md, "Convolutions").
#include <vector>
#include "hw.h"
#include "models_c.h"

namespace eoqsim {

struct ConvDims {
    uint64_t n, cin, h, w, cout, k, s, pad, oh, ow;
    // elements of the input (or input gradient), the output (or error) and the weights
    unsigned __int128 in_elems() const { return (unsigned __int128)n * cin * h * w; }
    unsigned __int128 out_elems() const { return (unsigned __int128)n * cout * oh * ow; }
    unsigned __int128 wt_elems() const { return (unsigned __int128)cout * cin * k * k; }
};

// Validates the shape fields of convolution command op (at least one input and one output
// channel) and derives the output size.
ConvDims conv_dims(const char *op, int64_t n, int64_t cin, int64_t h, int64_t w, int64_t cout, int64_t k,
                   int64_t stride, int64_t pad);

// The largest power of two p with p * b <= a (0 when a < b): how the command processor sizes
// tiles without a divider. In hardware: d = bitlen(a) - bitlen(b), then p = 2^d when
// (b << d) <= a, else 2^(d-1): a priority encoder, a shifter and one compare.
inline uint64_t pfloor(uint64_t a, uint64_t b)
{
    if (b == 0 || a < b)
        return 0;
    int d = (64 - __builtin_clzll(a)) - (64 - __builtin_clzll(b));
    return (b << d) <= a ? (uint64_t)1 << d : (uint64_t)1 << (d - 1);
}

inline int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
inline int64_t ceil_div_s(int64_t a, int64_t b) { return -floor_div(-a, b); }

// Input rows [lo, hi) that output rows [oy0, oy0 + rows) read, clipped to the image.
inline void in_rows(const ConvDims &d, uint64_t oy0, uint64_t rows, int64_t *lo, int64_t *hi)
{
    int64_t a = (int64_t)(oy0 * d.s) - (int64_t)d.pad;
    int64_t b = (int64_t)((oy0 + rows - 1) * d.s) - (int64_t)d.pad + (int64_t)d.k;
    *lo = a < 0 ? 0 : a;
    *hi = b > (int64_t)d.h ? (int64_t)d.h : b;
    if (*hi < *lo)
        *hi = *lo;
}

// An N x C x H x W tensor in DRAM (elements of dt bytes), as the planners address it.
struct Nchw {
    uint64_t addr;
    unsigned dt;
    uint64_t c, h, w;
};

// Appends to x the rows [y0, y0 + rows) of channels [c0, c0 + nc) of image n of t: one segment a
// channel, packed channel after channel from SRAM word 0 (none when rows is 0). Every band of
// activations, errors and outputs the convolutions move is one of these.
inline void add_rows(Xfer &x, const Nchw &t, uint64_t n, uint64_t c0, uint64_t nc, uint64_t y0, uint64_t rows)
{
    for (uint64_t c = 0; c < nc && rows; c++)
        x.segs.push_back({t.addr + (((n * t.c + c0 + c) * t.h + y0) * t.w) * t.dt, rows * t.w, 1, c * rows * t.w, 1});
}

// Per MAC-array scratch, reused across tiles.
struct ConvScratch {
    std::vector<int32_t> a, b;
    std::vector<int64_t> c;
    eoq_gemm_scratch gemm{};
    ~ConvScratch() { eoq_gemm_scratch_free(&gemm); }
};
ConvScratch &conv_scratch();

// Fails unless every value fits the array's int32 accumulator.
void check_int32_acc(const int64_t *v, uint64_t n, const char *what);

// Counts the array's events and buffer reads for `subtiles` R x C sub-tiles of reduction
// length kred each, with `useful` multiply-accumulates among them.
void count_array(Hw &hw, uint64_t subtiles, uint64_t kred, uint64_t useful, SramBuffer *left,
                 unsigned left_word, SramBuffer *top, unsigned top_word);

}  // namespace eoqsim
#endif
