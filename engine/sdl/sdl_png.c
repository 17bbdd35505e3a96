/* sdl_png.c - a dependency-free PNG writer for screenshots: RGB 8-bit, filter 0, zlib stream
 * of stored (uncompressed) deflate blocks with its Adler-32, chunk CRC-32s.
 * Must not: read images or depend on zlib or SDL_image (files are larger, the build simpler). */
#include "sdl_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc_update(uint32_t c, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        c = crc_table[(c ^ b[i]) & 255] ^ (c >> 8);
    return c;
}

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
    uint32_t c = crc_update(0xFFFFFFFFu, (const uint8_t *)type, 4);
    c = crc_update(c, data, len) ^ 0xFFFFFFFFu;
    uint8_t t[4];
    be32(t, c);
    return fwrite(h, 1, 8, f) == 8 && (len == 0 || fwrite(data, 1, len, f) == len) &&
           fwrite(t, 1, 4, f) == 4;
}

int wp_write_png(const char *path, const uint8_t *rgb, int w, int h, int stride)
{
    if (!crc_table[1])
        crc_init();
    size_t row = (size_t)w * 3 + 1, raw = row * (size_t)h;
    size_t nblocks = (raw + 65534) / 65535;
    size_t zlen = 2 + raw + nblocks * 5 + 4;
    uint8_t *z = malloc(zlen);
    uint8_t *scan = malloc(raw);
    if (!z || !scan) {
        free(z);
        free(scan);
        errno = ENOMEM;
        return -1;
    }
    for (int y = 0; y < h; y++) {
        scan[(size_t)y * row] = 0;
        memcpy(scan + (size_t)y * row + 1, rgb + (size_t)y * stride, (size_t)w * 3);
    }
    size_t o = 0;
    z[o++] = 0x78;
    z[o++] = 0x01;
    uint32_t a = 1, b = 0;
    for (size_t done = 0; done < raw || raw == 0;) {
        size_t n = raw - done > 65535 ? 65535 : raw - done;
        z[o++] = done + n == raw ? 1 : 0;
        z[o++] = (uint8_t)n;
        z[o++] = (uint8_t)(n >> 8);
        z[o++] = (uint8_t)~n;
        z[o++] = (uint8_t)(~n >> 8);
        memcpy(z + o, scan + done, n);
        for (size_t i = 0; i < n; i++) {
            a = (a + scan[done + i]) % 65521;
            b = (b + a) % 65521;
        }
        o += n;
        done += n;
        if (raw == 0)
            break;
    }
    be32(z + o, (b << 16) | a);
    o += 4;
    free(scan);
    FILE *f = fopen(path, "wb");
    if (!f) {
        free(z);
        return -1;
    }
    static const uint8_t sig[8] = { 137, 'P', 'N', 'G', 13, 10, 26, 10 };
    uint8_t ihdr[13];
    be32(ihdr, (uint32_t)w);
    be32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8;   /* bit depth */
    ihdr[9] = 2;   /* RGB */
    ihdr[10] = ihdr[11] = ihdr[12] = 0;
    bool ok = fwrite(sig, 1, 8, f) == 8 && chunk(f, "IHDR", ihdr, 13) && chunk(f, "IDAT", z, o) &&
              chunk(f, "IEND", NULL, 0);
    free(z);
    if (fclose(f) != 0)
        ok = false;
    return ok ? 0 : -1;
}
