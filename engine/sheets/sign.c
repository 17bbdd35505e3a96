/* sign.c - tamper evidence for exported files (cp_sign.h): the installation's Ed25519 key pair,
 * embedding a signature block in JSON / xAPI / CSV / PDF / XLSX files, and verifying it with a
 * report of what changed (lines, ZIP members, PDF objects).
 * Must not: include SDL, write the secret key anywhere but its own 0600 file, or overwrite an
 * existing key file. Bad input (any bytes) never crashes: it gives a status or an error. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>
#include <zlib.h>

#include "cp_sign.h"
#include "cp_utf8.h"

#define DOMAIN_TAG "counterpart-sign-v1"
#define KEY_HEADER "# Counterpart signing key: secret, keep this file private (mode 0600)\n"
#define KEY_PREFIX "seed: "
#define PUB_PREFIX "ed25519:"
#define CHUNK_HASH 8          /* bytes of BLAKE2b per chunk */
#define MAX_ITEMS 8           /* items named in a report before "另有 N 处" */
#define SEARCH_TAIL ((size_t)1 << 20) /* where verify looks for the block: the last MiB */
#define LINE_SHOW 60          /* bytes of a changed line shown in a report */
#define PDF_MARK "%CP-SIGNATURE "
#define CSV_MARK "\xe7\xad\xbe\xe5\x90\x8d," /* "签名," */
#define JSON_MARK ",\n  \"signature\": "
/* XLSX: the block is the text of one stored (uncompressed) member appended as the archive's
 * last; packages ignore a part no relationship points to, and its .xml name has a content type
 * by the workbook's Default rule. (Before: the ZIP comment - LibreOffice cannot open a ZIP
 * whose comment is longer than 512 bytes, so it is only read now, never written.) */
#define XLSX_MEMBER "counterpart-signature.xml"
#define XLSX_OPEN "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<counterpartSignature>"
#define XLSX_CLOSE "</counterpartSignature>\n"

struct cp_signer {
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    char pub[64];
    char fp[17];
};

/* ---- Small helpers ---- */

static int init_sodium(cp_error *err)
{
    if (sodium_init() < 0)
        return cp_error_set(err, NULL, 0, "libsodium failed to initialise");
    return 0;
}

static char *b64(const unsigned char *bin, size_t len)
{
    size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
    char *s = cp_xmalloc(n);
    sodium_bin2base64(s, n, bin, len, sodium_base64_VARIANT_ORIGINAL);
    return s;
}

/* Decodes base64 text of exactly slen bytes into a new buffer; -1 when not clean base64. */
static int unb64(const char *s, size_t slen, unsigned char **out, size_t *outlen)
{
    size_t cap = slen / 4 * 3 + 3;
    unsigned char *bin = cp_xmalloc(cap ? cap : 1);
    const char *end = NULL;
    size_t n = 0;
    if (sodium_base642bin(bin, cap, s, slen, NULL, &n, &end, sodium_base64_VARIANT_ORIGINAL) != 0
        || end != s + slen) {
        free(bin);
        return -1;
    }
    *out = bin;
    *outlen = n;
    return 0;
}

static void fingerprint_of(const unsigned char pk[32], char out[17])
{
    unsigned char h[8];
    crypto_generichash(h, sizeof h, pk, 32, NULL, 0);
    sodium_bin2hex(out, 17, h, sizeof h);
}

/* Parses "ed25519:<base64 of 32 bytes>"; -1 when it is not one. */
static int parse_public(const char *text, size_t len, unsigned char pk[32])
{
    size_t pl = strlen(PUB_PREFIX);
    if (len < pl || memcmp(text, PUB_PREFIX, pl) != 0)
        return -1;
    unsigned char *bin = NULL;
    size_t n = 0;
    if (unb64(text + pl, len - pl, &bin, &n) != 0)
        return -1;
    int ok = n == 32;
    if (ok)
        memcpy(pk, bin, 32);
    free(bin);
    return ok ? 0 : -1;
}

/* ---- Formats ---- */

static bool ends_with_ci(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

cp_sign_format cp_sign_format_of(const char *path)
{
    if (!path)
        return CP_FMT_UNKNOWN;
    if (ends_with_ci(path, ".xapi.json") || ends_with_ci(path, ".xapi"))
        return CP_FMT_XAPI;
    if (ends_with_ci(path, ".json"))
        return CP_FMT_JSON;
    if (ends_with_ci(path, ".csv"))
        return CP_FMT_CSV;
    if (ends_with_ci(path, ".xlsx"))
        return CP_FMT_XLSX;
    if (ends_with_ci(path, ".pdf"))
        return CP_FMT_PDF;
    return CP_FMT_UNKNOWN;
}

static const char *fmt_name(cp_sign_format f)
{
    switch (f) {
    case CP_FMT_JSON: return "json";
    case CP_FMT_CSV: return "csv";
    case CP_FMT_XLSX: return "xlsx";
    case CP_FMT_PDF: return "pdf";
    case CP_FMT_XAPI: return "xapi";
    default: return "unknown";
    }
}

static cp_sign_format fmt_from_name(const char *s)
{
    static const cp_sign_format all[] = { CP_FMT_JSON, CP_FMT_CSV, CP_FMT_XLSX, CP_FMT_PDF,
                                          CP_FMT_XAPI };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(s, fmt_name(all[i])) == 0)
            return all[i];
    return CP_FMT_UNKNOWN;
}

/* JSON and xAPI embed the same way; the family decides the embedding rule. */
static cp_sign_format family(cp_sign_format f)
{
    return f == CP_FMT_XAPI ? CP_FMT_JSON : f;
}

/* Guesses the format of a file whose name did not say it. */
static cp_sign_format sniff(const unsigned char *d, size_t n)
{
    if (n >= 4 && memcmp(d, "PK\x03\x04", 4) == 0)
        return CP_FMT_XLSX;
    if (n >= 5 && memcmp(d, "%PDF-", 5) == 0)
        return CP_FMT_PDF;
    size_t i = 0;
    if (n >= 3 && memcmp(d, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < n && isspace(d[i]))
        i++;
    if (i < n && d[i] == '{')
        return CP_FMT_JSON;
    return CP_FMT_CSV;
}

/* ---- ZIP (XLSX) structure ---- */

static unsigned rd16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Finds the end-of-central-directory record whose comment runs exactly to the end of the file.
 * Returns its offset or -1. */
static long zip_eocd(const unsigned char *d, size_t n)
{
    if (n < 22)
        return -1;
    size_t lo = n - 22 > 65535 ? n - 22 - 65535 : 0;
    for (size_t i = n - 22 + 1; i-- > lo;) {
        if (rd32(d + i) == 0x06054b50 && i + 22 + rd16(d + i + 20) == n)
            return (long)i;
    }
    return -1;
}

static void wr16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)(v >> 8 & 0xff);
}
static void wr32(unsigned char *p, uint32_t v)
{
    for (int k = 0; k < 4; k++)
        p[k] = (unsigned char)(v >> (8 * k) & 0xff);
}

/* The central directory entry of the member called name: its offset (and length in *elen), -1
 * when there is none, -2 when the directory is malformed. */
static long zip_find(const unsigned char *d, size_t eocd, const char *name, size_t *elen)
{
    unsigned count = rd16(d + eocd + 10);
    uint32_t cd_size = rd32(d + eocd + 12), cd_off = rd32(d + eocd + 16);
    if ((size_t)cd_off > eocd || (size_t)cd_size > eocd - cd_off)
        return -2;
    size_t p = cd_off, k = strlen(name);
    for (unsigned i = 0; i < count; i++) {
        if (p + 46 > eocd || rd32(d + p) != 0x02014b50)
            return -2;
        size_t nl = rd16(d + p + 28), len = 46 + nl + rd16(d + p + 30) + rd16(d + p + 32);
        if (p + len > eocd)
            return -2;
        if (nl == k && memcmp(d + p + 46, name, k) == 0) {
            *elen = len;
            return (long)p;
        }
        p += len;
    }
    return -1;
}

static void zip_sig_headers(const unsigned char *body, size_t len, size_t loc,
                            unsigned char lh[30], unsigned char ce[46]);

typedef struct zip_member {
    char *name;        /* as in the central directory (percent-encoded for the block) */
    size_t off, end;   /* the member's span: local header .. next member or central directory */
} zip_member;

typedef struct zip_layout {
    zip_member *m;
    size_t n;
    size_t cd_off;     /* start of the central directory; [cd_off, len) is the last chunk */
} zip_layout;

static void zip_free(zip_layout *z)
{
    for (size_t i = 0; i < z->n; i++)
        free(z->m[i].name);
    free(z->m);
    z->m = NULL;
    z->n = 0;
}

static int cmp_member(const void *a, const void *b)
{
    const zip_member *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* Reads the member list of a ZIP of n bytes whose EOCD is at eocd, from t: a copy of its bytes
 * [base, n) holding the central directory and the end record. -1 when malformed. */
static int zip_read(const unsigned char *t, size_t base, size_t n, size_t eocd, zip_layout *z)
{
    memset(z, 0, sizeof *z);
    if (eocd < base || eocd + 22 > n)
        return -1;
#define AT(p) (t + ((p) - base))
    unsigned count = rd16(AT(eocd) + 10);
    uint32_t cd_size = rd32(AT(eocd) + 12), cd_off = rd32(AT(eocd) + 16);
    if (count == 0xffff || cd_off == 0xffffffffu || (size_t)cd_off > eocd
        || (size_t)cd_size > eocd - cd_off || (size_t)cd_off < base)
        return -1;
    z->m = cp_xcalloc(count ? count : 1, sizeof *z->m);
    size_t p = cd_off;
    for (unsigned i = 0; i < count; i++) {
        if (p + 46 > eocd || rd32(AT(p)) != 0x02014b50)
            goto bad;
        size_t nl = rd16(AT(p) + 28), xl = rd16(AT(p) + 30), cl = rd16(AT(p) + 32);
        uint32_t loc = rd32(AT(p) + 42);
        if (p + 46 + nl + xl + cl > eocd || (size_t)loc >= cd_off)
            goto bad;
        z->m[i].name = cp_xstrndup((const char *)AT(p) + 46, nl);
        z->m[i].off = loc;
        z->n++;
        p += 46 + nl + xl + cl;
    }
#undef AT
    qsort(z->m, z->n, sizeof *z->m, cmp_member);
    for (size_t i = 0; i < z->n; i++) {
        if (i > 0 && z->m[i].off == z->m[i - 1].off)
            goto bad;
        z->m[i].end = i + 1 < z->n ? z->m[i + 1].off : cd_off;
    }
    if (z->n > 0)
        z->m[0].off = 0; /* bytes before the first member belong to it */
    z->cd_off = cd_off;
    return 0;
bad:
    zip_free(z);
    return -1;
}

/* ---- The content as a view: pieces of the file, never copied ---- */

/* The content of a signed file is the file without its signature: up to three pieces (the bytes
 * before the block, the bytes after it, or for XLSX a small restored directory in memory).
 * Walking a view reads it in windows; when the pieces lie in a read-only file mapping, the pages
 * already walked are dropped, so verifying a file of any size keeps memory flat. */
typedef struct piece {
    const unsigned char *p;
    size_t len;
} piece;

typedef struct view {
    piece pc[3];
    int n;
    size_t len;                /* total bytes */
    const unsigned char *map;  /* a read-only file mapping the pieces may lie in (or NULL) */
    size_t map_len;
} view;

#define WINDOW ((size_t)1 << 20)  /* bytes walked at a time */

static void view_add(view *v, const void *p, size_t len)
{
    if (len && v->n < 3) {
        v->pc[v->n].p = p;
        v->pc[v->n].len = len;
        v->n++;
        v->len += len;
    }
}

/* Drops the pages of a file mapping that hold p[0..n) once they are walked (harmless: a page
 * touched again is read back from the file). */
static void drop(const view *v, const unsigned char *p, size_t n)
{
    if (!v->map || p < v->map || p + n > v->map + v->map_len)
        return;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t a = (uintptr_t)p & ~(page - 1), b = ((uintptr_t)p + n) & ~(page - 1);
    if (b > a)
        madvise((void *)a, b - a, MADV_DONTNEED);
}

typedef void (*walk_fn)(void *ctx, const unsigned char *p, size_t n);

/* Calls fn on the content bytes [from, to) in order, at most WINDOW bytes at a time. */
static void view_walk(const view *v, size_t from, size_t to, walk_fn fn, void *ctx)
{
    size_t base = 0;
    for (int i = 0; i < v->n && from < to; i++) {
        const piece *pc = &v->pc[i];
        size_t end = base + pc->len;
        if (from < end) {
            size_t a = from - base, b = (to < end ? to : end) - base;
            while (a < b) {
                size_t k = b - a > WINDOW ? WINDOW : b - a;
                fn(ctx, pc->p + a, k);
                drop(v, pc->p + a, k);
                a += k;
            }
            from = base + b;
        }
        base = end;
    }
}

/* Copies content bytes [off, off + n) (clipped to the content) into out; returns how many. */
static size_t view_copy(const view *v, size_t off, size_t n, unsigned char *out)
{
    size_t base = 0, got = 0;
    for (int i = 0; i < v->n && got < n; i++) {
        const piece *pc = &v->pc[i];
        size_t end = base + pc->len;
        size_t at = off + got;
        if (at >= base && at < end) {
            size_t k = end - at < n - got ? end - at : n - got;
            memcpy(out + got, pc->p + (at - base), k);
            got += k;
        }
        base = end;
    }
    return got;
}

static void hash_piece(void *ctx, const unsigned char *p, size_t n)
{
    crypto_generichash_update(ctx, p, n);
}

/* BLAKE2b of content bytes [off, off + n), outlen bytes. */
static void view_hash(const view *v, size_t off, size_t n, unsigned char *out, size_t outlen)
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, outlen);
    view_walk(v, off, off + n, hash_piece, &st);
    crypto_generichash_final(&st, out, outlen);
}

/* ---- Chunks: the units whose short hashes the block carries ---- */

/* Text formats and PDF: the content's lines (binary-safe, each with its '\n'). A block of
 * version 2 carries the hashes of at most GROUPS consecutive groups of lines (group g of G holds
 * lines [g*N/G, (g+1)*N/G) of N), so it stays a few hundred bytes whatever the file's size; with
 * N <= GROUPS a group is one line. Version 1 blocks carried one hash per line. XLSX: one chunk
 * per ZIP member plus the central directory (few: a hash and a name each). */
#define GROUPS 16
#define HEAD 128              /* bytes of a line kept to show it or find its PDF object */

typedef struct chunk {
    size_t off, len;
    unsigned char h[CHUNK_HASH];
    long obj;                 /* PDF: the object the line is in, 0 when none */
} chunk;

typedef struct chunks {
    chunk *c;
    size_t n, cap;
    char *names;       /* XLSX: member names joined by '|', percent-encoded; NULL otherwise */
} chunks;

static chunk *chunks_push(chunks *cs, size_t off, size_t len)
{
    if (cs->n == cs->cap) {
        cs->cap = cs->cap ? cs->cap * 2 : 64;
        cs->c = cp_xrealloc(cs->c, cs->cap * sizeof *cs->c);
    }
    chunk *c = &cs->c[cs->n++];
    memset(c, 0, sizeof *c);
    c->off = off;
    c->len = len;
    return c;
}

static void chunks_free(chunks *cs)
{
    free(cs->c);
    free(cs->names);
    memset(cs, 0, sizeof *cs);
}

static void add_encoded_name(cp_bytes *b, const char *name)
{
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (isalnum(*p) || strchr("._/-[]", *p))
            cp_bytes_add(b, p, 1);
        else
            cp_bytes_addf(b, "%%%02X", *p);
    }
}

/* The line walker: one pass over the content computing its BLAKE2b-256, its line count, the
 * hashes of the groups of lines of a layout of `layout` lines (lines past it are in no group),
 * and, when asked, every line as a chunk. */
typedef struct group_m {
    unsigned char h[CHUNK_HASH];
    size_t from, to;          /* byte range in the content */
    long obj_from, obj_to;    /* PDF objects met in it (0 when none) */
    bool done;
} group_m;

typedef struct liner {
    size_t layout, ngroups;   /* N lines, G groups */
    group_m *g;               /* G groups */
    chunks *lines;            /* every line, or NULL */
    size_t max_lines;         /* stop collecting lines past this many (lines->n then 0) */
    size_t line, off, pos, gi;
    unsigned char head[HEAD];
    size_t head_len;
    long obj;                 /* PDF: object in force */
    bool pdf;
    crypto_generichash_state all, gs, ls;
} liner;

static size_t group_end(const liner *w, size_t g)
{
    return (g + 1) * w->layout / w->ngroups;
}

static void liner_init(liner *w, size_t layout, bool pdf, chunks *lines)
{
    memset(w, 0, sizeof *w);
    w->layout = layout;
    w->ngroups = layout < GROUPS ? layout : GROUPS;
    w->g = cp_xcalloc(w->ngroups ? w->ngroups : 1, sizeof *w->g);
    w->lines = lines;
    w->max_lines = (size_t)-1;
    w->pdf = pdf;
    crypto_generichash_init(&w->all, NULL, 0, 32);
    crypto_generichash_init(&w->gs, NULL, 0, CHUNK_HASH);
    crypto_generichash_init(&w->ls, NULL, 0, CHUNK_HASH);
}

static void liner_free(liner *w)
{
    free(w->g);
    w->g = NULL;
}

static void line_end(liner *w)
{
    long line_obj = w->obj;
    if (w->pdf) {
        char buf[48];
        size_t k = w->head_len < sizeof buf - 1 ? w->head_len : sizeof buf - 1;
        memcpy(buf, w->head, k);
        buf[k] = '\0';
        long num = 0, gen = 0;
        int used = 0;
        if (sscanf(buf, "%ld %ld obj%n", &num, &gen, &used) == 2 && used > 0 && num > 0)
            line_obj = w->obj = num;
        else if (strncmp(buf, "endobj", 6) == 0)
            w->obj = 0;
    }
    if (w->lines && w->lines->n < w->max_lines) {
        chunk *c = chunks_push(w->lines, w->off, w->pos - w->off);
        crypto_generichash_final(&w->ls, c->h, CHUNK_HASH);
        c->obj = line_obj;
        crypto_generichash_init(&w->ls, NULL, 0, CHUNK_HASH);
    }
    if (w->gi < w->ngroups) {
        group_m *g = &w->g[w->gi];
        if (line_obj > 0 && !g->obj_from)
            g->obj_from = line_obj;
        if (line_obj > 0)
            g->obj_to = line_obj;
        if (w->line + 1 == group_end(w, w->gi)) {
            crypto_generichash_final(&w->gs, g->h, CHUNK_HASH);
            g->to = w->pos;
            g->done = true;
            crypto_generichash_init(&w->gs, NULL, 0, CHUNK_HASH);
            if (++w->gi < w->ngroups)
                w->g[w->gi].from = w->pos;
        }
    }
    w->line++;
    w->off = w->pos;
    w->head_len = 0;
}

static void liner_feed(void *ctx, const unsigned char *p, size_t n)
{
    liner *w = ctx;
    crypto_generichash_update(&w->all, p, n);
    while (n > 0) {
        const unsigned char *nl = memchr(p, '\n', n);
        size_t k = nl ? (size_t)(nl - p) + 1 : n;
        if (w->head_len < HEAD) {
            size_t h = HEAD - w->head_len < k ? HEAD - w->head_len : k;
            memcpy(w->head + w->head_len, p, h);
            w->head_len += h;
        }
        if (w->lines && w->lines->n < w->max_lines)
            crypto_generichash_update(&w->ls, p, k);
        if (w->gi < w->ngroups)
            crypto_generichash_update(&w->gs, p, k);
        w->pos += k;
        if (nl)
            line_end(w);
        p += k;
        n -= k;
    }
}

/* Walks the whole view; a last line without '\n' ends at the end. hash: the content's
 * BLAKE2b-256 (may be NULL). */
static void liner_run(liner *w, const view *v, unsigned char hash[32])
{
    view_walk(v, 0, v->len, liner_feed, w);
    if (w->pos > w->off)
        line_end(w);
    if (w->gi < w->ngroups)
        w->g[w->gi].to = w->pos; /* a group the content ends inside (never done) */
    unsigned char h[32];
    crypto_generichash_final(&w->all, h, sizeof h);
    if (hash)
        memcpy(hash, h, 32);
}

/* Lines in the content (a last one without '\n' counts). */
static size_t count_lines(const unsigned char *d, size_t n)
{
    size_t k = 0;
    for (const unsigned char *p = d, *e = d + n; p < e;) {
        const unsigned char *nl = memchr(p, '\n', (size_t)(e - p));
        k++;
        if (!nl)
            break;
        p = nl + 1;
    }
    return k;
}

/* XLSX: the members (and the central directory) of the content as chunks, with the names.
 * The central directory and end record are read from a copy of the content's tail; members are
 * hashed where they lie. -1 with err when the ZIP is malformed. */
static int zip_chunks(const view *v, chunks *cs, cp_error *err)
{
    memset(cs, 0, sizeof *cs);
    unsigned char end[22];
    if (v->len < 22 || view_copy(v, v->len - 22, 22, end) != 22 || rd32(end) != 0x06054b50
        || rd16(end + 20) != 0)
        return cp_error_set(err, NULL, 0, "not a readable ZIP (XLSX) file");
    size_t cd_off = rd32(end + 16);
    if (cd_off > v->len - 22)
        return cp_error_set(err, NULL, 0, "not a readable ZIP (XLSX) file");
    size_t tl = v->len - cd_off;
    unsigned char *tail = cp_xmalloc(tl);
    view_copy(v, cd_off, tl, tail);
    zip_layout z;
    int bad = zip_read(tail, cd_off, v->len, v->len - 22, &z);
    free(tail);
    if (bad)
        return cp_error_set(err, NULL, 0, "not a readable ZIP (XLSX) file");
    cp_bytes names = { 0 };
    for (size_t i = 0; i < z.n; i++) {
        chunk *c = chunks_push(cs, z.m[i].off, z.m[i].end - z.m[i].off);
        view_hash(v, c->off, c->len, c->h, CHUNK_HASH);
        if (i)
            cp_bytes_add(&names, "|", 1);
        add_encoded_name(&names, z.m[i].name);
    }
    chunk *c = chunks_push(cs, z.cd_off, v->len - z.cd_off);
    view_hash(v, c->off, c->len, c->h, CHUNK_HASH);
    cs->names = names.data ? (char *)names.data : cp_xstrdup("");
    zip_free(&z);
    return 0;
}

/* ---- The block ---- */

typedef struct block {
    int v;             /* 1: a hash per line / member; 2: line formats carry line groups */
    cp_sign_format fmt;
    char key[64];
    char signed_at[32];
    unsigned long long bytes;
    char content[48];  /* base64 of the content's BLAKE2b-256 */
    char chunk_unit[16];
    unsigned long long lines;  /* v2 line formats: lines in the content (the groups' layout) */
    char *hashes;      /* base64 */
    char *names;       /* XLSX only */
    char *sig;         /* base64 */
} block;

static void block_free(block *b)
{
    free(b->hashes);
    free(b->names);
    free(b->sig);
    memset(b, 0, sizeof *b);
}

/* The block's fields except sig, serialised canonically (fixed order, no spaces). */
static char *canonical(const block *b)
{
    cp_bytes o = { 0 };
    cp_bytes_addf(&o, "{\"v\":%d,\"alg\":\"ed25519\",\"fmt\":\"%s\",\"key\":\"%s\",\"signed\":\"%s\","
                      "\"bytes\":%llu,\"content\":\"%s\",\"chunks\":\"%s\"",
                  b->v, fmt_name(b->fmt), b->key, b->signed_at, b->bytes, b->content,
                  b->chunk_unit);
    if (b->v >= 2 && strcmp(b->chunk_unit, "line-group") == 0)
        cp_bytes_addf(&o, ",\"lines\":%llu", b->lines);
    cp_bytes_addf(&o, ",\"hashes\":\"%s\"", b->hashes);
    if (b->names)
        cp_bytes_addf(&o, ",\"names\":\"%s\"", b->names);
    cp_bytes_add(&o, "}", 1);
    return (char *)o.data;
}

/* The signed message: the domain tag, then the canonical fields, which hold the content's
 * BLAKE2b-256 ("content") and its chunk hashes. Signing the content hash inside the fields
 * (rather than beside them) lets verify tell an altered block (signature fails: BROKEN) from
 * altered content (signature good, content hash differs: CHANGED, located with the signed
 * chunk hashes, which are then known to be genuine). */
static void message(const block *b, cp_bytes *m)
{
    char *c = canonical(b);
    cp_bytes_addf(m, "%s\n%s", DOMAIN_TAG, c);
    free(c);
}

static bool all_chars(const char *s, const char *extra)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (!isalnum(*p) && !strchr(extra, *p))
            return false;
    return true;
}

static const char *str_member(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Parses block text (one JSON object, NUL-terminated at len). -1 with why (Chinese) when it is not a valid block. */
static int block_parse(const char *text, size_t len, block *b, const char **why)
{
    memset(b, 0, sizeof *b);
    /* text[len] is NUL; with it in the length, cJSON refuses anything after the object */
    cJSON *o = cJSON_ParseWithLengthOpts(text, len + 1, NULL, 1);
    const char *fmt, *key, *at, *unit, *hashes, *sig, *names, *content;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "v");
    const cJSON *bytes = cJSON_GetObjectItemCaseSensitive(o, "bytes");
    *why = "签名块不是有效的 JSON";
    if (!cJSON_IsObject(o))
        goto bad;
    *why = "签名块缺少字段或字段值不对";
    if (!cJSON_IsNumber(v) || (v->valuedouble != 1 && v->valuedouble != 2))
        goto bad;
    if (!(fmt = str_member(o, "fmt")) || fmt_from_name(fmt) == CP_FMT_UNKNOWN)
        goto bad;
    const char *alg = str_member(o, "alg");
    if (!alg || strcmp(alg, "ed25519") != 0)
        goto bad;
    if (!(key = str_member(o, "key")) || strlen(key) >= sizeof b->key
        || !all_chars(key, ":+/="))
        goto bad;
    if (!(at = str_member(o, "signed")) || strlen(at) >= sizeof b->signed_at
        || !all_chars(at, "-:.+"))
        goto bad;
    if (!(unit = str_member(o, "chunks")) || strlen(unit) >= sizeof b->chunk_unit
        || !all_chars(unit, "-"))
        goto bad;
    if (!(hashes = str_member(o, "hashes")) || !all_chars(hashes, "+/="))
        goto bad;
    if (!(content = str_member(o, "content")) || strlen(content) != 44
        || !all_chars(content, "+/="))
        goto bad;
    if (!(sig = str_member(o, "sig")) || !all_chars(sig, "+/="))
        goto bad;
    names = str_member(o, "names");
    if (names && !all_chars(names, "._/-[]%|"))
        goto bad;
    if (!cJSON_IsNumber(bytes) || bytes->valuedouble < 0 || bytes->valuedouble > 9007199254740992.0
        || bytes->valuedouble != (double)(unsigned long long)bytes->valuedouble)
        goto bad;
    const cJSON *lines = cJSON_GetObjectItemCaseSensitive(o, "lines");
    bool grouped = strcmp(unit, "line-group") == 0;
    if (v->valuedouble == 2 && grouped) {
        if (!cJSON_IsNumber(lines) || lines->valuedouble < 1 || lines->valuedouble > 9007199254740992.0
            || lines->valuedouble != (double)(unsigned long long)lines->valuedouble)
            goto bad;
        b->lines = (unsigned long long)lines->valuedouble;
    } else if (lines || grouped) {
        goto bad;
    }
    b->v = (int)v->valuedouble;
    b->fmt = fmt_from_name(fmt);
    snprintf(b->key, sizeof b->key, "%s", key);
    snprintf(b->signed_at, sizeof b->signed_at, "%s", at);
    snprintf(b->chunk_unit, sizeof b->chunk_unit, "%s", unit);
    snprintf(b->content, sizeof b->content, "%s", content);
    b->bytes = (unsigned long long)bytes->valuedouble;
    b->hashes = cp_xstrdup(hashes);
    b->sig = cp_xstrdup(sig);
    b->names = names ? cp_xstrdup(names) : NULL;
    cJSON_Delete(o);
    return 0;
bad:
    cJSON_Delete(o);
    return -1;
}

/* ---- Key pair ---- */

int cp_sign_default_path(char *buf, size_t size, cp_error *err)
{
    return cp_data_file("COUNTERPART_KEY", "signing.key", "the signing key", buf, size, err);
}

static void signer_fill(cp_signer *s)
{
    char *t = b64(s->pk, sizeof s->pk);
    snprintf(s->pub, sizeof s->pub, PUB_PREFIX "%s", t);
    free(t);
    fingerprint_of(s->pk, s->fp);
}

/* mkdir -p for the folder holding path (new folders mode 0700). */
static int make_parent(const char *path, cp_error *err)
{
    char *dir = cp_xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) {
        free(dir);
        return 0;
    }
    *slash = '\0';
    for (char *p = dir + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
                cp_error_set(err, dir, 0, "cannot create the folder for the signing key: %s",
                             strerror(errno));
                free(dir);
                return -1;
            }
            *p = c;
            if (!c)
                break;
        }
    }
    free(dir);
    return 0;
}

/* Writes a new key file: a 0600 temporary file, then link() so an existing file is never
 * replaced. Returns 1 when made, 0 when another process made one first, -1 on error. */
static int key_create(const char *path, const unsigned char seed[32], cp_error *err)
{
    if (make_parent(path, err) != 0)
        return -1;
    char *tmp = cp_xasprintf("%s.new.%ld", path, (long)getpid());
    char *t = b64(seed, 32);
    char *text = cp_xasprintf(KEY_HEADER KEY_PREFIX "%s\n", t);
    sodium_memzero(t, strlen(t));
    free(t);
    int rc = -1;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        cp_error_set(err, path, 0, "cannot create the signing key: %s", strerror(errno));
        goto out;
    }
    size_t len = strlen(text), done = 0;
    while (done < len) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    if (done != len || fsync(fd) != 0) {
        cp_error_set(err, path, 0, "cannot write the signing key: %s", strerror(errno));
        close(fd);
        unlink(tmp);
        goto out;
    }
    close(fd);
    if (link(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        if (e == EEXIST)
            rc = 0;
        else
            cp_error_set(err, path, 0, "cannot create the signing key: %s", strerror(e));
        goto out;
    }
    unlink(tmp);
    rc = 1;
out:
    sodium_memzero(text, strlen(text));
    free(text);
    free(tmp);
    return rc;
}

/* Reads and checks an existing key file. -1 with err naming it when unusable. */
static int key_load(const char *path, cp_signer *s, cp_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return cp_error_set(err, path, 0, "cannot open the signing key: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return cp_error_set(err, path, 0, "the signing key is not a regular file");
    }
    if (st.st_mode & 077) {
        close(fd);
        return cp_error_set(err, path, 0,
                            "the signing key is readable by others (mode %03o); refusing to use "
                            "it - run: chmod 600 '%s'",
                            (unsigned)(st.st_mode & 0777), path);
    }
    if (st.st_uid != geteuid()) {
        close(fd);
        return cp_error_set(err, path, 0, "the signing key belongs to another user");
    }
    char buf[512];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n < 0)
        return cp_error_set(err, path, 0, "cannot read the signing key: %s", strerror(errno));
    buf[n] = '\0';
    size_t hl = strlen(KEY_HEADER), pl = strlen(KEY_PREFIX);
    int rc = -1;
    const char *p = buf;
    if ((size_t)n < hl + pl + 2 || memcmp(p, KEY_HEADER, hl) != 0
        || memcmp(p + hl, KEY_PREFIX, pl) != 0 || buf[n - 1] != '\n') {
        cp_error_set(err, path, 0, "not a Counterpart signing key (kept as it is; move it away "
                                   "to make a new key)");
        goto out;
    }
    p += hl + pl;
    unsigned char *seed = NULL;
    size_t sl = 0;
    if (unb64(p, (size_t)(buf + n - 1 - p), &seed, &sl) != 0 || sl != 32) {
        if (seed) {
            sodium_memzero(seed, sl);
            free(seed);
        }
        cp_error_set(err, path, 0, "the signing key is damaged (kept as it is; move it away to "
                                   "make a new key)");
        goto out;
    }
    crypto_sign_seed_keypair(s->pk, s->sk, seed);
    sodium_memzero(seed, sl);
    free(seed);
    rc = 0;
out:
    sodium_memzero(buf, sizeof buf);
    return rc;
}

cp_signer *cp_signer_open(const char *path, cp_error *err)
{
    if (init_sodium(err) != 0)
        return NULL;
    char def[4096];
    if (!path) {
        if (cp_sign_default_path(def, sizeof def, err) != 0)
            return NULL;
        path = def;
    }
    cp_signer *s = sodium_malloc(sizeof *s);
    if (!s) {
        cp_error_set(err, path, 0, "out of memory for the signing key");
        return NULL;
    }
    memset(s, 0, sizeof *s);
    struct stat st;
    if (lstat(path, &st) != 0 && errno == ENOENT) {
        unsigned char seed[32];
        randombytes_buf(seed, sizeof seed);
        int made = key_create(path, seed, err);
        sodium_memzero(seed, sizeof seed);
        if (made < 0) {
            sodium_free(s);
            return NULL;
        }
    }
    if (key_load(path, s, err) != 0) {
        sodium_free(s);
        return NULL;
    }
    signer_fill(s);
    return s;
}

void cp_signer_free(cp_signer *s)
{
    if (s)
        sodium_free(s); /* zeroes the memory */
}

const char *cp_signer_public(const cp_signer *s)
{
    return s->pub;
}

const char *cp_signer_fingerprint(const cp_signer *s)
{
    return s->fp;
}

int cp_sign_fingerprint_of(const char *public_text, char out[17])
{
    unsigned char pk[32];
    if (!public_text || parse_public(public_text, strlen(public_text), pk) != 0)
        return -1;
    fingerprint_of(pk, out);
    return 0;
}

/* ---- Where the block sits in each format ---- */

/* The place of a signature in a file: the bytes [cut, cut_end) are removed to get the content
 * (XLSX: the comment, and the comment length is zeroed); the block text is [blk, blk + blen). */
typedef struct place {
    size_t cut, cut_end;
    size_t blk, blen;
    bool csv_quoted;   /* block text has RFC 4180 doubled quotes */
    /* XLSX signature member: its local header, its directory entry, the end record */
    bool zip_member;
    size_t z_loc, z_ent, z_elen, z_eocd;
} place;

static const unsigned char *find_last(const unsigned char *d, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (n < k)
        return NULL;
    for (size_t i = n - k + 1; i-- > 0;)
        if (d[i] == (unsigned char)needle[0] && memcmp(d + i, needle, k) == 0)
            return d + i;
    return NULL;
}

/* True when the bytes hold something that looks like a signature block of this family: the
 * "alg" member, or (wide, for verify, so that one altered byte in a marker still reads as a
 * damaged signature rather than none) also the "sig" member or the PDF marker. */
static bool has_trace(const unsigned char *d, size_t n, cp_sign_format fam, bool wide)
{
    if (fam == CP_FMT_JSON)
        return find_last(d, n, "\"alg\":\"ed25519\"")
               || (wide && find_last(d, n, "\"sig\":\""));
    if (fam == CP_FMT_CSV)
        return find_last(d, n, "\"\"alg\"\":\"\"ed25519\"\"")
               || (wide && find_last(d, n, "\"\"sig\"\":\"\""));
    if (fam == CP_FMT_PDF)
        return find_last(d, n, PDF_MARK)
               || (wide && (find_last(d, n, "\"alg\":\"ed25519\"")
                            || find_last(d, n, "\"sig\":\"")));
    return false;
}

/* Finds the signature; 1 found, 0 none, -1 a trace of one in the wrong shape (*why says). */
static int locate(const unsigned char *d, size_t n, cp_sign_format fam, place *pl,
                  const char **why)
{
    memset(pl, 0, sizeof *pl);
    *why = "签名块的位置或格式不对";
    /* Text forms: the block is one JSON object without nested objects, whose strings never hold
     * '}', so it ends at the first '}' after its '{'. The marker is found wherever it is (not
     * only at a line start), so that an edit to the content byte just before it is reported as
     * a content change. */
    const char *mark = fam == CP_FMT_JSON ? JSON_MARK : fam == CP_FMT_CSV ? CSV_MARK "\"{"
                       : fam == CP_FMT_PDF ? PDF_MARK : NULL;
    if (!mark) {
        if (fam != CP_FMT_XLSX) {
            *why = "无法识别的文件格式";
            return -1;
        }
    } else {
        /* only the file's last SEARCH_TAIL bytes are searched, so verifying reads a large file
         * once, front to back, never all of it at once */
        size_t lo = n > SEARCH_TAIL ? n - SEARCH_TAIL : 0;
        const unsigned char *m = find_last(d + lo, n - lo, mark);
        if (!m)
            return has_trace(d + lo, n - lo, fam, true) ? -1 : 0;
        pl->cut = (size_t)(m - d);
        pl->blk = pl->cut + strlen(mark) - (fam == CP_FMT_CSV);
        const unsigned char *close = memchr(d + pl->blk, '}', n - pl->blk);
        const unsigned char *nl = memchr(d + pl->blk, '\n', n - pl->blk);
        if (!close || (nl && nl < close) || d[pl->blk] != '{')
            return -1;
        pl->blen = (size_t)(close - d) + 1 - pl->blk;
        size_t after = pl->blk + pl->blen;
        if (fam == CP_FMT_JSON) {
            pl->cut_end = after; /* the "\n}\n" after the block is content */
        } else if (fam == CP_FMT_CSV) {
            if (n - after < 3 || memcmp(d + after, "\"\r\n", 3) != 0)
                return -1;
            pl->cut_end = after + 3;
            pl->csv_quoted = true;
        } else {
            if (n - after < 1 || d[after] != '\n')
                return -1;
            pl->cut_end = after + 1;
        }
        return 1;
    }
    if (fam == CP_FMT_XLSX) {
        long eocd = zip_eocd(d, n);
        *why = "不是可读的 XLSX（ZIP）文件";
        if (eocd < 0)
            return -1;
        size_t elen = 0;
        long ent = zip_find(d, (size_t)eocd, XLSX_MEMBER, &elen);
        if (ent == -2)
            return -1;
        if (ent >= 0) {
            /* exactly as signing appends it: stored, the last member and the last entry */
            *why = "签名成员（" XLSX_MEMBER "）的位置或格式不对";
            const unsigned char *e = d + ent;
            size_t cd_off = rd32(d + eocd + 16), cd_end = cd_off + rd32(d + eocd + 12);
            size_t loc = rd32(e + 42), size = rd32(e + 20), nl = rd16(e + 28);
            if ((size_t)ent + elen != cd_end || cd_end != (size_t)eocd || rd16(e + 10) != 0 ||
                size != rd32(e + 24) || loc + 30 > cd_off || rd32(d + loc) != 0x04034b50 ||
                rd16(d + loc + 26) != nl)
                return -1;
            size_t data = loc + 30 + nl + rd16(d + loc + 28);
            if (data > cd_off || cd_off - data != size)
                return -1;
            size_t ol = strlen(XLSX_OPEN), cl = strlen(XLSX_CLOSE);
            if (size < ol + cl || memcmp(d + data, XLSX_OPEN, ol) != 0 ||
                memcmp(d + data + size - cl, XLSX_CLOSE, cl) != 0)
                return -1;
            /* the header fields that say where and what the member is, as signing wrote them
             * (versions, flags, dates and attributes may differ after a ZIP tool re-saves) */
            unsigned char lh[30], ce[46];
            zip_sig_headers(d + data, size, loc, lh, ce);
            if (data != loc + 30 + nl || memcmp(d + loc, lh, 4) != 0 ||
                memcmp(d + loc + 8, lh + 8, 2) != 0 || memcmp(d + loc + 14, lh + 14, 16) != 0 ||
                memcmp(d + loc + 30, XLSX_MEMBER, nl) != 0 || elen != 46 + nl ||
                memcmp(e, ce, 4) != 0 || memcmp(e + 10, ce + 10, 2) != 0 ||
                memcmp(e + 16, ce + 16, 18) != 0 || memcmp(e + 42, ce + 42, 4) != 0) {
                *why = "签名成员（" XLSX_MEMBER "）的文件头已被改动";
                return -1;
            }
            pl->blk = data + ol;
            pl->blen = size - ol - cl;
            pl->zip_member = true;
            pl->z_loc = loc;
            pl->z_ent = (size_t)ent;
            pl->z_elen = elen;
            pl->z_eocd = (size_t)eocd;
            return 1;
        }
        size_t cl = rd16(d + eocd + 20);
        if (cl == 0)
            return 0;
        pl->cut = (size_t)eocd + 22;
        pl->cut_end = n;
        pl->blk = pl->cut;
        pl->blen = cl;
        if (cl < 5 || memcmp(d + pl->blk, "{\"v\":", 5) != 0) {
            *why = "ZIP 注释不是签名块";
            return memmem(d + pl->blk, cl, "ed25519", 7) ? -1 : 0;
        }
        return 1;
    }
    return -1;
}

/* The content of a signed file, the bytes without the signature, as a view of d (the XLSX end
 * record, restored, is copied into eocd_copy, which must outlive the view). */
static void content_view(const unsigned char *d, size_t n, cp_sign_format fam, const place *pl,
                         view *v, unsigned char **eocd_copy)
{
    *eocd_copy = NULL;
    if (pl->zip_member) {
        /* the members before it, the directory without its entry, the end record back as it
         * was (one entry fewer, the directory where the member began) */
        size_t cd_off = rd32(d + pl->z_eocd + 16);
        view_add(v, d, pl->z_loc);
        view_add(v, d + cd_off, pl->z_ent - cd_off);
        unsigned char *e = cp_xmalloc(n - pl->z_eocd);
        memcpy(e, d + pl->z_eocd, n - pl->z_eocd);
        wr16(e + 8, rd16(e + 8) ? rd16(e + 8) - 1 : 0);
        wr16(e + 10, rd16(e + 10) - 1);
        wr32(e + 12, rd32(e + 12) - (uint32_t)pl->z_elen);
        wr32(e + 16, (uint32_t)pl->z_loc);
        view_add(v, e, n - pl->z_eocd);
        *eocd_copy = e;
        return;
    }
    if (fam == CP_FMT_XLSX) {
        /* the old form: the archive comment removed and its length zeroed */
        static const unsigned char zero[2] = { 0, 0 };
        view_add(v, d, pl->cut - 2);
        view_add(v, zero, 2);
    } else {
        view_add(v, d, pl->cut);
    }
    view_add(v, d + pl->cut_end, n - pl->cut_end);
}

/* The content as bytes (for cp_sign_strip). */
static void content_of(const unsigned char *d, size_t n, cp_sign_format fam, const place *pl,
                       cp_bytes *out)
{
    view v = { 0 };
    unsigned char *e;
    content_view(d, n, fam, pl, &v, &e);
    for (int i = 0; i < v.n; i++)
        cp_bytes_add(out, v.pc[i].p, v.pc[i].len);
    free(e);
}

/* ---- Signing ---- */

static void now_iso(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Checks that content is a plausible fmt file and normalises it (a final newline where the
 * embedding rule needs one). -1 with err otherwise. */
static int check_content(cp_sign_format fam, cp_bytes *b, cp_error *err)
{
    const unsigned char *d = b->data;
    size_t n = b->len;
    const char *why = NULL;
    place pl;
    if (n == 0)
        return cp_error_set(err, NULL, 0, "nothing to sign: the file is empty");
    (void)pl;
    (void)why;
    if (has_trace(d, n, fam, false))
        return cp_error_set(err, NULL, 0, "the file is already signed (it holds a signature "
                                          "block); strip the signature first");
    if (fam == CP_FMT_JSON) {
        if (n < 4 || memcmp(d + n - 3, "\n}\n", 3) != 0)
            return cp_error_set(err, NULL, 0,
                                "not a JSON object ending in \"\\n}\\n\" (as the renderers write)");
        cJSON *j = cJSON_ParseWithLength((const char *)d, n);
        bool obj = cJSON_IsObject(j);
        bool has_sig = obj && cJSON_GetObjectItemCaseSensitive(j, "signature") != NULL;
        cJSON_Delete(j);
        if (!obj)
            return cp_error_set(err, NULL, 0, "not a JSON object");
        if (has_sig)
            return cp_error_set(err, NULL, 0, "the JSON object already has a \"signature\" member");
        if (n == 4 || d[n - 4] == '{')
            return cp_error_set(err, NULL, 0, "an empty JSON object cannot carry a signature");
        return 0;
    }
    if (fam == CP_FMT_CSV) {
        if (memchr(d, 0, n))
            return cp_error_set(err, NULL, 0, "not a CSV text file (holds NUL bytes)");
        if (d[n - 1] != '\n')
            cp_bytes_add(b, "\r\n", 2);
        return 0;
    }
    if (fam == CP_FMT_PDF) {
        if (n < 5 || memcmp(d, "%PDF-", 5) != 0)
            return cp_error_set(err, NULL, 0, "not a PDF file (no %%PDF- header)");
        size_t e = n;
        while (e > 0 && (d[e - 1] == '\n' || d[e - 1] == '\r' || d[e - 1] == ' '))
            e--;
        if (e < 5 || memcmp(d + e - 5, "%%EOF", 5) != 0)
            return cp_error_set(err, NULL, 0, "not a complete PDF file (no final %%%%EOF)");
        if (d[n - 1] != '\n')
            cp_bytes_add(b, "\n", 1);
        return 0;
    }
    if (fam == CP_FMT_XLSX) {
        long eocd = zip_eocd(d, n);
        if (n < 4 || memcmp(d, "PK\x03\x04", 4) != 0 || eocd < 0)
            return cp_error_set(err, NULL, 0, "not a ZIP (XLSX) file");
        if (rd16(d + eocd + 20) != 0)
            return cp_error_set(err, NULL, 0,
                                "the ZIP file already has a comment (already signed?)");
        size_t elen;
        long ent = zip_find(d, (size_t)eocd, XLSX_MEMBER, &elen);
        if (ent == -2)
            return cp_error_set(err, NULL, 0, "not a readable ZIP (XLSX) file");
        if (ent >= 0)
            return cp_error_set(err, NULL, 0, "the file is already signed (it has a member "
                                              XLSX_MEMBER "); strip the signature first");
        if (rd16(d + eocd + 10) >= 0xfffe || n > 0xfff00000u)
            return cp_error_set(err, NULL, 0, "the ZIP file is too large to sign");
        return 0;
    }
    return cp_error_set(err, NULL, 0, "cannot sign a file of unknown format");
}

/* The local header and directory entry of the signature member (stored, body of len bytes,
 * local header at loc): the one shape signing writes and verifying accepts. */
static void zip_sig_headers(const unsigned char *body, size_t len, size_t loc,
                            unsigned char lh[30], unsigned char ce[46])
{
    uint32_t crc = (uint32_t)crc32(0L, body, (uInt)len);
    size_t nl = strlen(XLSX_MEMBER);
    memset(lh, 0, 30);
    memset(ce, 0, 46);
    wr32(lh, 0x04034b50);
    wr16(lh + 4, 20);                    /* version needed: 2.0 */
    wr16(lh + 12, 0x21);                 /* 1980-01-01, as libxlsxwriter dates its members */
    wr32(lh + 14, crc);
    wr32(lh + 18, (uint32_t)len);
    wr32(lh + 22, (uint32_t)len);
    wr16(lh + 26, (unsigned)nl);
    wr32(ce, 0x02014b50);
    wr16(ce + 4, 20);
    wr16(ce + 6, 20);
    wr16(ce + 14, 0x21);
    wr32(ce + 16, crc);
    wr32(ce + 20, (uint32_t)len);
    wr32(ce + 24, (uint32_t)len);
    wr16(ce + 28, (unsigned)nl);
    wr32(ce + 42, (uint32_t)loc);
}

/* Appends the signature member (block inside XLSX_OPEN .. XLSX_CLOSE, stored) after the last
 * member of the ZIP in b, with its directory entry last; b has no comment (check_content). */
static int zip_append_member(cp_bytes *b, const unsigned char *blk, size_t blen, cp_error *err)
{
    long eocd = zip_eocd(b->data, b->len);
    if (eocd < 0)
        return cp_error_set(err, NULL, 0, "not a ZIP (XLSX) file");
    cp_bytes body = { 0 };
    cp_bytes_add(&body, XLSX_OPEN, strlen(XLSX_OPEN));
    cp_bytes_add(&body, blk, blen);
    cp_bytes_add(&body, XLSX_CLOSE, strlen(XLSX_CLOSE));
    const unsigned char *d = b->data;
    size_t cd_off = rd32(d + eocd + 16), cd_size = rd32(d + eocd + 12);
    size_t nl = strlen(XLSX_MEMBER);
    unsigned char lh[30], ce[46];
    zip_sig_headers(body.data, body.len, cd_off, lh, ce);
    cp_bytes out = { 0 };
    cp_bytes_add(&out, d, cd_off);
    cp_bytes_add(&out, lh, sizeof lh);
    cp_bytes_add(&out, XLSX_MEMBER, nl);
    cp_bytes_add(&out, body.data, body.len);
    size_t new_cd = out.len;
    cp_bytes_add(&out, d + cd_off, cd_size);
    cp_bytes_add(&out, ce, sizeof ce);
    cp_bytes_add(&out, XLSX_MEMBER, nl);
    size_t at = out.len;
    cp_bytes_add(&out, d + eocd, b->len - (size_t)eocd);
    unsigned char *e = out.data + at;
    wr16(e + 8, rd16(e + 8) + 1);
    wr16(e + 10, rd16(e + 10) + 1);
    wr32(e + 12, (uint32_t)(cd_size + sizeof ce + nl));
    wr32(e + 16, (uint32_t)new_cd);
    cp_bytes_free(&body);
    cp_bytes_free(b);
    *b = out;
    return 0;
}

/* The signature block (its one line of text, appended to text) over the content v, whose
 * line count (text formats) is nlines. */
static int make_block(const cp_signer *s, cp_sign_format fmt, const view *v, size_t nlines,
                      cp_bytes *text, cp_error *err)
{
    cp_sign_format fam = family(fmt);
    block bl = { 0 };
    bl.fmt = fmt;
    snprintf(bl.key, sizeof bl.key, "%s", s->pub);
    now_iso(bl.signed_at);
    bl.bytes = v->len;
    unsigned char h[32];
    if (fam == CP_FMT_XLSX) {
        chunks cs;
        if (zip_chunks(v, &cs, err) != 0)
            return -1;
        unsigned char *hs = cp_xmalloc(cs.n * CHUNK_HASH + 1);
        for (size_t i = 0; i < cs.n; i++)
            memcpy(hs + i * CHUNK_HASH, cs.c[i].h, CHUNK_HASH);
        bl.v = 1;
        snprintf(bl.chunk_unit, sizeof bl.chunk_unit, "zip-member");
        bl.hashes = b64(hs, cs.n * CHUNK_HASH);
        bl.names = cp_xstrdup(cs.names);
        free(hs);
        chunks_free(&cs);
        view_hash(v, 0, v->len, h, sizeof h);
    } else {
        liner w;
        liner_init(&w, nlines, fam == CP_FMT_PDF, NULL);
        liner_run(&w, v, h);
        unsigned char hs[GROUPS * CHUNK_HASH];
        for (size_t i = 0; i < w.ngroups; i++)
            memcpy(hs + i * CHUNK_HASH, w.g[i].h, CHUNK_HASH);
        bl.v = 2;
        snprintf(bl.chunk_unit, sizeof bl.chunk_unit, "line-group");
        bl.lines = w.layout;
        bl.hashes = b64(hs, w.ngroups * CHUNK_HASH);
        liner_free(&w);
    }
    char *hc = b64(h, sizeof h);
    snprintf(bl.content, sizeof bl.content, "%s", hc);
    free(hc);

    cp_bytes m = { 0 };
    message(&bl, &m);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, m.data, m.len, s->sk);
    cp_bytes_free(&m);
    bl.sig = b64(sig, sizeof sig);
    char *c = canonical(&bl);
    cp_bytes_add(text, c, strlen(c) - 1);
    cp_bytes_addf(text, ",\"sig\":\"%s\"}", bl.sig);
    free(c);
    block_free(&bl);
    return 0;
}

int cp_sign_embed(const cp_signer *s, cp_sign_format fmt, cp_bytes *b, cp_error *err)
{
    if (!s || !b)
        return cp_error_set(err, NULL, 0, "nothing to sign");
    if (init_sodium(err) != 0)
        return -1;
    cp_sign_format fam = family(fmt);
    if (check_content(fam, b, err) != 0)
        return -1;
    view v = { 0 };
    view_add(&v, b->data, b->len);
    cp_bytes text = { 0 };
    if (make_block(s, fmt, &v, count_lines(b->data, b->len), &text, err) != 0)
        return -1;
    int rc = 0;
    if (fam == CP_FMT_JSON) {
        b->len -= 3; /* "\n}\n" */
        cp_bytes_add(b, JSON_MARK, strlen(JSON_MARK));
        cp_bytes_add(b, text.data, text.len);
        cp_bytes_add(b, "\n}\n", 3);
    } else if (fam == CP_FMT_CSV) {
        cp_bytes_add(b, CSV_MARK "\"", strlen(CSV_MARK) + 1);
        for (size_t i = 0; i < text.len; i++)
            cp_bytes_add(b, text.data[i] == '"' ? "\"\"" : (const char *)text.data + i,
                         text.data[i] == '"' ? 2 : 1);
        cp_bytes_add(b, "\"\r\n", 3);
    } else if (fam == CP_FMT_PDF) {
        cp_bytes_add(b, PDF_MARK, strlen(PDF_MARK));
        cp_bytes_add(b, text.data, text.len);
        cp_bytes_add(b, "\n", 1);
    } else {
        rc = zip_append_member(b, text.data, text.len, err);
    }
    cp_bytes_free(&text);
    return rc;
}

static void count_piece(void *ctx, const unsigned char *p, size_t n)
{
    size_t *lines = ctx;
    for (const unsigned char *e = p + n; (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
        (*lines)++;
}

static int write_all(int fd, const void *data, size_t len, off_t at)
{
    const unsigned char *p = data;
    while (len > 0) {
        ssize_t w = pwrite(fd, p, len, at);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        at += w;
        len -= (size_t)w;
    }
    return 0;
}

int cp_sign_embed_file(const cp_signer *s, cp_sign_format fmt, const char *path, cp_error *err)
{
    if (!s || !path)
        return cp_error_set(err, NULL, 0, "nothing to sign");
    if (init_sodium(err) != 0)
        return -1;
    cp_sign_format fam = family(fmt);
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return cp_error_set(err, path, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size == 0) {
        close(fd);
        return cp_error_set(err, path, 0, "nothing to sign: the file is empty");
    }
    size_t n = (size_t)st.st_size;
    /* the text formats end in a line break before the block goes after them */
    unsigned char last = 0;
    if (pread(fd, &last, 1, (off_t)n - 1) != 1) {
        close(fd);
        return cp_error_set(err, path, 0, "cannot read: %s", strerror(errno));
    }
    if ((fam == CP_FMT_CSV || fam == CP_FMT_PDF) && last != '\n') {
        const char *nl = fam == CP_FMT_CSV ? "\r\n" : "\n";
        if (write_all(fd, nl, strlen(nl), (off_t)n) != 0) {
            close(fd);
            return cp_error_set(err, path, 0, "cannot write: %s", strerror(errno));
        }
        n += strlen(nl);
    }
    unsigned char *d = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);
    if (d == MAP_FAILED) {
        close(fd);
        return cp_error_set(err, path, 0, "cannot read: %s", strerror(errno));
    }
    /* what cp_sign_embed checks, on the file's ends only (it is read once, front to back) */
    const char *bad = NULL;
    size_t lo = n > SEARCH_TAIL ? n - SEARCH_TAIL : 0;
    long eocd = -1;
    if (has_trace(d + lo, n - lo, fam, false))
        bad = "the file is already signed (it holds a signature block)";
    else if (fam == CP_FMT_JSON && (n < 5 || d[0] != '{' || memcmp(d + n - 3, "\n}\n", 3) != 0))
        bad = "not a JSON object ending in \"\\n}\\n\" (as the renderers write)";
    else if (fam == CP_FMT_PDF && (n < 5 || memcmp(d, "%PDF-", 5) != 0))
        bad = "not a PDF file (no %PDF- header)";
    else if (fam == CP_FMT_XLSX) {
        eocd = zip_eocd(d, n);
        size_t elen;
        if (n < 4 || memcmp(d, "PK\x03\x04", 4) != 0 || eocd < 0 || rd16(d + eocd + 20) != 0)
            bad = "not a ZIP (XLSX) file without a comment";
        else if (zip_find(d, (size_t)eocd, XLSX_MEMBER, &elen) != -1)
            bad = "the file is already signed, or not a readable ZIP";
        else if (rd16(d + eocd + 10) >= 0xfffe || n > 0xfff00000u)
            bad = "the ZIP file is too large to sign";
    } else if (fam != CP_FMT_JSON && fam != CP_FMT_CSV && fam != CP_FMT_PDF)
        bad = "cannot sign a file of unknown format";
    if (bad) {
        munmap(d, n);
        close(fd);
        return cp_error_set(err, path, 0, "%s", bad);
    }
    view v = { 0 };
    view_add(&v, d, n);
    v.map = d;
    v.map_len = n;
    size_t lines = 0;
    if (fam != CP_FMT_XLSX) {
        view_walk(&v, 0, n, count_piece, &lines);
        lines += last != '\n' && fam == CP_FMT_JSON;   /* a last line without '\n' */
    }
    cp_bytes text = { 0 }, tail = { 0 };
    int rc = make_block(s, fmt, &v, lines, &text, err);
    size_t cd_off = 0;
    if (rc == 0 && fam == CP_FMT_XLSX) {
        /* the member goes where the directory was; the directory (copied) follows it */
        cd_off = rd32(d + eocd + 16);
        size_t cd_size = rd32(d + eocd + 12), nl = strlen(XLSX_MEMBER);
        cp_bytes body = { 0 };
        cp_bytes_add(&body, XLSX_OPEN, strlen(XLSX_OPEN));
        cp_bytes_add(&body, text.data, text.len);
        cp_bytes_add(&body, XLSX_CLOSE, strlen(XLSX_CLOSE));
        unsigned char lh[30], ce[46];
        zip_sig_headers(body.data, body.len, cd_off, lh, ce);
        cp_bytes_add(&tail, lh, sizeof lh);
        cp_bytes_add(&tail, XLSX_MEMBER, nl);
        cp_bytes_add(&tail, body.data, body.len);
        size_t new_cd = cd_off + tail.len;
        cp_bytes_add(&tail, d + cd_off, cd_size);
        cp_bytes_add(&tail, ce, sizeof ce);
        cp_bytes_add(&tail, XLSX_MEMBER, nl);
        size_t at = tail.len;
        cp_bytes_add(&tail, d + eocd, n - (size_t)eocd);
        unsigned char *e = tail.data + at;
        wr16(e + 8, rd16(e + 8) + 1);
        wr16(e + 10, rd16(e + 10) + 1);
        wr32(e + 12, (uint32_t)(cd_size + sizeof ce + nl));
        wr32(e + 16, (uint32_t)new_cd);
        cp_bytes_free(&body);
    } else if (rc == 0 && fam == CP_FMT_JSON) {
        cp_bytes_add(&tail, JSON_MARK, strlen(JSON_MARK));
        cp_bytes_add(&tail, text.data, text.len);
        cp_bytes_add(&tail, "\n}\n", 3);
    } else if (rc == 0 && fam == CP_FMT_CSV) {
        cp_bytes_add(&tail, CSV_MARK "\"", strlen(CSV_MARK) + 1);
        for (size_t i = 0; i < text.len; i++)
            cp_bytes_add(&tail, text.data[i] == '"' ? "\"\"" : (const char *)text.data + i,
                         text.data[i] == '"' ? 2 : 1);
        cp_bytes_add(&tail, "\"\r\n", 3);
    } else if (rc == 0) {
        cp_bytes_add(&tail, PDF_MARK, strlen(PDF_MARK));
        cp_bytes_add(&tail, text.data, text.len);
        cp_bytes_add(&tail, "\n", 1);
    }
    munmap(d, n);
    off_t at = fam == CP_FMT_XLSX ? (off_t)cd_off : fam == CP_FMT_JSON ? (off_t)n - 3 : (off_t)n;
    if (rc == 0 && (write_all(fd, tail.data, tail.len, at) != 0 || fsync(fd) != 0))
        rc = cp_error_set(err, path, 0, "cannot write: %s", strerror(errno));
    if (close(fd) != 0 && rc == 0)
        rc = cp_error_set(err, path, 0, "cannot write: %s", strerror(errno));
    cp_bytes_free(&text);
    cp_bytes_free(&tail);
    return rc;
}

int cp_sign_strip(const unsigned char *data, size_t len, cp_sign_format fmt, cp_bytes *out,
                  cp_error *err)
{
    if (fmt == CP_FMT_UNKNOWN)
        fmt = sniff(data, len);
    cp_sign_format fam = family(fmt);
    place pl;
    const char *why = NULL;
    int found = locate(data, len, fam, &pl, &why);
    if (found < 0)
        return cp_error_set(err, NULL, 0, "cannot strip the signature: %s", why);
    if (found == 0) {
        cp_bytes_add(out, data, len);
        return 0;
    }
    content_of(data, len, fam, &pl, out);
    return 1;
}

/* ---- Verifying ---- */

/* Appends to what (bounded) one line. */
static void say(cp_verify_report *rep, const char *fmt, ...) CP_PRINTF(2, 3);
static void say(cp_verify_report *rep, const char *fmt, ...)
{
    size_t used = strlen(rep->what);
    if (used + 2 >= sizeof rep->what)
        return;
    va_list ap;
    va_start(ap, fmt);
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t ll = strlen(line);
    if (used + ll + 2 > sizeof rep->what) {
        /* cut on a UTF-8 boundary */
        ll = sizeof rep->what - used - 2;
        while (ll > 0 && ((unsigned char)line[ll] & 0xc0) == 0x80)
            ll--;
    }
    memcpy(rep->what + used, line, ll);
    rep->what[used + ll] = '\n';
    rep->what[used + ll + 1] = '\0';
}

/* A line of text for a report: without its line end, leading spaces, cut on a UTF-8 boundary,
 * control bytes and malformed UTF-8 shown as '?'. */
static void show_line(const unsigned char *p, size_t n, char *out, size_t size)
{
    while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
        n--;
    while (n > 0 && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
    }
    bool cut = false;
    if (n > LINE_SHOW) {
        n = LINE_SHOW;
        while (n > 0 && (p[n] & 0xc0) == 0x80)
            n--;
        cut = true;
    }
    size_t o = 0;
    for (size_t i = 0; i < n && o + 8 < size;) {
        uint32_t cp = 0;
        size_t k = cp_utf8_decode((const char *)p + i, n - i, &cp);
        if (cp < 0x20 || cp == 0x7f || (cp == 0xfffd && k == 1)) {
            out[o++] = '?'; /* control bytes and broken UTF-8 */
        } else {
            memcpy(out + o, p + i, k);
            o += k;
        }
        i += k;
    }
    if (cut && o + 4 < size) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
}

typedef struct differ {
    cp_verify_report *rep;
    cp_sign_format fam;
    const view *d;           /* current content */
    const chunks *cur;
    char **old_names;        /* XLSX: names of the signed members */
    size_t n_old_names;
    int items, more;
    bool dir_changed;        /* XLSX: the central directory chunk differs */
} differ;

static const char *name_at(const differ *f, size_t i, bool old)
{
    if (old)
        return i < f->n_old_names ? f->old_names[i] : NULL;
    return NULL;
}

/* Names one changed / inserted / deleted chunk. kind: 'c' changed, 'i' inserted, 'd' deleted;
 * ni is the index in the current content, oi in the signed one. */
static void item(differ *f, char kind, size_t ni, size_t oi, char **cur_names)
{
    if (f->items >= MAX_ITEMS) {
        f->more++;
        return;
    }
    f->items++;
    cp_verify_report *rep = f->rep;
    if (f->fam == CP_FMT_XLSX) {
        const char *cn = cur_names && ni < f->cur->n - 1 ? cur_names[ni] : NULL;
        const char *on = name_at(f, oi, true);
        bool dir = kind == 'd' ? oi + 1 >= f->n_old_names + 1 : ni + 1 >= f->cur->n;
        if (dir) {
            f->items--; /* named only when no member is (below, after the diff) */
            f->dir_changed = true;
            return;
        }
        if (kind == 'c' && on && cn && strcmp(on, cn) != 0)
            say(rep, "成员 %s 已被替换为 %s", on, cn);
        else if (kind == 'c')
            say(rep, "%s %s 已被修改", cn && strncmp(cn, "xl/worksheets/", 14) == 0 ? "工作表" : "成员",
                cn ? cn : "?");
        else if (kind == 'i')
            say(rep, "新增了成员 %s", cn ? cn : "?");
        else
            say(rep, "成员 %s 已被删除", on ? on : "?");
        return;
    }
    if (f->fam == CP_FMT_PDF) {
        if (kind == 'd') {
            say(rep, "原第 %zu 行已被删除", oi + 1);
            return;
        }
        const chunk *c = &f->cur->c[ni];
        long obj = c->obj;
        char where[64] = "";
        if (obj > 0)
            snprintf(where, sizeof where, "，对象 %ld", obj);
        say(rep, "第 %zu 行（字节 %zu–%zu%s）%s", ni + 1, c->off, c->off + c->len, where,
            kind == 'c' ? "已被修改" : "为新增内容");
        return;
    }
    if (kind == 'd') {
        say(rep, "原第 %zu 行已被删除", oi + 1);
        return;
    }
    char shown[LINE_SHOW * 2 + 8];
    const chunk *c = &f->cur->c[ni];
    unsigned char head[HEAD];
    size_t hl = view_copy(f->d, c->off, c->len < HEAD ? c->len : HEAD, head);
    show_line(head, hl, shown, sizeof shown);
    say(rep, "第 %zu 行%s: %s", ni + 1, kind == 'c' ? "已被修改" : "为新增", shown);
}

/* Reports the differences between the signed hash list (old, n) and the current chunks, by a
 * longest-common-subsequence diff over the middle after common prefix/suffix are trimmed. */
static void diff_report(differ *f, const unsigned char *old, size_t n, char **cur_names)
{
    const chunks *cur = f->cur;
    size_t m = cur->n;
    size_t p = 0;
    while (p < n && p < m && memcmp(old + p * CHUNK_HASH, cur->c[p].h, CHUNK_HASH) == 0)
        p++;
    size_t s = 0;
    while (s < n - p && s < m - p
           && memcmp(old + (n - 1 - s) * CHUNK_HASH, cur->c[m - 1 - s].h, CHUNK_HASH) == 0)
        s++;
    size_t a = n - p - s, b = m - p - s; /* middle sizes: old, new */
    if (a == 0 && b == 0)
        return;
    if ((a + 1) * (b + 1) > 4000000) {
        say(f->rep, "第 %zu–%zu 行一带已被修改（现 %zu 行，签名时 %zu 行）", p + 1, p + b, m, n);
        f->items++;
        return;
    }
    /* L[i][j] = LCS length of old[p+i..p+a) and new[p+j..p+b) */
    uint32_t *L = cp_xcalloc((a + 1) * (b + 1), sizeof *L);
#define LL(i, j) L[(size_t)(i) * (b + 1) + (size_t)(j)]
    for (size_t i = a; i-- > 0;)
        for (size_t j = b; j-- > 0;)
            LL(i, j) = memcmp(old + (p + i) * CHUNK_HASH, cur->c[p + j].h, CHUNK_HASH) == 0
                           ? LL(i + 1, j + 1) + 1
                           : (LL(i + 1, j) >= LL(i, j + 1) ? LL(i + 1, j) : LL(i, j + 1));
    size_t i = 0, j = 0;
    while (i < a || j < b) {
        if (i < a && j < b && memcmp(old + (p + i) * CHUNK_HASH, cur->c[p + j].h, CHUNK_HASH) == 0) {
            i++;
            j++;
            continue;
        }
        /* a run of deletions and insertions up to the next match */
        size_t di = i, dj = j;
        while (i < a || j < b) {
            if (i < a && j < b
                && memcmp(old + (p + i) * CHUNK_HASH, cur->c[p + j].h, CHUNK_HASH) == 0)
                break;
            if (j < b && (i == a || LL(i, j + 1) >= LL(i + 1, j)))
                j++;
            else
                i++;
        }
        size_t nd = i - di, ni = j - dj, k = 0;
        for (; k < nd && k < ni; k++)
            item(f, 'c', p + dj + k, p + di + k, cur_names);
        for (size_t q = k; q < ni; q++)
            item(f, 'i', p + dj + q, 0, cur_names);
        for (size_t q = k; q < nd; q++)
            item(f, 'd', 0, p + di + q, cur_names);
    }
#undef LL
    free(L);
}

/* Splits a '|'-joined, percent-encoded name list. */
static char **split_names(const char *s, size_t *count)
{
    *count = 0;
    if (!s)
        return NULL;
    size_t n = 1;
    for (const char *p = s; *p; p++)
        n += *p == '|';
    char **v = cp_xcalloc(n, sizeof *v);
    const char *start = s;
    for (size_t i = 0; i < n; i++) {
        const char *e = strchr(start, '|');
        size_t len = e ? (size_t)(e - start) : strlen(start);
        char *out = cp_xmalloc(len + 1);
        size_t o = 0;
        for (size_t k = 0; k < len; k++) {
            unsigned hi;
            if (start[k] == '%' && k + 2 < len + 1 && sscanf(start + k + 1, "%2x", &hi) == 1) {
                out[o++] = (char)hi;
                k += 2;
            } else {
                out[o++] = start[k];
            }
        }
        out[o] = '\0';
        v[i] = out;
        start = e ? e + 1 : start + len;
    }
    *count = n;
    return v;
}

static void free_names(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* Is key (block text) among the trusted keys: "ed25519:..." separated by spaces, commas or
 * newlines. */
static bool trusted(const char *key, const char *list)
{
    if (!list)
        return false;
    size_t kl = strlen(key);
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == ',' || *p == '\n' || *p == '\r' || *p == '\t')
            p++;
        size_t l = strcspn(p, " ,\n\r\t");
        if (l == kl && memcmp(p, key, kl) == 0)
            return true;
        p += l;
    }
    return false;
}

/* Names the groups of lines (a v2 block's layout) whose hashes differ. */
static void group_report(cp_verify_report *rep, cp_sign_format fam, const unsigned char *old,
                         const liner *w, size_t now_lines, const view *d, int *items, int *more)
{
    for (size_t g = 0; g < w->ngroups; g++) {
        const group_m *gm = &w->g[g];
        if (gm->done && memcmp(gm->h, old + g * CHUNK_HASH, CHUNK_HASH) == 0)
            continue;
        if (*items >= MAX_ITEMS) {
            (*more)++;
            continue;
        }
        (*items)++;
        size_t first = g * w->layout / w->ngroups + 1, last = group_end(w, g);
        if (!gm->done && gm->to <= gm->from) {
            say(rep, "第 %zu–%zu 行已被删除", first, last);
            continue;
        }
        char lines[64];
        if (first == last)
            snprintf(lines, sizeof lines, "第 %zu 行", first);
        else
            snprintf(lines, sizeof lines, "第 %zu–%zu 行", first, last);
        if (fam == CP_FMT_PDF) {
            char objs[64] = "";
            if (gm->obj_from > 0 && gm->obj_to > gm->obj_from)
                snprintf(objs, sizeof objs, "，对象 %ld–%ld", gm->obj_from, gm->obj_to);
            else if (gm->obj_from > 0)
                snprintf(objs, sizeof objs, "，对象 %ld", gm->obj_from);
            say(rep, "%s（字节 %zu–%zu%s）一带已被修改", lines, gm->from, gm->to, objs);
        } else if (first == last) {
            char shown[LINE_SHOW * 2 + 8];
            unsigned char hb[HEAD];
            size_t n = gm->to - gm->from;
            size_t hl = view_copy(d, gm->from, n < HEAD ? n : HEAD, hb);
            show_line(hb, hl, shown, sizeof shown);
            say(rep, "%s已被修改: %s", lines, shown);
        } else {
            say(rep, "%s一带已被修改", lines);
        }
    }
    if (now_lines != w->layout) {
        say(rep, "行数已变：签名时 %zu 行，现 %zu 行", w->layout, now_lines);
        (*items)++;
    }
}

/* Verifies data[0..len); map: data is a read-only file mapping (walked pages are dropped). */
static int verify_bytes(const unsigned char *data, size_t len, cp_sign_format fmt,
                        const char *trusted_public, cp_verify_report *rep, bool map,
                        cp_error *err)
{
    memset(rep, 0, sizeof *rep);
    if (!data && len)
        return cp_error_set(err, NULL, 0, "nothing to verify");
    if (init_sodium(err) != 0)
        return -1;
    if (fmt == CP_FMT_UNKNOWN)
        fmt = sniff(data, len);
    cp_sign_format fam = family(fmt);
    place pl;
    const char *why = NULL;
    int found = len ? locate(data, len, fam, &pl, &why) : 0;
    if (found == 0) {
        rep->status = CP_VERIFY_UNSIGNED;
        say(rep, "文件中没有签名");
        return 0;
    }
    if (found < 0) {
        rep->status = CP_VERIFY_BROKEN;
        say(rep, "%s", why);
        return 0;
    }
    /* the block text, CSV quotes undone */
    cp_bytes bt = { 0 };
    for (size_t i = 0; i < pl.blen; i++) {
        unsigned char c = data[pl.blk + i];
        if (pl.csv_quoted && c == '"') {
            if (i + 1 < pl.blen && data[pl.blk + i + 1] == '"')
                i++;
            else {
                rep->status = CP_VERIFY_BROKEN;
                say(rep, "签名行的 CSV 引号不成对");
                cp_bytes_free(&bt);
                return 0;
            }
        }
        cp_bytes_add(&bt, &c, 1);
    }
    block bl;
    int bad = block_parse(bt.data ? (const char *)bt.data : "", bt.len, &bl, &why);
    cp_bytes_free(&bt);
    if (bad) {
        rep->status = CP_VERIFY_BROKEN;
        say(rep, "%s", why);
        return 0;
    }
    unsigned char pk[32];
    if (parse_public(bl.key, strlen(bl.key), pk) == 0)
        fingerprint_of(pk, rep->key_fingerprint);
    snprintf(rep->signed_at, sizeof rep->signed_at, "%s", bl.signed_at);
    if (family(bl.fmt) != fam) {
        rep->status = CP_VERIFY_BROKEN;
        say(rep, "签名块记录的格式（%s）与文件格式不符", fmt_name(bl.fmt));
        block_free(&bl);
        return 0;
    }
    unsigned char *sig = NULL, *hs = NULL;
    size_t sl = 0, hl = 0;
    if (!rep->key_fingerprint[0] || unb64(bl.sig, strlen(bl.sig), &sig, &sl) != 0
        || sl != crypto_sign_BYTES || unb64(bl.hashes, strlen(bl.hashes), &hs, &hl) != 0
        || hl % CHUNK_HASH != 0) {
        rep->status = CP_VERIFY_BROKEN;
        say(rep, "签名块的密钥、签名或分块摘要已损坏");
        free(sig);
        free(hs);
        block_free(&bl);
        return 0;
    }
    cp_bytes m = { 0 };
    message(&bl, &m);
    bool good = crypto_sign_verify_detached(sig, m.data, m.len, pk) == 0;
    cp_bytes_free(&m);
    view v = { 0 };
    unsigned char *eocd_copy = NULL;
    chunks cs = { 0 };
    liner w = { 0 };
    char **cur_names = NULL;
    size_t n_cur_names = 0;
    differ f = { .rep = rep, .fam = fam };
    if (!good) {
        rep->status = CP_VERIFY_BROKEN;
        say(rep, "签名与签名块不符：签名块已被改动，或不是本程序写的");
        goto done;
    }
    content_view(data, len, fam, &pl, &v, &eocd_copy);
    if (map) {
        v.map = data;
        v.map_len = len;
    }
    unsigned char h[32];
    bool grouped = bl.v >= 2 && strcmp(bl.chunk_unit, "line-group") == 0;
    size_t n_old = hl / CHUNK_HASH;
    if (fam == CP_FMT_XLSX) {
        view_hash(&v, 0, v.len, h, sizeof h);
    } else {
        /* one pass: the content hash, the signed layout's groups, and the lines themselves when
         * a line-by-line diff can name them (a v1 block, or a v2 block of one line per group) */
        bool per_line = !grouped || bl.lines <= GROUPS;
        liner_init(&w, grouped ? (size_t)bl.lines : 0, fam == CP_FMT_PDF, per_line ? &cs : NULL);
        if (grouped)
            w.max_lines = 4096;
        liner_run(&w, &v, h);
        if (grouped && n_old != w.ngroups) {
            rep->status = CP_VERIFY_BROKEN;
            say(rep, "签名块的分块摘要与行数不符");
            goto done;
        }
    }
    char *now = b64(h, sizeof h);
    bool same = strcmp(now, bl.content) == 0;
    free(now);
    if (same) {
        rep->status = trusted(bl.key, trusted_public) ? CP_VERIFY_VALID : CP_VERIFY_UNTRUSTED;
        if (rep->status == CP_VERIFY_UNTRUSTED)
            say(rep, "签名有效，但签名密钥 %s 不是受信任的密钥", rep->key_fingerprint);
        goto done;
    }
    /* The block is genuine and the content is not what was signed: its chunk hashes say where. */
    rep->status = CP_VERIFY_CHANGED;
    f.d = &v;
    f.cur = &cs;
    if (fam == CP_FMT_XLSX) {
        cp_error cerr = { 0 };
        if (zip_chunks(&v, &cs, &cerr) != 0) {
            say(rep, "文件结构已被破坏，不再是可读的 XLSX（ZIP）文件");
            goto done;
        }
        f.old_names = split_names(bl.names, &f.n_old_names);
        cur_names = split_names(cs.names, &n_cur_names);
        diff_report(&f, hs, n_old, cur_names);
    } else if (grouped && (bl.lines > GROUPS || cs.n >= w.max_lines)) {
        group_report(rep, fam, hs, &w, w.line, &v, &f.items, &f.more);
    } else {
        diff_report(&f, hs, n_old, NULL);
    }
    if (f.items == 0 && f.dir_changed) {
        say(rep, "ZIP 目录（中央目录）已被修改");
        f.items++;
    }
    if (f.items == 0)
        say(rep, "内容已被修改（字节数 %llu → %zu）", bl.bytes, v.len);
    if (f.more)
        say(rep, "……另有 %d 处修改", f.more);
done:
    free_names(f.old_names, f.n_old_names);
    free_names(cur_names, n_cur_names);
    chunks_free(&cs);
    liner_free(&w);
    free(eocd_copy);
    free(sig);
    free(hs);
    block_free(&bl);
    return 0;
}

int cp_sign_verify(const unsigned char *data, size_t len, cp_sign_format fmt,
                   const char *trusted_public, cp_verify_report *rep, cp_error *err)
{
    return verify_bytes(data, len, fmt, trusted_public, rep, false, err);
}

int cp_sign_verify_file(const char *path, cp_sign_format fmt, const char *trusted_public,
                        cp_verify_report *rep, cp_error *err)
{
    memset(rep, 0, sizeof *rep);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return cp_error_set(err, path, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return cp_error_set(err, path, 0, "not a regular file");
    }
    size_t len = (size_t)st.st_size;
    if (len == 0) {
        close(fd);
        return verify_bytes((const unsigned char *)"", 0, fmt, trusted_public, rep, false, err);
    }
    void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED)
        return cp_error_set(err, path, 0, "cannot read: %s", strerror(errno));
    int rc = verify_bytes(m, len, fmt, trusted_public, rep, true, err);
    munmap(m, len);
    return rc;
}
