/* test_class_exam.c - a class exam in the records: an assessor assigns an exam to a 班组 (one
 * ticket per member, idempotent while open, the exam kept as it was), a seat starts only its own
 * trainee's run, once, without unlocking anything else; the assessor's board follows every
 * member from 未开始 to 已交卷 with pass/fail; tickets survive records copy; on a server the
 * board is woken by the server's news. Runs on SQLite and (tests/pg/test_pg_units.sh) on
 * PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "records_backend.h"
#include "records/records_int.h"
#include "cp_records_exam.h"
#include "cp_session.h"

#define PASS "correct horse 社保"

typedef struct env {
    char dir[64], path[160], exam_path[128];
    cp_scorer *scorer;
    cp_scenario *mm, *cb;
    cp_exam *ex;
    cp_records *db;
    int64_t t[4];    /* 1001..1003 in 一班, 1004 in 二班 */
} env;

static const char EXAM_V1[] =
    "return exam { id = 'two_part', title = '两部分', time_limit = 60, pass_mark = 50,\n"
    "  scenarios = { 'missing_materials', 'card_balance' } }\n";

static int setup(void **st)
{
    env *e = calloc(1, sizeof *e);
    if (records_test_dir_new(e->dir, sizeof e->dir, "class", e->path, sizeof e->path) != 0)
        return -1;
    snprintf(e->exam_path, sizeof e->exam_path, "%s/two.lua", e->dir);
    write_text(e->exam_path, EXAM_V1);
    cp_error err = { 0 };
    e->scorer = cp_scorer_load("scenarios/rubrics", &err);
    e->mm = cp_scenario_load("scenarios/missing_materials.lua", &err);
    e->cb = cp_scenario_load("scenarios/card_balance.lua", &err);
    e->ex = cp_exam_load(e->exam_path, &err);
    if (!e->scorer || !e->mm || !e->cb || !e->ex)
        return -1;
    rec_fast_hash_for_tests(true);
    e->db = cp_records_open(e->path, 200, &err);
    if (!e->db || cp_records_passphrase_set(e->db, NULL, PASS, &err) != 0)
        return -1;
    static const char *const NO[] = { "1001", "1002", "1003", "1004" };
    static const char *const NAME[] = { "张三", "李四", "王五", "赵六" };
    for (int i = 0; i < 4; i++)
        if (cp_records_trainee_add(e->db, NAME[i], NO[i], i < 3 ? "一班" : "二班", &e->t[i],
                                   &err) != 0)
            return -1;
    cp_records_lock(e->db);   /* setting the passphrase unlocked it */
    *st = e;
    return 0;
}

static int teardown(void **st)
{
    env *e = *st;
    cp_records_close(e->db);
    cp_exam_free(e->ex);
    cp_scenario_free(e->mm);
    cp_scenario_free(e->cb);
    cp_scorer_free(e->scorer);
    if (records_test_dir_remove(e->dir) != 0)
        return -1;
    free(e);
    return 0;
}

/* The handle of a seat: a new one, locked, its trainee the self. */
static cp_records *seat(env *e, int64_t trainee)
{
    cp_records *db = open_ok(e->path);
    cp_records_set_self(db, trainee);
    return db;
}

static void assign(env *e, const char *group, size_t want_made, size_t want_kept)
{
    cp_error err = { 0 };
    if (cp_records_unlock(e->db, PASS, &err) != 0)
        die(&err);
    size_t made = 9, kept = 9;
    if (cp_records_exam_assign(e->db, e->ex, group, 0, "周考官", &made, &kept, &err) != 0)
        die(&err);
    cp_records_lock(e->db);
    assert_int_equal(made, want_made);
    assert_int_equal(kept, want_kept);
}

/* The open ticket of trainee (there must be exactly one). */
static int64_t open_ticket(cp_records *db, int64_t trainee)
{
    cp_error err = { 0 };
    size_t n = 0;
    cp_exam_ticket *t = cp_records_exam_tickets(db, trainee, true, &n, &err);
    if (!t)
        die(&err);
    assert_int_equal(n, 1);
    int64_t id = t[0].id;
    free(t);
    return id;
}

/* Answers a scenario's resolved (or other ending's) script on a new exam session of run. */
static void play_part(env *e, cp_records *db, int64_t trainee, int64_t run, const cp_scenario *sc,
                      const char *ending, size_t max)
{
    cp_error err = { 0 };
    cp_session *s = cp_session_new(sc, e->scorer, &err);
    assert_non_null(s);
    int64_t sid = 0;
    if (cp_records_session_start(db, trainee, s, CP_MODE_EXAM, run, &sid, &err) != 0)
        die(&err);
    char path[256], buf[4096];
    snprintf(path, sizeof path, "scenarios/replies/%s/%s.txt", sc->id, ending);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    for (size_t k = 0; k < max && !cp_session_ended(s) && fgets(buf, sizeof buf, f);) {
        buf[strcspn(buf, "\r\n")] = '\0';
        if (!buf[0] || (buf[0] == '-' && buf[1] == '-'))
            continue;
        int choice = buf[0] == '#' ? atoi(buf + 1) : 0;
        if (cp_session_reply(s, choice ? NULL : buf, choice, &err) != 0)
            die(&err);
        cp_turn_meta meta = cp_exam_turn_meta(e->ex, 1000);
        if (cp_records_turn(db, sid, s, &meta, &err) != 0)
            die(&err);
        k++;
    }
    fclose(f);
    cp_session_free(s);
}

static void assign_makes_one_ticket_per_member_and_is_idempotent(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    /* the passphrase first */
    assert_int_not_equal(cp_records_exam_assign(e->db, e->ex, "一班", 0, "x", NULL, NULL, &err), 0);
    assert_non_null(strstr(err.msg, "assessor passphrase"));
    assign(e, "一班", 3, 0);
    assign(e, "一班", 0, 3);                 /* open: nothing new */
    assign(e, "二班", 1, 0);
    size_t n = 0;
    if (cp_records_unlock(e->db, PASS, &err) != 0)
        die(&err);
    cp_exam_ticket *t = cp_records_exam_tickets(e->db, e->t[0], false, &n, &err);
    assert_non_null(t);
    assert_int_equal(n, 1);
    assert_string_equal(t[0].exam, "two_part");
    assert_string_equal(t[0].group, "一班");
    assert_string_equal(t[0].by, "周考官");
    assert_int_equal(t[0].nparts, 2);
    assert_int_equal(t[0].run, 0);
    assert_true(strlen(t[0].at) >= 20);
    free(t);
    /* a class nobody is in is named */
    assert_int_not_equal(cp_records_exam_assign(e->db, e->ex, "三班", 0, "x", NULL, NULL, &err), 0);
    assert_non_null(strstr(err.msg, "三班"));
}

static void a_changed_exam_file_does_not_change_an_assigned_exam(void **st)
{
    env *e = *st;
    assign(e, "一班", 3, 0);
    /* the file changes after assigning: one scenario, another pass mark */
    write_text(e->exam_path, "return exam { id = 'two_part', title = '改过的', time_limit = 30,"
                             " pass_mark = 90, scenarios = { 'card_balance' } }\n");
    cp_records *db = seat(e, e->t[0]);
    cp_error err = { 0 };
    int64_t run = 0;
    if (cp_records_exam_take(db, open_ticket(db, e->t[0]), e->t[0], &run, &err) != 0)
        die(&err);
    cp_exam *ex = cp_records_exam_of_run(db, run, &err);
    if (!ex)
        die(&err);
    assert_string_equal(ex->title, "两部分");
    assert_int_equal(ex->scenarios.n, 2);
    assert_int_equal(ex->time_limit, 60);
    assert_true(ex->pass_mark == 50);
    cp_exam_free(ex);
    cp_records_close(db);
}

static void a_seat_starts_its_own_run_once_and_nothing_else(void **st)
{
    env *e = *st;
    assign(e, "一班", 3, 0);
    cp_records *db = seat(e, e->t[0]);
    cp_error err = { 0 };
    if (cp_records_unlock(e->db, PASS, &err) != 0)
        die(&err);
    int64_t mine = open_ticket(db, e->t[0]), theirs = open_ticket(e->db, e->t[1]), run = 0;
    cp_records_lock(e->db);
    /* another trainee's ticket */
    assert_int_not_equal(cp_records_exam_take(db, theirs, e->t[0], &run, &err), 0);
    assert_non_null(strstr(err.msg, "not assigned to this trainee"));
    /* its own: no passphrase */
    if (cp_records_exam_take(db, mine, e->t[0], &run, &err) != 0)
        die(&err);
    assert_true(run > 0);
    cp_exam_result r;
    if (cp_records_exam_result(db, run, &r, &err) != 0)
        die(&err);
    assert_int_equal(r.trainee, e->t[0]);
    assert_string_equal(r.by, "周考官");
    assert_int_equal(r.min_rating, CP_EXAM_MIN_RATING);
    /* once */
    int64_t again = 0;
    assert_int_not_equal(cp_records_exam_take(db, mine, e->t[0], &again, &err), 0);
    assert_non_null(strstr(err.msg, "already started"));
    /* nothing else was unlocked: no other exam, no resume, no override */
    assert_false(cp_records_unlocked(db));
    assert_int_not_equal(cp_records_exam_begin(db, e->ex, e->t[0], "", &again, &err), 0);
    cp_session *s = NULL;
    assert_int_not_equal(cp_records_exam_resume(db, run, "", NULL, e->scorer, &s, NULL, &err), 0);
    assert_null(s);
    size_t n = 0;
    assert_null(cp_records_exam_tickets(db, e->t[1], false, &n, &err));   /* not its results */
    /* the schema itself: a run of a ticket must be that ticket's trainee and exam, once */
    rec_stmt *q = rec_prepare(e->db, "INSERT INTO exam_runs(exam_id, trainee_id, ticket_id)"
                                     " SELECT exam_id, ?, id FROM exam_tickets WHERE id = ?", NULL);
    assert_non_null(q);
    rec_bind_int64(q, 1, e->t[0]);
    rec_bind_int64(q, 2, theirs);
    assert_int_not_equal(rec_step(q), REC_DONE);
    rec_finalize(q);
    q = rec_prepare(e->db, "INSERT INTO exam_runs(exam_id, trainee_id, ticket_id)"
                           " SELECT exam_id, trainee_id, id FROM exam_tickets WHERE id = ?", NULL);
    assert_non_null(q);
    rec_bind_int64(q, 1, mine);
    assert_int_not_equal(rec_step(q), REC_DONE);
    rec_finalize(q);
    /* a seat that writes its own score when closing the run changes nothing that is shown */
    q = rec_prepare(db, "UPDATE exam_runs SET ended = strftime('%Y-%m-%dT%H:%M:%SZ','now'),"
                        " complete = 0, auto_percent = 99, passed = 1 WHERE id = ?", NULL);
    assert_non_null(q);
    rec_bind_int64(q, 1, run);
    assert_int_equal(rec_step(q), REC_DONE);
    rec_finalize(q);
    if (cp_records_exam_result(db, run, &r, &err) != 0)
        die(&err);
    assert_true(r.finished);
    assert_true(r.auto_percent == 0);
    assert_false(r.passed);
    cp_records_close(db);
}

static const cp_exam_seat *seat_of(const cp_exam_seat *v, size_t n, const char *no)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].trainee.staff_no, no) == 0)
            return &v[i];
    fail_msg("no line for %s", no);
    return NULL;
}

static cp_exam_seat *board(env *e, size_t *n)
{
    cp_error err = { 0 };
    if (cp_records_unlock(e->db, PASS, &err) != 0)
        die(&err);
    cp_exam_seat *v = cp_records_exam_board(e->db, "一班", "two_part", n, &err);
    if (!v)
        die(&err);
    assert_int_equal(*n, 3);
    return v;
}

static void the_board_follows_each_member_to_pass_or_fail(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    /* the board is for the assessor */
    size_t n = 0;
    assert_null(cp_records_exam_board(e->db, "一班", NULL, &n, &err));
    assign(e, "一班", 3, 0);
    cp_exam_seat *v = board(e, &n);
    char line[512];
    assert_string_equal(cp_exam_seat_line(seat_of(v, n, "1001"), line, sizeof line), "1001  张三  未开始");
    assert_false(cp_exam_board_done(v, n));
    free(v);

    cp_records *a = seat(e, e->t[0]), *b = seat(e, e->t[1]);
    int64_t ra = 0, rb = 0;
    if (cp_records_exam_take(a, open_ticket(a, e->t[0]), e->t[0], &ra, &err) != 0 ||
        cp_records_exam_take(b, open_ticket(b, e->t[1]), e->t[1], &rb, &err) != 0)
        die(&err);
    play_part(e, a, e->t[0], ra, e->mm, "resolved", 2);
    v = board(e, &n);
    const cp_exam_seat *s = seat_of(v, n, "1001");
    assert_int_equal(s->state, CP_SEAT_RUNNING);
    assert_int_equal(s->part, 1);
    assert_int_equal(s->nparts, 2);
    assert_int_equal(s->replies, 2);
    assert_string_equal(cp_exam_seat_line(s, line, sizeof line),
                        "1001  张三  进行中：第 1/2 个情景，已答 2 轮");
    assert_int_equal(seat_of(v, n, "1002")->state, CP_SEAT_RUNNING);
    assert_int_equal(seat_of(v, n, "1002")->replies, 0);
    free(v);

    /* 1001's seat closes its run early (incomplete: 未通过); 1002 drives the citizen away in
     * the first part (群众离开 2/5) and answers the second: complete, fails on outcome */
    if (cp_records_exam_finish(a, ra, false, &err) != 0)
        die(&err);
    play_part(e, b, e->t[1], rb, e->mm, "walked_away", 99);
    play_part(e, b, e->t[1], rb, e->cb, "resolved", 99);
    v = board(e, &n);
    assert_int_equal(seat_of(v, n, "1002")->state, CP_SEAT_RUNNING);
    assert_int_equal(seat_of(v, n, "1002")->part, 0);   /* every part ended, closing */
    assert_non_null(strstr(cp_exam_seat_line(seat_of(v, n, "1002"), line, sizeof line), "待交卷"));
    free(v);
    if (cp_records_exam_finish(b, rb, true, &err) != 0)
        die(&err);
    v = board(e, &n);
    s = seat_of(v, n, "1001");
    assert_int_equal(s->state, CP_SEAT_FINISHED);
    assert_false(s->complete);
    assert_false(s->passed);
    assert_non_null(strstr(cp_exam_seat_line(s, line, sizeof line), "未答完，未通过"));
    s = seat_of(v, n, "1002");
    assert_int_equal(s->state, CP_SEAT_FINISHED);
    assert_true(s->complete);
    assert_int_equal(s->worst_rating, 2);
    assert_false(s->passed);
    assert_non_null(strstr(cp_exam_seat_line(s, line, sizeof line), "好差评 2/5，未通过"));
    assert_false(cp_exam_board_done(v, n));              /* 1003 has not started */
    free(v);
    cp_records_close(a);
    cp_records_close(b);

    /* 1003 passes; the board is done */
    cp_records *c = seat(e, e->t[2]);
    int64_t rc_ = 0;
    if (cp_records_exam_take(c, open_ticket(c, e->t[2]), e->t[2], &rc_, &err) != 0)
        die(&err);
    play_part(e, c, e->t[2], rc_, e->mm, "resolved", 99);
    play_part(e, c, e->t[2], rc_, e->cb, "resolved", 99);
    if (cp_records_exam_finish(c, rc_, true, &err) != 0)
        die(&err);
    cp_records_close(c);
    v = board(e, &n);
    s = seat_of(v, n, "1003");
    assert_true(s->passed);
    assert_non_null(strstr(cp_exam_seat_line(s, line, sizeof line), "已交卷："));
    assert_non_null(strstr(line, "，通过"));
    assert_true(cp_exam_board_done(v, n));
    free(v);

    /* a finished run: assigning again is a retake (a new ticket for each member) */
    assign(e, "一班", 3, 0);
}

static void tickets_and_their_runs_are_copied(void **st)
{
    env *e = *st;
    assign(e, "一班", 3, 0);
    cp_records *a = seat(e, e->t[0]);
    cp_error err = { 0 };
    int64_t run = 0;
    if (cp_records_exam_take(a, open_ticket(a, e->t[0]), e->t[0], &run, &err) != 0)
        die(&err);
    cp_records_close(a);
    char to_path[200];
    snprintf(to_path, sizeof to_path, "%s/copy.db", e->dir);
    cp_records *to = open_ok(to_path);
    cp_records_copy_stats cs;
    if (cp_records_copy(e->db, to, &cs, &err) != 0)
        die(&err);
    bool seen = false;
    for (size_t i = 0; i < cs.n; i++)
        if (strcmp(cs.t[i].table, "exam_tickets") == 0) {
            assert_int_equal(cs.t[i].source, 3);
            assert_int_equal(cs.t[i].added, 3);
            seen = true;
        }
    assert_true(seen);
    rec_stmt *q = rec_prepare(to, "SELECT count(*) FROM exam_runs x JOIN exam_tickets t"
                                  " ON t.id = x.ticket_id AND t.trainee_id = x.trainee_id", NULL);
    assert_non_null(q);
    assert_int_equal(rec_step(q), REC_ROW);
    assert_int_equal(rec_col_int64(q, 0), 1);
    rec_finalize(q);
    /* again: nothing new */
    if (cp_records_copy(e->db, to, &cs, &err) != 0)
        die(&err);
    for (size_t i = 0; i < cs.n; i++)
        if (strcmp(cs.t[i].table, "exam_tickets") == 0)
            assert_int_equal(cs.t[i].matched, 3);
    cp_records_close(to);
}

static void news_wakes_the_board_on_a_server(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    if (!records_on_pg()) {
        /* a file has no server to tell: the board refreshes on a timer, and says why */
        assert_int_equal(cp_records_wait_exam(e->db, 0, &err), -1);
        assert_non_null(strstr(err.msg, "PostgreSQL"));
        return;
    }
    cp_records *watcher = open_ok(e->path);
    assert_true(cp_records_wait_exam(watcher, 0, &err) >= 0);   /* listening from here */
    while (cp_records_wait_exam(watcher, 0, &err) == 1)
        ;
    assign(e, "一班", 3, 0);
    assert_int_equal(cp_records_wait_exam(watcher, 10000, &err), 1);
    while (cp_records_wait_exam(watcher, 0, &err) == 1)
        ;
    cp_records *a = seat(e, e->t[0]);
    int64_t run = 0;
    if (cp_records_exam_take(a, open_ticket(a, e->t[0]), e->t[0], &run, &err) != 0)
        die(&err);
    assert_int_equal(cp_records_wait_exam(watcher, 10000, &err), 1);   /* the run started */
    while (cp_records_wait_exam(watcher, 0, &err) == 1)
        ;
    play_part(e, a, e->t[0], run, e->mm, "resolved", 1);
    assert_int_equal(cp_records_wait_exam(watcher, 10000, &err), 1);   /* a part, a reply */
    cp_records_close(a);
    cp_records_close(watcher);
}

static void a_v5_file_migrates_to_class_exams(void **st)
{
    env *e = *st;
    SQLITE_ONLY();
    char old[200];
    snprintf(old, sizeof old, "%s/v5.db", e->dir);
    cp_error err = { 0 };
    if (rec_create_at_version(old, 5, &err) != 0)
        die(&err);
    cp_records *db = open_ok(old);
    assert_int_equal(cp_records_version(db), CP_RECORDS_VERSION);
    assert_true(CP_RECORDS_VERSION >= 6);
    int64_t t = 0;
    if (cp_records_passphrase_set(db, NULL, PASS, &err) != 0 ||
        cp_records_trainee_add(db, "钱七", "1005", "三班", &t, &err) != 0)
        die(&err);
    size_t made = 0;
    if (cp_records_exam_assign(db, e->ex, "三班", 0, "", &made, NULL, &err) != 0)
        die(&err);
    assert_int_equal(made, 1);
    cp_records_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(assign_makes_one_ticket_per_member_and_is_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(a_changed_exam_file_does_not_change_an_assigned_exam, setup, teardown),
        cmocka_unit_test_setup_teardown(a_seat_starts_its_own_run_once_and_nothing_else, setup, teardown),
        cmocka_unit_test_setup_teardown(the_board_follows_each_member_to_pass_or_fail, setup, teardown),
        cmocka_unit_test_setup_teardown(tickets_and_their_runs_are_copied, setup, teardown),
        cmocka_unit_test_setup_teardown(news_wakes_the_board_on_a_server, setup, teardown),
        cmocka_unit_test_setup_teardown(a_v5_file_migrates_to_class_exams, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
