#include "format/whole_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int eoq_trace_read_whole(const char *path, int name_byte, uint8_t **out, size_t *len, char *err, size_t errlen)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open (%s)", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        uint8_t *bigger = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
        if (!bigger)
            free(buf);
        buf = bigger;
        cap *= 2;
    }
    int bad = !buf || ferror(f);
    fclose(f);
    if (bad) {
        if (name_byte)
            snprintf(err, errlen, "%s: byte %zu: cannot read%s", path, n, buf ? "" : " (out of memory)");
        else
            snprintf(err, errlen, "%s: cannot read%s", path, buf ? "" : " (out of memory)");
        free(buf);
        return -1;
    }
    *out = buf;
    *len = n;
    return 0;
}
