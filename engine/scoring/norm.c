/* norm.c - normalisation of reply text for the scorer (see norm.h).
 * Holds: the Traditional -> Simplified table (built once per scorer from OpenCC, not per reply),
 *        full-width / punctuation / case folding, and the map back to original code points.
 * Must not: allocate while normalising a reply (grading allocates nothing). */
#include "norm.h"
#include "cp_utf8.h"

#include <opencc/opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const OPENCC_DIRS[] = { "/usr/share/opencc", "/usr/local/share/opencc", NULL };

/* Code point ranges sent through OpenCC once to learn the character map. */
static const uint32_t RANGES[][2] = {
    { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xF900, 0xFAFF },
};

int cp_norm_init(cp_norm *nm, cp_error *err)
{
    nm->t2s = NULL;
    char path[512];
    const char *cfg = NULL;
    for (int i = 0; OPENCC_DIRS[i]; i++) {
        snprintf(path, sizeof path, "%s/t2s.json", OPENCC_DIRS[i]);
        if (access(path, R_OK) == 0) {
            cfg = path;
            break;
        }
    }
    if (!cfg)
        return cp_error_set(err, "", 0,
                            "OpenCC data not found (no t2s.json under /usr/share/opencc): "
                            "install the opencc data package (deps/debian.txt)");
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
