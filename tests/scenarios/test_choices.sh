#!/bin/sh
# Fair play (issue 13), per scenario: reference choice #1 all the way ends rated >= 4 and meets
# every criterion shown on each of its turns; choice #3 all the way ends rated <= 2; on every turn
# of both, the score and max are the sums of what the turn shows.
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
yes '#1' | head -40 > "$T/c1.txt"
yes '#3' | head -40 > "$T/c3.txt"
for f in scenarios/*.lua; do
    id=$(basename "$f" .lua)
    for c in 1 3; do
        "$BIN" run "$f" --replies "$T/c$c.txt" --json > "$T/o.json" 2> "$T/e"
        rc=$?
        if [ $rc -ne 0 ]; then fail "$id choice #$c plays" "rc=$rc $(head -c 300 "$T/e")"; continue; fi
        python3 - "$T/o.json" "$c" > "$T/py" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = int(sys.argv[2])
e = d["ending"]
if not e:
    sys.exit(f"no ending after {len(d['turns'])} turns (still at {d.get('current')})")
problems = []
for i, t in enumerate(d["turns"], 1):
    s = sum(x["score"] for x in t["criteria"])
    m = sum(x["max"] for x in t["criteria"])
    if abs(s - t["score"]) > 1e-9 or abs(m - t["max"]) > 1e-9:
        problems.append(f"turn {i} ({t['node']}): score {t['score']}/{t['max']} but shows {s}/{m}")
    if c == 1:
        missed = [x["id"] for x in t["criteria"] if not x["met"]]
        if missed:
            problems.append(f"turn {i} ({t['node']}) misses {missed}: {t['reply'][:40]}")
if c == 1 and e["rating"] < 4:
    problems.append(f"ends '{e['id']}' rated {e['rating']} (< 4)")
if c == 3 and e["rating"] > 2:
    problems.append(f"ends '{e['id']}' rated {e['rating']} (> 2)")
if problems:
    sys.exit("; ".join(problems))
print(f"{e['id']} rated {e['rating']} in {len(d['turns'])} turns")
PY
        if [ $? -eq 0 ]; then pass "$id choice #$c all the way: $(cat "$T/py")"
        else fail "$id choice #$c all the way" "$(tail -c 600 "$T/py")"; fi
    done
done
