#include "train/checkpoint.h"

#include "io/atomic_file.h"

#include <stdio.h>
#include <string.h>

static const char MAGIC[8] = {'E', 'O', 'Q', 'C', 'K', 'P', 'T', '1'};

typedef struct {
    char magic[8];
    uint32_t version;
    char net[32];
    eoq_model_config cfg;
    int32_t epoch, batch;
    int64_t step;
} header;

int eoq_checkpoint_save(const char *path, eoq_model *m, const eoq_ckpt_pos *pos, char *err, size_t errlen)
{
    char tmp[4096];
    FILE *f = eoq_atomic_open(path, tmp, sizeof tmp, err, errlen);
    if (!f)
        return -1;
    header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, MAGIC, 8);
    h.version = 1;
    snprintf(h.net, sizeof h.net, "%s", m->spec.name);
    h.cfg = m->cfg;
    h.epoch = pos->epoch;
    h.batch = pos->batch;
    h.step = pos->step;
    int bad = fwrite(&h, sizeof h, 1, f) != 1 || m->ops->save(m, f) != 0;
    return eoq_atomic_close(f, tmp, path, !bad, err, errlen);
}

/* Opens the file and reads a valid header; on failure sets *why and returns NULL. */
static FILE *open_header(const char *path, header *h, const char **why)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *why = "cannot open checkpoint";
        return NULL;
    }
    if (fread(h, sizeof *h, 1, f) != 1)
        *why = "file too short for a checkpoint header";
    else if (memcmp(h->magic, MAGIC, 8) != 0)
        *why = "not an eoq checkpoint (bad magic)";
    else if (h->version != 1)
        *why = "unsupported checkpoint version";
    else
        return f;
    fclose(f);
    return NULL;
}

int eoq_checkpoint_read_config(const char *path, eoq_model_config *cfg, char *err, size_t errlen)
{
    header h;
    const char *why = NULL;
    FILE *f = open_header(path, &h, &why);
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, why);
        return -1;
    }
    fclose(f);
    *cfg = h.cfg;
    return 0;
}

int eoq_checkpoint_load(const char *path, eoq_model *m, eoq_ckpt_pos *pos, char *err, size_t errlen)
{
    header h;
    const char *why = NULL;
    FILE *f = open_header(path, &h, &why);
    if (f) {
        if (strncmp(h.net, m->spec.name, sizeof h.net) != 0)
            why = "written for another network";
        else if (memcmp(&h.cfg, &m->cfg, sizeof h.cfg) != 0)
            why = "written with another mode, bit widths, rounding, seed or input mean";
        else if (m->ops->load(m, f) != 0)
            why = "engine state truncated or corrupt";
        else if (fgetc(f) != EOF)
            why = "trailing data after the engine state";
        fclose(f);
    }
    if (why) {
        snprintf(err, errlen, "%s: %s", path, why);
        return -1;
    }
    pos->epoch = h.epoch;
    pos->step = h.step;
    pos->batch = h.batch;
    return 0;
}
