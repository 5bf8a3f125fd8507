#include "io/idx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Reads exactly n bytes or reports where the file ended. */
static int read_exact(gzFile f, void *buf, size_t n, const char *path, size_t offset, const char *what,
                      char *err, size_t errlen)
{
    size_t got = 0;
    while (got < n) {
        unsigned chunk = (unsigned)((n - got) > (1u << 30) ? (1u << 30) : (n - got));
        int r = gzread(f, (char *)buf + got, chunk);
        if (r <= 0) {
            int zerr;
            const char *msg = gzerror(f, &zerr);
            snprintf(err, errlen, "%s: byte %zu: %s (%s)", path, offset + got,
                     r < 0 ? "read error" : "file ends early", r < 0 ? msg : what);
            return -1;
        }
        got += (size_t)r;
    }
    return 0;
}

int eoq_idx_read(const char *path, int *ndim, int dims[4], uint8_t **data, size_t *count,
                 char *err, size_t errlen)
{
    *data = NULL;
    gzFile f = gzopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    unsigned char magic[4];
    if (read_exact(f, magic, 4, path, 0, "in the 4-byte magic", err, errlen))
        goto fail;
    if (magic[0] != 0 || magic[1] != 0) {
        snprintf(err, errlen, "%s: byte 0: not an IDX file (magic %02x%02x%02x%02x)", path, magic[0],
                 magic[1], magic[2], magic[3]);
        goto fail;
    }
    if (magic[2] != 0x08) {
        snprintf(err, errlen, "%s: byte 2: element type 0x%02x unsupported (only 0x08, unsigned byte)",
                 path, magic[2]);
        goto fail;
    }
    if (magic[3] < 1 || magic[3] > 4) {
        snprintf(err, errlen, "%s: byte 3: %d dimensions (1 to 4 supported)", path, magic[3]);
        goto fail;
    }
    *ndim = magic[3];
    size_t total = 1;
    for (int i = 0; i < *ndim; i++) {
        unsigned char d[4];
        if (read_exact(f, d, 4, path, 4 + 4 * (size_t)i, "in the dimensions", err, errlen))
            goto fail;
        uint32_t v = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
        if (v == 0 || v > (1u << 28) || total > ((size_t)1 << 34) / v) {
            snprintf(err, errlen, "%s: byte %d: dimension %d is %u (empty or too large)", path,
                     4 + 4 * i, i, v);
            goto fail;
        }
        dims[i] = (int)v;
        total *= v;
    }
    size_t header = 4 + 4 * (size_t)*ndim;
    *data = malloc(total);
    if (!*data) {
        snprintf(err, errlen, "%s: out of memory for %zu bytes", path, total);
        goto fail;
    }
    if (read_exact(f, *data, total, path, header, "in the data", err, errlen))
        goto fail;
    char extra;
    if (gzread(f, &extra, 1) > 0) {
        snprintf(err, errlen, "%s: byte %zu: trailing data after %zu elements", path, header + total, total);
        goto fail;
    }
    *count = total;
    gzclose(f);
    return 0;
fail:
    free(*data);
    *data = NULL;
    gzclose(f);
    return -1;
}

int eoq_dataset_load(const char *images_path, const char *labels_path, eoq_dataset *d, char *err,
                     size_t errlen)
{
    memset(d, 0, sizeof *d);
    int nd, dims[4], ndl, dl[4];
    size_t count, nlab;
    uint8_t *img, *lab;
    if (eoq_idx_read(images_path, &nd, dims, &img, &count, err, errlen))
        return -1;
    if (nd != 3 && nd != 4) {
        snprintf(err, errlen, "%s: %d dimensions; images need N x H x W or N x H x W x C", images_path, nd);
        free(img);
        return -1;
    }
    if (eoq_idx_read(labels_path, &ndl, dl, &lab, &nlab, err, errlen)) {
        free(img);
        return -1;
    }
    if (ndl != 1 || dl[0] != dims[0]) {
        snprintf(err, errlen, "%s: %zu labels for %d images in %s", labels_path, nlab, dims[0], images_path);
        free(img);
        free(lab);
        return -1;
    }
    d->n = dims[0];
    d->h = dims[1];
    d->w = dims[2];
    d->c = nd == 4 ? dims[3] : 1;
    if (d->c > 1) { /* stored HWC, engines want CHW */
        uint8_t *t = malloc(count);
        if (!t) {
            snprintf(err, errlen, "%s: out of memory", images_path);
            free(img);
            free(lab);
            return -1;
        }
        size_t hw = (size_t)d->h * d->w;
        for (int n = 0; n < d->n; n++)
            for (size_t p = 0; p < hw; p++)
                for (int c = 0; c < d->c; c++)
                    t[((size_t)n * d->c + c) * hw + p] = img[((size_t)n * hw + p) * d->c + c];
        free(img);
        img = t;
    }
    int maxl = 0;
    for (size_t i = 0; i < nlab; i++)
        maxl = lab[i] > maxl ? lab[i] : maxl;
    d->classes = maxl + 1 < 2 ? 2 : maxl + 1;
    d->images = img;
    d->labels = lab;
    return 0;
}

void eoq_dataset_free(eoq_dataset *d)
{
    free(d->images);
    free(d->labels);
    memset(d, 0, sizeof *d);
}

void eoq_dataset_limit(eoq_dataset *d, int n)
{
    if (n > 0 && n < d->n)
        d->n = n;
}

int eoq_dataset_mean_pixel(const eoq_dataset *d)
{
    size_t total = (size_t)d->n * d->c * d->h * d->w;
    unsigned long long s = 0;
    for (size_t i = 0; i < total; i++)
        s += d->images[i];
    return total ? (int)((s + total / 2) / total) : 0;
}
