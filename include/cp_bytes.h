/* cp_bytes.h - a growable byte buffer: what the score-sheet renderers write into and signatures
 * are embedded in (cp_export.h, cp_sign.h). Allocation failure aborts, as everywhere in the
 * core (cp_common.h). Knows nothing of any file format. */
#ifndef CP_BYTES_H
#define CP_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cp_common.h"

/* A growable byte buffer; data is NUL-terminated past len when not NULL. Zero-initialise; free
 * with cp_bytes_free. */
typedef struct cp_bytes {
    unsigned char *data;
    size_t len, cap;
    /* Optional: a file the bytes stream to. When set, whatever is held is written out once it
     * passes a MiB (and by cp_bytes_flush), so a large file never sits in memory: data then
     * holds only the unwritten tail. */
    FILE *sink;
    unsigned long long flushed;  /* bytes already written to sink */
    bool sink_failed;            /* a write to sink failed (errno kept) */
} cp_bytes;
/* Writes what is held to b->sink (when set); false when a write failed. */
bool cp_bytes_flush(cp_bytes *b);
/* Appends len bytes of data. */
void cp_bytes_add(cp_bytes *b, const void *data, size_t len);
/* Appends printf-formatted text. */
void cp_bytes_addf(cp_bytes *b, const char *fmt, ...) CP_PRINTF(2, 3);
/* Frees the buffer's memory and zeroes it; a zeroed buffer is a no-op. */
void cp_bytes_free(cp_bytes *b);

#endif
