#!/bin/sh
# test_window.sh - runs the real SDL window on a scripted session and checks its screenshots
# with tolerance (not pixel goldens): every screen saved, none blank, text where it belongs,
# `play SCENARIO` opening on the start screen with the summary and case brief, the feedback's
# green and red highlights present with the model answer in view, the ending's rating stars
# drawn; plus the empty-script opening frames, the no-display fallback and the missing-font
# error.
# Env: BIN (counterpart binary), ROOT (repo). Uses Xvfb when there is no display, else SDL's
# offscreen driver. Prints PASS/FAIL lines; exits non-zero on any failure.
set -u
ROOT=${ROOT:-$(pwd)}
BIN=${BIN:-$ROOT/build/counterpart}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
PNG="python3 $ROOT/tests/window/pngcheck.py"
# Under the sanitizer build, leak checks stay on for the model (tests/unit/test_ui) but are off
# for the whole window: X11, Mesa and fontconfig keep allocations until exit, in modules SDL
# loads with dlopen (unsymbolised, so no suppression can name them).
ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS
SCEN=$ROOT/tests/window/ui_tiny.lua

# How to get a display: the caller's, else one Xvfb for the whole file, else SDL's offscreen
# driver.
. "$ROOT/tests/window/display.sh"   # DISPLAY or Xvfb or offscreen; run_win

# ---- a scripted session: two typed replies to the end ----
out=$T/shots
run_win "$BIN" play "$SCEN" --script "$ROOT/tests/window/tiny_script.txt" --screenshot "$out" \
    >"$T/stdout" 2>"$T/stderr"
rc=$?
if [ $rc -eq 0 ]; then pass scripted_run_exits_0; else fail scripted_run_exits_0 "rc=$rc: $(head -3 "$T/stderr")"; fi
want="001-start.png 002-dialogue.png 003-typing.png 004-feedback.png 005-dialogue.png 006-typing.png 007-feedback.png 008-end.png"
got=$(ls "$out" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')
if [ "$got" = "$want" ]; then pass every_screen_saved; else fail every_screen_saved "got '$got'"; fi

blank=""
for f in "$out"/*.png; do
    [ -f "$f" ] || continue
    $PNG notblank "$f" >/dev/null 2>&1 || blank="$blank $(basename "$f")"
done
if [ -z "$blank" ] && [ -f "$out/002-dialogue.png" ]; then pass screens_not_blank; else fail screens_not_blank "blank or unreadable:$blank"; fi

if [ -f "$out/001-start.png" ]; then
    # the chosen scenario's card (teal ring, left) and its summary and case brief (right panel)
    n=$($PNG count "$out/001-start.png" 2A6B70 12 0 0.3 0.45 0.9)
    ink=$($PNG ink "$out/001-start.png" 0.45 0.35 1 0.85)
    if [ "$n" -gt 1000 ] && [ "$ink" -gt 2000 ]; then pass start_screen_shows_summary_and_brief; else fail start_screen_shows_summary_and_brief "ring $n ink $ink"; fi
fi
if [ -f "$out/002-dialogue.png" ]; then
    set -- $($PNG size "$out/002-dialogue.png")
    if [ "$1" -ge 800 ] && [ "$2" -ge 560 ]; then pass window_size_usable; else fail window_size_usable "$1x$2"; fi
    # teal top bar across the top-left corner
    n=$($PNG count "$out/002-dialogue.png" 2A6B70 12 0 0 0.3 0.05)
    if [ "$n" -gt 1000 ]; then pass top_bar_drawn; else fail top_bar_drawn "$n teal pixels"; fi
    # the citizen's opening line: dark text in the history area (right, upper part)
    n=$($PNG ink "$out/002-dialogue.png" 0.3 0.08 1 0.35)
    if [ "$n" -gt 300 ]; then pass history_shows_citizen_line; else fail history_shows_citizen_line "$n ink pixels"; fi
    # the portrait: skin tones in the left column
    n=$($PNG count "$out/002-dialogue.png" F1C7A1 40 0 0.05 0.3 0.6)
    if [ "$n" -gt 2000 ]; then pass portrait_drawn; else fail portrait_drawn "$n skin pixels"; fi
fi
if [ -f "$out/003-typing.png" ] && [ -f "$out/002-dialogue.png" ]; then
    a=$($PNG ink "$out/002-dialogue.png" 0.3 0.7 1 0.95)
    b=$($PNG ink "$out/003-typing.png" 0.3 0.7 1 0.95)
    if [ "$b" -gt $((a + 300)) ]; then pass reply_box_shows_typed_text; else fail reply_box_shows_typed_text "ink $a -> $b"; fi
fi
if [ -f "$out/004-feedback.png" ]; then
    # the first reply acknowledges (green words), then blames and promises: red must mark those
    # words, with the rules they broke tagged red in the list
    g=$($PNG count "$out/004-feedback.png" CFECD8 8 0.5 0.05 1 0.6)
    r=$($PNG count "$out/004-feedback.png" F7D3CE 8 0.5 0.05 1 0.6)
    if [ "$g" -gt 300 ]; then pass feedback_green_highlight; else fail feedback_green_highlight "$g pixels"; fi
    if [ "$r" -gt 300 ]; then pass feedback_red_highlight; else fail feedback_red_highlight "$r pixels"; fi
    gp=$($PNG count "$out/004-feedback.png" 2B7A4B 10 0 0.05 1 0.9)
    rp=$($PNG count "$out/004-feedback.png" B23A30 10 0 0.05 1 0.9)
    if [ "$gp" -gt 300 ] && [ "$rp" -gt 300 ]; then pass feedback_met_and_missed_tags; else fail feedback_met_and_missed_tags "green $gp red $rp"; fi
    # the model answer (pale teal) in view without scrolling, and no "more below" pill
    m=$($PNG count "$out/004-feedback.png" DDEEED 2 0.5 0.15 1 0.85)
    more=$($PNG count "$out/004-feedback.png" 2A6B70 6 0.6 0.815 1 0.845)
    if [ "$m" -gt 15000 ] && [ "$more" -lt 200 ]; then pass feedback_model_answer_in_view; else fail feedback_model_answer_in_view "model $m more-pill $more"; fi
fi
if [ -f "$out/008-end.png" ]; then
    n=$($PNG count "$out/008-end.png" C9821E 12 0.6 0.05 1 0.3)
    if [ "$n" -gt 300 ]; then pass end_shows_rating_stars; else fail end_shows_rating_stars "$n amber pixels"; fi
    n=$($PNG count "$out/008-end.png" 2B7A4B 12 0.45 0.3 1 0.9)
    if [ "$n" -gt 500 ]; then pass end_shows_criteria_chart; else fail end_shows_criteria_chart "$n green pixels"; fi
    # what a 5 takes: the pale-teal box on the left half
    n=$($PNG count "$out/008-end.png" DDEEED 2 0 0.3 0.5 0.9)
    if [ "$n" -gt 5000 ]; then pass end_says_what_a_5_takes; else fail end_says_what_a_5_takes "$n pixels"; fi
fi

# ---- choices by number key ----
printf '#1\n' >"$T/choice.txt"
run_win "$BIN" play "$SCEN" --script "$T/choice.txt" --screenshot "$T/choice" >/dev/null 2>"$T/stderr"
got=$(ls "$T/choice" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')
if [ "$got" = "001-start.png 002-dialogue.png 003-feedback.png 004-dialogue.png" ]; then pass choice_key_submits_choice; else fail choice_key_submits_choice "got '$got'"; fi

# ---- the conversation keeps its last two exchanges whole above the reference choices: in a
# real scenario (three choices at every turn) after one exchange, the pane's own background
# shows above the first bubble and between each of the three (the line answered, the reply,
# the line to answer now) ----
run_win "$BIN" play missing_materials --script "$T/choice.txt" --screenshot "$T/mm" >/dev/null 2>"$T/stderr"
if [ -f "$T/mm/004-dialogue.png" ]; then
    gaps=$($PNG runs "$T/mm/004-dialogue.png" F7F9F8 0 0.45 0.09 0.9 4)
    n=$(printf '%s\n' "$gaps" | grep -c .)
    set -- $(printf '%s\n' "$gaps" | head -1)
    if [ "$n" -ge 4 ] && [ "${2:-999}" -le 82 ] && [ "${3:-999}" -le 100 ]; then
        pass conversation_keeps_two_exchanges_whole
    else
        fail conversation_keeps_two_exchanges_whole "pane background runs: $(printf '%s' "$gaps" | tr '\n' ';')"
    fi
else
    fail conversation_keeps_two_exchanges_whole "no dialogue after the first exchange: $(ls "$T/mm" 2>/dev/null | tr '\n' ' ') $(head -2 "$T/stderr")"
fi

# ---- an empty script shows the start screen and the opening frame, and quits ----
: >"$T/empty.txt"
run_win "$BIN" play "$SCEN" --script "$T/empty.txt" --screenshot "$T/empty" >/dev/null 2>"$T/stderr"
rc=$?
got=$(ls "$T/empty" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')
if [ $rc -eq 0 ] && [ "$got" = "001-start.png 002-dialogue.png" ]; then pass empty_script_opening_frame; else fail empty_script_opening_frame "rc=$rc got '$got'"; fi

# ---- scale: larger type, same screens ----
run_win "$BIN" play "$SCEN" --scale 1.3 --script "$T/empty.txt" --screenshot "$T/scaled" >/dev/null 2>"$T/stderr"
if [ -f "$T/scaled/002-dialogue.png" ] && $PNG notblank "$T/scaled/002-dialogue.png" >/dev/null; then pass scale_option_renders; else fail scale_option_renders "$(head -2 "$T/stderr")"; fi

# ---- screenshots are deflated (zlib), not stored: a 1280x800 screen is well under 1 MB ----
big=""
for f in "$out"/*.png; do
    [ -f "$f" ] || continue
    [ "$(wc -c <"$f")" -lt 600000 ] || big="$big $(basename "$f")"
done
if [ -z "$big" ] && [ -f "$out/002-dialogue.png" ]; then pass screenshots_are_compressed; else fail screenshots_are_compressed "too large:$big"; fi

# ---- keyboard-only: '!' lines press keys; F1 shows the hint, Esc the menu, its last item quits ----
printf '!f1\n!esc\n!down\n!down\n!down\n!enter\n' >"$T/keys.txt"
run_win "$BIN" play "$SCEN" --script "$T/keys.txt" --screenshot "$T/keys" >/dev/null 2>"$T/stderr"
rc=$?
got=$(ls "$T/keys" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')
if [ $rc -eq 0 ] && [ "$got" = "001-start.png 002-dialogue.png 003-hint.png 004-menu.png 005-menu.png 006-menu.png 007-menu.png" ]; then
    pass keys_reach_hint_menu_and_quit
else
    fail keys_reach_hint_menu_and_quit "rc=$rc got '$got' $(head -2 "$T/stderr")"
fi
if [ -f "$T/keys/003-hint.png" ]; then
    # the hint's amber panel above the reply box, absent before F1
    a=$($PNG count "$T/keys/002-dialogue.png" FBEED5 4 0.3 0.4 1 0.9)
    b=$($PNG count "$T/keys/003-hint.png" FBEED5 4 0.3 0.4 1 0.9)
    if [ "$a" -lt 100 ] && [ "$b" -gt 20000 ]; then pass f1_shows_the_hint; else fail f1_shows_the_hint "amber $a -> $b"; fi
fi
if [ -f "$T/keys/004-menu.png" ]; then
    # the menu: the screen behind is dimmed (no plain background left), a white panel in the
    # middle with its selected item in teal
    bg=$($PNG count "$T/keys/004-menu.png" ECF0EF 2 0 0 1 1)
    white=$($PNG count "$T/keys/004-menu.png" FFFFFF 0 0.35 0.3 0.65 0.7)
    teal=$($PNG count "$T/keys/004-menu.png" 2A6B70 6 0.35 0.3 0.65 0.7)
    if [ "$bg" -lt 500 ] && [ "$white" -gt 30000 ] && [ "$teal" -gt 5000 ]; then
        pass esc_shows_the_menu
    else
        fail esc_shows_the_menu "background $bg white $white teal $teal"
    fi
fi

# ---- F10: the case brief beside the dialogue, in place of the portrait (meters kept) ----
printf '!f10\n' >"$T/brief.txt"
run_win "$BIN" play "$SCEN" --script "$T/brief.txt" --screenshot "$T/brief" >/dev/null 2>"$T/stderr"
got=$(ls "$T/brief" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')
if [ "$got" = "001-start.png 002-dialogue.png 003-dialogue.png" ]; then
    a=$($PNG count "$T/brief/002-dialogue.png" F1C7A1 40 0 0.05 0.33 0.6)
    b=$($PNG count "$T/brief/003-dialogue.png" F1C7A1 40 0 0.05 0.33 0.6)
    ink=$($PNG ink "$T/brief/003-dialogue.png" 0.02 0.1 0.33 0.6)
    if [ "$a" -gt 2000 ] && [ "$b" -lt 200 ] && [ "$ink" -gt 1500 ]; then pass f10_shows_the_case_brief; else fail f10_shows_the_case_brief "skin $a -> $b, brief ink $ink"; fi
else
    fail f10_shows_the_case_brief "got '$got' $(head -2 "$T/stderr")"
fi

# ---- the projector at 1280x800: the feedback still fits (the model answer in view, no
# "more below" pill) ----
run_win "$BIN" play "$SCEN" --projector --script "$ROOT/tests/window/tiny_script.txt" \
    --screenshot "$T/proj" >/dev/null 2>"$T/stderr"
if [ -f "$T/proj/004-feedback.png" ]; then
    m=$($PNG count "$T/proj/004-feedback.png" D6ECEA 2 0.45 0.15 1 0.85)
    more=$($PNG count "$T/proj/004-feedback.png" 0B4A4F 6 0.6 0.775 1 0.8)
    if [ "$m" -gt 15000 ] && [ "$more" -lt 200 ]; then pass projector_feedback_fits; else fail projector_feedback_fits "model $m more-pill $more"; fi
else
    fail projector_feedback_fits "no feedback screenshot: $(ls "$T/proj" 2>/dev/null | tr '\n' ' ') $(head -2 "$T/stderr")"
fi

# ---- a mouse click on a choice (found in the opening frame: the 2nd white card on the right) ----
if [ -f "$T/empty/002-dialogue.png" ]; then
    set -- $($PNG runs "$T/empty/002-dialogue.png" FFFFFF 0 0.95 0.1 0.95 20 | sed -n 2p)
    if [ $# -eq 3 ]; then
        printf '!click %d %d\n' "$1" $((($2 + $3) / 2)) >"$T/click.txt"
        run_win "$BIN" play "$SCEN" --script "$T/click.txt" --screenshot "$T/click" \
            --save "$T/click.json" >/dev/null 2>"$T/stderr"
        got=$(ls "$T/click" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')
        ch=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["turns"][0]["choice"])' "$T/click.json" 2>/dev/null)
        if [ "$got" = "001-start.png 002-dialogue.png 003-feedback.png 004-dialogue.png" ] && [ "$ch" = 2 ]; then
            pass click_picks_a_choice
        else
            fail click_picks_a_choice "got '$got' choice '$ch' $(head -2 "$T/stderr")"
        fi
    else
        fail click_picks_a_choice "no second choice card found"
    fi
fi

# ---- --save after every reply, --resume continues it to the end ----
if [ -f "$T/click.json" ]; then
    printf '您放心，我这就帮您看。\n' >"$T/resume.txt"
    run_win "$BIN" play "$SCEN" --resume "$T/click.json" --save "$T/click.json" \
        --script "$T/resume.txt" --screenshot "$T/resume" >/dev/null 2>"$T/stderr"
    rc=$?
    got=$(ls "$T/resume" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')
    nt=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["turns"]))' "$T/click.json" 2>/dev/null)
    if [ $rc -eq 0 ] && [ "$got" = "001-dialogue.png 002-typing.png 003-feedback.png 004-end.png" ] && [ "$nt" = 2 ]; then
        pass resume_and_save_in_the_window
    else
        fail resume_and_save_in_the_window "rc=$rc got '$got' turns '$nt' $(head -2 "$T/stderr")"
    fi
fi
printf '{"format": "nonsense"}\n' >"$T/bad.json"
run_win "$BIN" play "$SCEN" --resume "$T/bad.json" --script "$T/empty.txt" >/dev/null 2>"$T/bad.err"
rc=$?
if [ $rc -ne 0 ] && grep -q "bad.json" "$T/bad.err"; then pass broken_session_file_is_a_clear_error; else fail broken_session_file_is_a_clear_error "rc=$rc $(head -2 "$T/bad.err")"; fi
printf '!nosuchkey\n' >"$T/badcmd.txt"
run_win "$BIN" play "$SCEN" --script "$T/badcmd.txt" >/dev/null 2>"$T/badcmd.err"
rc=$?
if [ $rc -ne 0 ] && grep -q "badcmd.txt:1" "$T/badcmd.err"; then pass unknown_script_command_is_an_error; else fail unknown_script_command_is_an_error "rc=$rc $(head -2 "$T/badcmd.err")"; fi

# ---- the scenario file is watched: a load error shows in a panel (at start and on reload)
# instead of quitting, fixing the file loads it, an edit reloads it keeping the session ----
mkdir -p "$T/live"
LIVE=$T/live/ui_tiny.lua   # the id must match the file name
sed 's/^  start = "first",$/  start = "first" oops,/' "$SCEN" >"$LIVE"
printf '!wait-change 20000\n#1\n!enter\n!wait-change 20000\n!wait-change 20000\n!wait-change 20000\n' >"$T/live.txt"
# The handshake: a screenshot appears whole (written aside, renamed into place) once its step is
# drawn; the edit for a !wait-change is made after the screenshot of the step before it, and
# the window counts any reload after that screenshot - whether the edit lands before or after
# it reaches the !wait-change line. No sleeps to tune: wait_for gives up only when the window
# has exited (or after 2 minutes), put replaces the file in one rename.
wait_for() {
    i=0
    while [ ! -f "$1" ] && kill -0 "$lpid" 2>/dev/null && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done
    [ -f "$1" ]
}
put() { sed "$1" "$SCEN" >"$T/live/new" && mv "$T/live/new" "$LIVE"; }
run_win "$BIN" play "$LIVE" --script "$T/live.txt" --screenshot "$T/lv" --save "$T/live.json" \
    >/dev/null 2>"$T/live.err" &
lpid=$!
wait_for "$T/lv/001-error.png" && put 's/^  start = "first",$/  start = "first",/'
wait_for "$T/lv/004-dialogue.png" && put 's/这次齐了没有/这回材料齐了吗/'
wait_for "$T/lv/005-dialogue.png" && put 's/^  start = "first",$/  start = "first" oops,/'
wait_for "$T/lv/006-error.png" && put 's/这次齐了没有/这回材料齐了吗/'
wait "$lpid"
rc=$?
got=$(ls -A "$T/lv" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')   # -A: no temporary left behind
want="001-error.png 002-dialogue.png 003-feedback.png 004-dialogue.png 005-dialogue.png 006-error.png 007-dialogue.png"
if [ $rc -eq 0 ] && [ "$got" = "$want" ]; then pass reload_steps_error_fix_edit_break_fix; else fail reload_steps_error_fix_edit_break_fix "rc=$rc got '$got' $(head -2 "$T/live.err")"; fi
for f in 001-error 006-error; do
    [ -f "$T/lv/$f.png" ] || continue
    # the panel: white, a red message box in the middle, the screen behind dimmed
    red=$($PNG count "$T/lv/$f.png" F7D3CE 3 0.1 0.2 0.9 0.8)
    ink=$($PNG ink "$T/lv/$f.png" 0.1 0.2 0.9 0.8)
    if [ "$red" -gt 20000 ] && [ "$ink" -gt 1500 ]; then pass "load_error_panel_$f"; else fail "load_error_panel_$f" "red $red ink $ink"; fi
done
if [ -f "$T/lv/005-dialogue.png" ]; then
    # the reload notice (pale teal) above the history, after the edit only
    a=$($PNG count "$T/lv/004-dialogue.png" DDEEED 0 0.3 0.1 1 0.9)
    b=$($PNG count "$T/lv/005-dialogue.png" DDEEED 0 0.3 0.1 1 0.9)
    if [ "$a" -lt 2000 ] && [ "$b" -gt 10000 ]; then pass reload_notice_shown; else fail reload_notice_shown "notice $a -> $b"; fi
fi
kept=$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print(len(s["turns"]), s["current"]["node"], "这回材料齐了吗" in s["current"]["citizen"])' "$T/live.json" 2>/dev/null)
if [ "$kept" = "1 second True" ]; then pass reload_keeps_the_session_with_the_new_text; else fail reload_keeps_the_session_with_the_new_text "'$kept'"; fi

# ---- no display: a one-line notice and the terminal ----
env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$BIN" play "$SCEN" </dev/null >"$T/tty.out" 2>"$T/tty.err"
rc=$?
if [ $rc -eq 0 ] && grep -q "没有可用的显示器" "$T/tty.err" && [ "$(wc -l <"$T/tty.err")" -eq 1 ]; then
    pass no_display_falls_back_to_terminal
else
    fail no_display_falls_back_to_terminal "rc=$rc stderr=$(head -2 "$T/tty.err")"
fi

# ---- a font that is not there: a clear error, no window ----
run_win "$BIN" play "$SCEN" --font /nonexistent/font.ttf --script "$T/empty.txt" >/dev/null 2>"$T/font.err"
rc=$?
if [ $rc -ne 0 ] && grep -q "font" "$T/font.err"; then pass missing_font_is_a_clear_error; else fail missing_font_is_a_clear_error "rc=$rc $(head -2 "$T/font.err")"; fi
COUNTERPART_FONT=/nonexistent/env.ttf run_win "$BIN" play "$SCEN" --script "$T/empty.txt" >/dev/null 2>"$T/font2.err"
rc=$?
if [ $rc -ne 0 ] && grep -q "env.ttf" "$T/font2.err"; then pass font_from_environment; else fail font_from_environment "rc=$rc $(head -2 "$T/font2.err")"; fi

[ $fails -eq 0 ]
