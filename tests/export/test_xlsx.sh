#!/bin/sh
# The XLSX score sheet read back: the fixture (tests/fixtures/scoresheet_two.json) rendered by
# the unit-test binary's --write mode and checked cell by cell by xlsx_check.py (standard-library
# Python); a hostile variant (clashing and forbidden sheet names, a cut that exposes an
# apostrophe, emoji, control characters, an open session, no turns[].counted, a trainee with no
# sessions); the checker shown to catch a wrong number; a document missing a member refused; and
# an end-to-end `counterpart export` (group and exam, with an override) of a real database,
# checked against the JSON export of the same selection (a member who opened a session and never
# answered is listed under 无作答记录 on 班组汇总, not among those below the pass mark).
# LibreOffice is not needed: if soffice is installed, a conversion smoke test runs with a profile
# of its own, else (or when soffice fails on a file of its own) it is a visible SKIP.
# Env: BIN (counterpart binary), ROOT (repo).
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
FX=tests/fixtures/scoresheet_two.json
CHECK=tests/export/xlsx_check.py
TB="$(dirname "$BIN")/tests/test_export_xlsx"

if [ ! -x "$TB" ]; then
    fail "xlsx test binary" "$TB not built"
    exit 1
fi

# ---- the fixture ----
if "$TB" --write "$T/two.xlsx" 2> "$T/e"; then
    pass "xlsx: the fixture renders"
    python3 "$CHECK" --prefix xlsx.fixture "$T/two.xlsx" "$FX" || fails=$((fails + 1))
else
    fail "xlsx: the fixture renders" "$(cat "$T/e")"
fi

# ---- the checker is not blind: a wrong expectation is caught ----
python3 - "$FX" "$T/wrong.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["trainees"][1]["summary"]["percent"] += 1.0
d["cohort"]["criteria"][0]["mean"] += 0.01
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
python3 "$CHECK" "$T/two.xlsx" "$T/wrong.json" > "$T/o" 2>&1
if grep -q '^FAIL xlsx.summary.values' "$T/o" && grep -q '^FAIL xlsx.cohort.values' "$T/o"; then
    pass "xlsx: the checker catches a percent and a mean that differ"
else
    fail "xlsx: the checker catches wrong numbers" "$(grep -v '^PASS' "$T/o" | head -5)"
fi

# ---- hostile names and text ----
python3 - "$FX" "$T/hostile.json" <<'PY'
import copy, json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
a, b = d["trainees"]
# the 31-unit cut lands just after the trailing ', which must not end the sheet name
a["name"] = "'[欧阳/娜娜]*?:一个特别特别特别特别特别特别长的名字ab'"
b["name"], b["staff_no"] = a["name"], a["staff_no"]           # clashes after sanitising
b["sessions"][0]["turns"][0]["reply"] = "控制\u0001符\u0007与\t制表"
b["sessions"][1]["outcome_name"] = None                      # a session still open
for t in (a, b):                                              # a writer before turns[].counted
    for se in t["sessions"]:
        for u in se["turns"]:
            u.pop("counted", None)
c = copy.deepcopy(b)
c.update(id=9, name="😀" * 20, staff_no="", sessions=[], exam_runs=[])
c["summary"].update(sessions=0, turns=0, score=0.0, max=0.0, percent=0.0, passed=False,
                    hints=0, overrides=0)
for k in c["summary"]["criteria"]:
    k.update(met=0, total=0, rate=None)
d["trainees"].append(c)
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
if "$TB" --write "$T/hostile.xlsx" "$T/hostile.json" 2> "$T/e"; then
    pass "xlsx: a document with hostile names renders"
    python3 "$CHECK" --prefix xlsx.hostile "$T/hostile.xlsx" "$T/hostile.json" || fails=$((fails + 1))
else
    fail "xlsx: a document with hostile names renders" "$(cat "$T/e")"
fi

# ---- a document missing a member: refused, no file ----
python3 - "$FX" "$T/broken.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
del d["trainees"][0]["sessions"][0]["turns"][2]["citizen"]
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$TB" --write "$T/broken.xlsx" "$T/broken.json" 2> "$T/e"; rc=$?
if [ $rc -ne 0 ] && grep -q 'trainees\[0\].sessions\[0\].turns\[2\].citizen' "$T/e" && [ ! -e "$T/broken.xlsx" ]; then
    pass "xlsx: a missing member is named by its path and nothing is written"
else
    fail "xlsx: missing member" "rc=$rc $(cat "$T/e")"
fi

# ---- end to end: counterpart export of a real database, checked against its JSON export ----
DB="$T/rec.db"
PASS_OK="$T/pass"; printf 'correct horse 社保\n' > "$PASS_OK"
export COUNTERPART_KEY="$T/sign.key"
unset COUNTERPART_DB COUNTERPART_PASSPHRASE COUNTERPART_NEW_PASSPHRASE
R=scenarios/replies/missing_materials
ok=1
: > "$T/noreply.txt"   # 孙静 opens a session and never answers: no record, not a fail
for step in "trainee add 王晓明 2001 一班" "trainee add 赵丽 2002 一班" "trainee add 孙静 2003 一班" \
        "practice missing_materials --trainee 2001 --replies $R/resolved.txt" \
        "practice missing_materials --trainee 2002 --replies $R/partial.txt" \
        "practice missing_materials --trainee 2003 --replies $T/noreply.txt" \
        "passphrase set --new-file $PASS_OK" \
        "exam start window_basics --trainee 2001 --replies $R/resolved.txt --passphrase-file $PASS_OK" \
        "exam start window_basics --trainee 2002 --replies $R/walked_away.txt --passphrase-file $PASS_OK"; do
    # shellcheck disable=SC2086
    if ! "$BIN" $step --db "$DB" > "$T/o" 2> "$T/e"; then
        fail "xlsx: e2e setup: $step" "$(head -c 300 "$T/e")"; ok=0; break
    fi
    case "$step" in "exam start"*" 2001 "*) esid=$(sed -n 's/^scenario missing_materials session \([0-9]*\)$/\1/p' "$T/o") ;; esac
done
if [ $ok = 1 ]; then
    # an override on the first missed focus criterion of 王晓明's exam
    crit=$(python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
r = c.execute("select t.seq, r.criterion from turn_results r join turns t on t.id=r.turn_id "
              "where t.session_id=? and r.focus=1 and r.met=0 order by t.seq limit 1",
              (int(sys.argv[2]),)).fetchone()
print("%d %s" % r if r else "")' "$DB" "${esid:-0}")
    if [ -n "$crit" ]; then
        # shellcheck disable=SC2086
        "$BIN" override "$esid" $crit --met yes --why "复述到位，评分器漏判" --by 考官甲 \
            --db "$DB" --passphrase-file "$PASS_OK" > /dev/null 2> "$T/e" ||
            fail "xlsx: e2e override" "$(head -c 300 "$T/e")"
    fi
    for sel in "--group 一班" "--exam window_basics"; do
        # shellcheck disable=SC2086
        "$BIN" export $sel --format json,xlsx -o "$T/e2e" --assessor 王老师 --db "$DB" \
            --passphrase-file "$PASS_OK" > "$T/o" 2> "$T/e"; rc=$?
        if [ $rc -eq 0 ] && [ -s "$T/e2e.xlsx" ] && [ -s "$T/e2e.json" ]; then
            pass "xlsx: counterpart export $sel --format json,xlsx"
            python3 "$CHECK" --prefix "xlsx.cli(${sel#--})" "$T/e2e.xlsx" "$T/e2e.json" || fails=$((fails + 1))
            # 孙静 (no answered turn) is under 无作答记录 on 班组汇总, not among 未达及格线的学员
            if [ "$sel" = "--group 一班" ]; then
                python3 - "$T/e2e.xlsx" "$T/e2e.json" > "$T/nr.out" 2>&1 <<'PY'
import json, sys
sys.path.insert(0, "tests/export")
from xlsx_check import Book
d = json.load(open(sys.argv[2], encoding="utf-8"))
co = d["cohort"]
def pr(name, ok, why):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + why))
pr("xlsx: e2e JSON lists 孙静 in cohort.no_record, not below_pass",
   [x["staff_no"] for x in co.get("no_record", [])] == ["2003"] and
   all(b["staff_no"] != "2003" for b in co["below_pass"]) and co.get("with_record") == 2,
   "no_record %r below_pass %r with_record %r" % (co.get("no_record"), co["below_pass"], co.get("with_record")))
sh = Book(sys.argv[1]).sheet("班组汇总")
col0 = [sh.val(r, 0) for r in range(max(r for r, _ in sh.cells) + 1)]
bp = next((i for i, v in enumerate(col0) if v == "未达及格线的学员"), -1)
nr = next((i for i, v in enumerate(col0) if v and v.startswith("无作答记录的学员")), -1)
where = [i for i, v in enumerate(col0) if v == "孙静"]
pr("xlsx: 班组汇总 lists 孙静 (2003) under 无作答记录, after the below-pass rows",
   bp >= 0 and nr > bp and where == [nr + 2] and sh.val(nr + 2, 1) == "2003" and sh.val(nr + 1, 0) == "姓名",
   "below-pass heading row %d, no-record heading row %d, 孙静 at rows %r" % (bp, nr, where))
pr("xlsx: 班组汇总 counts 孙静 apart in the head line",
   any(v and "无作答记录 1" in v for v in col0[:4]), "%r" % col0[:4])
PY
                cat "$T/nr.out"
                n=$(grep -c '^PASS' "$T/nr.out")
                [ "$n" -eq 3 ] || fails=$((fails + 1))
            fi
            # signed, and still openable: LibreOffice (7.x) looks for the ZIP end record only in
            # the last 512 + 22 bytes, so the signature must not be a long archive comment
            python3 -c '
import sys, zipfile
b = open(sys.argv[1], "rb").read()
z = zipfile.ZipFile(sys.argv[1])
ok = b[-22:-18] == b"PK\x05\x06" and z.comment == b"" and z.namelist()[-1] == "counterpart-signature.xml"
sys.exit(0 if ok and z.testzip() is None else 1)' "$T/e2e.xlsx" &&
                pass "xlsx: the signed export ends in its ZIP end record, signature as the last member" ||
                fail "xlsx: signed layout" "comment or end record misplaced"
            [ -s "$T/signed.xlsx" ] || cp "$T/e2e.xlsx" "$T/signed.xlsx"
        else
            fail "xlsx: counterpart export $sel --format xlsx" "rc=$rc $(head -c 400 "$T/e")"
        fi
        rm -f "$T/e2e.xlsx" "$T/e2e.json"
    done
    if [ -n "$crit" ]; then
        "$BIN" export --exam window_basics --format json -o "$T/ex.json" --db "$DB" \
            --passphrase-file "$PASS_OK" > /dev/null 2>&1
        python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
sys.exit(0 if any((g["override"] or {}).get("why") == "复述到位，评分器漏判" for t in d["trainees"]
                  for s in t["sessions"] for u in s["turns"] for g in u["criteria"]) else 1)' \
            "$T/ex.json" && pass "xlsx: the e2e exam export carries the override" ||
            fail "xlsx: e2e override" "not in the exam export"
    fi
fi

# ---- optional: LibreOffice opens it (never required) ----
# soffice runs with a throwaway profile of its own (-env:UserInstallation in this run's $T), so a
# LibreOffice already running on the machine, or another test run, cannot collide with it. A
# missing soffice, or one that cannot convert a plain CSV of its own (its own failure: no
# profile, no display libraries, a crash), is a SKIP with the reason; only a soffice that works
# and still cannot open our workbook is a FAIL.
LO_PROFILE="file://$T/lo-profile"
lo_convert() { # FILTER FILE: converts FILE into $T/lo; soffice's output in $T/lo.log
    HOME="$T" timeout 120 soffice -env:UserInstallation="$LO_PROFILE" --headless --norestore \
        --convert-to "$1" --outdir "$T/lo" "$2" > "$T/lo.log" 2>&1
}
LO_CSV='csv:Text - txt - csv (StarCalc):44,34,76'
lo_rc=0
if command -v soffice > /dev/null 2>&1; then
    printf 'a,b\n1,2\n' > "$T/control.csv"
    lo_convert xlsx "$T/control.csv"; lo_rc=$?
    [ $lo_rc -eq 0 ] && [ ! -s "$T/lo/control.xlsx" ] && lo_rc=no-output
fi
if ! command -v soffice > /dev/null 2>&1; then
    echo "SKIP xlsx: LibreOffice opens the workbooks: soffice is not installed (optional)"
elif [ "$lo_rc" != 0 ]; then
    echo "SKIP xlsx: LibreOffice opens the workbooks: soffice cannot convert a plain CSV of its own here ($lo_rc: $(tail -c 200 "$T/lo.log" | tr '\n' ' '))"
else
    if [ -s "$T/two.xlsx" ] && lo_convert "$LO_CSV" "$T/two.xlsx" && grep -q '张晓燕' "$T/lo/two.csv"; then
        pass "xlsx: LibreOffice converts the workbook"
    else
        fail "xlsx: LibreOffice converts the workbook" "soffice failed: $(tail -c 300 "$T/lo.log")"
    fi
    if [ -s "$T/signed.xlsx" ]; then
        if lo_convert "$LO_CSV" "$T/signed.xlsx" && [ -s "$T/lo/signed.csv" ]; then
            pass "xlsx: LibreOffice opens a signed export"
        else
            fail "xlsx: LibreOffice opens a signed export" "soffice could not load it: $(tail -c 300 "$T/lo.log")"
        fi
    fi
fi

[ $fails -eq 0 ]
