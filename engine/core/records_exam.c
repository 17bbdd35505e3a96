/* records_exam.c - exam runs in the records: the exam as it was when a run began (scenarios,
 * limits, weights, pass mark), the run, its automatic weighted score stored once at the end,
 * and the result with overrides applied.
 * Must not: change a finished run (the schema's trigger refuses it too). */
#include "records_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp_exam.h"

/* Id of the exams row for ex (inserted when new). -1 with err on failure. */
static int64_t exam_row(cp_records *db, const cp_exam *ex, cp_error *err)
{
    char hash[32];
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)ex->hash);
    sqlite3_stmt *st = rec_prepare(db, "SELECT id FROM exams WHERE key = ? AND hash = ?", err);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, ex->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (id)
        return id;
    char *list = cp_xstrdup("");
    for (size_t i = 0; i < ex->scenarios.n; i++) {
        char *next = cp_xasprintf("%s%s%s", list, i ? "," : "", ex->scenarios.v[i]);
        free(list);
        list = next;
    }
    st = rec_prepare(db, "INSERT INTO exams(key, hash, title, scenarios, time_limit, pass_mark,"
                         " feedback) VALUES(?,?,?,?,?,?,?)", err);
    if (!st) {
        free(list);
        return -1;
    }
    sqlite3_bind_text(st, 1, ex->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, ex->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, list, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, ex->time_limit);
    sqlite3_bind_double(st, 6, ex->pass_mark);
    sqlite3_bind_int(st, 7, ex->feedback);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    free(list);
    if (rc != SQLITE_DONE)
        return rec_fail(db, rc, "recording the exam", err);
    id = sqlite3_last_insert_rowid(db->db);
    st = rec_prepare(db, "INSERT INTO exam_weights(exam_id, criterion, weight) VALUES(?,?,?)", err);
    if (!st)
        return -1;
    for (size_t i = 0; i < ex->nweights; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, ex->weights[i].criterion, -1, SQLITE_STATIC);
        sqlite3_bind_double(st, 3, ex->weights[i].weight);
        if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
            sqlite3_finalize(st);
            return rec_fail(db, rc, "recording the exam weights", err);
        }
    }
    sqlite3_finalize(st);
    return id;
}

int cp_records_exam_begin(cp_records *db, const cp_exam *ex, int64_t trainee, const char *by,
                          int64_t *run_id, cp_error *err)
{
    cp_error_clear(err);
    if (rec_need_assessor(db, "starting an exam", err) != 0)
        return -1;
    cp_trainee t;
    if (cp_records_trainee_get(db, trainee, &t, err) != 0)
        return -1;
    if (rec_begin(db, err) != 0)
        return -1;
    int64_t exam = exam_row(db, ex, err);
    if (exam < 0)
        goto fail;
    sqlite3_stmt *st = rec_prepare(db, "INSERT INTO exam_runs(exam_id, trainee_id, by) VALUES(?,?,?)", err);
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, exam);
    sqlite3_bind_int64(st, 2, trainee);
    sqlite3_bind_text(st, 3, by ? by : "", -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        rec_fail(db, rc, "starting the exam run", err);
        goto fail;
    }
    if (run_id)
        *run_id = sqlite3_last_insert_rowid(db->db);
    return rec_commit(db, err);
fail:
    rec_rollback(db);
    return -1;
}

/* Weighted percent of a run's counted focus results: auto (overrides ignored) and with the
 * latest overrides applied; *noverrides counts override records. */
static int run_percent(cp_records *db, int64_t run, double *auto_pct, double *pct, int *noverrides,
                       cp_error *err)
{
    sqlite3_stmt *st = rec_prepare(db,
        "SELECT t.id, r.criterion, r.met, r.score, r.max,"
        " coalesce((SELECT w.weight FROM exam_weights w JOIN exam_runs x ON x.exam_id = w.exam_id"
        "   WHERE x.id = ?1 AND w.criterion = r.criterion), 1.0)"
        " FROM sessions s JOIN turns t ON t.session_id = s.id"
        " JOIN turn_results r ON r.turn_id = t.id"
        " WHERE s.exam_run_id = ?1 AND r.focus = 1"
        " AND t.attempt = (SELECT max(u.attempt) FROM turns u WHERE u.session_id = t.session_id"
        "   AND u.seq = t.seq)", err);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, run);
    double got_auto = 0, got = 0, max = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t turn = sqlite3_column_int64(st, 0);
        const char *crit = (const char *)sqlite3_column_text(st, 1);
        double score = sqlite3_column_double(st, 3), cmax = sqlite3_column_double(st, 4);
        double w = sqlite3_column_double(st, 5);
        int ov = rec_override_of(db, turn, crit, NULL, 0, NULL, 0, NULL, 0);
        got_auto += w * score;
        got += w * (ov < 0 ? score : (ov ? cmax : 0));
        max += w * cmax;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return rec_fail(db, rc, "scoring the exam", err);
    *auto_pct = max > 0 ? 100.0 * got_auto / max : 0;
    *pct = max > 0 ? 100.0 * got / max : 0;
    if (noverrides) {
        st = rec_prepare(db, "SELECT count(*) FROM overrides o JOIN turns t ON o.turn_id = t.id"
                             " JOIN sessions s ON s.id = t.session_id WHERE s.exam_run_id = ?", err);
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, run);
        *noverrides = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
        sqlite3_finalize(st);
    }
    return 0;
}

int cp_records_exam_finish(cp_records *db, int64_t run_id, bool complete, cp_error *err)
{
    cp_error_clear(err);
    if (rec_begin(db, err) != 0)
        return -1;
    double auto_pct, pct;
    sqlite3_stmt *st = NULL;
    if (run_percent(db, run_id, &auto_pct, &pct, NULL, err) != 0)
        goto fail;
    st = rec_prepare(db,
        "UPDATE exam_runs SET ended = strftime('%Y-%m-%dT%H:%M:%SZ','now'), complete = ?,"
        " auto_percent = ?, passed = (? AND ? >= (SELECT pass_mark FROM exams WHERE id = exam_id))"
        " WHERE id = ?", err);
    if (!st)
        goto fail;
    sqlite3_bind_int(st, 1, complete);
    sqlite3_bind_double(st, 2, auto_pct);
    sqlite3_bind_int(st, 3, complete);
    sqlite3_bind_double(st, 4, auto_pct);
    sqlite3_bind_int64(st, 5, run_id);
    int rc = sqlite3_step(st);
    int changed = sqlite3_changes(db->db);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        rec_fail(db, rc, "finishing the exam run", err);
        goto fail;
    }
    if (changed != 1) {
        cp_error_set(err, db->path, 0, "no exam run %lld", (long long)run_id);
        goto fail;
    }
    return rec_commit(db, err);
fail:
    rec_rollback(db);
    return -1;
}

int cp_records_exam_result(cp_records *db, int64_t run_id, cp_exam_result *out, cp_error *err)
{
    cp_error_clear(err);
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = rec_prepare(db,
        "SELECT x.id, x.trainee_id, e.key, e.title, x.started, coalesce(x.ended, ''), x.by,"
        " e.pass_mark, coalesce(x.auto_percent, 0), coalesce(x.complete, 0), x.ended IS NOT NULL"
        " FROM exam_runs x JOIN exams e ON e.id = x.exam_id WHERE x.id = ?", err);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, run_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        out->trainee = sqlite3_column_int64(st, 1);
        rec_col_text(st, 2, out->exam, sizeof out->exam);
        rec_col_text(st, 3, out->title, sizeof out->title);
        rec_col_text(st, 4, out->started, sizeof out->started);
        rec_col_text(st, 5, out->ended, sizeof out->ended);
        rec_col_text(st, 6, out->by, sizeof out->by);
        out->pass_mark = sqlite3_column_double(st, 7);
        out->auto_percent = sqlite3_column_double(st, 8);
        out->complete = sqlite3_column_int(st, 9) != 0;
        out->finished = sqlite3_column_int(st, 10) != 0;
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return cp_error_set(err, db->path, 0, "no exam run %lld", (long long)run_id);
    if (rc != SQLITE_ROW)
        return rec_fail(db, rc, "reading the exam run", err);
    if (rec_may_view(db, out->trainee, err) != 0)
        return -1;
    double auto_now;
    if (run_percent(db, run_id, &auto_now, &out->percent, &out->overrides, err) != 0)
        return -1;
    if (!out->finished)
        out->auto_percent = auto_now;
    out->passed = out->finished && out->complete && out->percent >= out->pass_mark;
    return 0;
}
