/* norm.c - normalisation of reply text for the scorer (see norm.h).
 * Holds: the Traditional -> Simplified table (built once per scorer from OpenCC, not per reply),
 *        full-width / punctuation / case folding, and the map back to original code points.
 * Must not: allocate while normalising a reply (grading allocates nothing). */
#include "norm.h"
#include "cp_utf8.h"

#include <dirent.h>
#include <opencc/opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const OPENCC_DIRS[] = { "/usr/share/opencc", "/usr/local/share/opencc", NULL };

/* Code point ranges sent through OpenCC once to learn the character map. */
static const uint32_t RANGES[][2] = {
    { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xF900, 0xFAFF },
};

/* ---- A cache of the built map ----
 * Converting every CJK code point through OpenCC loads its dictionaries (several MiB) and takes
 * ~17 ms, on every start of every front end. The map (a few thousand pairs) is cached beside
 * the segmenter's table, under $XDG_CACHE_HOME/counterpart (or ~/.cache/counterpart), keyed by
 * the name, size and modification time of every file in OpenCC's data folder; a missing, stale
 * or damaged cache is rebuilt, one that cannot be written is skipped. COUNTERPART_NO_CACHE
 * turns it off. */

#define T2S_CACHE_MAGIC "CPT2S001"

static uint64_t t2s_key(const char *dir)
{
    uint64_t h = cp_hash64(dir, strlen(dir)) ^ 0x7432730000000001ull;
    DIR *d = opendir(dir);
    if (!d)
        return h;
    struct dirent *de;
    char path[1024];
    while ((de = readdir(d))) {
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (de->d_name[0] == '.' || stat(path, &st) != 0)
            continue;
        uint64_t part[3] = { cp_hash64(de->d_name, strlen(de->d_name)), (uint64_t)st.st_size,
                             (uint64_t)st.st_mtime };
        h ^= cp_hash64(part, sizeof part);   /* order-free: readdir's order is not stable */
    }
    closedir(d);
    return h ? h : 1;
}

static bool t2s_cache_path(uint64_t key, char *buf, size_t size, char *dir, size_t dsize)
{
    const char *base = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    int n;
    if (getenv("COUNTERPART_NO_CACHE"))
        return false;
    if (base && base[0] == '/')
        n = snprintf(dir, dsize, "%s/counterpart", base);
    else if (home && *home)
        n = snprintf(dir, dsize, "%s/.cache/counterpart", home);
    else
        return false;
    if (n < 0 || (size_t)n >= dsize)
        return false;
    n = snprintf(buf, size, "%s/t2s-%016llx.bin", dir, (unsigned long long)key);
    return n > 0 && (size_t)n < size;
}

static bool t2s_cache_read(cp_norm *nm, const char *path, uint64_t key)
{
    size_t len = 0;
    cp_error e = { 0 };
    unsigned char *b = (unsigned char *)cp_read_file(path, 1u << 20, &len, &e);
    uint64_t k = 0;
    uint32_t n = 0;
    if (!b || len < 20 || memcmp(b, T2S_CACHE_MAGIC, 8) != 0) {
        free(b);
        return false;
    }
    memcpy(&k, b + 8, 8);
    memcpy(&n, b + 16, 4);
    if (k != key || n == 0 || len != 20 + (size_t)n * 4) {
        free(b);
        return false;
    }
    nm->t2s = cp_xcalloc(65536, sizeof *nm->t2s);
    for (uint32_t i = 0; i < n; i++) {
        uint16_t a, c;
        memcpy(&a, b + 20 + (size_t)i * 4, 2);
        memcpy(&c, b + 22 + (size_t)i * 4, 2);
        if (!a || !c) {   /* damaged: build it again */
            free(nm->t2s);
            nm->t2s = NULL;
            free(b);
            return false;
        }
        nm->t2s[a] = c;
    }
    free(b);
    return true;
}

static void t2s_cache_write(const cp_norm *nm, const char *path, const char *dir, uint64_t key)
{
    char parent[1100];
    snprintf(parent, sizeof parent, "%s", dir);
    char *slash = strrchr(parent, '/');
    if (slash) {
        *slash = '\0';
        mkdir(parent, 0700);   /* ~/.cache */
    }
    mkdir(dir, 0700);
    uint32_t n = 0;
    for (size_t c = 0; c < 65536; c++)
        n += nm->t2s[c] != 0;
    size_t len = 20 + (size_t)n * 4;
    unsigned char *b = cp_xmalloc(len);
    memcpy(b, T2S_CACHE_MAGIC, 8);
    memcpy(b + 8, &key, 8);
    memcpy(b + 16, &n, 4);
    size_t o = 20;
    for (size_t c = 0; c < 65536; c++)
        if (nm->t2s[c]) {
            uint16_t a = (uint16_t)c;
            memcpy(b + o, &a, 2);
            memcpy(b + o + 2, &nm->t2s[c], 2);
            o += 4;
        }
    cp_error e = { 0 };
    cp_write_file_atomic(path, b, len, &e);   /* a cache: failure only costs the next start */
    free(b);
}

static int t2s_build(cp_norm *nm, const char *cfg, cp_error *err);

int cp_norm_init(cp_norm *nm, cp_error *err)
{
    nm->t2s = NULL;
    char path[512];
    const char *cfg = NULL, *dir = NULL;
    for (int i = 0; OPENCC_DIRS[i]; i++) {
        snprintf(path, sizeof path, "%s/t2s.json", OPENCC_DIRS[i]);
        if (access(path, R_OK) == 0) {
            cfg = path;
            dir = OPENCC_DIRS[i];
            break;
        }
    }
    if (!cfg)
        return cp_error_set(err, "", 0,
                            "OpenCC data not found (no t2s.json under /usr/share/opencc): "
                            "install the opencc data package (deps/debian.txt)");
    uint64_t key = t2s_key(dir);
    char cpath[1200], cdir[1100];
    bool cached = t2s_cache_path(key, cpath, sizeof cpath, cdir, sizeof cdir);
    if (cached && t2s_cache_read(nm, cpath, key))
        return 0;
    if (t2s_build(nm, cfg, err) != 0)
        return -1;
    if (cached)
        t2s_cache_write(nm, cpath, cdir, key);
    return 0;
}

/* The map from OpenCC itself: every CJK code point converted once. */
static int t2s_build(cp_norm *nm, const char *cfg, cp_error *err)
{
    opencc_t oc = opencc_open(cfg);
    if (oc == (opencc_t)-1)
        return cp_error_set(err, cfg, 0, "OpenCC could not open its t2s configuration: %s",
                            opencc_error());
    size_t nchars = 0;
    for (size_t r = 0; r < sizeof RANGES / sizeof RANGES[0]; r++)
        nchars += RANGES[r][1] - RANGES[r][0] + 1;
    char *in = cp_xmalloc(nchars * 4 + 1);
    size_t k = 0;
    for (size_t r = 0; r < sizeof RANGES / sizeof RANGES[0]; r++)
        for (uint32_t c = RANGES[r][0]; c <= RANGES[r][1]; c++) {
            k += cp_utf8_encode(c, in + k);
            in[k++] = '\n';
        }
    in[k] = '\0';
    char *outs = opencc_convert_utf8(oc, in, k);
    opencc_close(oc);
    if (!outs) {
        free(in);
        return cp_error_set(err, cfg, 0, "OpenCC conversion failed: %s", opencc_error());
    }
    nm->t2s = cp_xcalloc(65536, sizeof *nm->t2s);
    /* Walk input and output line by line in step; keep one-to-one BMP mappings. */
    const char *p = in, *q = outs;
    size_t olen = strlen(outs);
    const char *qend = outs + olen, *pend = in + k;
    while (p < pend && q < qend) {
        const char *pe = memchr(p, '\n', (size_t)(pend - p));
        const char *qe = memchr(q, '\n', (size_t)(qend - q));
        if (!pe || !qe)
            break;
        uint32_t a, b;
        size_t na = cp_utf8_decode(p, (size_t)(pe - p), &a);
        size_t nb = (qe > q) ? cp_utf8_decode(q, (size_t)(qe - q), &b) : 0;
        if (na == (size_t)(pe - p) && nb && nb == (size_t)(qe - q) && a != b && a < 0x10000 &&
            b < 0x10000 && b != 0xFFFD)
            nm->t2s[a] = (uint16_t)b;
        p = pe + 1;
        q = qe + 1;
    }
    opencc_convert_utf8_free(outs);
    free(in);
    return 0;
}

void cp_norm_free(cp_norm *nm)
{
    if (!nm)
        return;
    free(nm->t2s);
    nm->t2s = NULL;
}

uint32_t cp_norm_char(const cp_norm *nm, uint32_t c)
{
    if (c < 0x80) {
        if (c < 0x20 || c == 0x7F)
            return ' ';
        if (c >= 'A' && c <= 'Z')
            return c + 32;
        return c;
    }
    if (c >= 0xFF01 && c <= 0xFF5E) {   /* full-width ASCII */
        c -= 0xFEE0;
        if (c >= 'A' && c <= 'Z')
            c += 32;
        return c;
    }
    switch (c) {
    case 0x3000: case 0x00A0: case 0x2028: case 0x2029: case 0x0085: case 0x3164: case 0xFFFD:
        return ' ';
    case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF: case 0x00AD:
        return 0;
    case 0xFF61: case 0xFE12: case 0xFE52: return 0x3002;   /* 。 */
    case 0xFE50: case 0xFE10: return ',';
    case 0xFE51: case 0xFF64: case 0xFE11: return 0x3001;   /* 、 */
    case 0xFE54: return ';';
    case 0xFE55: return ':';
    case 0xFE56: return '?';
    case 0xFE57: return '!';
    case 0x22EF: case 0x2025: return 0x2026;                /* … */
    case 0x201C: case 0x201D: case 0x201E: case 0x300C: case 0x300D: case 0x300E:
    case 0x300F: case 0x301D: case 0x301E: case 0xFE41: case 0xFE42: case 0xFE43: case 0xFE44:
        return '"';
    case 0x2018: case 0x2019: case 0x201A: return '\'';
    case 0x3008: case 0x300A: return 0x300A;                /* 《 */
    case 0x3009: case 0x300B: return 0x300B;                /* 》 */
    case 0x2014: case 0x2015: case 0x2013: case 0x2012: case 0x2500: return '-';
    case 0x301C: case 0x223C: return '~';
    case 0x59B3: return 0x4F60;                             /* 妳 -> 你 */
    default:
        break;
    }
    if (c >= 0x2000 && c <= 0x200A)
        return ' ';
    if (c >= 0x80 && c < 0xA0)
        return ' ';
    if (c < 0x10000 && nm && nm->t2s && nm->t2s[c])
        return nm->t2s[c];
    return c;
}

size_t cp_norm_text(const cp_norm *nm, const char *s, size_t len, uint32_t *out, uint32_t *orig,
                    size_t cap, size_t *total)
{
    size_t i = 0, n = 0, ci = 0;
    while (i < len) {
        uint32_t c;
        i += cp_utf8_decode(s + i, len - i, &c);
        uint32_t m = cp_norm_char(nm, c);
        if (m == ' ' && (n == 0 || out[n - 1] == ' '))
            m = 0;
        if (m && n < cap) {
            out[n] = m;
            orig[n] = (uint32_t)ci;
            n++;
        }
        ci++;
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    if (total)
        *total = ci;
    return n;
}

size_t cp_norm_term(const cp_norm *nm, const char *s, uint32_t *out, size_t cap)
{
    size_t len = strlen(s), i = 0, n = 0;
    while (i < len) {
        uint32_t c;
        i += cp_utf8_decode(s + i, len - i, &c);
        uint32_t m = cp_norm_char(nm, c);
        if (!m || m == ' ')
            continue;
        if (n >= cap)
            return 0;
        out[n++] = m;
    }
    return n;
}
