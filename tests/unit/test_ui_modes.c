/* test_ui_modes.c - the window model's recorded modes without a display (include/cp_ui.h with
 * cp_ui_set_records): hints that ask first, cost points and are recorded; answering a turn
 * again; the progress view and its recommendation; resuming a recorded session; exams (wrong
 * passphrase refused, countdown from an injected clock, the reply submitted as typed at 0 and
 * marked timed out, no hints or choices, the result screen equal to the stored result); a
 * failed database write that keeps the typed reply. Runs from the repo root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "records_backend.h"
#include "records/records_int.h"
#include "cp_exam.h"
#include "cp_progress.h"
#include "cp_records.h"
#include "cp_ui.h"

#define TINY "tests/window/ui_tiny.lua"
#define EXAM "tests/fixtures/exam_tiny.lua"
#define GOOD "大姐您好，让您跑了两趟，辛苦了，真不好意思。您把材料给我，我现在就帮您看。"
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
    if (records_test_dir_new(f->dir, sizeof f->dir, "uimodes", f->path, sizeof f->path) != 0)
        return -1;
    cp_error err = { 0 };
    rec_fast_hash_for_tests(true);
    f->scorer = cp_scorer_load("scenarios/rubrics", &err);
    f->db = f->scorer ? cp_records_open(f->path, 200, &err) : NULL;
    if (!f->db || cp_records_trainee_add(f->db, "王小明", "1001", "一班", &f->trainee, &err) != 0)
        return -1;
    f->ui = cp_ui_new(f->scorer, "tests/window");
    cp_ui_set_records(f->ui, f->db, f->trainee);
    *st = f;
    return 0;
}

static int teardown(void **st)
{
    fx *f = *st;
    cp_ui_free(f->ui);
    cp_records_close(f->db);
    cp_scorer_free(f->scorer);
    assert_int_equal(records_test_dir_remove(f->dir), 0);
    free(f);
    return 0;
}

/* The recorded replies of the session being played (caller frees with cp_rec_turns_free). */
static cp_rec_turn *recorded(fx *f, size_t *n)
{
    cp_error err = { 0 };
    cp_rec_turn *t = cp_records_turns(f->db, cp_ui_session_id(f->ui), n, &err);
    if (!t)
        die(&err);
    return t;
}

static void type_and_send(cp_ui *ui, const char *text)
{
    cp_ui_text(ui, text);
    cp_ui_press(ui, CP_UI_KEY_ENTER);
}

/* ---- Self-study ---- */

static void the_window_shows_the_trainee_on_the_roster(void **st)
{
    fx *f = *st;
    assert_string_equal(cp_ui_name(f->ui)->text, "王小明");
    assert_ptr_equal(cp_ui_records(f->ui), f->db);
    assert_int_equal(cp_ui_trainee_id(f->ui), f->trainee);
}

static void a_hint_asks_first_costs_points_and_is_recorded(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    assert_true(cp_ui_session_id(f->ui) > 0);
    cp_ui_tick(f->ui, 1000);                       /* the reply's time starts */
    cp_ui_press(f->ui, CP_UI_KEY_F1);
    assert_true(cp_ui_hint_asking(f->ui));         /* the cost is said before anything is taken */
    assert_null(cp_ui_hint(f->ui));
    assert_int_equal(cp_ui_hints_taken(f->ui), 0);
    cp_ui_press(f->ui, CP_UI_KEY_F1);              /* taken */
    assert_false(cp_ui_hint_asking(f->ui));
    assert_non_null(cp_ui_hint(f->ui));
    assert_int_equal(cp_ui_hints_taken(f->ui), 1);
    cp_ui_press(f->ui, CP_UI_KEY_F1);              /* hidden, and shown again for free */
    cp_ui_press(f->ui, CP_UI_KEY_F1);
    assert_int_equal(cp_ui_hints_taken(f->ui), 1);
    cp_ui_tick(f->ui, 5200);
    type_and_send(f->ui, GOOD);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_FEEDBACK);
    assert_int_equal(cp_ui_feedback_hints(f->ui), 1);
    size_t n;
    cp_rec_turn *t = recorded(f, &n);
    assert_int_equal(n, 1);
    assert_int_equal(t[0].hints, 1);
    assert_int_equal(t[0].elapsed_ms, 4200);
    assert_false(t[0].timed_out);
    assert_true(t[0].score > 0);
    double want = t[0].score - CP_HINT_COST * t[0].max;
    if (want < 0)
        want = 0;
    assert_true(fabs(t[0].final - want) < 1e-9);   /* the cost is applied in the database */
    assert_true(fabs(cp_ui_feedback_final(f->ui) - want) < 1e-9);
    cp_rec_turns_free(t, n);
}

static void declining_the_hint_costs_nothing(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    cp_ui_act(f->ui, CP_UI_ACT_HINT, 0);
    assert_true(cp_ui_hint_asking(f->ui));
    cp_ui_press(f->ui, CP_UI_KEY_ESCAPE);          /* Esc declines instead of opening the menu */
    assert_false(cp_ui_hint_asking(f->ui));
    assert_false(cp_ui_menu_open(f->ui));
    type_and_send(f->ui, GOOD);
    size_t n;
    cp_rec_turn *t = recorded(f, &n);
    assert_int_equal(n, 1);
    assert_int_equal(t[0].hints, 0);
    assert_true(fabs(t[0].final - t[0].score) < 1e-9);
    cp_rec_turns_free(t, n);
}

static void retrying_a_turn_records_the_next_attempt(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    const char *bad = "材料不对当然办不了，你自己没看清楚。";
    type_and_send(f->ui, bad);
    assert_true(cp_ui_can_retry_turn(f->ui));
    cp_ui_press(f->ui, CP_UI_KEY_F2);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);
    assert_int_equal(cp_session_nturns(cp_ui_session(f->ui)), 0);
    assert_string_equal(cp_ui_reply(f->ui)->text, bad);   /* the old reply, to be improved */
    assert_int_equal(cp_ui_nentries(f->ui), 1);           /* only the citizen's opening */
    cp_ui_edit_clear((cp_ui_edit *)cp_ui_reply(f->ui));
    type_and_send(f->ui, GOOD);
    size_t n;
    cp_rec_turn *t = recorded(f, &n);
    assert_int_equal(n, 2);
    assert_int_equal(t[0].seq, 1);
    assert_int_equal(t[1].seq, 1);
    assert_int_equal(t[0].attempt, 1);
    assert_int_equal(t[1].attempt, 2);
    assert_false(t[0].counted);
    assert_true(t[1].counted);
    assert_string_equal(t[1].reply, GOOD);
    assert_true(t[1].score > t[0].score);
    cp_rec_turns_free(t, n);
}

/* Plays the tiny scenario to its end with two replies. */
static void play_tiny(fx *f, const char *first)
{
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    type_and_send(f->ui, first);
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    type_and_send(f->ui, "您放心，我这就帮您看。");
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_END);
}

static void progress_view_shows_each_criterion_and_recommends(void **st)
{
    fx *f = *st;
    /* the library's scenarios on the start screen, the tiny one played twice */
    cp_ui_free(f->ui);
    f->ui = cp_ui_new(f->scorer, "scenarios");
    cp_ui_set_records(f->ui, f->db, f->trainee);
    play_tiny(f, "材料不对当然办不了，你自己没看清楚。");
    play_tiny(f, GOOD);
    assert_int_equal(cp_ui_act(f->ui, CP_UI_ACT_PROGRESS, 0) & CP_UI_CHANGED, CP_UI_CHANGED);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_PROGRESS);
    const cp_progress *p = cp_ui_progress(f->ui);
    assert_non_null(p);
    assert_int_equal(cp_progress_nsessions(p), 2);
    /* empathy.acknowledge: missed in the first session's first turn, met in the second's */
    size_t ack = (size_t)-1;
    for (size_t i = 0; i < cp_progress_ncriteria(p); i++)
        if (!strcmp(cp_progress_criterion(p, i), "empathy.acknowledge"))
            ack = i;
    assert_true(ack != (size_t)-1);
    int m0, t0, m1, t1;
    cp_progress_cell(p, ack, 0, &m0, &t0);
    cp_progress_cell(p, ack, 1, &m1, &t1);
    assert_true(t0 > 0 && t1 > 0);
    assert_true((double)m1 / t1 > (double)m0 / t0);
    /* the recommendation is cp_recommend's over the installed scenarios, said in Chinese */
    cp_error err = { 0 };
    cp_progress *mine = cp_records_progress(f->db, f->trainee, &err);
    size_t n = cp_ui_nlistings(f->ui);
    const cp_scenario **scs = calloc(n, sizeof *scs);
    for (size_t i = 0; i < n; i++) {
        scs[i] = cp_scenario_load(cp_ui_listing_at(f->ui, i)->path, &err);
        assert_non_null(scs[i]);
    }
    cp_recommendation rec;
    assert_int_equal(cp_recommend(mine, scs, n, &rec), 0);
    assert_int_equal(cp_ui_recommend_listing(f->ui), (int)rec.scenario);
    const char *txt = cp_ui_recommend_text(f->ui);
    assert_non_null(strstr(txt, "建议下一个练习："));
    assert_non_null(strstr(txt, cp_ui_listing_at(f->ui, rec.scenario)->title));
    assert_non_null(strstr(txt, cp_ui_criterion_name(f->ui, rec.criterion)));
    for (size_t i = 0; i < n; i++)
        cp_scenario_free((cp_scenario *)scs[i]);
    free(scs);
    cp_progress_free(mine);
    /* its button starts that scenario, recorded as a new practice session */
    int64_t before = cp_ui_session_id(f->ui);
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);
    assert_string_equal(cp_ui_scenario(f->ui)->id, cp_ui_listing_at(f->ui, rec.scenario)->id);
    assert_true(cp_ui_session_id(f->ui) > before);
}

static void progress_needs_records(void **st)
{
    fx *f = *st;
    cp_ui *plain = cp_ui_new(f->scorer, "tests/window");
    cp_ui_act(plain, CP_UI_ACT_PROGRESS, 0);
    assert_int_equal(cp_ui_screen_now(plain), CP_UI_START);
    assert_non_null(strstr(cp_ui_message(plain), "--trainee"));
    cp_ui_free(plain);
}

static void an_unfinished_session_is_offered_and_resumes(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    type_and_send(f->ui, GOOD);
    int64_t sid = cp_ui_session_id(f->ui);
    cp_ui_free(f->ui);                               /* the window closes (or crashes) here */
    f->ui = cp_ui_new(f->scorer, "tests/window");
    cp_ui_set_records(f->ui, f->db, f->trainee);
    assert_non_null(cp_ui_resume_offer(f->ui));
    assert_non_null(strstr(cp_ui_resume_offer(f->ui), "窗口测试：补交材料"));
    cp_ui_press(f->ui, CP_UI_KEY_F2);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);
    assert_int_equal(cp_ui_session_id(f->ui), sid);
    assert_int_equal(cp_session_nturns(cp_ui_session(f->ui)), 1);
    assert_int_equal(cp_ui_nentries(f->ui), 3);      /* opening, the reply, the answer */
    type_and_send(f->ui, "您放心，我这就帮您看。");
    size_t n;
    cp_rec_turn *t = recorded(f, &n);
    assert_int_equal(n, 2);
    assert_int_equal(t[1].seq, 2);
    cp_rec_turns_free(t, n);
    /* a finished session is no longer offered */
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    cp_ui_act(f->ui, CP_UI_ACT_OTHER, 0);
    assert_null(cp_ui_resume_offer(f->ui));
}

static void a_failed_write_keeps_the_typed_reply(void **st)
{
    fx *f = *st;
    assert_int_equal(cp_ui_open(f->ui, TINY, NULL), 0);
    /* another program holds the write lock longer than the handle waits (200 ms) */
    SQLITE_ONLY();
    sqlite3 *other;
    assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
    type_and_send(f->ui, GOOD);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);
    assert_string_equal(cp_ui_reply(f->ui)->text, GOOD);
    assert_non_null(strstr(cp_ui_message(f->ui), "记录库正被另一个程序占用，这条回答还没有保存"));
    assert_int_equal(cp_session_nturns(cp_ui_session(f->ui)), 0);   /* taken back */
    assert_int_equal(cp_ui_nentries(f->ui), 1);
    assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(other);
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);                             /* try again */
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_FEEDBACK);
    size_t n;
    cp_rec_turn *t = recorded(f, &n);
    assert_int_equal(n, 1);
    assert_string_equal(t[0].reply, GOOD);
    cp_rec_turns_free(t, n);
}

/* ---- Exams ---- */

static void to_exam_screen(fx *f)
{
    cp_error err = { 0 };
    assert_int_equal(cp_records_passphrase_set(f->db, NULL, PASS, &err), 0);
    assert_int_equal(cp_ui_choose_exam(f->ui, EXAM, &err), 0);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_EXAM);
    assert_string_equal(cp_ui_exam_at(f->ui, (size_t)cp_ui_exam_selected(f->ui))->id, "exam_tiny");
    /* the assessor's name first (Enter moves on to the passphrase) */
    assert_true(cp_ui_exam_name_focused(f->ui));
    type_and_send(f->ui, "周考官");
    assert_false(cp_ui_exam_name_focused(f->ui));
    assert_string_equal(cp_ui_exam_assessor(f->ui)->text, "周考官");
}

/* The run records who started it; no name, no start; the unlock lasts for the start only. */
static void the_assessor_names_themselves_and_the_unlock_lapses(void **st)
{
    fx *f = *st;
    cp_error err = { 0 };
    assert_int_equal(cp_records_passphrase_set(f->db, NULL, PASS, &err), 0);
    cp_records_lock(f->db);                            /* as a new process finds it */
    assert_false(cp_records_unlocked(f->db));
    assert_int_equal(cp_ui_choose_exam(f->ui, EXAM, &err), 0);
    assert_true(cp_ui_exam_name_focused(f->ui));
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);               /* Enter on an empty name: asked for it */
    assert_true(cp_ui_exam_name_focused(f->ui));
    assert_non_null(strstr(cp_ui_message(f->ui), "考官姓名"));
    cp_ui_press(f->ui, CP_UI_KEY_TAB);                 /* straight to the passphrase: refused */
    assert_false(cp_ui_exam_name_focused(f->ui));
    type_and_send(f->ui, PASS);
    assert_null(cp_ui_exam_running(f->ui));
    assert_true(cp_ui_exam_name_focused(f->ui));
    assert_string_equal(cp_ui_passphrase(f->ui)->text, "");   /* wiped all the same */
    assert_false(cp_records_unlocked(f->db));
    /* a click on the passphrase box then on the name box moves the keyboard */
    cp_ui_act(f->ui, CP_UI_ACT_FOCUS, CP_UI_FOCUS_LIST);
    assert_false(cp_ui_exam_name_focused(f->ui));
    cp_ui_act(f->ui, CP_UI_ACT_FOCUS, CP_UI_FOCUS_NAME);
    assert_true(cp_ui_exam_name_focused(f->ui));
    cp_ui_text(f->ui, "周考官");
    assert_string_equal(cp_ui_passphrase(f->ui)->text, "");
    cp_ui_press(f->ui, CP_UI_KEY_TAB);
    type_and_send(f->ui, PASS);
    assert_non_null(cp_ui_exam_running(f->ui));
    assert_false(cp_records_unlocked(f->db));          /* locked again once the run began */
    cp_exam_result r;
    assert_int_equal(cp_records_exam_result(f->db, cp_ui_exam_run(f->ui), &r, &err), 0);
    assert_string_equal(r.by, "周考官");
    /* the trainee cannot use the window's handle to override their own exam */
    assert_int_equal(cp_records_override(f->db, cp_ui_session_id(f->ui), 1, "lur.listen", true,
                                         "x", "y", NULL, &err), -1);
}

static void a_wrong_passphrase_starts_nothing(void **st)
{
    fx *f = *st;
    to_exam_screen(f);
    cp_ui_text(f->ui, "not-the-one");
    assert_string_equal(cp_ui_passphrase(f->ui)->text, "not-the-one");
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_EXAM);
    assert_null(cp_ui_exam_running(f->ui));
    assert_int_equal(cp_ui_exam_run(f->ui), 0);
    assert_non_null(strstr(cp_ui_message(f->ui), "口令不正确"));
    assert_string_equal(cp_ui_passphrase(f->ui)->text, "");        /* wiped */
    assert_null(cp_ui_session(f->ui));
}

static void exam_counts_down_and_submits_as_typed_at_zero(void **st)
{
    fx *f = *st;
    to_exam_screen(f);
    cp_ui_tick(f->ui, 50000);
    type_and_send(f->ui, PASS);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);
    assert_non_null(cp_ui_exam_running(f->ui));
    assert_true(cp_ui_exam_run(f->ui) > 0);
    assert_int_equal(cp_ui_mode(f->ui), 1);
    /* no meters while the exam runs (the face alone shows the mood) */
    assert_false(cp_ui_meters_shown(f->ui));
    /* no hints, no choices */
    assert_int_equal(cp_ui_choices(f->ui)->n, 0);
    cp_ui_press(f->ui, CP_UI_KEY_F1);
    assert_null(cp_ui_hint(f->ui));
    assert_false(cp_ui_hint_asking(f->ui));
    /* the countdown follows the injected clock from the first tick on this turn */
    assert_int_equal(cp_ui_countdown_ms(f->ui), 3000);
    cp_ui_tick(f->ui, 60000);
    assert_int_equal(cp_ui_countdown_ms(f->ui), 3000);
    assert_int_equal(cp_ui_tick(f->ui, 61250) & CP_UI_CHANGED, CP_UI_CHANGED);
    assert_int_equal(cp_ui_countdown_ms(f->ui), 1750);
    cp_ui_text(f->ui, "您好，我看看");
    cp_ui_tick(f->ui, 62999);
    assert_int_equal(cp_session_nturns(cp_ui_session(f->ui)), 0);
    cp_ui_tick(f->ui, 63000);                    /* time is up: sent as typed */
    assert_int_equal(cp_session_nturns(cp_ui_session(f->ui)), 1);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);   /* no feedback in this exam */
    assert_string_equal(cp_ui_reply(f->ui)->text, "");
    size_t n;
    cp_rec_turn *t = recorded(f, &n);
    assert_int_equal(n, 1);
    assert_string_equal(t[0].reply, "您好，我看看");
    assert_true(t[0].timed_out);
    assert_int_equal(t[0].elapsed_ms, 3000);
    assert_int_equal(t[0].limit_ms, 3000);
    cp_rec_turns_free(t, n);
    /* the second turn: nothing typed when time runs out; the model decides what that is worth */
    cp_ui_tick(f->ui, 70000);
    assert_int_equal(cp_ui_countdown_ms(f->ui), 3000);
    int64_t sid = cp_ui_session_id(f->ui);
    cp_ui_tick(f->ui, 73500);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_RESULT);
    cp_error err = { 0 };
    size_t n2;
    cp_rec_turn *t2 = cp_records_turns(f->db, sid, &n2, &err);
    assert_int_equal(n2, 2);
    assert_true(t2[1].timed_out);
    assert_string_equal(t2[1].reply, "");
    cp_rec_turns_free(t2, n2);
    /* the result screen shows the stored result, read-only */
    const cp_exam_result *shown = cp_ui_exam_result(f->ui);
    assert_non_null(shown);
    cp_exam_result r;
    assert_int_equal(cp_records_exam_result(f->db, cp_ui_exam_run(f->ui), &r, &err), 0);
    assert_true(r.finished && r.complete);
    assert_true(fabs(shown->percent - r.percent) < 1e-9);
    assert_int_equal(shown->passed, r.passed);
    assert_true(cp_ui_result_ncrit(f->ui) > 0);
    int total = 0;
    for (size_t i = 0; i < cp_ui_result_ncrit(f->ui); i++) {
        const cp_ui_crit_stat *c = cp_ui_result_crit(f->ui, i);
        assert_true(c->met <= c->total);
        total += c->total;
        if (!strcmp(c->id, "empathy.acknowledge"))
            assert_true(c->weight == 2);
    }
    assert_true(total > 0);
    /* what an assessor files: each scenario by its title with its ending's title (never an id),
     * rating, score and the replies the timer submitted; the date and the duration */
    assert_int_equal(cp_ui_result_nparts(f->ui), 1);
    const cp_ui_part_result *p = cp_ui_result_part(f->ui, 0);
    assert_int_equal(p->session, sid);
    assert_string_not_equal(p->title, "ui_tiny");
    assert_string_equal(p->title, cp_ui_scenario(f->ui) ? cp_ui_scenario(f->ui)->title : p->title);
    cp_rec_session rs;
    assert_int_equal(cp_records_session_get(f->db, sid, &rs, &err), 0);
    assert_int_equal(p->rating, rs.rating);
    assert_true(p->ending[0] != 0);
    assert_string_not_equal(p->ending, rs.outcome);
    assert_int_equal(p->replies, 2);
    assert_int_equal(p->timed_out, 2);
    assert_int_equal(p->timed_seq[0], 1);
    assert_int_equal(p->timed_seq[1], 2);
    assert_true(fabs(p->score - rs.score) < 1e-9 || rs.overrides);
    assert_int_equal((int)strlen(cp_ui_result_when(f->ui)), 16);      /* 2026-12-04 20:31 */
    assert_non_null(strstr(cp_ui_result_duration(f->ui), "秒"));
    /* nothing on the result screen changes it; Enter goes back to the start */
    cp_ui_press(f->ui, CP_UI_KEY_F2);
    cp_ui_act(f->ui, CP_UI_ACT_RETRY_TURN, 0);
    cp_ui_act(f->ui, CP_UI_ACT_RETRY, 0);
    cp_exam_result again;
    assert_int_equal(cp_records_exam_result(f->db, cp_ui_exam_run(f->ui), &again, &err), 0);
    assert_true(fabs(again.percent - r.percent) < 1e-9);
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_START);
}

static void ending_an_exam_early_closes_the_run_incomplete(void **st)
{
    fx *f = *st;
    to_exam_screen(f);
    type_and_send(f->ui, PASS);
    assert_non_null(cp_ui_exam_running(f->ui));
    cp_ui_press(f->ui, CP_UI_KEY_ESCAPE);
    const char *const *items;
    assert_int_equal(cp_ui_menu_items(f->ui, &items), 3);
    assert_non_null(strstr(items[1], "结束考核"));
    cp_ui_act(f->ui, CP_UI_ACT_MENU_ITEM, 1);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_RESULT);
    assert_false(cp_ui_exam_result(f->ui)->complete);
    assert_false(cp_ui_exam_result(f->ui)->passed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_window_shows_the_trainee_on_the_roster, setup, teardown),
        cmocka_unit_test_setup_teardown(a_hint_asks_first_costs_points_and_is_recorded, setup, teardown),
        cmocka_unit_test_setup_teardown(declining_the_hint_costs_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(retrying_a_turn_records_the_next_attempt, setup, teardown),
        cmocka_unit_test_setup_teardown(progress_view_shows_each_criterion_and_recommends, setup, teardown),
        cmocka_unit_test_setup_teardown(progress_needs_records, setup, teardown),
        cmocka_unit_test_setup_teardown(an_unfinished_session_is_offered_and_resumes, setup, teardown),
        cmocka_unit_test_setup_teardown(a_failed_write_keeps_the_typed_reply, setup, teardown),
        cmocka_unit_test_setup_teardown(a_wrong_passphrase_starts_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(the_assessor_names_themselves_and_the_unlock_lapses, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(exam_counts_down_and_submits_as_typed_at_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(ending_an_exam_early_closes_the_run_incomplete, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
