#include "io/npy.h"

#include "io/atomic_file.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *err, size_t errlen, const char *path, long off, const char *what)
{
    snprintf(err, errlen, "%s: byte %ld: %s", path, off, what);
    return -1;
}

void eoq_npy_free(eoq_npy *a)
{
    free(a->data);
    memset(a, 0, sizeof *a);
}

/* Value of 'key': in the header dict, or NULL. */
static const char *field(const char *hdr, const char *key)
{
    const char *p = strstr(hdr, key);
    if (!p)
        return NULL;
    p = strchr(p + strlen(key), ':');
    if (!p)
        return NULL;
    p++;
    while (*p == ' ')
        p++;
    return p;
}

int eoq_npy_read(const char *path, eoq_npy *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    unsigned char pre[10];
    char *hdr = NULL;
    int rc = -1;
    if (fread(pre, 1, 8, f) != 8 || memcmp(pre, "\x93NUMPY", 6) != 0) {
        fail(err, errlen, path, 0, "not a .npy file (bad magic)");
        goto done;
    }
    int major = pre[6];
    size_t hlen;
    long data_off;
    if (major == 1) {
        if (fread(pre + 8, 1, 2, f) != 2) {
            fail(err, errlen, path, 8, "file ends in the header length");
            goto done;
        }
        hlen = pre[8] | (size_t)pre[9] << 8;
        data_off = 10 + (long)hlen;
    } else if (major == 2 || major == 3) {
        unsigned char l[4];
        if (fread(l, 1, 4, f) != 4) {
            fail(err, errlen, path, 8, "file ends in the header length");
            goto done;
        }
        hlen = l[0] | (size_t)l[1] << 8 | (size_t)l[2] << 16 | (size_t)l[3] << 24;
        data_off = 12 + (long)hlen;
    } else {
        fail(err, errlen, path, 6, "unsupported .npy version");
        goto done;
    }
    if (hlen > 1 << 20) {
        fail(err, errlen, path, 8, "header longer than 1 MiB");
        goto done;
    }
    hdr = calloc(hlen + 1, 1);
    if (!hdr || fread(hdr, 1, hlen, f) != hlen) {
        fail(err, errlen, path, data_off - (long)hlen, "file ends in the header");
        goto done;
    }
    const char *d = field(hdr, "'descr'"), *fo = field(hdr, "'fortran_order'"), *sh = field(hdr, "'shape'");
    if (!d || !fo || !sh || *sh != '(') {
        fail(err, errlen, path, data_off - (long)hlen, "header lacks descr, fortran_order or shape");
        goto done;
    }
    if (strncmp(fo, "False", 5) != 0) {
        fail(err, errlen, path, data_off - (long)hlen, "fortran_order arrays are not supported");
        goto done;
    }
    static const struct { const char *descr; int size; } types[] = {
        {"'<f8'", 8}, {"'<f4'", 4}, {"'<i8'", 8}, {"'<i4'", 4}, {"'<i2'", 2}, {"'|i1'", 1}, {"'|u1'", 1}};
    int t = -1;
    for (int i = 0; i < 7; i++)
        if (!strncmp(d, types[i].descr, strlen(types[i].descr)))
            t = i;
    if (t < 0) {
        fail(err, errlen, path, data_off - (long)hlen, "dtype not supported (<f8 <f4 <i8 <i4 <i2 |i1 |u1)");
        goto done;
    }
    out->count = 1;
    const char *p = sh + 1;
    while (*p && *p != ')') {
        while (*p == ' ' || *p == ',')
            p++;
        if (*p == ')')
            break;
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || v < 0 || out->ndim == 8 || (v > 0 && out->count > ((size_t)1 << 40) / (size_t)v)) {
            fail(err, errlen, path, data_off - (long)hlen, "bad shape in header");
            goto done;
        }
        out->shape[out->ndim++] = v;
        out->count *= (size_t)v;
        p = end;
    }
    size_t sz = (size_t)types[t].size;
    unsigned char *raw = malloc(out->count * sz + 1);
    out->data = malloc((out->count ? out->count : 1) * sizeof(double));
    if (!raw || !out->data) {
        free(raw);
        snprintf(err, errlen, "%s: out of memory", path);
        goto done;
    }
    size_t got = fread(raw, 1, out->count * sz + 1, f);
    if (got != out->count * sz) {
        free(raw);
        fail(err, errlen, path, data_off + (long)got,
             got < out->count * sz ? "file ends before the data does" : "trailing bytes after the data");
        goto done;
    }
    for (size_t i = 0; i < out->count; i++) {
        const unsigned char *q = raw + i * sz;
        switch (t) {
        case 0: { double v; memcpy(&v, q, 8); out->data[i] = v; break; }
        case 1: { float v; memcpy(&v, q, 4); out->data[i] = v; break; }
        case 2: { int64_t v; memcpy(&v, q, 8); out->data[i] = (double)v; break; }
        case 3: { int32_t v; memcpy(&v, q, 4); out->data[i] = v; break; }
        case 4: { int16_t v; memcpy(&v, q, 2); out->data[i] = v; break; }
        case 5: out->data[i] = (int8_t)q[0]; break;
        default: out->data[i] = q[0]; break;
        }
    }
    free(raw);
    rc = 0;
done:
    free(hdr);
    fclose(f);
    if (rc)
        eoq_npy_free(out);
    return rc;
}

int eoq_npy_write(const char *path, const double *data, int ndim, const long *shape, char *err,
                  size_t errlen)
{
    char hdr[512], sh[256] = "";
    size_t count = 1;
    for (int i = 0; i < ndim; i++) {
        char one[32];
        snprintf(one, sizeof one, "%ld%s", shape[i], ndim == 1 ? "," : (i + 1 < ndim ? ", " : ""));
        strncat(sh, one, sizeof sh - strlen(sh) - 1);
        count *= (size_t)shape[i];
    }
    int n = snprintf(hdr, sizeof hdr, "{'descr': '<f8', 'fortran_order': False, 'shape': (%s), }", sh);
    int total = 10 + n + 1;
    int pad = (64 - total % 64) % 64; /* the spec aligns the data to 64 bytes */
    char tmp[4096];
    FILE *f = eoq_atomic_open(path, tmp, sizeof tmp, err, errlen);
    if (!f)
        return -1;
    unsigned hl = (unsigned)(n + pad + 1);
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)(hl & 255), (unsigned char)(hl >> 8)};
    int bad = fwrite(pre, 1, 10, f) != 10 || fwrite(hdr, 1, (size_t)n, f) != (size_t)n;
    for (int i = 0; i < pad && !bad; i++)
        bad = fputc(' ', f) == EOF;
    bad = bad || fputc('\n', f) == EOF || fwrite(data, sizeof(double), count, f) != count;
    return eoq_atomic_close(f, tmp, path, !bad, err, errlen);
}
