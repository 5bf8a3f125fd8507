#include "quant/prng.h"

void eoq_prng_seed(eoq_prng *rng, uint32_t seed)
{
    rng->state = seed ? seed : EOQ_PRNG_ZERO_SEED_STATE;
}

uint32_t eoq_prng_next(eoq_prng *rng)
{
    uint32_t x = rng->state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rng->state = x;
    return x;
}
