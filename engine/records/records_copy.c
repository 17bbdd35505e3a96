/* records_copy.c - copying one records database into another, whatever backends (a machine's
 * SQLite file into the centre's PostgreSQL server): trainees, exams, exam tickets, runs and resumes,
 * sessions, replies, results, overrides, model changes and the assessor passphrase, with their
 * times as recorded. Run again, it adds only what is new: each row is matched by its natural key
 * (a trainee by 工号, a reply by session, turn and attempt, a session by trainee, scenario,
 * mode, start and first reply, ...). Ends by checking every source row has its own row in the
 * target. One transaction on the target (all or nothing), one snapshot of the source.
 * Must not: write to the source; change a recorded reply, result or override in the target. */
#include "records_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct idmap {
    int64_t *src, *dst;
    size_t n, cap;
} idmap;

static void map_add(idmap *m, int64_t src, int64_t dst)
{
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 64;
        m->src = cp_xrealloc(m->src, m->cap * sizeof *m->src);
        m->dst = cp_xrealloc(m->dst, m->cap * sizeof *m->dst);
    }
    m->src[m->n] = src;
    m->dst[m->n++] = dst;
}

/* src ids are added in ascending order (every read is ORDER BY id): binary search. 0 = none. */
static int64_t map_get(const idmap *m, int64_t src)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->src[mid] < src)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->n && m->src[lo] == src ? m->dst[lo] : 0;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Distinct targets: no two source rows became one. */
static size_t map_distinct(const idmap *m)
{
    int64_t *v = cp_xmalloc((m->n + 1) * sizeof *v);
    if (m->n)   /* an empty map has no array (a table with no rows: memcpy wants one) */
        memcpy(v, m->dst, m->n * sizeof *v);
    qsort(v, m->n, sizeof *v, cmp_id);
    size_t d = 0;
    for (size_t i = 0; i < m->n; i++)
        if (i == 0 || v[i] != v[i - 1])
            d++;
    free(v);
    return d;
}

static void map_free(idmap *m)
{
    free(m->src);
    free(m->dst);
}

/* Binds column c of src as parameter p of dst: i(nteger), d(ouble) or t(ext); NULL stays NULL. */
static void xfer(rec_stmt *src, int c, rec_stmt *dst, int p, char type)
{
    if (rec_col_null(src, c))
        rec_bind_null(dst, p);
    else if (type == 'i')
        rec_bind_int64(dst, p, rec_col_int64(src, c));
    else if (type == 'd')
        rec_bind_double(dst, p, rec_col_double(src, c));
    else
        rec_bind_text(dst, p, rec_col_str(src, c));
}

/* Binds an id mapped through m (NULL when the source's is NULL or 0). */
static void xfer_id(rec_stmt *src, int c, rec_stmt *dst, int p, const idmap *m)
{
    int64_t v = rec_col_null(src, c) ? 0 : map_get(m, rec_col_int64(src, c));
    if (v)
        rec_bind_int64(dst, p, v);
    else
        rec_bind_null(dst, p);
}

typedef struct ctx {
    cp_records *from, *to;
    cp_records_copy_stats *st;
    cp_error *err;
    idmap trainees, exams, tickets, runs, sessions, turns;
} ctx;

static cp_copy_count *count_of(ctx *x, const char *table)
{
    cp_records_copy_stats *st = x->st;
    for (size_t i = 0; i < st->n; i++)
        if (strcmp(st->t[i].table, table) == 0)
            return &st->t[i];
    cp_copy_count *c = &st->t[st->n++];
    memset(c, 0, sizeof *c);
    c->table = table;
    return c;
}

/* Looks a row up in the target (find, its parameters bound by the caller): its id, 0 when
 * none, -1 on error. */
static int64_t found_id(ctx *x, rec_stmt *find, const char *what)
{
    int rc = rec_step(find);
    int64_t id = rc == REC_ROW ? rec_col_int64(find, 0) : 0;
    if (rc != REC_ROW && rc != REC_DONE) {
        rec_fail(x->to, rc, what, x->err);
        return -1;
    }
    return id;
}

/* Inserts (ins: ... RETURNING id, bound by the caller): the new id, or -1. */
static int64_t inserted_id(ctx *x, rec_stmt *ins, const char *what)
{
    int64_t id = 0;
    int rc = rec_step_id(ins, &id);
    if (rc != REC_DONE || id <= 0) {
        rec_fail(x->to, rc == REC_DONE ? REC_ERROR : rc, what, x->err);
        return -1;
    }
    return id;
}

/* One table: for every row of `select` in the source, `bind_key` binds the target lookup
 * `find`; when it finds nothing, `bind_row` binds `insert` (... RETURNING id). The source ids
 * and target ids go to map (when not NULL). */
typedef void (*binder)(ctx *x, rec_stmt *src, rec_stmt *dst);

static int copy_table(ctx *x, const char *table, const char *select, const char *find,
                      binder bind_key, const char *insert, binder bind_row, idmap *map)
{
    cp_copy_count *cnt = count_of(x, table);
    char what[96];
    snprintf(what, sizeof what, "copying %s", table);
    rec_stmt *s = rec_prepare(x->from, select, x->err);
    rec_stmt *f = s ? rec_prepare(x->to, find, x->err) : NULL;
    rec_stmt *ins = f ? rec_prepare(x->to, insert, x->err) : NULL;
    int rc = REC_DONE, ret = -1;
    if (!ins)
        goto done;
    while ((rc = rec_step(s)) == REC_ROW) {
        cnt->source++;
        rec_reset(f);
        bind_key(x, s, f);
        int64_t id = found_id(x, f, what);
        if (id < 0)
            goto done;
        if (id == 0) {
            rec_reset(ins);
            bind_row(x, s, ins);
            if ((id = inserted_id(x, ins, what)) < 0)
                goto done;
            cnt->added++;
        } else {
            cnt->matched++;
        }
        if (map)
            map_add(map, rec_col_int64(s, 0), id);
    }
    if (rc != REC_DONE) {
        rec_fail(x->from, rc, what, x->err);
        goto done;
    }
    ret = 0;
done:
    rec_finalize(s);
    rec_finalize(f);
    rec_finalize(ins);
    return ret;
}

/* ---- The tables ---- */

static void trainee_key(ctx *x, rec_stmt *s, rec_stmt *f) { xfer(s, 2, f, 1, 't'); }
static void trainee_row(ctx *x, rec_stmt *s, rec_stmt *d)
{
    xfer(s, 1, d, 1, 't');
    xfer(s, 2, d, 2, 't');
    xfer(s, 3, d, 3, 't');
    xfer(s, 4, d, 4, 't');
}

static void exam_key(ctx *x, rec_stmt *s, rec_stmt *f)
{
    xfer(s, 1, f, 1, 't');
    xfer(s, 2, f, 2, 't');
}
static void exam_row(ctx *x, rec_stmt *s, rec_stmt *d)
{
    static const char T[] = "ttttidi";
    for (int i = 0; i < 7; i++)
        xfer(s, i + 1, d, i + 1, T[i]);
}

static void weight_key(ctx *x, rec_stmt *s, rec_stmt *f)
{
    xfer_id(s, 1, f, 1, &x->exams);
    xfer(s, 2, f, 2, 't');
}
static void weight_row(ctx *x, rec_stmt *s, rec_stmt *d)
{
    xfer_id(s, 1, d, 1, &x->exams);
    xfer(s, 2, d, 2, 't');
    xfer(s, 3, d, 3, 'd');
}

/* exam runs are added open (ended NULL): resumes can only be added to an open run; the end
 * is copied last (finish_runs) */
static void run_key(ctx *x, rec_stmt *s, rec_stmt *f)
{
    xfer_id(s, 1, f, 1, &x->exams);
    xfer_id(s, 2, f, 2, &x->trainees);
    xfer(s, 3, f, 3, 't');
    xfer(s, 4, f, 4, 't');
}
static void run_row(ctx *x, rec_stmt *s, rec_stmt *d)
{
    run_key(x, s, d);
    xfer(s, 5, d, 5, 'i');
    xfer_id(s, 6, d, 6, &x->tickets);
}

/* exam tickets: the exam, the trainee, who assigned it and when */
static void ticket_key(ctx *x, rec_stmt *s, rec_stmt *f)
{
    xfer_id(s, 1, f, 1, &x->exams);
    xfer_id(s, 2, f, 2, &x->trainees);
    xfer(s, 5, f, 3, 't');
    xfer(s, 6, f, 4, 't');
}
static void ticket_row(ctx *x, rec_stmt *s, rec_stmt *d)
{
    xfer_id(s, 1, d, 1, &x->exams);
    xfer_id(s, 2, d, 2, &x->trainees);
    xfer(s, 3, d, 3, 'i');
    xfer(s, 4, d, 4, 't');
    xfer(s, 5, d, 5, 't');
    xfer(s, 6, d, 6, 't');
}

static void session_key(ctx *x, rec_stmt *s, rec_stmt *f)
{
    xfer_id(s, 1, f, 1, &x->trainees);
    xfer(s, 2, f, 2, 't');
    xfer(s, 4, f, 3, 't');
    xfer(s, 6, f, 4, 't');
    xfer(s, 12, f, 5, 't');
}
static void session_row(ctx *x, rec_stmt *s, rec_stmt *d)
{
    xfer_id(s, 1, d, 1, &x->trainees);
    xfer(s, 2, d, 2, 't');
    xfer(s, 3, d, 3, 't');
    xfer(s, 4, d, 4, 't');
    xfer_id(s, 5, d, 5, &x->runs);
    xfer(s, 6, d, 6, 't');
    xfer(s, 11, d, 7, 't');
}

static void turn_key(ctx *x, rec_stmt *s, rec_stmt *f)
{
    xfer_id(s, 1, f, 1, &x->sessions);
    xfer(s, 2, f, 2, 'i');
    xfer(s, 3, f, 3, 'i');
}
static void turn_row(ctx *x, rec_stmt *s, rec_stmt *d)
{
    static const char T[] = "__iitttiiddiittt_iiitt";
    xfer_id(s, 1, d, 1, &x->sessions);
    for (int i = 2; i <= 21; i++) {
        if (i == 16)
            xfer_id(s, i, d, i, &x->trainees);
        else
            xfer(s, i, d, i, T[i]);
    }
}

static void result_key(ctx *x, rec_stmt *s, rec_stmt *f)
{
    xfer_id(s, 1, f, 1, &x->turns);
    xfer(s, 2, f, 2, 't');
}
static void result_row(ctx *x, rec_stmt *s, rec_stmt *d)
{
    static const char T[] = "__tiidd";
    xfer_id(s, 1, d, 1, &x->turns);
    for (int i = 2; i <= 6; i++)
        xfer(s, i, d, i, T[i]);
}

static void override_key(ctx *x, rec_stmt *s, rec_stmt *f)
{
    static const char T[] = "__titttt";
    xfer_id(s, 1, f, 1, &x->turns);
    for (int i = 2; i <= 6; i++)
        xfer(s, i, f, i, T[i]);
}

static void resume_key(ctx *x, rec_stmt *s, rec_stmt *f)
{
    xfer_id(s, 1, f, 1, &x->runs);
    xfer(s, 3, f, 2, 't');
    xfer(s, 4, f, 3, 'i');
}
static void resume_row(ctx *x, rec_stmt *s, rec_stmt *d)
{
    xfer_id(s, 1, d, 1, &x->runs);
    xfer(s, 2, d, 2, 't');
    xfer(s, 3, d, 3, 't');
    xfer(s, 4, d, 4, 'i');
    xfer_id(s, 5, d, 5, &x->sessions);
    xfer(s, 6, d, 6, 'i');
    xfer(s, 7, d, 7, 't');
    xfer(s, 8, d, 8, 't');
}

static void change_key(ctx *x, rec_stmt *s, rec_stmt *f)
{
    for (int i = 1; i <= 4; i++)
        xfer(s, i, f, i, 't');
}
static void change_row(ctx *x, rec_stmt *s, rec_stmt *d)
{
    for (int i = 1; i <= 5; i++)
        xfer(s, i, d, i, 't');
    xfer(s, 6, d, 6, 'i');
}

/* Brings each copied session's state (where it stands, its end) to the source's when the source
 * is as far or further (a session practised on after an earlier copy). */
static int update_sessions(ctx *x)
{
    rec_stmt *s = rec_prepare(x->from, "SELECT id, turns_done, state_json, ended, outcome, rating"
                                       " FROM sessions ORDER BY id", x->err);
    rec_stmt *u = s ? rec_prepare(x->to, "UPDATE sessions SET turns_done = ?, state_json = ?,"
                                         " ended = ?, outcome = ?, rating = ?"
                                         " WHERE id = ? AND turns_done <= ?", x->err) : NULL;
    int rc = REC_DONE, ret = -1;
    if (!u)
        goto done;
    while ((rc = rec_step(s)) == REC_ROW) {
        rec_reset(u);
        xfer(s, 1, u, 1, 'i');
        xfer(s, 2, u, 2, 't');
        xfer(s, 3, u, 3, 't');
        xfer(s, 4, u, 4, 't');
        xfer(s, 5, u, 5, 'i');
        xfer_id(s, 0, u, 6, &x->sessions);
        xfer(s, 1, u, 7, 'i');
        int r = rec_step(u);
        if (r != REC_DONE) {
            rec_fail(x->to, r, "copying sessions", x->err);
            goto done;
        }
    }
    if (rc != REC_DONE) {
        rec_fail(x->from, rc, "copying sessions", x->err);
        goto done;
    }
    ret = 0;
done:
    rec_finalize(s);
    rec_finalize(u);
    return ret;
}

/* The ends of finished exam runs, on target runs still open. */
static int finish_runs(ctx *x)
{
    rec_stmt *s = rec_prepare(x->from, "SELECT id, ended, complete, auto_percent, passed"
                                       " FROM exam_runs WHERE ended IS NOT NULL ORDER BY id", x->err);
    rec_stmt *u = s ? rec_prepare(x->to, "UPDATE exam_runs SET ended = ?, complete = ?,"
                                         " auto_percent = ?, passed = ?"
                                         " WHERE id = ? AND ended IS NULL", x->err) : NULL;
    int rc = REC_DONE, ret = -1;
    if (!u)
        goto done;
    while ((rc = rec_step(s)) == REC_ROW) {
        rec_reset(u);
        xfer(s, 1, u, 1, 't');
        xfer(s, 2, u, 2, 'i');
        xfer(s, 3, u, 3, 'd');
        xfer(s, 4, u, 4, 'i');
        xfer_id(s, 0, u, 5, &x->runs);
        int r = rec_step(u);
        if (r != REC_DONE) {
            rec_fail(x->to, r, "copying exam runs", x->err);
            goto done;
        }
    }
    if (rc != REC_DONE) {
        rec_fail(x->from, rc, "copying exam runs", x->err);
        goto done;
    }
    ret = 0;
done:
    rec_finalize(s);
    rec_finalize(u);
    return ret;
}

static int copy_all(ctx *x)
{
    if (copy_table(x, "trainees", "SELECT id, name, staff_no, grp, created FROM trainees ORDER BY id",
                   "SELECT id FROM trainees WHERE staff_no = ?", trainee_key,
                   "INSERT INTO trainees(name, staff_no, grp, created) VALUES(?,?,?,?) RETURNING id",
                   trainee_row, &x->trainees) != 0)
        return -1;
    if (copy_table(x, "exams", "SELECT id, key, hash, title, scenarios, time_limit, pass_mark,"
                               " feedback FROM exams ORDER BY id",
                   "SELECT id FROM exams WHERE key = ? AND hash = ?", exam_key,
                   "INSERT INTO exams(key, hash, title, scenarios, time_limit, pass_mark, feedback)"
                   " VALUES(?,?,?,?,?,?,?) RETURNING id", exam_row, &x->exams) != 0)
        return -1;
    /* weights have no id: the exam's id stands in for the map (none kept) */
    if (copy_table(x, "exam_weights", "SELECT exam_id, exam_id, criterion, weight FROM exam_weights"
                                      " ORDER BY exam_id, criterion",
                   "SELECT 1 FROM exam_weights WHERE exam_id = ? AND criterion = ?", weight_key,
                   "INSERT INTO exam_weights(exam_id, criterion, weight) VALUES(?,?,?)"
                   " RETURNING 1", weight_row, NULL) != 0)
        return -1;
    if (copy_table(x, "exam_tickets", "SELECT id, exam_id, trainee_id, min_rating, grp, by, at"
                                      " FROM exam_tickets ORDER BY id",
                   "SELECT id FROM exam_tickets WHERE exam_id = ? AND trainee_id = ? AND by = ?"
                   " AND at = ?", ticket_key,
                   "INSERT INTO exam_tickets(exam_id, trainee_id, min_rating, grp, by, at)"
                   " VALUES(?,?,?,?,?,?) RETURNING id", ticket_row, &x->tickets) != 0)
        return -1;
    if (copy_table(x, "exam_runs", "SELECT id, exam_id, trainee_id, by, started, min_rating,"
                                   " ticket_id FROM exam_runs ORDER BY id",
                   "SELECT id FROM exam_runs WHERE exam_id = ? AND trainee_id = ? AND by = ?"
                   " AND started = ?", run_key,
                   "INSERT INTO exam_runs(exam_id, trainee_id, by, started, min_rating, ticket_id)"
                   " VALUES(?,?,?,?,?,?) RETURNING id", run_row, &x->runs) != 0)
        return -1;
    if (copy_table(x, "sessions",
                   "SELECT s.id, s.trainee_id, s.scenario, s.scenario_hash, s.mode, s.exam_run_id,"
                   " s.started, s.ended, s.outcome, s.rating, s.turns_done, s.state_json,"
                   " coalesce((SELECT min(t.at) FROM turns t WHERE t.session_id = s.id), '')"
                   " FROM sessions s ORDER BY s.id",
                   "SELECT s.id FROM sessions s WHERE s.trainee_id = ? AND s.scenario = ?"
                   " AND s.mode = ? AND s.started = ? AND coalesce((SELECT min(t.at) FROM turns t"
                   " WHERE t.session_id = s.id), ?5) = ?5 ORDER BY s.id LIMIT 1", session_key,
                   "INSERT INTO sessions(trainee_id, scenario, scenario_hash, mode, exam_run_id,"
                   " started, state_json) VALUES(?,?,?,?,?,?,?) RETURNING id",
                   session_row, &x->sessions) != 0)
        return -1;
    if (copy_table(x, "turns",
                   "SELECT id, session_id, seq, attempt, node, citizen, reply, choice, hints, score,"
                   " max, anger, trust, next, criteria_json, state_json, keyboard_id, elapsed_ms,"
                   " limit_ms, timed_out, model, at FROM turns ORDER BY id",
                   "SELECT id FROM turns WHERE session_id = ? AND seq = ? AND attempt = ?", turn_key,
                   "INSERT INTO turns(session_id, seq, attempt, node, citizen, reply, choice, hints,"
                   " score, max, anger, trust, next, criteria_json, state_json, keyboard_id,"
                   " elapsed_ms, limit_ms, timed_out, model, at)"
                   " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                   turn_row, &x->turns) != 0)
        return -1;
    if (copy_table(x, "turn_results",
                   "SELECT turn_id, turn_id, criterion, focus, met, score, max FROM turn_results"
                   " ORDER BY turn_id, rowid",
                   "SELECT 1 FROM turn_results WHERE turn_id = ? AND criterion = ?", result_key,
                   "INSERT INTO turn_results(turn_id, criterion, focus, met, score, max)"
                   " VALUES(?,?,?,?,?,?) RETURNING 1", result_row, NULL) != 0)
        return -1;
    if (copy_table(x, "overrides", "SELECT id, turn_id, criterion, met, by, why, at FROM overrides"
                                   " ORDER BY id",
                   "SELECT id FROM overrides WHERE turn_id = ? AND criterion = ? AND met = ?"
                   " AND by = ? AND why = ? AND at = ?", override_key,
                   "INSERT INTO overrides(turn_id, criterion, met, by, why, at) VALUES(?,?,?,?,?,?)"
                   " RETURNING id", override_key, NULL) != 0)
        return -1;
    if (copy_table(x, "exam_resumes", "SELECT id, run_id, by, at, part, session_id, seq, node,"
                                      " stopped FROM exam_resumes ORDER BY id",
                   "SELECT id FROM exam_resumes WHERE run_id = ? AND at = ? AND part = ?",
                   resume_key,
                   "INSERT INTO exam_resumes(run_id, by, at, part, session_id, seq, node, stopped)"
                   " VALUES(?,?,?,?,?,?,?,?) RETURNING id", resume_row, NULL) != 0)
        return -1;
    if (copy_table(x, "model_changes", "SELECT id, at, action, old, new, by, corrections"
                                       " FROM model_changes ORDER BY id",
                   "SELECT id FROM model_changes WHERE at = ? AND action = ? AND old = ?"
                   " AND new = ?", change_key,
                   "INSERT INTO model_changes(at, action, old, new, by, corrections)"
                   " VALUES(?,?,?,?,?,?) RETURNING id", change_row, NULL) != 0)
        return -1;
    if (update_sessions(x) != 0 || finish_runs(x) != 0)
        return -1;
    /* the passphrase, when the target has none yet */
    rec_stmt *s = rec_prepare(x->from, "SELECT value FROM settings WHERE key = 'assessor_passphrase'",
                              x->err);
    if (!s)
        return -1;
    int rc = rec_step(s);
    if (rc == REC_ROW) {
        rec_stmt *d = rec_prepare(x->to, "INSERT INTO settings(key, value) VALUES("
                                         "'assessor_passphrase', ?) ON CONFLICT(key) DO NOTHING",
                                  x->err);
        if (!d) {
            rec_finalize(s);
            return -1;
        }
        xfer(s, 0, d, 1, 't');
        rc = rec_step(d);
        rec_finalize(d);
        if (rc != REC_DONE) {
            rec_finalize(s);
            return rec_fail(x->to, rc, "copying the passphrase", x->err);
        }
    }
    rec_finalize(s);
    return 0;
}

/* Every source row has a target row of its own. */
static int verify(ctx *x)
{
    const struct { const char *table; const idmap *m; } M[] = {
        { "trainees", &x->trainees }, { "exams", &x->exams }, { "exam_tickets", &x->tickets },
        { "exam_runs", &x->runs },
        { "sessions", &x->sessions }, { "turns", &x->turns },
    };
    for (size_t i = 0; i < sizeof M / sizeof *M; i++) {
        cp_copy_count *c = count_of(x, M[i].table);
        size_t d = map_distinct(M[i].m);
        if ((int64_t)M[i].m->n != c->source || (int64_t)d != c->source)
            return cp_error_set(x->err, x->to->path, 0,
                                "copy check failed: %s: %lld in the source, %zu copied, %zu distinct"
                                " in the target; nothing was committed",
                                M[i].table, (long long)c->source, M[i].m->n, d);
    }
    for (size_t i = 0; i < x->st->n; i++) {
        cp_copy_count *c = &x->st->t[i];
        if (c->added + c->matched != c->source)
            return cp_error_set(x->err, x->to->path, 0,
                                "copy check failed: %s: %lld in the source, %lld added and %lld "
                                "already there; nothing was committed",
                                c->table, (long long)c->source, (long long)c->added,
                                (long long)c->matched);
    }
    return 0;
}

int cp_records_copy(cp_records *from, cp_records *to, cp_records_copy_stats *st, cp_error *err)
{
    cp_error_clear(err);
    memset(st, 0, sizeof *st);
    if (from->c == to->c || strcmp(from->path, to->path) == 0)
        return cp_error_set(err, to->path, 0, "copying the records onto themselves");
    ctx x = { .from = from, .to = to, .st = st, .err = err };
    if (cp_records_snapshot(from, true, err) != 0)
        return -1;
    int rc = rec_begin(to, err);
    if (rc == 0)
        rc = copy_all(&x);
    if (rc == 0)
        rc = verify(&x);
    if (rc == 0)
        rc = rec_commit(to, err);
    else
        rec_rollback(to);
    cp_records_snapshot(from, false, NULL);
    map_free(&x.trainees);
    map_free(&x.exams);
    map_free(&x.tickets);
    map_free(&x.runs);
    map_free(&x.sessions);
    map_free(&x.turns);
    return rc;
}
