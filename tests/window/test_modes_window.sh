#!/bin/sh
# test_modes_window.sh - the window's recorded modes on a real display (Xvfb, else SDL's
# offscreen driver): a scripted practice session with a hint (asked first, then taken) and a
# retried turn, ending on the progress view; a scripted exam with a wrong passphrase, a reply
# left to time out (3 s limit, tests/fixtures/exam_tiny.lua) and the result screen. The records
# database is checked afterwards with python3's sqlite3; the screenshots must exist and show
# what each screen is for (the hint's cost question, the red countdown, the result's verdict).
# Env: BIN (counterpart binary), ROOT (repo). Prints PASS/FAIL lines; exits non-zero on failure.
set -u
ROOT=${ROOT:-$(pwd)}
BIN=${BIN:-$ROOT/build/counterpart}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"   # see test_window.sh
export ASAN_OPTIONS
COUNTERPART_SCENARIOS=$ROOT/tests/window        # ui_tiny.lua, the exam's scenario
COUNTERPART_RUBRICS=$ROOT/scenarios/rubrics
COUNTERPART_DB=$T/records.db
export COUNTERPART_SCENARIOS COUNTERPART_RUBRICS COUNTERPART_DB
unset COUNTERPART_PASSPHRASE

. "$ROOT/tests/window/display.sh"   # DISPLAY or Xvfb or offscreen; run_win
# Python starts slowly here and decodes PNGs slowly, so checks are batched: one run answers
# every "KEY<TAB>SQL" line (rows joined by ';', columns by '|'), one run every
# "KEY FILE RRGGBB TOL X0 Y0 X1 Y1" pixel count (each image decoded once).
cat >"$T/batch.py" <<'PY'
import sqlite3, sys
sys.path.insert(0, sys.argv[2])
out = []
if sys.argv[1] == "sql":
    c = sqlite3.connect(sys.argv[3])
    for line in sys.stdin.read().splitlines():
        key, q = line.split("\t", 1)
        out.append(key + "\t" + ";".join("|".join(str(x) for x in r) for r in c.execute(q)))
else:
    import pngcheck
    cache = {}
    for line in sys.stdin.read().splitlines():
        key, path, col, tol, *b = line.split()
        try:
            if path not in cache:
                cache[path] = pngcheck.read_png(path)
            w, h, rows = cache[path]
        except Exception:
            out.append(key + "\t-1")
            continue
        col, tol = bytes.fromhex(col), int(tol)
        x0, y0, x1, y1 = pngcheck.box(w, h, b)
        n = 0
        for y in range(y0, y1):
            r = rows[y]
            for x in range(x0, x1):
                p = r[x * 3:x * 3 + 3]
                if abs(p[0] - col[0]) <= tol and abs(p[1] - col[1]) <= tol and abs(p[2] - col[2]) <= tol:
                    n += 1
        out.append(key + "\t" + str(n))
print("\n".join(out))
PY
sqlbatch() { python3 "$T/batch.py" sql "$ROOT/tests/window" "$COUNTERPART_DB" >"$T/sql.out"; }
pixbatch() { python3 "$T/batch.py" px "$ROOT/tests/window" >"$T/px.out"; }
got_sql() { grep "^$1	" "$T/sql.out" | cut -f2-; }
got_px() { v=$(grep "^$1	" "$T/px.out" | cut -f2); echo "${v:--1}"; }
names() { ls "$1" 2>/dev/null | sed 's/^[0-9]*-//; s/\.png$//' | tr '\n' ' ' | sed 's/ $//'; }

"$BIN" trainee add 王小明 1001 一班 >/dev/null 2>"$T/err" || fail setup "$(cat "$T/err")"
printf 'assessor-one\n' >"$T/pass"
"$BIN" passphrase set --new-file "$T/pass" >/dev/null 2>"$T/err" || fail setup "$(cat "$T/err")"

# ---- usage: records options need a trainee; an unknown trainee is a problem ----
"$BIN" play --mode exam >/dev/null 2>&1
rc=$?
"$BIN" play ui_tiny --trainee 9999 --script /dev/null >/dev/null 2>"$T/err"
rc2=$?
if [ $rc -eq 2 ] && [ $rc2 -eq 1 ]; then pass records_options_need_a_known_trainee; else fail records_options_need_a_known_trainee "rc=$rc rc2=$rc2"; fi

# ---- practice: the start screen, a hint asked (F1) then taken with Enter - which answers the
# question and leaves the half-typed reply in the box - a reply, 重答本轮, the choice, the
# end, progress ----
cat >"$T/practice.txt" <<'EOF'
!type 大姐，
!f1
!enter
材料不对当然办不了，你自己没看清楚。
!f2
!alt+1
您放心，我这就帮您看。
!enter
!f3
EOF
P=$T/practice
run_win "$BIN" play ui_tiny --trainee 1001 --script "$T/practice.txt" --screenshot "$P" \
    >"$T/stdout" 2>"$T/stderr"
rc=$?
got=$(names "$P")
want="start dialogue dialogue hint-ask hint hint feedback dialogue feedback dialogue typing feedback end progress"
if [ $rc -eq 0 ] && [ "$got" = "$want" ]; then pass practice_screens_in_order; else fail practice_screens_in_order "rc=$rc got '$got' $(head -3 "$T/stderr")"; fi

sqlbatch <<'Q'
turns	select seq, attempt, hints, choice from turns order by id
sessions	select mode, ended is not null, outcome from sessions
elapsed	select elapsed_ms > 0 from turns where seq = 2
first	select reply from turns where seq = 1 and attempt = 1
Q
ask=$(ls "$P"/*-hint-ask.png 2>/dev/null | head -1)
prog=$(ls "$P"/*-progress.png 2>/dev/null | head -1)
pixbatch <<Q
ask ${ask:-none} C9821E 12 0.3 0.3 1 0.9
card ${prog:-none} DDEEED 4 0 0.05 1 0.3
green ${prog:-none} 2B7A4B 20 0.3 0.3 0.85 0.95
red ${prog:-none} B23A30 20 0.3 0.3 0.85 0.95
Q
r=$(got_sql turns)
if [ "$r" = "1|1|1|0;1|2|0|1;2|1|0|0" ]; then pass practice_hint_and_retry_recorded; else fail practice_hint_and_retry_recorded "turns: $r"; fi
r=$(got_sql first)
if [ "$r" = "大姐，材料不对当然办不了，你自己没看清楚。" ]; then pass enter_on_the_hint_question_takes_the_hint_not_the_reply; else fail enter_on_the_hint_question_takes_the_hint_not_the_reply "first reply '$r'"; fi
r=$(got_sql sessions)
if [ "$r" = "practice|1|resolved" ]; then pass practice_session_recorded_and_closed; else fail practice_session_recorded_and_closed "$r"; fi
r=$(got_sql elapsed)
if [ "$r" = "1" ]; then pass practice_reply_time_recorded; else fail practice_reply_time_recorded "$r"; fi
# the cost question: an amber-bordered panel with two buttons, above the reply box
n=$(got_px ask)
if [ "$n" -gt 3000 ]; then pass hint_cost_question_drawn; else fail hint_cost_question_drawn "$n amber pixels"; fi
# the progress view: the recommendation card (pale teal) and the points of the criteria lines
a=$(got_px card); g=$(got_px green); rd=$(got_px red)
if [ "$a" -gt 20000 ] && [ $((g + rd)) -gt 200 ]; then pass progress_view_drawn; else fail progress_view_drawn "card $a points green $g red $rd"; fi

# ---- exam: wrong passphrase, then the right one; the first reply times out ----
cat >"$T/exam.txt" <<'EOF'
周考官
wrong-passphrase
assessor-one
!type 您好，我看看
!wait 3800
您放心，我这就帮您看。
EOF
E=$T/exam
run_win "$BIN" play --trainee 1001 --exam "$ROOT/tests/fixtures/exam_tiny.lua" --script "$T/exam.txt" \
    --screenshot "$E" >"$T/stdout" 2>"$T/stderr"
rc=$?
got=$(names "$E")
case "$got" in
    "unlock unlock unlock unlock unlock exam exam "*result) ok=1 ;;
    *) ok=0 ;;
esac
if [ $rc -eq 0 ] && [ $ok -eq 1 ]; then pass exam_screens_in_order; else fail exam_screens_in_order "rc=$rc got '$got' $(head -3 "$T/stderr")"; fi
sqlbatch <<'Q'
runs	select count(*) from exam_runs
turns	select t.seq, t.reply, t.timed_out, t.limit_ms from turns t join sessions s on s.id = t.session_id where s.mode = 'exam' order by t.seq
clamped	select t.elapsed_ms from turns t join sessions s on s.id = t.session_id where s.mode = 'exam' and t.seq = 1
hints	select distinct t.hints, t.choice from turns t join sessions s on s.id = t.session_id where s.mode = 'exam'
finished	select ended is not null, complete from exam_runs
assessor	select by from exam_runs
passed	select passed from exam_runs
Q
cd_shot=$(ls "$E"/*-exam.png 2>/dev/null | sed -n 2p)
res_shot=$(ls "$E"/*-result.png 2>/dev/null | head -1)
pixbatch <<Q
wrong $E/004-unlock.png F7D3CE 4 0 0.6 1 0.95
cdbg ${cd_shot:-none} F7D3CE 4 0.3 0.4 1 0.95
cdfg ${cd_shot:-none} B23A30 16 0.3 0.4 1 0.95
resg ${res_shot:-none} 2B7A4B 10 0 0.05 1 0.3
resr ${res_shot:-none} B23A30 10 0 0.05 1 0.3
Q
if [ "$(got_px wrong)" -gt 5000 ]; then pass wrong_passphrase_message_shown; else fail wrong_passphrase_message_shown "red panel $(got_px wrong)"; fi
r=$(got_sql runs)
if [ "$r" = "1" ]; then pass wrong_passphrase_started_nothing; else fail wrong_passphrase_started_nothing "$r runs"; fi
r=$(got_sql turns)
if [ "$r" = "1|您好，我看看|1|3000;2|您放心，我这就帮您看。|0|3000" ] && [ "$(got_sql clamped)" = "3000" ]; then
    pass exam_timeout_submitted_as_typed
else
    fail exam_timeout_submitted_as_typed "$r elapsed $(got_sql clamped)"
fi
r=$(got_sql hints)
if [ "$r" = "0|0" ]; then pass exam_no_hints_no_choices; else fail exam_no_hints_no_choices "$r"; fi
r=$(got_sql finished)
if [ "$r" = "1|1" ]; then pass exam_run_finished; else fail exam_run_finished "$r"; fi
r=$(got_sql assessor)
if [ "$r" = "周考官" ]; then pass exam_run_names_the_assessor_typed; else fail exam_run_names_the_assessor_typed "'$r'"; fi
# under 15 s the countdown panel is red (its pale red background and red digits)
bg=$(got_px cdbg); fg=$(got_px cdfg)
if [ "$bg" -gt 20000 ] && [ "$fg" -gt 300 ]; then pass countdown_red_under_15s; else fail countdown_red_under_15s "bg $bg digits $fg"; fi
# the verdict chip: green when passed, red when not - as the database says
passed=$(got_sql passed); g=$(got_px resg); rd=$(got_px resr)
if { [ "$passed" = "1" ] && [ "$g" -gt 1500 ] && [ "$rd" -lt 200 ]; } ||
   { [ "$passed" = "0" ] && [ "$rd" -gt 1500 ] && [ "$g" -lt 200 ]; }; then
    pass result_verdict_matches_records
else
    fail result_verdict_matches_records "passed=$passed green $g red $rd"
fi

if [ -n "${W1_KEEP_SHOTS:-}" ]; then   # keep the screenshots to look at them
    mkdir -p "$W1_KEEP_SHOTS"
    for d in "$P" "$E"; do
        for x in "$d"/*.png; do cp "$x" "$W1_KEEP_SHOTS/$(basename "$d")-$(basename "$x")"; done
    done
fi
[ $fails -eq 0 ]
