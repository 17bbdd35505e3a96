/* test_ui.c - the window's display-free UI model (include/cp_ui.h): the line breaker, the
 * UTF-8 edit buffer with IME composition, faces, and the screens driven by keys and actions.
 * Runs from the repo root (scenarios/rubrics, tests/window/ui_tiny.lua); no SDL, no display. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <unistd.h>

#include "cp_ui.h"
#include "cp_utf8.h"

#define TINY "tests/window/ui_tiny.lua"

/* Every code point is 10 px wide, Latin ones 5 px: a monospaced stand-in for a font. */
static int mono(void *ud, uint32_t cp)
{
    (void)ud;
    return cp < 0x2E80 ? 5 : 10;
}

/* The line i of text as a new string (caller frees). */
static char *line(const char *text, const cp_ui_lines *L, size_t i)
{
    return cp_xstrndup(text + L->v[i].start, L->v[i].end - L->v[i].start);
}

static void assert_line(const char *text, const cp_ui_lines *L, size_t i, const char *want)
{
    char *got = line(text, L, i);
    assert_string_equal(got, want);
    free(got);
}

/* ---- Line breaking ---- */

static void chinese_breaks_between_any_two_characters(void **st)
{
    (void)st;
    const char *t = "我们现在就帮您办理退休手续";
    cp_ui_lines L = { 0 };
    cp_ui_break(t, strlen(t), 50, mono, NULL, &L);
    assert_int_equal(L.n, 3);
    assert_line(t, &L, 0, "我们现在就");
    assert_line(t, &L, 1, "帮您办理退");
    assert_line(t, &L, 2, "休手续");
    assert_int_equal(L.v[0].width, 50);
    cp_ui_lines_free(&L);
}

static void closing_punctuation_never_starts_a_line(void **st)
{
    (void)st;
    const char *t = "您好请坐，我看看";   /* the comma would fall at the start of line 2 */
    cp_ui_lines L = { 0 };
    cp_ui_break(t, strlen(t), 40, mono, NULL, &L);
    for (size_t i = 1; i < L.n; i++) {
        uint32_t c;
        cp_utf8_decode(t + L.v[i].start, strlen(t) - L.v[i].start, &c);
        assert_int_not_equal(c, 0xFF0C);
    }
    assert_line(t, &L, 0, "您好请");
    assert_line(t, &L, 1, "坐，我看");
    cp_ui_lines_free(&L);
}

static void opening_punctuation_never_ends_a_line(void **st)
{
    (void)st;
    const char *t = "请带上「户口簿」原件";
    cp_ui_lines L = { 0 };
    cp_ui_break(t, strlen(t), 40, mono, NULL, &L);
    for (size_t i = 0; i + 1 < L.n; i++) {
        size_t p = cp_utf8_prev(t, L.v[i].end);
        uint32_t c;
        cp_utf8_decode(t + p, L.v[i].end - p, &c);
        assert_int_not_equal(c, 0x300C);
    }
    cp_ui_lines_free(&L);
}

static void latin_words_stay_whole(void **st)
{
    (void)st;
    const char *t = "请登录 website 查询";
    cp_ui_lines L = { 0 };
    cp_ui_break(t, strlen(t), 45, mono, NULL, &L);
    bool found = false;
    for (size_t i = 0; i < L.n; i++) {
        char *s = line(t, &L, i);
        if (strstr(s, "website"))
            found = true;
        free(s);
    }
    assert_true(found);
    cp_ui_lines_free(&L);
}

static void a_word_longer_than_the_line_is_cut(void **st)
{
    (void)st;
    const char *t = "abcdefghijklmnop";
    cp_ui_lines L = { 0 };
    cp_ui_break(t, strlen(t), 20, mono, NULL, &L);
    assert_int_equal(L.n, 4);
    assert_line(t, &L, 0, "abcd");
    cp_ui_lines_free(&L);
}

static void newline_forces_a_break_and_spaces_hang(void **st)
{
    (void)st;
    const char *t = "ab cd\n\nef";
    cp_ui_lines L = { 0 };
    cp_ui_break(t, strlen(t), 1000, mono, NULL, &L);
    assert_int_equal(L.n, 3);
    assert_line(t, &L, 0, "ab cd");
    assert_line(t, &L, 1, "");
    assert_line(t, &L, 2, "ef");
    const char *u = "aaaa bbbb";
    cp_ui_break(u, strlen(u), 25, mono, NULL, &L);
    assert_int_equal(L.n, 2);
    assert_line(u, &L, 0, "aaaa");
    assert_line(u, &L, 1, "bbbb");
    assert_int_equal(L.v[0].width, 20);
    cp_ui_lines_free(&L);
}

static void empty_text_is_one_empty_line(void **st)
{
    (void)st;
    cp_ui_lines L = { 0 };
    cp_ui_break("", 0, 100, mono, NULL, &L);
    assert_int_equal(L.n, 1);
    assert_int_equal(L.v[0].start, 0);
    assert_int_equal(L.v[0].end, 0);
    cp_ui_lines_free(&L);
}

static void can_break_rules(void **st)
{
    (void)st;
    assert_true(cp_ui_can_break(0x6211, 0x4EEC));    /* 我|们 */
    assert_false(cp_ui_can_break(0x6211, 0x3002));   /* 我|。 */
    assert_false(cp_ui_can_break(0x300C, 0x6237));   /* 「|户 */
    assert_false(cp_ui_can_break('a', 'b'));
    assert_true(cp_ui_can_break(' ', 'b'));
    assert_true(cp_ui_can_break('a', 0x6211));
}

/* ---- Edit buffer ---- */

static void caret_moves_and_deletes_by_code_point(void **st)
{
    (void)st;
    cp_ui_edit e = { 0 };
    cp_ui_edit_insert(&e, "社保a", strlen("社保a"));
    assert_int_equal(e.caret, 7);
    assert_true(cp_ui_edit_left(&e));
    assert_int_equal(e.caret, 6);
    assert_true(cp_ui_edit_left(&e));
    assert_int_equal(e.caret, 3);
    assert_true(cp_ui_edit_backspace(&e));
    assert_string_equal(e.text, "保a");
    assert_int_equal(e.caret, 0);
    assert_false(cp_ui_edit_backspace(&e));
    assert_true(cp_ui_edit_delete(&e));
    assert_string_equal(e.text, "a");
    cp_ui_edit_free(&e);
}

static void composition_shows_inline_at_the_caret(void **st)
{
    (void)st;
    cp_ui_edit e = { 0 };
    cp_ui_edit_insert(&e, "您好", strlen("您好"));
    cp_ui_edit_left(&e);
    cp_ui_edit_compose(&e, "ni'hao", 3);
    size_t caret, cs, ce;
    char *d = cp_ui_edit_display(&e, &caret, &cs, &ce);
    assert_string_equal(d, "您ni'hao好");
    assert_int_equal(cs, 3);
    assert_int_equal(ce, 9);
    assert_int_equal(caret, 6);
    free(d);
    cp_ui_edit_insert(&e, "你好", strlen("你好")); /* commit replaces the composition */
    assert_string_equal(e.text, "您你好好");
    assert_string_equal(e.compose, "");
    cp_ui_edit_free(&e);
}

static void insert_cleans_control_characters_and_bad_bytes(void **st)
{
    (void)st;
    cp_ui_edit e = { 0 };
    cp_ui_edit_insert(&e, "a\r\nb\x01\tc\xff", 9);
    assert_string_equal(e.text, "a\nb c\xEF\xBF\xBD");
    assert_true(cp_utf8_valid(e.text, e.len));
    cp_ui_edit_free(&e);
}

static void up_and_down_keep_the_column(void **st)
{
    (void)st;
    cp_ui_edit e = { 0 };
    cp_ui_edit_insert(&e, "一二三\n四五六七", strlen("一二三\n四五六七"));
    assert_true(cp_ui_edit_up(&e));        /* from column 4 to the end of line 1 (column 3) */
    assert_int_equal(e.caret, 9);
    assert_true(cp_ui_edit_home(&e));
    assert_int_equal(e.caret, 0);
    assert_true(cp_ui_edit_right(&e));
    assert_true(cp_ui_edit_down(&e));
    assert_int_equal(e.caret, 13);         /* after 四 */
    assert_false(cp_ui_edit_down(&e));
    cp_ui_edit_free(&e);
}

static void the_limit_stops_long_pastes(void **st)
{
    (void)st;
    cp_ui_edit e = { 0 };
    e.max_bytes = 6;
    assert_false(cp_ui_edit_insert(&e, "一二三", strlen("一二三")));
    assert_string_equal(e.text, "一二");
    cp_ui_edit_free(&e);
}

/* ---- Faces ---- */

static void faces_follow_tag_and_state(void **st)
{
    (void)st;
    cp_ui_face angry = cp_ui_face_for("angry", 70, 30), calm = cp_ui_face_for("calm", 30, 60);
    cp_ui_face happy = cp_ui_face_for("happy", 10, 90), unknown = cp_ui_face_for("xyz", 50, 50);
    assert_true(angry.brow_tilt > calm.brow_tilt);
    assert_true(angry.mouth_curve < 0);
    assert_true(happy.mouth_curve > 0.5);
    assert_true(angry.flush > calm.flush);
    cp_ui_face hot = cp_ui_face_for("angry", 100, 30);
    assert_true(hot.flush > angry.flush);
    cp_ui_face calm50 = cp_ui_face_for(NULL, 50, 50);
    assert_true(unknown.brow_tilt == calm50.brow_tilt && unknown.mouth_curve == calm50.mouth_curve &&
                unknown.eye_open == calm50.eye_open && unknown.flush == calm50.flush);
    assert_true(cp_ui_face_for("confused", 50, 50).question);
    assert_true(cp_ui_face_for("sad", 50, 50).tear);
    assert_string_equal(cp_ui_expression_name("furious"), "愤怒");
    assert_string_equal(cp_ui_rating_name(5), "非常满意");
    assert_string_equal(cp_ui_outcome_name("resolved"), "问题解决");
}

/* ---- The model ---- */

typedef struct fx {
    cp_scorer *scorer;
    cp_ui *ui;
} fx;

static int setup(void **st)
{
    fx *f = calloc(1, sizeof *f);
    cp_error err;
    cp_error_clear(&err);
    f->scorer = cp_scorer_load("scenarios/rubrics", &err);
    if (!f->scorer)
        return -1;
    f->ui = cp_ui_new(f->scorer, "tests/window");
    *st = f;
    return 0;
}

static int teardown(void **st)
{
    fx *f = *st;
    cp_ui_free(f->ui);
    cp_scorer_free(f->scorer);
    free(f);
    return 0;
}

static void start_screen_lists_scenarios_with_title_and_summary(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_START);
    assert_true(cp_ui_nlistings(f->ui) >= 1);
    const cp_ui_listing *l = cp_ui_listing_at(f->ui, 0);
    assert_string_equal(l->title, "窗口测试：补交材料");
    assert_non_null(strstr(l->summary, "两轮"));
    /* typing goes to the name box first; Tab walks the fields; Enter starts */
    assert_true(cp_ui_text(f->ui, "李娜") & CP_UI_CHANGED);
    assert_string_equal(cp_ui_name(f->ui)->text, "李娜");
    cp_ui_press(f->ui, CP_UI_KEY_TAB);
    assert_int_equal(cp_ui_focus_now(f->ui), CP_UI_FOCUS_LIST);
    assert_int_equal(cp_ui_text(f->ui, "x"), 0);   /* the list takes no text */
    cp_ui_press(f->ui, CP_UI_KEY_TAB);
    cp_ui_press(f->ui, CP_UI_KEY_RIGHT);           /* mode: exam */
    assert_int_equal(cp_ui_mode(f->ui), 1);
    cp_ui_act(f->ui, CP_UI_ACT_MODE, 0);
    cp_ui_press(f->ui, CP_UI_KEY_TAB);
    assert_int_equal(cp_ui_focus_now(f->ui), CP_UI_FOCUS_GO);
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);
    assert_int_equal(cp_ui_nentries(f->ui), 1);
    assert_int_equal(cp_ui_entry_at(f->ui, 0)->who, CP_UI_CITIZEN);
}

static void typed_reply_gives_feedback_then_the_answer(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    unsigned s0 = cp_ui_screen_serial(f->ui);
    assert_int_equal(cp_ui_press(f->ui, CP_UI_KEY_ENTER), 0);   /* empty reply: nothing */
    cp_ui_text(f->ui, "您好，");
    cp_ui_press(f->ui, CP_UI_KEY_NEWLINE);
    cp_ui_text(f->ui, "让您跑了两趟，辛苦了。");
    assert_non_null(strchr(cp_ui_reply(f->ui)->text, '\n'));
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_FEEDBACK);
    assert_true(cp_ui_screen_serial(f->ui) != s0);
    const cp_turn *t = cp_ui_feedback_turn(f->ui);
    assert_non_null(t);
    assert_true(t->result.n >= 4);
    assert_null(cp_ui_focused_edit(f->ui));            /* typing goes nowhere on feedback */
    assert_string_equal(cp_ui_reply(f->ui)->text, "");
    assert_non_null(cp_ui_feedback_model(f->ui));
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);
    assert_int_equal(cp_ui_nentries(f->ui), 3);
    assert_string_equal(cp_ui_entry_at(f->ui, 2)->text, "那你快看看，这次齐了没有？");
    assert_string_equal(cp_ui_expression(f->ui), "anxious");
}

static void choices_by_number_and_the_ending(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    assert_int_equal(cp_ui_choices(f->ui)->n, 2);
    assert_int_equal(cp_ui_act(f->ui, CP_UI_ACT_CHOOSE, 3), 0);   /* out of range */
    cp_ui_act(f->ui, CP_UI_ACT_CHOOSE, 1);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_FEEDBACK);
    assert_int_equal(cp_ui_feedback_turn(f->ui)->choice, 1);
    cp_ui_act(f->ui, CP_UI_ACT_CONTINUE, 0);
    assert_int_equal(cp_ui_choices(f->ui)->n, 0);                 /* second node has none */
    cp_ui_text(f->ui, "您放心，我这就看。");
    cp_ui_act(f->ui, CP_UI_ACT_SUBMIT, 0);
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_END);
    assert_true(cp_session_ended(cp_ui_session(f->ui)));
    assert_int_equal(cp_session_node(cp_ui_session(f->ui))->rating, 4);
    /* end screen: Right moves to "another scenario", Enter goes there */
    cp_ui_press(f->ui, CP_UI_KEY_RIGHT);
    assert_int_equal(cp_ui_end_sel(f->ui), 1);
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_START);
}

static void exam_mode_hides_choices_and_hints(void **st)
{
    fx *f = *st;
    cp_ui_act(f->ui, CP_UI_ACT_MODE, 1);
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    assert_int_equal(cp_ui_choices(f->ui)->n, 0);
    assert_int_equal(cp_ui_press(f->ui, CP_UI_KEY_F1), 0);
    assert_null(cp_ui_hint(f->ui));
    cp_ui_act(f->ui, CP_UI_ACT_MODE, 0);
    cp_ui_press(f->ui, CP_UI_KEY_F1);
    assert_string_equal(cp_ui_hint(f->ui), "先体谅她跑了两趟，再说能不能办。");
}

static void escape_cancels_composition_then_opens_the_menu(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    cp_ui_compose(f->ui, "xin", 3);
    cp_ui_press(f->ui, CP_UI_KEY_ESCAPE);
    assert_false(cp_ui_menu_open(f->ui));
    assert_string_equal(cp_ui_reply(f->ui)->compose, "");
    cp_ui_press(f->ui, CP_UI_KEY_ESCAPE);
    assert_true(cp_ui_menu_open(f->ui));
    assert_int_equal(cp_ui_text(f->ui, "字"), 0);            /* the menu has the keyboard */
    const char *const *items;
    assert_int_equal(cp_ui_menu_items(f->ui, &items), 4);
    cp_ui_press(f->ui, CP_UI_KEY_DOWN);                      /* 重新开始本情景 */
    cp_ui_text(f->ui, "x");
    cp_ui_act(f->ui, CP_UI_ACT_CHOOSE, 1);                   /* ignored: menu open */
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_false(cp_ui_menu_open(f->ui));
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);
    cp_ui_press(f->ui, CP_UI_KEY_ESCAPE);
    cp_ui_press(f->ui, CP_UI_KEY_UP);                        /* wraps to 退出 */
    assert_int_equal(cp_ui_press(f->ui, CP_UI_KEY_ENTER) & CP_UI_QUIT, CP_UI_QUIT);
}

static void history_scroll_is_clamped(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    cp_ui_press(f->ui, CP_UI_KEY_PAGEUP);
    assert_int_equal(cp_ui_scroll(f->ui), 300);
    cp_ui_clamp_scroll(f->ui, 120);
    assert_int_equal(cp_ui_scroll(f->ui), 120);
    cp_ui_act(f->ui, CP_UI_ACT_SCROLL, -1000);
    assert_int_equal(cp_ui_scroll(f->ui), 0);
    cp_ui_press(f->ui, CP_UI_KEY_PAGEUP);
    cp_ui_text(f->ui, "新");                                  /* typing jumps back to the newest */
    assert_int_equal(cp_ui_scroll(f->ui), 0);
}

static void a_bad_scenario_leaves_the_model_as_it_was(void **st)
{
    fx *f = *st;
    cp_error err;
    cp_error_clear(&err);
    assert_int_equal(cp_ui_open(f->ui, "tests/window/no_such_file.lua", &err), -1);
    assert_true(err.msg[0] != 0);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_START);
    assert_null(cp_ui_session(f->ui));
}

/* ---- Pronouns, saving, resuming, reloading ---- */

static void pronoun_follows_the_persona(void **st)
{
    (void)st;
    cp_persona m = { .gender = "male" }, fe = { .gender = "female" }, firm = { .gender = NULL };
    assert_string_equal(cp_ui_pronoun(&m), "他");
    assert_string_equal(cp_ui_pronoun(&fe), "她");
    assert_string_equal(cp_ui_pronoun(&firm), "对方");
    assert_string_equal(cp_ui_pronoun(NULL), "对方");
}

/* A temporary copy of the tiny scenario with `from` replaced by `to` (NULL: unchanged), as a
 * path in buf; returns buf. */
static char *tiny_copy(char *buf, const char *from, const char *to)
{
    size_t len;
    cp_error err;
    cp_error_clear(&err);
    char *t = cp_read_file(TINY, 1 << 20, &len, &err);
    assert_non_null(t);
    FILE *f = fopen(buf, "w");
    assert_non_null(f);
    const char *at = from ? strstr(t, from) : NULL;
    if (from)
        assert_non_null(at);
    if (at) {
        fwrite(t, 1, (size_t)(at - t), f);
        fputs(to, f);
        fputs(at + strlen(from), f);
    } else {
        fputs(t, f);
    }
    fclose(f);
    free(t);
    return buf;
}

/* Replaces every `from` with `to` in the file at path (in place). */
static void edit_all(const char *path, const char *from, const char *to)
{
    size_t len;
    cp_error err;
    cp_error_clear(&err);
    char *t = cp_read_file(path, 1 << 20, &len, &err);
    assert_non_null(t);
    FILE *f = fopen(path, "w");
    for (char *p = t, *q; ; p = q + strlen(from)) {
        q = strstr(p, from);
        if (!q) {
            fputs(p, f);
            break;
        }
        fwrite(p, 1, (size_t)(q - p), f);
        fputs(to, f);
    }
    fclose(f);
    free(t);
}

static void saves_after_every_reply_and_resumes_the_conversation(void **st)
{
    fx *f = *st;
    char save[] = "/tmp/cp_ui_save_XXXXXX";
    int fd = mkstemp(save);
    assert_true(fd >= 0);
    close(fd);
    cp_ui_set_save(f->ui, save);
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    cp_ui_act(f->ui, CP_UI_ACT_CHOOSE, 2);
    cp_ui *ui = cp_ui_new(f->scorer, NULL);
    cp_error err;
    cp_error_clear(&err);
    assert_int_equal(cp_ui_resume(ui, TINY, save, &err), 0);
    assert_int_equal(cp_ui_screen_now(ui), CP_UI_DIALOGUE);
    assert_int_equal(cp_session_nturns(cp_ui_session(ui)), 1);
    assert_int_equal(cp_session_turn(cp_ui_session(ui), 0)->choice, 2);
    assert_int_equal(cp_ui_nentries(ui), 3);   /* opening, the reply, the answer */
    assert_int_equal(cp_ui_entry_at(ui, 1)->who, CP_UI_TRAINEE);
    assert_string_equal(cp_ui_entry_at(ui, 2)->text, "那你快看看，这次齐了没有？");
    assert_true(cp_ui_notice(ui)[0] != 0);
    /* a second reply is saved too */
    cp_ui_set_save(ui, save);
    cp_ui_text(ui, "您放心，我这就看。");
    cp_ui_act(ui, CP_UI_ACT_SUBMIT, 0);
    cp_ui_free(ui);
    ui = cp_ui_new(f->scorer, NULL);
    assert_int_equal(cp_ui_resume(ui, TINY, save, &err), 0);
    assert_int_equal(cp_ui_screen_now(ui), CP_UI_END);
    assert_int_equal(cp_session_nturns(cp_ui_session(ui)), 2);
    cp_ui_free(ui);
    unlink(save);
}

static void reload_keeps_the_session_and_shows_the_new_text(void **st)
{
    fx *f = *st;
    char dir[] = "/tmp/cp_ui_reload_XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/ui_tiny.lua", dir);   /* the id must match the name */
    tiny_copy(path, NULL, NULL);
    assert_int_equal(cp_ui_open(f->ui, path, NULL), 0);
    assert_string_equal(cp_ui_watched_path(f->ui), path);
    cp_ui_act(f->ui, CP_UI_ACT_CHOOSE, 1);
    cp_ui_act(f->ui, CP_UI_ACT_CONTINUE, 0);
    cp_ui_text(f->ui, "半句");
    edit_all(path, "那你快看看，这次齐了没有？", "那你快看看，这回齐了吗？");
    assert_int_equal(cp_ui_reload(f->ui) & CP_UI_CHANGED, CP_UI_CHANGED);
    assert_null(cp_ui_load_error(f->ui));
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);
    assert_int_equal(cp_session_nturns(cp_ui_session(f->ui)), 1);
    assert_string_equal(cp_session_node(cp_ui_session(f->ui))->id, "second");
    assert_string_equal(cp_ui_entry_at(f->ui, cp_ui_nentries(f->ui) - 1)->text,
                        "那你快看看，这回齐了吗？");
    assert_string_equal(cp_ui_reply(f->ui)->text, "半句");   /* the reply box survives */
    assert_non_null(strstr(cp_ui_notice(f->ui), "重新载入"));
    assert_int_equal(cp_ui_reload_count(f->ui), 1);
    unlink(path);
    rmdir(dir);
}

static void a_broken_file_shows_its_error_and_keeps_the_session_until_fixed(void **st)
{
    fx *f = *st;
    char dir[] = "/tmp/cp_ui_broken_XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/ui_tiny.lua", dir);   /* the id must match the name */
    tiny_copy(path, NULL, NULL);
    assert_int_equal(cp_ui_open(f->ui, path, NULL), 0);
    cp_ui_act(f->ui, CP_UI_ACT_CHOOSE, 1);
    cp_ui_act(f->ui, CP_UI_ACT_CONTINUE, 0);
    edit_all(path, "start = \"first\",", "start = \"first\" oops,");
    cp_ui_reload(f->ui);
    const char *e = cp_ui_load_error(f->ui);
    assert_non_null(e);
    assert_non_null(strstr(e, path));
    assert_non_null(strstr(e, ".lua:"));                     /* file:line: message */
    assert_int_equal(cp_session_nturns(cp_ui_session(f->ui)), 1);
    assert_null(cp_ui_focused_edit(f->ui));                   /* the panel has the keyboard */
    assert_int_equal(cp_ui_text(f->ui, "字"), 0);
    assert_int_equal(cp_ui_act(f->ui, CP_UI_ACT_CHOOSE, 1), 0);
    edit_all(path, "start = \"first\" oops,", "start = \"first\",");
    cp_ui_reload(f->ui);
    assert_null(cp_ui_load_error(f->ui));
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);
    assert_int_equal(cp_session_nturns(cp_ui_session(f->ui)), 1);
    /* Esc dismisses the panel; the file stays watched */
    edit_all(path, "start = \"first\",", "start = \"first\" oops,");
    cp_ui_reload(f->ui);
    assert_non_null(cp_ui_load_error(f->ui));
    cp_ui_press(f->ui, CP_UI_KEY_ESCAPE);
    assert_null(cp_ui_load_error(f->ui));
    assert_false(cp_ui_menu_open(f->ui));
    assert_string_equal(cp_ui_watched_path(f->ui), path);
    unlink(path);
    rmdir(dir);
}

static void reload_starts_over_when_the_node_is_gone(void **st)
{
    fx *f = *st;
    char dir[] = "/tmp/cp_ui_gone_XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/ui_tiny.lua", dir);   /* the id must match the name */
    tiny_copy(path, NULL, NULL);
    assert_int_equal(cp_ui_open(f->ui, path, NULL), 0);
    cp_ui_act(f->ui, CP_UI_ACT_CHOOSE, 1);
    cp_ui_act(f->ui, CP_UI_ACT_CONTINUE, 0);
    edit_all(path, "second", "second_b");
    cp_ui_reload(f->ui);
    assert_null(cp_ui_load_error(f->ui));
    assert_int_equal(cp_session_nturns(cp_ui_session(f->ui)), 0);
    assert_int_equal(cp_ui_nentries(f->ui), 1);
    assert_non_null(strstr(cp_ui_notice(f->ui), "已从头开始"));
    unlink(path);
    rmdir(dir);
}

static void a_file_that_fails_at_start_loads_once_fixed(void **st)
{
    fx *f = *st;
    char dir[] = "/tmp/cp_ui_start_XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/ui_tiny.lua", dir);   /* the id must match the name */
    tiny_copy(path, "return scenario {", "return scenario { = ");
    cp_error err;
    cp_error_clear(&err);
    assert_int_equal(cp_ui_open(f->ui, path, &err), -1);
    cp_ui_show_load_error(f->ui, path, NULL, &err);
    assert_non_null(cp_ui_load_error(f->ui));
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_START);
    cp_ui_reload(f->ui);                                       /* still broken */
    assert_non_null(cp_ui_load_error(f->ui));
    tiny_copy(path, NULL, NULL);
    cp_ui_reload(f->ui);
    assert_null(cp_ui_load_error(f->ui));
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);
    assert_int_equal(cp_ui_nentries(f->ui), 1);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chinese_breaks_between_any_two_characters),
        cmocka_unit_test(closing_punctuation_never_starts_a_line),
        cmocka_unit_test(opening_punctuation_never_ends_a_line),
        cmocka_unit_test(latin_words_stay_whole),
        cmocka_unit_test(a_word_longer_than_the_line_is_cut),
        cmocka_unit_test(newline_forces_a_break_and_spaces_hang),
        cmocka_unit_test(empty_text_is_one_empty_line),
        cmocka_unit_test(can_break_rules),
        cmocka_unit_test(caret_moves_and_deletes_by_code_point),
        cmocka_unit_test(composition_shows_inline_at_the_caret),
        cmocka_unit_test(insert_cleans_control_characters_and_bad_bytes),
        cmocka_unit_test(up_and_down_keep_the_column),
        cmocka_unit_test(the_limit_stops_long_pastes),
        cmocka_unit_test(faces_follow_tag_and_state),
        cmocka_unit_test_setup_teardown(start_screen_lists_scenarios_with_title_and_summary, setup, teardown),
        cmocka_unit_test_setup_teardown(typed_reply_gives_feedback_then_the_answer, setup, teardown),
        cmocka_unit_test_setup_teardown(choices_by_number_and_the_ending, setup, teardown),
        cmocka_unit_test_setup_teardown(exam_mode_hides_choices_and_hints, setup, teardown),
        cmocka_unit_test_setup_teardown(escape_cancels_composition_then_opens_the_menu, setup, teardown),
        cmocka_unit_test_setup_teardown(history_scroll_is_clamped, setup, teardown),
        cmocka_unit_test_setup_teardown(a_bad_scenario_leaves_the_model_as_it_was, setup, teardown),
        cmocka_unit_test(pronoun_follows_the_persona),
        cmocka_unit_test_setup_teardown(saves_after_every_reply_and_resumes_the_conversation, setup, teardown),
        cmocka_unit_test_setup_teardown(reload_keeps_the_session_and_shows_the_new_text, setup, teardown),
        cmocka_unit_test_setup_teardown(a_broken_file_shows_its_error_and_keeps_the_session_until_fixed, setup, teardown),
        cmocka_unit_test_setup_teardown(reload_starts_over_when_the_node_is_gone, setup, teardown),
        cmocka_unit_test_setup_teardown(a_file_that_fails_at_start_loads_once_fixed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
