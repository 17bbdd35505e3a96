#!/usr/bin/env python3
"""metrics.py - scorer agreement with human labels: per criterion accuracy, precision, recall and
Cohen's kappa, on each labelled set given (make eval: dev.jsonl and heldout.jsonl).

Each line of a set is a JSON object with the reply under "text" (or "reply"), optional "scenario"
and "node", and the human labels under "labels" (or "criteria"/"expected"): {criterion id: bool}
(0/1 and "met"/"missed" also accepted). The replies go through `counterpart grade --jsonl` in one
batch, exactly as a user would run it.

--show SET prints the disagreements of that set (for rubric authors). It refuses a held-out set:
the held-out part measures the scorer and must never be used to tune it.
"""
import argparse
import json
import math
import os
import subprocess
import sys

LABEL_KEYS = ("labels", "criteria", "expected", "gold")


def truthy(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return v != 0
    if isinstance(v, str):
        return v.strip().lower() in ("1", "true", "yes", "met", "y", "t")
    if isinstance(v, dict) and "met" in v:
        return truthy(v["met"])
    return None


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#") or line.startswith("//"):
                continue
            o = json.loads(line)
            text = o.get("text", o.get("reply"))
            labels = None
            for k in LABEL_KEYS:
                if isinstance(o.get(k), dict):
                    labels = o[k]
                    break
            if text is None or labels is None:
                print(f"{path}:{n}: skipped (no text or labels)", file=sys.stderr)
                continue
            gold = {}
            for cid, v in labels.items():
                t = truthy(v)
                if t is not None:
                    gold[cid] = t
            rows.append({"line": n, "id": o.get("id", n), "text": text, "scenario": o.get("scenario"),
                         "node": o.get("node"), "gold": gold})
    return rows


CONDUCT = {"empathy.no_blame", "empathy.courtesy", "compliance.no_promise", "compliance.privacy",
           "clarity.plain_language"}


def load_corpus(spec):
    """corpus:DIR:heldout|dev - replies/*.jsonl joined with labels/primary-*.jsonl by id; the
    held-out part is the writers listed in DIR/HELDOUT, dev the rest."""
    _, d, part = spec.split(":", 2)
    held = set()
    hp = os.path.join(d, "HELDOUT")
    if os.path.exists(hp):
        held = {l.split("#")[0].strip() for l in open(hp, encoding="utf-8") if l.split("#")[0].strip()}
    labels = {}
    ldir = os.path.join(d, "labels")
    for fn in sorted(os.listdir(ldir)) if os.path.isdir(ldir) else []:
        if fn.startswith("primary") and fn.endswith(".jsonl"):
            for line in open(os.path.join(ldir, fn), encoding="utf-8"):
                if line.strip():
                    o = json.loads(line)
                    labels.setdefault(o["id"], o["labels"])
    rows = []
    rdir = os.path.join(d, "replies")
    for fn in sorted(os.listdir(rdir)):
        if not fn.endswith(".jsonl"):
            continue
        if (fn[:-6] in held) != (part == "heldout"):
            continue
        for n, line in enumerate(open(os.path.join(rdir, fn), encoding="utf-8"), 1):
            if not line.strip():
                continue
            o = json.loads(line)
            lb = labels.get(o["id"])
            if not lb:
                continue
            gold = {k: v for k, v in lb.items() if isinstance(v, bool)}
            rows.append({"line": n, "id": o["id"], "text": o["text"], "scenario": o.get("scenario"),
                         "node": o.get("node"), "citizen": o.get("citizen"),
                         "history": o.get("history"), "gold": gold})
    return rows


def grade(binary, rows):
    inp = []
    for r in rows:
        q = {"text": r["text"]}
        if r["scenario"]:
            q["scenario"] = r["scenario"]
            if r["node"]:
                q["node"] = r["node"]
        if r.get("citizen"):
            q["citizen"] = r["citizen"]
        if r.get("history"):
            q["history"] = r["history"]
        inp.append(json.dumps(q, ensure_ascii=False))
    env = dict(os.environ)
    p = subprocess.run([binary, "grade", "--jsonl"], input="\n".join(inp) + "\n", capture_output=True,
                       text=True, env=env)
    if p.returncode != 0:
        sys.exit(f"grade --jsonl failed ({p.returncode}): {p.stderr}")
    outs = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    if len(outs) != len(rows):
        sys.exit(f"grade --jsonl gave {len(outs)} lines for {len(rows)} replies")
    return outs


def kappa(tp, fp, fn, tn):
    n = tp + fp + fn + tn
    if n == 0:
        return float("nan")
    po = (tp + tn) / n
    pe = ((tp + fp) / n) * ((tp + fn) / n) + ((fn + tn) / n) * ((fp + tn) / n)
    if pe >= 1.0:
        return 1.0 if po == 1.0 else float("nan")
    return (po - pe) / (1 - pe)


def fmt(x):
    return "  —  " if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:5.3f}"


def evaluate(name, rows, outs, show):
    stats = {}
    order = []
    errors = 0
    bad = []
    for r, o in zip(rows, outs):
        if "error" in o:
            errors += 1
            bad.append((r, None, o["error"]))
            continue
        pred = {c["id"]: c for c in o["criteria"]}
        for cid, g in r["gold"].items():
            if cid not in pred:
                # a conduct criterion is shown only when broken: absent means kept
                if cid in CONDUCT and o.get("model") is not None:
                    pred[cid] = {"met": True, "evidence": []}
                else:
                    continue
            if cid not in stats:
                stats[cid] = [0, 0, 0, 0]
                order.append(cid)
            p = pred[cid]["met"]
            s = stats[cid]
            if p and g: s[0] += 1
            elif p and not g: s[1] += 1
            elif not p and g: s[2] += 1
            else: s[3] += 1
            if p != g:
                bad.append((r, cid, f"scorer {'met' if p else 'missed'}, label {'met' if g else 'missed'}"
                            f" | evidence: {[e['text'] for e in pred[cid]['evidence']]}"))
    print(f"\n== {name}: {len(rows)} replies" + (f", {errors} not graded" if errors else ""))
    print(f"{'criterion':28s} {'n':>4s} {'acc':>6s} {'prec':>6s} {'rec':>6s} {'kappa':>6s}  pos  target")
    worst = []
    for cid in order:
        tp, fp, fn, tn = stats[cid]
        n = tp + fp + fn + tn
        acc = (tp + tn) / n if n else None
        prec = tp / (tp + fp) if tp + fp else None
        rec = tp / (tp + fn) if tp + fn else None
        k = kappa(tp, fp, fn, tn)
        ok = acc is not None and acc >= 0.92 and not math.isnan(k) and k >= 0.85
        print(f"{cid:28s} {n:4d} {fmt(acc):>6s} {fmt(prec):>6s} {fmt(rec):>6s} {fmt(k):>6s} {tp + fn:4d}  "
              f"{'ok' if ok else 'MISS'}")
        worst.append(cid)
    tot = [sum(stats[c][i] for c in order) for i in range(4)]
    n = sum(tot)
    if n:
        print(f"{'(all criteria)':28s} {n:4d} {fmt((tot[0] + tot[3]) / n):>6s} "
              f"{fmt(tot[0] / (tot[0] + tot[1]) if tot[0] + tot[1] else None):>6s} "
              f"{fmt(tot[0] / (tot[0] + tot[2]) if tot[0] + tot[2] else None):>6s} {fmt(kappa(*tot)):>6s}")
    if show:
        print(f"\n-- disagreements in {name} ({len(bad)})")
        for r, cid, why in bad:
            if show is True or show == cid or (cid and cid.startswith(show)):
                print(f"[{r['id']}] {cid}: {why}\n    {r['scenario']}/{r['node']}: {r['text']}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--bin", default="build/counterpart")
    ap.add_argument("--show", nargs="?", const=True, default=None,
                    help="print disagreements (optionally only for one criterion id or prefix); dev sets only")
    a = ap.parse_args()
    for path in a.sets:
        if path.startswith("corpus:"):
            held = path.endswith(":heldout")
            rows = load_corpus(path)
        elif not os.path.exists(path):
            print(f"\n== {path}: not there yet (skipped)")
            continue
        else:
            held = "heldout" in os.path.basename(path) or "held_out" in os.path.basename(path)
            rows = load(path)
        outs = grade(a.bin, rows)
        evaluate(path, rows, outs, a.show if not held else None)


if __name__ == "__main__":
    main()
