#!/bin/sh
# Trainers' corrections teach the scorer (`counterpart learn`): an override is kept as a labelled
# example in its context; learn needs the assessor passphrase, refits on the corpus + corrections
# and the overridden reply's verdict moves to the trainer's label; the new weights go to the data
# folder and name every result recorded after (history, grade); the previous weights are kept and
# --rollback restores them byte for byte; every change is logged.
# Env: BIN (counterpart binary), ROOT (repo). Uses python3 (json, sqlite3).
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
expect_rc() { [ "$2" = "$3" ] && pass "$1" || fail "$1" "exit $3, want $2"; }
unset COUNTERPART_DB COUNTERPART_PASSPHRASE COUNTERPART_MODEL COUNTERPART_LEARNED
XDG_DATA_HOME="$T/xdg"; export XDG_DATA_HOME
DB="$T/r.db"
L="$XDG_DATA_HOME/counterpart/scorer.model"
PASS="$T/pass"; printf 'correct horse 社保\n' > "$PASS"
printf 'wrong horse\n' > "$T/bad"
sql() { python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for r in c.execute(sys.argv[2]): print("|".join(str(x) for x in r))' "$@"; }
# json_get FILE EXPR: evaluates a Python expression over o (the first JSON line of FILE)
json_get() { python3 -c '
import json, sys
o = json.loads(open(sys.argv[1], encoding="utf-8").readline())
print(eval(sys.argv[2]))' "$@"; }
# learn cross-validates like `make train` (5 folds place the thresholds): seconds here, minutes
# under the sanitizers, where the thresholds are left out (the mechanics are the same)
LF=""
[ "${O:-build}" = "build/san" ] && LF="--folds 0"
shipped=$("$BIN" grade --json "您好" | python3 -c 'import json,sys; print(json.load(sys.stdin)["model"])')

# ---- Recorded sessions and the reply to correct ----
# Three trainees open the same way: "您别急，先喝口水，有什么问题咱们慢慢说" to a citizen on his third
# trip. Whether that acknowledges him (empathy.acknowledge) is a trainer's call; the first turn
# is always the opening, so its context is the same in every session. The trainer says the
# opposite of the scorer, on all three.
{ echo "王师傅，您别急，先喝口水，有什么问题咱们慢慢说。"; tail -n +2 scenarios/replies/missing_materials/partial.txt; } > "$T/replies.txt"
"$BIN" passphrase set --db "$DB" --new-file "$PASS" > /dev/null 2>&1
SS=""
for k in 1 2 3; do
    "$BIN" trainee add 学员$k 100$k --db "$DB" > /dev/null 2>&1
    "$BIN" practice missing_materials --trainee 100$k --db "$DB" --replies "$T/replies.txt" > "$T/o" 2>&1 \
        || fail "practice $k" "$(tail -3 "$T/o")"
    SS="$SS $(sed -n 's/^recorded session \([0-9]*\) turn 1 .*/\1/p' "$T/o")"
done
set -- $SS; S=$1
auto=$(sql "$DB" "select group_concat(distinct r.met) from turn_results r join turns t on t.id = r.turn_id where t.seq = 1 and t.node = 'opening' and r.criterion = 'empathy.acknowledge'")
case "$auto" in
    0|1) pass "turn 1 of the three sessions has one empathy.acknowledge result to correct (auto $auto)" ;;
    *) fail "no result" "'$auto'" ;;
esac
if [ "$auto" = 1 ]; then label=no; want=False; else label=yes; want=True; fi
[ "$(sql "$DB" "select count(*) from turns where model = '$shipped'")" = "$(sql "$DB" "select count(*) from turns")" ] \
    && pass "every recorded reply names the scorer version ($shipped)" || fail "model column" "$(sql "$DB" "select seq, model from turns")"

# ---- Refusals and nothing to learn ----
"$BIN" learn $LF --db "$DB" > "$T/o" 2>&1; expect_rc "learn without the passphrase is refused" 1 $?
"$BIN" learn $LF --db "$DB" --passphrase-file "$T/bad" > "$T/o" 2>&1; expect_rc "learn with a wrong passphrase is refused" 1 $?
"$BIN" learn --rollback --db "$DB" > "$T/o" 2>&1; expect_rc "rollback without the passphrase is refused" 1 $?
"$BIN" learn $LF --db "$DB" --passphrase-file "$PASS" > "$T/o" 2>&1
expect_rc "learn with no corrections is not an error" 0 $?
grep -q "nothing to learn" "$T/o" && [ ! -e "$L" ] && pass "no corrections: nothing is written" || fail "no corrections" "$(cat "$T/o")"
"$BIN" learn --weight 0.5 --db "$DB" --passphrase-file "$PASS" > /dev/null 2>&1; expect_rc "a weight below 1 is a usage error" 2 $?

# ---- The overrides are labelled examples in their context ----
for s in $SS; do
    "$BIN" override "$s" 1 empathy.acknowledge --met $label --why "先请他喝口水、慢慢说，算不算体谅，培训师改判" \
        --by 王老师 --db "$DB" --passphrase-file "$PASS" > /dev/null 2>&1 || fail "override $s" "exit $?"
done
# and one later in a session, to show the earlier exchanges it keeps
c3=$(sql "$DB" "select r.criterion || ' ' || r.met from turn_results r join turns t on t.id = r.turn_id where t.session_id = $S and t.seq = 3 and r.focus = 1 and r.criterion <> 'compliance.privacy' order by r.criterion limit 1")
crit3=${c3% *}; [ "${c3#* }" = 1 ] && l3=no || l3=yes
"$BIN" learn --export "$T/c.jsonl" --db "$DB" > /dev/null 2>&1; expect_rc "export without the passphrase is refused" 1 $?
"$BIN" learn --export "$T/c.jsonl" --db "$DB" --passphrase-file "$PASS" > /dev/null 2>&1
expect_rc "the corrections export" 0 $?
[ "$(wc -l < "$T/c.jsonl")" -eq 3 ] && pass "one example per override" || fail "rows" "$(wc -l < "$T/c.jsonl")"
ex=$(json_get "$T/c.jsonl" '"|".join(str(x) for x in (o["scenario"], o["node"], o["labels"], o["by"], o["why"], o["session"], o["turn"], len(o["history"]), o["weight"] > 1, o["met_auto"], o["model"]))')
case "$ex" in
    "missing_materials|opening|{'empathy.acknowledge': $want}|王老师|先请他喝口水、慢慢说，算不算体谅，培训师改判|$S|1|0|True|$( [ "$auto" = 1 ] && echo True || echo False)|$shipped")
        pass "it holds scenario, node, the trainer's verdict, who, why, the recorded result and its scorer, weight > 1" ;;
    *) fail "correction row" "$ex" ;;
esac
[ "$(json_get "$T/c.jsonl" 'o["text"]')" = "$(sql "$DB" "select reply from turns where session_id = $S and seq = 1")" ] \
    && [ "$(json_get "$T/c.jsonl" 'o["citizen"]')" = "$(sql "$DB" "select citizen from turns where session_id = $S and seq = 1")" ] \
    && pass "the reply and the citizen's line come from the recorded turn" || fail "row text" "$(head -1 "$T/c.jsonl")"
# grading the example in its context gives the recorded result (what the trainers corrected)
verdict() { head -1 "$T/c.jsonl" | "$BIN" grade --jsonl | python3 -c '
import json, sys
o = json.loads(sys.stdin.readline())
print(o["model"], [c["met"] for c in o["criteria"] if c["id"] == "empathy.acknowledge"])'; }
[ "$(verdict)" = "$shipped [$( [ "$auto" = 1 ] && echo True || echo False)]" ] \
    && pass "in its context the reply grades as recorded" || fail "regrade" "$(verdict)"

# ---- learn ----
"$BIN" learn $LF --dry-run --db "$DB" --passphrase-file "$PASS" > "$T/dry" 2>&1
expect_rc "learn --dry-run" 0 $?
[ ! -e "$L" ] && grep -q "nothing written" "$T/dry" && pass "--dry-run writes nothing" || fail "dry run" "$(tail -3 "$T/dry")"
"$BIN" learn $LF --by 王老师 --db "$DB" --passphrase-file "$PASS" > "$T/l1" 2>&1
expect_rc "learn with the passphrase" 0 $?
v1=$(sed -n "s/^scorer model: $shipped -> \(model:[0-9a-f]*\), fitted with 3 trainers' corrections.*/\1/p" "$T/l1")
[ -n "$v1" ] && [ "$v1" != "$shipped" ] && pass "it says what changed: $shipped -> $v1, 3 corrections" || fail "change line" "$(tail -5 "$T/l1")"
[ -f "$L" ] && [ -f "$L.prev" ] && [ ! -s "$L.prev" ] && [ -z "$(ls "$XDG_DATA_HOME/counterpart" | grep -v '^scorer.model\(.prev\)\?$')" ] \
    && pass "the weights are in the data folder; none were learned before (empty .prev)" || fail "files" "$(ls -la "$XDG_DATA_HOME/counterpart")"
n=$(grep -c "  acc [0-9.]* -> [0-9.]* .*kappa [0-9.]* -> [0-9.]*" "$T/l1")
grep -q "held-out writers (2 files): [0-9]* replies" "$T/l1" && grep -q "heldout.jsonl: 90 replies" "$T/l1" \
    && [ "$(grep -c '(all criteria)' "$T/l1")" = 2 ] && [ "$n" -gt 20 ] \
    && pass "held-out accuracy and kappa before and after, per criterion, on both held-out sets ($n rows)" \
    || fail "held-out table" "$(head -20 "$T/l1")"
python3 - "$T/l1" "$want" "$S" <<'EOF' && pass "the corrected reply's probability moves to the trainers' label" || fail "p" "$(grep 'turn 1 ' "$T/l1")"
import re, sys
line = [l for l in open(sys.argv[1], encoding="utf-8")
        if l.startswith("  session %s turn 1 empathy.acknowledge" % sys.argv[3])][0]
b, a = (float(x) for x in re.findall(r"\(p ([0-9.]+)\)", line))
want = sys.argv[2] == "True"
sys.exit(0 if (a > b if want else a < b) and (a >= 0.5) == want else 1)
EOF
grep -q "agree with the trainers: before 0 of 3, after 3 of 3" "$T/l1" && pass "before it disagreed, after it agrees" || fail "agree" "$(grep agree "$T/l1")"
[ "$(verdict)" = "$v1 [$want]" ] && pass "grade now uses the learned weights and gives the trainer's verdict" || fail "after" "$(verdict)"
COUNTERPART_MODEL=scenarios/rubrics/scorer.model "$BIN" grade --json "您好" | grep -q "\"model\":\"$shipped\"" \
    && pass "COUNTERPART_MODEL comes before the learned weights" || fail "order" "env"
"$BIN" learn --status --db "$DB" > "$T/st" 2>&1
grep -q "^in use: $v1 ($L)" "$T/st" && grep -q "learn    $shipped -> $v1  by 王老师  (3 corrections)" "$T/st" \
    && pass "--status shows the weights in use and the logged change" || fail "status" "$(cat "$T/st")"
"$BIN" learn $LF --db "$DB" --passphrase-file "$PASS" > "$T/o" 2>&1
grep -q "scorer model: $v1, unchanged" "$T/o" && [ -f "$L.prev" ] && [ ! -s "$L.prev" ] \
    && pass "learning the same corrections again changes nothing (deterministic)" || fail "again" "$(tail -2 "$T/o")"

# ---- Results recorded after learning name the new version, and give the trainers' verdict ----
"$BIN" practice missing_materials --trainee 1001 --db "$DB" --replies "$T/replies.txt" > "$T/o" 2>&1
S2=$(sed -n 's/^recorded session \([0-9]*\) turn 1 .*/\1/p' "$T/o")
[ "$(sql "$DB" "select r.met from turn_results r join turns t on t.id = r.turn_id where t.session_id = $S2 and t.seq = 1 and r.criterion = 'empathy.acknowledge'")" = "$( [ "$want" = True ] && echo 1 || echo 0)" ] \
    && pass "the same opening, recorded after learning, gets the trainers' verdict automatically" || fail "recorded after" "session $S2"
"$BIN" history 1001 --turns --db "$DB" --passphrase-file "$PASS" > "$T/h" 2>&1
grep -q "^  session $S .*scorer $shipped$" "$T/h" && grep -q "^  session $S2 .*scorer $v1$" "$T/h" \
    && pass "history names each session's scorer version" || fail "history sessions" "$(grep '^  session' "$T/h")"
[ "$(grep -c "^    turn .*scorer $v1" "$T/h")" -ge 2 ] && pass "history --turns names it per reply" || fail "history turns" "$(grep '^    turn' "$T/h")"
[ "$(sql "$DB" "select count(distinct model) from turns where session_id = $S2")|$(sql "$DB" "select model from turns where session_id = $S2 limit 1")" = "1|$v1" ] \
    && pass "every reply recorded after learning names $v1" || fail "new turns" "$(sql "$DB" "select model from turns")"

# ---- The exports name the version of every reply ----
mkdir -p "$T/sheet"
"$BIN" export --trainee 1001 --format json,csv-sessions -o "$T/sheet/s" --db "$DB" --passphrase-file "$PASS" > /dev/null 2>&1
expect_rc "export after learning" 0 $?
python3 - "$T/sheet/s.json" "$T/sheet/s.sessions.csv" "$S" "$S2" "$shipped" "$v1" <<'PY' \
    && pass "JSON names each turn's scorer, the sessions CSV each session's (评分模型)" || fail "export models" "$(cat "$T/sheet/s.sessions.csv")"
import csv, json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
ses = {str(s["id"]): s for t in doc["trainees"] for s in t["sessions"]}
ok = {t["model"] for t in ses[sys.argv[3]]["turns"]} == {sys.argv[5]} and \
     {t["model"] for t in ses[sys.argv[4]]["turns"]} == {sys.argv[6]}
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig")))
h = rows[0]
col = {r[h.index("会话编号")]: r[h.index("评分模型")] for r in rows[1:] if len(r) == len(h)}
ok = ok and col.get(sys.argv[3]) == sys.argv[5] and col.get(sys.argv[4]) == sys.argv[6]
sys.exit(0 if ok else 1)
PY

# ---- A second correction; the previous weights kept; rollback byte for byte ----
cp "$L" "$T/v1.model"
"$BIN" override "$S" 3 "$crit3" --met $l3 --why "第三轮的判定也改一下" --by 王老师 \
    --db "$DB" --passphrase-file "$PASS" > /dev/null 2>&1
expect_rc "a second override, on turn 3 ($crit3)" 0 $?
"$BIN" learn --export - --db "$DB" --passphrase-file "$PASS" 2>/dev/null | grep '"turn":3,' > "$T/c3.jsonl"
python3 - "$T/c3.jsonl" "$DB" "$S" <<'EOF' && pass "it keeps the session's earlier exchanges, oldest first" || fail "history" "$(cat "$T/c3.jsonl")"
import json, sqlite3, sys
o = json.loads(open(sys.argv[1], encoding="utf-8").readline())
c = sqlite3.connect(sys.argv[2])
want = []
for cit, rep in c.execute("select citizen, reply from turns where session_id = ? and seq < 3 order by seq", (sys.argv[3],)):
    want += [{"role": "citizen", "text": cit}, {"role": "clerk", "text": rep}]
sys.exit(0 if o["history"] == want and len(want) == 4 else 1)
EOF
"$BIN" learn $LF --db "$DB" --passphrase-file "$PASS" > "$T/l2" 2>&1
expect_rc "learn again with a second correction" 0 $?
v2=$(sed -n "s/^scorer model: $v1 -> \(model:[0-9a-f]*\), fitted with 4 trainers' corrections.*/\1/p" "$T/l2")
[ -n "$v2" ] && [ "$v2" != "$v1" ] && pass "it says $v1 -> $v2, 4 corrections" || fail "second change" "$(tail -3 "$T/l2")"
cmp -s "$L.prev" "$T/v1.model" && pass "the previous weights are kept byte for byte" || fail "prev" "differs"
"$BIN" learn --rollback --by 王老师 --db "$DB" --passphrase-file "$PASS" > "$T/o" 2>&1
expect_rc "rollback" 0 $?
grep -q "^scorer model: $v2 -> $v1 (rolled back" "$T/o" && pass "rollback says what changed" || fail "rollback line" "$(cat "$T/o")"
cmp -s "$L" "$T/v1.model" && [ ! -e "$L.prev" ] && pass "rollback restores the previous weights byte for byte" || fail "restore" "$(ls -la "$XDG_DATA_HOME/counterpart")"
"$BIN" grade --json "您好" | grep -q "\"model\":\"$v1\"" && pass "grade uses the restored weights" || fail "grade after rollback" "model"
"$BIN" learn --rollback --db "$DB" --passphrase-file "$PASS" > "$T/o" 2>&1
expect_rc "a second rollback has nothing to restore" 1 $?
[ "$(sql "$DB" "select action || ' ' || old || ' ' || new || ' ' || corrections from model_changes order by id")" = "learn $shipped $v1 3
learn $v1 $v2 4
rollback $v2 $v1 0" ] && pass "every change is logged in the records" || fail "log" "$(sql "$DB" "select * from model_changes")"
out=$(sql "$DB" "delete from model_changes" 2>&1)
case "$out" in *kept*) pass "the log cannot be deleted" ;; *) fail "log delete" "$out" ;; esac

# ---- Rolling back the first learn brings the shipped weights back ----
XDG_DATA_HOME="$T/xdg2" "$BIN" learn $LF --db "$DB" --passphrase-file "$PASS" > /dev/null 2>&1
[ -s "$T/xdg2/counterpart/scorer.model" ] && pass "learn into a fresh data folder" || fail "fresh" "no file"
XDG_DATA_HOME="$T/xdg2" "$BIN" learn --rollback --db "$DB" --passphrase-file "$PASS" > "$T/o" 2>&1
expect_rc "rollback of the first learn" 0 $?
[ ! -e "$T/xdg2/counterpart/scorer.model" ] && [ ! -e "$T/xdg2/counterpart/scorer.model.prev" ] \
    && XDG_DATA_HOME="$T/xdg2" "$BIN" grade --json "您好" | grep -q "\"model\":\"$shipped\"" \
    && pass "the learned weights are removed and the shipped ones are used again" || fail "first rollback" "$(cat "$T/o")"

# ---- Broken learned weights are an error naming the file, never a silent fallback ----
printf 'not a model' > "$T/broken.model"
COUNTERPART_LEARNED="$T/broken.model" "$BIN" grade "您好" > /dev/null 2> "$T/e"
expect_rc "broken learned weights stop grading" 1 $?
grep -q "broken.model" "$T/e" && grep -q -- "--rollback" "$T/e" && pass "the error names the file and the way back" || fail "broken" "$(cat "$T/e")"

[ "$fails" -eq 0 ]
