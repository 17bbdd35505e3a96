/* utf8.c - UTF-8 validation, decoding, code point offsets and sanitising.
 * Must not: allocate except in cp_utf8_sanitize; normalise text (the scorer does that). */
#include "cp_utf8.h"
#include "cp_common.h"

#include <string.h>

size_t cp_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2; v = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3; v = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4; v = c & 0x07; min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len < n) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (u[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return n;
}

bool cp_utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = cp_utf8_decode(s + i, len - i, &cp);
        if (cp == 0xFFFD && n == 1) /* a real U+FFFD is 3 bytes long */
            return false;
        i += n;
    }
    return true;
}

size_t cp_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t cp_utf8_count(const char *s, size_t len)
{
    size_t i = 0, n = 0;
    while (i < len) {
        uint32_t cp;
        i += cp_utf8_decode(s + i, len - i, &cp);
        n++;
    }
    return n;
}

size_t cp_utf8_offset(const char *s, size_t len, size_t cpi)
{
    size_t i = 0;
    while (i < len && cpi > 0) {
        uint32_t cp;
        i += cp_utf8_decode(s + i, len - i, &cp);
        cpi--;
    }
    return i;
}

size_t cp_utf8_prev(const char *s, size_t pos)
{
    if (pos == 0)
        return 0;
    size_t i = pos - 1;
    /* Step back over at most 3 continuation bytes. */
    for (int k = 0; k < 3 && i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80; k++)
        i--;
    return i;
}

size_t cp_utf8_next(const char *s, size_t len, size_t pos)
{
    if (pos >= len)
        return len;
    uint32_t cp;
    return pos + cp_utf8_decode(s + pos, len - pos, &cp);
}

char *cp_utf8_sanitize(const char *s, size_t len, size_t *outlen)
{
    char *out = cp_xmalloc(len * 3 + 1); /* each bad byte becomes 3 bytes at most */
    size_t i = 0, o = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = cp_utf8_decode(s + i, len - i, &cp);
        if (cp == 0xFFFD && n == 1) {
            o += cp_utf8_encode(0xFFFD, out + o);
        } else {
            memcpy(out + o, s + i, n);
            o += n;
        }
        i += n;
    }
    out[o] = '\0';
    if (outlen)
        *outlen = o;
    return out;
}
