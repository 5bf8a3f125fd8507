#include "io/atomic_file.h"

FILE *eoq_atomic_open(const char *path, char *tmp, size_t tmplen, char *err, size_t errlen)
{
    snprintf(tmp, tmplen, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        snprintf(err, errlen, "%s: cannot write", tmp);
    return f;
}

int eoq_atomic_close(FILE *f, const char *tmp, const char *path, int ok, char *err, size_t errlen)
{
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        snprintf(err, errlen, "%s: write failed", path);
        return -1;
    }
    return 0;
}
