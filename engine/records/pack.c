/* pack.c - the records' compact JSON: the per-reply scorer output (turns.criteria_json) and
 * session snapshots (turns.state_json, sessions.state_json) are stored as "z1:" + base64 of raw
 * deflate with a built-in preset dictionary (dict1.h), in the same TEXT columns on every backend.
 * Rows written before (plain JSON, starting with '{' or '[') read as they are. Every reader of
 * those columns goes through rec_unpack; `records copy` moves the stored text unchanged.
 * Must not: change dict1.h (frozen: stored rows decode only with its very bytes; add a dict2 with
 * a new prefix instead). */
#include "records_int.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "dict1.h"

#define PREFIX1 "z1:"
#define UNPACK_MAX (64u << 20)   /* a stored text never inflates past this (a damaged row) */

const unsigned char *rec_pack_dict(int version, size_t *len)
{
    if (version != 1)
        return NULL;
    *len = sizeof REC_DICT1;
    return REC_DICT1;
}

char *rec_pack(const char *json)
{
    if (!json)
        return NULL;
    size_t n = strlen(json);
    z_stream z;
    memset(&z, 0, sizeof z);
    /* raw deflate (no zlib header or checksum: the dictionary's version is the prefix) */
    if (deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return cp_xstrdup(json);
    if (deflateSetDictionary(&z, REC_DICT1, sizeof REC_DICT1) != Z_OK) {
        deflateEnd(&z);
        return cp_xstrdup(json);
    }
    uLong cap = deflateBound(&z, (uLong)n);
    unsigned char *buf = cp_xmalloc(cap);
    z.next_in = (Bytef *)(uintptr_t)json;
    z.avail_in = (uInt)n;
    z.next_out = buf;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    size_t zn = z.total_out;
    deflateEnd(&z);
    size_t b64 = sodium_base64_ENCODED_LEN(zn, sodium_base64_VARIANT_ORIGINAL);
    if (rc != Z_STREAM_END || sizeof PREFIX1 - 1 + b64 - 1 >= n) {
        free(buf);   /* not smaller (tiny texts): stored as they are */
        return cp_xstrdup(json);
    }
    char *out = cp_xmalloc(sizeof PREFIX1 - 1 + b64);
    memcpy(out, PREFIX1, sizeof PREFIX1 - 1);
    sodium_bin2base64(out + sizeof PREFIX1 - 1, b64, buf, zn, sodium_base64_VARIANT_ORIGINAL);
    free(buf);
    return out;
}

bool rec_packed(const char *text) { return text && strncmp(text, PREFIX1, 3) == 0; }

/* The inflated text of z1 data bin[0..n), NUL-terminated; NULL when it does not inflate. */
static char *inflate1(const unsigned char *bin, size_t n)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, -15) != Z_OK)
        return NULL;
    if (inflateSetDictionary(&z, REC_DICT1, sizeof REC_DICT1) != Z_OK) {
        inflateEnd(&z);
        return NULL;
    }
    size_t cap = n * 8 + 256, len = 0;
    char *out = cp_xmalloc(cap);
    z.next_in = (Bytef *)(uintptr_t)bin;
    z.avail_in = (uInt)n;
    int rc = Z_DATA_ERROR;
    for (;;) {
        if (cap - len < 2) {
            if (cap >= UNPACK_MAX)
                break;
            cap *= 2;
            out = cp_xrealloc(out, cap);
        }
        z.next_out = (Bytef *)out + len;
        z.avail_out = (uInt)(cap - len - 1);
        rc = inflate(&z, Z_FINISH);
        len = z.total_out;
        if (rc == Z_STREAM_END || (rc != Z_OK && rc != Z_BUF_ERROR) ||
            (rc == Z_BUF_ERROR && z.avail_in == 0 && z.avail_out > 0))
            break;
    }
    inflateEnd(&z);
    /* the whole input, and no NUL inside (a JSON text has none) */
    if (rc != Z_STREAM_END || z.avail_in != 0 || memchr(out, '\0', len)) {
        free(out);
        return NULL;
    }
    out[len] = '\0';
    return out;
}

char *rec_unpack(const char *text)
{
    if (!text)
        return NULL;
    if (!rec_packed(text))
        return cp_xstrdup(text);
    const char *b64 = text + sizeof PREFIX1 - 1;
    size_t bn = strlen(b64), cap = bn / 4 * 3 + 3, n = 0;
    unsigned char *bin = cp_xmalloc(cap);
    const char *end = NULL;
    char *out = NULL;
    if (sodium_base642bin(bin, cap, b64, bn, NULL, &n, &end, sodium_base64_VARIANT_ORIGINAL) == 0 &&
        end == b64 + bn)
        out = inflate1(bin, n);
    free(bin);
    /* what does not decode stays as stored: the reader's JSON parse fails and says so */
    return out ? out : cp_xstrdup(text);
}
