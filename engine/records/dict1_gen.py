#!/usr/bin/env python3
"""dict1_gen.py - how engine/records/dict1.h was made (once; run from the repository root).

The preset dictionary of the records' compact JSON ("z1:", engine/records/pack.c): strings that
recur in the stored scorer output (cp_result_json) and session snapshots (cp_session_snapshot_json)
- the JSON keys and their usual values, every criterion's id and name (rubrics and the seed
scenarios' checks), the notes a criterion gives (what is missing, what went wrong, its model
phrase). Deflate reaches back 32 KB, and nearer strings cost fewer bits: the commonest strings
come last. Nothing from a trainee (no replies, no evidence text) is in it.

dict1.h is FROZEN once released: a stored row decodes only with the very bytes it was packed
with. Re-running this script after the rubrics change gives different bytes - never replace
dict1.h with them; add dict2 (a new prefix "z2:") instead. tests/unit/test_pack.c checks its hash.

Usage: python3 engine/records/dict1_gen.py > engine/records/dict1.h
"""
import glob
import re
import sys

LIMIT = 32768


def strings(block, key):
    m = re.search(r'\b' + key + r'\s*=\s*"((?:[^"\\]|\\.)*)"', block)
    return m.group(1) if m else None


def criteria():
    """(id, name, missing, violated, model, conduct) of the rubrics' criteria and the scenarios'
    checks, in file order."""
    out = []
    for f in sorted(glob.glob("scenarios/rubrics/[1-9]*.lua")):
        text = open(f, encoding="utf-8").read()
        for m in re.finditer(r'criterion\s*\{(.*?)\n    \}', text, re.S):
            b = m.group(1)
            kind = strings(b, "kind") or ""
            out.append((strings(b, "id"), strings(b, "name"), strings(b, "missing"),
                        strings(b, "violated"), strings(b, "model"),
                        kind in ("avoid", "both", "privacy", "plain")))
    seen = set(c[0] for c in out)
    for f in sorted(glob.glob("scenarios/*.lua")):
        text = open(f, encoding="utf-8").read()
        for m in re.finditer(r'\{\s*id\s*=\s*"([a-z_]+\.[a-z_]+)",\s*name\s*=\s*"([^"]*)"(.*?)\n\s*\},?\n',
                             text, re.S):
            if m.group(1) in seen:
                continue
            seen.add(m.group(1))
            b = m.group(3)
            out.append((m.group(1), m.group(2), strings(b, "missing"), None, strings(b, "model"),
                        False))
    return out


def vocabulary(budget):
    """Chinese words and phrases (2 to 6 characters) found in at least three of the seed
    scenarios, most bytes-times-scenarios first, none inside one already taken: what citizens'
    lines (in every snapshot) are made of. Measured on scenarios left out of it, it still saves
    about 15% of a snapshot."""
    cnt = {}
    for f in sorted(glob.glob("scenarios/*.lua")):
        seen = set()
        for lit in re.findall(r'"((?:[^"\\\n]|\\.)*)"', open(f, encoding="utf-8").read()):
            for run in re.findall(r'[\u4e00-\u9fff，。！？、：；“”]+', lit):
                for n in range(2, 7):
                    for i in range(len(run) - n + 1):
                        seen.add(run[i:i + n])
        for w in seen:
            cnt[w] = cnt.get(w, 0) + 1
    ranked = sorted(cnt.items(), key=lambda kv: (-kv[1] * len(kv[0]), kv[0]))
    chosen, size = [], 0
    for w, c in ranked:
        if c < 3:
            break
        if any(w in x for x in chosen):
            continue
        b = len(w.encode("utf-8"))
        if size + b > budget:
            break
        chosen.append(w)
        size += b
    return "".join(reversed(chosen))


def main():
    crit = criteria()
    parts = [vocabulary(22000)]   # least common first
    # scenario and ending ids (snapshot headers)
    for f in sorted(glob.glob("scenarios/*.lua")):
        sid = f.split("/")[-1][:-4]
        parts.append('"scenario":"%s","scenario_hash":"' % sid)
    # notes: what was missing (with the model phrase), what went wrong
    for cid, name, missing, violated, model, conduct in reversed(crit):
        if missing:
            parts.append('"note":"%s示范：「%s」"}' % (missing, model or ""))
        if violated:
            parts.append('"note":"%s：「' % violated)
    parts.append('"note":"没有作答。"}')
    parts.append('"note":"还不够完整、具体。')
    # the snapshot's skeleton
    parts.append('"ending":{"id":"ok","outcome":"resolved","rating":5,"citizen":"')
    parts.append('"ending":{"id":"partial","outcome":"partial","rating":3,"citizen":"')
    parts.append('{"format":"counterpart-session","version":1,"scenario":"')
    parts.append('","turns":[],"turns_done":1,"ending":null,"current":{"node":"')
    parts.append('","citizen":"')
    parts.append('","anger":50,"trust":50,"visits":{"opening":1,"story":1},"flags":["listened"]}}')
    # each criterion's head, unmet then met (the common shapes)
    for cid, name, missing, violated, model, conduct in reversed(crit):
        c = ',"conduct":true' if conduct else ''
        parts.append('{"id":"%s","name":"%s","met":false,"score":0,"max":1%s,"p":0.' % (cid, name, c))
        parts.append('{"id":"%s","name":"%s","met":true,"score":1,"max":1%s,"p":1.000,"evidence":['
                     % (cid, name, c))
    # evidence and the commonest tails
    parts.append('"evidence":[{"start":0,"end":1,"positive":false,"text":"')
    parts.append('"}],"note":""},')
    parts.append(',"evidence":[{"start":0,"end":1,"positive":true,"text":"您"},{"start":')
    parts.append(',"evidence":[],"note":""},')
    data = "".join(parts).encode("utf-8")
    if len(data) > LIMIT:
        data = data[-LIMIT:]
    w = sys.stdout.write
    w("/* dict1.h - the preset dictionary of the records' compact JSON, version 1 (\"z1:\").\n"
      " * Generated once by engine/records/dict1_gen.py. FROZEN: never edit it, never regenerate\n"
      " * it in place (stored rows decode only with these very bytes) - add dict2 instead.\n"
      " * tests/unit/test_pack.c checks its hash. */\n")
    w("#ifndef CP_RECORDS_DICT1_H\n#define CP_RECORDS_DICT1_H\n\n")
    w("static const unsigned char REC_DICT1[%d] = {\n" % len(data))
    for i in range(0, len(data), 16):
        w("    " + ", ".join("0x%02x" % b for b in data[i:i + 16]) + ",\n")
    w("};\n\n#endif\n")


if __name__ == "__main__":
    main()
