/* sdl_png.c - the PNG writer for screenshots: RGB 8-bit, filter None on every row, deflated by
 * zlib, chunk CRC-32s from zlib. (Measured on a feedback screen: None + level 6 gives 136 kB,
 * the min-sum adaptive filter 174 kB - flat UI colours deflate well unfiltered - and unfiltered
 * rows keep tests/window/pngcheck.py's pure-Python decoder fast.)
 * The file is written whole under a hidden temporary name next to it and renamed into place,
 * so a PNG that can be seen is complete (tests wait for a step's screenshot before acting).
 * Must not: read images or depend on SDL_image. */
#include "sdl_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static void be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

/* Writes one chunk: length, type, data, CRC of type+data. */
static bool chunk(FILE *f, const char *type, const uint8_t *data, size_t len)
{
    uint8_t h[8];
    be32(h, (uint32_t)len);
    memcpy(h + 4, type, 4);
    uLong c = crc32(0L, (const Bytef *)type, 4);
    if (len)
        c = crc32(c, data, (uInt)len);
    uint8_t t[4];
    be32(t, (uint32_t)c);
    return fwrite(h, 1, 8, f) == 8 && (len == 0 || fwrite(data, 1, len, f) == len) &&
           fwrite(t, 1, 4, f) == 4;
}

int wp_write_png(const char *path, const uint8_t *rgb, int w, int h, int stride)
{
    size_t row = (size_t)w * 3, raw = (row + 1) * (size_t)h;
    uLong zcap = compressBound((uLong)raw);
    uint8_t *scan = malloc(raw ? raw : 1), *z = malloc(zcap);
    if (!scan || !z) {
        free(scan);
        free(z);
        errno = ENOMEM;
        return -1;
    }
    for (int y = 0; y < h; y++) {
        scan[(size_t)y * (row + 1)] = 0;
        memcpy(scan + (size_t)y * (row + 1) + 1, rgb + (size_t)y * stride, row);
    }
    uLongf zlen = zcap;
    /* level 6: a 1280x800 screen in 120-180 kB (3 MB stored); level 9 saves little */
    int zr = compress2(z, &zlen, scan, (uLong)raw, 6);
    free(scan);
    if (zr != Z_OK) {
        free(z);
        errno = ENOMEM;
        return -1;
    }
    /* DIR/.NAME.tmp: same directory (rename stays atomic), hidden from `ls` and *.png */
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 6);
    if (!tmp) {
        free(z);
        errno = ENOMEM;
        return -1;
    }
    const char *base = strrchr(path, '/');
    size_t dlen = base ? (size_t)(base - path) + 1 : 0;
    memcpy(tmp, path, dlen);
    tmp[dlen] = '.';
    memcpy(tmp + dlen + 1, path + dlen, plen - dlen);
    memcpy(tmp + plen + 1, ".tmp", 5);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        int e = errno;
        free(tmp);
        free(z);
        errno = e;
        return -1;
    }
    static const uint8_t sig[8] = { 137, 'P', 'N', 'G', 13, 10, 26, 10 };
    uint8_t ihdr[13];
    be32(ihdr, (uint32_t)w);
    be32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8;   /* bit depth */
    ihdr[9] = 2;   /* RGB */
    ihdr[10] = ihdr[11] = ihdr[12] = 0;
    bool ok = fwrite(sig, 1, 8, f) == 8 && chunk(f, "IHDR", ihdr, 13) && chunk(f, "IDAT", z, zlen) &&
              chunk(f, "IEND", NULL, 0);
    free(z);
    if (fclose(f) != 0)
        ok = false;
    if (ok && rename(tmp, path) != 0)
        ok = false;
    if (!ok) {
        int e = errno;
        remove(tmp);
        errno = e;
    }
    free(tmp);
    return ok ? 0 : -1;
}
