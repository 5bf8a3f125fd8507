#include "cost_json.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;

typedef struct jnode {
    jtype t;
    double num;
    char *name; /* member name inside an object */
    char *str;  /* a string's text, escapes as written */
    struct jnode *kid, *next;
} jnode;

struct cost_json {
    char path[512];
    jnode *root;
};

typedef struct {
    const char *s;
    size_t i, n;
    int depth;
    const char *err;
} jparser;

static void jfree(jnode *n)
{
    while (n) {
        jnode *next = n->next;
        jfree(n->kid);
        free(n->name);
        free(n->str);
        free(n);
        n = next;
    }
}

static void skip_ws(jparser *p)
{
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r'))
        p->i++;
}

/* A string's text with escapes kept as written: the names we look up are plain ASCII. */
static char *parse_str(jparser *p)
{
    if (p->i >= p->n || p->s[p->i] != '"') {
        p->err = "expected a string";
        return NULL;
    }
    size_t start = ++p->i;
    while (p->i < p->n && p->s[p->i] != '"') {
        if ((unsigned char)p->s[p->i] < 0x20) {
            p->err = "control character in a string";
            return NULL;
        }
        if (p->s[p->i] == '\\')
            p->i++;
        p->i++;
    }
    if (p->i >= p->n) {
        p->err = "unterminated string";
        return NULL;
    }
    size_t len = p->i - start;
    p->i++;
    char *out = malloc(len + 1);
    if (!out) {
        p->err = "out of memory";
        return NULL;
    }
    memcpy(out, p->s + start, len);
    out[len] = 0;
    return out;
}

static jnode *parse_value(jparser *p);

static jnode *new_node(jparser *p, jtype t)
{
    jnode *n = calloc(1, sizeof *n);
    if (!n)
        p->err = "out of memory";
    else
        n->t = t;
    return n;
}

static jnode *parse_container(jparser *p, int obj)
{
    jnode *n = new_node(p, obj ? J_OBJ : J_ARR);
    if (!n)
        return NULL;
    if (++p->depth > 64) {
        p->err = "nested too deeply";
        jfree(n);
        return NULL;
    }
    p->i++;
    skip_ws(p);
    jnode **tail = &n->kid;
    if (p->i < p->n && p->s[p->i] == (obj ? '}' : ']')) {
        p->i++;
        p->depth--;
        return n;
    }
    for (;;) {
        char *name = NULL;
        skip_ws(p);
        if (obj) {
            if (!(name = parse_str(p)))
                goto bad;
            skip_ws(p);
            if (p->i >= p->n || p->s[p->i] != ':') {
                p->err = "expected ':'";
                free(name);
                goto bad;
            }
            p->i++;
        }
        jnode *v = parse_value(p);
        if (!v) {
            free(name);
            goto bad;
        }
        v->name = name;
        *tail = v;
        tail = &v->next;
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == (obj ? '}' : ']')) {
            p->i++;
            p->depth--;
            return n;
        }
        p->err = obj ? "expected ',' or '}'" : "expected ',' or ']'";
        goto bad;
    }
bad:
    jfree(n);
    return NULL;
}

static jnode *parse_value(jparser *p)
{
    skip_ws(p);
    if (p->i >= p->n) {
        p->err = "unexpected end of the text";
        return NULL;
    }
    char c = p->s[p->i];
    if (c == '{' || c == '[')
        return parse_container(p, c == '{');
    if (c == '"') {
        char *s = parse_str(p);
        if (!s)
            return NULL;
        jnode *n = new_node(p, J_STR);
        if (!n)
            free(s);
        else
            n->str = s;
        return n;
    }
    static const char *const words[] = {"true", "false", "null"};
    for (int w = 0; w < 3; w++) {
        size_t l = strlen(words[w]);
        if (p->n - p->i >= l && !strncmp(p->s + p->i, words[w], l)) {
            p->i += l;
            return new_node(p, w < 2 ? J_BOOL : J_NULL);
        }
    }
    if (c == '-' || isdigit((unsigned char)c)) {
        char buf[64];
        size_t l = 0;
        while (p->i + l < p->n && l < sizeof buf - 1 && strchr("+-.eE0123456789", p->s[p->i + l]))
            l++;
        memcpy(buf, p->s + p->i, l);
        buf[l] = 0;
        char *end;
        errno = 0;
        double v = strtod(buf, &end);
        if (*end || errno) {
            p->err = "malformed number";
            return NULL;
        }
        p->i += l;
        jnode *n = new_node(p, J_NUM);
        if (n)
            n->num = v;
        return n;
    }
    p->err = "unexpected character";
    return NULL;
}

cost_json *cost_json_load(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            char *b2 = cap < ((size_t)1 << 30) ? realloc(buf, cap * 2) : NULL;
            if (!b2) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b2;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int rerr = ferror(f);
    fclose(f);
    if (!buf || rerr) {
        free(buf);
        snprintf(err, errlen, "%s: cannot read the file", path);
        return NULL;
    }
    jparser p = {buf, 0, n, 0, NULL};
    jnode *root = parse_value(&p);
    if (root) {
        skip_ws(&p);
        if (p.i != n) {
            p.err = "text after the JSON value";
            jfree(root);
            root = NULL;
        }
    }
    free(buf);
    if (!root) {
        snprintf(err, errlen, "%s: malformed JSON at byte %zu: %s", path, p.i, p.err ? p.err : "?");
        return NULL;
    }
    cost_json *j = calloc(1, sizeof *j);
    if (!j) {
        jfree(root);
        snprintf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    snprintf(j->path, sizeof j->path, "%s", path);
    j->root = root;
    return j;
}

void cost_json_free(cost_json *j)
{
    if (!j)
        return;
    jfree(j->root);
    free(j);
}

static const jnode *find(const cost_json *j, const char *key)
{
    const jnode *n = j->root;
    const char *k = key;
    while (*k) {
        const char *dot = strchr(k, '.');
        size_t l = dot ? (size_t)(dot - k) : strlen(k);
        if (n->t != J_OBJ)
            return NULL;
        const jnode *c = n->kid;
        while (c && !(strlen(c->name) == l && !strncmp(c->name, k, l)))
            c = c->next;
        if (!c)
            return NULL;
        n = c;
        k += l + (dot ? 1 : 0);
    }
    return n;
}

int cost_json_num(const cost_json *j, const char *key, double *out, char *err, size_t errlen)
{
    const jnode *n = find(j, key);
    if (!n || n->t != J_NUM) {
        snprintf(err, errlen, "%s: no number at '%s'", j->path, key);
        return -1;
    }
    *out = n->num;
    return 0;
}

int cost_json_keys(const cost_json *j, const char *key, const char **names, int max)
{
    const jnode *n = find(j, key);
    if (!n || n->t != J_OBJ)
        return -1;
    int k = 0;
    for (const jnode *c = n->kid; c && k < max; c = c->next)
        names[k++] = c->name;
    return k;
}

const char *cost_json_str(const cost_json *j, const char *key)
{
    const jnode *n = find(j, key);
    return n && n->t == J_STR ? n->str : NULL;
}
