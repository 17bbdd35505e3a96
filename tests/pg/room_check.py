#!/usr/bin/env python3
"""room_check.py - reads the room view (F12) from the text the window drew beside its screenshots
(COUNTERPART_SHOT_TEXT: "V|P font x y w h<TAB>text" per string, V = shown whole).

  room_check.py row SHOTS_DIR NAME NEXT_NAME PATTERN...
      exit 0 when the latest class-room screenshot shows every PATTERN (a regular expression,
      spaces ignored) in NAME's row: the text shown whole from NAME up to NEXT_NAME ("" = to the
      end); else 1, printing that row's text.
  room_check.py count SHOTS_DIR KIND     the number of screenshots of KIND ("class-room")
  room_check.py text SHOTS_DIR KIND      the latest KIND screenshot's whole text (no spaces)
  room_check.py cut SHOTS_DIR KIND W H   strings of every KIND screenshot cut or past the W x H
                                         window (exit 1 and list them), frames of another size
"""
import os
import re
import sys


def shots(d, kind):
    if not os.path.isdir(d):
        return []
    names = sorted(n for n in os.listdir(d) if n.endswith("-%s.txt" % kind))
    # a screenshot's text is complete once its PNG is there (the text is written first)
    return [os.path.join(d, n) for n in names if os.path.exists(os.path.join(d, n[:-4] + ".png"))]


def load(path):
    size, lines = None, []
    for ln in open(path, encoding="utf-8"):
        ln = ln.rstrip("\n")
        if ln.startswith("# "):
            size = [float(x) for x in ln[2:].split()]
            continue
        head, text = ln.split("\t", 1)
        vis, f, x, y, w, h = head.split()
        lines.append((vis == "V", int(x), int(y), int(w), int(h), text))
    return size, lines


def whole(lines):
    return "".join("".join(t.split()) for v, x, y, w, h, t in lines if v)


cmd = sys.argv[1]
if cmd == "count":
    print(len(shots(sys.argv[2], sys.argv[3])))
    sys.exit(0)
if cmd == "text":
    s = shots(sys.argv[2], sys.argv[3])
    print(whole(load(s[-1])[1]) if s else "")
    sys.exit(0)
if cmd == "cut":
    kind, W, H = sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    bad = []
    for p in shots(sys.argv[2], kind):
        size, lines = load(p)
        if size and (int(size[0]), int(size[1])) != (W, H):
            bad.append("%s: frame %dx%d" % (os.path.basename(p), size[0], size[1]))
        for v, x, y, w, h, t in lines:
            # cut (by a clip or an edge) while partly in sight; what scrolls wholly away is
            # not drawn at all
            if not v and y + h > 0 and y < H:
                bad.append("%s: cut %r" % (os.path.basename(p), t))
            elif x + w > W + 1:
                bad.append("%s: past the edge %r" % (os.path.basename(p), t))
    print("\n".join(bad[:10]))
    sys.exit(1 if bad else 0)
if cmd == "row":
    d, name, nxt = sys.argv[2], sys.argv[3], sys.argv[4]
    s = shots(d, "class-room")
    if not s:
        print("no room screenshot yet")
        sys.exit(1)
    t = whole(load(s[-1])[1])
    i = t.find(name)
    if i < 0:
        print("%s not shown: %s" % (name, t[:300]))
        sys.exit(1)
    j = t.find(nxt, i + len(name)) if nxt else -1
    row = t[i:j] if j >= 0 else t[i:]
    miss = [p for p in sys.argv[5:] if not re.search("".join(p.split()), row)]
    if miss:
        print("%s: missing %s in %r" % (os.path.basename(s[-1]), miss, row))
        sys.exit(1)
    sys.exit(0)
print(__doc__)
sys.exit(2)
