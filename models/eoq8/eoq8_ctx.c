#include "eoq8/eoq8_ctx.h"

#include <stdlib.h>

int64_t *eoq8_ctx_scratch(eoq8_ctx *c, size_t n)
{
    if (n > c->s64_cap) {
        int64_t *p = realloc(c->s64, n * sizeof *p);
        if (!p)
            return NULL;
        c->s64 = p;
        c->s64_cap = n;
    }
    return c->s64;
}
