#define _POSIX_C_SOURCE 200809L
#include "lower/lower_builder.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "eoq_isa.h"

void lw_init(lw_builder *b)
{
    memset(b, 0, sizeof *b);
    b->top = 64; /* address 0 stays unused: a zero address in a command is never a tensor */
}

void lw_free(lw_builder *b)
{
    eoq_trace_free(&b->t);
    free(b->tags);
    b->tags = NULL;
}

int lw_fail(lw_builder *b, const char *fmt, ...)
{
    if (b->failed)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->err, sizeof b->err, fmt, ap);
    va_end(ap);
    b->failed = 1;
    return -1;
}

static int grow(lw_builder *b, void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 64;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (!q)
        return lw_fail(b, "out of memory");
    *p = q;
    *cap = nc;
    return 0;
}

size_t lw_bytes(lw_tensor x) { return x.count << x.type; }

lw_tensor lw_alloc(lw_builder *b, int type, size_t count)
{
    lw_tensor x = {b->top, type, count};
    b->top += (lw_bytes(x) + 63) & ~(uint64_t)63;
    if (b->top > ((uint64_t)1 << 40))
        lw_fail(b, "DRAM layout exceeds the 40-bit address space");
    return x;
}

uint8_t *lw_encode(lw_builder *b, const char *what, lw_tensor x, const int32_t *m32, const int64_t *m64)
{
    if (b->failed)
        return NULL;
    size_t eb = (size_t)1 << x.type;
    uint8_t *p = malloc(lw_bytes(x) ? lw_bytes(x) : 1);
    if (!p) {
        lw_fail(b, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < x.count; i++) {
        int64_t v = m32 ? m32[i] : m64[i];
        if (eb < 8 && (v < -((int64_t)1 << (8 * eb - 1)) || v >= ((int64_t)1 << (8 * eb - 1)))) {
            lw_fail(b, "%s: element %zu = %lld exceeds its designed width (int%zu)", what, i, (long long)v, eb * 8);
            free(p);
            return NULL;
        }
        for (size_t k = 0; k < eb; k++)
            p[i * eb + k] = (uint8_t)((uint64_t)v >> (8 * k));
    }
    return p;
}

/* A copy of len bytes the trace will own (NULL and the builder failed when out of memory). */
static uint8_t *copy_bytes(lw_builder *b, const uint8_t *data, size_t len)
{
    uint8_t *p = malloc(len);
    if (!p) {
        lw_fail(b, "out of memory");
        return NULL;
    }
    memcpy(p, data, len);
    return p;
}

void lw_segment_bytes(lw_builder *b, uint64_t addr, const uint8_t *data, size_t len)
{
    if (b->failed || grow(b, (void **)&b->t.segments, &b->cap_seg, b->t.nsegments + 1, sizeof *b->t.segments))
        return;
    uint8_t *p = copy_bytes(b, data, len);
    if (!p)
        return;
    b->t.segments[b->t.nsegments++] = (eoq_trace_segment){addr, len, p};
}

void lw_segment(lw_builder *b, const char *what, lw_tensor x, const int32_t *m32, const int64_t *m64)
{
    uint8_t *p = lw_encode(b, what, x, m32, m64);
    if (!p)
        return;
    if (grow(b, (void **)&b->t.segments, &b->cap_seg, b->t.nsegments + 1, sizeof *b->t.segments)) {
        free(p);
        return;
    }
    b->t.segments[b->t.nsegments++] = (eoq_trace_segment){x.addr, lw_bytes(x), p};
}

void lw_cmd(lw_builder *b, const uint8_t *cmd)
{
    size_t cap = b->cap_cmd;
    if (b->failed || grow(b, (void **)&b->t.cmds, &b->cap_cmd, b->t.ncmds + 1, EOQ_CMD_BYTES))
        return;
    if (cap != b->cap_cmd) {
        int *q = realloc(b->tags, b->cap_cmd * sizeof *q);
        if (!q) {
            lw_fail(b, "out of memory");
            return;
        }
        b->tags = q;
    }
    memcpy(b->t.cmds[b->t.ncmds], cmd, EOQ_CMD_BYTES);
    b->tags[b->t.ncmds++] = b->tag;
}

/* Takes ownership of p. */
static void add_expect(lw_builder *b, const char *name, uint64_t addr, uint8_t *p, size_t len)
{
    if (b->t.ncmds == 0 || strlen(name) > 31) {
        lw_fail(b, "expect '%s': no command before it, or name longer than 31", name);
        free(p);
        return;
    }
    if (grow(b, (void **)&b->t.expects, &b->cap_ex, b->t.nexpects + 1, sizeof *b->t.expects)) {
        free(p);
        return;
    }
    eoq_trace_expect *e = &b->t.expects[b->t.nexpects++];
    memset(e, 0, sizeof *e);
    e->after_cmd = (uint32_t)(b->t.ncmds - 1);
    snprintf(e->name, sizeof e->name, "%s", name);
    e->seg = (eoq_trace_segment){addr, len, p};
}

void lw_expect(lw_builder *b, const char *name, lw_tensor x, const int32_t *m32, const int64_t *m64)
{
    uint8_t *p = lw_encode(b, name, x, m32, m64);
    if (p)
        add_expect(b, name, x.addr, p, lw_bytes(x));
}

void lw_expect_bytes(lw_builder *b, const char *name, uint64_t addr, const uint8_t *data, size_t len)
{
    if (b->failed)
        return;
    uint8_t *p = copy_bytes(b, data, len);
    if (!p)
        return;
    add_expect(b, name, addr, p, len);
}

void lw_host_write(lw_builder *b, uint64_t addr, const uint8_t *data, size_t len)
{
    if (b->failed || grow(b, (void **)&b->t.host_writes, &b->cap_hw, b->t.nhost_writes + 1, sizeof *b->t.host_writes))
        return;
    uint8_t *p = copy_bytes(b, data, len);
    if (!p)
        return;
    eoq_trace_host_write *h = &b->t.host_writes[b->t.nhost_writes++];
    h->before_cmd = (uint32_t)b->t.ncmds;
    h->seg = (eoq_trace_segment){addr, len, p};
}

static int by_addr(const void *a, const void *c)
{
    uint64_t x = ((const eoq_trace_segment *)a)->addr, y = ((const eoq_trace_segment *)c)->addr;
    return x < y ? -1 : x > y;
}

int lw_finish(lw_builder *b, const char *meta, eoq_trace *out)
{
    if (b->failed)
        return -1;
    qsort(b->t.segments, b->t.nsegments, sizeof *b->t.segments, by_addr);
    for (size_t i = 1; i < b->t.nsegments; i++)
        if (b->t.segments[i].addr < b->t.segments[i - 1].addr + b->t.segments[i - 1].len)
            return lw_fail(b, "initial DRAM segments overlap at 0x%llx", (unsigned long long)b->t.segments[i].addr);
    b->t.dram_bytes = b->top;
    b->t.meta = strdup(meta);
    if (!b->t.meta)
        return lw_fail(b, "out of memory");
    *out = b->t;
    memset(&b->t, 0, sizeof b->t);
    b->cap_seg = b->cap_cmd = b->cap_hw = b->cap_ex = 0;
    return 0;
}
