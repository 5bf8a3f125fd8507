/* The flags that choose a model's numerics, shared by every subcommand that builds an engine. */
#include <stdio.h>
#include <string.h>

#include "cli/cli_util.h"

static void parse_bits(const char *v, eoq_bits *b)
{
    int k[7];
    char tail;
    if (sscanf(v, "%d,%d,%d,%d,%d,%d,%d%c", &k[0], &k[1], &k[2], &k[3], &k[4], &k[5], &k[6], &tail) != 7)
        cli_fail("--bits: expected seven comma-separated widths, got '%s'", v);
    *b = (eoq_bits){k[0], k[1], k[2], k[3], k[4], k[5], k[6]};
}

int cli_model_flag(const char *a, const char *v, eoq_model_config *cfg, eoq_shortcut_kind *down)
{
    int *widths[] = {&cfg->bits.w, &cfg->bits.a, &cfg->bits.b, &cfg->bits.gamma, &cfg->bits.e, &cfg->bits.g, &cfg->bits.u};
    const char *wflags[] = {"--kw", "--ka", "--kb", "--kgamma", "--ke", "--kg", "--ku"};
    for (int i = 0; i < 7; i++)
        if (!strcmp(a, wflags[i])) {
            *widths[i] = cli_int(a, v, 2, 16);
            return 1;
        }
    if (!strcmp(a, "--mode")) {
        if (eoq_mode_parse(v, &cfg->mode))
            cli_fail("--mode: unknown mode '%s' (eoq8, fixup32, bn32, wageubn8)", v);
    } else if (!strcmp(a, "--bits")) {
        parse_bits(v, &cfg->bits);
    } else if (!strcmp(a, "--grad-round")) {
        if (!strcmp(v, "nearest")) cfg->grad_round = EOQ_ROUND_NEAREST_EVEN;
        else if (!strcmp(v, "stochastic")) cfg->grad_round = EOQ_ROUND_STOCHASTIC;
        else cli_fail("--grad-round: expected nearest or stochastic, got '%s'", v);
    } else if (!strcmp(a, "--writeback")) {
        if (!strcmp(v, "nearest")) cfg->writeback = EOQ_WB_NEAREST;
        else if (!strcmp(v, "stochastic")) cfg->writeback = EOQ_WB_STOCHASTIC;
        else if (!strcmp(v, "wide")) cfg->writeback = EOQ_WB_WIDE;
        else cli_fail("--writeback: expected nearest, stochastic or wide, got '%s'", v);
    } else if (!strcmp(a, "--wide-bits")) {
        cfg->wide_bits = cli_int(a, v, 3, 24);
    } else if (!strcmp(a, "--act-range")) {
        cfg->act_range_log2 = cli_int(a, v, 0, 4);
    } else if (!strcmp(a, "--seed")) {
        cfg->seed = (uint32_t)cli_int(a, v, 0, 2147483647);
    } else if (!strcmp(a, "--downsample")) {
        if (!strcmp(v, "subsample")) *down = EOQ_SHORTCUT_SUBSAMPLE;
        else if (!strcmp(v, "conv1x1")) *down = EOQ_SHORTCUT_CONV1X1;
        else cli_fail("--downsample: expected subsample or conv1x1, got '%s'", v);
    } else {
        return 0;
    }
    return 1;
}
