"""class_copies.py DOC.json N OUT.json - the score-sheet document DOC with its class repeated to N
trainees (copy k of a trainee: name + k, 工号 + '-k', a new id; the cohort's lists repeated the
same way), so one fixture class exercises the PDF's paths for a large class (one pass above 60
trainees, no 作答明细 above 250). Deterministic: the same input gives the same bytes."""
import copy
import json
import sys

doc = json.load(open(sys.argv[1], encoding="utf-8"))
n = int(sys.argv[2])
base = doc["trainees"]
ids = {t["id"] for t in base}
step = max(ids) + 1


def renamed(o, k):
    """A copy of a trainee reference (id, name, staff_no) for copy k (0: unchanged)."""
    o = copy.deepcopy(o)
    if k and isinstance(o, dict):
        if "id" in o and o.get("id") in ids:
            o["id"] = o["id"] + k * step
        if "name" in o:
            o["name"] = "%s%d" % (o["name"], k)
        if "staff_no" in o:
            o["staff_no"] = "%s-%d" % (o["staff_no"], k)
    return o


out = []
for k in range((n + len(base) - 1) // len(base)):
    for t in base:
        if len(out) == n:
            break
        c = renamed(t, k)
        for s in c["sessions"]:
            for u in s["turns"]:
                if u.get("keyboard"):
                    u["keyboard"] = renamed(u["keyboard"], k)
        for e in c.get("answered_elsewhere", []):
            e["owner"] = renamed(e["owner"], k)
            if e["turn"].get("keyboard"):
                e["turn"]["keyboard"] = renamed(e["turn"]["keyboard"], k)
        out.append(c)
doc["trainees"] = out
kept = {t["staff_no"] for t in out}
co = doc["cohort"]
for key in ("below_pass", "no_record", "not_practised", "exam_runs"):
    if key in co:
        co[key] = [r for k in range(len(out) // len(base) + 1) for r in (renamed(x, k) for x in co[key])
                   if r["staff_no"] in kept]
co["trainees"] = len(out)
if "with_record" in co:
    co["with_record"] = sum(1 for t in out if t["summary"].get("turns", 1) > 0)
json.dump(doc, open(sys.argv[3], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
