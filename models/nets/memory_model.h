#ifndef EOQ_NETS_MEMORY_MODEL_H
#define EOQ_NETS_MEMORY_MODEL_H
/* Training memory of one step, counted from the network's shapes at the stored bit widths
 * (the analog of the paper's Table II; docs/memory.md defines what is counted). */
#include "nets/net_spec.h"

typedef enum {
    EOQ_MEM_VANILLA32 = 0, /* BN network, every tensor fp32 */
    EOQ_MEM_VANILLA8 = 1,  /* BN network, every tensor 8 bits */
    EOQ_MEM_EOQ8 = 2       /* Fixup network without BN, 8-bit EOQ */
} eoq_mem_scheme;

typedef struct {
    double weights, weight_grads, saved_activations, errors, total; /* bytes */
} eoq_mem_breakdown;

eoq_mem_breakdown eoq_memory_of_step(const eoq_net_spec *spec, int batch, eoq_mem_scheme scheme);
const char *eoq_mem_scheme_name(eoq_mem_scheme s);

#endif
