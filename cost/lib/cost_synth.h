#ifndef EOQ_COST_SYNTH_H
#define EOQ_COST_SYNTH_H
/* The cross-check of the area model against the RTL's Yosys synthesis (rtl/synth/synth_units.py;
 * docs/cost.md, "Cross-check against the RTL's synthesis"): the synthesized transistors of the
 * PE, the MAC array, the scale-shift unit and the SQ unit beside the model's area of the same
 * units (cost_design_lane_areas), both relative to the PE. Generic gates are not a process-node
 * area; only relative sizes compare. */
#include <stddef.h>

#include "cost_design.h"
#include "cost_json.h"

typedef enum { COST_SYNTH_PE, COST_SYNTH_ARRAY, COST_SYNTH_SS, COST_SYNTH_SQ, COST_SYNTH_N } cost_synth_unit;

extern const char *const cost_synth_unit_names[COST_SYNTH_N]; /* the JSON's unit keys */

typedef struct {
    double transistors, ge;  /* synthesis; GE = transistors / 4 (a NAND2) */
    double model_area;       /* the profile's area units */
    double rel_synth, rel_model, ratio; /* unit / PE of each, synthesis / model */
} cost_synth_row;

typedef struct {
    char tool[64];
    double rows, cols, ss_lanes, sq_lanes; /* from the synthesis JSON's parameters */
    cost_synth_row row[COST_SYNTH_N];
} cost_synth;

/* synth: a synth_units.py JSON read from synth_path; hw (may be NULL): an eoq-hwcfg --json whose
 * array shape and lanes must equal the synthesized ones. 0, or -1 with a one-line error naming
 * the file. */
int cost_synth_compute(const cost_profile *p, const cost_json *synth, const char *synth_path, const cost_json *hw,
                       const char *hw_path, cost_synth *s, char *err, size_t errlen);

#endif
