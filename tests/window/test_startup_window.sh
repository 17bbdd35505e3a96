#!/bin/sh
# test_startup_window.sh - the window's start-up (issue 14, item 4) on a real display (Xvfb,
# else SDL's offscreen driver): the first frame is presented before the scorer is taken from its
# loading thread, and the first reply is still graded exactly as the command line grades it;
# resuming a session waits for the scorer before its first frame; the renderer is chosen
# (software where OpenGL would be software, COUNTERPART_RENDERER=software|gpu to override, a
# bad value named); a scorer that fails to load after the first frame (missing word dictionary,
# missing rubric folder) is reported on stderr with exit 1, never a crash or a silent window.
# Nothing here is timed: the figures are `make bench-window`'s.
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
PNG="python3 $ROOT/tests/window/pngcheck.py"
SCEN=$ROOT/tests/window/ui_tiny.lua
COUNTERPART_RUBRICS=$ROOT/scenarios/rubrics
export COUNTERPART_RUBRICS
unset COUNTERPART_RENDERER COUNTERPART_DICT SDL_RENDER_DRIVER LIBGL_ALWAYS_SOFTWARE GALLIUM_DRIVER

. "$ROOT/tests/window/display.sh"   # DISPLAY or Xvfb or offscreen; run_win

# line_no FILE PATTERN: the number of the first line of FILE containing PATTERN, else 0
line_no() { grep -n -F -- "$2" "$1" | head -1 | cut -d: -f1 | grep . || echo 0; }

# ---- one reply: the first frame comes before the scorer is joined, the reply is graded ----
printf '大姐您好，让您跑了两趟。可这是你自己没看清楚，怪谁呢？\n' >"$T/one.txt"
COUNTERPART_WINDOW_STATS=1 run_win "$BIN" play "$SCEN" --script "$T/one.txt" \
    --screenshot "$T/one" --save "$T/one.json" >/dev/null 2>"$T/one.err"
rc=$?
shown=$(line_no "$T/one.err" "window: first frame shown")
ready=$(line_no "$T/one.err" "window: scorer ready")
reply=$(line_no "$T/one.err" "window: first reply shown")
if [ $rc -eq 0 ] && [ "$shown" -gt 0 ] && [ "$ready" -gt "$shown" ] && [ "$reply" -gt "$ready" ]; then
    pass first_frame_before_the_scorer_is_joined
else
    fail first_frame_before_the_scorer_is_joined "rc=$rc shown@$shown ready@$ready reply@$reply: $(head -5 "$T/one.err" | tr '\n' ' ')"
fi
if [ -f "$T/one/004-feedback.png" ] && $PNG notblank "$T/one/004-feedback.png" >/dev/null 2>&1; then
    pass first_reply_reaches_its_feedback
else
    fail first_reply_reaches_its_feedback "shots: $(ls "$T/one" 2>/dev/null | tr '\n' ' ')"
fi
# the same reply through the command line (scorer loaded before anything else) grades alike
"$BIN" run "$SCEN" --replies "$T/one.txt" --json >"$T/cli.json" 2>"$T/cli.err"
cmp=$(python3 - "$T/one.json" "$T/cli.json" <<'PY'
import json, sys
def crit(path):
    t = json.load(open(path))["turns"][0]
    return sorted((c["id"], c["met"], round(c["score"], 6), tuple(sorted((e["start"], e["end"]) for e in c["evidence"])))
                  for c in t["criteria"])
try:
    a, b = crit(sys.argv[1]), crit(sys.argv[2])
    print("same" if a == b and a else "differ: %s / %s" % (a, b))
except Exception as e:
    print("unreadable: %s" % e)
PY
)
if [ "$cmp" = "same" ]; then pass first_reply_graded_as_the_cli_grades_it; else fail first_reply_graded_as_the_cli_grades_it "$cmp"; fi

# ---- resuming a saved session: the scorer is needed before the first frame, which is the
# dialogue where the session stopped ----
: >"$T/empty.txt"
COUNTERPART_WINDOW_STATS=1 run_win "$BIN" play "$SCEN" --resume "$T/one.json" --script "$T/empty.txt" \
    --screenshot "$T/resume" >/dev/null 2>"$T/resume.err"
rc=$?
shown=$(line_no "$T/resume.err" "window: first frame shown")
ready=$(line_no "$T/resume.err" "window: scorer ready")
first=$(ls "$T/resume" 2>/dev/null | head -1)
if [ $rc -eq 0 ] && [ "$ready" -gt 0 ] && [ "$ready" -lt "$shown" ] && [ "$first" = "001-dialogue.png" ]; then
    pass resume_waits_for_the_scorer_first
else
    fail resume_waits_for_the_scorer_first "rc=$rc ready@$ready shown@$shown first '$first': $(head -3 "$T/resume.err" | tr '\n' ' ')"
fi

# ---- the renderer: chosen, and overridden ----
# renderer_of ERRFILE: the renderer line's text ("software (why)")
renderer_of() { sed -n 's/^window: renderer //p' "$1" | head -1; }
if [ -n "$XPID" ] || [ -z "${DISPLAY:-}" ]; then
    # our own Xvfb (no DRI) or SDL's offscreen driver: OpenGL would be Mesa's software
    # rasteriser, so SDL's software renderer is chosen, with the reason
    r=$(renderer_of "$T/one.err")
    case "$r" in
    software\ \(*\)) pass renderer_software_where_gl_is_software ;;
    *) fail renderer_software_where_gl_is_software "renderer '$r'" ;;
    esac
    COUNTERPART_WINDOW_STATS=1 LIBGL_ALWAYS_SOFTWARE=1 run_win "$BIN" play "$SCEN" \
        --script "$T/empty.txt" >/dev/null 2>"$T/libgl.err"
    r=$(renderer_of "$T/libgl.err")
    case "$r" in
    "software (LIBGL_ALWAYS_SOFTWARE is set)"|"software (no GPU"*|"software (no GPU behind"*|"software (the X server"*)
        pass renderer_reason_named ;;
    *) fail renderer_reason_named "renderer '$r'" ;;
    esac
else
    echo "SKIP renderer_software_where_gl_is_software: the caller's display may have a GPU"
fi
for want in software gpu; do
    COUNTERPART_WINDOW_STATS=1 COUNTERPART_RENDERER=$want run_win "$BIN" play "$SCEN" \
        --script "$T/empty.txt" --screenshot "$T/r-$want" >/dev/null 2>"$T/r-$want.err"
    rc=$?
    r=$(renderer_of "$T/r-$want.err")
    ok=no
    case "$want:$r" in
    "software:software (COUNTERPART_RENDERER)") ok=yes ;;
    gpu:software*) case "$r" in *"no accelerated renderer"*) ok=yes ;; esac ;;   # no GL at all
    "gpu:"*"(COUNTERPART_RENDERER)") ok=yes ;;
    esac
    if [ $rc -eq 0 ] && [ $ok = yes ] && [ -f "$T/r-$want/002-dialogue.png" ] &&
        $PNG notblank "$T/r-$want/002-dialogue.png" >/dev/null 2>&1; then
        pass "renderer_override_$want"
    else
        fail "renderer_override_$want" "rc=$rc renderer '$r' shots: $(ls "$T/r-$want" 2>/dev/null | tr '\n' ' ')"
    fi
done
# both renderers draw the same screen: about the same ink in the conversation and the top bar
if [ -f "$T/r-software/002-dialogue.png" ] && [ -f "$T/r-gpu/002-dialogue.png" ]; then
    a=$($PNG ink "$T/r-software/002-dialogue.png" 0 0 1 1)
    b=$($PNG ink "$T/r-gpu/002-dialogue.png" 0 0 1 1)
    if [ "$a" -gt 1000 ] && [ $((a * 10)) -gt $((b * 9)) ] && [ $((b * 10)) -gt $((a * 9)) ]; then
        pass renderers_draw_the_same_screen
    else
        fail renderers_draw_the_same_screen "ink software $a, gpu $b"
    fi
fi
COUNTERPART_WINDOW_STATS=1 COUNTERPART_RENDERER=fast run_win "$BIN" play "$SCEN" \
    --script "$T/empty.txt" >/dev/null 2>"$T/bad.err"
rc=$?
if [ $rc -eq 0 ] && grep -q "COUNTERPART_RENDERER is 'software', 'gpu' or 'auto', not 'fast'" "$T/bad.err"; then
    pass renderer_bad_value_named
else
    fail renderer_bad_value_named "rc=$rc: $(head -3 "$T/bad.err" | tr '\n' ' ')"
fi

# ---- a scorer that fails to load once the window is up: said clearly, exit 1 ----
COUNTERPART_WINDOW_STATS=1 COUNTERPART_DICT=$T/no-such-dict.txt run_win "$BIN" play "$SCEN" \
    --script "$T/one.txt" --screenshot "$T/nodict" >/dev/null 2>"$T/nodict.err"
rc=$?
if [ $rc -eq 1 ] && grep -q "^counterpart: $T/no-such-dict.txt: cannot open" "$T/nodict.err" &&
    grep -q "first frame shown" "$T/nodict.err" &&
    ! grep -q -e Sanitizer -e "runtime error" "$T/nodict.err" &&
    [ ! -f "$T/nodict/004-feedback.png" ]; then
    pass missing_dictionary_reported_after_the_first_frame
else
    fail missing_dictionary_reported_after_the_first_frame "rc=$rc: $(head -4 "$T/nodict.err" | tr '\n' ' ')"
fi
COUNTERPART_RUBRICS=$T/no-rubrics run_win "$BIN" play "$SCEN" --script "$T/one.txt" \
    >/dev/null 2>"$T/norub.err"
rc=$?
if [ $rc -eq 1 ] && grep -q "^counterpart: $T/no-rubrics: cannot open the rubric folder" "$T/norub.err"; then
    pass missing_rubrics_reported
else
    fail missing_rubrics_reported "rc=$rc: $(head -3 "$T/norub.err" | tr '\n' ' ')"
fi
# ... and when it must be there before the first frame (resuming), before any window is drawn
COUNTERPART_WINDOW_STATS=1 COUNTERPART_DICT=$T/no-such-dict.txt run_win "$BIN" play "$SCEN" \
    --resume "$T/one.json" --script "$T/empty.txt" >/dev/null 2>"$T/nodict2.err"
rc=$?
if [ $rc -eq 1 ] && grep -q "^counterpart: $T/no-such-dict.txt: cannot open" "$T/nodict2.err" &&
    ! grep -q "first frame shown" "$T/nodict2.err"; then
    pass missing_dictionary_reported_before_a_resumed_frame
else
    fail missing_dictionary_reported_before_a_resumed_frame "rc=$rc: $(head -3 "$T/nodict2.err" | tr '\n' ' ')"
fi

# ---- X's Compose table: libX11 may keep its compiled form in our cache folder (not as root,
# where libX11 never writes one; root runs this part as nobody when it can) ----
H=$T/xhome
mkdir -p "$H"
as_user=""
if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv >/dev/null 2>&1 && [ -n "$XPID" ]; then
        chmod 755 "$T" && chown 65534 "$H" && as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
    fi
fi
if [ "$(id -u)" -ne 0 ] || [ -n "$as_user" ]; then
    # nobody has no session bus: libdbus would start one (dbus-launch) for each run
    DBUS_SESSION_BUS_ADDRESS=${DBUS_SESSION_BUS_ADDRESS:-disabled:}
    export DBUS_SESSION_BUS_ADDRESS
    [ -n "$as_user" ] && as_user="timeout 120 $as_user"
    HOME=$H XDG_CACHE_HOME= COUNTERPART_WINDOW_STATS=1 $as_user env -u XCOMPOSECACHE HOME="$H" \
        "$BIN" play "$SCEN" --script "$T/empty.txt" >/dev/null 2>"$T/xc.err"
    rc=$?
    n=$(ls "$H/.cache/counterpart/xcompose" 2>/dev/null | wc -l)
    if [ $rc -eq 0 ] && [ "$n" -ge 1 ]; then
        pass compose_table_cached_for_the_next_start
    elif grep -q -e "cannot" -e "Permission denied" "$T/xc.err" && [ -n "$as_user" ]; then
        echo "SKIP compose_table_cached_for_the_next_start: nobody cannot run the build here ($(head -1 "$T/xc.err"))"
    else
        fail compose_table_cached_for_the_next_start "rc=$rc, $n files: $(head -3 "$T/xc.err" | tr '\n' ' ')"
    fi
    # ~/.compose-cache, when the user has one, stays libX11's choice: ours is not made
    rm -rf "$H/.cache"
    mkdir -p "$H/.compose-cache" && chmod 700 "$H/.compose-cache"
    [ -n "$as_user" ] && chown -R 65534 "$H"
    HOME=$H $as_user env -u XCOMPOSECACHE -u XDG_CACHE_HOME HOME="$H" "$BIN" play "$SCEN" \
        --script "$T/empty.txt" >/dev/null 2>"$T/xc2.err"
    if [ $? -eq 0 ] && [ ! -d "$H/.cache/counterpart/xcompose" ]; then
        pass users_compose_cache_left_to_libx11
    else
        fail users_compose_cache_left_to_libx11 "$(ls "$H/.cache/counterpart" 2>&1 | tr '\n' ' ') $(head -2 "$T/xc2.err")"
    fi
else
    echo "SKIP compose_table_cached_for_the_next_start: running as root without setpriv or our own Xvfb"
fi

[ $fails -eq 0 ]
