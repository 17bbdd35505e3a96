#!/bin/sh
# `counterpart export` end to end: a records database made with the CLI (roster import,
# practice with a hint and a retry, an exam, an override), then every format exported and read
# back - JSON against the database (python3 sqlite3, scores recomputed independently) and against
# docs/scoresheet.schema.json; CSV with python3 csv (BOM, CRLF, Chinese headers, names, counts,
# overrides); xAPI structure and stable ids; several formats at once; PDF/XLSX files written
# through the same path; date filters; the passphrase; usage errors; a failed write leaves no file.
# Env: BIN (counterpart binary), ROOT (repo). Uses python3 (json, csv, sqlite3).
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
expect_rc() { [ "$2" = "$3" ] && pass "$1" || fail "$1" "exit $3, want $2"; }
unset COUNTERPART_PASSPHRASE COUNTERPART_NEW_PASSPHRASE
export COUNTERPART_KEY="$T/signing.key" COUNTERPART_DB="$T/r.db"
DB="$T/r.db"
R=scenarios/replies/missing_materials/resolved.txt
sql() { python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for r in c.execute(sys.argv[2]): print("|".join(str(x) for x in r))' "$DB" "$1"; }

# ---- A database made through the CLI ----
"$BIN" trainee import tests/fixtures/roster_utf8.csv > /dev/null 2>&1 || fail "roster" "import failed"
"$BIN" practice missing_materials --trainee 1001 --replies "$R" > /dev/null 2>&1 || fail "practice 1001" "failed"
{ sed -n 1p "$R"; echo '/hint'; echo '不知道，你自己去查。'; echo '/retry'; sed -n 2,4p "$R"; } > "$T/r2.txt"
"$BIN" practice missing_materials --trainee 1002 --replies "$T/r2.txt" > /dev/null 2>&1 || fail "practice 1002" "failed"
"$BIN" practice missing_materials --trainee 1004 --replies "$R" > /dev/null 2>&1 || fail "practice 1004" "failed"
printf 'export pass 社保\n' > "$T/pass"
"$BIN" passphrase set --new-file "$T/pass" > /dev/null 2>&1 || fail "passphrase" "set failed"
# the exam's second reply acknowledges without restating (a criterion the scorer misses, to override)
{ sed -n 1p "$R"; echo '这一趟趟跑真是受累了，对不起。'; sed -n '3,$p' "$R"; } > "$T/exam.txt"
"$BIN" exam start window_basics --trainee 1003 --replies "$T/exam.txt" --passphrase-file "$T/pass" > "$T/o" 2>&1 || fail "exam" "$(cat "$T/o")"
esid=$(sed -n 's/^scenario missing_materials session \([0-9]*\)$/\1/p' "$T/o")
crit=$(sql "select r.criterion from turn_results r join turns t on t.id=r.turn_id where t.session_id=$esid and t.seq=2 and r.focus=1 and r.met=0 limit 1")
"$BIN" override "$esid" 2 "$crit" --met yes --why "复述到位" --by 考官甲 --passphrase-file "$T/pass" > /dev/null 2>&1 \
    && pass "setup: exam session $esid, criterion $crit overridden" || fail "override" "session $esid crit $crit"

# ---- Passphrase ----
"$BIN" export --group 一班 --format json -o "$T/locked.json" > /dev/null 2> "$T/e"
expect_rc "export without the passphrase is refused" 1 $?
[ ! -e "$T/locked.json" ] && pass "a refused export writes nothing" || fail "locked file" "written"
export COUNTERPART_PASSPHRASE='export pass 社保'

# ---- JSON against the database ----
"$BIN" export --group 一班 --format json --assessor 王老师 -o "$T/g.json" > "$T/o" 2> "$T/e"
expect_rc "group JSON export" 0 $?
grep -q "^wrote $T/g.json (.* bytes, signed by key [0-9a-f]\{16\})$" "$T/o" && pass "it says what it wrote and with which key" || fail "wrote line" "$(cat "$T/o" "$T/e")"
python3 - "$T/g.json" "$DB" > "$T/py" 2>&1 <<'PY'
import json, sqlite3, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
db = sqlite3.connect(sys.argv[2])
out = []
def check(name, ok, why=""):
    out.append(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + why))
check("JSON schema and version", doc["schema"] == "counterpart.scoresheet" and doc["version"] == 1)
check("JSON carries the signature as its last member", list(doc)[-1] == "signature")
check("JSON assessor and selection", doc["assessor"] == "王老师" and doc["selection"]["kind"] == "group"
      and doc["selection"]["label"].startswith("班组 一班"))
rows = db.execute("select id, name, staff_no, grp from trainees where grp='一班' order by staff_no").fetchall()
check("JSON trainees are the group's, by 工号", [(t["id"], t["name"], t["staff_no"], t["group"]) for t in doc["trainees"]] == rows,
      repr([t["name"] for t in doc["trainees"]]))
def final_of(turn_id, hints, tmax):
    fin = 0.0
    for crit, score, mx in db.execute("select criterion, score, max from turn_results where turn_id=? and focus=1", (turn_id,)):
        ov = db.execute("select met from overrides where turn_id=? and criterion=? order by id desc limit 1", (turn_id, crit)).fetchone()
        fin += score if ov is None else (mx if ov[0] else 0)
    return max(0.0, fin - hints * 0.25 * tmax)
ok_sessions = ok_sum = True
why = ""
for t in doc["trainees"]:
    sids = [r[0] for r in db.execute("select id from sessions where trainee_id=? order by started, id", (t["id"],))]
    if [s["id"] for s in t["sessions"]] != sids:
        ok_sessions = False; why = "sessions %r vs %r" % ([s["id"] for s in t["sessions"]], sids)
    tot = tmax = 0.0
    for s in t["sessions"]:
        score = smax = 0.0
        turns = db.execute("select id, seq, attempt, hints, max, reply from turns t where session_id=? and attempt=(select max(attempt) from turns u where u.session_id=t.session_id and u.seq=t.seq) order by seq", (s["id"],)).fetchall()
        for tid, seq, att, hints, mx, reply in turns:
            score += final_of(tid, hints, mx); smax += mx
        counted = [u for u in s["turns"] if u["counted"]]
        if abs(score - s["score"]) > 1e-3 or abs(smax - s["max"]) > 1e-3 or len(counted) != len(turns) \
           or [u["reply"] for u in counted] != [r[5] for r in turns]:
            ok_sessions = False; why = "session %d: %s/%s vs db %s/%s" % (s["id"], s["score"], s["max"], score, smax)
        tot += score; tmax += smax
    su = t["summary"]
    pct = round(1000 * tot / tmax) / 10 if tmax else 0
    if abs(su["score"] - tot) > 1e-3 or abs(su["percent"] - pct) > 1e-9 or su["passed"] != (pct >= doc["pass_mark"]):
        ok_sum = False; why = "%s: %s %s vs %s %s" % (t["staff_no"], su["score"], su["percent"], tot, pct)
check("JSON sessions, replies and scores match the database (hints deducted, last attempt)", ok_sessions, why)
check("JSON summaries match the database", ok_sum, why)
li = [t for t in doc["trainees"] if t["staff_no"] == "1002"][0]
s = li["sessions"][0]
att = [(u["seq"], u["attempt"], u["counted"]) for u in s["turns"] if u["seq"] == 2]
check("JSON keeps the retried attempt, only the last counts", att == [(2, 1, False), (2, 2, True)], repr(att))
check("JSON counts the hint", li["summary"]["hints"] == 1 and any(u["hints"] == 1 for u in s["turns"]))
print("\n".join(out))
PY
cat "$T/py"
python3 tests/export/schema_check.py docs/scoresheet.schema.json "$T/g.json" > "$T/o" 2>&1 \
    && pass "the group export satisfies docs/scoresheet.schema.json" || fail "schema" "$(cat "$T/o")"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
del d["trainees"][0]["summary"]
d["trainees"][1]["sessions"][0]["turns"][0]["reply"] = 5
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)' "$T/g.json" "$T/broken.json"
python3 tests/export/schema_check.py docs/scoresheet.schema.json "$T/broken.json" > "$T/o" 2>&1
if [ $? -ne 0 ] && grep -q 'trainees\[0\]: summary is missing' "$T/o" && grep -q 'turns\[0\].reply: 5 is not string' "$T/o"; then
    pass "the schema checker rejects a document without a summary or with a number for a reply"
else fail "schema negative" "$(cat "$T/o")"; fi

# ---- CSV ----
"$BIN" export --exam window_basics --format csv,csv-sessions -o "$T/ex" > /dev/null 2> "$T/e"
expect_rc "exam CSV export (both shapes)" 0 $?
"$BIN" export --group "二班, 综合柜员" --format csv -o "$T/g2.csv" > /dev/null 2> "$T/e"
expect_rc "CSV export of a group whose name has a comma" 0 $?
python3 - "$T/ex.csv" "$T/ex.sessions.csv" "$T/g2.csv" "$DB" "$esid" "$crit" <<'PY'
import csv, io, sqlite3, sys
crit_csv, sess_csv, g2, dbp, esid, crit = sys.argv[1:7]
db = sqlite3.connect(dbp)
out = []
def check(name, ok, why=""):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + why))
def rows(path):
    raw = open(path, "rb").read()
    text = raw.decode("utf-8")
    lines = raw.split(b"\n")[:-1]
    return raw, list(csv.reader(io.StringIO(text[1:], newline=""))), lines
raw, r, lines = rows(crit_csv)
check("CSV starts with the UTF-8 BOM", raw.startswith(b"\xef\xbb\xbf"))
check("CSV lines all end in CRLF", all(l.endswith(b"\r") for l in lines), "bare LF")
check("CSV criteria headers are Chinese", r[0][:8] == ["姓名", "工号", "班组", "评分项编号", "评分项", "达标次数", "考核次数", "达标率"], repr(r[0]))
check("CSV ends with the signature row", r[-1][0] == "签名", repr(r[-1][:1]))
body = r[1:-1]
ncrit = len(set(x[3] for x in body))
check("CSV has one row per trainee x criterion", len(body) == ncrit and all(x[0] == "欧阳, 娜娜" for x in body), "%d rows" % len(body))
ov = [x for x in body if x[3] == crit]
h = r[0]
check("CSV criteria row shows the override (改判次数 1, auto count one lower)",
      len(ov) == 1 and ov[0][h.index("改判次数")] == "1" and int(ov[0][h.index("达标次数")]) == int(ov[0][h.index("自动判定达标次数")]) + 1,
      repr(ov))
# 达标次数 / 考核次数 recomputed from the database (counted turns, overrides applied)
ok = True
for x in body:
    met = total = 0
    for tid, m in db.execute("select t.id, r.met from turns t join turn_results r on r.turn_id=t.id where t.session_id=? and r.focus=1 and r.criterion=?", (int(esid), x[3])):
        o = db.execute("select met from overrides where turn_id=? and criterion=? order by id desc limit 1", (tid, x[3])).fetchone()
        total += 1; met += (o[0] if o else m)
    if int(x[5]) != met or int(x[6]) != total or (total and x[7] != "%.1f%%" % (100.0 * met / total)):
        ok = False; why = repr(x)
check("CSV met / in-focus counts and rates match the database", ok)
raw, r, lines = rows(sess_csv)
h = r[0]
check("CSV sessions headers are Chinese", h[:7] == ["姓名", "工号", "班组", "会话编号", "情景编号", "情景", "模式"], repr(h))
body = r[1:-1]
novr = db.execute("select count(*) from overrides o join turns t on o.turn_id=t.id where t.session_id=?", (int(esid),)).fetchone()[0]
check("CSV sessions row: the exam session, its mode and 改判次数 from the database",
      len(body) == 1 and body[0][3] == esid and body[0][6] == "考核" and int(body[0][h.index("改判次数")]) == novr and novr == 1, repr(body))
check("CSV sessions row: outcome and 好差评 in Chinese", body and body[0][h.index("结果")] == "问题解决" and body[0][h.index("好差评")] != "", repr(body))
raw, r, lines = rows(g2)
check("CSV quotes a group with a comma and reads back intact", r[1][2] == "二班, 综合柜员" and b'"\xe4\xba\x8c\xe7\x8f\xad, ' in raw, repr(r[1][:3]))
PY

# ---- xAPI ----
"$BIN" export --trainee 1001 --format xapi -o "$T/a.xapi.json" > /dev/null 2> "$T/e"
expect_rc "xAPI export" 0 $?
"$BIN" export --trainee 1001 --format xapi -o "$T/b.xapi.json" > /dev/null 2> "$T/e"
python3 - "$T/a.xapi.json" "$T/b.xapi.json" "$DB" <<'PY'
import json, re, sqlite3, sys
a = json.load(open(sys.argv[1], encoding="utf-8")); b = json.load(open(sys.argv[2], encoding="utf-8"))
db = sqlite3.connect(sys.argv[3])
def check(name, ok, why=""):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + why))
st = a["statements"]
n = db.execute("select count(*) from sessions s join trainees t on t.id=s.trainee_id where t.staff_no='1001'").fetchone()[0]
check("xAPI: one statement per session", a["version"] == "1.0.3" and len(st) == n == 1, "%d vs %d" % (len(st), n))
s = st[0]
check("xAPI ids are UUIDs, the same on re-export", re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", s["id"]) is not None
      and [x["id"] for x in st] == [x["id"] for x in b["statements"]], s["id"])
check("xAPI actor: name and account (homePage, 工号)", s["actor"]["name"] == "王小明" and s["actor"]["account"] == {"homePage": "urn:counterpart", "name": "1001"})
check("xAPI verb is an ADL verb", s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed")
check("xAPI object: scenario activity with a zh-CN name", s["object"]["id"] == "urn:counterpart:scenario:missing_materials" and s["object"]["definition"]["name"]["zh-CN"])
r = s["result"]; sc = r["score"]
mx = db.execute("select sum(max) from turns where session_id=(select s.id from sessions s join trainees t on t.id=s.trainee_id where t.staff_no='1001')").fetchone()[0]
check("xAPI score: raw, min, max, scaled = raw/max", sc["min"] == 0 and abs(sc["max"] - mx) < 1e-6 and abs(sc["scaled"] - sc["raw"] / sc["max"]) < 1e-4 and -1 <= sc["scaled"] <= 1, repr(sc))
check("xAPI success, completion, ISO 8601 duration", r["completion"] is True and isinstance(r["success"], bool) and re.fullmatch(r"PT(\d+H)?(\d+M)?\d+S", r["duration"]) is not None, repr(r.get("duration")))
ext = r["extensions"]
check("xAPI criteria as result extensions {met,total,rate}", len(ext) >= 5 and all(k.startswith("urn:counterpart:criterion:") and set(v) == {"met", "total", "rate"} for k, v in ext.items()))
check("xAPI context: mode and session", s["context"]["extensions"]["urn:counterpart:mode"] == "practice" and "timestamp" in s)
PY

# ---- Several formats at once, stdout, PDF and XLSX through the same path ----
mkdir -p "$T/multi"
"$BIN" export --trainee 1002 --format json,csv,csv-sessions,xapi -o "$T/multi/sheet" > "$T/o" 2> "$T/e"
expect_rc "several formats in one go" 0 $?
[ "$(ls "$T/multi" | sort | tr '\n' ' ')" = "sheet.csv sheet.json sheet.sessions.csv sheet.xapi.json " ] \
    && pass "they are BASE.json, BASE.csv, BASE.sessions.csv, BASE.xapi.json" || fail "multi names" "$(ls "$T/multi")"
"$BIN" verify "$T/multi/sheet.json" "$T/multi/sheet.csv" "$T/multi/sheet.sessions.csv" "$T/multi/sheet.xapi.json" > "$T/o" 2>&1
[ $? -eq 0 ] && [ "$(grep -c ': 有效' "$T/o")" = 4 ] && pass "every exported file verifies as signed" || fail "verify" "$(cat "$T/o")"
"$BIN" export --session 1 --format json --stdout > "$T/stdout.json" 2> "$T/e"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["selection"]["kind"]=="session" and len(d["trainees"])==1' "$T/stdout.json" \
    && pass "--stdout writes the JSON" || fail "stdout" "$(head -c 300 "$T/stdout.json") $(cat "$T/e")"
# (under the sanitizers, tests/run_all.sh suppresses the cairo/fontconfig-internal leaks only)
"$BIN" export --trainee 1001 --format pdf -o "$T/p.pdf" > /dev/null 2> "$T/e"
expect_rc "PDF export through the CLI" 0 $?
head -c 5 "$T/p.pdf" 2>/dev/null | grep -q '%PDF-' && pass "the PDF file is a PDF" || fail "pdf magic" "$(cat "$T/e")"
"$BIN" export --trainee 1001 --format xlsx -o "$T/p.xlsx" > /dev/null 2> "$T/e"
expect_rc "XLSX export through the CLI" 0 $?
head -c 2 "$T/p.xlsx" 2>/dev/null | grep -q 'PK' && pass "the XLSX file is a ZIP" || fail "xlsx magic" "$(cat "$T/e")"

# ---- Date filters ----
sid1=$(sql "select s.id from sessions s join trainees t on t.id=s.trainee_id where t.staff_no='1001'")
python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("update sessions set started=? where id=?", ("2025-01-15T10:00:00Z", int(sys.argv[2]))); c.commit()' "$DB" "$sid1"
"$BIN" export --group 一班 --from 2025-01-01 --to 2025-01-31 --format json -o "$T/jan.json" > /dev/null 2> "$T/e"
expect_rc "export of January 2025" 0 $?
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ids = [s["id"] for t in d["trainees"] for s in t["sessions"]]
assert ids == [int(sys.argv[2])], ids
assert d["selection"]["from"] == "2025-01-01" and d["selection"]["to"] == "2025-01-31"' "$T/jan.json" "$sid1" 2> "$T/e" \
    && pass "--from/--to keep exactly the sessions started in the range" || fail "range" "$(cat "$T/e")"
"$BIN" export --trainee 1001 --to 2024-12-31 --format json -o "$T/none.json" > /dev/null 2> "$T/e"
expect_rc "a range with no sessions exits 1" 1 $?
grep -q "no sessions of trainee 1001 (王小明) up to 2024-12-31" "$T/e" && pass "it names what was asked for" || fail "empty msg" "$(cat "$T/e")"
[ ! -e "$T/none.json" ] && pass "an empty selection writes nothing" || fail "empty file" "written"
"$BIN" export --trainee 1001 --from 2025-02-30x --format json -o "$T/x.json" > /dev/null 2> "$T/e"
expect_rc "a malformed date exits 1" 1 $?

# ---- Usage ----
"$BIN" export --format json -o "$T/u.json" > /dev/null 2>&1; expect_rc "no selection is a usage error" 2 $?
"$BIN" export --trainee 1001 --group 一班 --format json -o "$T/u.json" > /dev/null 2>&1; expect_rc "two selections are a usage error" 2 $?
"$BIN" export --trainee 1001 --format docx -o "$T/u.docx" > /dev/null 2> "$T/e"; expect_rc "an unknown format is a usage error" 2 $?
grep -q "unknown format 'docx'" "$T/e" && pass "the unknown format is named" || fail "fmt msg" "$(cat "$T/e")"
"$BIN" export --exam window_basics --pass-mark 80 --format json -o "$T/u.json" > /dev/null 2>&1; expect_rc "--pass-mark with an exam is a usage error" 2 $?
"$BIN" export --trainee 1001 --format json,csv --stdout > /dev/null 2>&1; expect_rc "--stdout with two formats is a usage error" 2 $?

# ---- A failed write leaves no file ----
"$BIN" export --trainee 1001 --format json -o "$T/no/such/dir/s.json" > /dev/null 2> "$T/e"
expect_rc "exporting into a missing folder exits 1" 1 $?
grep -q "no/such/dir/s.json: cannot write: No such file or directory" "$T/e" && pass "the error names the file and why" || fail "dir msg" "$(cat "$T/e")"
mkdir "$T/ro"; : > "$T/ro/blocker"
"$BIN" export --trainee 1001 --format json,csv -o "$T/ro/blocker/s" > /dev/null 2> "$T/e"
expect_rc "exporting under a file (not a folder) exits 1" 1 $?
[ "$(ls "$T/ro")" = "blocker" ] && [ ! -s "$T/ro/blocker" ] && pass "nothing is left behind" || fail "leftovers" "$(ls -la "$T/ro")"
"$BIN" export --group 一班 --format pdf -o "$T/g.pdf" > /dev/null 2>&1
cp "$T/g.pdf" "$T/keep.pdf"   # the export is > 40 KiB, the limit below (SQLite needs 32 KiB)
[ "$(wc -c < "$T/g.pdf")" -gt 40960 ] && pass "the group export is larger than the limit below" || fail "export size" "$(wc -c < "$T/g.pdf")"
( trap '' XFSZ; ulimit -f 80; "$BIN" export --group 一班 --format pdf -o "$T/keep.pdf" ) > /dev/null 2> "$T/e"
expect_rc "a write that runs out of space (file size limit) exits 1" 1 $?
grep -q "keep.pdf: cannot write: .*(previous file kept)" "$T/e" && pass "it says the previous file was kept" || fail "full msg" "$(cat "$T/e")"
cmp -s "$T/g.pdf" "$T/keep.pdf" && pass "the previous file is unchanged" || fail "kept" "changed"
[ -z "$(ls "$T" | grep '\.tmp\.')" ] && pass "no temporary file is left" || fail "tmp" "$(ls "$T")"

# ---- Classroom: each turn counts for whoever answered it ----
export COUNTERPART_DB="$T/class.db"
DB="$T/class.db"
unset COUNTERPART_PASSPHRASE
"$BIN" trainee import tests/fixtures/roster_utf8.csv > /dev/null 2>&1 || fail "class roster" "import failed"
# 1001 and 1002 take turns (--keyboard); turn 3 is retried by 1002 (the second attempt counts)
{ sed -n 1,3p "$R"; echo '/retry'; echo '/keyboard 1002'; sed -n 3p "$R"; echo '/keyboard 1001'; sed -n 4p "$R"
  echo '/keyboard 1002'; sed -n 5,7p "$R"; } > "$T/class.txt"
"$BIN" practice missing_materials --mode classroom --trainee 1001 --keyboard 1001,1002 --replies "$T/class.txt" > "$T/o" 2>&1
expect_rc "classroom practice with --keyboard" 0 $?
kb=$(sql "select t.seq || ':' || t.attempt || ':' || k.staff_no from turns t join trainees k on k.id = t.keyboard_id order by t.id" | tr '\n' ' ')
[ "$kb" = "1:1:1001 2:1:1002 3:1:1001 3:2:1002 4:1:1001 5:1:1002 6:1:1002 7:1:1002 " ] \
    && pass "--keyboard rotates by turn, a retry keeps the turn, /keyboard fixes it" || fail "keyboard per turn" "$kb"
"$BIN" practice missing_materials --trainee 1001 --keyboard 1001,1002 --replies "$T/class.txt" > /dev/null 2>&1
expect_rc "--keyboard outside classroom mode is a usage error" 2 $?
"$BIN" practice missing_materials --mode classroom --trainee 1001 --keyboard 1001,9999 --replies "$T/class.txt" > /dev/null 2> "$T/e"
expect_rc "--keyboard with an unknown 工号 exits 1" 1 $?
grep -q "9999" "$T/e" && pass "the unknown 工号 is named" || fail "kb msg" "$(cat "$T/e")"
"$BIN" export --group 一班 --format json -o "$T/cg.json" > /dev/null 2> "$T/e"
expect_rc "group export of the class" 0 $?
"$BIN" export --trainee 1002 --format json -o "$T/ct.json" > /dev/null 2> "$T/e"
expect_rc "export of the classmate (no session of their own)" 0 $?
python3 - "$T/cg.json" "$T/ct.json" "$DB" <<'PY'
import json, sqlite3, sys
g = json.load(open(sys.argv[1], encoding="utf-8")); one = json.load(open(sys.argv[2], encoding="utf-8"))
db = sqlite3.connect(sys.argv[3])
def check(name, ok, why=""):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + why))
def final_of(turn_id, hints, tmax):
    fin = 0.0
    for crit, score, mx in db.execute("select criterion, score, max from turn_results where turn_id=? and focus=1", (turn_id,)):
        ov = db.execute("select met from overrides where turn_id=? and criterion=? order by id desc limit 1", (turn_id, crit)).fetchone()
        fin += score if ov is None else (mx if ov[0] else 0)
    return max(0.0, fin - hints * 0.25 * tmax)
# independently: the counted attempt of each turn, credited to its keyboard (classroom)
want = {}
for tid, hints, mx, who in db.execute("""select t.id, t.hints, t.max, k.staff_no from turns t
        join sessions s on s.id = t.session_id join trainees k on k.id = coalesce(t.keyboard_id, s.trainee_id)
        where t.attempt = (select max(attempt) from turns u where u.session_id = t.session_id and u.seq = t.seq)"""):
    w = want.setdefault(who, [0, 0.0, 0.0])
    w[0] += 1; w[1] += final_of(tid, hints, mx); w[2] += mx
by = {t["staff_no"]: t for t in g["trainees"]}
check("class: both trainees are on the group sheet", sorted(by) == ["1001", "1002"], repr(sorted(by)))
ok = all(abs(by[k]["summary"]["score"] - v[1]) < 1e-3 and abs(by[k]["summary"]["max"] - v[2]) < 1e-3
         and by[k]["summary"]["turns"] == v[0] for k, v in want.items())
check("class: each summary counts the turns its trainee answered (from the database)", ok,
      repr({k: (t["summary"]["turns"], t["summary"]["score"]) for k, t in by.items()}) + " want " + repr(want))
check("class: 1001 answered 2 turns, 1002 answered 5 (the retried turn once, for 1002)",
      by["1001"]["summary"]["turns"] == 2 and by["1002"]["summary"]["turns"] == 5)
sess = by["1001"]["sessions"][0]
check("class: the summaries add up to the session",
      abs(by["1001"]["summary"]["score"] + by["1002"]["summary"]["score"] - sess["score"]) < 1e-3
      and abs(by["1001"]["summary"]["max"] + by["1002"]["summary"]["max"] - sess["max"]) < 1e-3)
ae = by["1002"]["answered_elsewhere"]
check("class: 1002's answered_elsewhere names the turns and the owner",
      [(x["session"], x["seq"], x["listed"], x["owner"]["staff_no"]) for x in ae] == [(sess["id"], q, True, "1001") for q in (2, 3, 5, 6, 7)]
      and by["1001"]["answered_elsewhere"] == [] and by["1002"]["sessions"] == [], repr(ae)[:300])
t = one["trainees"]
check("class: the classmate's own sheet has the same summary, the turns not listed",
      len(t) == 1 and t[0]["summary"] == by["1002"]["summary"] and all(not x["listed"] for x in t[0]["answered_elsewhere"])
      and len(t[0]["answered_elsewhere"]) == 5, repr(t[0]["summary"])[:200] if t else "no trainee")
co = {c["id"]: c for c in g["cohort"]["criteria"]}
ok = True
for c in g["criteria"]:
    rates = [x["met"] / x["total"] for tr in g["trainees"] for x in tr["summary"]["criteria"] if x["id"] == c["id"] and x["total"]]
    if rates and (co[c["id"]]["n"] != len(rates) or abs(co[c["id"]]["mean"] - sum(rates) / len(rates)) > 1e-4):
        ok = False
check("class: the cohort follows the summaries", ok and g["cohort"]["trainees"] == 2)
PY
python3 tests/export/schema_check.py docs/scoresheet.schema.json "$T/cg.json" "$T/ct.json" > "$T/o" 2>&1 \
    && pass "class: both sheets satisfy docs/scoresheet.schema.json" || fail "class schema" "$(cat "$T/o")"
"$BIN" export --group 一班 --format json,pdf,xlsx -o "$T/cg" > /dev/null 2> "$T/e"
expect_rc "class: PDF and XLSX of a trainee with no session of their own" 0 $?
python3 tests/export/xlsx_check.py "$T/cg.xlsx" "$T/cg.json" 2>&1 | sed 's/^\(PASS\|FAIL\) /\1 class: /'
python3 - "$T/cg.xlsx" "$T/cg.json" <<'PY'
import json, sys
sys.path.insert(0, "tests/export")
import xlsx_check as xc
doc = json.load(open(sys.argv[2], encoding="utf-8"))
t = [x for x in doc["trainees"] if x["staff_no"] == "1002"][0]
sh = xc.Book(sys.argv[1]).sheet(xc.expected_sheet_names(doc)[doc["trainees"].index(t)])
r = sh.find_row(0, "所在会话")
got = [(sh.val(r + 1 + k, 2), sh.val(r + 1 + k, 3), sh.val(r + 1 + k, 4)) for k in range(len(t["answered_elsewhere"]))]
want = [(float(x["seq"]), "王小明（工号 1001）", float(x["turn"]["final"])) for x in t["answered_elsewhere"]]
ok = r >= 0 and got == want and sh.val(r + 1 + len(want), 0) is None
print(("PASS " if ok else "FAIL ") + "class: the XLSX sheet of 1002 lists the turns answered in 1001's session" + ("" if ok else ": %r vs %r" % (got, want)))
PY
if command -v pdftotext > /dev/null 2>&1; then
    pdftotext -layout "$T/cg.pdf" "$T/cg.txt" 2> /dev/null
    grep -q "王小明的课堂 第[0-9]*轮" "$T/cg.txt" && pass "class: the PDF quotes evidence from a turn answered in a classmate's session" \
        || fail "class pdf evidence" "$(grep -n '第.轮' "$T/cg.txt" | head -5)"
else
    echo "SKIP class: the PDF quotes evidence from a classmate's session: pdftotext is not installed (poppler-utils)"
fi

[ $fails -eq 0 ]
