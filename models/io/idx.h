#ifndef EOQ_IO_IDX_H
#define EOQ_IO_IDX_H
/* IDX files (the MNIST family's format), gzip-compressed or plain: magic 0x0000 0x08 ndim,
 * ndim big-endian uint32 dimensions, then unsigned bytes. docs/formats.md. */
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int n, c, h, w; /* images as NCHW */
    int classes;    /* max label + 1 */
    uint8_t *images;
    uint8_t *labels;
} eoq_dataset;

/* Reads one IDX file of unsigned bytes. dims gets up to 4 dimensions. 0, or -1 with a
 * one-line message naming the file, the byte offset and the problem. */
int eoq_idx_read(const char *path, int *ndim, int dims[4], uint8_t **data, size_t *count,
                 char *err, size_t errlen);

/* An image file (N x H x W, or N x H x W x C) and its label file (N). */
int eoq_dataset_load(const char *images_path, const char *labels_path, eoq_dataset *d, char *err,
                     size_t errlen);
void eoq_dataset_free(eoq_dataset *d);

/* Keeps the first n examples (n <= 0 keeps all). */
void eoq_dataset_limit(eoq_dataset *d, int n);

/* Mean pixel over the set, rounded: the input offset every engine subtracts. */
int eoq_dataset_mean_pixel(const eoq_dataset *d);

#define EOQ_FASHION_MNIST_DIR "/usr/share/datasets/fashion-mnist"

#endif
