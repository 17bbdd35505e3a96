#!/usr/bin/env python3
"""pngcheck.py - reads the window's screenshots (8-bit RGB/RGBA PNG, any filter) with only the
standard library and answers tolerant questions about them, for tests/window/test_window.sh.

  pngcheck.py size FILE                       -> "W H"
  pngcheck.py notblank FILE                   -> exit 0 when >= 3% of pixels differ from the
                                                 most common colour and some dark ink is present
  pngcheck.py count FILE RRGGBB TOL X0 Y0 X1 Y1
                                              -> number of pixels within TOL (per channel) of the
                                                 colour inside the box given as fractions 0..1
  pngcheck.py ink FILE X0 Y0 X1 Y1            -> number of dark (text) pixels in the box
  pngcheck.py runs FILE RRGGBB TOL X Y0 Y1 MIN -> the vertical runs (at least MIN pixels long)
                                                 of that colour in the column at fraction X,
                                                 between fractions Y0 and Y1: one "x y0 y1" line
                                                 each, in pixels, top first
"""
import struct
import sys
import zlib


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, w = 8, b"", None
    while pos < len(data):
        n, typ = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        crc = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0]
        if zlib.crc32(typ + body) & 0xFFFFFFFF != crc:
            raise ValueError("bad CRC in %s chunk" % typ.decode())
        if typ == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                raise ValueError("unsupported PNG type")
            bpp = 3 if ctype == 2 else 4
        elif typ == b"IDAT":
            idat += body
        elif typ == b"IEND":
            break
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in (range(stride) if ft else ()):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ft == 1:
                line[i] = (line[i] + a) & 255
            elif ft == 2:
                line[i] = (line[i] + b) & 255
            elif ft == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        rows.append(bytes(line) if bpp == 3 else bytes(
            v for k in range(w) for v in line[k * 4:k * 4 + 3]))
        prev = line
    return w, h, rows


def box(w, h, args):
    x0, y0, x1, y1 = (float(a) for a in args)
    return int(x0 * w), int(y0 * h), int(x1 * w), int(y1 * h)


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    w, h, rows = read_png(path)
    if cmd == "size":
        print(w, h)
        return 0
    if cmd == "notblank":
        hist = {}
        ink = 0
        for r in rows[::2]:
            for x in range(0, w * 3, 6):
                px = r[x:x + 3]
                hist[px] = hist.get(px, 0) + 1
                if sum(px) < 200:
                    ink += 1
        total = sum(hist.values())
        top = max(hist.values())
        other = (total - top) / total
        print("non-background %.1f%%, ink %d" % (other * 100, ink))
        return 0 if other >= 0.03 and ink > 50 else 1
    if cmd == "count":
        col = bytes.fromhex(sys.argv[3])
        tol = int(sys.argv[4])
        x0, y0, x1, y1 = box(w, h, sys.argv[5:9])
        n = 0
        for y in range(y0, y1):
            r = rows[y]
            for x in range(x0, x1):
                p = r[x * 3:x * 3 + 3]
                if abs(p[0] - col[0]) <= tol and abs(p[1] - col[1]) <= tol and abs(p[2] - col[2]) <= tol:
                    n += 1
        print(n)
        return 0
    if cmd == "ink":
        x0, y0, x1, y1 = box(w, h, sys.argv[3:7])
        n = 0
        for y in range(y0, y1):
            r = rows[y]
            for x in range(x0, x1):
                if r[x * 3] + r[x * 3 + 1] + r[x * 3 + 2] < 200:
                    n += 1
        print(n)
        return 0
    if cmd == "runs":
        col = bytes.fromhex(sys.argv[3])
        tol = int(sys.argv[4])
        x = int(float(sys.argv[5]) * w)
        y0, y1 = int(float(sys.argv[6]) * h), int(float(sys.argv[7]) * h)
        least = int(sys.argv[8])
        start = None
        for y in range(y0, y1 + 1):
            p = rows[y][x * 3:x * 3 + 3] if y < y1 else b"\x00\x00\x00\x00"
            on = len(p) == 3 and all(abs(p[i] - col[i]) <= tol for i in range(3))
            if on and start is None:
                start = y
            elif not on and start is not None:
                if y - start >= least:
                    print(x, start, y - 1)
                start = None
        return 0
    print("unknown command", cmd, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
