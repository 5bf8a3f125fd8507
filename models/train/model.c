#include "train/model.h"

#include <stdio.h>
#include <string.h>

static const char *const mode_names[] = {"eoq8", "fixup32", "bn32", "wageubn8"};

const char *eoq_mode_name(eoq_mode mode)
{
    return (unsigned)mode < 4 ? mode_names[mode] : "?";
}

int eoq_mode_parse(const char *name, eoq_mode *mode)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(name, mode_names[i]) == 0) {
            *mode = (eoq_mode)i;
            return 0;
        }
    return -1;
}

eoq_model_config eoq_model_config_default(void)
{
    eoq_model_config c;
    memset(&c, 0, sizeof c);
    c.mode = EOQ_MODE_EOQ8;
    c.bits = (eoq_bits){8, 8, 8, 8, 8, 8, 8};
    c.grad_round = EOQ_ROUND_NEAREST_EVEN;
    c.writeback = EOQ_WB_STOCHASTIC;
    c.wide_bits = 16;
    c.quantize_classifier = 0;
    c.seed = 1;
    c.input_mean = 73; /* Fashion-MNIST's mean pixel; the trainer sets the data set's own */
    return c;
}

int eoq_model_config_check(const eoq_model_config *cfg, char *err, size_t errlen)
{
    const int *k = &cfg->bits.w;
    const char *names[] = {"k_w", "k_a", "k_b", "k_gamma", "k_e", "k_g", "k_u"};
    for (int i = 0; i < 7; i++)
        if (k[i] < 2 || k[i] > 16) {
            snprintf(err, errlen, "%s = %d is outside 2..16", names[i], k[i]);
            return -1;
        }
    if (cfg->writeback == EOQ_WB_WIDE && (cfg->wide_bits <= cfg->bits.w || cfg->wide_bits > 24)) {
        snprintf(err, errlen, "wide write-back needs k_w < wide bits <= 24 (got %d)", cfg->wide_bits);
        return -1;
    }
    if (cfg->act_range_log2 < 0 || cfg->act_range_log2 > 4) {
        snprintf(err, errlen, "activation range 2^%d is outside 2^0..2^4", cfg->act_range_log2);
        return -1;
    }
    if ((unsigned)cfg->mode > 3) {
        snprintf(err, errlen, "unknown mode %d", (int)cfg->mode);
        return -1;
    }
    return 0;
}

eoq_model *eoq_model_create(const eoq_net_spec *spec, const eoq_model_config *cfg, char *err,
                            size_t errlen)
{
    if (eoq_model_config_check(cfg, err, errlen) != 0)
        return NULL;
    if (!spec->trainable) {
        snprintf(err, errlen, "network '%s' is for shape and memory work only; train resnet8..110",
                 spec->name);
        return NULL;
    }
    if (cfg->mode == EOQ_MODE_EOQ8)
        return eoq_eoq8_create(spec, cfg, err, errlen);
    return eoq_float_create(spec, cfg, err, errlen);
}
