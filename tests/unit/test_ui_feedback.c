/* test_ui_feedback.c - what the window's screens contain, checked on the display-free model
 * (include/cp_ui.h): the feedback screen built for one glance (one score, the recorded one;
 * the criteria in focus first, each with its reason; highlights on whole words, each word once,
 * red only for a broken rule and named; the model answer), Enter on the hint's question, the
 * case brief on a key, and `play SCENARIO` opening on the start screen.
 * Runs from the repo root (scenarios/rubrics, tests/window/ui_tiny.lua); no SDL, no display. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "records_backend.h"
#include "records/records_int.h"
#include "cp_progress.h"
#include "cp_records.h"
#include "cp_ui.h"
#include "cp_utf8.h"

#define TINY "tests/window/ui_tiny.lua"
#define EXAM "tests/fixtures/exam_tiny.lua"
#define FAIR "tests/fixtures/ui_fair.lua"
#define GOOD "大姐您好，让您跑了两趟，辛苦了，真不好意思。您把材料给我，我现在就帮您看。"
#define BLAME "材料不对当然办不了，你自己没看清楚。"
#define PASS "assessor-one"

typedef struct fx {
    char dir[64], path[128];
    cp_scorer *scorer;
    cp_records *db;
    int64_t trainee;
    cp_ui *ui;
} fx;

static int setup(void **st)
{
    fx *f = calloc(1, sizeof *f);
    cp_error err = { 0 };
    f->scorer = cp_scorer_load("scenarios/rubrics", &err);
    if (!f->scorer)
        return -1;
    f->ui = cp_ui_new(f->scorer, "tests/window");
    *st = f;
    return 0;
}

/* The same with records (hints cost points, replies are recorded). */
static int setup_records(void **st)
{
    if (setup(st) != 0)
        return -1;
    fx *f = *st;
    if (records_test_dir_new(f->dir, sizeof f->dir, "uifb", f->path, sizeof f->path) != 0)
        return -1;
    cp_error err = { 0 };
    rec_fast_hash_for_tests(true);
    f->db = cp_records_open(f->path, 200, &err);
    if (!f->db || cp_records_trainee_add(f->db, "王小明", "1001", "一班", &f->trainee, &err) != 0)
        return -1;
    cp_ui_set_records(f->ui, f->db, f->trainee);
    return 0;
}

static int teardown(void **st)
{
    fx *f = *st;
    cp_ui_free(f->ui);
    cp_records_close(f->db);
    cp_scorer_free(f->scorer);
    if (f->dir[0]) {
        assert_int_equal(records_test_dir_remove(f->dir), 0);
    }
    free(f);
    return 0;
}

static void type_and_send(cp_ui *ui, const char *text)
{
    cp_ui_text(ui, text);
    cp_ui_press(ui, CP_UI_KEY_ENTER);
}

/* Snaps the first occurrence of `part` in text; the snapped words as a new string (NULL when
 * the span was dropped). */
static char *snap(const cp_scorer *sc, const char *text, const char *part)
{
    size_t len = strlen(text);
    const char *p = strstr(text, part);
    assert_non_null(p);
    uint32_t s = (uint32_t)cp_utf8_count(text, (size_t)(p - text));
    uint32_t e = s + (uint32_t)cp_utf8_count(part, strlen(part));
    uint32_t ws[256], we[256];
    size_t nw = cp_scorer_words(sc, text, len, ws, we, 256);
    if (!cp_ui_snap_span(text, len, ws, we, nw, &s, &e))
        return NULL;
    size_t a = cp_utf8_offset(text, len, s), b = cp_utf8_offset(text, len, e);
    return cp_xstrndup(text + a, b - a);
}

static void assert_snaps(const cp_scorer *sc, const char *text, const char *part, const char *want)
{
    char *got = snap(sc, text, part);
    if (!got || strcmp(got, want))
        fail_msg("「%s」 in 「%s」 snapped to 「%s」, want 「%s」", part, text, got ? got : "(dropped)",
                 want);
    free(got);
}

/* ---- Whole words ---- */

static void a_span_never_splits_a_word(void **st)
{
    fx *f = *st;
    assert_snaps(f->scorer, "这是我们没有讲清楚，对不起。", "是我们没", "是我们没有");
    assert_snaps(f->scorer, "您把户口簿原件带来就行。", "口簿原", "户口簿原件");
}

static void a_number_stays_with_its_word(void **st)
{
    fx *f = *st;
    assert_snaps(f->scorer, "下回您直接来3号窗口找我。", "号窗口", "3号窗口");
    assert_snaps(f->scorer, "缴费满15年就能按月领取。", "15", "15年");
    assert_snaps(f->scorer, "有问题可以打12333。", "1233", "12333");
}

static void brackets_are_never_split(void **st)
{
    fx *f = *st;
    const char *t = "按《社会保险法》第十六条，材料齐了就给您办。";
    assert_snaps(f->scorer, t, "《社会保险法", "《社会保险法》");
    assert_snaps(f->scorer, t, "社会保险法》", "《社会保险法》");
    assert_snaps(f->scorer, t, "社会保险法", "《社会保险法》");
    assert_snaps(f->scorer, "请带上「户口簿」原件。", "「户口", "「户口簿」");
}

static void punctuation_alone_is_no_highlight(void **st)
{
    fx *f = *st;
    assert_null(snap(f->scorer, "好的。您请坐。", "。"));
    assert_snaps(f->scorer, "好的。您请坐。", "。您", "您");
}

/* ---- The feedback screen ---- */

/* The words of mark i. */
static char *mark_text(const cp_ui_fb *fb, size_t i)
{
    const char *t = fb->turn->reply;
    return cp_xstrndup(t + fb->marks[i].start, fb->marks[i].end - fb->marks[i].start);
}

/* True when byte offset b of text is where one of the scorer's words starts (or ends). */
static bool on_boundary(const cp_scorer *sc, const char *text, size_t b, bool at_end)
{
    size_t len = strlen(text);
    uint32_t ws[512], we[512];
    size_t nw = cp_scorer_words(sc, text, len, ws, we, 512);
    uint32_t cp = (uint32_t)cp_utf8_count(text, b);
    for (size_t i = 0; i < nw; i++)
        if ((at_end ? we[i] : ws[i]) == cp)
            return true;
    return false;
}

static void each_word_is_highlighted_once(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    type_and_send(f->ui, "您好，您请坐，您别着急，您先喝口水，您把材料给我。");
    cp_ui_fb fb;
    assert_int_equal(cp_ui_feedback_view(f->ui, &fb), 0);
    int lone = 0;
    for (size_t i = 0; i < fb.nmarks; i++) {
        char *w = mark_text(&fb, i);
        lone += !strcmp(w, "您");
        for (size_t j = 0; j < i; j++) {   /* no two marks with the same words */
            char *v = mark_text(&fb, j);
            if (!strcmp(v, w) && fb.marks[i].bad == fb.marks[j].bad)
                fail_msg("「%s」 highlighted twice", w);
            free(v);
        }
        free(w);
    }
    assert_int_equal(lone, 1);   /* the scorer found it five times; the screen shows it once */
}

static void highlights_lie_on_whole_words_in_order(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    type_and_send(f->ui, "大姐您好，让您跑了两趟，辛苦了。这是我们没有讲清楚，对不起。" BLAME);
    cp_ui_fb fb;
    assert_int_equal(cp_ui_feedback_view(f->ui, &fb), 0);
    assert_true(fb.nmarks > 0);
    const char *t = fb.turn->reply;
    for (size_t i = 0; i < fb.nmarks; i++) {
        const cp_ui_mark *m = &fb.marks[i];
        assert_true(m->start < m->end);
        if (i)
            assert_true(fb.marks[i - 1].end <= m->start);   /* in order, never overlapping */
        if (!on_boundary(f->scorer, t, m->start, false) || !on_boundary(f->scorer, t, m->end, true)) {
            char *w = mark_text(&fb, i);
            fail_msg("「%s」 is not on word boundaries", w);
        }
        assert_non_null(m->rule);
    }
}

static void red_only_for_a_broken_rule_and_the_rule_is_named(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    type_and_send(f->ui, BLAME);
    cp_ui_fb fb;
    assert_int_equal(cp_ui_feedback_view(f->ui, &fb), 0);
    bool blame = false;
    for (size_t i = 0; i < fb.nmarks; i++) {
        if (!fb.marks[i].bad)
            continue;
        /* red is named after a conduct rule this reply broke */
        bool broke = false;
        for (size_t k = 0; k < fb.turn->result.n; k++) {
            const cp_crit_result *cr = &fb.turn->result.crit[k];
            broke |= cr->conduct && !cr->met && !strcmp(cr->name, fb.marks[i].rule);
        }
        assert_true(broke);
        char *w = mark_text(&fb, i);
        if (strstr(w, "你自己") && !strcmp(fb.marks[i].rule, "不指责不推诿"))
            blame = true;
        free(w);
    }
    assert_true(blame);
}

static void red_only_on_the_words_the_rule_names(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, FAIR, NULL), 0);
    /* a rule quoted before any listening: the order, listening and basis are missed (their
     * words broke nothing), and plain language is broken by 申领 alone, as its note says */
    type_and_send(f->ui, "按规定，退休申领必须材料齐全才能受理。请您把户口簿原件给我。");
    cp_ui_fb fb;
    assert_int_equal(cp_ui_feedback_view(f->ui, &fb), 0);
    int red = 0;
    for (size_t i = 0; i < fb.nmarks; i++) {
        if (!fb.marks[i].bad)
            continue;
        char *w = mark_text(&fb, i);
        assert_string_equal(w, "申领");
        assert_string_equal(fb.marks[i].rule, "通俗易懂");
        free(w);
        red++;
    }
    assert_int_equal(red, 1);
    for (size_t i = 0; i < fb.nitems; i++)
        if (!strcmp(fb.items[i].name, "先听后说"))
            assert_non_null(strstr(fb.items[i].reason, "直接讲规定"));   /* said on its own line */
}

static void focus_first_each_with_a_reason(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    type_and_send(f->ui, BLAME);
    cp_ui_fb fb;
    assert_int_equal(cp_ui_feedback_view(f->ui, &fb), 0);
    assert_int_equal(fb.nitems, fb.turn->result.n);   /* every criterion scored, once */
    for (size_t i = 0; i < fb.nitems; i++) {
        const cp_ui_fb_item *it = &fb.items[i];
        assert_true(it->reason[0] != 0);
        assert_int_equal(it->focus, i < fb.nfocus);
        if (!it->focus)            /* out of focus: only a conduct rule that broke */
            assert_true(!it->met && it->cr->conduct);
        if (i > 0 && i < fb.nfocus)   /* within focus: what was missed comes first */
            assert_true(!(it->met == false && fb.items[i - 1].met == true));
    }
    /* the rules it broke lead the list */
    assert_true(fb.items[0].cr->conduct && !fb.items[0].met);
    for (size_t i = 1; i < fb.nfocus; i++)
        if (fb.items[i].cr->conduct && !fb.items[i].met)
            assert_true(fb.items[i - 1].cr->conduct && !fb.items[i - 1].met);
    /* the one the citizen minds most is listed with what was wrong */
    bool found = false;
    for (size_t i = 0; i < fb.nitems; i++)
        if (!strcmp(fb.items[i].name, "不指责不推诿")) {
            assert_false(fb.items[i].met);
            assert_non_null(strstr(fb.items[i].reason, "你自己"));
            found = true;
        }
    assert_true(found);
}

static void the_model_answer_is_on_the_screen_in_practice(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    type_and_send(f->ui, BLAME);
    cp_ui_fb fb;
    assert_int_equal(cp_ui_feedback_view(f->ui, &fb), 0);
    assert_non_null(fb.model);
    assert_string_equal(fb.model, "大姐，让您跑了两趟，辛苦您了。您把材料给我，我现在就帮您看。");
    assert_int_equal(fb.number, 1);
    assert_int_equal(fb.anger, fb.turn->anger);
    assert_int_equal(fb.d_anger, fb.turn->anger - 60);   /* from the persona's start */
    /* no feedback screen, no view */
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    cp_ui_act(f->ui, CP_UI_ACT_MODE, 1);
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    type_and_send(f->ui, BLAME);
    assert_int_equal(cp_ui_feedback_view(f->ui, &fb), 0);
    assert_null(fb.model);                               /* 考核模式: no model answers */
}

static void one_score_without_records_is_the_turn_score(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    type_and_send(f->ui, GOOD);
    cp_ui_fb fb;
    assert_int_equal(cp_ui_feedback_view(f->ui, &fb), 0);
    assert_true(fabs(fb.score - fb.turn->score) < 1e-9);
    assert_true(fabs(fb.max - fb.turn->max) < 1e-9);
    assert_true(fb.deducted == 0);
    char want[96];
    snprintf(want, sizeof want, "本轮得分 %.1f / %.1f", fb.turn->score, fb.turn->max);
    assert_string_equal(fb.score_text, want);
}

static void one_score_after_a_hint_is_the_recorded_one(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    cp_ui_press(f->ui, CP_UI_KEY_F1);
    cp_ui_press(f->ui, CP_UI_KEY_F1);
    assert_int_equal(cp_ui_hints_taken(f->ui), 1);
    type_and_send(f->ui, GOOD);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_FEEDBACK);
    cp_ui_fb fb;
    assert_int_equal(cp_ui_feedback_view(f->ui, &fb), 0);
    cp_error err = { 0 };
    size_t n = 0;
    cp_rec_turn *t = cp_records_turns(f->db, cp_ui_session_id(f->ui), &n, &err);
    assert_non_null(t);
    assert_int_equal(n, 1);
    assert_true(fabs(fb.score - t[0].final) < 1e-9);   /* the number the records keep */
    assert_true(fabs(fb.max - t[0].max) < 1e-9);
    assert_true(fabs(fb.deducted - (t[0].score - t[0].final)) < 1e-9);
    assert_true(fb.deducted > 0);
    assert_int_equal(fb.hints, 1);
    /* one score in the text: the deduction is inside it, not a second total */
    char want[160];
    snprintf(want, sizeof want, "本轮得分 %.1f / %.1f（含提示扣分 %.1f）", t[0].final, t[0].max,
             t[0].score - t[0].final);
    assert_string_equal(fb.score_text, want);
    const char *p = strstr(fb.score_text, "/");
    assert_non_null(p);
    assert_null(strstr(p + 1, "/"));
    cp_rec_turns_free(t, n);
}

/* ---- Keys ---- */

static void enter_on_the_hint_question_takes_the_hint_not_the_reply(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    cp_ui_text(f->ui, "大姐您好");
    cp_ui_press(f->ui, CP_UI_KEY_F1);
    assert_true(cp_ui_hint_asking(f->ui));
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);                  /* answers the question */
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);
    assert_false(cp_ui_hint_asking(f->ui));
    assert_non_null(cp_ui_hint(f->ui));
    assert_int_equal(cp_ui_hints_taken(f->ui), 1);
    assert_string_equal(cp_ui_reply(f->ui)->text, "大姐您好");   /* the reply was not sent */
    assert_int_equal(cp_session_nturns(cp_ui_session(f->ui)), 0);
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);                  /* no question now: Enter sends */
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_FEEDBACK);
    assert_int_equal(cp_ui_feedback_hints(f->ui), 1);
}

static void f10_shows_the_case_brief_beside_the_dialogue(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    assert_false(cp_ui_brief_shown(f->ui));
    cp_ui_press(f->ui, CP_UI_KEY_F10);
    assert_true(cp_ui_brief_shown(f->ui));
    cp_ui_text(f->ui, "您好");                             /* typing still goes to the reply */
    assert_string_equal(cp_ui_reply(f->ui)->text, "您好");
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_FEEDBACK);
    assert_true(cp_ui_brief_shown(f->ui));                 /* it stays open on the feedback */
    cp_ui_press(f->ui, CP_UI_KEY_F10);
    assert_false(cp_ui_brief_shown(f->ui));
    assert_int_equal(cp_ui_act(f->ui, CP_UI_ACT_BRIEF_SCROLL, 100), 0);   /* closed: nothing */
    cp_ui_act(f->ui, CP_UI_ACT_BRIEF, 1);
    assert_true(cp_ui_brief_shown(f->ui));
    /* a long brief scrolls in its panel; the window clamps it to what it laid out */
    cp_ui_act(f->ui, CP_UI_ACT_BRIEF_SCROLL, 300);
    assert_int_equal(cp_ui_brief_scroll(f->ui), 300);
    cp_ui_clamp_brief_scroll(f->ui, 120);
    assert_int_equal(cp_ui_brief_scroll(f->ui), 120);
    cp_ui_act(f->ui, CP_UI_ACT_BRIEF_SCROLL, -500);
    assert_int_equal(cp_ui_brief_scroll(f->ui), 0);
    cp_ui_act(f->ui, CP_UI_ACT_BRIEF_SCROLL, 50);
    cp_ui_press(f->ui, CP_UI_KEY_F10);
    cp_ui_press(f->ui, CP_UI_KEY_F10);
    assert_int_equal(cp_ui_brief_scroll(f->ui), 0);                  /* opens at the top */
}

static void f10_on_the_start_screen_shows_the_brief_full_width(void **st)
{
    fx *f = *st;
    cp_error err = { 0 };
    assert_int_equal(cp_ui_choose(f->ui, TINY, &err), 0);
    const cp_ui_listing *l = cp_ui_listing_at(f->ui, (size_t)cp_ui_selected(f->ui));
    assert_non_null(l->brief);                                       /* beside the list */
    assert_non_null(strstr(l->brief, "来访人：张秀兰"));
    assert_non_null(strstr(l->brief, "本地规定："));
    cp_ui_act(f->ui, CP_UI_ACT_FOCUS, CP_UI_FOCUS_NAME);
    cp_ui_press(f->ui, CP_UI_KEY_F10);
    assert_true(cp_ui_brief_shown(f->ui));
    assert_null(cp_ui_focused_edit(f->ui));          /* the hidden name box takes no typing */
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);             /* Enter still starts it */
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);
    assert_false(cp_ui_brief_shown(f->ui));          /* the dialogue opens with the face */
}

static void the_brief_opens_by_itself_in_an_exam(void **st)
{
    fx *f = *st;
    cp_error err = { 0 };
    assert_int_equal(cp_records_passphrase_set(f->db, NULL, PASS, &err), 0);
    assert_int_equal(cp_ui_choose_exam(f->ui, EXAM, &err), 0);
    cp_ui_set_assessor(f->ui, "周考官");
    cp_ui_text(f->ui, PASS);
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_non_null(cp_ui_exam_running(f->ui));
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);
    assert_true(cp_ui_brief_shown(f->ui));
    cp_ui_press(f->ui, CP_UI_KEY_F10);                     /* and closes on the key */
    assert_false(cp_ui_brief_shown(f->ui));
}

/* ---- The progress chart's axis ---- */

static void the_progress_axis_names_each_practice_by_its_day(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    cp_ui_act(f->ui, CP_UI_ACT_CHOOSE, 1);
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    type_and_send(f->ui, "您放心，我这就帮您看。");
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_END);
    cp_ui_press(f->ui, CP_UI_KEY_F3);
    const cp_progress *p = cp_ui_progress(f->ui);
    assert_non_null(p);
    assert_int_equal(cp_progress_nsessions(p), 1);
    cp_error err = { 0 };
    size_t n = 0;
    cp_rec_session *v = cp_records_sessions(f->db, f->trainee, &n, &err);
    assert_int_equal(n, 1);
    char want[16], got[16];
    snprintf(want, sizeof want, "%.5s", v[0].started + 5);     /* MM-DD of the ISO start */
    assert_string_equal(cp_ui_progress_date(f->ui, 0, got), want);
    assert_string_equal(cp_ui_progress_date(f->ui, 1, got), "");   /* no such session */
    free(v);
}

static void scenario_checks_are_named_in_chinese_not_by_id(void **st)
{
    fx *f = *st;
    assert_string_equal(cp_ui_criterion_name(f->ui, "x.greet"), "x.greet");   /* unknown yet */
    assert_int_equal(cp_ui_open(f->ui, "tests/fixtures/checks.lua", NULL), 0);
    const char *n = cp_ui_criterion_name(f->ui, "x.greet");
    assert_true(!strcmp(n, "问候") || !strcmp(n, "早安"));
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);               /* still known after */
    n = cp_ui_criterion_name(f->ui, "x.greet");
    assert_true(!strcmp(n, "问候") || !strcmp(n, "早安"));
    assert_string_equal(cp_ui_criterion_name(f->ui, "empathy.no_blame"), "不指责不推诿");
}

/* ---- `play SCENARIO` ---- */

static void play_scenario_opens_on_the_start_screen_with_it_chosen(void **st)
{
    fx *f = *st;
    cp_error err = { 0 };
    size_t n0 = cp_ui_nlistings(f->ui);
    assert_int_equal(cp_ui_choose(f->ui, TINY, &err), 0);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_START);
    assert_int_equal(cp_ui_nlistings(f->ui), n0);        /* the folder's own listing, not a copy */
    const cp_ui_listing *l = cp_ui_listing_at(f->ui, (size_t)cp_ui_selected(f->ui));
    assert_string_equal(l->id, "ui_tiny");
    assert_string_equal(l->path, TINY);
    assert_non_null(strstr(l->summary, "两轮"));
    assert_null(cp_ui_session(f->ui));                   /* nothing started yet */
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);
    assert_string_equal(cp_ui_scenario(f->ui)->id, "ui_tiny");
    /* a file from elsewhere joins the list */
    assert_int_equal(cp_ui_choose(f->ui, "tests/fixtures/no_such_scenario.lua", &err), -1);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);   /* a bad file changes nothing */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_span_never_splits_a_word, setup, teardown),
        cmocka_unit_test_setup_teardown(a_number_stays_with_its_word, setup, teardown),
        cmocka_unit_test_setup_teardown(brackets_are_never_split, setup, teardown),
        cmocka_unit_test_setup_teardown(punctuation_alone_is_no_highlight, setup, teardown),
        cmocka_unit_test_setup_teardown(each_word_is_highlighted_once, setup, teardown),
        cmocka_unit_test_setup_teardown(highlights_lie_on_whole_words_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(red_only_for_a_broken_rule_and_the_rule_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(red_only_on_the_words_the_rule_names, setup, teardown),
        cmocka_unit_test_setup_teardown(focus_first_each_with_a_reason, setup, teardown),
        cmocka_unit_test_setup_teardown(the_model_answer_is_on_the_screen_in_practice, setup, teardown),
        cmocka_unit_test_setup_teardown(one_score_without_records_is_the_turn_score, setup, teardown),
        cmocka_unit_test_setup_teardown(one_score_after_a_hint_is_the_recorded_one, setup_records, teardown),
        cmocka_unit_test_setup_teardown(enter_on_the_hint_question_takes_the_hint_not_the_reply, setup_records, teardown),
        cmocka_unit_test_setup_teardown(f10_shows_the_case_brief_beside_the_dialogue, setup, teardown),
        cmocka_unit_test_setup_teardown(f10_on_the_start_screen_shows_the_brief_full_width, setup, teardown),
        cmocka_unit_test_setup_teardown(the_brief_opens_by_itself_in_an_exam, setup_records, teardown),
        cmocka_unit_test_setup_teardown(the_progress_axis_names_each_practice_by_its_day, setup_records, teardown),
        cmocka_unit_test_setup_teardown(scenario_checks_are_named_in_chinese_not_by_id, setup, teardown),
        cmocka_unit_test_setup_teardown(play_scenario_opens_on_the_start_screen_with_it_chosen, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
