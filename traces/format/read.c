/* The binary reader: every field is checked before it is used, every error names the byte
 * offset, and no allocation exceeds what the file's own bytes can fill (a lying count or
 * length fails against the section size before anything is allocated). */
#include "format/trace.h"

#include "format/crc.h"
#include "format/layout.h"
#include "format/le.h"
#include "format/rules.h"
#include "format/whole_file.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const uint8_t *buf;
    size_t len;
    const char *name;
    char *err;
    size_t errlen;
} reader;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int fail(reader *r, uint64_t off, const char *fmt, ...)
{
    if (r->err && r->errlen) {
        int k = snprintf(r->err, r->errlen, "%s: byte %" PRIu64 ": ", r->name, off);
        if (k >= 0 && (size_t)k < r->errlen) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(r->err + k, r->errlen - (size_t)k, fmt, ap);
            va_end(ap);
        }
    }
    return -1;
}

static int crc_ok(uint32_t stored, uint32_t computed)
{
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
    /* the fuzzer cannot forge CRCs: let it reach the checks behind them */
    (void)stored, (void)computed;
    return 1;
#else
    return stored == computed;
#endif
}

/* The printable form of a 4-byte tag, for messages. */
static void tag_text(const uint8_t *p, char out[17])
{
    char *o = out;
    for (int i = 0; i < 4; i++) {
        if (p[i] >= 0x21 && p[i] <= 0x7e && p[i] != '\\')
            *o++ = (char)p[i];
        else
            o += sprintf(o, "\\x%02x", p[i]);
    }
    *o = 0;
}

/* One region entry's data: copies len bytes at off. The caller has checked the bounds. */
static int copy_data(reader *r, uint64_t off, uint64_t len, uint8_t **out)
{
    *out = malloc((size_t)len);
    if (!*out)
        return fail(r, off, "out of memory for %" PRIu64 " bytes", len);
    memcpy(*out, r->buf + off, (size_t)len);
    return 0;
}

static int region(reader *r, uint64_t addr_off, uint64_t len_off, uint64_t end,
                  uint64_t dram_bytes, const char *what, size_t i, eoq_trace_segment *s)
{
    char why[160];
    int blame_len;
    s->addr = eoq_le64(r->buf + addr_off);
    s->len = eoq_le64(r->buf + len_off);
    if (eoq_rule_region(s->addr, s->len, dram_bytes, &blame_len, why, sizeof why))
        return fail(r, blame_len ? len_off : addr_off, "%s %zu: %s", what, i, why);
    uint64_t data = len_off + 8;
    if (s->len > end - data)
        return fail(r, len_off, "%s %zu: %" PRIu64 " data bytes run past the section's end (%" PRIu64 " left)",
                    what, i, s->len, end - data);
    return copy_data(r, data, s->len, &s->data);
}

static int parse_meta(reader *r, uint64_t p, uint64_t count, uint64_t bytes, eoq_trace *t)
{
    char why[160];
    size_t at;
    if (count != bytes)
        return fail(r, p - EOQ_TRACE_SECTION_HEADER_BYTES + EOQ_TRACE_SEC_OFF_COUNT,
                    "META count %" PRIu64 " must equal its length %" PRIu64, count, bytes);
    if (eoq_rule_meta((const char *)r->buf + p, (size_t)bytes, &at, why, sizeof why))
        return fail(r, p + at, "%s", why);
    t->meta = malloc((size_t)bytes + 1);
    if (!t->meta)
        return fail(r, p, "out of memory");
    memcpy(t->meta, r->buf + p, (size_t)bytes);
    t->meta[bytes] = 0;
    return 0;
}

/* count entries of at least `entry` bytes each must fit in the section: bounds every allocation */
static int count_fits(reader *r, uint64_t p, uint64_t count, uint64_t bytes, uint64_t entry, const char *tag)
{
    if (count > bytes / entry)
        return fail(r, p - EOQ_TRACE_SECTION_HEADER_BYTES + EOQ_TRACE_SEC_OFF_COUNT,
                    "%s count %" PRIu64 " cannot fit in its %" PRIu64 " bytes", tag, count, bytes);
    return 0;
}

static int trailing_entries(reader *r, uint64_t p, uint64_t end, const char *tag)
{
    if (p != end)
        return fail(r, p, "%" PRIu64 " bytes after the last entry of section %s", end - p, tag);
    return 0;
}

static int parse_dram(reader *r, uint64_t p, uint64_t count, uint64_t bytes, eoq_trace *t)
{
    uint64_t end = p + bytes, prev_end = 0;
    if (count_fits(r, p, count, bytes, EOQ_TRACE_SEGMENT_ENTRY, "DRAM"))
        return -1;
    t->segments = calloc(count ? (size_t)count : 1, sizeof *t->segments);
    if (!t->segments)
        return fail(r, p, "out of memory");
    for (size_t i = 0; i < count; i++) {
        if (end - p < EOQ_TRACE_SEGMENT_ENTRY)
            return fail(r, p, "segment %zu: entry header runs past the section's end", i);
        eoq_trace_segment *s = &t->segments[i];
        t->nsegments = i + 1;
        if (region(r, p, p + 8, end, t->dram_bytes, "segment", i, s))
            return -1;
        if (i > 0 && s->addr < prev_end)
            return fail(r, p, "segment %zu: addr 0x%" PRIx64 " overlaps or precedes the previous segment (ends at 0x%" PRIx64 ")",
                        i, s->addr, prev_end);
        prev_end = s->addr + s->len;
        p += EOQ_TRACE_SEGMENT_ENTRY + s->len;
    }
    return trailing_entries(r, p, end, "DRAM");
}

static int parse_cmds(reader *r, uint64_t p, uint64_t count, uint64_t bytes, eoq_trace *t)
{
    char why[160];
    size_t at;
    if (count > bytes / EOQ_TRACE_CMD_BYTES || count * EOQ_TRACE_CMD_BYTES != bytes)
        return fail(r, p - EOQ_TRACE_SECTION_HEADER_BYTES + EOQ_TRACE_SEC_OFF_BYTES,
                    "CMDS length %" PRIu64 " is not count %" PRIu64 " x %d", bytes, count, EOQ_TRACE_CMD_BYTES);
    t->cmds = malloc(count ? (size_t)bytes : 1);
    if (!t->cmds)
        return fail(r, p, "out of memory");
    for (size_t i = 0; i < count; i++) {
        const uint8_t *c = r->buf + p + i * EOQ_TRACE_CMD_BYTES;
        if (eoq_rule_cmd(c, &at, why, sizeof why))
            return fail(r, p + i * EOQ_TRACE_CMD_BYTES + at, "command %zu: %s", i, why);
        memcpy(t->cmds[i], c, EOQ_TRACE_CMD_BYTES);
    }
    t->ncmds = (size_t)count;
    return 0;
}

static int parse_host(reader *r, uint64_t p, uint64_t count, uint64_t bytes, eoq_trace *t)
{
    uint64_t end = p + bytes;
    if (count_fits(r, p, count, bytes, EOQ_TRACE_HOST_ENTRY, "HOST"))
        return -1;
    t->host_writes = calloc(count ? (size_t)count : 1, sizeof *t->host_writes);
    if (!t->host_writes)
        return fail(r, p, "out of memory");
    for (size_t i = 0; i < count; i++) {
        if (end - p < EOQ_TRACE_HOST_ENTRY)
            return fail(r, p, "host write %zu: entry header runs past the section's end", i);
        eoq_trace_host_write *h = &t->host_writes[i];
        t->nhost_writes = i + 1;
        h->before_cmd = eoq_le32(r->buf + p);
        if (h->before_cmd >= t->ncmds)
            return fail(r, p, "host write %zu: before command %" PRIu32 ", but the trace has %zu commands", i,
                        h->before_cmd, t->ncmds);
        if (i > 0 && h->before_cmd < h[-1].before_cmd)
            return fail(r, p, "host write %zu: before command %" PRIu32 " comes after one before command %" PRIu32
                        " (entries are sorted by command)", i, h->before_cmd, h[-1].before_cmd);
        if (eoq_le32(r->buf + p + 4))
            return fail(r, p + 4, "host write %zu: reserved field is not zero", i);
        if (region(r, p + 8, p + 16, end, t->dram_bytes, "host write", i, &h->seg))
            return -1;
        p += EOQ_TRACE_HOST_ENTRY + h->seg.len;
    }
    return trailing_entries(r, p, end, "HOST");
}

static int parse_expt(reader *r, uint64_t p, uint64_t count, uint64_t bytes, eoq_trace *t)
{
    uint64_t end = p + bytes;
    char why[160];
    size_t at;
    if (count_fits(r, p, count, bytes, EOQ_TRACE_EXPECT_ENTRY, "EXPT"))
        return -1;
    t->expects = calloc(count ? (size_t)count : 1, sizeof *t->expects);
    if (!t->expects)
        return fail(r, p, "out of memory");
    for (size_t i = 0; i < count; i++) {
        if (end - p < EOQ_TRACE_EXPECT_ENTRY)
            return fail(r, p, "expect %zu: entry header runs past the section's end", i);
        eoq_trace_expect *e = &t->expects[i];
        t->nexpects = i + 1;
        e->after_cmd = eoq_le32(r->buf + p);
        if (e->after_cmd >= t->ncmds)
            return fail(r, p, "expect %zu: after command %" PRIu32 ", but the trace has %zu commands", i,
                        e->after_cmd, t->ncmds);
        if (i > 0 && e->after_cmd < e[-1].after_cmd)
            return fail(r, p, "expect %zu: after command %" PRIu32 " comes after one after command %" PRIu32
                        " (entries are sorted by command)", i, e->after_cmd, e[-1].after_cmd);
        if (eoq_le32(r->buf + p + 4))
            return fail(r, p + 4, "expect %zu: reserved field is not zero", i);
        memcpy(e->name, r->buf + p + 8, EOQ_TRACE_NAME_BYTES);
        if (eoq_rule_name(e->name, &at, why, sizeof why))
            return fail(r, p + 8 + at, "expect %zu: %s", i, why);
        for (size_t k = strlen(e->name); k < EOQ_TRACE_NAME_BYTES; k++)
            if (e->name[k])
                return fail(r, p + 8 + k, "expect %zu: name padding after the NUL is not zero", i);
        if (region(r, p + 40, p + 48, end, t->dram_bytes, "expect", i, &e->seg))
            return -1;
        p += EOQ_TRACE_EXPECT_ENTRY + e->seg.len;
    }
    return trailing_entries(r, p, end, "EXPT");
}

static int parse_header(reader *r, eoq_trace *t)
{
    const uint8_t *b = r->buf;
    char why[160];
    if (r->len == 0)
        return fail(r, 0, "empty file (not an eoq trace)");
    if (r->len < EOQ_TRACE_MAGIC_BYTES ? memcmp(b, EOQ_TRACE_MAGIC, r->len) != 0
                                       : memcmp(b, EOQ_TRACE_MAGIC, EOQ_TRACE_MAGIC_BYTES) != 0)
        return fail(r, 0, "not an eoq trace (bad magic; expected \"%s\")", EOQ_TRACE_MAGIC);
    if (r->len < EOQ_TRACE_HEADER_BYTES)
        return fail(r, r->len, "file ends inside the %d-byte header", EOQ_TRACE_HEADER_BYTES);
    uint32_t version = eoq_le32(b + EOQ_TRACE_OFF_VERSION);
    if (version != EOQ_TRACE_VERSION)
        return fail(r, EOQ_TRACE_OFF_VERSION, "unsupported version %" PRIu32 " (this reader knows %u)", version,
                    EOQ_TRACE_VERSION);
    uint32_t stored = eoq_le32(b + EOQ_TRACE_OFF_HEADER_CRC);
    uint32_t crc = eoq_crc32(0, b, EOQ_TRACE_OFF_HEADER_CRC);
    if (!crc_ok(stored, crc))
        return fail(r, EOQ_TRACE_OFF_HEADER_CRC, "header CRC 0x%08" PRIx32 " does not match its bytes (0x%08" PRIx32 ")",
                    stored, crc);
    if (eoq_le32(b + EOQ_TRACE_OFF_FLAGS))
        return fail(r, EOQ_TRACE_OFF_FLAGS, "flags are not zero (no flags are defined in version %u)",
                    EOQ_TRACE_VERSION);
    t->dram_bytes = eoq_le64(b + EOQ_TRACE_OFF_DRAM_BYTES);
    if (eoq_rule_dram_bytes(t->dram_bytes, why, sizeof why))
        return fail(r, EOQ_TRACE_OFF_DRAM_BYTES, "%s", why);
    if (eoq_le32(b + EOQ_TRACE_OFF_RESERVED))
        return fail(r, EOQ_TRACE_OFF_RESERVED, "reserved header field is not zero");
    return 0;
}

static int parse(reader *r, eoq_trace *t)
{
    typedef int (*section_fn)(reader *, uint64_t, uint64_t, uint64_t, eoq_trace *);
    static const section_fn parse_section[EOQ_SEC_COUNT] = {parse_meta, parse_dram, parse_cmds, parse_host,
                                                            parse_expt};
    if (parse_header(r, t))
        return -1;
    uint64_t off = EOQ_TRACE_HEADER_BYTES;
    for (int s = 0; s < EOQ_SEC_COUNT; s++) {
        const char *tag = eoq_trace_section_tag[s];
        const uint8_t *h = r->buf + off;
        uint64_t left = r->len - off;
        if (left < 4 ? memcmp(h, tag, (size_t)left) != 0 : memcmp(h, tag, 4) != 0) {
            char found[17];
            uint8_t got[4] = {0};
            memcpy(got, h, left < 4 ? (size_t)left : 4);
            tag_text(got, found);
            return fail(r, off, "expected section %s, found \"%s\"", tag, found);
        }
        if (left < EOQ_TRACE_SECTION_HEADER_BYTES)
            return fail(r, r->len, "file ends inside the header of section %s", tag);
        if (eoq_le32(h + EOQ_TRACE_SEC_OFF_RESERVED))
            return fail(r, off + EOQ_TRACE_SEC_OFF_RESERVED, "section %s: reserved field is not zero", tag);
        uint64_t count = eoq_le64(h + EOQ_TRACE_SEC_OFF_COUNT), bytes = eoq_le64(h + EOQ_TRACE_SEC_OFF_BYTES);
        uint64_t room = left - EOQ_TRACE_SECTION_HEADER_BYTES;
        if (bytes > room || room - bytes < EOQ_TRACE_CRC_BYTES)
            return fail(r, off + EOQ_TRACE_SEC_OFF_BYTES,
                        "section %s: length %" PRIu64 " and its CRC run past the end of the file (%" PRIu64 " bytes left)",
                        tag, bytes, room);
        uint64_t payload = off + EOQ_TRACE_SECTION_HEADER_BYTES, crc_at = payload + bytes;
        uint32_t stored = eoq_le32(r->buf + crc_at);
        uint32_t crc = eoq_crc32(0, h, (size_t)(EOQ_TRACE_SECTION_HEADER_BYTES + bytes));
        if (!crc_ok(stored, crc))
            return fail(r, crc_at, "section %s: CRC 0x%08" PRIx32 " does not match its bytes (0x%08" PRIx32 ")", tag,
                        stored, crc);
        if (parse_section[s](r, payload, count, bytes, t))
            return -1;
        off = crc_at + EOQ_TRACE_CRC_BYTES;
    }
    if (off != r->len)
        return fail(r, off, "%" PRIu64 " trailing bytes after the last section", (uint64_t)(r->len - off));
    return 0;
}

int eoq_trace_parse(const uint8_t *buf, size_t len, const char *name, eoq_trace *t, char *err, size_t errlen)
{
    reader r = {buf, len, name ? name : "(memory)", err, errlen};
    memset(t, 0, sizeof *t);
    if (parse(&r, t)) {
        eoq_trace_free(t);
        return -1;
    }
    return 0;
}

int eoq_trace_read(const char *path, eoq_trace *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    uint8_t *buf;
    size_t n;
    if (eoq_trace_read_whole(path, 1, &buf, &n, err, errlen))
        return -1;
    int rc = eoq_trace_parse(buf, n, path, t, err, errlen);
    free(buf);
    return rc;
}
