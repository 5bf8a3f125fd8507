#ifndef EOQ_COST_WIDTH_H
#define EOQ_COST_WIDTH_H
/* Integer operations at the widths a design gives them, which the profile's data types need not
 * name: an 8 x 16 multiply, a 64-bit add (docs/cost.md, "Designed widths"). A width that is a
 * profile type takes that type's cell; any other width is priced by the profile's composition
 * rules and scaling laws, the same ones that complete its types. */
#include <stddef.h>

#include "cost_profile.h"

typedef struct {
    int a, b; /* operand widths in bits; b = a except for mult and mac */
    int acc;  /* a mac's accumulator width (its add@acc term); 0 for the other ops */
} cost_width;

static inline cost_width cost_width_one(int bits) { return (cost_width){bits, bits, 0}; }
static inline cost_width cost_width_mult(int a, int b) { return (cost_width){a, b, 0}; }
static inline cost_width cost_width_mac(int a, int b, int acc) { return (cost_width){a, b, acc}; }

/* One integer add, mult, mac, compare or shift at widths w: 0, or -1 with a one-line reason
 * (no cell, rule or law gives it; a law with no two-operand form for a mixed multiply). */
int cost_width_value(const cost_profile *p, cost_op op, cost_width w, cost_metric m, double *v, char *err,
                     size_t errlen);

#endif
