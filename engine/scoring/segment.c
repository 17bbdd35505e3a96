/* segment.c - Chinese word segmentation for the scorer: jieba's method (a prefix dictionary, the
 * DAG of every dictionary word starting at each position, the path of highest probability) over
 * jieba's own dictionary (Debian python3-jieba, MIT) plus our domain lexicon
 * (scenarios/rubrics/lexicon.txt). Runs of digits and Latin letters are one token each;
 * punctuation and spaces are single tokens. No HMM for unknown words: they fall apart into
 * single characters, which the character-pair features still see.
 * The dictionary is an open-addressed table of 64-bit keys (an FNV-style hash of the code points,
 * so a prefix extends its hash by one step) and quantised log-probabilities; prefixes of words
 * are entries too, so the DAG walk stops at the first string that starts no word.
 * Read-only once loaded: one segmenter serves every thread. Must not allocate per call. */
#include "scorer_int.h"
#include "cp_utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SEG_MAX_WORD 16
#define SEG_PREFIX 0xFFFFu    /* entry that only starts longer words */

struct sc_seg {
    uint32_t *keys;   /* a 32-bit fingerprint of the 64-bit hash; 0 = empty */
    uint16_t *lp;     /* -log p * 256, or SEG_PREFIX */
    size_t mask;
    size_t n;
    double logtotal;
    uint16_t unknown; /* cost of a character not in the dictionary */
};

static inline uint64_t seg_step(uint64_t h, uint32_t c)
{
    h ^= c;
    h *= 0x100000001b3ull;
    return h ? h : 1;
}

static inline size_t seg_slot(uint64_t h, size_t mask)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return (size_t)h & mask;
}

/* The stored fingerprint: the hash's high half (the slot comes from a mix of all of it), never
 * 0. Two strings share slot chain and fingerprint with odds near 2^-32 per lookup; the cost
 * would be one wrong split, not a wrong verdict. Halves the table (10.5 -> 6.3 MB). */
static inline uint32_t seg_fp(uint64_t h)
{
    uint32_t f = (uint32_t)(h >> 32) ^ (uint32_t)h * 0x9E3779B1u;
    return f ? f : 1;
}

static long seg_find(const sc_seg *g, uint64_t h)
{
    size_t i = seg_slot(h, g->mask);
    uint32_t f = seg_fp(h);
    while (g->keys[i]) {
        if (g->keys[i] == f)
            return (long)i;
        i = (i + 1) & g->mask;
    }
    return -1;
}

static void seg_put(sc_seg *g, uint64_t h, uint16_t lp)
{
    size_t i = seg_slot(h, g->mask);
    uint32_t f = seg_fp(h);
    while (g->keys[i] && g->keys[i] != f)
        i = (i + 1) & g->mask;
    if (!g->keys[i]) {
        g->keys[i] = f;
        g->lp[i] = lp;
        g->n++;
    } else if (lp != SEG_PREFIX && (g->lp[i] == SEG_PREFIX || lp < g->lp[i])) {
        g->lp[i] = lp;
    }
}

typedef struct seg_entry {
    uint32_t cps[SEG_MAX_WORD];
    uint8_t n;
    double freq;
} seg_entry;

/* Reads "word [freq] [tag]" lines; words longer than SEG_MAX_WORD are skipped. A domain lexicon
 * line without a frequency gets `deffreq`. Normalisation (Traditional -> Simplified, width) is
 * applied so the dictionary meets the text as the scorer sees it. */
static int seg_read(const cp_norm *nm, const char *path, double deffreq, seg_entry **out,
                    size_t *n, size_t *cap, double *total, bool required, cp_error *err)
{
    size_t len;
    cp_error e2 = { 0 };
    char *data = cp_read_file(path, 64u << 20, &len, &e2);
    if (!data) {
        if (!required)
            return 0;
        *err = e2;
        return -1;
    }
    int lineno = 0;
    for (char *p = data, *nl; p && *p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        if (*p == '#' || *p == '\0' || *p == '\r')
            continue;
        bool removal = *p == '-' && p[1] != '\0';
        if (removal)
            p++;
        char *sp = strpbrk(p, " \t\r");
        double f = deffreq;
        if (sp) {
            *sp = '\0';
            char *q = sp + 1;
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q >= '0' && *q <= '9')
                f = strtod(q, NULL);
        }
        if (!cp_utf8_valid(p, strlen(p))) {
            cp_error_set(err, path, lineno, "word is not UTF-8");
            free(data);
            return -1;
        }
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 1 << 16;
            *out = cp_xrealloc(*out, *cap * sizeof **out);
        }
        seg_entry *en = &(*out)[*n];
        size_t k = cp_norm_term(nm, p, en->cps, SEG_MAX_WORD);
        if (k == 0)
            continue;
        en->n = (uint8_t)k;
        en->freq = removal ? -1 : f > 0 ? f : 1;
        if (!removal)
            *total += en->freq;
        (*n)++;
    }
    free(data);
    return 0;
}

/* ---- A cache of the built table ----
 * Parsing 349,046 dictionary lines and normalising each takes ~0.3 s; the built table is
 * cached under $XDG_CACHE_HOME/counterpart (or ~/.cache/counterpart), keyed by the dictionary's
 * size and modification time and the domain lexicon's bytes, and read back in a few ms. A
 * missing, stale or damaged cache is simply rebuilt; a cache that cannot be written is skipped. */

#define SEG_CACHE_MAGIC "CPSEG002"

static uint64_t seg_key(const char *dict, const char *domain)
{
    struct stat st;
    uint64_t parts[3] = { 0, 0, 0 };
    if (stat(dict, &st) == 0) {
        parts[0] = (uint64_t)st.st_size;
        parts[1] = (uint64_t)st.st_mtime;
    }
    size_t len = 0;
    cp_error e = { 0 };
    char *lex = domain ? cp_read_file(domain, 1u << 22, &len, &e) : NULL;
    parts[2] = lex ? cp_hash64(lex, len) : 0;
    free(lex);
    uint64_t h = cp_hash64(parts, sizeof parts) ^ cp_hash64(dict, strlen(dict));
    return h ? h : 1;
}

static bool seg_cache_path(uint64_t key, char *buf, size_t size)
{
    const char *base = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    int n;
    if (base && base[0] == '/')
        n = snprintf(buf, size, "%s/counterpart", base);
    else if (home && *home)
        n = snprintf(buf, size, "%s/.cache/counterpart", home);
    else
        return false;
    if (n < 0 || (size_t)n >= size)
        return false;
    size_t l = (size_t)n;
    n = snprintf(buf + l, size - l, "/seg-%016llx.bin", (unsigned long long)key);
    return n > 0 && (size_t)n < size - l;
}

static sc_seg *seg_cache_read(const char *path, uint64_t key)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char magic[8];
    uint64_t k = 0, slots = 0, n = 0;
    double lt = 0;
    uint16_t un = 0;
    sc_seg *g = NULL;
    if (fread(magic, 1, 8, f) != 8 || memcmp(magic, SEG_CACHE_MAGIC, 8) != 0 ||
        fread(&k, sizeof k, 1, f) != 1 || k != key || fread(&slots, sizeof slots, 1, f) != 1 ||
        fread(&n, sizeof n, 1, f) != 1 || fread(&lt, sizeof lt, 1, f) != 1 ||
        fread(&un, sizeof un, 1, f) != 1 || slots == 0 || (slots & (slots - 1)) != 0 ||
        slots > (1u << 26))
        goto fail;
    g = cp_xcalloc(1, sizeof *g);
    g->mask = (size_t)slots - 1;
    g->n = (size_t)n;
    g->logtotal = lt;
    g->unknown = un;
    g->keys = cp_xmalloc((size_t)slots * sizeof *g->keys);
    g->lp = cp_xmalloc((size_t)slots * sizeof *g->lp);
    if (fread(g->keys, sizeof *g->keys, (size_t)slots, f) != slots ||
        fread(g->lp, sizeof *g->lp, (size_t)slots, f) != slots || fgetc(f) != EOF)
        goto fail;
    fclose(f);
    return g;
fail:
    fclose(f);
    sc_seg_free(g);
    return NULL;
}

static void seg_cache_write(const char *path, uint64_t key, const sc_seg *g)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        return;
    *slash = '\0';
    char *parent = strrchr(dir, '/');
    if (parent) {
        *parent = '\0';
        mkdir(dir, 0700);   /* ~/.cache */
        *parent = '/';
    }
    mkdir(dir, 0700);
    uint64_t slots = (uint64_t)g->mask + 1, n = g->n;
    size_t len = 8 + 8 + 8 + 8 + sizeof g->logtotal + sizeof g->unknown +
                 (size_t)slots * (sizeof *g->keys + sizeof *g->lp);
    unsigned char *b = malloc(len);
    if (!b)
        return;
    size_t o = 0;
    memcpy(b + o, SEG_CACHE_MAGIC, 8); o += 8;
    memcpy(b + o, &key, 8); o += 8;
    memcpy(b + o, &slots, 8); o += 8;
    memcpy(b + o, &n, 8); o += 8;
    memcpy(b + o, &g->logtotal, sizeof g->logtotal); o += sizeof g->logtotal;
    memcpy(b + o, &g->unknown, sizeof g->unknown); o += sizeof g->unknown;
    memcpy(b + o, g->keys, (size_t)slots * sizeof *g->keys); o += (size_t)slots * sizeof *g->keys;
    memcpy(b + o, g->lp, (size_t)slots * sizeof *g->lp);
    cp_error e = { 0 };
    cp_write_file_atomic(path, b, len, &e);   /* a cache: failure only costs the next start */
    free(b);
}

static sc_seg *seg_build(const cp_norm *nm, const char *dict, const char *domain, cp_error *err);

sc_seg *sc_seg_load(const cp_norm *nm, const char *dict, const char *domain, cp_error *err)
{
    uint64_t key = seg_key(dict, domain);
    char path[1024];
    bool cached = !getenv("COUNTERPART_NO_CACHE") && seg_cache_path(key, path, sizeof path);
    if (cached) {
        sc_seg *g = seg_cache_read(path, key);
        if (g)
            return g;
    }
    sc_seg *g = seg_build(nm, dict, domain, err);
    if (g && cached)
        seg_cache_write(path, key, g);
    return g;
}

static sc_seg *seg_build(const cp_norm *nm, const char *dict, const char *domain, cp_error *err)
{
    seg_entry *ents = NULL;
    size_t n = 0, cap = 0;
    double total = 0;
    if (seg_read(nm, dict, 1, &ents, &n, &cap, &total, true, err) != 0) {
        free(ents);
        return NULL;
    }
    /* domain words: frequent enough to win over the general split (社保卡, 人社部门) */
    if (domain && seg_read(nm, domain, 2000, &ents, &n, &cap, &total, false, err) != 0) {
        free(ents);
        return NULL;
    }
    sc_seg *g = cp_xcalloc(1, sizeof *g);
    size_t slots = 1;
    while (slots < n * 2)
        slots <<= 1;
    g->mask = slots - 1;
    g->keys = cp_xcalloc(slots, sizeof *g->keys);
    g->lp = cp_xcalloc(slots, sizeof *g->lp);
    g->logtotal = log(total > 1 ? total : 1);
    double un = g->logtotal * 256;
    g->unknown = (uint16_t)(un > 65000 ? 65000 : un);
    for (size_t i = 0; i < n; i++) {
        if (ents[i].freq < 0)
            continue;
        uint64_t h = 0xcbf29ce484222325ull;
        for (size_t k = 0; k < ents[i].n; k++) {
            h = seg_step(h, ents[i].cps[k]);
            if (k + 1 < ents[i].n) {
                seg_put(g, h, SEG_PREFIX);
            } else {
                double c = (g->logtotal - log(ents[i].freq)) * 256;
                if (c < 0)
                    c = 0;
                if (c > 65000)
                    c = 65000;
                seg_put(g, h, (uint16_t)c);
            }
        }
    }
    /* removals: the entry stays a prefix (longer words still pass through it), not a word */
    for (size_t i = 0; i < n; i++) {
        if (ents[i].freq >= 0)
            continue;
        uint64_t h = 0xcbf29ce484222325ull;
        for (size_t k = 0; k < ents[i].n; k++)
            h = seg_step(h, ents[i].cps[k]);
        long at = seg_find(g, h);
        if (at >= 0)
            g->lp[at] = SEG_PREFIX;
    }
    free(ents);
    return g;
}

void sc_seg_free(sc_seg *g)
{
    if (!g)
        return;
    free(g->keys);
    free(g->lp);
    free(g);
}

size_t sc_seg_size(const sc_seg *g)
{
    return g ? g->n : 0;
}

static bool is_alnum(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
           c == '%' || c == '*';
}

static bool is_han(uint32_t c)
{
    return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3007;
}

/* Segments one run of Han characters t[s, e) by the best DAG path. */
static size_t seg_han(const sc_seg *g, const uint32_t *t, size_t s, size_t e, uint16_t *ws,
                      uint16_t *we, size_t nw, size_t cap)
{
    size_t n = e - s;
    uint32_t cost[SC_MAX_CHARS + 1];
    uint16_t nxt[SC_MAX_CHARS + 1];
    cost[n] = 0;
    for (size_t i = n; i-- > 0;) {
        /* default: the single character */
        uint32_t best = UINT32_MAX;
        uint16_t bj = (uint16_t)(i + 1);
        uint64_t h = 0xcbf29ce484222325ull;
        for (size_t j = i; j < n && j - i < SEG_MAX_WORD; j++) {
            h = seg_step(h, t[s + j]);
            long at = g ? seg_find(g, h) : -1;
            if (at < 0)
                break;
            uint16_t lp = g->lp[at];
            if (lp == SEG_PREFIX)
                continue;
            uint32_t c = lp + cost[j + 1];
            if (c < best || (c == best && j + 1 > bj)) {
                best = c;
                bj = (uint16_t)(j + 1);
            }
        }
        if (best == UINT32_MAX || bj == i + 1) {
            uint32_t single = (g ? g->unknown : 0) + cost[i + 1];
            long at = -1;
            if (g) {
                uint64_t h1 = seg_step(0xcbf29ce484222325ull, t[s + i]);
                at = seg_find(g, h1);
                if (at >= 0 && g->lp[at] != SEG_PREFIX)
                    single = g->lp[at] + cost[i + 1];
            }
            if (best == UINT32_MAX || single < best) {
                best = single;
                bj = (uint16_t)(i + 1);
            }
        }
        cost[i] = best;
        nxt[i] = bj;
    }
    for (size_t i = 0; i < n && nw < cap; i = nxt[i]) {
        ws[nw] = (uint16_t)(s + i);
        we[nw] = (uint16_t)(s + nxt[i]);
        nw++;
    }
    return nw;
}

size_t sc_seg_words(const sc_seg *g, const uint32_t *t, size_t n, uint16_t *ws, uint16_t *we,
                    size_t cap)
{
    size_t nw = 0;
    if (n > SC_MAX_CHARS)
        n = SC_MAX_CHARS;
    size_t i = 0;
    while (i < n && nw < cap) {
        if (is_han(t[i])) {
            size_t e = i;
            while (e < n && is_han(t[e]))
                e++;
            nw = seg_han(g, t, i, e, ws, we, nw, cap);
            i = e;
        } else if (is_alnum(t[i])) {
            size_t e = i;
            while (e < n && is_alnum(t[e]))
                e++;
            /* a trailing dot is punctuation, not part of the number */
            while (e > i + 1 && t[e - 1] == '.')
                e--;
            ws[nw] = (uint16_t)i;
            we[nw] = (uint16_t)e;
            nw++;
            i = e;
        } else {
            ws[nw] = (uint16_t)i;
            we[nw] = (uint16_t)(i + 1);
            nw++;
            i++;
        }
    }
    return nw;
}
