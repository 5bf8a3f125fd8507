#ifndef EOQ_NETS_FIXUP_PARAMS_H
#define EOQ_NETS_FIXUP_PARAMS_H
/* Float parameters of a Fixup network: what initialization produces, what the float32 Fixup
 * engine trains, what the integer engine quantizes at start, and what .npy exchange names. */
#include "nets/net_spec.h"

typedef struct {
    float *w;             /* [cout][cin][k][k] */
    float b1, gamma, b2;  /* Fixup scalars; which ones a layer uses follows its role */
} eoq_fixup_conv_params;

typedef struct {
    const eoq_net_spec *spec;
    eoq_fixup_conv_params conv[EOQ_MAX_CONV];
    float fc_bias_in; /* Fixup's scalar bias added to the pooled features */
    float *fc_w;      /* [classes][feat_c] */
    float *fc_b;      /* [classes] */
} eoq_fixup_params;

/* Which scalars a role has (Fixup reference: stem relu(conv(x)+b2); branch first
 * relu(conv(x+b1)+b2); branch last relu(gamma*conv(x+b1)+b2+shortcut); projection: none). */
int eoq_role_has_b1(eoq_layer_role r);
int eoq_role_has_gamma(eoq_layer_role r);
int eoq_role_has_b2(eoq_layer_role r);

int eoq_fixup_params_alloc(eoq_fixup_params *p, const eoq_net_spec *spec);
void eoq_fixup_params_free(eoq_fixup_params *p);

/* Fixup initialization with GSL's MT19937 normals: He normal (fan-out) for every conv, the
 * branch convs before the last one scaled by L^(-1/(2m-2)), the last conv of each branch,
 * the classifier weight and bias zero; scalar biases 0, scales 1. */
void eoq_fixup_init(eoq_fixup_params *p, unsigned long seed);

#endif
