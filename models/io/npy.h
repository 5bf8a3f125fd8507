#ifndef EOQ_IO_NPY_H
#define EOQ_IO_NPY_H
/* NumPy .npy files (format 1.0, 2.0 and 3.0 headers): read any little-endian C-order array of
 * float64, float32, int64, int32, int16, int8 or uint8 as doubles; write float64. */
#include <stddef.h>

typedef struct {
    int ndim;
    long shape[8];
    size_t count;
    double *data;
} eoq_npy;

/* 0, or -1 with a one-line message naming the file, byte offset and problem. */
int eoq_npy_read(const char *path, eoq_npy *out, char *err, size_t errlen);
void eoq_npy_free(eoq_npy *a);

/* Writes a float64 array atomically (PATH.tmp, then rename). */
int eoq_npy_write(const char *path, const double *data, int ndim, const long *shape, char *err,
                  size_t errlen);

#endif
