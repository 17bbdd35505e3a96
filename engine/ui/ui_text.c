/* ui_text.c - the UI model's text pieces: the line breaker (Chinese and Latin rules, widths
 * from a caller's measure callback), whole-word highlight spans, and the UTF-8 edit buffer with
 * caret and IME composition.
 * Must not: know about fonts, pixels beyond the widths it is given, or SDL. */
#include "cp_ui.h"
#include "cp_utf8.h"

#include <stdlib.h>
#include <string.h>

/* ---- Line breaking ---------------------------------------------------------------------- */

/* Characters that may not start a line (closing punctuation and the like). */
static bool is_close(uint32_t c)
{
    static const uint32_t set[] = {
        ',', '.', ';', ':', '?', '!', ')', ']', '}', '%', '\'', '"',
        0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09, 0xFF3D, 0xFF5D,
        0x300D, 0x300F, 0x300B, 0x3009, 0x3011, 0x3015, 0x3017, 0x3019, 0x301B, 0x201D, 0x2019,
        0x2026, 0x2014, 0x00B7, 0x30FB, 0x3005, 0x309D, 0x309E, 0x30FC, 0xFF05, 0x2030, 0x2103,
        0xFF5E,
    };
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        if (set[i] == c)
            return true;
    return false;
}

/* Characters that may not end a line (opening punctuation). */
static bool is_open(uint32_t c)
{
    static const uint32_t set[] = {
        '(', '[', '{', 0xFF08, 0xFF3B, 0xFF5B, 0x300C, 0x300E, 0x300A, 0x3008, 0x3010, 0x3014,
        0x3016, 0x3018, 0x301A, 0x201C, 0x2018, 0xFFE5, 0x00A5, '$',
    };
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        if (set[i] == c)
            return true;
    return false;
}

/* Wide (East Asian) characters: each one is a break unit of its own. */
static bool is_wide(uint32_t c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD) ||
           c == 0x2014 || c == 0x2026 || c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019;
}

static bool is_space(uint32_t c) { return c == ' ' || c == '\t' || c == 0x3000; }

bool cp_ui_can_break(uint32_t a, uint32_t b)
{
    if (is_space(b) || is_close(b) || is_open(a))
        return false;
    if (is_space(a))
        return true;
    return is_wide(a) || is_wide(b);
}

static void lines_push(cp_ui_lines *out, size_t start, size_t end, int width)
{
    if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 16;
        out->v = cp_xrealloc(out->v, out->cap * sizeof *out->v);
    }
    out->v[out->n++] = (cp_ui_line){ start, end, width };
}

void cp_ui_lines_free(cp_ui_lines *out)
{
    free(out->v);
    memset(out, 0, sizeof *out);
}

int cp_ui_measure_str(const char *text, size_t len, cp_ui_measure_fn measure, void *ud)
{
    int w = 0;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        i += cp_utf8_decode(text + i, len - i, &c);
        if (c != '\n')
            w += measure(ud, c);
    }
    return w;
}

/* Width of text[a..b) without trailing spaces. */
static int trimmed_width(const char *text, size_t a, size_t b, cp_ui_measure_fn m, void *ud,
                         size_t *trim_end)
{
    size_t e = b;
    while (e > a) {
        size_t p = cp_utf8_prev(text, e);
        uint32_t c;
        cp_utf8_decode(text + p, e - p, &c);
        if (!is_space(c))
            break;
        e = p;
    }
    *trim_end = e;
    return cp_ui_measure_str(text + a, e - a, m, ud);
}

/* Whether byte offset i lies strictly inside one of the keep ranges. */
static bool kept(const size_t *keep, size_t nkeep, size_t i)
{
    for (size_t k = 0; k < nkeep; k++)
        if (keep[2 * k] < i && i < keep[2 * k + 1])
            return true;
    return false;
}

void cp_ui_break(const char *text, size_t len, int width, cp_ui_measure_fn measure, void *ud,
                 cp_ui_lines *out)
{
    cp_ui_break_keep(text, len, width, measure, ud, NULL, 0, out);
}

void cp_ui_break_keep(const char *text, size_t len, int width, cp_ui_measure_fn measure, void *ud,
                      const size_t *keep, size_t nkeep, cp_ui_lines *out)
{
    out->n = 0;
    if (width < 1)
        width = 1;
    size_t start = 0;     /* current line start */
    size_t brk = 0;       /* last break opportunity (byte offset), 0 = none since start */
    int w = 0;            /* width of [start, i) */
    uint32_t prev = 0;
    bool have_prev = false;
    size_t i = 0;
    while (i < len) {
        uint32_t c;
        size_t n = cp_utf8_decode(text + i, len - i, &c);
        if (c == '\n') {
            size_t te;
            int tw = trimmed_width(text, start, i, measure, ud, &te);
            lines_push(out, start, te, tw);
            i += n;
            start = i;
            brk = 0;
            w = 0;
            have_prev = false;
            continue;
        }
        if (have_prev && cp_ui_can_break(prev, c) && !kept(keep, nkeep, i))
            brk = i;
        int cw = measure(ud, c);
        if (w + cw > width && i > start && !is_space(c)) {
            size_t cut = brk > start ? brk : i;
            size_t te;
            int tw = trimmed_width(text, start, cut, measure, ud, &te);
            lines_push(out, start, te, tw);
            start = cut;
            /* spaces at the start of the new line were hung on the old one */
            while (start < len) {
                uint32_t sc;
                size_t sn = cp_utf8_decode(text + start, len - start, &sc);
                if (!is_space(sc))
                    break;
                start += sn;
            }
            brk = 0;
            if (start > i) { /* skipped past the current char: it was a space */
                i = start;
                w = 0;
                have_prev = false;
                continue;
            }
            w = cp_ui_measure_str(text + start, i - start, measure, ud);
        }
        w += cw;
        prev = c;
        have_prev = true;
        i += n;
    }
    size_t te;
    int tw = trimmed_width(text, start, len, measure, ud, &te);
    if (te > start || out->n == 0 || start == len)
        lines_push(out, start, te, tw);
}

/* ---- Whole-word spans ------------------------------------------------------------------- */

static bool is_digit(uint32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }

/* Measure words and units that belong to the number before them (3号, 15年, 2个). */
static bool is_counter(uint32_t c)
{
    static const char set[] = "号月日年元岁天个次趟点分秒周层楼栋万千百亿倍项份张件位名人块角条%％";
    for (size_t i = 0; set[i];) {
        uint32_t x;
        i += cp_utf8_decode(set + i, strlen(set + i), &x);
        if (x == c)
            return true;
    }
    return false;
}

/* Spaces and punctuation: what a highlight never starts or ends on (brackets aside). */
static bool is_punct(uint32_t c)
{
    if (is_space(c) || c == '\n' || is_open(c) || is_close(c))
        return true;
    if (c < 0x80)
        return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    return (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F && c != 0x3007) ||
           (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
           (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

/* The closing partner of an opening bracket or quotation mark, 0 when c opens nothing. */
static uint32_t closer_of(uint32_t c)
{
    static const uint32_t pairs[][2] = {
        { '(', ')' }, { '[', ']' }, { 0xFF08, 0xFF09 }, { 0x3010, 0x3011 }, { 0x300A, 0x300B },
        { 0x3008, 0x3009 }, { 0x300C, 0x300D }, { 0x300E, 0x300F }, { 0x201C, 0x201D },
        { 0x2018, 0x2019 }, { 0x3014, 0x3015 }, { 0xFF3B, 0xFF3D },
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (pairs[i][0] == c)
            return pairs[i][1];
    return 0;
}

static uint32_t opener_of(uint32_t c)
{
    static const uint32_t opens[] = { '(', '[', 0xFF08, 0x3010, 0x300A, 0x3008, 0x300C, 0x300E,
                                      0x201C, 0x2018, 0x3014, 0xFF3B };
    for (size_t i = 0; i < sizeof opens / sizeof opens[0]; i++)
        if (closer_of(opens[i]) == c)
            return opens[i];
    return 0;
}

/* Index of the partner of the bracket at i (searching within the line), or -1. */
static long partner(const uint32_t *t, size_t n, size_t i)
{
    uint32_t c = t[i], o = closer_of(c), x = opener_of(c);
    int depth = 0;
    if (o) {
        for (size_t j = i + 1; j < n && t[j] != '\n'; j++) {
            if (t[j] == c && c != o)
                depth++;
            else if (t[j] == o && depth-- == 0)
                return (long)j;
        }
    } else if (x) {
        for (size_t j = i; j-- > 0 && t[j] != '\n';) {
            if (t[j] == c && c != x)
                depth++;
            else if (t[j] == x && depth-- == 0)
                return (long)j;
        }
    }
    return -1;
}

bool cp_ui_snap_span(const char *text, size_t len, const uint32_t *ws, const uint32_t *we,
                     size_t nw, uint32_t *start, uint32_t *end)
{
    size_t n = cp_utf8_count(text, len);
    if (*start >= *end || *start >= n)
        return false;
    uint32_t *t = cp_xmalloc((n ? n : 1) * sizeof *t);
    for (size_t i = 0, k = 0; i < len && k < n; k++)
        i += cp_utf8_decode(text + i, len - i, &t[k]);
    size_t a = *start, b = *end < n ? *end : n;
    for (int round = 0; round < 4; round++) {
        size_t a0 = a, b0 = b;
        /* every word the span touches, whole */
        for (size_t i = 0; i < nw; i++)
            if (ws[i] < b && we[i] > a && we[i] <= n) {
                if (ws[i] < a)
                    a = ws[i];
                if (we[i] > b)
                    b = we[i];
            }
        /* a number stays with the words on either side of it: 3号窗口, 第15年 */
        if (a > 0 && is_digit(t[a - 1]) && !is_digit(t[a]))
            while (a > 0 && is_digit(t[a - 1]))
                a--;
        if (b < n && is_digit(t[b - 1]) && is_counter(t[b])) {
            size_t e = b + 1;
            for (size_t i = 0; i < nw; i++)
                if (ws[i] == b && we[i] <= n)
                    e = we[i];
            b = e;
        }
        if (b < n && is_digit(t[b]) && is_digit(t[b - 1]))
            while (b < n && is_digit(t[b]))
                b++;
        /* brackets and quotation marks come in pairs */
        for (size_t i = a; i < b; i++) {
            long p = (closer_of(t[i]) || opener_of(t[i])) ? partner(t, n, i) : -1;
            if (p < 0)
                continue;
            if ((size_t)p >= b)
                b = (size_t)p + 1;
            if ((size_t)p < a)
                a = (size_t)p;
        }
        /* exactly a pair's content (社会保险法 in 《社会保险法》): the pair too */
        if (a > 0 && b < n && closer_of(t[a - 1]) && partner(t, n, a - 1) == (long)b) {
            a--;
            b++;
        }
        if (a == a0 && b == b0)
            break;
    }
    /* no spaces or punctuation at the ends, except a pair's own marks */
    while (a < b && is_punct(t[a]) && !(closer_of(t[a]) && partner(t, n, a) >= (long)a && partner(t, n, a) < (long)b))
        a++;
    while (b > a && is_punct(t[b - 1]) && !(opener_of(t[b - 1]) && partner(t, n, b - 1) >= (long)a))
        b--;
    free(t);
    if (a >= b)
        return false;
    *start = (uint32_t)a;
    *end = (uint32_t)b;
    return true;
}

/* ---- The edit buffer -------------------------------------------------------------------- */

#define EDIT_DEFAULT_MAX 4000

static void edit_init(cp_ui_edit *e)
{
    if (!e->text) {
        e->cap = 64;
        e->text = cp_xmalloc(e->cap);
        e->text[0] = 0;
        e->len = 0;
        e->caret = 0;
    }
    if (!e->compose)
        e->compose = cp_xstrdup("");
}

bool cp_ui_edit_insert(cp_ui_edit *e, const char *s, size_t len)
{
    edit_init(e);
    e->compose[0] = 0;
    e->compose_caret = 0;
    size_t max = e->max_bytes ? e->max_bytes : EDIT_DEFAULT_MAX;
    bool all = true;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        size_t n = cp_utf8_decode(s + i, len - i, &c);
        i += n;
        if (c == '\r') {
            c = '\n';
            if (i < len && s[i] == '\n')
                i++;
        }
        if (c == '\t')
            c = ' ';
        if ((c < 0x20 && c != '\n') || c == 0x7F)
            continue;
        char buf[4];
        size_t bn = cp_utf8_encode(c, buf);
        if (e->len + bn > max) {
            all = false;
            break;
        }
        if (e->len + bn + 1 > e->cap) {
            while (e->len + bn + 1 > e->cap)
                e->cap *= 2;
            e->text = cp_xrealloc(e->text, e->cap);
        }
        memmove(e->text + e->caret + bn, e->text + e->caret, e->len - e->caret + 1);
        memcpy(e->text + e->caret, buf, bn);
        e->len += bn;
        e->caret += bn;
    }
    return all;
}

void cp_ui_edit_compose(cp_ui_edit *e, const char *s, int cursor)
{
    edit_init(e);
    free(e->compose);
    if (!s)
        s = "";
    size_t n = 0;
    e->compose = cp_utf8_sanitize(s, strlen(s), &n);
    size_t ncp = cp_utf8_count(e->compose, n);
    if (cursor < 0 || (size_t)cursor > ncp)
        cursor = (int)ncp;
    e->compose_caret = cp_utf8_offset(e->compose, n, (size_t)cursor);
}

bool cp_ui_edit_backspace(cp_ui_edit *e)
{
    edit_init(e);
    if (e->caret == 0)
        return false;
    size_t p = cp_utf8_prev(e->text, e->caret);
    memmove(e->text + p, e->text + e->caret, e->len - e->caret + 1);
    e->len -= e->caret - p;
    e->caret = p;
    return true;
}

bool cp_ui_edit_delete(cp_ui_edit *e)
{
    edit_init(e);
    if (e->caret >= e->len)
        return false;
    size_t q = cp_utf8_next(e->text, e->len, e->caret);
    memmove(e->text + e->caret, e->text + q, e->len - q + 1);
    e->len -= q - e->caret;
    return true;
}

bool cp_ui_edit_left(cp_ui_edit *e)
{
    edit_init(e);
    if (e->caret == 0)
        return false;
    e->caret = cp_utf8_prev(e->text, e->caret);
    return true;
}

bool cp_ui_edit_right(cp_ui_edit *e)
{
    edit_init(e);
    if (e->caret >= e->len)
        return false;
    e->caret = cp_utf8_next(e->text, e->len, e->caret);
    return true;
}

static size_t line_start(const cp_ui_edit *e, size_t pos)
{
    while (pos > 0 && e->text[pos - 1] != '\n')
        pos--;
    return pos;
}

static size_t line_end(const cp_ui_edit *e, size_t pos)
{
    while (pos < e->len && e->text[pos] != '\n')
        pos++;
    return pos;
}

bool cp_ui_edit_home(cp_ui_edit *e)
{
    edit_init(e);
    size_t p = line_start(e, e->caret);
    bool moved = p != e->caret;
    e->caret = p;
    return moved;
}

bool cp_ui_edit_end(cp_ui_edit *e)
{
    edit_init(e);
    size_t p = line_end(e, e->caret);
    bool moved = p != e->caret;
    e->caret = p;
    return moved;
}

/* Moves to column col (code points) of the line starting at ls, or its end. */
static size_t column_in(const cp_ui_edit *e, size_t ls, size_t col)
{
    size_t le = line_end(e, ls);
    size_t p = ls;
    while (col > 0 && p < le) {
        p = cp_utf8_next(e->text, e->len, p);
        col--;
    }
    return p;
}

bool cp_ui_edit_up(cp_ui_edit *e)
{
    edit_init(e);
    size_t ls = line_start(e, e->caret);
    if (ls == 0)
        return false;
    size_t col = cp_utf8_count(e->text + ls, e->caret - ls);
    size_t pls = line_start(e, ls - 1);
    e->caret = column_in(e, pls, col);
    return true;
}

bool cp_ui_edit_down(cp_ui_edit *e)
{
    edit_init(e);
    size_t le = line_end(e, e->caret);
    if (le >= e->len)
        return false;
    size_t ls = line_start(e, e->caret);
    size_t col = cp_utf8_count(e->text + ls, e->caret - ls);
    e->caret = column_in(e, le + 1, col);
    return true;
}

void cp_ui_edit_clear(cp_ui_edit *e)
{
    edit_init(e);
    e->text[0] = 0;
    e->len = 0;
    e->caret = 0;
    e->compose[0] = 0;
    e->compose_caret = 0;
}

char *cp_ui_edit_display(const cp_ui_edit *e, size_t *caret, size_t *cstart, size_t *cend)
{
    const char *t = e->text ? e->text : "";
    size_t len = e->text ? e->len : 0, at = e->text ? e->caret : 0;
    const char *c = e->compose ? e->compose : "";
    size_t cl = strlen(c);
    char *out = cp_xmalloc(len + cl + 1);
    memcpy(out, t, at);
    memcpy(out + at, c, cl);
    memcpy(out + at + cl, t + at, len - at);
    out[len + cl] = 0;
    if (caret)
        *caret = at + (cl ? e->compose_caret : 0);
    if (cstart)
        *cstart = at;
    if (cend)
        *cend = at + cl;
    return out;
}

bool cp_ui_edit_has_text(const cp_ui_edit *e)
{
    if (!e->text)
        return false;
    for (size_t i = 0; i < e->len;) {
        uint32_t c;
        i += cp_utf8_decode(e->text + i, e->len - i, &c);
        if (!is_space(c) && c != '\n')
            return true;
    }
    return false;
}

void cp_ui_edit_free(cp_ui_edit *e)
{
    free(e->text);
    free(e->compose);
    memset(e, 0, sizeof *e);
}
