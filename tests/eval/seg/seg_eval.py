#!/usr/bin/python3
"""Word-segmentation bake-off for the Counterpart scorer (stdlib + jieba only).

Compares friso (libfriso, through the small C driver friso_seg.c, compiled
into /tmp) and jieba (python3-jieba) against the hand-segmented gold set:

  gold.txt            200 clerk replies from ../dev.jsonl, one per line,
                      words separated by single spaces (hand-segmented,
                      conventions in README.md)
  gold_ids.txt        the dev.jsonl id of each gold line (same order)
  domain_lexicon.txt  social-security terms, one per line (optional freq)

Metrics (on the text with whitespace removed):
  word P/R/F1      a predicted word is correct iff both its ends match a
                   gold word (SIGHAN scoring); punctuation-only tokens are
                   left out on both sides (friso and jieba split "……" and
                   "——" differently, which says nothing about words).
  boundary P/R/F1  cut points between two characters, counting only cut
                   points not next to punctuation or to an original space
                   (those are forced, every segmenter gets them right).

Usage:  /usr/bin/python3 tests/eval/seg/seg_eval.py [--show N] [--no-friso]
        (jieba is the Debian python3-jieba package, installed for /usr/bin/python3)
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DEV = os.path.join(HERE, "..", "dev.jsonl")
GOLD = os.path.join(HERE, "gold.txt")
GOLD_IDS = os.path.join(HERE, "gold_ids.txt")
LEXICON = os.path.join(HERE, "domain_lexicon.txt")
FRISO_C = os.path.join(HERE, "friso_seg.c")
DAG_C = os.path.join(HERE, "dag_seg.c")
FRISO_INI = "/etc/friso/friso.ini"
WORK = os.path.join(tempfile.gettempdir(), "counterpart_seg_eval")

# Trap sentences: (label, sentence, check) where check(tokens) -> bool.
TRAPS = [
    ("申请 kept whole", "我已经提交了申请，请您耐心等待。",
     lambda t: "申请" in t),
    ("请 its own word (not 请您/请到/请向)", "请您稍等，请到窗口领表，或请向人社部门咨询。",
     lambda t: t.count("请") == 3),
    ("人社部门 or 人社|部门, never 人社部|门", "这个问题请向人社部门咨询，人社部门会答复。",
     lambda t: "人社部" not in t and "门" not in t),
    ("list 第一/第二 -> 第二", "第一，户口簿原件；第二，人事档案；第三，社保卡。",
     lambda t: "第二" in t),
    ("list 第二条路 -> 第二|条", "我给您说两条路：第一条是补缴，第二条是申请分期缴纳。",
     lambda t: "第二" in t and "第一" in t),
    ("article 第二条 -> 第二(|)条, not 条规", "根据《社会保险法》第二条规定办理。",
     lambda t: ("第二条" in t or "第二" in t) and "条规" not in t),
    ("article 第八十六条", "按《社会保险法》第八十六条，每天加收万分之五滞纳金。",
     lambda t: "第八十六条" in t or "第八十六" in t),
    ("我慢慢说 -> 我|慢慢|说", "别急，我慢慢说给您听。",
     lambda t: "慢慢" in t and "我" in t),
    ("您慢慢说 -> 您|慢慢|说", "您慢慢说，我在听。",
     lambda t: "慢慢" in t and "您" in t),
    ("你自己拿主意 -> 你|自己|…", "这事你自己拿主意吧。",
     lambda t: "自己" in t and "你" in t),
    ("调出来 -> 调|出来 (or whole)", "我把您的档案调出来看看。",
     lambda t: "调出来" in t or ("调" in t and "出来" in t)),
    ("缓缴 whole", "您这种情况可以申请缓缴，缓缴期间不收滞纳金。",
     lambda t: t.count("缓缴") == 2),
    ("申领 whole", "退休待遇申领要带社保卡，到银行网点申领。",
     lambda t: t.count("申领") == 2),
    ("一次性告知 (whole or 一次性|告知)", "我们有一次性告知的义务。",
     lambda t: "一次性告知" in t or ("一次性" in t and "告知" in t)),
    ("typo 以经办了: no 经办", "社保卡您以经办了吧？",
     lambda t: "经办" not in t),
    ("导个税记录 -> 个税 whole", "我帮您现场导个税记录。",
     lambda t: "个税" in t),
    ("本月25日前提交 -> 25日|前|提交", "请于本月25日前提交。",
     lambda t: "前" in t and "提交" in t),
]


def load_gold():
    ids = [l.strip() for l in open(GOLD_IDS, encoding="utf-8") if l.strip()]
    gold = [l.rstrip("\n").split(" ") for l in open(GOLD, encoding="utf-8")]
    rows = {}
    for line in open(DEV, encoding="utf-8"):
        r = json.loads(line)
        rows[r["id"]] = r["text"]
    texts = [rows[i] for i in ids]
    assert len(texts) == len(gold), (len(texts), len(gold))
    for i, (t, g) in enumerate(zip(texts, gold)):
        if re.sub(r"\s", "", t) != "".join(g):
            sys.exit("gold line %d (%s) does not match the dev text" % (i + 1, ids[i]))
    return ids, texts, gold


def is_punct(tok):
    return all(unicodedata.category(c)[0] in "PS" for c in tok)


def spans(tokens, text):
    """Character spans of tokens over text-without-whitespace."""
    s = re.sub(r"\s", "", text)
    out, pos = [], 0
    for tok in tokens:
        tok = re.sub(r"\s", "", tok)
        if not tok:
            continue
        if s[pos:pos + len(tok)] != tok:
            raise ValueError("token %r does not align at %d in %r" % (tok, pos, s))
        out.append((pos, pos + len(tok), is_punct(tok)))
        pos += len(tok)
    if pos != len(s):
        raise ValueError("tokens cover %d of %d chars in %r" % (pos, len(s), s))
    return out


def trivial_cuts(text):
    """Cut points forced by punctuation or by whitespace in the original text."""
    s, forced, pos = [], set(), 0
    for ch in text:
        if ch.isspace():
            forced.add(pos)
            continue
        s.append(ch)
        pos += 1
    for k in range(1, len(s)):
        if is_punct(s[k - 1]) or is_punct(s[k]):
            forced.add(k)
    return forced, len(s)


def prf(tp, np_, ng):
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(texts, gold, pred):
    wt = wp = wg = bt = bp = bg = 0
    for text, g, p in zip(texts, gold, pred):
        gs, ps = spans(g, text), spans(p, text)
        gw = {(a, b) for a, b, punct in gs if not punct}
        pw = {(a, b) for a, b, punct in ps if not punct}
        wt += len(gw & pw); wp += len(pw); wg += len(gw)
        forced, n = trivial_cuts(text)
        gb = {b for _, b, _ in gs if 0 < b < n and b not in forced}
        pb = {b for _, b, _ in ps if 0 < b < n and b not in forced}
        bt += len(gb & pb); bp += len(pb); bg += len(gb)
    return prf(wt, wp, wg), prf(bt, bp, bg)


# ---------------------------------------------------------------- C drivers
def build(src, name, lib):
    os.makedirs(WORK, exist_ok=True)
    exe = os.path.join(WORK, name)
    if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
        cc = os.environ.get("CC", "cc")
        subprocess.run([cc, "-O2", "-Wall", "-o", exe, src, lib], check=True)
    return exe


def run_c(args):
    def run(sentences):
        inp = "".join(s.replace("\n", " ") + "\n" for s in sentences)
        r = subprocess.run(args, input=inp, capture_output=True, text=True, check=True)
        lines = r.stdout.split("\n")[:len(sentences)]
        return [l.split(" ") if l else [] for l in lines], r.stderr.strip()
    return run


def dag_segmenter(exe, lexicon=None):
    jieba_dict = os.path.join(os.path.dirname(import_jieba().__file__), "dict.txt")
    return run_c([exe, "-d", jieba_dict] + (["-u", lexicon] if lexicon else []))


def friso_ini(max_len):
    if max_len is None:
        return FRISO_INI
    path = os.path.join(WORK, "friso_maxlen%d.ini" % max_len)
    with open(FRISO_INI, encoding="utf-8") as f, open(path, "w", encoding="utf-8") as o:
        for line in f:
            if line.startswith("friso.max_len"):
                line = "friso.max_len = %d\n" % max_len
            o.write(line)
    return path


def friso_segmenter(exe, max_len=None, lexicon=None):
    args = [exe, "-i", friso_ini(max_len)]
    if lexicon:
        args += ["-d", lexicon]
    return run_c(args)


# ---------------------------------------------------------------- jieba
def rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def import_jieba():
    try:
        import jieba
    except ImportError:  # e.g. a pyenv python3 first on PATH: use Debian's copy
        sys.path.append("/usr/lib/python3/dist-packages")
        import jieba
    return jieba


def jieba_tokenizer(lexicon=None, cold=False):
    jieba = import_jieba()
    jieba.setLogLevel(60)
    tk = jieba.Tokenizer()
    if cold:  # force a build from dict.txt instead of the pickled cache
        tk.cache_file = os.path.join(WORK, "jieba.cold.%d.cache" % os.getpid())
    else:
        tk.cache_file = os.path.join(WORK, "jieba.cache")
    r0, t0 = rss_kb(), time.perf_counter()
    tk.initialize()
    t1 = time.perf_counter()
    if lexicon:
        tk.load_userdict(lexicon)
    t2 = time.perf_counter()
    stats = {"init_ms": (t1 - t0) * 1e3, "userdict_ms": (t2 - t1) * 1e3,
             "rss_delta_kb": rss_kb() - r0, "entries": len(tk.FREQ)}
    if cold and os.path.exists(tk.cache_file):
        os.remove(tk.cache_file)
    return tk, stats


def jieba_segmenter(tk, hmm):
    def run(sentences):
        return [list(tk.cut(s, HMM=hmm)) for s in sentences], ""
    return run


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", type=int, default=0, help="print N worst lines per system")
    ap.add_argument("--no-friso", action="store_true", help="skip friso (no libfriso-dev)")
    ap.add_argument("--traps-only", action="store_true")
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    ids, texts, gold = load_gold()

    systems = []  # (key, label, segment-function)
    notes = []
    have_cc = shutil.which(os.environ.get("CC", "cc")) is not None
    if not args.no_friso and have_cc:
        exe = build(FRISO_C, "friso_seg", "-lfriso")
        systems.append(("a", "friso complex, default lexicon (max_len 5)", friso_segmenter(exe)))
        systems.append(("a2", "friso complex, default lexicon, max_len 12", friso_segmenter(exe, 12)))
        systems.append(("b", "friso complex + domain lexicon, max_len 12",
                        friso_segmenter(exe, 12, LEXICON)))
    tk, st = jieba_tokenizer()
    notes.append("jieba default dict (cached init): %.0f ms, +%d KB RSS, %d entries" %
                 (st["init_ms"], st["rss_delta_kb"], st["entries"]))
    tkd, std = jieba_tokenizer(LEXICON)
    notes.append("jieba + domain lexicon: load_userdict %.1f ms" % std["userdict_ms"])
    systems.append(("c", "jieba, default dict, HMM on", jieba_segmenter(tk, True)))
    systems.append(("d", "jieba, default dict, HMM off", jieba_segmenter(tk, False)))
    systems.append(("e", "jieba + domain lexicon, HMM on", jieba_segmenter(tkd, True)))
    systems.append(("f", "jieba + domain lexicon, HMM off", jieba_segmenter(tkd, False)))
    if have_cc:
        dexe = build(DAG_C, "dag_seg", "-lm")
        systems.append(("g", "dag_seg.c (C, jieba dict, no HMM)", dag_segmenter(dexe)))
        systems.append(("h", "dag_seg.c + domain lexicon", dag_segmenter(dexe, LEXICON)))
    same_as = {"g": "d", "h": "f"}   # C prototype must equal jieba with HMM off
    outputs = {}

    trap_sents = [s for _, s, _ in TRAPS]
    if not args.traps_only:
        print("Gold: %d replies, %d words (%d non-punctuation)\n" % (
            len(gold), sum(map(len, gold)),
            sum(1 for g in gold for w in g if not is_punct(w))))
        print("| | system | word P | word R | word F1 | bound. P | bound. R | bound. F1 |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
    trap_out = {}
    for key, label, seg in systems:
        trap_out[key] = seg(trap_sents)[0]
        if args.traps_only:
            continue
        pred, err = seg(texts)
        outputs[key] = [[w for w in p if w.strip()] for p in pred]
        if key in same_as and same_as[key] in outputs:
            ref = outputs[same_as[key]]
            agree = sum(a == b for a, b in zip(outputs[key], ref))
            notes.append("%s vs %s (jieba, HMM off): identical on %d/%d replies" % (
                key, same_as[key], agree, len(ref)))
        if err:
            notes.append(err.replace("\n", "; "))
        (wp, wr, wf), (bp, br, bf) = score(texts, gold, pred)
        print("| %s | %s | %.3f | %.3f | **%.3f** | %.3f | %.3f | %.3f |" % (
            key, label, wp, wr, wf, bp, br, bf))
        if args.show:
            worst = []
            for i, (t, g, p) in enumerate(zip(texts, gold, pred)):
                (_, _, f), _ = score([t], [g], [p])
                worst.append((f, i))
            for f, i in sorted(worst)[:args.show]:
                print("   %s F1=%.2f\n     gold: %s\n     pred: %s" % (
                    ids[i], f, " ".join(gold[i]), " ".join(w for w in pred[i] if w.strip())))

    print("\nTraps (tokens shown with |; PASS/FAIL is the check in the label):\n")
    keys = [k for k, _, _ in systems]
    print("| trap | " + " | ".join(keys) + " |")
    print("|---|" + "---|" * len(keys))
    for n, (label, sent, check) in enumerate(TRAPS):
        cells = []
        for k in keys:
            toks = [w for w in trap_out[k][n] if w.strip()]
            cells.append(("ok" if check(toks) else "**FAIL**"))
        print("| %s | %s |" % (label, " | ".join(cells)))
    print()
    for n, (label, sent, _) in enumerate(TRAPS):
        print("%s" % label)
        for k in keys:
            toks = [w for w in trap_out[k][n] if w.strip()]
            print("   %-2s %s" % (k, "|".join(toks)))
    print("\nLoad cost:")
    _, cold = jieba_tokenizer(cold=True)
    notes.append("jieba default dict (cold, no cache): %.0f ms, +%d KB RSS" %
                 (cold["init_ms"], cold["rss_delta_kb"]))
    for n in notes:
        print("  " + n)


if __name__ == "__main__":
    main()
