#ifndef EOQ_CLI_CLI_UTIL_H
#define EOQ_CLI_CLI_UTIL_H
/* Strict parsing of command-line values: a bad value names its flag and exits 2. */
int cli_int(const char *flag, const char *v, int lo, int hi);
double cli_double(const char *flag, const char *v, double lo, double hi);
void cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#include "train/model.h"
/* --mode --bits --kw..--ku --grad-round --writeback --wide-bits --act-range --seed --downsample:
 * applies the flag and returns 1, or returns 0 for any other flag. */
int cli_model_flag(const char *flag, const char *value, eoq_model_config *cfg, eoq_shortcut_kind *down);
#endif
