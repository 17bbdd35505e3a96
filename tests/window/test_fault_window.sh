#!/bin/sh
# test_fault_window.sh - a full disk under the window (Xvfb, else SDL's offscreen driver): a
# genuine SQLITE_FULL (the test-only hook COUNTERPART_TEST_PAGE_LIMIT, records_int.h) when the
# trainee sends a reply too long to fit the file's last free space. The dialogue screen must show
# the plain Chinese message (the disk is full, the reply is not saved yet, tell the trainer or
# administrator, the reply stays on this machine), the key (Enter retries) and how to stop and
# come back (--resume-session), then the technical line (the file, SQLITE_FULL); the reply stays
# in the box. The test then frees space (raises the limit) and lets the script go on (the
# script's !wait-change waits for the test to touch the scenario file: no race): Enter records
# the reply exactly once and the feedback screen follows. Checked through COUNTERPART_SHOT_TEXT.
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
mkdir "$T/scen"
cp "$ROOT/tests/window/ui_tiny.lua" "$T/scen/"
touch -d '1 hour ago' "$T/scen/ui_tiny.lua"   # so that the test's edit is seen as a change
COUNTERPART_SCENARIOS=$T/scen
COUNTERPART_RUBRICS=$ROOT/scenarios/rubrics
COUNTERPART_DB=$T/records.db
COUNTERPART_SHOT_TEXT=1
export COUNTERPART_SCENARIOS COUNTERPART_RUBRICS COUNTERPART_DB COUNTERPART_SHOT_TEXT
unset COUNTERPART_PASSPHRASE

. "$ROOT/tests/window/display.sh"   # DISPLAY or Xvfb or offscreen; run_win

"$BIN" trainee add 王小明 1001 一班 >/dev/null 2>"$T/err" || fail setup "$(cat "$T/err")"
echo 1 >"$T/limit"   # as small as allowed: the file's present size
# a reply longer than a page: it cannot fit the free space left in the file's pages
long=$(python3 -c "print('大姐您好，让您跑了两趟，真是辛苦了。' + '我把您带来的材料一样一样核对，' * 100 + '您放心。')")
printf '%s\n!wait 100\n!wait-change 60000\n!enter\n' "$long" >"$T/script.txt"
S=$T/shots
COUNTERPART_TEST_PAGE_LIMIT=$T/limit run_win "$BIN" play ui_tiny --trainee 1001 --script "$T/script.txt" \
    --screenshot "$S" >"$T/stdout" 2>"$T/stderr" &
pid=$!
i=0
while ! grep -qs "空间已满" "$S"/*.txt && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done
shot=$(grep -ls "空间已满" "$S"/*.txt | head -1)
cp "$shot" "$T/fault.txt" 2>/dev/null
echo 1000000 >"$T/limit"                       # space freed
echo "-- space freed" >>"$T/scen/ui_tiny.lua"  # lets the script go on
wait $pid
rc=$?
# the message panel's lines, joined (the window wraps them)
msg=$(grep -v '^#' "$T/fault.txt" 2>/dev/null | cut -f2 | tr -d '\n')
case "$msg" in
*"本机磁盘（记录文件所在的磁盘）空间已满，这条回答还没有保存。请通知培训师或管理员清理磁盘空间；回答保留在本机，不会丢失。"*)
    pass window_says_the_disk_is_full_in_plain_chinese ;;
*) fail window_says_the_disk_is_full_in_plain_chinese "$msg" ;;
esac
case "$msg" in
*"原因排除后按 Enter 重试（回答仍在输入框里）；要先停下，按 Esc 退出，之后用counterpart play --resume-session 1 继续。"*)
    pass window_names_the_key_and_how_to_resume ;;
*) fail window_names_the_key_and_how_to_resume "$msg" ;;
esac
case "$msg" in
*"技术信息：记录文件 $T/records.db，SQLite SQLITE_FULL"*"(13)：database or disk is full"*)
    pass window_shows_the_technical_line ;;
*) fail window_shows_the_technical_line "$msg" ;;
esac
case "$msg" in
*"我把您带来的材料一样一样核对，我把您带来的材料一样一样核对"*) pass window_keeps_the_reply_in_the_box ;;
*) fail window_keeps_the_reply_in_the_box "$msg" ;;
esac
got=$(python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print("|".join(str(x) for x in c.execute("select count(*), max(attempt), max(length(cast(reply as blob))) from turns").fetchone()))' "$T/records.db")
names=$(ls "$S" | grep '\.png$' | sed 's/^[0-9]*-//; s/\.png$//' | tr '\n' ' ')
# (the reply box keeps 4,000 bytes of a script's line: more than a page all the same)
if [ $rc -eq 0 ] && [ "${got%|*}" = "1|1" ] && [ "${got##*|}" -gt 3000 ] && echo "$names" | grep -q feedback; then
    pass window_retry_after_space_freed_records_once
else
    fail window_retry_after_space_freed_records_once "rc=$rc turns '$got' (want 1|1|>3000) screens '$names' $(head -3 "$T/stderr")"
fi
[ $fails -eq 0 ]
