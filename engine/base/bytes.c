/* bytes.c - the growable byte buffer (cp_bytes.h) the score-sheet renderers write into.
 * Must not: know any file format. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp_bytes.h"

static void reserve(cp_bytes *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = cp_xrealloc(b->data, cap);
    b->cap = cap;
}

#define SINK_AT ((size_t)1 << 20)

bool cp_bytes_flush(cp_bytes *b)
{
    if (!b->sink || !b->len)
        return !b->sink_failed;
    if (!b->sink_failed && fwrite(b->data, 1, b->len, b->sink) != b->len)
        b->sink_failed = true;
    b->flushed += b->len;
    b->len = 0;
    b->data[0] = 0;
    return !b->sink_failed;
}

void cp_bytes_add(cp_bytes *b, const void *data, size_t len)
{
    if (b->sink && len >= SINK_AT) {   /* a large piece goes straight through */
        cp_bytes_flush(b);
        if (!b->sink_failed && fwrite(data, 1, len, b->sink) != len)
            b->sink_failed = true;
        b->flushed += len;
        return;
    }
    reserve(b, len);
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = 0; /* always NUL-terminated, for text formats */
    if (b->sink && b->len >= SINK_AT)
        cp_bytes_flush(b);
}

void cp_bytes_addf(cp_bytes *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    if (b->sink && b->len >= SINK_AT)
        cp_bytes_flush(b);
}

void cp_bytes_free(cp_bytes *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
