#!/usr/bin/env python3
"""A score-sheet document whose text holds every character a sheet can print: the scenarios'
and rubrics' text (scenarios/), the program's own strings (engine/, include/) and every
character a roster can bring (the roster import reads UTF-8 or GBK: all of GBK's characters,
private-use codes aside). The characters go into override reasons, 200 to a paragraph, on one
trainee's sheet of tests/fixtures/scoresheet_two.json.
Usage: glyph_doc.py OUT.json CHARS.txt  (CHARS.txt: the characters, one line)."""
import copy, glob, json, sys

chars = set()
for pat in ("scenarios/**/*.lua", "scenarios/**/*.txt", "engine/**/*.c", "include/*.h"):
    for f in glob.glob(pat, recursive=True):
        try:
            chars.update(c for c in open(f, encoding="utf-8").read() if ord(c) > 127)
        except UnicodeDecodeError:
            pass
for hi in range(0x81, 0xFF):
    for lo in list(range(0x40, 0x7F)) + list(range(0x80, 0xFF)):
        try:
            c = bytes([hi, lo]).decode("gbk")
        except UnicodeDecodeError:
            continue
        if len(c) == 1:
            chars.add(c)
# private use, format controls and line separators draw nothing by design
chars = sorted(c for c in chars if not (0xE000 <= ord(c) <= 0xF8FF) and ord(c) >= 0xA0
               and c not in "\u2028\u2029\ufeff" and not 0x200B <= ord(c) <= 0x200F)
d = json.load(open("tests/fixtures/scoresheet_two.json", encoding="utf-8"))
t = d["trainees"][0]
turn = t["sessions"][0]["turns"][0]
turns = []
for i in range(0, len(chars), 200):
    tt = copy.deepcopy(turn)
    tt["seq"] = len(turns) + 1
    c = tt["criteria"][0]
    c["met_auto"] = False
    c["override"] = {"met": True, "by": "王老师", "why": "".join(chars[i:i + 200]),
                     "at": "2026-11-17T01:40:00Z"}
    turns.append(tt)
t["sessions"][0]["turns"] = turns
t["summary"]["overrides"] = len(turns)
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
open(sys.argv[2], "w", encoding="utf-8").write("".join(chars) + "\n")
