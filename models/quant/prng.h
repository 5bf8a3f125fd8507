#ifndef EOQ_QUANT_PRNG_H
#define EOQ_QUANT_PRNG_H
#include <stdint.h>

/* The random bits of stochastic rounding. Hardware reproduces them bit for bit, so the
 * generator is a plain 32-bit xorshift (Marsaglia, shifts 13, 17, 5) with a nonzero state;
 * a zero seed is mapped to a fixed nonzero constant. docs/numerics.md gives the draw order. */
typedef struct {
    uint32_t state;
} eoq_prng;

#define EOQ_PRNG_ZERO_SEED_STATE 0x9E3779B9u

void eoq_prng_seed(eoq_prng *rng, uint32_t seed);
uint32_t eoq_prng_next(eoq_prng *rng);

#endif
