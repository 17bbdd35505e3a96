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

void cp_bytes_add(cp_bytes *b, const void *data, size_t len)
{
    reserve(b, len);
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = 0; /* always NUL-terminated, for text formats */
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
}

void cp_bytes_free(cp_bytes *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
