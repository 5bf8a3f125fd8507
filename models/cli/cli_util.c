#include "cli/cli_util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void cli_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("eoq: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

int cli_int(const char *flag, const char *v, int lo, int hi)
{
    char *end;
    errno = 0;
    long x = v ? strtol(v, &end, 10) : 0;
    if (!v || *v == '\0' || *end != '\0' || errno || x < lo || x > hi)
        cli_fail("%s: expected an integer from %d to %d, got '%s'", flag, lo, hi, v ? v : "");
    return (int)x;
}

double cli_double(const char *flag, const char *v, double lo, double hi)
{
    char *end;
    errno = 0;
    double x = v ? strtod(v, &end) : 0;
    if (!v || *v == '\0' || *end != '\0' || errno || !(x >= lo && x <= hi))
        cli_fail("%s: expected a number from %g to %g, got '%s'", flag, lo, hi, v ? v : "");
    return x;
}
