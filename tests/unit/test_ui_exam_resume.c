/* test_ui_exam_resume.c - the window model continuing an exam run whose process stopped
 * (include/cp_ui.h, cp_ui_exam_resume_offer): after the assessor's passphrase the exam screen
 * offers 继续未完成的考核 for the trainee's unfinished run of the chosen exam (never before the
 * passphrase, never for a finished run); continuing restores the part in progress at its first
 * unanswered reply with a fresh countdown from the injected clock, records the resume, plays the
 * remaining part and shows the result with resumes = 1 and every reply stored once; 开始新的考核
 * leaves the unfinished run as it is; a changed scenario file is refused on screen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "records_backend.h"
#include "records/records_int.h"
#include "cp_exam.h"
#include "cp_records.h"
#include "cp_ui.h"

#define GOOD "大姐您好，让您跑了两趟，辛苦了，真不好意思。您把材料给我，我现在就帮您看。"
#define GOOD2 "我看了，这次材料齐了，您放心，今天就能给您办好。"
#define PASS "assessor-one"

typedef struct fx {
    char dir[64], path[128], exam[160], scen[160];
    cp_scorer *scorer;
    cp_records *db;
    int64_t trainee;
    cp_ui *ui;
} fx;

static void copy_file(const char *from, const char *to, const char *extra)
{
    size_t len;
    cp_error err = { 0 };
    char *src = cp_read_file(from, 1u << 20, &len, &err);
    assert_non_null(src);
    FILE *f = fopen(to, "w");
    assert_non_null(f);
    fwrite(src, 1, len, f);
    if (extra)
        fputs(extra, f);
    fclose(f);
    free(src);
}

/* A scenarios folder of our own: ui_tiny and exams/two.lua (ui_tiny twice, 3 s per reply). */
static int setup(void **st)
{
    fx *f = calloc(1, sizeof *f);
    if (records_test_dir_new(f->dir, sizeof f->dir, "uiexres", f->path, sizeof f->path) != 0)
        return -1;
    snprintf(f->scen, sizeof f->scen, "%s/ui_tiny.lua", f->dir);
    copy_file("tests/window/ui_tiny.lua", f->scen, NULL);
    char exams[128];
    snprintf(exams, sizeof exams, "%s/exams", f->dir);
    if (mkdir(exams, 0700) != 0)
        return -1;
    snprintf(f->exam, sizeof f->exam, "%s/two.lua", exams);
    FILE *e = fopen(f->exam, "w");
    if (!e)
        return -1;
    fputs("return exam { id = 'two_tiny', title = '两段测试考核', scenarios = { 'ui_tiny', 'ui_tiny' },\n"
          "  time_limit = 3, pass_mark = 50, feedback = false }\n", e);
    fclose(e);
    cp_error err = { 0 };
    rec_fast_hash_for_tests(true);
    f->scorer = cp_scorer_load("scenarios/rubrics", &err);
    f->db = f->scorer ? cp_records_open(f->path, 200, &err) : NULL;
    if (!f->db || cp_records_trainee_add(f->db, "王小明", "1001", "一班", &f->trainee, &err) != 0 ||
        cp_records_passphrase_set(f->db, NULL, PASS, &err) != 0)
        return -1;
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

/* A new "process": a fresh handle (locked) and a fresh window model for the trainee. */
static void new_process(fx *f)
{
    cp_ui_free(f->ui);
    cp_records_close(f->db);
    f->db = open_ok(f->path);
    f->ui = cp_ui_new(f->scorer, f->dir);
    cp_ui_set_records(f->ui, f->db, f->trainee);
}

static void type_and_send(cp_ui *ui, const char *text)
{
    cp_ui_text(ui, text);
    cp_ui_press(ui, CP_UI_KEY_ENTER);
}

/* Exam screen for two.lua, passphrase typed and Enter. */
static void unlock(fx *f, const char *pass)
{
    cp_error err = { 0 };
    assert_int_equal(cp_ui_choose_exam(f->ui, f->exam, &err), 0);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_EXAM);
    assert_null(cp_ui_exam_resume_offer(f->ui));   /* nothing is offered before the passphrase */
    type_and_send(f->ui, "周考官");                  /* the assessor's name, then the passphrase */
    type_and_send(f->ui, pass);
}

static int64_t count(fx *f, const char *sql, int64_t arg)
{
    rec_stmt *q = rec_prepare(f->db, sql, NULL);   /* the statement layer: either backend */
    assert_non_null(q);
    rec_bind_int64(q, 1, arg);
    int64_t v = rec_step(q) == REC_ROW ? rec_col_int64(q, 0) : -1;
    rec_finalize(q);
    return v;
}

/* Starts a run in the window and answers the first reply of part 1; then the process "dies". */
static int64_t run_killed_after_one_reply(fx *f, int64_t *sid)
{
    new_process(f);
    unlock(f, PASS);
    assert_non_null(cp_ui_exam_running(f->ui));
    int64_t run = cp_ui_exam_run(f->ui);
    *sid = cp_ui_session_id(f->ui);
    cp_ui_tick(f->ui, 1000);
    cp_ui_tick(f->ui, 2000);
    type_and_send(f->ui, GOOD);
    assert_int_equal(cp_session_nturns(cp_ui_session(f->ui)), 1);
    cp_ui_text(f->ui, "这一句还没打完");   /* being typed when the process dies */
    assert_int_equal(count(f, "SELECT count(*) FROM turns WHERE session_id = ?1", *sid), 1);
    return run;
}

static void the_unfinished_run_is_offered_after_the_passphrase_and_continues(void **st)
{
    fx *f = *st;
    int64_t sid = 0;
    int64_t run = run_killed_after_one_reply(f, &sid);
    new_process(f);
    /* a wrong passphrase: no offer, nothing resumed */
    unlock(f, "not-the-one");
    assert_null(cp_ui_exam_resume_offer(f->ui));
    assert_non_null(strstr(cp_ui_message(f->ui), "口令不正确"));
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_null(cp_ui_exam_running(f->ui));
    /* the right one: the offer, still on the exam screen, nothing started yet */
    type_and_send(f->ui, PASS);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_EXAM);
    const char *offer = cp_ui_exam_resume_offer(f->ui);
    assert_non_null(offer);
    assert_non_null(strstr(offer, "两段测试考核"));
    assert_non_null(strstr(offer, "已完成 0/2 个情景，第 1 部分已答 1 轮"));
    assert_int_equal(cp_ui_exam_resume_run(f->ui), run);
    assert_int_equal(cp_ui_exam_resume_sel(f->ui), 0);
    assert_null(cp_ui_exam_running(f->ui));
    assert_int_equal(count(f, "SELECT count(*) FROM exam_runs", 0), 1);
    /* Enter takes the highlighted 继续未完成的考核 */
    cp_ui_tick(f->ui, 500000);
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_DIALOGUE);
    assert_non_null(cp_ui_exam_running(f->ui));
    assert_int_equal(cp_ui_exam_run(f->ui), run);
    assert_int_equal(cp_ui_exam_part(f->ui), 0);
    assert_int_equal(cp_ui_session_id(f->ui), sid);
    assert_int_equal(cp_session_nturns(cp_ui_session(f->ui)), 1);
    assert_string_equal(cp_ui_reply(f->ui)->text, "");   /* the unfinished text was never kept */
    assert_non_null(strstr(cp_ui_notice(f->ui), "本轮重新计时"));
    assert_int_equal(cp_ui_mode(f->ui), 1);
    assert_int_equal(cp_ui_choices(f->ui)->n, 0);
    /* the resume is on record */
    assert_false(cp_records_unlocked(f->db));   /* the unlock was for the continuation only */
    assert_int_equal(count(f, "SELECT count(*) FROM exam_resumes WHERE run_id = ?1 AND seq = 2"
                              " AND session_id IS NOT NULL AND by = '周考官'", run), 1);
    /* a fresh countdown from the first tick after the resume, whatever the clock said before */
    assert_int_equal(cp_ui_countdown_ms(f->ui), 3000);
    cp_ui_tick(f->ui, 900000);
    assert_int_equal(cp_ui_countdown_ms(f->ui), 3000);
    cp_ui_tick(f->ui, 901250);
    assert_int_equal(cp_ui_countdown_ms(f->ui), 1750);
    type_and_send(f->ui, GOOD2);
    /* part 1 ended: part 2 opens in a new session; the time runs out on its first reply */
    assert_int_equal(cp_ui_exam_part(f->ui), 1);
    int64_t sid2 = cp_ui_session_id(f->ui);
    assert_true(sid2 != sid && sid2 > 0);
    cp_ui_tick(f->ui, 950000);
    cp_ui_text(f->ui, "您好");
    cp_ui_tick(f->ui, 953000);
    assert_int_equal(cp_session_nturns(cp_ui_session(f->ui)), 1);
    cp_ui_tick(f->ui, 960000);
    type_and_send(f->ui, GOOD2);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_RESULT);
    const cp_exam_result *r = cp_ui_exam_result(f->ui);
    assert_non_null(r);
    assert_int_equal(r->id, run);
    assert_true(r->finished && r->complete);
    assert_int_equal(r->resumes, 1);
    /* every reply once: 2 in each part; part 2's first reply timed out at 3 s */
    assert_int_equal(count(f, "SELECT count(*) FROM turns WHERE session_id = ?1", sid), 2);
    assert_int_equal(count(f, "SELECT count(DISTINCT seq) FROM turns WHERE session_id = ?1", sid), 2);
    assert_int_equal(count(f, "SELECT count(*) FROM turns WHERE session_id = ?1", sid2), 2);
    assert_int_equal(count(f, "SELECT elapsed_ms FROM turns WHERE session_id = ?1 AND seq = 2", sid), 1250);
    assert_int_equal(count(f, "SELECT timed_out FROM turns WHERE session_id = ?1 AND seq = 1", sid2), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM turns WHERE reply LIKE '%还没打完%'", 0), 0);
    /* the result screen counts both parts, the one before the stop included */
    int total = 0;
    for (size_t i = 0; i < cp_ui_result_ncrit(f->ui); i++)
        total += cp_ui_result_crit(f->ui, i)->total;
    assert_int_equal(total, count(f, "SELECT count(*) FROM turn_results r JOIN turns t ON"
                                     " t.id = r.turn_id JOIN sessions s ON s.id = t.session_id"
                                     " WHERE s.exam_run_id = ?1 AND r.focus = 1", run));
    /* and the finished run is not offered again: the next unlock begins a new run */
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    new_process(f);
    unlock(f, PASS);
    assert_null(cp_ui_exam_resume_offer(f->ui));
    assert_non_null(cp_ui_exam_running(f->ui));
    assert_true(cp_ui_exam_run(f->ui) != run);
}

static void beginning_a_new_run_leaves_the_unfinished_one(void **st)
{
    fx *f = *st;
    int64_t sid = 0;
    int64_t run = run_killed_after_one_reply(f, &sid);
    new_process(f);
    unlock(f, PASS);
    assert_non_null(cp_ui_exam_resume_offer(f->ui));
    cp_ui_press(f->ui, CP_UI_KEY_RIGHT);
    assert_int_equal(cp_ui_exam_resume_sel(f->ui), 1);
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_non_null(cp_ui_exam_running(f->ui));
    assert_true(cp_ui_exam_run(f->ui) != run);
    assert_int_equal(cp_ui_exam_part(f->ui), 0);
    assert_int_equal(cp_session_nturns(cp_ui_session(f->ui)), 0);
    cp_error err = { 0 };
    cp_exam_stop at;
    assert_int_equal(cp_records_exam_stop(f->db, run, &at, &err), 0);
    assert_false(at.finished);
    assert_int_equal(at.resumes, 0);
    assert_int_equal(at.parts[0].replies, 1);
    cp_exam_stop_free(&at);
    assert_int_equal(count(f, "SELECT count(*) FROM exam_resumes", 0), 0);
}

static void choosing_another_exam_withdraws_the_offer(void **st)
{
    fx *f = *st;
    int64_t sid = 0;
    run_killed_after_one_reply(f, &sid);
    new_process(f);
    unlock(f, PASS);
    assert_non_null(cp_ui_exam_resume_offer(f->ui));
    cp_ui_act(f->ui, CP_UI_ACT_EXAM_SELECT, cp_ui_exam_selected(f->ui));
    assert_null(cp_ui_exam_resume_offer(f->ui));
    assert_int_equal(cp_ui_act(f->ui, CP_UI_ACT_EXAM_RESUME, 0), 0);   /* nothing to act on */
    assert_null(cp_ui_exam_running(f->ui));
}

static void a_changed_scenario_file_is_refused_on_screen(void **st)
{
    fx *f = *st;
    int64_t sid = 0;
    int64_t run = run_killed_after_one_reply(f, &sid);
    char *tmp = cp_xasprintf("%s.new", f->scen);
    copy_file(f->scen, tmp, "\n-- edited after the run began\n");
    assert_int_equal(rename(tmp, f->scen), 0);
    free(tmp);
    new_process(f);
    unlock(f, PASS);
    assert_non_null(cp_ui_exam_resume_offer(f->ui));
    cp_ui_press(f->ui, CP_UI_KEY_ENTER);
    assert_int_equal(cp_ui_screen_now(f->ui), CP_UI_EXAM);
    assert_null(cp_ui_exam_running(f->ui));
    assert_non_null(strstr(cp_ui_message(f->ui), "无法继续未完成的考核"));
    assert_non_null(strstr(cp_ui_message(f->ui), "changed since session"));
    assert_int_equal(count(f, "SELECT count(*) FROM exam_resumes WHERE run_id = ?1", run), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_unfinished_run_is_offered_after_the_passphrase_and_continues, setup, teardown),
        cmocka_unit_test_setup_teardown(beginning_a_new_run_leaves_the_unfinished_one, setup, teardown),
        cmocka_unit_test_setup_teardown(choosing_another_exam_withdraws_the_offer, setup, teardown),
        cmocka_unit_test_setup_teardown(a_changed_scenario_file_is_refused_on_screen, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
