#ifndef EOQ_IO_ATOMIC_FILE_H
#define EOQ_IO_ATOMIC_FILE_H
/* Output files that never exist half-written: write PATH.tmp, then rename it over PATH. */
#include <stdio.h>

FILE *eoq_atomic_open(const char *path, char *tmp, size_t tmplen, char *err, size_t errlen);
/* ok = 0 when the caller's writes failed: the temporary file is removed. 0 or -1. */
int eoq_atomic_close(FILE *f, const char *tmp, const char *path, int ok, char *err, size_t errlen);

#endif
