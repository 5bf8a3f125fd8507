#ifndef EOQ_EOQ8_ALIGN_H
#define EOQ_EOQ8_ALIGN_H
/* Adding two integer tensors that carry different exponents (a residual error meeting a
 * backward-data result). The sum is exact on the finer grid whenever the coarser tensor can
 * be shifted up without overflowing 62 bits; otherwise the finer one is rounded (nearest
 * even) to the finest grid that fits. An all-zero tensor's exponent is meaningless and is
 * ignored. */
#include <stddef.h>
#include <stdint.h>

/* dst (at *dst_exp) += src (at src_exp); *dst_exp may change. */
void eoq8_align_add(int64_t *dst, int *dst_exp, const int64_t *src, int src_exp, size_t n);

#endif
