#!/bin/sh
# test_pg_room.sh - a centre's room on a throwaway PostgreSQL server (tests/pg/server.sh): the
# trainer's classroom window shows the room (F12) while two seats - `counterpart practice`
# processes of their own, fed one reply at a time through a FIFO - record to the server. Without
# the trainer pressing another key, the room's rows follow the seats (scenario, turn, the latest
# result, the ending and its rating): the server tells the window of each committed reply
# (LISTEN/NOTIFY). Then a second window plays the class's own turn: 案例拆解 (F6) lists the
# seats' answers at that point beside the window's own, and not another class's; 班组汇总 (F7)
# counts the seats' answers. Checked through the text the window drew beside each screenshot
# (COUNTERPART_SHOT_TEXT; tests/pg/room_check.py). Every wait is for an event, with a timeout.
# When no server can be started: a counted SKIP (a failure under CI).
# Env: BIN, ROOT; KEEP_SHOTS=DIR keeps the screenshots. Prints PASS/FAIL/SKIP lines.
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
SRV="$T/srv"
PIDS=""
. "$ROOT/tests/window/display.sh"   # DISPLAY or Xvfb or offscreen; run_win (sets the EXIT trap)
cleanup() {
    for p in $PIDS; do kill -9 "$p" 2> /dev/null; done
    sh tests/pg/server.sh stop "$SRV" > /dev/null 2>&1
    [ -n "$XPID" ] && kill "$XPID" 2> /dev/null
    rm -rf "$T"
}
trap cleanup EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS
unset COUNTERPART_DB COUNTERPART_PASSPHRASE PGPASSFILE PGSERVICEFILE PGSERVICE
export XDG_CONFIG_HOME="$T/config" COUNTERPART_KEY="$T/signing.key" COUNTERPART_SHOT_TEXT=1
export COUNTERPART_SCENARIOS="$ROOT/scenarios" COUNTERPART_RUBRICS="$ROOT/scenarios/rubrics"
CHECK="python3 $ROOT/tests/pg/room_check.py"

if ! sh tests/pg/server.sh start "$SRV" > /dev/null 2> "$T/why"; then
    why=$(tr '\n' ' ' < "$T/why")
    if [ -n "${CI:-}" ]; then
        fail "PostgreSQL server" "could not start one on CI: $why"
        exit 1
    fi
    echo "SKIP the live room on PostgreSQL: no throwaway server could be started ($why)"
    exit 0
fi
if [ -z "${DISPLAY:-}" ]; then
    echo "SKIP the live room on PostgreSQL: no X display (Xvfb) for the trainer's window"
    exit 0
fi
DB=$(sh tests/pg/server.sh createdb "$SRV" room) || { fail "database" "createdb"; exit 1; }
printf '姓名,工号,班组\n王小明,1001,一班\n李华,1002,一班\n赵敏,1005,一班\n张伟,1004,二班\n' > "$T/roster.csv"
"$BIN" trainee import "$T/roster.csv" --db "$DB" > /dev/null 2> "$T/e" || fail "roster" "$(cat "$T/e")"
MM=scenarios/replies/missing_materials/resolved.txt
CB=scenarios/replies/card_balance/resolved.txt

# until SECONDS CMD...: runs CMD every 0.1 s until it succeeds (0) or SECONDS pass (1)
until_ok() {
    lim=$(($1 * 10))
    shift
    i=0
    while ! "$@" > "$T/last" 2>&1; do
        i=$((i + 1))
        [ $i -ge $lim ] && return 1
        sleep 0.1
    done
    return 0
}
# row NAME NEXT PATTERN...: the latest room screenshot shows the patterns in NAME's row
row() { $CHECK row "$T/room" "$@"; }
recorded() { [ "$(grep -c '^recorded ' "$1")" -ge "$2" ]; }

# ---- the trainer's window: F12, then nothing but waiting for the seats ----
{
    echo '!f12'
    i=0
    while [ $i -lt 30 ]; do echo '!wait-live 120000'; i=$((i + 1)); done
} > "$T/room.txt"
"$BIN" play --mode classroom --db "$DB" --group 一班 --by 王老师 \
    --script "$T/room.txt" --screenshot "$T/room" > "$T/wo" 2> "$T/we" &
WIN=$!
PIDS="$PIDS $WIN"
if until_ok 90 row 王小明 李华 未开始; then
    pass "the room opens with every member 未开始"
else
    fail "room opens" "$(cat "$T/last") $(head -3 "$T/we")"
fi
row 李华 赵敏 未开始 > /dev/null && row 赵敏 "" 未开始 > /dev/null && ! $CHECK text "$T/room" class-room | grep -q 张伟 \
    && pass "... the class's members only (二班 is not there)" || fail "members" "$($CHECK text "$T/room" class-room)"

# ---- two seats, each its own process and connection, one reply at a time ----
mkfifo "$T/f1" "$T/f2"
"$BIN" practice missing_materials --trainee 1002 --db "$DB" --replies "$T/f1" > "$T/s1" 2> "$T/s1e" &
S1=$!
PIDS="$PIDS $S1"
"$BIN" practice card_balance --trainee 1005 --db "$DB" --replies "$T/f2" > "$T/s2" 2> "$T/s2e" &
S2=$!
PIDS="$PIDS $S2"
exec 3> "$T/f1" 4> "$T/f2"

sed -n 1p "$MM" >&3
until_ok 60 recorded "$T/s1" 1 || fail "seat 1002" "reply 1 not recorded: $(cat "$T/s1e")"
if until_ok 30 row 李华 赵敏 第三趟还没办成的退休申领 练习 第2轮作答中 '第1轮[0-9]+%' '达成[0-9]+项'; then
    pass "seat 1002's first reply shows in the room (scenario, turn, result) without a key"
else
    fail "seat 1002 reply 1" "$(cat "$T/last")"
fi
row 赵敏 "" '未开始|第1轮作答中' > /dev/null && ! row 赵敏 "" '第1轮[0-9]+%' > /dev/null \
    && pass "... the other seat shows no reply yet" || fail "seat 1005 idle" "$($CHECK text "$T/room" class-room)"

sed -n 1p "$CB" >&4
until_ok 60 recorded "$T/s2" 1 || fail "seat 1005" "reply 1 not recorded: $(cat "$T/s2e")"
if until_ok 30 row 赵敏 "" 社保卡上少了三百八 第2轮作答中 '第1轮[0-9]+%'; then
    pass "seat 1005's first reply shows in the room"
else
    fail "seat 1005 reply 1" "$(cat "$T/last")"
fi

sed -n 2p "$MM" >&3
until_ok 60 recorded "$T/s1" 2 || fail "seat 1002" "reply 2 not recorded"
until_ok 30 row 李华 赵敏 第3轮作答中 '第2轮[0-9]+%' \
    && pass "seat 1002's second reply moves its row on (turn 3)" || fail "seat 1002 reply 2" "$(cat "$T/last")"

sed -n '2,$p' "$CB" >&4
exec 4>&-
until_ok 60 recorded "$T/s2" "$(wc -l < "$CB")" || fail "seat 1005" "not every reply recorded: $(tail -3 "$T/s2e")"
until_ok 30 row 赵敏 "" '已结束：问题解决' '好差评[1-5]/5' \
    && pass "seat 1005's ending and its rating show when its session ends" || fail "seat 1005 ending" "$(cat "$T/last")"
exec 3>&-
wait $S1 2> /dev/null
wait $S2 2> /dev/null
n=$($CHECK count "$T/room" class-room)
[ "$n" -ge 5 ] && pass "the room was redrawn by the server's news ($n screenshots from one key)" \
    || fail "live screenshots" "$n"
kill -TERM $WIN 2> /dev/null   # as a desktop's close would: SDL_QUIT
gone() { ! kill -0 "$WIN" 2> /dev/null; }
until_ok 30 gone || kill -9 $WIN 2> /dev/null
wait $WIN
rc=$?
[ $rc = 0 ] && pass "the trainer's window closes cleanly (its listening thread joined)" \
    || fail "window exit" "exit $rc: $(head -5 "$T/we")"
out=$($CHECK cut "$T/room" class-room 1280 800) && pass "the room's rows are whole at 1280x800" \
    || fail "room cut" "$out"

# ---- another class's answer at the same point (must not show in this class's 案例拆解) ----
sed -n 1p "$MM" > "$T/other.txt"
"$BIN" practice missing_materials --trainee 1004 --db "$DB" --replies "$T/other.txt" > /dev/null 2>&1 \
    || fail "seat 1004" "practice"

# ---- the class's own turn, then F6 and F7: the seats' answers are there ----
cat > "$T/class.txt" <<SCRIPT
$(sed -n 1p "$MM")
!f6
!esc
!f7
!esc
SCRIPT
run_win timeout 120 "$BIN" play missing_materials --mode classroom --db "$DB" --group 一班 --by 王老师 \
    --script "$T/class.txt" --screenshot "$T/class" > "$T/co" 2> "$T/ce"
rc=$?
[ $rc = 0 ] && pass "a classroom window plays a turn and opens F6 and F7" || fail "class run" "exit $rc: $(head -3 "$T/ce")"
cases=$($CHECK text "$T/class" class-cases)
echo "$cases" | grep -q '李华（1002）' && echo "$cases" | grep -q '王小明（1001）' \
    && pass "案例拆解 lists the seat's answer beside the window's own" || fail "F6 seats" "$cases"
echo "$cases" | grep -q '张伟' && fail "F6 class" "another class's answer shown: $cases" \
    || pass "... and not another class's"
cohort=$($CHECK text "$T/class" class-cohort)
echo "$cohort" | grep -q '3名学员（3人有作答）' \
    && pass "班组汇总 counts the seats' answers (every member has answered)" || fail "F7 seats" "$cohort"
if [ -n "${KEEP_SHOTS:-}" ]; then
    mkdir -p "$KEEP_SHOTS"
    cp "$T/room"/*.png "$T/class"/*.png "$KEEP_SHOTS/" 2> /dev/null
fi
exit $fails
