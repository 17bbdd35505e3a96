/* test_export.c - the score-sheet document and its text renderers, built from a temporary records
 * database filled through the real API (trainees, practice sessions, retries, hints, exam runs,
 * overrides, classroom sessions with classmates at the keyboard): the numbers (percent, rates,
 * cohort mean/sd, below_pass), overrides marked with the automatic result kept, retried attempts
 * counted once, hint costs deducted, classroom turns credited to whoever answered them (group,
 * trainee and session selections, answered_elsewhere, the viewing rules), trainees with no counted
 * turn listed in cohort.no_record and not below the pass mark, empty selections and
 * a locked database refused, validation naming the path, CSV bytes (BOM, CRLF, quoting, formula
 * cells defused) and stable xAPI statement ids. */
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

#include <sqlite3.h>

#include "records_backend.h"
#include "records/records_int.h"
#include "cp_records_exam.h"
#include "cp_export.h"
#include "cp_session.h"

#define PASS "assessor pass 1"
#define BAD_REPLY "不知道，你自己去查。"

typedef struct env {
    char dir[64], path[128];
    cp_scorer *scorer;
    cp_scenario *sc;
    cp_records *db;
} env;

static int setup(void **st)
{
    env *e = calloc(1, sizeof *e);
    if (records_test_dir_new(e->dir, sizeof e->dir, "export", e->path, sizeof e->path) != 0)
        return -1;
    cp_error err = { 0 };
    e->scorer = cp_scorer_load("scenarios/rubrics", &err);
    e->sc = cp_scenario_load("scenarios/missing_materials.lua", &err);
    e->db = cp_records_open(e->path, 200, &err);
    if (!e->scorer || !e->sc || !e->db)
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

static int64_t add_trainee(env *e, const char *name, const char *staff, const char *group)
{
    cp_error err = { 0 };
    int64_t id = 0;
    if (cp_records_trainee_add(e->db, name, staff, group, &id, &err) != 0)
        die(&err);
    return id;
}

/* Records one reply (text, or line `line` of the script when text is NULL) with hints. */
static void reply(env *e, cp_session *s, int64_t sid, const char *text, size_t line, int hints)
{
    cp_error err = { 0 };
    char *owned = text ? NULL : reply_line("missing_materials", line);
    assert_true(text || owned);
    assert_int_equal(cp_session_reply(s, text ? text : owned, 0, &err), 0);
    cp_turn_meta m = { .hints = hints };
    if (cp_records_turn(e->db, sid, s, &m, &err) != 0)
        die(&err);
    free(owned);
}

/* A practice session of trainee: the first k scripted replies. */
static int64_t practice(env *e, int64_t trainee, size_t k)
{
    cp_error err = { 0 };
    cp_session *s = cp_session_new(e->sc, e->scorer, &err);
    int64_t sid = 0;
    if (cp_records_session_start(e->db, trainee, s, CP_MODE_PRACTICE, 0, &sid, &err) != 0)
        die(&err);
    for (size_t i = 0; i < k; i++)
        reply(e, s, sid, NULL, i, 0);
    cp_session_free(s);
    return sid;
}

static cJSON *build_ok(env *e, cp_export_kind kind, const char *key, double pass_mark)
{
    cp_export_sel sel = { .kind = kind, .key = key, .pass_mark = pass_mark,
                          .scenarios_dir = "scenarios", .generated = "2026-11-24T09:30:00Z",
                          .assessor = "王老师" };
    cp_error err = { 0 };
    cJSON *doc = cp_export_build(e->db, e->scorer, &sel, &err);
    if (!doc)
        die(&err);
    if (cp_export_validate(doc, &err) != 0)
        die(&err);
    return doc;
}

static const cJSON *at(const cJSON *o, const char *k) { return cJSON_GetObjectItemCaseSensitive(o, k); }
static double num(const cJSON *o, const char *k) { return at(o, k)->valuedouble; }
static const cJSON *trainee0(const cJSON *doc) { return cJSON_GetArrayItem(at(doc, "trainees"), 0); }

/* The summary criterion item with id. */
static const cJSON *sum_crit(const cJSON *t, const char *id)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, at(at(t, "summary"), "criteria"))
        if (strcmp(at(c, "id")->valuestring, id) == 0)
            return c;
    return NULL;
}

static void set_passphrase(env *e)
{
    cp_error err = { 0 };
    if (cp_records_passphrase_set(e->db, NULL, PASS, &err) != 0)
        die(&err);
}

/* ---- Tests ---- */

static void summary_matches_the_records(void **st)
{
    env *e = *st;
    int64_t tr = add_trainee(e, "张三", "1001", "一班");
    int64_t sid = practice(e, tr, 7);
    cJSON *doc = build_ok(e, CP_SEL_TRAINEE, "1001", 0);
    cp_error err = { 0 };
    cp_rec_session rs;
    assert_int_equal(cp_records_session_get(e->db, sid, &rs, &err), 0);
    const cJSON *t = trainee0(doc);
    const cJSON *sum = at(t, "summary");
    assert_string_equal(at(t, "name")->valuestring, "张三");
    assert_true(fabs(num(sum, "score") - rs.score) < 1e-6);
    assert_true(fabs(num(sum, "max") - rs.max) < 1e-6);
    assert_true(fabs(num(sum, "percent") - round(1000.0 * rs.score / rs.max) / 10) < 1e-9);
    assert_int_equal((int)num(sum, "turns"), rs.turns);
    assert_int_equal((int)num(doc, "pass_mark"), 60);
    assert_true(cJSON_IsTrue(at(sum, "passed")) == (num(sum, "percent") >= 60));
    /* each criterion's met/total is the count over the recorded turns' focus results */
    size_t nt;
    cp_rec_turn *turns = cp_records_turns(e->db, sid, &nt, &err);
    assert_non_null(turns);
    const cJSON *c;
    int checked = 0;
    cJSON_ArrayForEach(c, at(sum, "criteria")) {
        int met = 0, total = 0;
        for (size_t i = 0; i < nt; i++)
            for (size_t k = 0; k < turns[i].ncrit; k++)
                if (turns[i].counted && turns[i].crit[k].focus &&
                    strcmp(turns[i].crit[k].id, at(c, "id")->valuestring) == 0) {
                    total++;
                    met += turns[i].crit[k].met;
                }
        assert_int_equal((int)num(c, "met"), met);
        assert_int_equal((int)num(c, "total"), total);
        if (total) {
            assert_true(fabs(num(c, "rate") - round(10000.0 * met / total) / 10000) < 1e-9);
            checked++;
        } else {
            assert_true(cJSON_IsNull(at(c, "rate")));
        }
    }
    assert_true(checked >= 5);
    cp_rec_turns_free(turns, nt);
    /* criteria in rubric order with the scorer's names; the title comes from the scenario */
    const cJSON *c0 = cJSON_GetArrayItem(at(doc, "criteria"), 0);
    assert_string_equal(at(c0, "id")->valuestring, cp_scorer_id(e->scorer, 0));
    assert_string_equal(at(c0, "name")->valuestring, cp_scorer_name(e->scorer, 0));
    const cJSON *s0 = cJSON_GetArrayItem(at(t, "sessions"), 0);
    assert_string_equal(at(s0, "title")->valuestring, e->sc->title);
    assert_string_equal(at(s0, "outcome_name")->valuestring, "问题解决");
    assert_string_equal(at(at(doc, "selection"), "label")->valuestring, "学员 张三（工号 1001）");
    cJSON_Delete(doc);
}

static void retried_attempts_count_once_and_hints_cost(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    int64_t tr = add_trainee(e, "李四", "1002", "一班");
    cp_session *s = cp_session_new(e->sc, e->scorer, &err);
    int64_t sid;
    assert_int_equal(cp_records_session_start(e->db, tr, s, CP_MODE_PRACTICE, 0, &sid, &err), 0);
    reply(e, s, sid, NULL, 0, 0);
    reply(e, s, sid, BAD_REPLY, 0, 0);          /* turn 2, attempt 1 */
    cp_session_free(s);
    s = cp_records_retry(e->db, sid, e->sc, e->scorer, &err);
    assert_non_null(s);
    reply(e, s, sid, NULL, 1, 1);               /* turn 2, attempt 2, one hint taken */
    cp_session_free(s);
    cJSON *doc = build_ok(e, CP_SEL_SESSION, "1", 0);
    const cJSON *sess = cJSON_GetArrayItem(at(trainee0(doc), "sessions"), 0);
    const cJSON *turns = at(sess, "turns");
    assert_int_equal(cJSON_GetArraySize(turns), 3);    /* every attempt is in the document */
    const cJSON *a1 = cJSON_GetArrayItem(turns, 1), *a2 = cJSON_GetArrayItem(turns, 2);
    assert_int_equal((int)num(a1, "attempt"), 1);
    assert_false(cJSON_IsTrue(at(a1, "counted")));
    assert_int_equal((int)num(a2, "attempt"), 2);
    assert_true(cJSON_IsTrue(at(a2, "counted")));
    /* the hint costs CP_HINT_COST of the turn's max */
    assert_int_equal((int)num(a2, "hints"), 1);
    double want = num(a2, "score") - CP_HINT_COST * num(a2, "max");
    assert_true(fabs(num(a2, "final") - (want > 0 ? want : 0)) < 1e-6);
    assert_true(num(a2, "final") < num(a2, "score"));
    const cJSON *sum = at(trainee0(doc), "summary");
    assert_int_equal((int)num(sum, "turns"), 2);
    double t0 = num(cJSON_GetArrayItem(turns, 0), "final");
    assert_true(fabs(num(sum, "score") - (t0 + num(a2, "final"))) < 1e-6);
    assert_true(fabs(num(sum, "max") - (num(cJSON_GetArrayItem(turns, 0), "max") + num(a2, "max"))) < 1e-6);
    assert_int_equal((int)num(sum, "hints"), 1);
    cJSON_Delete(doc);
}

static void overrides_are_marked_and_auto_kept(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    int64_t tr = add_trainee(e, "王五", "1003", "二班");
    cp_session *s = cp_session_new(e->sc, e->scorer, &err);
    int64_t sid;
    assert_int_equal(cp_records_session_start(e->db, tr, s, CP_MODE_PRACTICE, 0, &sid, &err), 0);
    reply(e, s, sid, BAD_REPLY, 0, 0);
    cp_session_free(s);
    set_passphrase(e);
    /* a focus criterion the scorer missed */
    size_t nt;
    cp_rec_turn *t = cp_records_turns(e->db, sid, &nt, &err);
    assert_non_null(t);
    char crit[96] = "";
    for (size_t k = 0; k < t[0].ncrit && !crit[0]; k++)
        if (t[0].crit[k].focus && !t[0].crit[k].met_auto)
            snprintf(crit, sizeof crit, "%s", t[0].crit[k].id);
    cp_rec_turns_free(t, nt);
    assert_true(crit[0] != '\0');
    cJSON *before = build_ok(e, CP_SEL_TRAINEE, "1003", 0);
    assert_int_equal(cp_records_override(e->db, sid, 1, crit, true, "考官甲", "漏判", NULL, &err), 0);
    cJSON *doc = build_ok(e, CP_SEL_TRAINEE, "1003", 0);
    const cJSON *turn = cJSON_GetArrayItem(at(cJSON_GetArrayItem(at(trainee0(doc), "sessions"), 0), "turns"), 0);
    const cJSON *c, *hit = NULL;
    cJSON_ArrayForEach(c, at(turn, "criteria"))
        if (strcmp(at(c, "id")->valuestring, crit) == 0)
            hit = c;
    assert_non_null(hit);
    assert_true(cJSON_IsTrue(at(hit, "met")));
    assert_true(cJSON_IsFalse(at(hit, "met_auto")));
    const cJSON *ov = at(hit, "override");
    assert_true(cJSON_IsObject(ov));
    assert_string_equal(at(ov, "by")->valuestring, "考官甲");
    assert_string_equal(at(ov, "why")->valuestring, "漏判");
    assert_true(cJSON_IsTrue(at(ov, "met")));
    /* the summary counts the override: met one more than the automatic count */
    const cJSON *sc = sum_crit(trainee0(doc), crit), *sb = sum_crit(trainee0(before), crit);
    assert_int_equal((int)num(sc, "met"), (int)num(sb, "met") + 1);
    assert_int_equal((int)num(sc, "met_auto"), (int)num(sb, "met"));
    assert_int_equal((int)num(sc, "overridden"), 1);
    assert_int_equal((int)num(at(trainee0(doc), "summary"), "overrides"), 1);
    assert_true(num(at(trainee0(doc), "summary"), "score") >
                num(at(trainee0(before), "summary"), "score"));
    /* CSV shows it: the criteria row's 改判次数 and the sessions row's */
    cp_bytes b = { 0 };
    assert_int_equal(cp_export_csv(doc, CP_CSV_SESSIONS, &b, &err), 0);
    /* 提示次数 0, 改判次数 1, then the scorer version that graded the replies (评分模型) */
    char tail[64];
    snprintf(tail, sizeof tail, ",0,1,%s\r\n", cp_scorer_version(e->scorer));
    assert_non_null(strstr((char *)b.data, tail));
    cp_bytes_free(&b);
    /* and the document names it on every turn */
    const cJSON *t0 = cJSON_GetArrayItem(at(cJSON_GetArrayItem(at(trainee0(doc), "sessions"), 0),
                                            "turns"), 0);
    assert_string_equal(at(t0, "model")->valuestring, cp_scorer_version(e->scorer));
    cJSON_Delete(before);
    cJSON_Delete(doc);
}

static void exam_selection_uses_the_run(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    int64_t tr = add_trainee(e, "赵六", "1004", "二班");
    set_passphrase(e);
    cp_exam *ex = cp_exam_load("scenarios/exams/window_basics.lua", &err);
    assert_non_null(ex);
    int64_t run;
    assert_int_equal(cp_records_exam_begin(e->db, ex, tr, "考官乙", &run, &err), 0);
    cp_session *s = cp_session_new(e->sc, e->scorer, &err);
    int64_t sid;
    assert_int_equal(cp_records_session_start(e->db, tr, s, CP_MODE_EXAM, run, &sid, &err), 0);
    for (size_t i = 0; i < 3; i++)
        reply(e, s, sid, NULL, i, 0);
    cp_session_free(s);
    assert_int_equal(cp_records_exam_finish(e->db, run, true, &err), 0);
    practice(e, tr, 2);   /* practice is not part of the exam's sheet */
    cp_exam_result r;
    assert_int_equal(cp_records_exam_result(e->db, run, &r, &err), 0);
    cJSON *doc = build_ok(e, CP_SEL_EXAM, "window_basics", 0);
    assert_true(fabs(num(doc, "pass_mark") - ex->pass_mark) < 1e-9);
    const cJSON *t = trainee0(doc);
    assert_int_equal(cJSON_GetArraySize(at(t, "sessions")), 1);
    assert_int_equal(cJSON_GetArraySize(at(t, "exam_runs")), 1);
    const cJSON *sum = at(t, "summary");
    assert_true(fabs(num(sum, "percent") - round(r.percent * 10) / 10) < 1e-9);
    assert_true(cJSON_IsTrue(at(sum, "passed")) == r.passed);
    const cJSON *jr = cJSON_GetArrayItem(at(t, "exam_runs"), 0);
    assert_string_equal(at(jr, "by")->valuestring, "考官乙");
    assert_string_equal(at(jr, "title")->valuestring, ex->title);
    assert_true(cJSON_IsTrue(at(jr, "finished")));
    /* the run selection gives the same sheet for this trainee */
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)run);
    cJSON *one = build_ok(e, CP_SEL_RUN, key, 0);
    assert_true(fabs(num(at(trainee0(one), "summary"), "percent") - num(sum, "percent")) < 1e-9);
    cJSON_Delete(one);
    cJSON_Delete(doc);
    cp_exam_free(ex);
}

static void cohort_statistics(void **st)
{
    env *e = *st;
    int64_t a = add_trainee(e, "甲", "2001", "三班");
    int64_t b = add_trainee(e, "乙", "2002", "三班");
    add_trainee(e, "丙", "2003", "四班");
    practice(e, a, 7);
    cp_error err = { 0 };
    cp_session *s = cp_session_new(e->sc, e->scorer, &err);
    int64_t sid;
    assert_int_equal(cp_records_session_start(e->db, b, s, CP_MODE_PRACTICE, 0, &sid, &err), 0);
    reply(e, s, sid, BAD_REPLY, 0, 0);
    reply(e, s, sid, BAD_REPLY, 0, 0);
    cp_session_free(s);
    cJSON *doc = build_ok(e, CP_SEL_GROUP, "三班", 0);
    const cJSON *ts = at(doc, "trainees");
    assert_int_equal(cJSON_GetArraySize(ts), 2);   /* only 三班, ordered by 工号 */
    assert_string_equal(at(cJSON_GetArrayItem(ts, 0), "staff_no")->valuestring, "2001");
    const cJSON *co = at(doc, "cohort");
    assert_int_equal((int)num(co, "trainees"), 2);
    const cJSON *c;
    int seen = 0;
    cJSON_ArrayForEach(c, at(co, "criteria")) {
        double r[2];
        int n = 0;
        for (int i = 0; i < 2; i++) {
            const cJSON *x = sum_crit(cJSON_GetArrayItem(ts, i), at(c, "id")->valuestring);
            if (num(x, "total") > 0)
                r[n++] = num(x, "met") / num(x, "total");
        }
        assert_int_equal((int)num(c, "n"), n);
        double mean = n == 2 ? (r[0] + r[1]) / 2 : r[0];
        double sd = n == 2 ? fabs(r[0] - r[1]) / 2 : 0;   /* population sd of two values */
        assert_true(fabs(num(c, "mean") - mean) < 1e-4);
        assert_true(fabs(num(c, "sd") - sd) < 1e-4);
        assert_true(fabs(num(c, "min") - (n == 2 ? fmin(r[0], r[1]) : r[0])) < 1e-4);
        assert_true(fabs(num(c, "max") - (n == 2 ? fmax(r[0], r[1]) : r[0])) < 1e-4);
        seen += n == 2;
    }
    assert_true(seen >= 1);
    /* weakest: lowest means first */
    const cJSON *w = at(co, "weakest");
    assert_true(cJSON_GetArraySize(w) >= 1 && cJSON_GetArraySize(w) <= 3);
    double prev = -1;
    const cJSON *id;
    cJSON_ArrayForEach(id, w) {
        cJSON_ArrayForEach(c, at(co, "criteria"))
            if (strcmp(at(c, "id")->valuestring, id->valuestring) == 0) {
                assert_true(num(c, "mean") >= prev);
                prev = num(c, "mean");
            }
    }
    /* every criterion left out is no weaker than the last one listed */
    cJSON_ArrayForEach(c, at(co, "criteria")) {
        bool listed = false;
        cJSON_ArrayForEach(id, w)
            listed = listed || strcmp(id->valuestring, at(c, "id")->valuestring) == 0;
        if (!listed)
            assert_true(num(c, "mean") >= prev - 1e-9);
    }
    /* below_pass: 乙 answered badly; with a pass mark between the two only 乙 is listed */
    double pa = num(at(cJSON_GetArrayItem(ts, 0), "summary"), "percent");
    double pb = num(at(cJSON_GetArrayItem(ts, 1), "summary"), "percent");
    assert_true(pb < pa);
    cJSON_Delete(doc);
    doc = build_ok(e, CP_SEL_GROUP, "三班", (pa + pb) / 2);
    const cJSON *below = at(at(doc, "cohort"), "below_pass");
    assert_int_equal(cJSON_GetArraySize(below), 1);
    assert_string_equal(at(cJSON_GetArrayItem(below, 0), "staff_no")->valuestring, "2002");
    assert_true(fabs(num(cJSON_GetArrayItem(below, 0), "percent") - pb) < 1e-9);
    cJSON_Delete(doc);
}

static void empty_selections_are_errors(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    add_trainee(e, "空", "3001", "五班");
    int64_t t = add_trainee(e, "有", "3002", "五班");
    practice(e, t, 1);
    cp_export_sel sel = { .kind = CP_SEL_TRAINEE, .key = "3001" };
    assert_null(cp_export_build(e->db, e->scorer, &sel, &err));
    assert_non_null(strstr(err.msg, "no sessions of trainee 3001"));
    sel = (cp_export_sel){ .kind = CP_SEL_TRAINEE, .key = "3002", .from = "2000-01-01", .to = "2000-12-31" };
    assert_null(cp_export_build(e->db, e->scorer, &sel, &err));
    assert_non_null(strstr(err.msg, "between 2000-01-01 and 2000-12-31"));
    sel = (cp_export_sel){ .kind = CP_SEL_GROUP, .key = "不存在" };
    assert_null(cp_export_build(e->db, e->scorer, &sel, &err));
    assert_non_null(strstr(err.msg, "no trainee in 班组"));
    sel = (cp_export_sel){ .kind = CP_SEL_EXAM, .key = "never_run" };
    assert_null(cp_export_build(e->db, e->scorer, &sel, &err));
    assert_non_null(strstr(err.msg, "never been run"));
    sel = (cp_export_sel){ .kind = CP_SEL_SESSION, .key = "999" };
    assert_null(cp_export_build(e->db, e->scorer, &sel, &err));
    sel = (cp_export_sel){ .kind = CP_SEL_TRAINEE, .key = "3002", .from = "2026-13-01" };
    assert_null(cp_export_build(e->db, e->scorer, &sel, &err));
    assert_non_null(strstr(err.msg, "YYYY-MM-DD"));
    /* the group lists every member: those without a session in range as 未练习 (no sessions,
     * in cohort.not_practised and no_record, never below the pass mark) */
    cJSON *doc = build_ok(e, CP_SEL_GROUP, "五班", 0);
    int members = cJSON_GetArraySize(at(doc, "trainees"));
    assert_true(members >= 2);
    const cJSON *co = at(doc, "cohort");
    assert_int_equal((int)num(co, "trainees"), members);
    assert_int_equal(cJSON_GetArraySize(at(co, "not_practised")), members - 1);
    const cJSON *m;
    int idle = 0;
    cJSON_ArrayForEach(m, at(doc, "trainees"))
        idle += cJSON_GetArraySize(at(m, "sessions")) == 0;
    assert_int_equal(idle, members - 1);
    cJSON_Delete(doc);
}

static void locked_database_refuses(void **st)
{
    env *e = *st;
    int64_t t = add_trainee(e, "锁", "4001", "");
    practice(e, t, 2);
    set_passphrase(e);
    cp_error err = { 0 };
    cp_records *other = cp_records_open(e->path, 200, &err);   /* not unlocked */
    assert_non_null(other);
    cp_export_sel sel = { .kind = CP_SEL_TRAINEE, .key = "4001" };
    assert_null(cp_export_build(other, e->scorer, &sel, &err));
    assert_non_null(strstr(err.msg, "passphrase"));
    sel.kind = CP_SEL_SESSION;
    sel.key = "1";
    assert_null(cp_export_build(other, e->scorer, &sel, &err));
    assert_non_null(strstr(err.msg, "passphrase"));
    /* the trainee's own handle may export their own sheet */
    cp_records_set_self(other, t);
    sel.kind = CP_SEL_TRAINEE;
    sel.key = "4001";
    cJSON *doc = cp_export_build(other, e->scorer, &sel, &err);
    assert_non_null(doc);
    cJSON_Delete(doc);
    assert_int_equal(cp_records_unlock(other, PASS, &err), 0);
    doc = cp_export_build(other, e->scorer, &sel, &err);
    assert_non_null(doc);
    cJSON_Delete(doc);
    cp_records_close(other);
}

static void validation_names_the_path(void **st)
{
    env *e = *st;
    int64_t t = add_trainee(e, "验", "5001", "");
    practice(e, t, 2);
    cJSON *doc = build_ok(e, CP_SEL_TRAINEE, "5001", 0);
    cp_error err = { 0 };
    cJSON *turn = cJSON_GetArrayItem(at(cJSON_GetArrayItem(at(trainee0(doc), "sessions"), 0), "turns"), 1);
    cJSON_ReplaceItemInObject(turn, "reply", cJSON_CreateNumber(3));
    assert_int_equal(cp_export_validate(doc, &err), -1);
    assert_non_null(strstr(err.msg, "$.trainees[0].sessions[0].turns[1].reply must be a string"));
    cJSON_ReplaceItemInObject(turn, "reply", cJSON_CreateString("ok"));
    assert_int_equal(cp_export_validate(doc, &err), 0);
    cJSON_DeleteItemFromObject(cJSON_GetObjectItemCaseSensitive(doc, "cohort"), "weakest");
    assert_int_equal(cp_export_validate(doc, &err), -1);
    assert_non_null(strstr(err.msg, "$.cohort.weakest is missing"));
    cJSON_AddItemToObject(cJSON_GetObjectItemCaseSensitive(doc, "cohort"), "weakest", cJSON_CreateArray());
    cJSON_ReplaceItemInObject(doc, "version", cJSON_CreateNumber(2));
    assert_int_equal(cp_export_validate(doc, &err), -1);
    assert_non_null(strstr(err.msg, "version"));
    cp_bytes b = { 0 };
    assert_int_equal(cp_export_json(doc, &b, &err), -1);   /* renderers refuse it too */
    assert_int_equal(cp_export_csv(doc, CP_CSV_CRITERIA, &b, &err), -1);
    assert_int_equal(b.len, 0);
    cJSON_Delete(doc);
}

static void csv_bytes(void **st)
{
    env *e = *st;
    int64_t t = add_trainee(e, "欧阳, \"娜娜\"", "6001", "=1+1");
    practice(e, t, 3);
    cJSON *doc = build_ok(e, CP_SEL_TRAINEE, "6001", 0);
    cp_error err = { 0 };
    cp_bytes b = { 0 };
    assert_int_equal(cp_export_csv(doc, CP_CSV_CRITERIA, &b, &err), 0);
    const char *s = (const char *)b.data;
    assert_memory_equal(s, "\xEF\xBB\xBF姓名,工号,班组,评分项编号,评分项,达标次数,考核次数,达标率",
                        strlen("\xEF\xBB\xBF姓名,工号,班组,评分项编号,评分项,达标次数,考核次数,达标率"));
    /* every line ends in CRLF, no bare LF */
    size_t lines = 0;
    for (size_t i = 0; i < b.len; i++)
        if (s[i] == '\n') {
            assert_true(i > 0 && s[i - 1] == '\r');
            lines++;
        }
    /* a row per criterion the trainee was examined on */
    int examined = 0;
    const cJSON *sc;
    cJSON_ArrayForEach(sc, at(at(trainee0(doc), "summary"), "criteria"))
        examined += num(sc, "total") > 0;
    assert_int_equal(lines, 1 + (size_t)examined);
    /* a comma and quotes are quoted and doubled; a formula is defused; a 工号 of digits stays
     * text in a spreadsheet (="6001") */
    assert_non_null(strstr(s, "\r\n\"欧阳, \"\"娜娜\"\"\",\"=\"\"6001\"\"\",\"'=1+1\","));
    cp_bytes_free(&b);
    /* JSON: the same document renders to the same bytes, ending in a newline */
    cp_bytes j1 = { 0 }, j2 = { 0 };
    assert_int_equal(cp_export_json(doc, &j1, &err), 0);
    cJSON *again = build_ok(e, CP_SEL_TRAINEE, "6001", 0);
    assert_int_equal(cp_export_json(again, &j2, &err), 0);
    assert_int_equal(j1.len, j2.len);
    assert_memory_equal(j1.data, j2.data, j1.len);
    assert_int_equal(j1.data[j1.len - 1], '\n');
    cp_bytes_free(&j1);
    cp_bytes_free(&j2);
    cJSON_Delete(again);
    cJSON_Delete(doc);
}

static void xapi_statements(void **st)
{
    env *e = *st;
    int64_t t = add_trainee(e, "钱七", "7001", "");
    practice(e, t, 7);   /* ends */
    practice(e, t, 2);   /* still open */
    cJSON *doc = build_ok(e, CP_SEL_TRAINEE, "7001", 0);
    cp_error err = { 0 };
    cp_bytes a = { 0 }, b = { 0 };
    assert_int_equal(cp_export_xapi(doc, &a, &err), 0);
    assert_int_equal(cp_export_xapi(doc, &b, &err), 0);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);   /* stable ids: re-exports do not duplicate */
    cJSON *x = cJSON_Parse((const char *)a.data);
    assert_non_null(x);
    assert_string_equal(at(x, "version")->valuestring, "1.0.3");
    const cJSON *sts = at(x, "statements");
    assert_int_equal(cJSON_GetArraySize(sts), 2);
    const cJSON *s0 = cJSON_GetArrayItem(sts, 0), *s1 = cJSON_GetArrayItem(sts, 1);
    const char *id0 = at(s0, "id")->valuestring, *id1 = at(s1, "id")->valuestring;
    assert_int_equal(strlen(id0), 36);
    assert_int_equal(id0[14], '8');   /* RFC 9562 version 8 */
    assert_true(strchr("89ab", id0[19]) != NULL);
    assert_string_not_equal(id0, id1);
    assert_string_equal(at(at(at(s0, "actor"), "account"), "name")->valuestring, "7001");
    assert_string_equal(at(at(s0, "verb"), "id")->valuestring, "http://adlnet.gov/expapi/verbs/completed");
    assert_string_equal(at(at(s1, "verb"), "id")->valuestring, "http://adlnet.gov/expapi/verbs/attempted");
    const cJSON *res = at(s0, "result");
    const cJSON *sess = cJSON_GetArrayItem(at(trainee0(doc), "sessions"), 0);
    assert_true(fabs(num(at(res, "score"), "raw") - num(sess, "score")) < 1e-9);
    assert_true(fabs(num(at(res, "score"), "scaled") - num(sess, "score") / num(sess, "max")) < 1e-4);
    assert_true(cJSON_IsTrue(at(res, "completion")));
    assert_non_null(strstr(at(res, "duration")->valuestring, "PT"));
    const cJSON *ext = at(at(res, "extensions"), "urn:counterpart:criterion:lur.listen");
    assert_non_null(ext);
    const cJSON *sc = sum_crit(trainee0(doc), "lur.listen");
    /* the first session only, so at most the trainee's totals */
    assert_true(num(ext, "total") >= 1 && num(ext, "total") <= num(sc, "total"));
    assert_false(cJSON_IsTrue(at(at(s1, "result"), "completion")));
    cJSON_Delete(x);
    cp_bytes_free(&a);
    cp_bytes_free(&b);
    cJSON_Delete(doc);
}

/* ---- Classroom: turns are credited to whoever answered them ---- */

/* Records one classroom reply: script line `line` (or text) typed by `keyboard` (0 = owner). */
static void reply_kb(env *e, cp_session *s, int64_t sid, const char *text, size_t line,
                     int hints, int64_t keyboard)
{
    cp_error err = { 0 };
    char *owned = text ? NULL : reply_line("missing_materials", line);
    assert_true(text || owned);
    assert_int_equal(cp_session_reply(s, text ? text : owned, 0, &err), 0);
    cp_turn_meta m = { .hints = hints, .keyboard = keyboard };
    if (cp_records_turn(e->db, sid, s, &m, &err) != 0)
        die(&err);
    free(owned);
}

/* What the records say trainee `who` answered in session sid (owner `owner`): counted attempts
 * whose keyboard (else the owner) is who; hints over every attempt of those turns; met/total of
 * criterion `crit` (NULL: skip). Computed from cp_records_turns, not from the export. */
typedef struct expect {
    int turns, hints, met, total;
    double score, max;
} expect;

static expect expected(env *e, int64_t sid, int64_t owner, int64_t who, const char *crit)
{
    cp_error err = { 0 };
    size_t nt;
    cp_rec_turn *t = cp_records_turns(e->db, sid, &nt, &err);
    if (!t)
        die(&err);
    expect x = { 0 };
    for (size_t i = 0; i < nt; i++) {
        if (!t[i].counted || (t[i].keyboard ? t[i].keyboard : owner) != who)
            continue;
        x.turns++;
        x.score += t[i].final;
        x.max += t[i].max;
        for (size_t k = 0; k < nt; k++)
            if (t[k].seq == t[i].seq)
                x.hints += t[k].hints;
        for (size_t k = 0; crit && k < t[i].ncrit; k++)
            if (t[i].crit[k].focus && !strcmp(t[i].crit[k].id, crit)) {
                x.total++;
                x.met += t[i].crit[k].met;
            }
    }
    cp_rec_turns_free(t, nt);
    return x;
}

static const cJSON *trainee_by(const cJSON *doc, const char *staff)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, at(doc, "trainees"))
        if (!strcmp(at(t, "staff_no")->valuestring, staff))
            return t;
    return NULL;
}

static void summary_is(const cJSON *t, expect x)
{
    const cJSON *sum = at(t, "summary");
    assert_int_equal((int)num(sum, "turns"), x.turns);
    assert_int_equal((int)num(sum, "hints"), x.hints);
    assert_true(fabs(num(sum, "score") - x.score) < 1e-3);
    assert_true(fabs(num(sum, "max") - x.max) < 1e-3);
    assert_true(fabs(num(sum, "percent") - (x.max > 0 ? round(1000 * x.score / x.max) / 10 : 0)) < 1e-9);
}

/* 王 (owner, 六班) and 李 (六班) take turns at the keyboard of 王's classroom session; turn 5 is
 * answered by 王 with a hint, retried, and answered again by 李; turn 6 by 外 (七班). */
typedef struct klass {
    int64_t wang, li, wai, sid;
} klass;

static klass classroom(env *e)
{
    klass k = { add_trainee(e, "王", "8001", "六班"), add_trainee(e, "李", "8002", "六班"),
                add_trainee(e, "外", "8003", "七班"), 0 };
    cp_error err = { 0 };
    cp_session *s = cp_session_new(e->sc, e->scorer, &err);
    assert_non_null(s);
    if (cp_records_session_start(e->db, k.wang, s, CP_MODE_CLASSROOM, 0, &k.sid, &err) != 0)
        die(&err);
    reply_kb(e, s, k.sid, NULL, 0, 0, 0);         /* 1: 王 (keyboard not given) */
    reply_kb(e, s, k.sid, NULL, 1, 0, k.li);      /* 2: 李 */
    reply_kb(e, s, k.sid, NULL, 2, 0, k.wang);    /* 3: 王 (keyboard given) */
    reply_kb(e, s, k.sid, NULL, 3, 0, k.li);      /* 4: 李 */
    reply_kb(e, s, k.sid, BAD_REPLY, 0, 1, k.wang); /* 5, attempt 1: 王 with a hint */
    cp_session_free(s);
    s = cp_records_retry(e->db, k.sid, e->sc, e->scorer, &err);
    if (!s)
        die(&err);
    reply_kb(e, s, k.sid, NULL, 4, 0, k.li);      /* 5, attempt 2: 李 - this one counts */
    reply_kb(e, s, k.sid, NULL, 5, 0, k.wai);     /* 6: 外, not of 六班 */
    cp_session_free(s);
    return k;
}

static void classroom_group_credits_who_answered(void **st)
{
    env *e = *st;
    klass k = classroom(e);
    const char *crit = "empathy.acknowledge";
    expect ew = expected(e, k.sid, k.wang, k.wang, crit), el = expected(e, k.sid, k.wang, k.li, crit);
    expect ex = expected(e, k.sid, k.wang, k.wai, crit);
    assert_int_equal(ew.turns, 2);           /* turns 1 and 3 */
    assert_int_equal(el.turns, 3);           /* turns 2, 4 and 5 (the retried one, once) */
    assert_int_equal(el.hints, 1);           /* turn 5's first attempt took a hint */
    cJSON *doc = build_ok(e, CP_SEL_GROUP, "六班", 0);
    assert_int_equal(cJSON_GetArraySize(at(doc, "trainees")), 2);   /* not 外 */
    const cJSON *w = trainee_by(doc, "8001"), *l = trainee_by(doc, "8002");
    assert_non_null(w);
    assert_non_null(l);
    summary_is(w, ew);
    summary_is(l, el);
    /* the owner is not credited with the classmates' turns */
    cp_error err = { 0 };
    cp_rec_session rs;
    assert_int_equal(cp_records_session_get(e->db, k.sid, &rs, &err), 0);
    assert_int_equal(rs.turns, 6);
    assert_true(num(at(w, "summary"), "max") < rs.max - 1e-6);
    /* the three trainees' shares add up to the session */
    assert_true(fabs(ew.score + el.score + ex.score - rs.score) < 1e-6);
    assert_true(fabs(num(at(w, "summary"), "max") + num(at(l, "summary"), "max") + ex.max - rs.max) < 1e-3);
    assert_int_equal(ew.hints + el.hints + ex.hints, rs.hints);
    /* per criterion too */
    assert_int_equal((int)num(sum_crit(w, crit), "total"), ew.total);
    assert_int_equal((int)num(sum_crit(w, crit), "met"), ew.met);
    assert_int_equal((int)num(sum_crit(l, crit), "total"), el.total);
    assert_int_equal((int)num(sum_crit(l, crit), "met"), el.met);
    assert_true(ew.total + el.total >= 2);
    /* sessions[] stays under the owner, every attempt with its keyboard */
    assert_int_equal(cJSON_GetArraySize(at(w, "sessions")), 1);
    assert_int_equal(cJSON_GetArraySize(at(l, "sessions")), 0);
    assert_int_equal((int)num(at(l, "summary"), "sessions"), 0);
    const cJSON *turns = at(cJSON_GetArrayItem(at(w, "sessions"), 0), "turns");
    assert_int_equal(cJSON_GetArraySize(turns), 7);
    assert_true(cJSON_IsNull(at(cJSON_GetArrayItem(turns, 0), "keyboard")));
    assert_string_equal(at(at(cJSON_GetArrayItem(turns, 1), "keyboard"), "staff_no")->valuestring, "8002");
    /* 李's answered_elsewhere: turns 2, 4, 5 of 王's session, listed under 王 */
    const cJSON *ae = at(l, "answered_elsewhere");
    assert_int_equal(cJSON_GetArraySize(ae), 3);
    int seqs[3] = { 2, 4, 5 };
    for (int i = 0; i < 3; i++) {
        const cJSON *x = cJSON_GetArrayItem(ae, i);
        assert_int_equal((int)num(x, "session"), (int)k.sid);
        assert_int_equal((int)num(x, "seq"), seqs[i]);
        assert_string_equal(at(x, "scenario")->valuestring, "missing_materials");
        assert_string_equal(at(at(x, "owner"), "staff_no")->valuestring, "8001");
        assert_true(cJSON_IsTrue(at(x, "listed")));
        assert_int_equal((int)num(at(x, "turn"), "seq"), seqs[i]);
        assert_true(cJSON_IsTrue(at(at(x, "turn"), "counted")));
    }
    const cJSON *t5 = cJSON_GetArrayItem(ae, 2);
    assert_int_equal((int)num(at(t5, "turn"), "attempt"), 2);
    assert_int_equal((int)num(t5, "hints"), 1);
    assert_int_equal(cJSON_GetArraySize(at(w, "answered_elsewhere")), 0);
    /* the cohort follows the summaries: 2 trainees, the criterion's mean is of their rates */
    const cJSON *co = at(doc, "cohort"), *c;
    assert_int_equal((int)num(co, "trainees"), 2);
    cJSON_ArrayForEach(c, at(co, "criteria"))
        if (!strcmp(at(c, "id")->valuestring, crit) && ew.total && el.total) {
            double r1 = (double)ew.met / ew.total, r2 = (double)el.met / el.total;
            assert_int_equal((int)num(c, "n"), 2);
            assert_true(fabs(num(c, "mean") - (r1 + r2) / 2) < 1e-4);
        }
    cJSON_Delete(doc);
    /* 外's group has no session of a member: every member is listed as 未练习 */
    doc = build_ok(e, CP_SEL_GROUP, "七班", 0);
    co = at(doc, "cohort");
    assert_int_equal(cJSON_GetArraySize(at(co, "not_practised")), (int)num(co, "trainees"));
    assert_int_equal((int)num(co, "with_record"), 0);
    assert_int_equal(cJSON_GetArraySize(at(co, "below_pass")), 0);
    cJSON_Delete(doc);
}

static void classroom_trainee_and_session_selections(void **st)
{
    env *e = *st;
    klass k = classroom(e);
    expect el = expected(e, k.sid, k.wang, k.li, NULL), ew = expected(e, k.sid, k.wang, k.wang, NULL);
    expect ex = expected(e, k.sid, k.wang, k.wai, NULL);
    /* 李 has no session of their own: their sheet holds the classroom turns they answered */
    cJSON *doc = build_ok(e, CP_SEL_TRAINEE, "8002", 0);
    assert_int_equal(cJSON_GetArraySize(at(doc, "trainees")), 1);
    const cJSON *l = trainee0(doc);
    assert_string_equal(at(l, "staff_no")->valuestring, "8002");
    summary_is(l, el);
    assert_int_equal(cJSON_GetArraySize(at(l, "sessions")), 0);
    const cJSON *ae = at(l, "answered_elsewhere");
    assert_int_equal(cJSON_GetArraySize(ae), 3);
    assert_false(cJSON_IsTrue(at(cJSON_GetArrayItem(ae, 0), "listed")));   /* 王's session is not in it */
    assert_string_equal(at(at(doc, "selection"), "label")->valuestring, "学员 李（工号 8002）");
    cJSON_Delete(doc);
    /* 外 likewise, with the one turn */
    doc = build_ok(e, CP_SEL_TRAINEE, "8003", 0);
    summary_is(trainee0(doc), ex);
    assert_int_equal(ex.turns, 1);
    cJSON_Delete(doc);
    /* 王's own sheet and the session's sheet credit 王 with 王's turns only */
    doc = build_ok(e, CP_SEL_TRAINEE, "8001", 0);
    assert_int_equal(cJSON_GetArraySize(at(doc, "trainees")), 1);
    summary_is(trainee0(doc), ew);
    assert_int_equal(cJSON_GetArraySize(at(trainee0(doc), "sessions")), 1);
    cJSON_Delete(doc);
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)k.sid);
    doc = build_ok(e, CP_SEL_SESSION, key, 0);
    assert_int_equal(cJSON_GetArraySize(at(doc, "trainees")), 1);
    summary_is(trainee0(doc), ew);
    cJSON_Delete(doc);
    /* a date range without the session: 李 has nothing */
    cp_error err = { 0 };
    cp_export_sel sel = { .kind = CP_SEL_TRAINEE, .key = "8002", .to = "2000-01-01" };
    assert_null(cp_export_build(e->db, e->scorer, &sel, &err));
    assert_non_null(strstr(err.msg, "no sessions of trainee 8002"));
    /* viewing rules: 李's own handle may not read 王's session, so it leaves it out */
    set_passphrase(e);
    cp_records *other = cp_records_open(e->path, 200, &err);
    assert_non_null(other);
    cp_records_set_self(other, k.li);
    sel = (cp_export_sel){ .kind = CP_SEL_TRAINEE, .key = "8002" };
    assert_null(cp_export_build(other, e->scorer, &sel, &err));
    assert_non_null(strstr(err.msg, "no sessions of trainee 8002"));
    assert_int_equal(cp_records_unlock(other, PASS, &err), 0);
    doc = cp_export_build(other, e->scorer, &sel, &err);
    if (!doc)
        die(&err);
    summary_is(trainee0(doc), el);
    cJSON_Delete(doc);
    cp_records_close(other);
}

static void practice_keyboard_does_not_move_credit(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    int64_t a = add_trainee(e, "甲", "8101", "八班"), b = add_trainee(e, "乙", "8102", "八班");
    cp_session *s = cp_session_new(e->sc, e->scorer, &err);
    int64_t sid;
    assert_int_equal(cp_records_session_start(e->db, a, s, CP_MODE_PRACTICE, 0, &sid, &err), 0);
    reply_kb(e, s, sid, NULL, 0, 0, 0);
    reply_kb(e, s, sid, NULL, 1, 0, b);   /* a keyboard outside classroom mode is not credited */
    cp_session_free(s);
    cJSON *doc = build_ok(e, CP_SEL_GROUP, "八班", 0);
    assert_int_equal(cJSON_GetArraySize(at(doc, "trainees")), 2);   /* 乙: 未练习 */
    assert_int_equal(cJSON_GetArraySize(at(at(doc, "cohort"), "not_practised")), 1);
    cp_rec_session rs;
    assert_int_equal(cp_records_session_get(e->db, sid, &rs, &err), 0);
    assert_int_equal((int)num(at(trainee0(doc), "summary"), "turns"), 2);
    assert_true(fabs(num(at(trainee0(doc), "summary"), "score") - rs.score) < 1e-3);
    cJSON_Delete(doc);
}

static void validation_checks_answered_elsewhere(void **st)
{
    env *e = *st;
    classroom(e);
    cJSON *doc = build_ok(e, CP_SEL_GROUP, "六班", 0);
    cp_error err = { 0 };
    cJSON *l = cJSON_GetArrayItem(at(doc, "trainees"), 1);
    cJSON *x = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(l, "answered_elsewhere"), 1);
    cJSON_ReplaceItemInObject(cJSON_GetObjectItemCaseSensitive(x, "turn"), "reply", cJSON_CreateNumber(1));
    assert_int_equal(cp_export_validate(doc, &err), -1);
    assert_non_null(strstr(err.msg, "$.trainees[1].answered_elsewhere[1].turn.reply must be a string"));
    /* the member is optional (added within version 1) */
    cJSON_DeleteItemFromObject(l, "answered_elsewhere");
    assert_int_equal(cp_export_validate(doc, &err), 0);
    cJSON_Delete(doc);
}

/* The one item of arr whose staff_no is staff, NULL when none. */
static const cJSON *by_staff(const cJSON *arr, const char *staff)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, arr)
        if (strcmp(at(x, "staff_no")->valuestring, staff) == 0)
            return x;
    return NULL;
}

/* A trainee listed with no counted turn (a session opened and left before the first reply, or a
 * classroom session whose every turn a classmate answered) is in cohort.no_record, not in
 * below_pass; one who answered badly stays in below_pass; a member with no session at all is
 * listed too (未练习: cohort.not_practised, within no_record); the means leave the no-record
 * trainees out. */
static void cohort_no_record_is_not_below_pass(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    int64_t good = add_trainee(e, "甲", "9001", "七班");
    int64_t bad = add_trainee(e, "乙", "9002", "七班");
    int64_t idle = add_trainee(e, "丙", "9003", "七班");
    int64_t owner = add_trainee(e, "丁", "9004", "七班");
    add_trainee(e, "戊", "9005", "七班");            /* never practised: listed as 未练习 */
    practice(e, good, 7);
    cp_session *s = cp_session_new(e->sc, e->scorer, &err);
    int64_t sid;
    assert_int_equal(cp_records_session_start(e->db, bad, s, CP_MODE_PRACTICE, 0, &sid, &err), 0);
    reply(e, s, sid, BAD_REPLY, 0, 0);
    reply(e, s, sid, BAD_REPLY, 0, 0);
    cp_session_free(s);
    practice(e, idle, 0);                              /* opened, never answered */
    /* 丁's classroom session, every turn answered by 甲 at the keyboard */
    s = cp_session_new(e->sc, e->scorer, &err);
    assert_int_equal(cp_records_session_start(e->db, owner, s, CP_MODE_CLASSROOM, 0, &sid, &err), 0);
    reply_kb(e, s, sid, NULL, 0, 0, good);
    cp_session_free(s);

    cJSON *doc = build_ok(e, CP_SEL_GROUP, "七班", 0);
    const cJSON *ts = at(doc, "trainees"), *co = at(doc, "cohort");
    assert_int_equal(cJSON_GetArraySize(ts), 5);
    assert_int_equal(cJSON_GetArraySize(at(by_staff(ts, "9005"), "sessions")), 0);
    assert_int_equal((int)num(co, "trainees"), 5);
    assert_int_equal(cJSON_GetArraySize(at(co, "not_practised")), 1);
    assert_non_null(by_staff(at(co, "not_practised"), "9005"));
    assert_int_equal((int)num(co, "with_record"), 2);
    /* their own summaries are as before: 0 turns, percent 0, not passed */
    const cJSON *sum = at(by_staff(ts, "9003"), "summary");
    assert_int_equal((int)num(sum, "turns"), 0);
    assert_int_equal((int)num(sum, "sessions"), 1);
    assert_true(cJSON_IsFalse(at(sum, "passed")));
    assert_int_equal((int)num(at(by_staff(ts, "9004"), "summary"), "turns"), 0);

    const cJSON *below = at(co, "below_pass"), *none = at(co, "no_record");
    assert_true(cJSON_IsArray(none));
    assert_non_null(by_staff(below, "9002"));          /* answered badly: a fail */
    assert_null(by_staff(below, "9003"));
    assert_null(by_staff(below, "9004"));
    assert_null(by_staff(below, "9005"));
    assert_int_equal(cJSON_GetArraySize(none), 3);     /* in trainees[] order */
    assert_non_null(by_staff(none, "9005"));
    const cJSON *n0 = cJSON_GetArrayItem(none, 0), *n1 = cJSON_GetArrayItem(none, 1);
    assert_string_equal(at(n0, "staff_no")->valuestring, "9003");
    assert_string_equal(at(n0, "name")->valuestring, "丙");
    assert_int_equal((int64_t)num(n0, "id"), idle);
    assert_null(at(n0, "percent"));                    /* no score to report */
    assert_string_equal(at(n1, "staff_no")->valuestring, "9004");
    assert_null(by_staff(none, "9002"));
    assert_null(by_staff(none, "9001"));
    /* a pass mark of 0.1% passes everyone with a record: below_pass empty, no_record unchanged */
    cJSON_Delete(doc);
    doc = build_ok(e, CP_SEL_GROUP, "七班", 0.1);
    co = at(doc, "cohort");
    ts = at(doc, "trainees");
    if (num(at(by_staff(ts, "9002"), "summary"), "percent") >= 0.1)
        assert_int_equal(cJSON_GetArraySize(at(co, "below_pass")), 0);
    assert_int_equal(cJSON_GetArraySize(at(co, "no_record")), 3);
    /* means are over trainees with a rate: at most the two with a record */
    const cJSON *c;
    cJSON_ArrayForEach(c, at(co, "criteria"))
        assert_true(num(c, "n") <= 2);

    /* the validator: a no_record item needs its members; an older writer's document without
     * no_record / with_record (added within version 1) still reads */
    cJSON *item = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(doc, "cohort"), "no_record"), 1);
    cJSON_DeleteItemFromObject(item, "staff_no");
    assert_int_equal(cp_export_validate(doc, &err), -1);
    assert_non_null(strstr(err.msg, "$.cohort.no_record[1].staff_no is missing"));
    cJSON *cj = cJSON_GetObjectItemCaseSensitive(doc, "cohort");
    cJSON_ReplaceItemInObject(cj, "no_record", cJSON_CreateString("x"));
    assert_int_equal(cp_export_validate(doc, &err), -1);
    assert_non_null(strstr(err.msg, "$.cohort.no_record must be an array"));
    cJSON_DeleteItemFromObject(cj, "no_record");
    cJSON_DeleteItemFromObject(cj, "with_record");
    assert_int_equal(cp_export_validate(doc, &err), 0);
    cJSON_Delete(doc);
}

/* Ends session sid as the citizen walking away (群众离开, rated 2/5), as a scenario would. */
static void end_walked_away(env *e, int64_t sid)
{
    cp_error err = { 0 };   /* through the statement layer: either backend */
    rec_stmt *q = rec_prepare(e->db, "UPDATE sessions SET ended = strftime('%Y-%m-%dT%H:%M:%SZ','now'),"
                                     " outcome = 'walked_away', rating = 2 WHERE id = ?", &err);
    if (!q)
        die(&err);
    rec_bind_int64(q, 1, sid);
    assert_int_equal(rec_step(q), REC_DONE);
    rec_finalize(q);
}

/* One exam run of ex for trainee tr: three scripted replies, the citizen walks away, finished. */
static int64_t exam_walked_away(env *e, const cp_exam *ex, int64_t tr)
{
    cp_error err = { 0 };
    int64_t run, sid;
    assert_int_equal(cp_records_exam_begin(e->db, ex, tr, "考官乙", &run, &err), 0);
    cp_session *s = cp_session_new(e->sc, e->scorer, &err);
    assert_int_equal(cp_records_session_start(e->db, tr, s, CP_MODE_EXAM, run, &sid, &err), 0);
    for (size_t i = 0; i < 3; i++)
        reply(e, s, sid, NULL, i, 0);
    cp_session_free(s);
    end_walked_away(e, sid);
    assert_int_equal(cp_records_exam_finish(e->db, run, true, &err), 0);
    return run;
}

/* An exam's pass rule is on outcome as well as score: a run that drives the citizen away
 * (群众离开 2/5) fails under the default rule (every ending rated >= 3) whatever its score, and
 * passes only when the exam says any ending may (min_rating = 1). A group export reports the
 * exam runs apart: practice percentages hold practice turns only, the runs are listed per
 * trainee and on the cohort. */
static void exam_pass_rule_on_outcome_and_runs_apart(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    int64_t tr = add_trainee(e, "钱七", "1201", "九班");
    add_trainee(e, "孙八", "1202", "九班");
    set_passphrase(e);
    cp_exam *strict = cp_exam_load("scenarios/exams/window_basics.lua", &err);
    assert_non_null(strict);
    assert_int_equal(strict->min_rating, CP_EXAM_MIN_RATING);
    char path[512];
    snprintf(path, sizeof path, "%s/lenient.lua", e->dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("return exam { id = \"lenient\", title = \"任何结局都可通过\", scenarios = { \"missing_materials\" },\n"
          "  pass_mark = 10, min_rating = 1 }\n", f);
    fclose(f);
    cp_exam *lenient = cp_exam_load(path, &err);
    if (!lenient)
        die(&err);
    assert_int_equal(lenient->min_rating, 1);

    int64_t r1 = exam_walked_away(e, strict, tr);
    cp_exam_result r;
    assert_int_equal(cp_records_exam_result(e->db, r1, &r, &err), 0);
    assert_int_equal(r.min_rating, 3);
    assert_int_equal(r.worst_rating, 2);
    assert_false(r.outcome_ok);
    assert_false(r.passed);                 /* whatever the score */
    int64_t r2 = exam_walked_away(e, lenient, tr);
    assert_int_equal(cp_records_exam_result(e->db, r2, &r, &err), 0);
    assert_true(r.outcome_ok);
    assert_int_equal(r.passed, r.percent >= 10);
    /* the stored verdict at finish follows the same rule */
    cp_exam_result *all;
    size_t n;
    assert_non_null(all = cp_records_exam_runs(e->db, tr, NULL, &n, &err));
    assert_int_equal((int)n, 2);
    free(all);

    practice(e, tr, 2);
    cJSON *doc = build_ok(e, CP_SEL_GROUP, "九班", 0);
    const cJSON *t = by_staff(at(doc, "trainees"), "1201");
    const cJSON *sum = at(t, "summary");
    assert_int_equal((int)num(sum, "sessions"), 1);      /* the practice session only */
    assert_int_equal((int)num(sum, "turns"), 2);         /* not the exam's 6 turns */
    assert_int_equal(cJSON_GetArraySize(at(t, "sessions")), 3);
    const cJSON *runs = at(t, "exam_runs");
    assert_int_equal(cJSON_GetArraySize(runs), 2);
    const cJSON *j1 = cJSON_GetArrayItem(runs, 0);
    assert_false(cJSON_IsTrue(at(j1, "passed")));
    assert_false(cJSON_IsTrue(at(j1, "outcome_ok")));
    assert_int_equal((int)num(j1, "min_rating"), 3);
    assert_int_equal((int)num(j1, "worst_rating"), 2);
    const cJSON *co = at(doc, "cohort");
    assert_int_equal(cJSON_GetArraySize(at(co, "exam_runs")), 2);
    assert_int_equal((int)num(co, "trainees"), 2);
    assert_non_null(by_staff(at(co, "not_practised"), "1202"));
    cJSON_Delete(doc);

    /* a bad rule is refused with the file and line */
    f = fopen(path, "w");
    fputs("return exam { id = \"lenient\", title = \"x\", scenarios = { \"missing_materials\" },\n"
          "  pass_mark = 10, min_rating = 7 }\n", f);
    fclose(f);
    assert_null(cp_exam_load(path, &err));
    assert_non_null(strstr(err.msg, "min_rating"));
    cp_exam_free(strict);
    cp_exam_free(lenient);
}

/* A document built lazily (a trainee's turns read while rendering) renders to the same bytes as
 * the complete one, in every text format; XLSX and PDF render from it too. A file sink gets the
 * whole output. */
static void lazy_document_renders_the_same(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    classroom(e);   /* classmates answering at the keyboard: their credits and copies */
    int64_t a = add_trainee(e, "甲", "7001", "六班"), b = add_trainee(e, "乙", "7002", "六班");
    add_trainee(e, "丙", "7003", "六班");
    practice(e, a, 4);
    practice(e, b, 2);
    practice(e, a, 1);
    cp_export_sel sel = { .kind = CP_SEL_GROUP, .key = "六班", .scenarios_dir = "scenarios",
                          .generated = "2026-11-24T09:30:00Z", .assessor = "王老师" };
    cJSON *full = cp_export_build(e->db, e->scorer, &sel, &err);
    cJSON *lazy = cp_export_build_lazy(e->db, e->scorer, &sel, &err);
    assert_non_null(full);
    assert_non_null(lazy);
    /* the lazy document holds no turns until asked */
    const cJSON *t0 = cJSON_GetArrayItem(at(lazy, "trainees"), 0);
    assert_int_equal(cJSON_GetArraySize(at(cJSON_GetArrayItem(at(t0, "sessions"), 0), "turns")), 0);
    for (int f = 0; f < 4; f++) {
        cp_bytes x = { 0 }, y = { 0 };
        int rx, ry;
        if (f == 0) {
            rx = cp_export_json(full, &x, &err);
            ry = cp_export_json(lazy, &y, &err);
        } else if (f == 1) {
            rx = cp_export_csv(full, CP_CSV_CRITERIA, &x, &err);
            ry = cp_export_csv(lazy, CP_CSV_CRITERIA, &y, &err);
        } else if (f == 2) {
            rx = cp_export_csv(full, CP_CSV_SESSIONS, &x, &err);
            ry = cp_export_csv(lazy, CP_CSV_SESSIONS, &y, &err);
        } else {
            rx = cp_export_xapi(full, &x, &err);
            ry = cp_export_xapi(lazy, &y, &err);
        }
        assert_int_equal(rx, 0);
        assert_int_equal(ry, 0);
        if (x.len != y.len || memcmp(x.data, y.data, x.len) != 0)
            fail_msg("format %d: lazy %zu bytes, complete %zu bytes, not the same", f, y.len, x.len);
        cp_bytes_free(&x);
        cp_bytes_free(&y);
    }
    /* the JSON is what printing the whole document gives */
    char *whole = cJSON_Print(full);
    cp_bytes j = { 0 };
    assert_int_equal(cp_export_json(lazy, &j, &err), 0);
    assert_int_equal(j.len, strlen(whole) + 1);
    assert_memory_equal(j.data, whole, strlen(whole));
    free(whole);
    cp_bytes_free(&j);
    /* a file sink: the output streams to it, the buffer keeps only a tail */
    FILE *f = tmpfile();
    cp_bytes sink = { .sink = f };
    assert_int_equal(cp_export_xapi(lazy, &sink, &err), 0);
    assert_true(cp_bytes_flush(&sink));
    cp_bytes mem = { 0 };
    assert_int_equal(cp_export_xapi(full, &mem, &err), 0);
    assert_int_equal(sink.flushed, mem.len);
    assert_int_equal(ftell(f), (long)mem.len);
    fclose(f);
    cp_bytes_free(&sink);
    cp_bytes_free(&mem);
    cp_bytes x = { 0 };
    assert_int_equal(cp_export_xlsx(lazy, &x, &err), 0);
    assert_true(x.len > 1000);
    cp_bytes_free(&x);
    assert_int_equal(cp_export_pdf(lazy, NULL, &x, &err), 0);
    assert_true(x.len > 1000);
    cp_bytes_free(&x);
    /* rendering left it as it was: no turns held */
    assert_int_equal(cJSON_GetArraySize(at(cJSON_GetArrayItem(at(t0, "sessions"), 0), "turns")), 0);
    cJSON_Delete(full);
    cp_export_release(lazy);
    /* a trainee who answered in a classmate's session: the same sheet either way */
    cp_export_sel one = { .kind = CP_SEL_TRAINEE, .key = "8002", .scenarios_dir = "scenarios",
                          .generated = "2026-11-24T09:30:00Z" };
    full = cp_export_build(e->db, e->scorer, &one, &err);
    lazy = cp_export_build_lazy(e->db, e->scorer, &one, &err);
    assert_non_null(full);
    assert_non_null(lazy);
    cp_bytes x1 = { 0 }, y1 = { 0 };
    assert_int_equal(cp_export_json(full, &x1, &err), 0);
    assert_int_equal(cp_export_json(lazy, &y1, &err), 0);
    assert_int_equal(x1.len, y1.len);
    assert_memory_equal(x1.data, y1.data, x1.len);
    assert_non_null(strstr((const char *)y1.data, "\"answered_elsewhere\""));
    cp_bytes_free(&x1);
    cp_bytes_free(&y1);
    cJSON_Delete(full);
    cp_export_release(lazy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(summary_matches_the_records, setup, teardown),
        cmocka_unit_test_setup_teardown(retried_attempts_count_once_and_hints_cost, setup, teardown),
        cmocka_unit_test_setup_teardown(overrides_are_marked_and_auto_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(exam_selection_uses_the_run, setup, teardown),
        cmocka_unit_test_setup_teardown(cohort_statistics, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_selections_are_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(locked_database_refuses, setup, teardown),
        cmocka_unit_test_setup_teardown(validation_names_the_path, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(xapi_statements, setup, teardown),
        cmocka_unit_test_setup_teardown(classroom_group_credits_who_answered, setup, teardown),
        cmocka_unit_test_setup_teardown(classroom_trainee_and_session_selections, setup, teardown),
        cmocka_unit_test_setup_teardown(practice_keyboard_does_not_move_credit, setup, teardown),
        cmocka_unit_test_setup_teardown(validation_checks_answered_elsewhere, setup, teardown),
        cmocka_unit_test_setup_teardown(cohort_no_record_is_not_below_pass, setup, teardown),
        cmocka_unit_test_setup_teardown(exam_pass_rule_on_outcome_and_runs_apart, setup, teardown),
        cmocka_unit_test_setup_teardown(lazy_document_renders_the_same, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
