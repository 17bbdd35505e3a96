/* test_records.c - the records database: schema v1 and v3 files migrate forward with their data
 * (v4: every reply names its scorer version), overrides read back as corrections in context, a
 * recorded session resumes exactly, retry records attempts, hints cost points, exam results are
 * immutable while overrides are added beside them, the passphrase is a hash and gates assessor
 * calls, and a second handle sees a locked database as a clear error. */
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
#include "cp_progress.h"
#include "cp_session.h"

#define REPLIES "scenarios/replies/missing_materials/resolved.txt"

typedef struct env {
    char dir[64], path[128];
    cp_scorer *scorer;
    cp_scenario *sc;
    cp_records *db;
} env;

static int setup(void **st)
{
    env *e = calloc(1, sizeof *e);
    if (records_test_dir_new(e->dir, sizeof e->dir, "records", e->path, sizeof e->path) != 0)
        return -1;
    cp_error err = { 0 };
    e->scorer = cp_scorer_load("scenarios/rubrics", &err);
    e->sc = cp_scenario_load("scenarios/missing_materials.lua", &err);
    if (!e->scorer || !e->sc)
        return -1;
    rec_fast_hash_for_tests(true);
    *st = e;
    return 0;
}

static int teardown(void **st)
{
    env *e = *st;
    cp_records_close(e->db);
    cp_scenario_free(e->sc);
    cp_scorer_free(e->scorer);
    if (records_test_dir_remove(e->dir) != 0)
        return -1;
    free(e);
    return 0;
}

static char **read_lines(size_t *n)
{
    FILE *f = fopen(REPLIES, "r");
    assert_non_null(f);
    char **v = calloc(64, sizeof *v), buf[4096];
    *n = 0;
    while (*n < 64 && fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\r\n")] = '\0';
        v[(*n)++] = strdup(buf);
    }
    fclose(f);
    return v;
}

static void free_lines(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* Starts a practice session for a new trainee and records the first k replies. */
static cp_session *play(env *e, const char *staff, size_t k, int64_t *sid, int64_t *trainee)
{
    cp_error err = { 0 };
    if (cp_records_trainee_add(e->db, "测试", staff, "", trainee, &err) != 0)
        die(&err);
    cp_session *s = cp_session_new(e->sc, e->scorer, &err);
    assert_non_null(s);
    if (cp_records_session_start(e->db, *trainee, s, CP_MODE_PRACTICE, 0, sid, &err) != 0)
        die(&err);
    size_t n;
    char **lines = read_lines(&n);
    for (size_t i = 0; i < k && i < n; i++) {
        assert_int_equal(cp_session_reply(s, lines[i], 0, &err), 0);
        if (cp_records_turn(e->db, *sid, s, NULL, &err) != 0)
            die(&err);
    }
    free_lines(lines, n);
    return s;
}

static void new_file_has_our_id_version_and_wal(void **st)
{
    SQLITE_ONLY();   /* SQLite's file, pragmas and raw inserts */
    env *e = *st;
    e->db = open_ok(e->path);
    assert_int_equal(cp_records_version(e->db), CP_RECORDS_VERSION);
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(e->path, &raw), SQLITE_OK);
    sqlite3_stmt *q;
    sqlite3_prepare_v2(raw, "SELECT (SELECT application_id FROM pragma_application_id),"
                            " (SELECT user_version FROM pragma_user_version),"
                            " (SELECT journal_mode FROM pragma_journal_mode)", -1, &q, NULL);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), CP_RECORDS_APP_ID);
    assert_int_equal(sqlite3_column_int(q, 1), CP_RECORDS_VERSION);
    assert_string_equal((const char *)sqlite3_column_text(q, 2), "wal");
    sqlite3_finalize(q);
    sqlite3_close(raw);
    cp_records_close(e->db);
    e->db = open_ok(e->path);   /* reopening an up-to-date file works */
}

static void v1_file_migrates_to_v2_with_its_data(void **st)
{
    SQLITE_ONLY();   /* SQLite's file, pragmas and raw inserts */
    env *e = *st;
    cp_error err = { 0 };
    if (rec_create_at_version(e->path, 1, &err) != 0)
        die(&err);
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(e->path, &raw), SQLITE_OK);
    /* v1 data: a trainee, a practice session with one turn and its results, an override. */
    const char *v1 =
        "INSERT INTO trainees(id, name, staff_no, grp) VALUES(7, '老员工', 'A7', '一班');"
        "INSERT INTO sessions(id, trainee_id, scenario, scenario_hash, mode, turns_done, state_json)"
        " VALUES(3, 7, 'missing_materials', 'x', 'practice', 1, '{}');"
        "INSERT INTO turns(id, session_id, seq, attempt, node, citizen, reply, choice, score, max,"
        " anger, trust, next, criteria_json, state_json)"
        " VALUES(11, 3, 1, 1, 'opening', '你好', '您好', 0, 1, 2, 50, 50, 'story', '[]', '{}');"
        "INSERT INTO turn_results VALUES(11, 'lur.listen', 1, 0, 0, 1);"
        "INSERT INTO turn_results VALUES(11, 'lur.order', 1, 1, 1, 1);"
        "INSERT INTO overrides(turn_id, criterion, met, by, why) VALUES(11, 'lur.listen', 1, 'T', 'ok');";
    char *msg = NULL;
    assert_int_equal(sqlite3_exec(raw, v1, NULL, NULL, &msg), SQLITE_OK);
    /* v1 refuses exam sessions: the CHECK the migration must widen. */
    assert_int_not_equal(sqlite3_exec(raw, "INSERT INTO sessions(trainee_id, scenario, scenario_hash,"
                                           " mode, state_json) VALUES(7,'a','b','exam','{}')",
                                      NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);

    e->db = open_ok(e->path);
    assert_int_equal(cp_records_version(e->db), CP_RECORDS_VERSION);   /* v1 -> v2 -> latest */
    cp_trainee t;
    assert_int_equal(cp_records_trainee_find(e->db, "A7", &t, &err), 0);
    assert_string_equal(t.name, "老员工");
    cp_rec_session rs;
    if (cp_records_session_get(e->db, 3, &rs, &err) != 0)
        die(&err);
    assert_int_equal(rs.trainee, 7);
    assert_int_equal(rs.turns, 1);
    assert_int_equal(rs.overrides, 1);
    assert_true(rs.score == 2.0);   /* lur.order 1 + the override of lur.listen to met: 1 */
    size_t n;
    cp_rec_turn *tt = cp_records_turns(e->db, 3, &n, &err);
    assert_non_null(tt);
    assert_int_equal(n, 1);
    assert_int_equal(tt[0].timed_out, 0);       /* new v2 columns got their defaults */
    assert_int_equal(tt[0].elapsed_ms, 0);
    assert_false(tt[0].crit[0].met_auto);
    assert_int_equal(tt[0].crit[0].met_override, 1);
    cp_rec_turns_free(tt, n);
    /* v2 accepts exam sessions only with a run, and turns became immutable. */
    assert_int_not_equal(sqlite3_exec(RAW(e->db), "INSERT INTO sessions(trainee_id, scenario,"
                                      " scenario_hash, mode, state_json) VALUES(7,'a','b','exam','{}')",
                                      NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(RAW(e->db), "UPDATE turns SET reply = 'x'", NULL, NULL, NULL),
                         SQLITE_OK);
    int64_t fk = -1;
    sqlite3_stmt *q;
    sqlite3_prepare_v2(RAW(e->db), "SELECT count(*) FROM pragma_foreign_key_check", -1, &q, NULL);
    if (sqlite3_step(q) == SQLITE_ROW)
        fk = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    assert_int_equal(fk, 0);
}

/* v4: a file from before scorer versions were recorded opens, its replies read as "not recorded"
 * (""), its overrides are corrections in context, and new replies name their scorer. */
static void v3_file_migrates_to_v4_and_names_the_scorer(void **st)
{
    SQLITE_ONLY();   /* SQLite's file, pragmas and raw inserts */
    env *e = *st;
    cp_error err = { 0 };
    if (rec_create_at_version(e->path, 3, &err) != 0)
        die(&err);
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(e->path, &raw), SQLITE_OK);
    const char *v3 =
        "INSERT INTO trainees(id, name, staff_no, grp) VALUES(7, '老员工', 'A7', '一班');"
        "INSERT INTO sessions(id, trainee_id, scenario, scenario_hash, mode, turns_done, state_json)"
        " VALUES(3, 7, 'missing_materials', 'x', 'practice', 2, '{}');"
        "INSERT INTO turns(id, session_id, seq, attempt, node, citizen, reply, choice, score, max,"
        " anger, trust, next, criteria_json, state_json)"
        " VALUES(11, 3, 1, 1, 'opening', '第三趟了！', '您好，请坐', 0, 1, 2, 50, 50, 'story', '[]', '{}'),"
        " (12, 3, 2, 1, 'story', '每回就说一样', '您是说每回只说一样？', 0, 1, 1, 40, 60, 'notice', '[]', '{}');"
        "INSERT INTO turn_results VALUES(12, 'lur.understand', 1, 0, 0, 1);"
        "INSERT INTO overrides(turn_id, criterion, met, by, why) VALUES(12, 'lur.understand', 1, 'T', 'ok');";
    char *msg = NULL;
    if (sqlite3_exec(raw, v3, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s", msg);
    assert_int_not_equal(sqlite3_exec(raw, "SELECT model FROM turns", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);

    e->db = open_ok(e->path);
    assert_int_equal(cp_records_version(e->db), CP_RECORDS_VERSION);   /* v3 -> v4 -> latest */
    assert_true(CP_RECORDS_VERSION >= 4);
    size_t n;
    cp_rec_turn *tt = cp_records_turns(e->db, 3, &n, &err);
    assert_non_null(tt);
    assert_int_equal(n, 2);
    assert_string_equal(tt[1].model, "");   /* graded before versions were recorded */
    assert_string_equal(tt[1].reply, "您是说每回只说一样？");
    cp_rec_turns_free(tt, n);
    cp_rec_session rs;
    if (cp_records_session_get(e->db, 3, &rs, &err) != 0)
        die(&err);
    assert_string_equal(rs.models, "");
    /* the old override is a correction in its context */
    assert_int_equal(cp_records_passphrase_set(e->db, NULL, "assessor-one", &err), 0);
    assert_int_equal(cp_records_unlock(e->db, "assessor-one", &err), 0);
    cp_rec_correction *c = cp_records_corrections(e->db, &n, &err);
    assert_non_null(c);
    assert_int_equal(n, 1);
    assert_string_equal(c[0].node, "story");
    assert_string_equal(c[0].citizen, "每回就说一样");
    assert_int_equal(c[0].nhistory, 2);
    assert_string_equal(c[0].history[0].text, "第三趟了！");
    assert_string_equal(c[0].history[1].who, "clerk");
    assert_int_equal(c[0].met_auto, 0);
    assert_true(c[0].met);
    assert_string_equal(c[0].model, "");
    cp_rec_corrections_free(c, n);
    /* a reply recorded now names the scorer that graded it */
    int64_t sid, tr;
    cp_session *s = play(e, "B8", 2, &sid, &tr);
    tt = cp_records_turns(e->db, sid, &n, &err);
    assert_non_null(tt);
    assert_int_equal(n, 2);
    assert_string_equal(tt[0].model, cp_scorer_version(e->scorer));
    assert_string_equal(tt[1].model, cp_session_turn(s, 1)->result.model);
    cp_rec_turns_free(tt, n);
    if (cp_records_session_get(e->db, sid, &rs, &err) != 0)
        die(&err);
    assert_string_equal(rs.models, cp_scorer_version(e->scorer));
    cp_session_free(s);
    /* replies stay immutable */
    assert_int_not_equal(sqlite3_exec(RAW(e->db), "UPDATE turns SET model = 'x'", NULL, NULL, NULL),
                         SQLITE_OK);
}

/* A session's replies are read with their criteria in two queries for the whole session
 * (cp_records_turns, cp_records_turns_brief): the same criteria, overrides (the latest of a
 * criterion counts) and finals as the per-reply reading of cp_records_answers_at; the brief one
 * leaves the stored scorer output out. */
static void session_turns_read_whole_match_per_reply(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    e->db = open_ok(e->path);
    int64_t sid, tr, sid2, tr2;
    cp_session *s = play(e, "W1", 3, &sid, &tr);
    cp_session *s2 = play(e, "W2", 2, &sid2, &tr2);   /* another session: not mixed in */
    assert_int_equal(cp_records_passphrase_set(e->db, NULL, "assessor-one", &err), 0);
    const cp_turn *t2 = cp_session_turn(s, 1), *t3 = cp_session_turn(s, 2);
    assert_true(t3->result.n >= 2);
    const char *c0 = t3->result.crit[0].id, *c1 = t3->result.crit[1].id;
    bool m0 = t3->result.crit[0].met, m1 = t3->result.crit[1].met;
    assert_int_equal(cp_records_override(e->db, sid, 3, c0, !m0, "甲", "first", NULL, &err), 0);
    assert_int_equal(cp_records_override(e->db, sid, 2, t2->result.crit[0].id,
                                         !t2->result.crit[0].met, "甲", "turn two", NULL, &err), 0);
    assert_int_equal(cp_records_override(e->db, sid, 3, c1, !m1, "乙", "other criterion", NULL,
                                         &err), 0);
    assert_int_equal(cp_records_override(e->db, sid, 3, c0, m0, "乙", "second look", NULL, &err), 0);
    assert_int_equal(cp_records_override(e->db, sid2, 1, cp_session_turn(s2, 0)->result.crit[0].id,
                                         true, "丙", "the other session", NULL, &err), 0);
    size_t n, nb, na, compared = 0;
    cp_rec_turn *v = cp_records_turns(e->db, sid, &n, &err);
    cp_rec_turn *b = cp_records_turns_brief(e->db, sid, &nb, &err);
    assert_non_null(v);
    assert_non_null(b);
    assert_int_equal(n, 3);
    assert_int_equal(nb, 3);
    for (size_t i = 0; i < n; i++) {
        const cp_turn *t = cp_session_turn(s, i);
        assert_non_null(v[i].criteria_json);
        assert_true(v[i].criteria_json[0] == '[');
        assert_null(b[i].criteria_json);
        assert_int_equal(v[i].ncrit, t->result.n);
        assert_int_equal(b[i].ncrit, v[i].ncrit);
        assert_true(b[i].final == v[i].final);
        for (size_t k = 0; k < v[i].ncrit; k++) {
            assert_string_equal(v[i].crit[k].id, t->result.crit[k].id);   /* recorded order */
            assert_int_equal(v[i].crit[k].met_auto, t->result.crit[k].met);
            assert_string_equal(b[i].crit[k].id, v[i].crit[k].id);
            assert_int_equal(b[i].crit[k].met, v[i].crit[k].met);
            assert_int_equal(b[i].crit[k].met_override, v[i].crit[k].met_override);
            assert_string_equal(b[i].crit[k].why, v[i].crit[k].why);
        }
        /* the per-reply reading (answers at the reply's node, one per session) agrees */
        int64_t *who = NULL;
        cp_rec_turn *a = cp_records_answers_at(e->db, "missing_materials", v[i].node, &who, &na,
                                               &err);
        assert_non_null(a);
        size_t j = 0;
        while (j < na && a[j].id != v[i].id)
            j++;
        if (j < na) {
            compared++;
            assert_int_equal(a[j].ncrit, v[i].ncrit);
            assert_true(a[j].final == v[i].final);
            for (size_t k = 0; k < v[i].ncrit; k++) {
                assert_string_equal(a[j].crit[k].id, v[i].crit[k].id);
                assert_int_equal(a[j].crit[k].met, v[i].crit[k].met);
                assert_int_equal(a[j].crit[k].met_override, v[i].crit[k].met_override);
                assert_string_equal(a[j].crit[k].by, v[i].crit[k].by);
            }
        }
        cp_rec_turns_free(a, na);
        free(who);
    }
    assert_true(compared >= 2);
    /* turn 3: c0 overridden twice (the latest, back to the automatic result, counts), c1 once */
    assert_int_equal(v[2].crit[0].met_override, m0);
    assert_string_equal(v[2].crit[0].by, "乙");
    assert_string_equal(v[2].crit[0].why, "second look");
    assert_int_equal(v[2].crit[1].met_override, !m1);
    assert_string_equal(v[2].crit[1].why, "other criterion");
    assert_int_equal(v[1].crit[0].met_override, !t2->result.crit[0].met);
    assert_int_equal(v[0].crit[0].met_override, -1);   /* the other session's override */
    for (size_t k = 2; k < v[2].ncrit; k++)
        assert_int_equal(v[2].crit[k].met_override, -1);
    cp_rec_turns_free(v, n);
    cp_rec_turns_free(b, nb);
    cp_session_free(s);
    cp_session_free(s2);
}

/* Statements are kept prepared and handed out again (sqlite.c): one taken while the same SQL is
 * in use is another statement, and one handed out again has no value bound from before. */
static void kept_statements_are_fresh(void **st)
{
    SQLITE_ONLY();
    env *e = *st;
    cp_error err = { 0 };
    e->db = open_ok(e->path);
    const char *sql = "SELECT ?1 IS NULL, ?1";
    for (int round = 0; round < 3; round++) {
        rec_stmt *a = rec_prepare(e->db, sql, &err);
        assert_non_null(a);
        assert_int_equal(rec_step(a), REC_ROW);
        assert_int_equal(rec_col_int(a, 0), 1);   /* nothing bound: NULL, whatever came before */
        rec_reset(a);
        rec_bind_int64(a, 1, 7);
        assert_int_equal(rec_step(a), REC_ROW);   /* left mid-way while another runs */
        rec_stmt *b = rec_prepare(e->db, sql, &err);
        assert_non_null(b);
        assert_ptr_not_equal(a, b);
        rec_bind_int64(b, 1, 8);
        assert_int_equal(rec_step(b), REC_ROW);
        assert_int_equal(rec_col_int64(b, 1), 8);
        assert_int_equal(rec_col_int64(a, 1), 7);
        rec_finalize(b);
        rec_finalize(a);
    }
    /* more distinct statements than are kept: all run, the oldest are let go */
    for (int i = 0; i < 200; i++) {
        char q[64];
        snprintf(q, sizeof q, "SELECT %d", i % 70);
        rec_stmt *x = rec_prepare(e->db, q, &err);
        assert_non_null(x);
        assert_int_equal(rec_step(x), REC_ROW);
        assert_int_equal(rec_col_int(x, 0), i % 70);
        rec_finalize(x);
    }
}

/* Overrides are labelled examples derived from the records: the latest verdict of each
 * (reply, criterion) once, with the citizen's line and the session's earlier exchanges;
 * reading them needs the assessor. */
static void corrections_are_overrides_in_context(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    e->db = open_ok(e->path);
    int64_t sid, tr;
    cp_session *s = play(e, "C9", 3, &sid, &tr);
    size_t n = 99;
    assert_null(cp_records_corrections(e->db, &n, &err));   /* no passphrase set */
    assert_int_equal(n, 0);
    assert_int_equal(cp_records_passphrase_set(e->db, NULL, "assessor-one", &err), 0);
    cp_records_lock(e->db);
    assert_null(cp_records_corrections(e->db, &n, &err));   /* set, locked */
    assert_int_equal(cp_records_unlock(e->db, "assessor-one", &err), 0);
    cp_rec_correction *c = cp_records_corrections(e->db, &n, &err);
    assert_non_null(c);
    assert_int_equal(n, 0);
    cp_rec_corrections_free(c, n);
    const cp_turn *t3 = cp_session_turn(s, 2);
    const char *crit = t3->result.crit[0].id;
    bool auto_met = t3->result.crit[0].met;
    assert_int_equal(cp_records_override(e->db, sid, 3, crit, auto_met, "甲", "first", NULL, &err), 0);
    assert_int_equal(cp_records_override(e->db, sid, 3, crit, !auto_met, "乙", "second look", NULL,
                                         &err), 0);
    c = cp_records_corrections(e->db, &n, &err);
    assert_non_null(c);
    assert_int_equal(n, 1);   /* the latest override of the criterion, once */
    assert_int_equal(c[0].session_id, sid);
    assert_int_equal(c[0].trainee, tr);
    assert_int_equal(c[0].seq, 3);
    assert_string_equal(c[0].scenario, "missing_materials");
    assert_string_equal(c[0].node, t3->node);
    assert_string_equal(c[0].citizen, t3->citizen);
    assert_string_equal(c[0].reply, t3->reply);
    assert_string_equal(c[0].criterion, crit);
    assert_int_equal(c[0].met, !auto_met);
    assert_int_equal(c[0].met_auto, auto_met);
    assert_string_equal(c[0].by, "乙");
    assert_string_equal(c[0].why, "second look");
    assert_string_equal(c[0].model, t3->result.model);
    assert_int_equal(c[0].nhistory, 4);   /* turns 1 and 2: citizen, clerk, citizen, clerk */
    for (size_t k = 0; k < 2; k++) {
        assert_string_equal(c[0].history[2 * k].who, "citizen");
        assert_string_equal(c[0].history[2 * k].text, cp_session_turn(s, k)->citizen);
        assert_string_equal(c[0].history[2 * k + 1].who, "clerk");
        assert_string_equal(c[0].history[2 * k + 1].text, cp_session_turn(s, k)->reply);
    }
    cp_rec_corrections_free(c, n);
    cp_session_free(s);
    cp_rec_corrections_free(NULL, 0);
    /* model changes: kept, immutable, assessor-only */
    cp_rec_model_change mc = { .corrections = 1 };
    strcpy(mc.action, "learn");
    strcpy(mc.old_version, "rules");
    strcpy(mc.new_version, "model:0123456789ab");
    strcpy(mc.by, "乙");
    assert_int_equal(cp_records_model_change(e->db, &mc, &err), 0);
    cp_records_lock(e->db);
    assert_int_equal(cp_records_model_change(e->db, &mc, &err), -1);
    cp_rec_model_change *log = cp_records_model_changes(e->db, &n, &err);
    assert_non_null(log);
    assert_int_equal(n, 1);
    assert_string_equal(log[0].new_version, "model:0123456789ab");
    assert_int_equal(log[0].corrections, 1);
    free(log);
    assert_int_not_equal(rec_exec(e->db, "DELETE FROM model_changes", "tampering", NULL), 0);
}

static void recorded_session_resumes_exactly(void **st)
{
    env *e = *st;
    e->db = open_ok(e->path);
    int64_t sid, tr;
    cp_session *s = play(e, "R1", 4, &sid, &tr);
    cp_error err = { 0 };
    cp_session *back = cp_records_resume(e->db, sid, e->sc, e->scorer, &err);
    if (!back)
        die(&err);
    char *a = cp_session_json(s, false), *b = cp_session_json(back, false);
    assert_string_equal(a, b);
    free(a);
    free(b);
    /* Recording the same reply twice is a retried commit (the turn key): not duplicated. */
    assert_int_equal(cp_records_turn(e->db, sid, s, NULL, &err), 0);
    rec_stmt *q = rec_prepare(e->db, "SELECT count(*) FROM turns WHERE session_id = ?", &err);
    assert_non_null(q);
    rec_bind_int64(q, 1, sid);
    assert_int_equal(rec_step(q), REC_ROW);
    assert_int_equal(rec_col_int(q, 0), 4);
    rec_finalize(q);
    cp_session_free(back);
    cp_session_free(s);
}

static void changed_scenario_is_refused_on_resume(void **st)
{
    env *e = *st;
    e->db = open_ok(e->path);
    int64_t sid, tr;
    cp_session *s = play(e, "R2", 1, &sid, &tr);
    cp_session_free(s);
    uint64_t h = e->sc->hash;
    e->sc->hash ^= 1;
    cp_error err = { 0 };
    assert_null(cp_records_resume(e->db, sid, e->sc, e->scorer, &err));
    assert_non_null(strstr(err.msg, "changed since session"));
    e->sc->hash = h;
}

static void retry_records_attempts_and_last_counts(void **st)
{
    env *e = *st;
    e->db = open_ok(e->path);
    int64_t sid, tr;
    cp_session *s = play(e, "R3", 2, &sid, &tr);
    cp_session_free(s);
    cp_error err = { 0 };
    s = cp_records_retry(e->db, sid, e->sc, e->scorer, &err);
    if (!s)
        die(&err);
    assert_int_equal(cp_session_nturns(s), 1);
    assert_int_equal(cp_session_reply(s, "好的", 0, &err), 0);
    cp_turn_meta m = { .hints = 2 };
    assert_int_equal(cp_records_turn(e->db, sid, s, &m, &err), 0);
    size_t n;
    cp_rec_turn *t = cp_records_turns(e->db, sid, &n, &err);
    assert_int_equal(n, 3);
    assert_int_equal(t[1].seq, 2);
    assert_int_equal(t[1].attempt, 1);
    assert_false(t[1].counted);
    assert_int_equal(t[2].attempt, 2);
    assert_true(t[2].counted);
    assert_int_equal(t[2].hints, 2);
    assert_true(t[2].final == cp_hint_penalised(t[2].score, t[2].max, 2));
    cp_rec_session rs;
    assert_int_equal(cp_records_session_get(e->db, sid, &rs, &err), 0);
    assert_int_equal(rs.turns, 2);
    assert_int_equal(rs.attempts, 3);
    assert_true(rs.score == t[0].final + t[2].final);
    cp_rec_turns_free(t, n);
    cp_session_free(s);
}

/* The session JSON after the first k replies of the scripted list, played without a database. */
static char *state_after(env *e, size_t k)
{
    cp_error err = { 0 };
    cp_session *s = cp_session_new(e->sc, e->scorer, &err);
    assert_non_null(s);
    size_t n;
    char **lines = read_lines(&n);
    for (size_t i = 0; i < k && i < n; i++)
        assert_int_equal(cp_session_reply(s, lines[i], 0, &err), 0);
    free_lines(lines, n);
    char *json = cp_session_json(s, false);
    cp_session_free(s);
    return json;
}

static size_t turn_state_len(env *e, int64_t sid, int seq, const char *needle, bool *has)
{
    rec_stmt *q = rec_prepare(e->db, "SELECT state_json FROM turns WHERE session_id = ? AND seq = ?"
                                     " ORDER BY attempt DESC LIMIT 1", NULL);
    assert_non_null(q);
    rec_bind_int64(q, 1, sid);
    rec_bind_int(q, 2, seq);
    assert_int_equal(rec_step(q), REC_ROW);
    char *txt = rec_unpack(rec_col_str(q, 0));   /* stored compact (pack.c) */
    size_t len = strlen(txt);
    *has = strstr(txt, needle) != NULL;
    rec_finalize(q);
    free(txt);
    return len;
}

/* A turn keeps a snapshot of the state, not the whole history again: storage stays linear in
 * the session's length, and retrying still restores exactly the state before the reply. */
static void retry_restores_state_from_turn_snapshots(void **st)
{
    env *e = *st;
    e->db = open_ok(e->path);
    int64_t sid, tr;
    cp_session *s = play(e, "R4", 5, &sid, &tr);
    cp_session_free(s);
    size_t n;
    char **lines = read_lines(&n);
    assert_true(n >= 5);
    bool has_first_reply;
    size_t first = turn_state_len(e, sid, 1, lines[0], &has_first_reply);
    size_t last = turn_state_len(e, sid, 5, lines[0], &has_first_reply);
    assert_false(has_first_reply);       /* turn 5 does not repeat turn 1's reply */
    assert_true(last < 2 * first);       /* whole-history copies grew ~5x by here */
    free_lines(lines, n);

    cp_error err = { 0 };
    char *want4 = state_after(e, 4), *want3 = state_after(e, 3);
    s = cp_records_retry(e->db, sid, e->sc, e->scorer, &err);
    if (!s)
        die(&err);
    char *got = cp_session_json(s, false);
    assert_string_equal(got, want4);
    free(got);
    cp_session_free(s);
    /* Twice in a row: back one more reply. */
    s = cp_records_retry(e->db, sid, e->sc, e->scorer, &err);
    if (!s)
        die(&err);
    got = cp_session_json(s, false);
    assert_string_equal(got, want3);
    free(got);
    cp_session_free(s);
    /* The resumed session is the same state. */
    s = cp_records_resume(e->db, sid, e->sc, e->scorer, &err);
    if (!s)
        die(&err);
    got = cp_session_json(s, false);
    assert_string_equal(got, want3);
    free(got);
    cp_session_free(s);

    /* Databases written before snapshots kept the whole session on each turn: still read.
     * (Recorded turns are immutable; the trigger is lifted only to fake such a file - an
     * SQLite file: PostgreSQL databases were never written without snapshots.) */
    if (records_on_pg()) {
        free(want4);
        free(want3);
        return;
    }
    const char *lift = "DROP TRIGGER turns_immutable";
    const char *restore = "CREATE TRIGGER turns_immutable BEFORE UPDATE ON turns BEGIN"
                          " SELECT RAISE(ABORT, 'recorded replies are immutable'); END";
    assert_int_equal(sqlite3_exec(RAW(e->db), lift, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_stmt *q;
    sqlite3_prepare_v2(RAW(e->db), "UPDATE turns SET state_json = ? WHERE session_id = ? AND seq = 2",
                       -1, &q, NULL);
    char *want2 = state_after(e, 2);
    sqlite3_bind_text(q, 1, want2, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, sid);
    assert_int_equal(sqlite3_step(q), SQLITE_DONE);
    sqlite3_finalize(q);
    s = cp_records_retry(e->db, sid, e->sc, e->scorer, &err);
    if (!s)
        die(&err);
    got = cp_session_json(s, false);
    assert_string_equal(got, want2);
    free(got);
    cp_session_free(s);

    /* A snapshot claiming more turns than the session has is an error, not a crash (written
     * back packed: a damaged compact row reads as its JSON says). */
    bool dummy;
    turn_state_len(e, sid, 1, "", &dummy);
    rec_stmt *rq = rec_prepare(e->db, "SELECT state_json FROM turns WHERE session_id = ? AND seq = 1",
                               NULL);
    rec_bind_int64(rq, 1, sid);
    assert_int_equal(rec_step(rq), REC_ROW);
    assert_true(rec_packed(rec_col_str(rq, 0)));
    char *snap1 = rec_unpack(rec_col_str(rq, 0));
    rec_finalize(rq);
    char *at = strstr(snap1, "\"turns_done\":1");
    assert_non_null(at);
    at[strlen("\"turns_done\":")] = '9';
    char *bad = rec_pack(snap1);
    free(snap1);
    sqlite3_prepare_v2(RAW(e->db), "UPDATE turns SET state_json = ? WHERE session_id = ?"
                                  " AND seq = 1", -1, &q, NULL);
    sqlite3_bind_text(q, 1, bad, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, sid);
    assert_int_equal(sqlite3_step(q), SQLITE_DONE);
    free(bad);
    sqlite3_finalize(q);
    assert_int_equal(sqlite3_changes(RAW(e->db)), 1);
    assert_int_equal(sqlite3_exec(RAW(e->db), restore, NULL, NULL, NULL), SQLITE_OK);
    assert_null(cp_records_retry(e->db, sid, e->sc, e->scorer, &err));
    assert_non_null(strstr(err.msg, "snapshot"));
    free(want4);
    free(want3);
    free(want2);
}

static void hint_penalty_is_documented_fraction(void **st)
{
    (void)st;
    assert_true(cp_hint_penalised(5, 6, 0) == 5);
    assert_true(cp_hint_penalised(5, 6, 1) == 5 - CP_HINT_COST * 6);
    assert_true(cp_hint_penalised(1, 6, 1) == 0);    /* never below zero */
}

static void passphrase_is_a_hash_and_gates_assessor_calls(void **st)
{
    env *e = *st;
    e->db = open_ok(e->path);
    int64_t sid, tr;
    cp_session *s = play(e, "P1", 1, &sid, &tr);
    cp_session_free(s);
    cp_error err = { 0 };
    /* No passphrase set: views open, overrides refused. */
    assert_true(cp_records_unlocked(e->db));
    assert_int_equal(cp_records_override(e->db, sid, 1, "lur.listen", true, "x", "y", NULL, &err), -1);
    assert_non_null(strstr(err.msg, "none is set"));
    assert_int_equal(cp_records_passphrase_set(e->db, NULL, "短", &err), -1);
    assert_int_equal(cp_records_passphrase_set(e->db, NULL, "assessor-one", &err), 0);
    cp_records_close(e->db);
    e->db = open_ok(e->path);   /* a new handle starts locked */
    size_t n;
    assert_null(cp_records_sessions(e->db, tr, &n, &err));
    cp_records_set_self(e->db, tr);   /* one's own results need no passphrase */
    cp_rec_session *v = cp_records_sessions(e->db, tr, &n, &err);
    assert_non_null(v);
    free(v);
    cp_records_set_self(e->db, 0);
    assert_int_equal(cp_records_unlock(e->db, "assessor-two", &err), -1);
    assert_non_null(strstr(err.msg, "wrong assessor passphrase"));
    assert_int_equal(cp_records_override(e->db, sid, 1, "lur.listen", true, "x", "y", NULL, &err), -1);
    assert_int_equal(cp_records_unlock(e->db, "assessor-one", &err), 0);
    assert_int_equal(cp_records_override(e->db, sid, 1, "lur.listen", true, "x", "y", NULL, &err), 0);
    /* Changing needs the old one. */
    assert_int_equal(cp_records_passphrase_set(e->db, "nope", "assessor-two", &err), -1);
    assert_int_equal(cp_records_passphrase_set(e->db, "assessor-one", "assessor-two", &err), 0);
    rec_stmt *q = rec_prepare(e->db, "SELECT value FROM settings WHERE key = 'assessor_passphrase'",
                              NULL);
    assert_non_null(q);
    assert_int_equal(rec_step(q), REC_ROW);
    const char *h = rec_col_str(q, 0);
    assert_memory_equal(h, "$argon2id$", 10);
    assert_null(strstr(h, "assessor-two"));
    rec_finalize(q);
}

static void exam_turns_are_immutable_and_overrides_add(void **st)
{
    env *e = *st;
    e->db = open_ok(e->path);
    cp_error err = { 0 };
    assert_int_equal(cp_records_passphrase_set(e->db, NULL, "assessor-one", &err), 0);
    cp_exam *ex = cp_exam_load("scenarios/exams/window_basics.lua", &err);
    if (!ex)
        die(&err);
    int64_t tr, run, sid;
    assert_int_equal(cp_records_trainee_add(e->db, "考生", "E1", "", &tr, &err), 0);
    if (cp_records_exam_begin(e->db, ex, tr, "考官", &run, &err) != 0)
        die(&err);
    cp_session *s = cp_session_new(e->sc, e->scorer, &err);
    assert_int_equal(cp_records_session_start(e->db, tr, s, CP_MODE_EXAM, run, &sid, &err), 0);
    assert_int_equal(cp_session_reply(s, "你好", 0, &err), 0);
    cp_turn_meta hint = { .hints = 1 };
    assert_int_equal(cp_records_turn(e->db, sid, s, &hint, &err), -1);
    assert_non_null(strstr(err.msg, "no hints in exams"));
    cp_turn_meta late = cp_exam_turn_meta(ex, 95000);
    assert_true(late.timed_out);
    assert_int_equal(cp_records_turn(e->db, sid, s, &late, &err), 0);
    assert_null(cp_records_retry(e->db, sid, e->sc, e->scorer, &err));
    assert_non_null(strstr(err.msg, "cannot be retried"));
    assert_int_not_equal(rec_exec(e->db, "UPDATE turns SET reply = 'x'", "tampering", NULL), 0);
    assert_int_not_equal(rec_exec(e->db, "DELETE FROM turn_results", "tampering", NULL), 0);
    assert_int_equal(cp_records_exam_finish(e->db, run, false, &err), 0);
    assert_int_equal(cp_records_exam_finish(e->db, run, true, &err), -1);   /* finished once */
    cp_exam_result r0, r1;
    assert_int_equal(cp_records_exam_result(e->db, run, &r0, &err), 0);
    assert_false(r0.passed);
    /* Override every missed focus criterion of turn 1 to met: 100%, automatic score kept. */
    size_t n;
    cp_rec_turn *t = cp_records_turns(e->db, sid, &n, &err);
    assert_int_equal(n, 1);
    assert_true(t[0].timed_out);
    assert_int_equal(t[0].limit_ms, 90000);
    int missed = 0;
    for (size_t k = 0; k < t[0].ncrit; k++)
        if (t[0].crit[k].focus && !t[0].crit[k].met_auto) {
            missed++;
            assert_int_equal(cp_records_override(e->db, sid, 1, t[0].crit[k].id, true, "考官",
                                                 "复核", NULL, &err), 0);
        }
    cp_rec_turns_free(t, n);
    assert_true(missed > 0);
    assert_int_equal(cp_records_exam_result(e->db, run, &r1, &err), 0);
    assert_true(r1.auto_percent == r0.auto_percent);
    assert_true(r1.percent > 99.99);
    assert_int_equal(r1.overrides, missed);
    assert_false(r1.passed);   /* incomplete runs never pass */
    cp_session_free(s);
    cp_exam_free(ex);
}

static void second_handle_gets_locked_error(void **st)
{
    SQLITE_ONLY();   /* SQLite's file lock; PostgreSQL writers wait on rows, not the database */
    env *e = *st;
    e->db = open_ok(e->path);
    cp_records *other = open_ok(e->path);
    cp_error err = { 0 };
    assert_int_equal(rec_begin(e->db, &err), 0);
    assert_int_equal(cp_records_trainee_add(other, "甲", "L1", "", NULL, &err), -1);
    assert_non_null(strstr(err.msg, "locked by another program (waited 200 ms)"));
    assert_string_equal(err.file, e->path);
    rec_rollback(e->db);
    assert_int_equal(cp_records_trainee_add(other, "甲", "L1", "", NULL, &err), 0);
    cp_records_close(other);
}

static void progress_and_recommendation(void **st)
{
    env *e = *st;
    e->db = open_ok(e->path);
    int64_t sid, tr;
    cp_session *s = play(e, "G1", 7, &sid, &tr);
    cp_session_free(s);
    cp_error err = { 0 };
    cp_progress *p = cp_records_progress(e->db, tr, &err);
    assert_non_null(p);
    assert_int_equal(cp_progress_nsessions(p), 1);
    assert_true(cp_progress_ncriteria(p) > 5);
    /* Rates come from the recorded results: recompute one from the turns. */
    size_t n;
    cp_rec_turn *t = cp_records_turns(e->db, sid, &n, &err);
    const char *c0 = cp_progress_criterion(p, 0);
    int met = 0, total = 0, pm, pt;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < t[i].ncrit; k++)
            if (t[i].crit[k].focus && strcmp(t[i].crit[k].id, c0) == 0) {
                total++;
                met += t[i].crit[k].met;
            }
    cp_progress_cell(p, 0, 0, &pm, &pt);
    assert_int_equal(pm, met);
    assert_int_equal(pt, total);
    cp_rec_turns_free(t, n);
    /* The recommendation trains the weakest criterion some scenario trains. */
    cp_scenario *other = cp_scenario_load("scenarios/firm_arrears.lua", &err);
    assert_non_null(other);
    const cp_scenario *scs[2] = { e->sc, other };
    cp_recommendation rec;
    assert_int_equal(cp_recommend(p, scs, 2, &rec), 0);
    assert_true(cp_scenario_trains(scs[rec.scenario], rec.criterion) == rec.weight);
    assert_true(rec.weight > 0);
    for (size_t i = 0; i < cp_progress_ncriteria(p); i++) {
        int m, tt;
        cp_progress_rate(p, i, CP_PROGRESS_RECENT, &tt);
        double r = cp_progress_rate(p, i, CP_PROGRESS_RECENT, NULL);
        m = (int)(r * tt + 0.5);
        double smoothed = (m + 1.0) / (tt + 2.0);
        bool trained = cp_scenario_trains(e->sc, cp_progress_criterion(p, i)) ||
                       cp_scenario_trains(other, cp_progress_criterion(p, i));
        if (trained)
            assert_true(rec.rate <= smoothed + 1e-9);
    }
    cp_scenario_free(other);
    cp_progress_free(p);
}

static void destroy_null_is_a_noop(void **st)
{
    (void)st;
    cp_records_close(NULL);
    cp_rec_turns_free(NULL, 0);
    cp_progress_free(NULL);
    cp_exam_free(NULL);
}

/* The turn key (session, turn, attempt): committing the same reply again - its first commit
 * reached the disk but the answer was lost with the connection - succeeds and records nothing
 * twice; a different reply at that point is still refused as out of step. */
static void retried_commit_records_nothing_twice(void **st)
{
    env *e = *st;
    e->db = open_ok(e->path);
    int64_t sid, tr;
    cp_session *s = play(e, "5001", 3, &sid, &tr);
    cp_error err = { 0 };
    assert_int_equal(cp_records_turn(e->db, sid, s, NULL, &err), 0);
    assert_int_equal(cp_records_turn(e->db, sid, s, NULL, &err), 0);
    rec_stmt *q = rec_prepare(e->db, "SELECT count(*), max(seq), max(attempt) FROM turns"
                                     " WHERE session_id = ?", &err);
    assert_non_null(q);
    rec_bind_int64(q, 1, sid);
    assert_int_equal(rec_step(q), REC_ROW);
    assert_int_equal(rec_col_int(q, 0), 3);
    assert_int_equal(rec_col_int(q, 1), 3);
    assert_int_equal(rec_col_int(q, 2), 1);
    rec_finalize(q);
    cp_session *other = cp_session_new(e->sc, e->scorer, &err);
    size_t n;
    char **lines = read_lines(&n);
    assert_int_equal(cp_session_reply(other, lines[0], 0, &err), 0);
    assert_int_equal(cp_session_reply(other, lines[1], 0, &err), 0);
    assert_int_equal(cp_session_reply(other, "请问您还有别的事吗？", 0, &err), 0);
    free_lines(lines, n);
    assert_int_equal(cp_records_turn(e->db, sid, other, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "out of step"));
    cp_session_free(other);
    cp_session_free(s);
}

/* The start key: a start repeated after its commit reached the database but its answer was lost
 * (the handle still holds that start as unacknowledged) finds that session instead of adding an
 * empty second one; once acknowledged, or for another trainee, a start is a new session. */
static int64_t count_sessions(env *e)
{
    cp_error err = { 0 };
    rec_stmt *q = rec_prepare(e->db, "SELECT count(*) FROM sessions", &err);
    assert_non_null(q);
    assert_int_equal(rec_step(q), REC_ROW);
    int64_t n = rec_col_int64(q, 0);
    rec_finalize(q);
    return n;
}

static void retried_start_records_one_session(void **st)
{
    env *e = *st;
    e->db = open_ok(e->path);
    cp_error err = { 0 };
    int64_t tr, tr2, a = 0, b = 0, c = 0, d = 0;
    assert_int_equal(cp_records_trainee_add(e->db, "甲", "6001", "", &tr, &err), 0);
    assert_int_equal(cp_records_trainee_add(e->db, "乙", "6002", "", &tr2, &err), 0);
    cp_session *s = cp_session_new(e->sc, e->scorer, &err);
    assert_non_null(s);
    assert_int_equal(cp_records_session_start(e->db, tr, s, CP_MODE_PRACTICE, 0, &a, &err), 0);
    assert_null(e->db->start_for);   /* acknowledged: nothing pending */
    /* as if the commit's answer had been lost: the start is still pending, and is retried */
    e->db->start_for = s;
    assert_int_equal(cp_records_session_start(e->db, tr, s, CP_MODE_PRACTICE, 0, &b, &err), 0);
    assert_int_equal(b, a);
    assert_int_equal(count_sessions(e), 1);
    assert_null(e->db->start_for);
    /* the same object started again after an acknowledged start: a second session */
    assert_int_equal(cp_records_session_start(e->db, tr, s, CP_MODE_PRACTICE, 0, &c, &err), 0);
    assert_true(c != a);
    /* pending for trainee 6001; a start for 6002 takes a key of its own */
    e->db->start_for = s;
    assert_int_equal(cp_records_session_start(e->db, tr2, s, CP_MODE_PRACTICE, 0, &d, &err), 0);
    assert_true(d != a && d != c);
    assert_int_equal(count_sessions(e), 3);
    /* each start's key is stored, unique per trainee */
    rec_stmt *q = rec_prepare(e->db, "SELECT count(DISTINCT start_key), count(start_key) FROM sessions",
                              &err);
    assert_non_null(q);
    assert_int_equal(rec_step(q), REC_ROW);
    assert_int_equal(rec_col_int(q, 0), 3);
    assert_int_equal(rec_col_int(q, 1), 3);
    rec_finalize(q);
    cp_session_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(new_file_has_our_id_version_and_wal, setup, teardown),
        cmocka_unit_test_setup_teardown(v1_file_migrates_to_v2_with_its_data, setup, teardown),
        cmocka_unit_test_setup_teardown(v3_file_migrates_to_v4_and_names_the_scorer, setup, teardown),
        cmocka_unit_test_setup_teardown(corrections_are_overrides_in_context, setup, teardown),
        cmocka_unit_test_setup_teardown(session_turns_read_whole_match_per_reply, setup, teardown),
        cmocka_unit_test_setup_teardown(kept_statements_are_fresh, setup, teardown),
        cmocka_unit_test_setup_teardown(recorded_session_resumes_exactly, setup, teardown),
        cmocka_unit_test_setup_teardown(changed_scenario_is_refused_on_resume, setup, teardown),
        cmocka_unit_test_setup_teardown(retry_records_attempts_and_last_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(retry_restores_state_from_turn_snapshots, setup, teardown),
        cmocka_unit_test(hint_penalty_is_documented_fraction),
        cmocka_unit_test_setup_teardown(passphrase_is_a_hash_and_gates_assessor_calls, setup, teardown),
        cmocka_unit_test_setup_teardown(exam_turns_are_immutable_and_overrides_add, setup, teardown),
        cmocka_unit_test_setup_teardown(second_handle_gets_locked_error, setup, teardown),
        cmocka_unit_test_setup_teardown(progress_and_recommendation, setup, teardown),
        cmocka_unit_test_setup_teardown(retried_commit_records_nothing_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(retried_start_records_one_session, setup, teardown),
        cmocka_unit_test(destroy_null_is_a_noop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
