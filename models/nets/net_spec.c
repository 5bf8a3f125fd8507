#include "nets/net_spec.h"

#include <stdio.h>
#include <string.h>

static eoq_conv_shape conv_shape(int cin, int cout, int k, int stride, int in_h, int in_w)
{
    eoq_conv_shape s = {cin, cout, k, stride, k / 2, in_h, in_w, 0, 0};
    s.out_h = (in_h + 2 * s.pad - k) / stride + 1;
    s.out_w = (in_w + 2 * s.pad - k) / stride + 1;
    return s;
}

static int add_conv(eoq_net_spec *spec, eoq_conv_shape s, eoq_layer_role role, int block)
{
    int i = spec->nconv++;
    spec->conv[i].shape = s;
    spec->conv[i].role = role;
    spec->conv[i].block = block;
    return i;
}

/* One residual block; returns the output channels. bottleneck: 1x1, 3x3 (stride), 1x1 x4. */
static void add_block(eoq_net_spec *spec, int in_c, int mid_c, int stride, int bottleneck,
                      eoq_shortcut_kind downsample, int *h, int *w, int *out_c)
{
    int b = spec->nblocks++;
    eoq_block_spec *blk = &spec->block[b];
    blk->in_c = in_c;
    blk->stride = stride;
    blk->in_h = *h;
    blk->in_w = *w;
    blk->first_conv = spec->nconv;
    eoq_conv_shape s;
    if (bottleneck) {
        s = conv_shape(in_c, mid_c, 1, 1, *h, *w);
        add_conv(spec, s, EOQ_ROLE_BRANCH_FIRST, b);
        s = conv_shape(mid_c, mid_c, 3, stride, s.out_h, s.out_w);
        add_conv(spec, s, EOQ_ROLE_BRANCH_MID, b);
        s = conv_shape(mid_c, 4 * mid_c, 1, 1, s.out_h, s.out_w);
        add_conv(spec, s, EOQ_ROLE_BRANCH_LAST, b);
        blk->nconv = 3;
    } else {
        s = conv_shape(in_c, mid_c, 3, stride, *h, *w);
        add_conv(spec, s, EOQ_ROLE_BRANCH_FIRST, b);
        s = conv_shape(mid_c, mid_c, 3, 1, s.out_h, s.out_w);
        add_conv(spec, s, EOQ_ROLE_BRANCH_LAST, b);
        blk->nconv = 2;
    }
    blk->out_c = s.cout;
    blk->out_h = s.out_h;
    blk->out_w = s.out_w;
    blk->proj_conv = -1;
    if (stride == 1 && in_c == blk->out_c) {
        blk->shortcut = EOQ_SHORTCUT_IDENTITY;
    } else {
        blk->shortcut = downsample;
        if (downsample == EOQ_SHORTCUT_CONV1X1)
            blk->proj_conv = add_conv(spec, conv_shape(in_c, blk->out_c, 1, stride, *h, *w),
                                      EOQ_ROLE_PROJECTION, b);
    }
    *h = blk->out_h;
    *w = blk->out_w;
    *out_c = blk->out_c;
}

static int fail(char *err, size_t errlen, const char *msg, const char *name)
{
    if (err && errlen)
        snprintf(err, errlen, msg, name);
    return -1;
}

int eoq_net_spec_build(const char *name, int in_c, int in_h, int in_w, int classes,
                       eoq_shortcut_kind downsample, eoq_net_spec *spec, char *err, size_t errlen)
{
    memset(spec, 0, sizeof *spec);
    int depth = 0;
    if (strncmp(name, "resnet", 6) != 0 || sscanf(name + 6, "%d", &depth) != 1)
        return fail(err, errlen, "unknown network '%s' (resnet8/14/20/32/56/110, resnet18/34/50)", name);
    if (in_c < 1 || in_h < 8 || in_w < 8 || classes < 2)
        return fail(err, errlen, "network '%s': input must be at least 1x8x8 with 2 or more classes", name);
    snprintf(spec->name, sizeof spec->name, "%s", name);
    spec->depth = depth;
    spec->in_c = in_c;
    spec->in_h = in_h;
    spec->in_w = in_w;
    spec->classes = classes;
    int h = in_h, w = in_w, c;

    int imagenet_blocks[4];
    int bottleneck = 0;
    if (depth == 18 || depth == 34 || depth == 50) {
        const int b18[4] = {2, 2, 2, 2}, b34[4] = {3, 4, 6, 3};
        memcpy(imagenet_blocks, depth == 18 ? b18 : b34, sizeof imagenet_blocks);
        bottleneck = depth == 50;
        eoq_conv_shape s = conv_shape(in_c, 64, 7, 2, h, w);
        s.pad = 3;
        add_conv(spec, s, EOQ_ROLE_STEM, -1);
        spec->stem_maxpool = 1;
        h = (s.out_h + 2 - 3) / 2 + 1;
        w = (s.out_w + 2 - 3) / 2 + 1;
        c = 64;
        for (int stage = 0; stage < 4; stage++)
            for (int i = 0; i < imagenet_blocks[stage]; i++)
                add_block(spec, c, 64 << stage, (stage > 0 && i == 0) ? 2 : 1, bottleneck,
                          EOQ_SHORTCUT_CONV1X1, &h, &w, &c);
        spec->trainable = 0;
    } else if (depth >= 8 && (depth - 2) % 6 == 0 && depth <= 2 + 6 * 18) {
        int n = (depth - 2) / 6;
        if (downsample != EOQ_SHORTCUT_SUBSAMPLE && downsample != EOQ_SHORTCUT_CONV1X1)
            return fail(err, errlen, "network '%s': downsample must be subsample or conv1x1", name);
        eoq_conv_shape s = conv_shape(in_c, 16, 3, 1, h, w);
        add_conv(spec, s, EOQ_ROLE_STEM, -1);
        c = 16;
        for (int stage = 0; stage < 3; stage++)
            for (int i = 0; i < n; i++)
                add_block(spec, c, 16 << stage, (stage > 0 && i == 0) ? 2 : 1, 0, downsample,
                          &h, &w, &c);
        spec->trainable = 1;
    } else {
        return fail(err, errlen, "unknown network '%s' (resnet8/14/20/32/56/110, resnet18/34/50)", name);
    }
    spec->feat_c = c;
    spec->feat_h = h;
    spec->feat_w = w;
    return 0;
}

size_t eoq_conv_in_elems(const eoq_conv_shape *s) { return (size_t)s->cin * s->in_h * s->in_w; }
size_t eoq_conv_out_elems(const eoq_conv_shape *s) { return (size_t)s->cout * s->out_h * s->out_w; }

size_t eoq_net_spec_max_activation(const eoq_net_spec *spec)
{
    size_t m = (size_t)spec->in_c * spec->in_h * spec->in_w;
    for (int i = 0; i < spec->nconv; i++) {
        size_t a = eoq_conv_in_elems(&spec->conv[i].shape), b = eoq_conv_out_elems(&spec->conv[i].shape);
        m = a > m ? a : m;
        m = b > m ? b : m;
    }
    return m;
}

int eoq_net_spec_num_blocks(const eoq_net_spec *spec) { return spec->nblocks; }

long long eoq_net_spec_forward_macs(const eoq_net_spec *spec)
{
    long long macs = 0;
    for (int i = 0; i < spec->nconv; i++) {
        const eoq_conv_shape *s = &spec->conv[i].shape;
        macs += (long long)s->cout * s->out_h * s->out_w * s->cin * s->k * s->k;
    }
    return macs + (long long)spec->feat_c * spec->classes;
}
