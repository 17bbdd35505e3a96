#!/usr/bin/env python3
"""agreement.py DIR - agreement between the primary labeller and the second labeller, who labelled
a blind sample (labels/second-*.jsonl) without seeing the primary labels: per criterion n,
percent agreement and Cohen's kappa."""
import json
import os
import sys


def kappa(a, b):
    n = len(a)
    if n == 0:
        return float("nan")
    po = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if pe >= 1 else (po - pe) / (1 - pe)


def read(d, prefix):
    out = {}
    ld = os.path.join(d, "labels")
    for fn in sorted(os.listdir(ld)) if os.path.isdir(ld) else []:
        if fn.startswith(prefix) and fn.endswith(".jsonl"):
            for line in open(os.path.join(ld, fn), encoding="utf-8"):
                if line.strip():
                    o = json.loads(line)
                    out.setdefault(o["id"], o["labels"])
    return out


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "tests/eval/corpus"
    p, s = read(d, "primary"), read(d, "second")
    common = [i for i in s if i in p]
    print(f"\n== second labeller: {len(common)} replies labelled twice, blind")
    if not common:
        return
    crits = sorted({c for i in common for c in s[i]
                    if isinstance(s[i][c], bool) and isinstance(p[i].get(c), bool)})
    print(f"{'criterion':28s} {'n':>4s} {'agree':>6s} {'kappa':>6s}")
    for c in crits:
        pairs = [(p[i][c], s[i][c]) for i in common
                 if isinstance(p[i].get(c), bool) and isinstance(s[i].get(c), bool)]
        a = [x for x, _ in pairs]
        b = [y for _, y in pairs]
        ag = sum(x == y for x, y in pairs) / len(pairs)
        print(f"{c:28s} {len(pairs):4d} {ag:6.3f} {kappa(a, b):6.3f}")


if __name__ == "__main__":
    main()
