/* records_exam.c - exam runs in the records: the exam as it was when a run began (scenarios,
 * limits, weights, pass mark), the run, its automatic weighted score stored once at the end,
 * the result with overrides applied, the list of runs, and resuming a run whose process
 * stopped (where it stopped, the exam rebuilt from the records, the resume as an audit fact).
 * Must not: change a finished run or resume one (the schema's triggers refuse it too). */
#include "records_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp_records_exam.h"

/* (records_int.h) */
int64_t rec_exam_row(cp_records *db, const cp_exam *ex, cp_error *err)
{
    char hash[32];
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)ex->hash);
    rec_stmt *st = rec_prepare(db, "SELECT id FROM exams WHERE key = ? AND hash = ?", err);
    if (!st)
        return -1;
    rec_bind_text(st, 1, ex->id);
    rec_bind_text(st, 2, hash);
    int64_t id = rec_step(st) == REC_ROW ? rec_col_int64(st, 0) : 0;
    rec_finalize(st);
    if (id)
        return id;
    char *list = cp_xstrdup("");
    for (size_t i = 0; i < ex->scenarios.n; i++) {
        char *next = cp_xasprintf("%s%s%s", list, i ? "," : "", ex->scenarios.v[i]);
        free(list);
        list = next;
    }
    st = rec_prepare(db, "INSERT INTO exams(key, hash, title, scenarios, time_limit, pass_mark,"
                         " feedback) VALUES(?,?,?,?,?,?,?) RETURNING id", err);
    if (!st) {
        free(list);
        return -1;
    }
    rec_bind_text(st, 1, ex->id);
    rec_bind_text(st, 2, hash);
    rec_bind_text(st, 3, ex->title);
    rec_bind_text(st, 4, list);
    rec_bind_int(st, 5, ex->time_limit);
    rec_bind_double(st, 6, ex->pass_mark);
    rec_bind_int(st, 7, ex->feedback);
    int rc = rec_step_id(st, &id);
    rec_finalize(st);
    free(list);
    if (rc != REC_DONE)
        return rec_fail(db, rc, "recording the exam", err);
    st = rec_prepare(db, "INSERT INTO exam_weights(exam_id, criterion, weight) VALUES(?,?,?)", err);
    if (!st)
        return -1;
    for (size_t i = 0; i < ex->nweights; i++) {
        rec_reset(st);
        rec_bind_int64(st, 1, id);
        rec_bind_text(st, 2, ex->weights[i].criterion);
        rec_bind_double(st, 3, ex->weights[i].weight);
        if ((rc = rec_step(st)) != REC_DONE) {
            rec_finalize(st);
            return rec_fail(db, rc, "recording the exam weights", err);
        }
    }
    rec_finalize(st);
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
    int64_t exam = rec_exam_row(db, ex, err);
    if (exam < 0)
        goto fail;
    rec_stmt *st = rec_prepare(db, "INSERT INTO exam_runs(exam_id, trainee_id, by, min_rating)"
                                       " VALUES(?,?,?,?) RETURNING id", err);
    if (!st)
        goto fail;
    rec_bind_int64(st, 1, exam);
    rec_bind_int64(st, 2, trainee);
    rec_bind_text(st, 3, by ? by : "");
    rec_bind_int(st, 4, ex->min_rating >= 1 && ex->min_rating <= 5 ? ex->min_rating : CP_EXAM_MIN_RATING);
    int64_t rid = 0;
    int rc = rec_step_id(st, &rid);
    rec_finalize(st);
    if (rc != REC_DONE) {
        rec_fail(db, rc, "starting the exam run", err);
        goto fail;
    }
    if (run_id)
        *run_id = rid;
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
    rec_stmt *st = rec_prepare(db,
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
    rec_bind_int64(st, 1, run);
    double got_auto = 0, got = 0, max = 0;
    int rc;
    while ((rc = rec_step(st)) == REC_ROW) {
        int64_t turn = rec_col_int64(st, 0);
        const char *crit = rec_col_str(st, 1);
        double score = rec_col_double(st, 3), cmax = rec_col_double(st, 4);
        double w = rec_col_double(st, 5);
        int ov = rec_override_of(db, turn, crit, NULL, 0, NULL, 0, NULL, 0);
        got_auto += w * score;
        got += w * (ov < 0 ? score : (ov ? cmax : 0));
        max += w * cmax;
    }
    rec_finalize(st);
    if (rc != REC_DONE)
        return rec_fail(db, rc, "scoring the exam", err);
    *auto_pct = max > 0 ? 100.0 * got_auto / max : 0;
    *pct = max > 0 ? 100.0 * got / max : 0;
    if (noverrides) {
        st = rec_prepare(db, "SELECT count(*) FROM overrides o JOIN turns t ON o.turn_id = t.id"
                             " JOIN sessions s ON s.id = t.session_id WHERE s.exam_run_id = ?", err);
        if (!st)
            return -1;
        rec_bind_int64(st, 1, run);
        *noverrides = rec_step(st) == REC_ROW ? rec_col_int(st, 0) : 0;
        rec_finalize(st);
    }
    return 0;
}

int cp_records_exam_finish(cp_records *db, int64_t run_id, bool complete, cp_error *err)
{
    cp_error_clear(err);
    if (rec_begin(db, err) != 0)
        return -1;
    double auto_pct, pct;
    rec_stmt *st = NULL;
    if (run_percent(db, run_id, &auto_pct, &pct, NULL, err) != 0)
        goto fail;
    st = rec_prepare(db,
        "UPDATE exam_runs SET ended = strftime('%Y-%m-%dT%H:%M:%SZ','now'), complete = ?,"
        " auto_percent = ?, passed = CASE WHEN ? <> 0 AND ? >= (SELECT pass_mark FROM exams WHERE id = exam_id)"
        "  AND (min_rating = 0 OR coalesce((SELECT min(rating) FROM sessions"
        "   WHERE exam_run_id = exam_runs.id AND ended IS NOT NULL), 0) >= min_rating)"
        "  THEN 1 ELSE 0 END"
        " WHERE id = ?", err);
    if (!st)
        goto fail;
    rec_bind_int(st, 1, complete);
    rec_bind_double(st, 2, auto_pct);
    rec_bind_int(st, 3, complete);
    rec_bind_double(st, 4, auto_pct);
    rec_bind_int64(st, 5, run_id);
    int rc = rec_step(st);
    int64_t changed = rec_changes(st);
    rec_finalize(st);
    if (rc != REC_DONE) {
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
    rec_stmt *st = rec_prepare(db,
        "SELECT x.id, x.trainee_id, e.key, e.title, x.started, coalesce(x.ended, ''), x.by,"
        " e.pass_mark, coalesce(x.auto_percent, 0), coalesce(x.complete, 0), x.ended IS NOT NULL,"
        " x.min_rating, coalesce((SELECT min(rating) FROM sessions WHERE exam_run_id = x.id"
        "  AND ended IS NOT NULL AND rating BETWEEN 1 AND 5), 0), x.ticket_id IS NOT NULL"
        " FROM exam_runs x JOIN exams e ON e.id = x.exam_id WHERE x.id = ?", err);
    if (!st)
        return -1;
    rec_bind_int64(st, 1, run_id);
    int rc = rec_step(st);
    bool ticketed = false;
    if (rc == REC_ROW) {
        ticketed = rec_col_int(st, 13) != 0;
        out->id = rec_col_int64(st, 0);
        out->trainee = rec_col_int64(st, 1);
        rec_col_text(st, 2, out->exam, sizeof out->exam);
        rec_col_text(st, 3, out->title, sizeof out->title);
        rec_col_text(st, 4, out->started, sizeof out->started);
        rec_col_text(st, 5, out->ended, sizeof out->ended);
        rec_col_text(st, 6, out->by, sizeof out->by);
        out->pass_mark = rec_col_double(st, 7);
        out->auto_percent = rec_col_double(st, 8);
        out->complete = rec_col_int(st, 9) != 0;
        out->finished = rec_col_int(st, 10) != 0;
        out->min_rating = rec_col_int(st, 11);
        out->worst_rating = rec_col_int(st, 12);
    }
    rec_finalize(st);
    if (rc == REC_DONE)
        return cp_error_set(err, db->path, 0, "no exam run %lld", (long long)run_id);
    if (rc != REC_ROW)
        return rec_fail(db, rc, "reading the exam run", err);
    if (rec_may_view(db, out->trainee, err) != 0)
        return -1;
    double auto_now;
    if (run_percent(db, run_id, &auto_now, &out->percent, &out->overrides, err) != 0)
        return -1;
    /* a run an assigned seat closed: its stored score is the seat's word; the replies' own
     * results (immutable) are the record */
    if (!out->finished || ticketed)
        out->auto_percent = auto_now;
    out->outcome_ok = out->min_rating == 0 || out->worst_rating >= out->min_rating;
    out->passed = out->finished && out->complete && out->percent >= out->pass_mark &&
                  out->outcome_ok;
    st = rec_prepare(db, "SELECT count(*) FROM exam_resumes WHERE run_id = ?", err);
    if (!st)
        return -1;
    rec_bind_int64(st, 1, run_id);
    rc = rec_step(st);
    out->resumes = rc == REC_ROW ? rec_col_int(st, 0) : 0;
    rec_finalize(st);
    if (rc != REC_ROW)
        return rec_fail(db, rc, "counting the exam run's resumes", err);
    return 0;
}

cp_exam_result *cp_records_exam_runs(cp_records *db, int64_t trainee, const char *exam,
                                     size_t *n, cp_error *err)
{
    cp_error_clear(err);
    *n = 0;
    if (trainee ? rec_may_view(db, trainee, err) != 0
                : !cp_records_unlocked(db) &&
                      cp_error_set(err, db->path, 0,
                                   "listing every trainee's exam runs needs the assessor passphrase"))
        return NULL;
    rec_stmt *st = rec_prepare(db,
        "SELECT x.id FROM exam_runs x JOIN exams e ON e.id = x.exam_id"
        " WHERE (?1 = 0 OR x.trainee_id = ?1) AND (CAST(?2 AS TEXT) IS NULL OR e.key = ?2) ORDER BY x.id", err);
    if (!st)
        return NULL;
    rec_bind_int64(st, 1, trainee);
    if (exam)
        rec_bind_text(st, 2, exam);
    else
        rec_bind_null(st, 2);
    size_t cap = 8, cnt = 0;
    int64_t *ids = cp_xmalloc(cap * sizeof *ids);
    int rc;
    while ((rc = rec_step(st)) == REC_ROW) {
        if (cnt == cap)
            ids = cp_xrealloc(ids, (cap *= 2) * sizeof *ids);
        ids[cnt++] = rec_col_int64(st, 0);
    }
    rec_finalize(st);
    if (rc != REC_DONE) {
        free(ids);
        rec_fail(db, rc, "listing exam runs", err);
        return NULL;
    }
    cp_exam_result *v = cp_xcalloc(cnt ? cnt : 1, sizeof *v);
    for (size_t i = 0; i < cnt; i++)
        if (cp_records_exam_result(db, ids[i], &v[i], err) != 0) {
            free(ids);
            free(v);
            return NULL;
        }
    free(ids);
    *n = cnt;
    return v;
}

/* ---- Resuming a run whose process stopped ---- */

void cp_exam_stop_free(cp_exam_stop *stop)
{
    if (!stop)
        return;
    free(stop->parts);
    stop->parts = NULL;
    stop->nparts = 0;
}

/* Splits the exams row's comma list into parts. */
static void split_parts(const char *list, cp_exam_stop *out)
{
    size_t cap = 4;
    out->parts = cp_xcalloc(cap, sizeof *out->parts);
    for (const char *p = list; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (out->nparts == cap) {
            out->parts = cp_xrealloc(out->parts, (cap *= 2) * sizeof *out->parts);
            memset(out->parts + out->nparts, 0, (cap - out->nparts) * sizeof *out->parts);
        }
        snprintf(out->parts[out->nparts++].scenario, sizeof out->parts->scenario, "%.*s",
                 (int)len, p);
        p = comma ? comma + 1 : p + len;
    }
}

/* Reads where run stands (no viewing check); the caller frees out with cp_exam_stop_free. */
static int read_stop(cp_records *db, int64_t run, cp_exam_stop *out, cp_error *err)
{
    memset(out, 0, sizeof *out);
    out->run = run;
    rec_stmt *st = rec_prepare(db,
        "SELECT x.trainee_id, e.key, e.scenarios, x.ended IS NOT NULL,"
        " (SELECT count(*) FROM exam_resumes r WHERE r.run_id = x.id)"
        " FROM exam_runs x JOIN exams e ON e.id = x.exam_id WHERE x.id = ?", err);
    if (!st)
        return -1;
    rec_bind_int64(st, 1, run);
    int rc = rec_step(st);
    if (rc == REC_ROW) {
        out->trainee = rec_col_int64(st, 0);
        rec_col_text(st, 1, out->exam, sizeof out->exam);
        split_parts(rec_col_str(st, 2), out);
        out->finished = rec_col_int(st, 3) != 0;
        out->resumes = rec_col_int(st, 4);
    }
    rec_finalize(st);
    if (rc == REC_DONE)
        return cp_error_set(err, db->path, 0, "no exam run %lld", (long long)run);
    if (rc != REC_ROW)
        return rec_fail(db, rc, "reading the exam run", err);
    st = rec_prepare(db, "SELECT id, scenario, turns_done, ended IS NOT NULL FROM sessions"
                         " WHERE exam_run_id = ? ORDER BY id", err);
    if (!st)
        goto fail;
    rec_bind_int64(st, 1, run);
    size_t k = 0;
    while ((rc = rec_step(st)) == REC_ROW) {
        int64_t sid = rec_col_int64(st, 0);
        const char *scen = rec_col_str(st, 1);
        if (k >= out->nparts) {
            cp_error_set(err, db->path, 0, "exam run %lld has more sessions than its exam has parts"
                         " (session %lld)", (long long)run, (long long)sid);
            break;
        }
        if (strcmp(scen ? scen : "", out->parts[k].scenario) != 0) {
            cp_error_set(err, db->path, 0, "session %lld of exam run %lld is of scenario '%s', but"
                         " part %zu of the exam is '%s'", (long long)sid, (long long)run,
                         scen ? scen : "", k + 1, out->parts[k].scenario);
            break;
        }
        if (k > 0 && !out->parts[k - 1].done) {
            cp_error_set(err, db->path, 0, "exam run %lld: session %lld began before part %zu"
                         " ended", (long long)run, (long long)sid, k);
            break;
        }
        out->parts[k].session = sid;
        out->parts[k].replies = rec_col_int(st, 2);
        out->parts[k].done = rec_col_int(st, 3) != 0;
        k++;
    }
    rec_finalize(st);
    if (rc == REC_ROW)
        goto fail;
    if (rc != REC_DONE) {
        rec_fail(db, rc, "reading the exam run's sessions", err);
        goto fail;
    }
    while (out->current < out->nparts && out->parts[out->current].done)
        out->current++;
    return 0;
fail:
    cp_exam_stop_free(out);
    return -1;
}

int cp_records_exam_stop(cp_records *db, int64_t run_id, cp_exam_stop *out, cp_error *err)
{
    cp_error_clear(err);
    if (read_stop(db, run_id, out, err) != 0)
        return -1;
    if (rec_may_view(db, out->trainee, err) != 0) {
        cp_exam_stop_free(out);
        return -1;
    }
    return 0;
}

cp_exam *cp_records_exam_of_run(cp_records *db, int64_t run_id, cp_error *err)
{
    cp_error_clear(err);
    rec_stmt *st = rec_prepare(db,
        "SELECT e.id, e.key, e.hash, e.title, e.scenarios, e.time_limit, e.pass_mark, e.feedback,"
        " x.min_rating FROM exams e JOIN exam_runs x ON x.exam_id = e.id WHERE x.id = ?", err);
    if (!st)
        return NULL;
    rec_bind_int64(st, 1, run_id);
    int rc = rec_step(st);
    if (rc != REC_ROW) {
        rec_finalize(st);
        if (rc == REC_DONE)
            cp_error_set(err, db->path, 0, "no exam run %lld", (long long)run_id);
        else
            rec_fail(db, rc, "reading the exam of a run", err);
        return NULL;
    }
    cp_exam *ex = cp_xcalloc(1, sizeof *ex);
    int64_t exam_id = rec_col_int64(st, 0);
    ex->path = cp_xasprintf("%s (exam run %lld)", db->path, (long long)run_id);
    ex->id = cp_xstrdup(rec_col_str(st, 1));
    const char *hash = rec_col_str(st, 2);
    ex->hash = hash ? strtoull(hash, NULL, 16) : 0;
    ex->title = cp_xstrdup(rec_col_str(st, 3));
    cp_exam_stop parts = { 0 };
    split_parts(rec_col_str(st, 4), &parts);
    for (size_t i = 0; i < parts.nparts; i++)
        cp_strlist_push(&ex->scenarios, parts.parts[i].scenario);
    cp_exam_stop_free(&parts);
    ex->time_limit = rec_col_int(st, 5);
    ex->pass_mark = rec_col_double(st, 6);
    ex->feedback = rec_col_int(st, 7) != 0;
    ex->min_rating = rec_col_int(st, 8);
    rec_finalize(st);
    st = rec_prepare(db, "SELECT criterion, weight FROM exam_weights WHERE exam_id = ?"
                         " ORDER BY criterion", err);
    if (!st) {
        cp_exam_free(ex);
        return NULL;
    }
    rec_bind_int64(st, 1, exam_id);
    while ((rc = rec_step(st)) == REC_ROW) {
        ex->weights = cp_xrealloc(ex->weights, (ex->nweights + 1) * sizeof *ex->weights);
        ex->weights[ex->nweights].criterion = cp_xstrdup(rec_col_str(st, 0));
        ex->weights[ex->nweights++].weight = rec_col_double(st, 1);
    }
    rec_finalize(st);
    if (rc != REC_DONE) {
        rec_fail(db, rc, "reading the exam weights", err);
        cp_exam_free(ex);
        return NULL;
    }
    return ex;
}

int cp_records_exam_resume(cp_records *db, int64_t run_id, const char *by, const cp_scenario *sc,
                           const cp_scorer *scorer, cp_session **session, cp_exam_stop *stop,
                           cp_error *err)
{
    cp_error_clear(err);
    *session = NULL;
    if (stop)
        memset(stop, 0, sizeof *stop);
    if (rec_need_assessor(db, "resuming an exam", err) != 0)
        return -1;
    if (rec_begin(db, err) != 0)
        return -1;
    cp_exam_stop at;
    cp_session *s = NULL;
    rec_stmt *st = NULL;
    if (read_stop(db, run_id, &at, err) != 0) {
        rec_rollback(db);
        return -1;
    }
    if (at.finished) {
        cp_error_set(err, db->path, 0, "exam run %lld has finished; its result is final and it"
                     " cannot be resumed", (long long)run_id);
        goto fail;
    }
    const cp_exam_part *p = at.current < at.nparts ? &at.parts[at.current] : NULL;
    int seq = 0;
    const char *node = "";
    if (p && p->session) {
        if (!sc) {
            cp_error_set(err, db->path, 0, "exam run %lld stopped in scenario '%s' (session %lld);"
                         " its scenario is needed to continue", (long long)run_id, p->scenario,
                         (long long)p->session);
            goto fail;
        }
        s = cp_records_resume(db, p->session, sc, scorer, err);
        if (!s)
            goto fail;
        seq = p->replies + 1;
        node = cp_session_node(s)->id;
    }
    /* stopped: the last thing on disk before the stop (a reply, a part, the run, a resume);
     * times with and without milliseconds compare by their seconds, the precise one first */
    st = rec_prepare(db,
        "INSERT INTO exam_resumes(run_id, by, part, session_id, seq, node, stopped)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, coalesce((SELECT v FROM ("
        "   SELECT t.at AS v FROM turns t JOIN sessions s ON s.id = t.session_id"
        "     WHERE s.exam_run_id = ?1"
        "   UNION ALL SELECT started FROM sessions WHERE exam_run_id = ?1"
        "   UNION ALL SELECT started FROM exam_runs WHERE id = ?1"
        "   UNION ALL SELECT at FROM exam_resumes WHERE run_id = ?1) AS times"
        "   ORDER BY substr(v, 1, 19) DESC, length(v) DESC LIMIT 1), ''))", err);
    if (!st)
        goto fail;
    rec_bind_int64(st, 1, run_id);
    rec_bind_text(st, 2, by ? by : "");
    rec_bind_int64(st, 3, (int64_t)at.current);
    if (p && p->session)
        rec_bind_int64(st, 4, p->session);
    else
        rec_bind_null(st, 4);
    rec_bind_int(st, 5, seq);
    rec_bind_text(st, 6, node);
    int rc = rec_step(st);
    rec_finalize(st);
    if (rc != REC_DONE) {
        rec_fail(db, rc, "recording the resume", err);
        goto fail;
    }
    if (rec_commit(db, err) != 0) {
        cp_session_free(s);
        cp_exam_stop_free(&at);
        return -1;
    }
    at.resumes++;
    if (stop)
        *stop = at;
    else
        cp_exam_stop_free(&at);
    *session = s;
    return 0;
fail:
    cp_session_free(s);
    cp_exam_stop_free(&at);
    rec_rollback(db);
    return -1;
}

/* ---- Lookups for score sheets ---- */

cp_exam_run_ref *cp_records_exam_run_refs(cp_records *db, const char *exam, size_t *n,
                                          cp_error *err)
{
    *n = 0;
    rec_stmt *st = rec_prepare(db,
        "SELECT x.id, x.started FROM exam_runs x JOIN exams e ON e.id = x.exam_id WHERE e.key = ?"
        " ORDER BY x.id", err);
    if (!st)
        return NULL;
    rec_bind_text(st, 1, exam);
    size_t cap = 16;
    cp_exam_run_ref *runs = cp_xmalloc(cap * sizeof *runs);
    int rc;
    while ((rc = rec_step(st)) == REC_ROW) {
        if (*n == cap)
            runs = cp_xrealloc(runs, (cap *= 2) * sizeof *runs);
        runs[*n].id = rec_col_int64(st, 0);
        rec_col_text(st, 1, runs[*n].started, sizeof runs[*n].started);
        (*n)++;
    }
    rec_finalize(st);
    if (rc != REC_DONE) {
        rec_fail(db, rc, "listing exam runs", err);
        free(runs);
        *n = 0;
        return NULL;
    }
    return runs;
}

int64_t *cp_records_exam_run_sessions(cp_records *db, int64_t run_id, size_t *n, cp_error *err)
{
    *n = 0;
    rec_stmt *st = rec_prepare(db, "SELECT id FROM sessions WHERE exam_run_id = ? ORDER BY id",
                                   err);
    if (!st)
        return NULL;
    rec_bind_int64(st, 1, run_id);
    size_t cap = 8;
    int64_t *ids = cp_xmalloc(cap * sizeof *ids);
    int rc;
    while ((rc = rec_step(st)) == REC_ROW) {
        if (*n == cap)
            ids = cp_xrealloc(ids, (cap *= 2) * sizeof *ids);
        ids[(*n)++] = rec_col_int64(st, 0);
    }
    rec_finalize(st);
    if (rc != REC_DONE) {
        rec_fail(db, rc, "reading an exam run's sessions", err);
        free(ids);
        *n = 0;
        return NULL;
    }
    return ids;
}
