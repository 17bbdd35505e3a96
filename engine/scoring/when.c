/* when.c - time expressions in a reply, understood rather than listed: 「本月25号前」「25日之前」
 * 「这个月25号以前」 are one deadline (day 25 of this month); 「月底前」「本月底」「这个月月底」
 * are the month's end; 「15个工作日内」「十五个工作日之内」 a period of 15 working days; 「两周内」
 * two weeks; 「下周五前」 a weekday; 「今天」「明天下班前」 a day. A different date is a different
 * deadline. Numbers may be digits or Chinese numerals (二十五, 两, 三十). Works on normalised
 * code points (Simplified, half-width). Must not allocate. */
#include "scorer_int.h"

#include <string.h>

#define U(c) ((uint32_t)(c))

/* Reads a number at t[i..n): digits or Chinese numerals up to 999; returns chars used, 0 none. */
static size_t read_num(const uint32_t *t, size_t i, size_t n, int *out)
{
    size_t k = i;
    int v = 0;
    if (k < n && t[k] >= '0' && t[k] <= '9') {
        while (k < n && t[k] >= '0' && t[k] <= '9' && v < 100000)
            v = v * 10 + (int)(t[k++] - '0');
        *out = v;
        return k - i;
    }
    static const uint32_t DIG[] = { 0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
                                    0x4E03, 0x516B, 0x4E5D };   /* 零一二三四五六七八九 */
    int cur = -1, total = 0;
    bool any = false;
    for (; k < n; k++) {
        uint32_t c = t[k];
        int d = -1;
        for (int j = 0; j < 10; j++)
            if (DIG[j] == c)
                d = j;
        if (c == 0x4E24)   /* 两 */
            d = 2;
        if (d >= 0) {
            cur = d;
            any = true;
            continue;
        }
        if (c == 0x5341) {   /* 十 */
            total += (cur < 0 ? 1 : cur) * 10;
            cur = -1;
            any = true;
            continue;
        }
        if (c == 0x767E) {   /* 百 */
            total += (cur < 0 ? 1 : cur) * 100;
            cur = -1;
            any = true;
            continue;
        }
        break;
    }
    if (!any)
        return 0;
    *out = total + (cur > 0 ? cur : 0);
    return k - i;
}

static bool at(const uint32_t *t, size_t i, size_t n, const uint32_t *w, size_t wl)
{
    if (i + wl > n)
        return false;
    for (size_t k = 0; k < wl; k++)
        if (t[i + k] != w[k])
            return false;
    return true;
}

#define AT(i, ...) at(t, (i), n, (const uint32_t[]){ __VA_ARGS__ }, \
                      sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

/* Skips a "this month" marker (本月 这个月 这月 当月) before i, returning the month offset seen:
 * 0 this month, 1 next (下个月 下月), -2 none. */
static int month_marker(const uint32_t *t, size_t s, size_t n, size_t *len)
{
    *len = 0;
    if (AT(s, 0x672C, 0x6708)) { *len = 2; return 0; }            /* 本月 */
    if (AT(s, 0x8FD9, 0x4E2A, 0x6708)) { *len = 3; return 0; }    /* 这个月 */
    if (AT(s, 0x8FD9, 0x6708)) { *len = 2; return 0; }            /* 这月 */
    if (AT(s, 0x5F53, 0x6708)) { *len = 2; return 0; }            /* 当月 */
    if (AT(s, 0x4E0B, 0x4E2A, 0x6708)) { *len = 3; return 1; }    /* 下个月 */
    if (AT(s, 0x4E0B, 0x6708)) { *len = 2; return 1; }            /* 下月 */
    return -2;
}

/* A "by" suffix after a time: 前 之前 以前 以内 之内 内 为止 截止; returns its length. */
static size_t by_suffix(const uint32_t *t, size_t i, size_t n)
{
    if (AT(i, 0x4E4B, 0x524D) || AT(i, 0x4EE5, 0x524D) || AT(i, 0x4EE5, 0x5185) ||
        AT(i, 0x4E4B, 0x5185) || AT(i, 0x4E3A, 0x6B62))
        return 2;
    if (AT(i, 0x524D) || AT(i, 0x5185))
        return 1;
    return 0;
}

size_t sc_when_scan(const uint32_t *t, size_t n, sc_when *out, size_t cap)
{
    size_t no = 0;
    size_t i = 0;
    while (i < n && no < cap) {
        size_t ml;
        int mo = month_marker(t, i, n, &ml);
        size_t j = i + (mo >= -1 ? ml : 0);
        if (mo < -1)
            mo = 0;   /* a bare 25号 means this month */
        /* month end: [本月]月底 / 月末 / 底 after a month marker */
        if (AT(j, 0x6708, 0x5E95) || AT(j, 0x6708, 0x672B) || (ml && (AT(j, 0x5E95) || AT(j, 0x672B)))) {
            size_t e = j + (AT(j, 0x6708) ? 2 : 1);
            e += by_suffix(t, e, n);
            out[no++] = (sc_when){ (uint16_t)i, (uint16_t)e, SC_WHEN_MONTH_END, (int16_t)mo, 0 };
            i = e;
            continue;
        }
        /* day of month: [本月]25号 / 25日 (not 25日内: that is a period) */
        int v;
        size_t k = read_num(t, j, n, &v);
        if (k && j + k < n && (t[j + k] == 0x53F7 || t[j + k] == 0x65E5) && v >= 1 && v <= 31 &&
            !(j + k + 1 < n && (t[j + k + 1] == 0x5185 || AT(j + k + 1, 0x4E4B, 0x5185) ||
                                AT(j + k + 1, 0x4EE5, 0x5185)))) {
            /* "25号窗口" is a window, not a date */
            if (!(j + k + 1 < n && (t[j + k + 1] == 0x7A97 || t[j + k + 1] == 0x697C))) {
                size_t e = j + k + 1;
                e += by_suffix(t, e, n);
                out[no++] = (sc_when){ (uint16_t)i, (uint16_t)e, SC_WHEN_DAY, (int16_t)mo, (int16_t)v };
                i = e;
                continue;
            }
        }
        /* a period: N个工作日 / N天 / N日 / N周 / N个星期 / N个月 + 内 */
        k = read_num(t, i, n, &v);
        if (k && v > 0 && v < 1000) {
            size_t e = i + k;
            bool ge = false;
            if (e < n && t[e] == 0x4E2A) {   /* 个 */
                e++;
                ge = true;
            }
            int unit = 0;
            if (AT(e, 0x5DE5, 0x4F5C, 0x65E5) || AT(e, 0x5DE5, 0x4F5C, 0x5929)) { unit = SC_UNIT_WORKDAY; e += 3; }
            else if (AT(e, 0x5DE5, 0x4F5C, 0x65E5)) { unit = SC_UNIT_WORKDAY; e += 3; }
            else if (!ge && (AT(e, 0x5929) || AT(e, 0x65E5))) { unit = SC_UNIT_DAY; e += 1; }
            else if (AT(e, 0x5468) || AT(e, 0x661F, 0x671F) || AT(e, 0x793C, 0x62DC)) {
                unit = SC_UNIT_WEEK; e += AT(e, 0x5468) ? 1 : 2; }
            else if (ge && AT(e, 0x6708)) { unit = SC_UNIT_MONTH; e += 1; }
            size_t b = unit ? by_suffix(t, e, n) : 0;
            if (unit && b) {
                /* 两周 = 14 days is not 15 working days: units are kept apart */
                out[no++] = (sc_when){ (uint16_t)i, (uint16_t)(e + b), SC_WHEN_WITHIN, (int16_t)unit, (int16_t)v };
                i = e + b;
                continue;
            }
        }
        /* weekday: [这|本|下]周N / 星期N / 礼拜N */
        {
            size_t s = i;
            int wk = 0;
            if (AT(s, 0x4E0B)) { wk = 1; s++; }                        /* 下 */
            else if (AT(s, 0x8FD9) || AT(s, 0x672C)) { s++; }          /* 这 本 */
            size_t u = AT(s, 0x5468) ? 1 : (AT(s, 0x661F, 0x671F) || AT(s, 0x793C, 0x62DC)) ? 2 : 0;
            if (u) {
                int d;
                size_t dk = read_num(t, s + u, n, &d);
                if (!dk && s + u < n && (t[s + u] == 0x65E5 || t[s + u] == 0x5929)) {
                    d = 7;
                    dk = 1;
                }
                if (dk && d >= 1 && d <= 7 && (s > i || u)) {
                    size_t e = s + u + dk;
                    e += by_suffix(t, e, n);
                    out[no++] = (sc_when){ (uint16_t)i, (uint16_t)e, SC_WHEN_WEEKDAY, (int16_t)wk, (int16_t)d };
                    i = e;
                    continue;
                }
            }
        }
        /* relative days */
        {
            int off = -1;
            size_t l = 0;
            if (AT(i, 0x4ECA, 0x5929) || AT(i, 0x5F53, 0x5929)) { off = 0; l = 2; }   /* 今天 当天 */
            else if (AT(i, 0x660E, 0x5929)) { off = 1; l = 2; }                        /* 明天 */
            else if (AT(i, 0x540E, 0x5929)) { off = 2; l = 2; }                        /* 后天 */
            if (off >= 0) {
                out[no++] = (sc_when){ (uint16_t)i, (uint16_t)(i + l), SC_WHEN_RELDAY, (int16_t)off, 0 };
                i += l;
                continue;
            }
        }
        /* year end */
        if (AT(i, 0x5E74, 0x5E95) || AT(i, 0x5E74, 0x672B)) {   /* 年底 年末 */
            size_t e = i + 2 + by_suffix(t, i + 2, n);
            out[no++] = (sc_when){ (uint16_t)i, (uint16_t)e, SC_WHEN_YEAR_END, 0, 0 };
            i = e;
            continue;
        }
        i++;
    }
    return no;
}

bool sc_when_same(const sc_when *a, const sc_when *b)
{
    return a->kind == b->kind && a->a == b->a && a->b == b->b;
}

size_t sc_when_text(const cp_norm *nm, const char *s, sc_when *out, size_t cap)
{
    uint32_t buf[256], oi[256];
    size_t total;
    size_t n = cp_norm_text(nm, s, strlen(s), buf, oi, 256, &total);
    return sc_when_scan(buf, n, out, cap);
}
