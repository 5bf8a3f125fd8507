#ifndef EOQ_COST_JSON_H
#define EOQ_COST_JSON_H
/* A small strict JSON reader for the reports cost/ reads (eoq-sim --json, eoq-hwcfg --json):
 * the whole text is parsed and validated, then numbers are looked up by a dotted path. */
#include <stddef.h>

typedef struct cost_json cost_json;

/* Reads and parses path. NULL with "PATH: problem" (offset of a syntax error) in err. */
cost_json *cost_json_load(const char *path, char *err, size_t errlen);
void cost_json_free(cost_json *j);

/* The number at a dotted path ("units.mac_array.events.macs"): 0, or -1 with
 * "PATH: no number at KEY" in err. */
int cost_json_num(const cost_json *j, const char *key, double *out, char *err, size_t errlen);
/* The string at a dotted path (its text with escapes as written), or NULL when there is none;
 * valid until cost_json_free. */
const char *cost_json_str(const cost_json *j, const char *key);
/* The member names of the object at a dotted path ("" is the root), in order: the count, or
 * -1 when there is no object there. names[i] stay valid until cost_json_free. */
int cost_json_keys(const cost_json *j, const char *key, const char **names, int max);

#endif
