#!/bin/sh
# The terminal play (`play --tty`) is as careful as the window: the summary and case brief come
# first (and again on /case); a blank line, #0, a choice past the last, an unknown /command, a
# GBK line and a line cut mid-character are refused in Chinese with the list of commands and never
# scored; Ctrl-D and /quit leave cleanly; the end screen names the ending in Chinese (never its
# id) with the rating, the moments, what a 5 takes, the total and each criterion. Also `run
# --json`'s ending report and `list` (easiest first, a header line).
# Env: BIN (counterpart binary), ROOT (repo).
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
expect_rc() { # name want_rc actual_rc
    [ "$2" = "$3" ] && pass "$1" || fail "$1" "exit $3, want $2"
}
FX=tests/fixtures/report.lua

# ---- every refusal, then Ctrl-D (end of input): nothing scored ----
{
    printf '\n'                  # blank
    printf '   \t\n'             # spaces
    printf '\343\200\200\n'      # an ideographic space (U+3000)
    printf '#0\n'
    printf '#9\n'
    printf '/qiut\n'
    printf '\304\372\272\303\n'  # 您好 in GBK
    printf '\344\275\n'          # UTF-8 cut in the middle of a character
    python3 -c 'print("您好" * 1001)'   # 2002 characters: too long
    printf '/save %s\n' "$T/s.json"
} > "$T/in.txt"                  # ... and then the input ends (Ctrl-D)
"$BIN" play missing_materials --tty < "$T/in.txt" > "$T/o" 2> "$T/e"
expect_rc "a session of refused lines ends with the input, exit 0" 0 $?
[ "$(grep -c '^没有计分' "$T/o")" = 9 ] && pass "each of the 9 bad lines is refused as not scored" \
    || fail "refusals" "$(grep -c '^没有计分' "$T/o") refusals: $(cat "$T/o")"
[ "$(grep -c '^可用命令：/case 再看案情 · /hint 提示 · /model 示范回答 · /save 文件名 保存进度 · /help 命令列表 · /quit 退出；输入 #1–#3 选参考选项' "$T/o")" = 10 ] \
    && pass "each refusal lists the commands (and the start once)" || fail "command list" "$(cat "$T/o")"
grep -q '^没有计分：回复是空的' "$T/o" && pass "a blank line is refused" || fail "blank" "$(cat "$T/o")"
grep -q '^没有计分：没有「#0」这个选项：本轮的参考选项是 #1–#3。' "$T/o" && pass "#0 is refused" || fail "#0" "$(cat "$T/o")"
grep -q '^没有计分：没有「#9」这个选项' "$T/o" && pass "a choice past the last is refused" || fail "#9" "$(cat "$T/o")"
grep -q '^没有计分：没有「/qiut」这个命令。' "$T/o" && pass "an unknown /command is refused" || fail "/qiut" "$(cat "$T/o")"
grep -q '^没有计分：回复太长了（一次最多 2000 个字）' "$T/o" && pass "a reply too long is refused" || fail "too long" "$(tail -c 600 "$T/o")"
[ "$(grep -c '^没有计分：这一行不是有效的 UTF-8 文字（可能是 GBK' "$T/o")" = 2 ] \
    && pass "a GBK line and a cut line are refused in Chinese" || fail "non-UTF-8" "$(cat "$T/o")"
grep -q '^  得分' "$T/o" && fail "nothing scored" "$(grep '得分' "$T/o")" || pass "no line was scored"
turns=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["turns"]))' "$T/s.json" 2>/dev/null)
[ "$turns" = 0 ] && pass "the saved session has no turn" || fail "saved turns" "'$turns'"
tail -2 "$T/o" | head -1 | grep -q '（输入已结束）' && tail -1 "$T/o" | grep -q '^已退出，本次练习还没有作答。$' \
    && pass "Ctrl-D leaves cleanly, no prompt left hanging" || fail "Ctrl-D" "$(tail -3 "$T/o")"
[ ! -s "$T/e" ] && pass "nothing on stderr" || fail "stderr" "$(cat "$T/e")"
LC_ALL=C grep -n -i -E '\b(error|cannot|unknown|invalid|node|choice|failed|usage)\b' "$T/o" > "$T/en" \
    && fail "only Chinese for the trainee" "$(cat "$T/en")" || pass "every message is Chinese"

# ---- the brief first and on /case; a reply scored; /quit ----
printf '/case\n您好，请坐，谢谢您。\n/quit\n' | "$BIN" play "$FX" --tty > "$T/o" 2>&1
expect_rc "play --tty /quit exits 0" 0 $?
b=$(grep -n '^来访人：测试员，40岁，来办测试业务$' "$T/o" | head -1 | cut -d: -f1)
c=$(grep -n '^  第一句$' "$T/o" | head -1 | cut -d: -f1)
[ -n "$b" ] && [ -n "$c" ] && [ "$b" -lt "$c" ] && grep -q '^测试用$' "$T/o" \
    && pass "the summary and brief come before the first line" || fail "brief first" "$(head -20 "$T/o")"
[ "$(grep -c '^来访人：测试员' "$T/o")" = 2 ] && grep -q '^  · 材料交齐期限：本月底前$' "$T/o" \
    && pass "/case shows the brief again" || fail "/case" "$(cat "$T/o")"
[ "$(grep -c '^  得分' "$T/o")" = 1 ] && pass "the reply is scored once" || fail "scored" "$(cat "$T/o")"
tail -1 "$T/o" | grep -q '^已退出，本次练习没有走完：答了 1 轮，得分 1/1。$' \
    && pass "/quit leaves with the progress so far" || fail "/quit" "$(tail -3 "$T/o")"

# ---- to the end: the end screen ----
printf '%s\n' '您好，请坐，谢谢您。' '您好，请您稍等一下，谢谢。' '这是你自己的问题，怪不得别人。' '请您稍等，谢谢。' \
    | "$BIN" play "$FX" --tty > "$T/o" 2>&1
expect_rc "play --tty to an ending exits 0" 0 $?
grep -q '^== 结局：部分解决 ==$' "$T/o" && pass "the ending by its Chinese name" || fail "ending name" "$(tail -15 "$T/o")"
grep -E -q '结局：(done|partial)' "$T/o" && fail "no internal id" "$(grep '结局' "$T/o")" || pass "never an internal id"
grep -q '^事情办了一半，对方心里还不踏实。$' "$T/o" && grep -q '^群众评价（好差评）：基本满意（3/5）$' "$T/o" \
    && pass "why it ended and the rating" || fail "explain/rating" "$(tail -15 "$T/o")"
grep -q '^  第3轮 怒气+29 信任-20：没做到「不指责不推诿」（怒气+25，信任-20）' "$T/o" \
    && pass "the moment that moved the citizen, and why" || fail "moments" "$(tail -15 "$T/o")"
grep -q '^要拿到“非常满意”：全程礼貌，不指责$' "$T/o" && pass "what a 5 takes" || fail "top" "$(tail -15 "$T/o")"
grep -q '^总分：3/5（60%），共 4 轮$' "$T/o" && grep -q '^  文明用语 3/4$' "$T/o" && grep -q '^  不指责不推诿 0/1$' "$T/o" \
    && pass "the total and each criterion's met count" || fail "totals" "$(tail -15 "$T/o")"
tail -1 "$T/o" | grep -q '你>' && fail "no prompt after the end" "$(tail -2 "$T/o")" || pass "no prompt after the end"

# ---- files, in Chinese ----
printf '/save %s\n/quit\n' "$T/no/such/dir/s.json" | "$BIN" play "$FX" --tty > "$T/o" 2>&1
grep -q "^保存失败：无法写入「$T/no/such/dir/s.json」（文件夹不存在）。$" "$T/o" && pass "a failed /save says why in Chinese" \
    || fail "save error" "$(cat "$T/o")"
"$BIN" play no_such_scenario --tty < /dev/null > "$T/o" 2> "$T/e"
expect_rc "a missing scenario exits 1" 1 $?
grep -q '^找不到情景文件「.*no_such_scenario.lua」。用 counterpart list 查看已安装的情景。$' "$T/e" \
    && pass "a missing scenario is said in Chinese" || fail "missing scenario" "$(cat "$T/e")"
printf 'not json' > "$T/bad.json"
"$BIN" play "$FX" --tty --resume "$T/bad.json" < /dev/null > "$T/o" 2> "$T/e"
expect_rc "a broken save exits 1" 1 $?
head -1 "$T/e" | grep -q "^无法从进度文件「$T/bad.json」接着练习：文件已损坏" && pass "a broken save is said in Chinese" \
    || fail "broken save" "$(cat "$T/e")"

# ---- run --json: the ending report ----
printf '%s\n' '您好，请坐，谢谢您。' '您好，请您稍等一下，谢谢。' '这是你自己的问题，怪不得别人。' '请您稍等，谢谢。' > "$T/r.txt"
"$BIN" run "$FX" --replies "$T/r.txt" --json > "$T/j" 2>&1
expect_rc "run --json exits 0" 0 $?
python3 - "$T/j" <<'PY' > "$T/py" 2>&1 && pass "run --json's ending carries the report" || fail "ending report" "$(cat "$T/py")"
import json, sys
e = json.load(open(sys.argv[1]))["ending"]
assert e["id"] == "done" and e["title"] == "部分解决", e
assert e["explain"] == "事情办了一半，对方心里还不踏实。" and e["rating_name"] == "基本满意", e
assert e["top"] == "全程礼貌，不指责" and e["score"] == 3 and e["max"] == 5, e
assert [m["turn"] for m in e["moments"]] == [0, 1, 2], e["moments"]
assert e["moments"][2]["d_anger"] == 29 and "不指责" in e["moments"][2]["why"], e["moments"]
c = {x["id"]: (x["met"], x["shown"]) for x in e["criteria"]}
assert c == {"empathy.courtesy": (3, 4), "empathy.no_blame": (0, 1)}, c
PY

# ---- list: easiest first, under a header ----
"$BIN" list > "$T/o" 2>&1
expect_rc "list exits 0" 0 $?
head -1 "$T/o" | grep -q '^编号 *难度 标题$' && pass "list has a header line" || fail "list header" "$(head -2 "$T/o")"
python3 - "$T/o" <<'PY' > "$T/py" 2>&1 && pass "list is sorted easiest first" || fail "list order" "$(cat "$T/py")"
import sys
rank = {"容易": 1, "中等": 2, "较难": 3, "未标": 4}
rows = [l.split() for l in open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]]
keys = [(rank[r[1]], r[0]) for r in rows]
assert len(keys) >= 12 and keys == sorted(keys), keys
PY

[ $fails -eq 0 ]
