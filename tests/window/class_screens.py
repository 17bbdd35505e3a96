#!/usr/bin/env python3
"""class_screens.py - checks one scripted classroom run (test_class_screens.sh) through the text
the window drew beside each screenshot (COUNTERPART_SHOT_TEXT: every string drawn, where, and
whether it shows whole 'V' or cut 'P'), not through pixels.

  class_screens.py SHOTS_DIR EXPECT_JSON W H  -> one "PASS name" / "FAIL name: why" line per check

EXPECT_JSON: {"opening": {"citizen": str, "choices": [str]}, "crit": {"opening": [names],
"story": [names]}, "members": [names], "trainer": str, "group": str, "nodes": [ids]}
"""
import json
import os
import sys

shots, exp = sys.argv[1], json.load(open(sys.argv[2]))
want_w, want_h = int(sys.argv[3]), int(sys.argv[4])
fails = 0


def check(name, ok, why=""):
    global fails
    print(("PASS %s" % name) if ok else ("FAIL %s: %s" % (name, why)))
    if not ok:
        fails += 1


def load(path):
    lines, size = [], None
    for ln in open(path, encoding="utf-8"):
        ln = ln.rstrip("\n")
        if ln.startswith("# "):
            size = [float(x) for x in ln[2:].split()]
            continue
        head, text = ln.split("\t", 1)
        vis, f, x, y, w, h = head.split()
        lines.append({"v": vis == "V", "f": int(f), "x": int(x), "y": int(y), "w": int(w),
                      "h": int(h), "t": text})
    return size, lines


def squash(s):
    return "".join(s.split())


def whole(lines):
    """The text shown whole, in drawing order, without spaces (lines of a paragraph join up)."""
    return "".join(squash(l["t"]) for l in lines if l["v"])


names = sorted(n for n in os.listdir(shots) if n.endswith(".txt"))
seq = [(n.split("-", 1)[1][:-4], load(os.path.join(shots, n))) for n in names]
check("screens_saved_with_text", len(seq) > 10, "%d text files" % len(seq))

# every frame at the real output size (fullscreen: the display's)
sizes = {(int(s[0]), int(s[1])) for _, (s, _) in seq}
check("frames_at_output_size", sizes == {(want_w, want_h)}, "sizes %s" % sizes)
# nothing drawn past the window's right or bottom edge (cut without a clip)
over = [(k, l["t"]) for k, (s, ls) in seq for l in ls if l["x"] + l["w"] > want_w + 1 and
        not l["v"]]
check("no_text_past_the_window_edge", not over, str(over[:3]))


def runs(kind):
    """Consecutive runs of screenshots of one kind: [[lines, lines...], ...]."""
    out, cur, prev = [], None, None
    for k, (s, ls) in seq:
        if k == kind:
            if prev != kind:
                cur = []
                out.append(cur)
            cur.append(ls)
        prev = k
    return out


# ---- the dialogue: header, the whole citizen line, every choice whole ----
dia = [ls for k, (s, ls) in seq if k == "dialogue"]
first = dia[0] if dia else []
w0 = whole(first)
hdr = [l for l in first if l["y"] < 10 + first[0]["h"]] if first else []
head = "".join(squash(l["t"]) for l in hdr)
check("header_names_mode_class_trainer",
      all(x in head for x in ("课堂模式", exp["group"], exp["trainer"])), head)
check("dialogue_whole_citizen_line", squash(exp["opening"]["citizen"]) in w0,
      "not whole in %r" % w0[:300])
missing = [c for c in exp["opening"]["choices"] if squash(c) not in w0]
check("dialogue_every_choice_whole", not missing, "cut or missing: %s" % missing)
cut = [l["t"] for l in first if not l["v"]]
check("dialogue_nothing_cut", not cut, str(cut[:4]))
# at every turn, while the reply box is empty (its placeholder shows): nothing cut with "…"
# (the scenario's own text has no lone "…"); a long reply being typed may take the choices'
# room, and then they keep one line each
ell = [l["t"] for k, (sz, ls) in seq if k in ("dialogue", "typing") and
       any(x["t"].startswith("输入你的回答") for x in ls) for l in ls
       if l["t"].rstrip().endswith("…") and not l["t"].rstrip().endswith("……")]
check("dialogue_no_line_cut_at_any_turn", not ell, str(ell[:3]))
# the feedback in the classroom: every reason whole (what does not fit scrolls)
fbc = [l["t"] for k, (sz, ls) in seq if k == "feedback" for l in ls
       if l["t"].rstrip().endswith("…") and not l["t"].rstrip().endswith("……")]
check("feedback_reasons_whole", not fbc and any(k == "feedback" for k, _ in seq), str(fbc[:3]))

# ---- F5: every criterion in focus, with its definition, over the scrolled pages ----
dis = runs("class-discuss")
story_line = ""
check("discuss_shown_twice", len(dis) >= 2, "%d discuss views" % len(dis))
for node, pages in zip(["opening", "story"], dis):
    seen = "".join(whole(p) for p in pages)
    want = exp["crit"][node]
    lost = [n for n in want if squash(n) not in seen]
    check("discuss_%s_every_criterion" % node, not lost, "missing %s of %s" % (lost, want))
    check("discuss_%s_counts_them" % node, ("（%d项）" % len(want)) in seen, seen[:200])
    check("discuss_%s_nothing_left_out" % node, "略" not in seen, "略 shown")
    # the card's citizen line is the dialogue's: whole, in large type
    big = ""
    for l in pages[0]:
        if l["f"] == 2 and l["v"]:
            if l["t"].startswith("本轮评分重点"):
                break
            big += squash(l["t"])
    check("discuss_%s_citizen_line_whole" % node, len(big) > 10, big)
    if node == "story":
        story_line = big
# the later dialogue shows the story line whole too
later = [whole(ls) for ls in dia[1:]]
check("dialogue_story_line_whole", bool(story_line) and any(story_line in t for t in later),
      "story line %r not whole in a later dialogue" % story_line)

# ---- F6: headed by the turn, never a node id; the highlighted criterion is the overridden one ----
cases = [ls for k, (s, ls) in seq if k == "class-cases"]
check("cases_shown", len(cases) >= 3, "%d" % len(cases))
alltext = "".join(squash(l["t"]) for ls in cases for l in ls)
ids = [n for n in exp["nodes"] if n in alltext]
check("cases_no_internal_id", "节点" not in alltext and not ids, "ids %s" % ids)
check("cases_headed_by_turn", "第2轮" in alltext, alltext[:120])
ov = [ls for k, (s, ls) in seq if k == "class-override"]
check("override_shown", len(ov) == 1, "%d" % len(ov))
if ov:
    o = ov[0]
    cut = [l["t"] for l in o if not l["v"] and l["y"] >= 0]
    t = whole(o)
    check("override_fits", not cut and "确认改判Enter" in t and "取消Esc" in t and "理由（必填）" in t,
          "cut %s" % cut[:4])
    title = [squash(l["t"]) for l in o if l["t"].startswith("改判 · ")]
    crit = title[0][len("改判·"):] if title else ""
    idx = [i for i, (k, _) in enumerate(seq) if k == "class-override"][0]
    before = seq[idx - 1][1][1]
    bands = [b for b in before if b["t"].startswith("▼")]
    shown = [l for l in before if squash(l["t"]) == crit and l["v"] and not any(
        b["y"] < l["y"] + l["h"] * 4 // 5 and b["y"] + b["h"] > l["y"] + l["h"] // 5 and
        b["x"] < l["x"] + l["w"] and b["x"] + b["w"] > l["x"] for b in bands)]
    check("override_acts_on_the_criterion_shown", bool(crit) and bool(shown),
          "%r not shown whole (uncovered) before Enter" % crit)

# ---- F7: every member counted; nothing to summarise says so ----
co = runs("class-cohort")
views = [p[-1] for p in co]
texts = [whole(v) for v in views]
empty = [t for t in texts if "还没有人作答" in t]
check("cohort_empty_says_so", bool(empty) and ("共%d名学员" % len(exp["members"])) in empty[0],
      texts[:1])
if empty:
    e = empty[0]
    check("cohort_empty_claims_nothing", "全部达" not in e and "无：" not in e and
          "最薄弱的评分项" not in e.split("。")[-1] and "%" not in e, e)
    check("cohort_empty_lists_every_member", all(m in e for m in exp["members"]), e)
after = [t for t in texts if "人有作答" in t]
check("cohort_counts_every_member", bool(after) and
      ("%d名学员（1人有作答）" % len(exp["members"])) in after[-1], after[-1:] or texts)
if after:
    a = after[-1]
    left = [m for m in exp["members"][1:] if m not in a]
    check("cohort_lists_the_others_as_not_answered", "未作答%d人" % (len(exp["members"]) - 1) in a
          and not left, a)

# ---- F12: the room - every member's row, whole; the class's own session shows ----
rm = [ls for k, (s, ls) in seq if k == "class-room"]
check("room_shown", len(rm) >= 1, "%d" % len(rm))
if rm:
    t = whole(rm[0])
    check("room_every_member", all(m in t for m in exp["members"]), t[:300])
    check("room_summary", ("%s共%d人" % (exp["group"], len(exp["members"]))) in t, t[:200])
    # the class's session (the first member's) is on its turn, with its latest result
    check("room_class_session_row", "课堂" in t and "轮作答中" in t and "达成" in t, t[:400])
    cut = [l["t"] for ls in rm for l in ls if not l["v"] and l["y"] + l["h"] > 0 and l["y"] < want_h]
    check("room_nothing_cut", not cut, str(cut[:4]))
sys.exit(1 if fails else 0)
