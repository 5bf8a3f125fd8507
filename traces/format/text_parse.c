/* The assembler: the text form back into a trace. Each line is one statement or data of the
 * region above it; every error names the line. Nothing is allocated beyond what the text
 * describes, and the data bytes in all are bounded (the repeat token expands). */
#include "format/text.h"

#include "eoq_isa.h"
#include "format/layout.h"
#include "format/rules.h"
#include "format/whole_file.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 256

typedef struct {
    const char *s;
    size_t n;
} tok;

typedef struct {
    const char *name;
    char *err;
    size_t errlen;
    unsigned line;
    uint64_t budget, max_data; /* data bytes still allowed, and in all */
    eoq_trace *t;
    size_t cap_seg, cap_cmd, cap_host, cap_exp, meta_len, meta_cap;
    int have_version, have_dram;
    /* the region whose data lines are being read */
    eoq_trace_segment *fill;
    uint64_t fill_got, fill_cap;
    unsigned fill_line, last_host_line;
    const char *fill_what;
} as;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int fail_at(as *a, unsigned line, const char *fmt, ...)
{
    if (a->err && a->errlen) {
        int k = snprintf(a->err, a->errlen, "%s:%u: ", a->name, line);
        if (k >= 0 && (size_t)k < a->errlen) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(a->err + k, a->errlen - (size_t)k, fmt, ap);
            va_end(ap);
        }
    }
    return -1;
}
#define fail(a, ...) fail_at(a, (a)->line, __VA_ARGS__)

static int is(tok t, const char *s)
{
    return strlen(s) == t.n && !memcmp(t.s, s, t.n);
}

/* A token in messages: at most 40 characters, unprintable bytes as '?'. */
static const char *shown(tok t, char buf[48])
{
    size_t n = t.n > 40 ? 40 : t.n;
    for (size_t i = 0; i < n; i++)
        buf[i] = t.s[i] >= 0x20 && t.s[i] <= 0x7e ? t.s[i] : '?';
    strcpy(buf + n, t.n > 40 ? "..." : "");
    return buf;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decimal or 0x-hex, no sign; -1 on anything else or overflow. */
static int parse_u64(tok t, uint64_t *v)
{
    *v = 0;
    if (t.n > 2 && t.s[0] == '0' && (t.s[1] == 'x' || t.s[1] == 'X')) {
        for (size_t i = 2; i < t.n; i++) {
            int d = hexval(t.s[i]);
            if (d < 0 || *v >> 60)
                return -1;
            *v = *v << 4 | (uint64_t)d;
        }
        return 0;
    }
    if (t.n == 0)
        return -1;
    for (size_t i = 0; i < t.n; i++) {
        if (t.s[i] < '0' || t.s[i] > '9')
            return -1;
        uint64_t d = (uint64_t)(t.s[i] - '0');
        if (*v > (UINT64_MAX - d) / 10)
            return -1;
        *v = *v * 10 + d;
    }
    return 0;
}

static int grow(as *a, void **arr, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 16;
    void *p = c > SIZE_MAX / elem ? NULL : realloc(*arr, c * elem);
    if (!p)
        return fail(a, "out of memory");
    *arr = p;
    *cap = c;
    return 0;
}

/* ---- data lines ---- */

static int put_bytes(as *a, int byte, uint64_t count, const uint8_t *lit)
{
    eoq_trace_segment *s = a->fill;
    if (count > s->len - a->fill_got)
        return fail(a, "more data than len=%" PRIu64 " of the %s at line %u", s->len, a->fill_what, a->fill_line);
    if (a->fill_got + count > a->fill_cap) {
        uint64_t c = a->fill_cap ? a->fill_cap : 256;
        while (c < a->fill_got + count)
            c *= 2;
        if (c > s->len)
            c = s->len;
        uint8_t *p = realloc(s->data, (size_t)c);
        if (!p)
            return fail(a, "out of memory");
        s->data = p;
        a->fill_cap = c;
    }
    if (lit)
        memcpy(s->data + a->fill_got, lit, (size_t)count);
    else
        memset(s->data + a->fill_got, byte, (size_t)count);
    a->fill_got += count;
    if (a->fill_got == s->len)
        a->fill = NULL;
    return 0;
}

static int data_token(as *a, tok t)
{
    char sh[48];
    const char *star = memchr(t.s, '*', t.n);
    if (star) { /* HH*N: byte HH, N times */
        tok count = {star + 1, t.n - (size_t)(star - t.s) - 1};
        uint64_t n;
        int hi = hexval(t.s[0]), lo = t.n > 1 ? hexval(t.s[1]) : -1;
        if (star - t.s != 2 || hi < 0 || lo < 0 || parse_u64(count, &n) || n == 0)
            return fail(a, "bad repeat '%s' (HH*N: two hex digits, then a count >= 1)", shown(t, sh));
        return put_bytes(a, hi << 4 | lo, n, NULL);
    }
    for (size_t i = 0; i < t.n; i++)
        if (hexval(t.s[i]) < 0)
            return fail(a, "expected %" PRIu64 " more data bytes (hex) of the %s at line %u, found '%s'",
                        a->fill->len - a->fill_got, a->fill_what, a->fill_line, shown(t, sh));
    if (t.n % 2)
        return fail(a, "odd number of hex digits in '%s'", shown(t, sh));
    uint8_t buf[256];
    for (size_t i = 0; i < t.n; i += 2 * sizeof buf) {
        size_t k = 0;
        for (; k < sizeof buf && i + 2 * k < t.n; k++) {
            buf[k] = (uint8_t)(hexval(t.s[i + 2 * k]) << 4 | hexval(t.s[i + 2 * k + 1]));
        }
        if (put_bytes(a, 0, k, buf))
            return -1;
    }
    return 0;
}

/* ---- statements ---- */

/* key=value arguments of segment, host and expect: each key once, all present. */
static int region_args(as *a, const tok *tk, int ntok, const char *what, eoq_trace_segment *s, char *name)
{
    char sh[48];
    int have_addr = 0, have_len = 0, have_name = 0;
    for (int i = 1; i < ntok; i++) {
        const char *eq = memchr(tk[i].s, '=', tk[i].n);
        if (!eq)
            return fail(a, "%s: expected key=value, found '%s'", what, shown(tk[i], sh));
        tok k = {tk[i].s, (size_t)(eq - tk[i].s)}, v = {eq + 1, tk[i].n - k.n - 1};
        if (is(k, "addr") || is(k, "len")) {
            int *have = is(k, "addr") ? &have_addr : &have_len;
            if (*have)
                return fail(a, "%s: %s given twice", what, is(k, "addr") ? "addr" : "len");
            *have = 1;
            if (parse_u64(v, is(k, "addr") ? &s->addr : &s->len))
                return fail(a, "%s: bad number '%s'", what, shown(v, sh));
        } else if (name && is(k, "name")) {
            if (have_name)
                return fail(a, "%s: name given twice", what);
            have_name = 1;
            if (v.n >= EOQ_TRACE_NAME_BYTES)
                return fail(a, "%s: name longer than %d characters", what, EOQ_TRACE_NAME_BYTES - 1);
            memset(name, 0, EOQ_TRACE_NAME_BYTES);
            memcpy(name, v.s, v.n);
            char why[160];
            size_t at;
            if (eoq_rule_name(name, &at, why, sizeof why) || strlen(name) != v.n)
                return fail(a, "%s: %s", what, strlen(name) != v.n ? "NUL in name" : why);
        } else
            return fail(a, "%s: unknown key '%s' (%s)", what, shown(k, sh), name ? "name, addr, len" : "addr, len");
    }
    if (!have_addr || !have_len || (name && !have_name))
        return fail(a, "%s: missing %s", what, !have_addr ? "addr" : !have_len ? "len" : "name");
    char why[160];
    int blame_len;
    if (eoq_rule_region(s->addr, s->len, a->t->dram_bytes, &blame_len, why, sizeof why))
        return fail(a, "%s: %s", what, why);
    if (s->len > a->budget)
        return fail(a, "%s: more data than the text form allows in all (%" PRIu64 " bytes)", what, a->max_data);
    a->budget -= s->len;
    a->fill = s;
    a->fill_got = a->fill_cap = 0;
    a->fill_line = a->line;
    a->fill_what = what;
    return 0;
}

static int st_segment(as *a, const tok *tk, int ntok)
{
    eoq_trace *t = a->t;
    if (grow(a, (void **)&t->segments, &a->cap_seg, t->nsegments, sizeof *t->segments))
        return -1;
    eoq_trace_segment *s = &t->segments[t->nsegments];
    memset(s, 0, sizeof *s);
    t->nsegments++;
    if (region_args(a, tk, ntok, "segment", s, NULL))
        return -1;
    if (t->nsegments > 1 && s->addr < s[-1].addr + s[-1].len)
        return fail(a, "segment: addr 0x%" PRIx64 " overlaps or precedes the previous segment (ends at 0x%" PRIx64 ")",
                    s->addr, s[-1].addr + s[-1].len);
    return 0;
}

static int st_host(as *a, const tok *tk, int ntok)
{
    eoq_trace *t = a->t;
    if (grow(a, (void **)&t->host_writes, &a->cap_host, t->nhost_writes, sizeof *t->host_writes))
        return -1;
    eoq_trace_host_write *h = &t->host_writes[t->nhost_writes];
    memset(h, 0, sizeof *h);
    t->nhost_writes++;
    if (t->ncmds > UINT32_MAX)
        return fail(a, "host write after more than 2^32 commands");
    h->before_cmd = (uint32_t)t->ncmds; /* the next command */
    a->last_host_line = a->line;
    return region_args(a, tk, ntok, "host write", &h->seg, NULL);
}

static int st_expect(as *a, const tok *tk, int ntok)
{
    eoq_trace *t = a->t;
    if (t->ncmds == 0)
        return fail(a, "expect before the first command (an expect holds after the command above it)");
    if (grow(a, (void **)&t->expects, &a->cap_exp, t->nexpects, sizeof *t->expects))
        return -1;
    eoq_trace_expect *e = &t->expects[t->nexpects];
    memset(e, 0, sizeof *e);
    t->nexpects++;
    e->after_cmd = (uint32_t)(t->ncmds - 1);
    return region_args(a, tk, ntok, "expect", &e->seg, e->name);
}

static int st_cmd(as *a, const tok *tk, int ntok)
{
    char sh[48], opname[48];
    eoq_trace *t = a->t;
    if (ntok < 2)
        return fail(a, "cmd without an op name");
    const eoq_isa_op *op = NULL;
    if (tk[1].n < sizeof opname) {
        memcpy(opname, tk[1].s, tk[1].n);
        opname[tk[1].n] = 0;
        op = eoq_isa_find_name(opname);
    }
    if (!op)
        return fail(a, "unknown op '%s' (docs/isa.md lists the ops)", shown(tk[1], sh));
    if (grow(a, (void **)&t->cmds, &a->cap_cmd, t->ncmds, sizeof *t->cmds))
        return -1;
    uint8_t *cmd = t->cmds[t->ncmds];
    memset(cmd, 0, EOQ_TRACE_CMD_BYTES);
    cmd[0] = op->opcode;
    uint8_t seen[256] = {0};
    for (int i = 2; i < ntok; i++) {
        const char *eq = memchr(tk[i].s, '=', tk[i].n);
        if (!eq)
            return fail(a, "%s: expected field=value, found '%s'", op->name, shown(tk[i], sh));
        tok k = {tk[i].s, (size_t)(eq - tk[i].s)}, v = {eq + 1, tk[i].n - k.n - 1};
        unsigned f = 0;
        while (f < op->nfields && !is(k, op->fields[f].name))
            f++;
        if (f == op->nfields)
            return fail(a, "%s has no field '%s'", op->name, shown(k, sh));
        const eoq_isa_field *fd = &op->fields[f];
        if (seen[f]++)
            return fail(a, "%s: field %s given twice", op->name, fd->name);
        uint64_t mag;
        int neg = v.n > 0 && v.s[0] == '-';
        tok digits = {v.s + neg, v.n - (size_t)neg};
        if (parse_u64(digits, &mag))
            return fail(a, "%s: %s: bad number '%s'", op->name, fd->name, shown(v, sh));
        unsigned w = fd->width;
        int fits;
        if (w == 0)
            fits = mag == 0;
        else if (fd->is_signed) /* [-2^(w-1), 2^(w-1) - 1] */
            fits = w >= 64 ? (neg ? mag <= (uint64_t)1 << 63 : mag < (uint64_t)1 << 63)
                           : (neg ? mag <= (uint64_t)1 << (w - 1) : mag < (uint64_t)1 << (w - 1));
        else
            fits = !neg && (w >= 64 || mag < (uint64_t)1 << w);
        if (!fits)
            return fail(a, "%s: %s=%s does not fit its %u-bit %s field", op->name, fd->name, shown(v, sh), w,
                        fd->is_signed ? "signed" : "unsigned");
        eoq_cmd_set(cmd, fd->lsb, w, neg ? (uint64_t)0 - mag : mag);
    }
    for (unsigned f = 0; f < op->nfields; f++)
        if (!seen[f])
            return fail(a, "%s: missing field %s (every field is given)", op->name, op->fields[f].name);
    t->ncmds++;
    return 0;
}

static int st_meta(as *a, const char *s, size_t n)
{
    char why[160];
    size_t at;
    if (a->meta_len + n + 2 > a->meta_cap) {
        size_t c = (a->meta_len + n + 2) * 2;
        char *p = realloc(a->t->meta, c);
        if (!p)
            return fail(a, "out of memory");
        a->t->meta = p;
        a->meta_cap = c;
    }
    char *line = a->t->meta + a->meta_len;
    memcpy(line, s, n);
    line[n] = '\n';
    line[n + 1] = 0;
    if (eoq_rule_meta(line, n + 1, &at, why, sizeof why))
        return fail(a, "%s", why);
    a->meta_len += n + 1;
    return 0;
}

static int statement(as *a, const tok *tk, int ntok)
{
    char sh[48];
    if (!a->have_version) {
        if (!is(tk[0], "eoq-trace"))
            return fail(a, "the first line must be 'eoq-trace 1', found '%s'", shown(tk[0], sh));
        if (ntok != 2 || !is(tk[1], "1"))
            return fail(a, "unsupported text version (this assembler reads 'eoq-trace 1')");
        a->have_version = 1;
        return 0;
    }
    if (is(tk[0], "dram_bytes")) {
        uint64_t d;
        char why[160];
        if (a->have_dram)
            return fail(a, "dram_bytes given twice");
        if (ntok != 2 || parse_u64(tk[1], &d))
            return fail(a, "dram_bytes needs one number");
        if (eoq_rule_dram_bytes(d, why, sizeof why))
            return fail(a, "%s", why);
        a->t->dram_bytes = d;
        a->have_dram = 1;
        return 0;
    }
    if (is(tk[0], "cmd"))
        return st_cmd(a, tk, ntok);
    if (is(tk[0], "meta"))
        return fail(a, "meta needs key=value");
    int (*region_statement)(as *, const tok *, int) =
        is(tk[0], "segment") ? st_segment : is(tk[0], "host") ? st_host : is(tk[0], "expect") ? st_expect : NULL;
    if (!region_statement)
        return fail(a, "unknown statement '%s' (eoq-trace dram_bytes meta segment cmd host expect)", shown(tk[0], sh));
    if (!a->have_dram)
        return fail(a, "%s before dram_bytes", shown(tk[0], sh));
    return region_statement(a, tk, ntok);
}

static int line(as *a, const char *s, size_t n)
{
    tok tk[MAX_TOKENS];
    int ntok = 0;
    size_t i = 0;
    for (size_t k = 0; k < n; k++)
        if (((unsigned char)s[k] < 0x20 && s[k] != '\t') || s[k] == 0x7f)
            return fail(a, "control character 0x%02x in column %zu", (unsigned char)s[k], k + 1);
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    /* a meta line is taken whole: its value may hold spaces and '#' */
    if (!a->fill && a->have_version && n - i >= 5 && !memcmp(s + i, "meta", 4) && (s[i + 4] == ' ' || s[i + 4] == '\t')) {
        i += 4;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        return st_meta(a, s + i, n - i);
    }
    while (i < n && s[i] != '#') {
        if (s[i] == ' ' || s[i] == '\t') {
            i++;
            continue;
        }
        if (ntok == MAX_TOKENS)
            return fail(a, "more than %d words on one line", MAX_TOKENS);
        size_t b = i;
        while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '#')
            i++;
        tk[ntok++] = (tok){s + b, i - b};
    }
    if (ntok == 0)
        return 0;
    if (a->fill) {
        for (int k = 0; k < ntok; k++) {
            if (!a->fill)
                return fail(a, "more data than the len of the %s at line %u", a->fill_what, a->fill_line);
            if (data_token(a, tk[k]))
                return -1;
        }
        return 0;
    }
    return statement(a, tk, ntok);
}

int eoq_trace_text_parse_limited(const char *text, size_t len, const char *name, uint64_t max_data,
                                 eoq_trace *t, char *err, size_t errlen)
{
    as a = {0};
    a.name = name ? name : "(text)";
    a.err = err;
    a.errlen = errlen;
    a.budget = a.max_data = max_data;
    a.t = t;
    memset(t, 0, sizeof *t);
    int rc = 0;
    size_t i = 0;
    while (i < len && !rc) {
        a.line++;
        const char *nl = memchr(text + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
        size_t m = n && text[i + n - 1] == '\r' ? n - 1 : n;
        rc = line(&a, text + i, m);
        i += n + 1;
    }
    if (!rc) {
        unsigned last = a.line ? a.line : 1;
        if (!a.have_version)
            rc = fail_at(&a, last, "no 'eoq-trace 1' line");
        else if (!a.have_dram)
            rc = fail_at(&a, last, "no dram_bytes line");
        else if (a.fill)
            rc = fail_at(&a, a.fill_line, "the %s has %" PRIu64 " of its %" PRIu64 " data bytes when the text ends",
                         a.fill_what, a.fill_got, a.fill->len);
        else if (t->nhost_writes && t->host_writes[t->nhost_writes - 1].before_cmd >= t->ncmds)
            rc = fail_at(&a, a.last_host_line, "host write after the last command (it must come before one)");
    }
    if (!rc && !t->meta) {
        t->meta = calloc(1, 1);
        if (!t->meta)
            rc = fail(&a, "out of memory");
    }
    if (rc)
        eoq_trace_free(t);
    return rc;
}

int eoq_trace_text_parse(const char *text, size_t len, const char *name, eoq_trace *t, char *err, size_t errlen)
{
    return eoq_trace_text_parse_limited(text, len, name, EOQ_TRACE_TEXT_MAX_DATA, t, err, errlen);
}

int eoq_trace_text_read(const char *path, eoq_trace *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    uint8_t *buf;
    size_t n;
    if (eoq_trace_read_whole(path, 0, &buf, &n, err, errlen))
        return -1;
    int rc = eoq_trace_text_parse((const char *)buf, n, path, t, err, errlen);
    free(buf);
    return rc;
}
