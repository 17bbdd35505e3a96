/* result_json.c - a graded result as JSON (the `grade --json` / runtime shape).
 * Holds: a tiny string builder and JSON string escaping; evidence text is cut from the reply
 *        by code-point offsets after the same U+FFFD sanitising the scorer applied.
 * Must not: depend on Lua or SDL. */
#include "cp_scorer.h"
#include "cp_utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sb { char *p; size_t n, cap; } sb;

static void sb_put(sb *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2 + 256;
        b->p = cp_xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}
static void sb_s(sb *b, const char *s) { sb_put(b, s, strlen(s)); }

/* JSON string of UTF-8 s[0..n) (already valid). */
static void sb_json_str(sb *b, const char *s, size_t n)
{
    sb_put(b, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        sb_put(b, s + run, i - run);
        char esc[8];
        switch (c) {
        case '"': sb_put(b, "\\\"", 2); break;
        case '\\': sb_put(b, "\\\\", 2); break;
        case '\n': sb_put(b, "\\n", 2); break;
        case '\t': sb_put(b, "\\t", 2); break;
        case '\r': sb_put(b, "\\r", 2); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04x", c);
            sb_put(b, esc, 6);
        }
        run = i + 1;
    }
    sb_put(b, s + run, n - run);
    sb_put(b, "\"", 1);
}

static void sb_uint(sb *b, uint32_t v)
{
    char tmp[16];
    size_t n = 0;
    do {
        tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    sb_put(b, tmp + sizeof tmp - n, n);
}

static void sb_num(sb *b, double v)
{
    if (v >= 0 && v <= 9 && v == (double)(int)v) {   /* the usual 0 / 1 */
        char d = (char)('0' + (int)v);
        sb_put(b, &d, 1);
        return;
    }
    char tmp[64];
    if (v == (double)(long long)v)
        snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    else
        snprintf(tmp, sizeof tmp, "%.4g", v);
    sb_s(b, tmp);
}

char *cp_result_json(const cp_result *r, const char *text, size_t len)
{
    sb b = { 0 };
    b.cap = 8192;
    b.p = cp_xmalloc(b.cap);
    b.p[0] = '\0';
    size_t clen = 0;
    if (!text)
        len = 0;
    /* evidence is cut from the text as the scorer saw it: bad bytes as U+FFFD */
    char *owned = cp_utf8_valid(text ? text : "", len) ? NULL : cp_utf8_sanitize(text, len, &clen);
    const char *clean = owned ? owned : (text ? text : "");
    if (!owned)
        clen = len;
    /* code point -> byte offset table, built lazily only when there is evidence */
    size_t ncp = 0;
    size_t *off = NULL;   /* code point -> byte offset, built on the first evidence */
    sb_s(&b, "[");
    for (size_t i = 0; r && i < r->n; i++) {
        const cp_crit_result *c = &r->crit[i];
        if (i)
            sb_s(&b, ",");
        sb_s(&b, "{\"id\":");
        sb_json_str(&b, c->id ? c->id : "", c->id ? strlen(c->id) : 0);
        sb_s(&b, ",\"name\":");
        sb_json_str(&b, c->name ? c->name : "", c->name ? strlen(c->name) : 0);
        sb_s(&b, c->met ? ",\"met\":true,\"score\":" : ",\"met\":false,\"score\":");
        sb_num(&b, c->score);
        sb_s(&b, ",\"max\":");
        sb_num(&b, c->max);
        if (c->conduct)
            sb_s(&b, ",\"conduct\":true");
        if (!c->focus)
            sb_s(&b, ",\"focus\":false");
        if (c->p >= 0) {
            char pb[32];
            snprintf(pb, sizeof pb, ",\"p\":%.3f", c->p);
            sb_s(&b, pb);
        }
        sb_s(&b, ",\"evidence\":[");
        for (size_t k = 0; k < c->nev; k++) {
            const cp_evidence *e = &c->ev[k];
            if (!off) {
                ncp = cp_utf8_count(clean, clen);
                off = cp_xmalloc((ncp + 1) * sizeof *off);
                size_t p = 0;
                for (size_t j = 0; j < ncp; j++) {
                    off[j] = p;
                    p = cp_utf8_next(clean, clen, p);
                }
                off[ncp] = clen;
            }
            uint32_t s = e->start < ncp ? e->start : (uint32_t)ncp;
            uint32_t en = e->end < ncp ? e->end : (uint32_t)ncp;
            if (en < s)
                en = s;
            sb_s(&b, k ? ",{\"start\":" : "{\"start\":");
            sb_uint(&b, s);
            sb_s(&b, ",\"end\":");
            sb_uint(&b, en);
            sb_s(&b, e->positive ? ",\"positive\":true,\"text\":" : ",\"positive\":false,\"text\":");
            sb_json_str(&b, clean + off[s], off[en] - off[s]);
            sb_s(&b, "}");
        }
        sb_s(&b, "],\"note\":");
        sb_json_str(&b, c->note, strnlen(c->note, CP_NOTE_MAX));
        sb_s(&b, "}");
    }
    sb_s(&b, "]");
    free(off);
    free(owned);
    return b.p;
}
