#ifndef EOQ_TRACES_FORMAT_WHOLE_FILE_H
#define EOQ_TRACES_FORMAT_WHOLE_FILE_H
/* A file read whole into memory, for the binary and the text reader alike: the file's size is
 * then the bound on everything either parser allocates. */
#include <stddef.h>
#include <stdint.h>

/* 0 with *buf (malloc'd, the caller frees it) holding the *len bytes of path, or -1 with *buf
 * NULL and a one-line error: "PATH: cannot open (reason)" or "PATH: cannot read" (+ " (out of
 * memory)"). With name_byte the read error also says "byte N: " where reading stopped: the
 * binary reader's errors all name a byte, the text reader's name lines. */
int eoq_trace_read_whole(const char *path, int name_byte, uint8_t **buf, size_t *len, char *err, size_t errlen);

#endif
