#!/bin/sh
# Every scenario passes `check` (fair play included), and every reply script scenarios/replies/<id>/<ending>.txt
# takes its scenario to that ending. The seed scenarios also meet the product's shape: >= 3
# endings, a resolved one rated >= 4 reached in >= 6 turns, an escalation/complaint rated <= 2.
# Env: BIN (counterpart binary), ROOT (repo).
set -u
cd "$ROOT" || exit 1
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }

# check's fair-play rules (issue 13: a brief, a top, ending titles, facts a trainee can know,
# revisits that vary, conditions in focus) hold for every shipped scenario: any problem fails.
for f in scenarios/*.lua; do
    out=$("$BIN" check "$f" 2>&1)
    rc=$?
    problems=$(printf '%s\n' "$out" | grep -v ': warning: ' | grep -v '^$' | grep -v '^counterpart: 0 problems')
    if [ $rc -eq 0 ] && [ -z "$problems" ]; then
        pass "check $f is clean, fair play included"
    else
        fail "check $f" "rc=$rc $problems"
    fi
done

for script in scenarios/replies/*/*.txt; do
    [ -f "$script" ] || continue
    id=$(basename "$(dirname "$script")")
    want=$(basename "$script" .txt)
    json=$("$BIN" run "$id" --replies "$script" --json 2>/tmp/cp-run-err.$$)
    rc=$?
    got=$(printf '%s' "$json" | python3 -c 'import json,sys
d=json.load(sys.stdin); e=d["ending"]
print((e["id"] if e else "(none)") + " " + str(len(d["turns"])) + " " + (str(e["rating"]) if e else "0") + " " + (e["outcome"] if e else "-"))' 2>/dev/null)
    if [ $rc -ne 0 ] || [ "${got%% *}" != "$want" ]; then
        fail "$script reaches '$want'" "rc=$rc, got '${got:-no JSON}' $(head -c 300 /tmp/cp-run-err.$$)"
    else
        pass "$script reaches '$want' ($got)"
        echo "$id $got" >> /tmp/cp-endings.$$
    fi
    rm -f /tmp/cp-run-err.$$
done

for id in missing_materials contribution_base firm_arrears; do
    n_end=$(python3 - "$id" <<'PY'
import re, sys
src = open("scenarios/%s.lua" % sys.argv[1], encoding="utf-8").read()
print(len(re.findall(r"=\s*ending\s*\{", src)))
PY
)
    [ "$n_end" -ge 3 ] && pass "$id has $n_end endings (>= 3)" || fail "$id endings" "only $n_end"
    good=$(awk -v id="$id" '$1 == id && $5 == "resolved" && $4 >= 4 && $3 >= 6' /tmp/cp-endings.$$ 2>/dev/null | head -1)
    [ -n "$good" ] && pass "$id: a resolved ending rated >= 4 after >= 6 turns ($good)" || fail "$id resolved path" "no script reaches a resolved ending rated >= 4 in >= 6 turns"
    bad=$(awk -v id="$id" '$1 == id && ($5 == "escalated" || $5 == "complaint") && $4 <= 2' /tmp/cp-endings.$$ 2>/dev/null | head -1)
    [ -n "$bad" ] && pass "$id: an escalation/complaint rated <= 2 ($bad)" || fail "$id escalation path" "no script reaches an escalation or complaint rated <= 2"
done
rm -f /tmp/cp-endings.$$
[ $fails -eq 0 ]
