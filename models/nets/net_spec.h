#ifndef EOQ_NETS_NET_SPEC_H
#define EOQ_NETS_NET_SPEC_H
/* Network shapes, shared by every engine (eoq8, fixup32, bn32, wageubn8), the memory model
 * and the trace generator. A network is a flat list of conv layers plus the residual blocks
 * that group them; the engines walk this list, so all of them see the same topology. */
#include <stddef.h>

#define EOQ_MAX_CONV 160
#define EOQ_MAX_BLOCKS 64

typedef struct {
    int cin, cout, k, stride, pad;
    int in_h, in_w, out_h, out_w;
} eoq_conv_shape;

typedef enum {
    EOQ_ROLE_STEM = 0,         /* first conv of the network: relu(conv(x) + b2) */
    EOQ_ROLE_BRANCH_FIRST = 1, /* relu(conv(x + b1) + b2) */
    EOQ_ROLE_BRANCH_MID = 2,   /* bottleneck middle: relu(conv(x + b1) + b2) */
    EOQ_ROLE_BRANCH_LAST = 3,  /* relu(gamma * conv(x + b1) + b2 + shortcut) */
    EOQ_ROLE_PROJECTION = 4    /* 1x1 shortcut conv on the block's x + b1 */
} eoq_layer_role;

typedef enum {
    EOQ_SHORTCUT_IDENTITY = 0,
    EOQ_SHORTCUT_SUBSAMPLE = 1, /* CIFAR style: stride-2 subsampling plus zero channels */
    EOQ_SHORTCUT_CONV1X1 = 2    /* ImageNet style: 1x1 conv with stride */
} eoq_shortcut_kind;

typedef struct {
    eoq_conv_shape shape;
    eoq_layer_role role;
    int block; /* index of its residual block, -1 for the stem */
} eoq_conv_layer_spec;

typedef struct {
    int first_conv, nconv; /* branch convs: conv[first_conv .. first_conv+nconv-1] */
    eoq_shortcut_kind shortcut;
    int proj_conv; /* index of the 1x1 shortcut conv, or -1 */
    int in_c, out_c, stride, in_h, in_w, out_h, out_w;
} eoq_block_spec;

typedef struct {
    char name[32];
    int depth;
    int in_c, in_h, in_w, classes;
    int stem_maxpool; /* ImageNet shapes: 3x3 stride-2 max pool after the stem */
    int trainable;    /* 0 for the ImageNet shapes, which are for shape and memory work */
    int nconv;
    eoq_conv_layer_spec conv[EOQ_MAX_CONV];
    int nblocks;
    eoq_block_spec block[EOQ_MAX_BLOCKS];
    int feat_c, feat_h, feat_w; /* input of global average pooling */
} eoq_net_spec;

/* name: resnet8/14/20/32/56/110 (Fixup CIFAR family, depth 6n+2, any square input of 28 or
 * 32 pixels and any channel count) or resnet18/34/50 (ImageNet shapes, 224x224x3 by default).
 * downsample selects the CIFAR family's shortcut at stride 2 (SUBSAMPLE or CONV1X1).
 * Returns 0, or -1 with a one-line message in err. */
int eoq_net_spec_build(const char *name, int in_c, int in_h, int in_w, int classes,
                       eoq_shortcut_kind downsample, eoq_net_spec *spec, char *err, size_t errlen);

/* The input element that tap (c, ky, kx) of output pixel (oy, ox) reads, or -1 where it falls
 * in the zero padding: the one definition of convolution addressing. */
static inline long eoq_conv_tap(const eoq_conv_shape *s, int oy, int ox, int c, int ky, int kx)
{
    int iy = oy * s->stride - s->pad + ky, ix = ox * s->stride - s->pad + kx;
    if (iy < 0 || iy >= s->in_h || ix < 0 || ix >= s->in_w)
        return -1;
    return ((long)c * s->in_h + iy) * s->in_w + ix;
}

/* Elements of one image's conv input and output, and the largest activation of the network. */
size_t eoq_conv_in_elems(const eoq_conv_shape *s);
size_t eoq_conv_out_elems(const eoq_conv_shape *s);
size_t eoq_net_spec_max_activation(const eoq_net_spec *spec);

/* Number of residual blocks L, as used by Fixup's L^(-1/(2m-2)) scaling. */
int eoq_net_spec_num_blocks(const eoq_net_spec *spec);

/* Number of multiply-accumulates of one forward pass of one image. */
long long eoq_net_spec_forward_macs(const eoq_net_spec *spec);

#endif
