/* test_exam_resume.c - continuing an exam run whose process stopped: where it stopped (part in
 * progress, parts done, parts not started), resuming needs the assessor unlock, refuses finished
 * runs and changed scenario files, records who/when/where as an audit fact that cannot be edited,
 * continues so that every reply is stored exactly once, counts resumes in the result, lists runs,
 * rebuilds the exam from the records, and a schema v2 file migrates to v3 with its data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "records_backend.h"
#include "records/records_int.h"
#include "cp_records_exam.h"
#include "cp_session.h"

#define PASS "correct horse 社保"

typedef struct env {
    char dir[64], path[128], exam_path[128];
    cp_scorer *scorer;
    cp_scenario *mm, *cb;   /* missing_materials, card_balance */
    cp_exam *ex;            /* two parts: missing_materials then card_balance */
    cp_records *db;
    int64_t trainee;
} env;

static int setup(void **st)
{
    env *e = calloc(1, sizeof *e);
    if (records_test_dir_new(e->dir, sizeof e->dir, "exres", e->path, sizeof e->path) != 0)
        return -1;
    snprintf(e->exam_path, sizeof e->exam_path, "%s/two.lua", e->dir);
    write_text(e->exam_path,
               "return exam { id = 'two_part', title = '两部分', time_limit = 60, pass_mark = 50,\n"
               "  scenarios = { 'missing_materials', 'card_balance' },\n"
               "  weights = { ['compliance.no_promise'] = 3 } }\n");
    cp_error err = { 0 };
    e->scorer = cp_scorer_load("scenarios/rubrics", &err);
    e->mm = cp_scenario_load("scenarios/missing_materials.lua", &err);
    e->cb = cp_scenario_load("scenarios/card_balance.lua", &err);
    e->ex = cp_exam_load(e->exam_path, &err);
    if (!e->scorer || !e->mm || !e->cb || !e->ex)
        return -1;
    rec_fast_hash_for_tests(true);
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

/* Records replies [from, to) of the scenario's resolved script on session s; stops at the end. */
static void answer(env *e, cp_session *s, int64_t sid, size_t from, size_t to)
{
    const char *id = cp_session_scenario(s)->id;
    for (size_t k = from; k < to && !cp_session_ended(s); k++) {
        char *line = reply_line(id, k);
        assert_non_null(line);
        cp_error err = { 0 };
        assert_int_equal(cp_session_reply(s, line, 0, &err), 0);
        cp_turn_meta meta = cp_exam_turn_meta(e->ex, 1000);
        if (cp_records_turn(e->db, sid, s, &meta, &err) != 0)
            die(&err);
        free(line);
    }
}

/* A fresh database with a passphrase (the handle is unlocked), trainee 1001 and a run begun. */
static int64_t begin_run(env *e)
{
    cp_error err = { 0 };
    e->db = open_ok(e->path);
    if (cp_records_passphrase_set(e->db, NULL, PASS, &err) != 0 ||
        cp_records_trainee_add(e->db, "王小明", "1001", "一班", &e->trainee, &err) != 0)
        die(&err);
    int64_t run = 0;
    if (cp_records_exam_begin(e->db, e->ex, e->trainee, "考官甲", &run, &err) != 0)
        die(&err);
    return run;
}

/* Starts part `sc` of run and records its first k replies; the session is returned. */
static cp_session *start_part(env *e, int64_t run, const cp_scenario *sc, size_t k, int64_t *sid)
{
    cp_error err = { 0 };
    cp_session *s = cp_session_new(sc, e->scorer, &err);
    assert_non_null(s);
    if (cp_records_session_start(e->db, e->trainee, s, CP_MODE_EXAM, run, sid, &err) != 0)
        die(&err);
    answer(e, s, *sid, 0, k);
    return s;
}

/* "The process died": the handle closes without finishing; a new one opens (locked). */
static void crash(env *e)
{
    cp_records_close(e->db);
    e->db = open_ok(e->path);
}

static int64_t count(env *e, const char *sql, int64_t arg)
{
    rec_stmt *q = rec_prepare(e->db, sql, NULL);   /* the statement layer: either backend */
    assert_non_null(q);
    rec_bind_int64(q, 1, arg);
    int64_t v = rec_step(q) == REC_ROW ? rec_col_int64(q, 0) : -1;
    rec_finalize(q);
    return v;
}

static void unlock(env *e)
{
    cp_error err = { 0 };
    if (cp_records_unlock(e->db, PASS, &err) != 0)
        die(&err);
}

/* ---- Where a run stopped ---- */

static void stop_finds_the_part_in_progress(void **st)
{
    env *e = *st;
    int64_t run = begin_run(e), sid = 0;
    cp_session *s = start_part(e, run, e->mm, 2, &sid);
    cp_session_free(s);
    crash(e);
    unlock(e);
    cp_error err = { 0 };
    cp_exam_stop at;
    if (cp_records_exam_stop(e->db, run, &at, &err) != 0)
        die(&err);
    assert_false(at.finished);
    assert_int_equal(at.trainee, e->trainee);
    assert_string_equal(at.exam, "two_part");
    assert_int_equal(at.nparts, 2);
    assert_int_equal(at.current, 0);
    assert_string_equal(at.parts[0].scenario, "missing_materials");
    assert_int_equal(at.parts[0].session, sid);
    assert_int_equal(at.parts[0].replies, 2);
    assert_false(at.parts[0].done);
    assert_string_equal(at.parts[1].scenario, "card_balance");
    assert_int_equal(at.parts[1].session, 0);
    assert_int_equal(at.resumes, 0);
    cp_exam_stop_free(&at);
}

static void stop_between_parts_points_at_the_next_part(void **st)
{
    env *e = *st;
    int64_t run = begin_run(e), sid = 0;
    cp_session *s = start_part(e, run, e->mm, 99, &sid);
    assert_true(cp_session_ended(s));
    cp_session_free(s);
    crash(e);
    unlock(e);
    cp_error err = { 0 };
    cp_exam_stop at;
    if (cp_records_exam_stop(e->db, run, &at, &err) != 0)
        die(&err);
    assert_int_equal(at.current, 1);
    assert_true(at.parts[0].done);
    assert_int_equal(at.parts[1].session, 0);
    cp_exam_stop_free(&at);
    /* nothing open: no scenario is needed, no session comes back, part 2 starts fresh */
    cp_session *back = (cp_session *)1;
    if (cp_records_exam_resume(e->db, run, "考官乙", NULL, e->scorer, &back, &at, &err) != 0)
        die(&err);
    assert_null(back);
    assert_int_equal(at.current, 1);
    assert_int_equal(at.resumes, 1);
    cp_exam_stop_free(&at);
    assert_int_equal(count(e, "SELECT count(*) FROM exam_resumes WHERE run_id = ?1 AND part = 1"
                              " AND session_id IS NULL AND seq = 0", run), 1);
}

static void a_run_whose_sessions_do_not_fit_its_exam_is_an_error(void **st)
{
    env *e = *st;
    int64_t run = begin_run(e), sid = 0;
    /* the exam's first part is missing_materials; a card_balance session does not fit */
    cp_session *s = start_part(e, run, e->cb, 1, &sid);
    cp_session_free(s);
    cp_error err = { 0 };
    cp_exam_stop at;
    assert_int_equal(cp_records_exam_stop(e->db, run, &at, &err), -1);
    assert_non_null(strstr(err.msg, "part 1 of the exam is 'missing_materials'"));
    assert_null(at.parts);
}

/* ---- Resuming ---- */

static void resume_needs_the_unlock(void **st)
{
    env *e = *st;
    int64_t run = begin_run(e), sid = 0;
    cp_session_free(start_part(e, run, e->mm, 2, &sid));
    crash(e);
    cp_error err = { 0 };
    cp_session *s = NULL;
    assert_int_equal(cp_records_exam_resume(e->db, run, "学员", e->mm, e->scorer, &s, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "resuming an exam needs the assessor passphrase"));
    assert_null(s);
    /* the trainee's own handle is not enough */
    cp_records_set_self(e->db, e->trainee);
    assert_int_equal(cp_records_exam_resume(e->db, run, "学员", e->mm, e->scorer, &s, NULL, &err), -1);
    assert_int_equal(cp_records_unlock(e->db, "wrong passphrase", &err), -1);
    assert_int_equal(cp_records_exam_resume(e->db, run, "学员", e->mm, e->scorer, &s, NULL, &err), -1);
    assert_int_equal(count(e, "SELECT count(*) FROM exam_resumes WHERE run_id = ?1", run), 0);
    unlock(e);
    if (cp_records_exam_resume(e->db, run, "考官乙", e->mm, e->scorer, &s, NULL, &err) != 0)
        die(&err);
    assert_non_null(s);
    cp_session_free(s);
}

static void resume_writes_an_audit_row_and_continues_every_reply_once(void **st)
{
    env *e = *st;
    int64_t run = begin_run(e), sid = 0;
    cp_session_free(start_part(e, run, e->mm, 2, &sid));
    crash(e);
    unlock(e);
    cp_error err = { 0 };
    cp_session *s = NULL;
    cp_exam_stop at;
    if (cp_records_exam_resume(e->db, run, "考官乙", e->mm, e->scorer, &s, &at, &err) != 0)
        die(&err);
    assert_int_equal(cp_session_nturns(s), 2);   /* continues at reply 3 */
    assert_int_equal(at.current, 0);
    assert_int_equal(at.resumes, 1);
    char node[128];
    snprintf(node, sizeof node, "%s", cp_session_node(s)->id);
    cp_exam_stop_free(&at);
    /* the audit fact: who, when, part, session, the reply that was in progress and its node */
    rec_stmt *q = rec_prepare(e->db, "SELECT by, at, part, session_id, seq, node, stopped"
                                     " FROM exam_resumes WHERE run_id = ?", NULL);
    assert_non_null(q);
    rec_bind_int64(q, 1, run);
    assert_int_equal(rec_step(q), REC_ROW);
    assert_string_equal(rec_col_str(q, 0), "考官乙");
    assert_true(strlen(rec_col_str(q, 1)) >= 20);
    assert_int_equal(rec_col_int(q, 2), 0);
    assert_int_equal(rec_col_int64(q, 3), sid);
    assert_int_equal(rec_col_int(q, 4), 3);
    assert_string_equal(rec_col_str(q, 5), node);
    assert_true(strlen(rec_col_str(q, 6)) >= 20);
    assert_int_equal(rec_step(q), REC_DONE);
    rec_finalize(q);
    /* the audit rows cannot be edited or removed (the database's own rules, either backend) */
    assert_int_not_equal(rec_exec(e->db, "UPDATE exam_resumes SET by = 'x'", "editing", NULL), 0);
    assert_int_not_equal(rec_exec(e->db, "DELETE FROM exam_resumes", "removing", NULL), 0);
    /* play on: the rest of part 1, then part 2 */
    answer(e, s, sid, 2, 99);
    assert_true(cp_session_ended(s));
    cp_session_free(s);
    int64_t sid2 = 0;
    s = start_part(e, run, e->cb, 99, &sid2);
    assert_true(cp_session_ended(s));
    cp_session_free(s);
    if (cp_records_exam_finish(e->db, run, true, &err) != 0)
        die(&err);
    /* every reply exactly once, in order */
    assert_int_equal(count(e, "SELECT count(*) FROM turns WHERE session_id = ?1", sid), 7);
    assert_int_equal(count(e, "SELECT count(DISTINCT seq) FROM turns WHERE session_id = ?1", sid), 7);
    assert_int_equal(count(e, "SELECT max(seq) FROM turns WHERE session_id = ?1", sid), 7);
    assert_int_equal(count(e, "SELECT count(*) FROM turns WHERE session_id = ?1", sid2), 6);
    cp_exam_result r;
    if (cp_records_exam_result(e->db, run, &r, &err) != 0)
        die(&err);
    assert_true(r.finished);
    assert_true(r.complete);
    assert_int_equal(r.resumes, 1);
}

static void finished_runs_cannot_be_resumed(void **st)
{
    env *e = *st;
    int64_t run = begin_run(e), sid = 0;
    cp_session_free(start_part(e, run, e->mm, 2, &sid));
    cp_error err = { 0 };
    if (cp_records_exam_finish(e->db, run, false, &err) != 0)
        die(&err);
    cp_session *s = NULL;
    assert_int_equal(cp_records_exam_resume(e->db, run, "考官乙", e->mm, e->scorer, &s, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "has finished"));
    assert_null(s);
    cp_exam_stop at;
    if (cp_records_exam_stop(e->db, run, &at, &err) != 0)
        die(&err);
    assert_true(at.finished);
    cp_exam_stop_free(&at);
    /* the schema refuses it too */
    char sql[160];
    snprintf(sql, sizeof sql, "INSERT INTO exam_resumes(run_id, part) VALUES(%lld, 0)", (long long)run);
    assert_int_not_equal(rec_exec(e->db, sql, "tampering", NULL), 0);
    assert_int_equal(count(e, "SELECT count(*) FROM exam_resumes WHERE run_id = ?1", run), 0);
    /* and it takes no more sessions */
    cp_session *ns = cp_session_new(e->cb, e->scorer, &err);
    int64_t x = 0;
    assert_int_equal(cp_records_session_start(e->db, e->trainee, ns, CP_MODE_EXAM, run, &x, &err), -1);
    cp_session_free(ns);
    assert_int_equal(cp_records_exam_resume(e->db, 999, "x", NULL, e->scorer, &s, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "no exam run 999"));
}

static void a_changed_scenario_file_is_refused(void **st)
{
    env *e = *st;
    int64_t run = begin_run(e), sid = 0;
    cp_session_free(start_part(e, run, e->mm, 2, &sid));
    crash(e);
    unlock(e);
    /* the same scenario id, one more comment line: a different file */
    size_t len;
    cp_error err = { 0 };
    char *src = cp_read_file("scenarios/missing_materials.lua", 1u << 22, &len, &err);
    assert_non_null(src);
    char changed[160];
    snprintf(changed, sizeof changed, "%s/missing_materials.lua", e->dir);
    FILE *f = fopen(changed, "w");
    assert_non_null(f);
    fwrite(src, 1, len, f);
    fputs("\n-- edited after the run began\n", f);
    fclose(f);
    free(src);
    cp_scenario *sc = cp_scenario_load(changed, &err);
    if (!sc)
        die(&err);
    cp_session *s = NULL;
    assert_int_equal(cp_records_exam_resume(e->db, run, "考官乙", sc, e->scorer, &s, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "changed since session"));
    assert_null(s);
    /* the wrong scenario altogether, and none at all, are refused too */
    assert_int_equal(cp_records_exam_resume(e->db, run, "考官乙", e->cb, e->scorer, &s, NULL, &err), -1);
    assert_int_equal(cp_records_exam_resume(e->db, run, "考官乙", NULL, e->scorer, &s, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "its scenario is needed"));
    assert_int_equal(count(e, "SELECT count(*) FROM exam_resumes WHERE run_id = ?1", run), 0);
    cp_scenario_free(sc);
}

static void resumes_are_counted_and_runs_listed(void **st)
{
    env *e = *st;
    int64_t run = begin_run(e), sid = 0;
    cp_error err = { 0 };
    cp_session_free(start_part(e, run, e->mm, 1, &sid));
    for (int i = 0; i < 2; i++) {
        crash(e);
        unlock(e);
        cp_session *s = NULL;
        if (cp_records_exam_resume(e->db, run, "考官乙", e->mm, e->scorer, &s, NULL, &err) != 0)
            die(&err);
        cp_session_free(s);   /* killed again before any reply */
    }
    int64_t t2 = 0, run2 = 0;
    if (cp_records_trainee_add(e->db, "李四", "1002", "", &t2, &err) != 0 ||
        cp_records_exam_begin(e->db, e->ex, t2, "考官甲", &run2, &err) != 0 ||
        cp_records_exam_finish(e->db, run2, false, &err) != 0)
        die(&err);
    size_t n = 0;
    cp_exam_result *v = cp_records_exam_runs(e->db, 0, NULL, &n, &err);
    if (!v)
        die(&err);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, run);
    assert_int_equal(v[0].resumes, 2);
    assert_false(v[0].finished);
    assert_int_equal(v[1].id, run2);
    assert_int_equal(v[1].resumes, 0);
    assert_true(v[1].finished);
    free(v);
    v = cp_records_exam_runs(e->db, t2, "two_part", &n, &err);
    assert_non_null(v);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, run2);
    free(v);
    v = cp_records_exam_runs(e->db, e->trainee, "window_basics", &n, &err);
    assert_non_null(v);
    assert_int_equal(n, 0);
    free(v);
    /* a locked handle sees only its own trainee's runs */
    crash(e);
    cp_records_set_self(e->db, e->trainee);
    assert_null(cp_records_exam_runs(e->db, 0, NULL, &n, &err));
    assert_null(cp_records_exam_runs(e->db, t2, NULL, &n, &err));
    v = cp_records_exam_runs(e->db, e->trainee, NULL, &n, &err);
    assert_non_null(v);
    assert_int_equal(n, 1);
    free(v);
}

static void the_exam_comes_back_from_the_records(void **st)
{
    env *e = *st;
    int64_t run = begin_run(e);
    cp_error err = { 0 };
    cp_exam *ex = cp_records_exam_of_run(e->db, run, &err);
    if (!ex)
        die(&err);
    assert_string_equal(ex->id, e->ex->id);
    assert_string_equal(ex->title, e->ex->title);
    assert_true(ex->hash == e->ex->hash);
    assert_int_equal(ex->scenarios.n, 2);
    assert_string_equal(ex->scenarios.v[1], "card_balance");
    assert_int_equal(ex->time_limit, 60);
    assert_true(ex->pass_mark == 50);
    assert_false(ex->feedback);
    assert_true(cp_exam_weight_of(ex, "compliance.no_promise") == 3);
    assert_true(cp_exam_weight_of(ex, "lur.listen") == 1);
    assert_non_null(strstr(ex->path, "exam run"));
    cp_exam_free(ex);
    assert_null(cp_records_exam_of_run(e->db, run + 5, &err));
}

/* ---- Migration ---- */

static void v2_file_migrates_to_v3_with_its_exam_runs(void **st)
{
    SQLITE_ONLY();   /* an SQLite file of schema v2, written with SQLite's own API */
    env *e = *st;
    cp_error err = { 0 };
    if (rec_create_at_version(e->path, 2, &err) != 0)
        die(&err);
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(e->path, &raw), SQLITE_OK);
    const char *v2 =
        "INSERT INTO trainees(id, name, staff_no, grp) VALUES(4, '老员工', 'B4', '二班');"
        "INSERT INTO exams(id, key, hash, title, scenarios, time_limit, pass_mark, feedback)"
        " VALUES(2, 'two_part', '00000000000000ab', '两部分', 'missing_materials,card_balance',"
        " 60, 50, 0);"
        "INSERT INTO exam_weights VALUES(2, 'compliance.no_promise', 3);"
        "INSERT INTO exam_runs(id, exam_id, trainee_id, by) VALUES(5, 2, 4, '考官甲');"
        "INSERT INTO sessions(id, trainee_id, scenario, scenario_hash, mode, exam_run_id,"
        " turns_done, state_json) VALUES(9, 4, 'missing_materials', 'x', 'exam', 5, 1, '{}');"
        "INSERT INTO turns(id, session_id, seq, attempt, node, citizen, reply, choice, score, max,"
        " anger, trust, next, criteria_json, state_json, elapsed_ms, limit_ms)"
        " VALUES(21, 9, 1, 1, 'opening', '你好', '您好', 0, 1, 2, 50, 50, 'story', '[]', '{}',"
        " 4000, 60000);"
        "INSERT INTO turn_results VALUES(21, 'lur.listen', 1, 1, 1, 1);";
    char *msg = NULL;
    if (sqlite3_exec(raw, v2, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s", msg);
    /* v2 has no resume records */
    assert_int_not_equal(sqlite3_exec(raw, "SELECT * FROM exam_resumes", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);

    e->db = open_ok(e->path);
    assert_int_equal(cp_records_version(e->db), CP_RECORDS_VERSION);  /* v2 -> v3 -> latest */
    assert_true(CP_RECORDS_VERSION >= 3);
    assert_int_equal(count(e, "SELECT user_version FROM pragma_user_version", 0), CP_RECORDS_VERSION);
    /* runs recorded before exams had a rule on outcome keep being judged on score alone (v5) */
    assert_int_equal(count(e, "SELECT count(*) FROM exam_runs WHERE min_rating <> 0", 0), 0);
    assert_true(count(e, "SELECT count(*) FROM exam_runs", 0) > 0);
    cp_exam_stop at;
    if (cp_records_exam_stop(e->db, 5, &at, &err) != 0)
        die(&err);
    assert_false(at.finished);
    assert_int_equal(at.trainee, 4);
    assert_int_equal(at.current, 0);
    assert_int_equal(at.parts[0].session, 9);
    assert_int_equal(at.parts[0].replies, 1);
    assert_int_equal(at.resumes, 0);
    cp_exam_stop_free(&at);
    cp_exam_result r;
    if (cp_records_exam_result(e->db, 5, &r, &err) != 0)
        die(&err);
    assert_string_equal(r.by, "考官甲");
    assert_int_equal(r.resumes, 0);
    assert_true(r.percent == 100.0);
    size_t n;
    cp_rec_turn *t = cp_records_turns(e->db, 9, &n, &err);
    assert_non_null(t);
    assert_int_equal(n, 1);
    assert_int_equal(t[0].elapsed_ms, 4000);
    assert_string_equal(t[0].reply, "您好");
    cp_rec_turns_free(t, n);
    /* v2's rules still hold after the migration: exam replies stay immutable */
    assert_int_not_equal(sqlite3_exec(RAW(e->db), "UPDATE turns SET reply = 'x'", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_equal(count(e, "SELECT count(*) FROM pragma_foreign_key_check", 0), 0);
    /* and the v3 table works on the migrated run */
    assert_int_equal(sqlite3_exec(RAW(e->db), "INSERT INTO exam_resumes(run_id, part) VALUES(5, 0)",
                                  NULL, NULL, NULL), SQLITE_OK);
    if (cp_records_exam_result(e->db, 5, &r, &err) != 0)
        die(&err);
    assert_int_equal(r.resumes, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(stop_finds_the_part_in_progress, setup, teardown),
        cmocka_unit_test_setup_teardown(stop_between_parts_points_at_the_next_part, setup, teardown),
        cmocka_unit_test_setup_teardown(a_run_whose_sessions_do_not_fit_its_exam_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(resume_needs_the_unlock, setup, teardown),
        cmocka_unit_test_setup_teardown(resume_writes_an_audit_row_and_continues_every_reply_once, setup, teardown),
        cmocka_unit_test_setup_teardown(finished_runs_cannot_be_resumed, setup, teardown),
        cmocka_unit_test_setup_teardown(a_changed_scenario_file_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(resumes_are_counted_and_runs_listed, setup, teardown),
        cmocka_unit_test_setup_teardown(the_exam_comes_back_from_the_records, setup, teardown),
        cmocka_unit_test_setup_teardown(v2_file_migrates_to_v3_with_its_exam_runs, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
