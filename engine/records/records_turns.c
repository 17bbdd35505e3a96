/* records_turns.c - sessions and replies in the records: starting a session, committing each
 * reply the moment it is given (one transaction, synchronous=FULL), resume and retry from the
 * stored session JSON, the history views with overrides applied, and adding overrides.
 * Must not: update or delete a recorded reply or result (the schema's triggers refuse it too);
 * re-grade stored replies (results are records). */
#include "records_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

/* Mirrors the session's focus rule (cp_session_focus): the criteria that count at a node. */
static bool node_focus(const cp_node *nd, const char *id)
{
    if (cp_strlist_has(&nd->criteria, id))
        return true;
    if (nd->notice && strcmp(id, "clarity.one_time_notice") == 0)
        return true;
    for (size_t i = 0; i < nd->nchecks; i++)
        if (strcmp(nd->checks[i].id, id) == 0)
            return true;
    return false;
}

/* rec_pack of an owned text, which it frees. */
static char *rec_pack_free(char *json)
{
    char *z = rec_pack(json);
    free(json);
    return z;
}

static void hash_hex(uint64_t h, char out[32]) { snprintf(out, 32, "%016llx", (unsigned long long)h); }

/* ---- Starting ---- */

/* The start key of this start: the one of the unacknowledged start it repeats (the same session
 * object, trainee, mode, run and scenario), else a new random one (63 bits; unique per trainee by
 * index, so a collision could only refuse a start, never join two trainees' sessions). */
static int64_t start_key(cp_records *db, const cp_session *s, int64_t trainee, cp_mode mode,
                         int64_t exam_run, const char *scenario)
{
    if (db->start_for == s && db->start_trainee == trainee && db->start_mode == (int)mode &&
        db->start_run == exam_run && strcmp(db->start_scenario, scenario) == 0)
        return db->start_key;
    uint64_t k = 0;
    while ((k & INT64_MAX) == 0)
        randombytes_buf(&k, sizeof k);
    db->start_for = s;
    db->start_key = (int64_t)(k & INT64_MAX);
    db->start_trainee = trainee;
    db->start_mode = (int)mode;
    db->start_run = exam_run;
    snprintf(db->start_scenario, sizeof db->start_scenario, "%s", scenario);
    return db->start_key;
}

int cp_records_session_start(cp_records *db, int64_t trainee, const cp_session *s, cp_mode mode,
                             int64_t exam_run, int64_t *session_id, cp_error *err)
{
    cp_error_clear(err);
    if (cp_session_nturns(s) != 0)
        return cp_error_set(err, db->path, 0, "a recorded session must start before its first reply");
    if ((mode == CP_MODE_EXAM) != (exam_run != 0))
        return cp_error_set(err, db->path, 0, "exam sessions (and only they) belong to an exam run");
    if (rec_begin(db, err) != 0)
        return -1;
    if (exam_run) {
        rec_stmt *q = rec_prepare(db, "SELECT trainee_id, ended FROM exam_runs WHERE id = ?", err);
        if (!q)
            goto fail;
        rec_bind_int64(q, 1, exam_run);
        int rc = rec_step(q);
        int64_t who = rc == REC_ROW ? rec_col_int64(q, 0) : 0;
        bool ended = rc == REC_ROW && !rec_col_null(q, 1);
        rec_finalize(q);
        if (rc != REC_ROW) {
            cp_error_set(err, db->path, 0, "no exam run %lld", (long long)exam_run);
            goto fail;
        }
        if (who != trainee || ended) {
            cp_error_set(err, db->path, 0, "exam run %lld is %s", (long long)exam_run,
                         ended ? "finished" : "another trainee's");
            goto fail;
        }
    }
    const cp_scenario *sc = cp_session_scenario(s);
    int64_t key = start_key(db, s, trainee, mode, exam_run, sc->id);
    /* a retry of a start whose commit reached the database but whose answer was lost */
    rec_stmt *st = rec_prepare(db, "SELECT id FROM sessions WHERE trainee_id = ? AND start_key = ?",
                               err);
    if (!st)
        goto fail;
    rec_bind_int64(st, 1, trainee);
    rec_bind_int64(st, 2, key);
    int found = rec_step(st);
    int64_t had = found == REC_ROW ? rec_col_int64(st, 0) : 0;
    rec_finalize(st);
    if (found != REC_ROW && found != REC_DONE) {
        rec_fail(db, found, "starting a session", err);
        goto fail;
    }
    if (found == REC_ROW) {
        rec_rollback(db);
        db->start_for = NULL;
        if (session_id)
            *session_id = had;
        return 0;
    }
    char hash[32];
    hash_hex(sc->hash, hash);
    char *json = rec_pack_free(cp_session_json(s, false));
    st = rec_prepare(db,
        "INSERT INTO sessions(trainee_id, scenario, scenario_hash, mode, exam_run_id, state_json,"
        " start_key) VALUES(?,?,?,?,?,?,?) RETURNING id", err);
    if (!st) {
        free(json);
        goto fail;
    }
    rec_bind_int64(st, 1, trainee);
    rec_bind_text(st, 2, sc->id);
    rec_bind_text(st, 3, hash);
    rec_bind_text(st, 4, cp_mode_name(mode));
    if (exam_run)
        rec_bind_int64(st, 5, exam_run);
    else
        rec_bind_null(st, 5);
    rec_bind_text(st, 6, json);
    rec_bind_int64(st, 7, key);
    int64_t id = 0;
    int rc = rec_step_id(st, &id);
    rec_finalize(st);
    free(json);
    if (rc == REC_CONSTRAINT_FOREIGNKEY) {
        cp_error_set(err, db->path, 0, "no trainee with id %lld", (long long)trainee);
        goto fail;
    }
    if (rc != REC_DONE) {
        rec_fail(db, rc, "starting a session", err);
        goto fail;
    }
    if (rec_commit(db, err) != 0)
        return -1;
    db->start_for = NULL;
    if (session_id)
        *session_id = id;
    return 0;
fail:
    rec_rollback(db);
    return -1;
}

/* ---- Recording a reply ---- */

typedef struct sess_row {
    int64_t trainee, exam_run;
    char mode[16], scenario[128], hash[32];
    int turns_done;
    bool ended;
} sess_row;

static int read_session(cp_records *db, int64_t id, sess_row *r, char **state, cp_error *err)
{
    rec_stmt *st = rec_prepare(db,
        "SELECT trainee_id, coalesce(exam_run_id, 0), mode, scenario, scenario_hash, turns_done,"
        " ended IS NOT NULL, state_json FROM sessions WHERE id = ?", err);
    if (!st)
        return -1;
    rec_bind_int64(st, 1, id);
    int rc = rec_step(st);
    if (rc == REC_ROW) {
        r->trainee = rec_col_int64(st, 0);
        r->exam_run = rec_col_int64(st, 1);
        rec_col_text(st, 2, r->mode, sizeof r->mode);
        rec_col_text(st, 3, r->scenario, sizeof r->scenario);
        rec_col_text(st, 4, r->hash, sizeof r->hash);
        r->turns_done = rec_col_int(st, 5);
        r->ended = rec_col_int(st, 6) != 0;
        if (state)
            *state = rec_unpack(rec_col_str(st, 7));
    }
    rec_finalize(st);
    if (rc == REC_ROW)
        return 0;
    if (rc == REC_DONE)
        return cp_error_set(err, db->path, 0, "no session %lld", (long long)id);
    return rec_fail(db, rc, "reading a session", err);
}

static int insert_results(cp_records *db, int64_t turn_id, const cp_node *nd, const cp_turn *t,
                          cp_error *err)
{
    rec_stmt *st = rec_prepare(db,
        "INSERT INTO turn_results(turn_id, criterion, focus, met, score, max) VALUES(?,?,?,?,?,?)",
        err);
    if (!st)
        return -1;
    for (size_t i = 0; i < t->result.n; i++) {
        const cp_crit_result *c = &t->result.crit[i];
        rec_reset(st);
        rec_bind_int64(st, 1, turn_id);
        rec_bind_text(st, 2, c->id);
        rec_bind_int(st, 3, nd ? node_focus(nd, c->id) : 1);
        rec_bind_int(st, 4, c->met);
        rec_bind_double(st, 5, c->score);
        rec_bind_double(st, 6, c->max);
        int rc = rec_step(st);
        if (rc != REC_DONE) {
            rec_finalize(st);
            return rec_fail(db, rc, "recording a result", err);
        }
    }
    rec_finalize(st);
    return 0;
}

/* The turn key (session, seq, attempt) makes a retried commit idempotent: true when the latest
 * attempt of reply seq of the session is this very reply (a commit that reached the disk but
 * whose answer was lost with the connection). */
static bool already_recorded(cp_records *db, int64_t session_id, size_t seq, const cp_turn *t)
{
    rec_stmt *st = rec_prepare(db, "SELECT node, reply, choice FROM turns WHERE session_id = ?"
                                   " AND seq = ? ORDER BY attempt DESC LIMIT 1", NULL);
    if (!st)
        return false;
    rec_bind_int64(st, 1, session_id);
    rec_bind_int64(st, 2, (int64_t)seq);
    bool same = rec_step(st) == REC_ROW && strcmp(rec_col_str(st, 0), t->node) == 0 &&
                strcmp(rec_col_str(st, 1), t->reply) == 0 && rec_col_int(st, 2) == t->choice;
    rec_finalize(st);
    return same;
}

int cp_records_turn(cp_records *db, int64_t session_id, const cp_session *s,
                    const cp_turn_meta *meta, cp_error *err)
{
    cp_error_clear(err);
    cp_turn_meta none = { 0 };
    if (!meta)
        meta = &none;
    size_t n = cp_session_nturns(s);
    if (n == 0)
        return cp_error_set(err, db->path, 0, "no reply to record");
    const cp_turn *t = cp_session_turn(s, n - 1);
    const cp_scenario *sc = cp_session_scenario(s);
    if (rec_begin(db, err) != 0)
        return -1;
    sess_row r;
    char *criteria = NULL, *snap = NULL;
    rec_stmt *st = NULL;
    if (read_session(db, session_id, &r, NULL, err) != 0)
        goto fail;
    if (strcmp(r.scenario, sc->id) != 0) {
        cp_error_set(err, db->path, 0, "session %lld is of scenario '%s', not '%s'",
                     (long long)session_id, r.scenario, sc->id);
        goto fail;
    }
    if ((size_t)r.turns_done == n && already_recorded(db, session_id, n, t)) {
        rec_rollback(db);   /* on disk already: nothing to write */
        return 0;
    }
    if (r.ended) {
        cp_error_set(err, db->path, 0, "session %lld has ended", (long long)session_id);
        goto fail;
    }
    if ((size_t)r.turns_done != n - 1) {
        cp_error_set(err, db->path, 0,
                     "session %lld is out of step: %d replies recorded, this is reply %zu",
                     (long long)session_id, r.turns_done, n);
        goto fail;
    }
    bool exam = strcmp(r.mode, "exam") == 0;
    if (exam && meta->hints > 0) {
        cp_error_set(err, db->path, 0, "no hints in exams");
        goto fail;
    }
    if (meta->hints < 0 || meta->elapsed_ms < 0 || meta->limit_ms < 0) {
        cp_error_set(err, db->path, 0, "negative hints or times");
        goto fail;
    }
    int attempt = 1;
    st = rec_prepare(db, "SELECT count(*) FROM turns WHERE session_id = ? AND seq = ?", err);
    if (!st)
        goto fail;
    rec_bind_int64(st, 1, session_id);
    rec_bind_int64(st, 2, (int64_t)n);
    if (rec_step(st) == REC_ROW)
        attempt += rec_col_int(st, 0);
    rec_finalize(st);
    if (exam && attempt > 1) {
        cp_error_set(err, db->path, 0, "exam replies cannot be retried");
        goto fail;
    }
    /* stored compact (pack.c): the scorer's output and the snapshot are most of a reply's bytes */
    criteria = rec_pack_free(cp_result_json(&t->result, t->reply, strlen(t->reply)));
    snap = rec_pack_free(cp_session_snapshot_json(s));
    st = rec_prepare(db,
        "INSERT INTO turns(session_id, seq, attempt, node, citizen, reply, choice, hints, score,"
        " max, anger, trust, next, criteria_json, state_json, keyboard_id, elapsed_ms, limit_ms,"
        " timed_out, model) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id", err);
    if (!st)
        goto fail;
    rec_bind_int64(st, 1, session_id);
    rec_bind_int64(st, 2, (int64_t)n);
    rec_bind_int(st, 3, attempt);
    rec_bind_text(st, 4, t->node);
    rec_bind_text(st, 5, t->citizen);
    rec_bind_text(st, 6, t->reply);
    rec_bind_int(st, 7, t->choice);
    rec_bind_int(st, 8, meta->hints);
    rec_bind_double(st, 9, t->score);
    rec_bind_double(st, 10, t->max);
    rec_bind_int(st, 11, t->anger);
    rec_bind_int(st, 12, t->trust);
    rec_bind_text(st, 13, t->next);
    rec_bind_text(st, 14, criteria);
    rec_bind_text(st, 15, snap);
    rec_bind_int64(st, 16, meta->keyboard ? meta->keyboard : r.trainee);
    rec_bind_int64(st, 17, meta->elapsed_ms);
    rec_bind_int64(st, 18, meta->limit_ms);
    rec_bind_int(st, 19, meta->timed_out);
    rec_bind_text(st, 20, t->result.model);
    int64_t turn_id = 0;
    int rc = rec_step_id(st, &turn_id);
    rec_finalize(st);
    st = NULL;
    if (rc == REC_CONSTRAINT_FOREIGNKEY) {
        cp_error_set(err, db->path, 0, "no trainee %lld at the keyboard", (long long)meta->keyboard);
        goto fail;
    }
    if (rc != REC_DONE) {
        rec_fail(db, rc, "recording a reply", err);
        goto fail;
    }
    int ni = cp_scenario_find(sc, t->node);
    if (insert_results(db, turn_id, ni >= 0 ? &sc->nodes[ni] : NULL, t, err) != 0)
        goto fail;
    const cp_node *cur = cp_session_node(s);
    st = rec_prepare(db,
        "UPDATE sessions SET turns_done = ?1, state_json = ?2, outcome = ?4, rating = ?5,"
        " ended = CASE WHEN ?3 <> 0 THEN strftime('%Y-%m-%dT%H:%M:%SZ','now') END WHERE id = ?6", err);
    if (!st)
        goto fail;
    rec_bind_int64(st, 1, (int64_t)n);
    /* the session keeps only where it stands (the snapshot): its transcript is the turns' rows,
     * stored once - rewriting the whole conversation on every reply grew with its length */
    rec_bind_text(st, 2, snap);
    rec_bind_int(st, 3, cur->is_ending);
    if (cur->is_ending) {
        rec_bind_text(st, 4, cur->outcome ? cur->outcome : "");
        rec_bind_int(st, 5, cur->rating);
    } else {
        rec_bind_null(st, 4);
        rec_bind_null(st, 5);
    }
    rec_bind_int64(st, 6, session_id);
    rc = rec_step(st);
    rec_finalize(st);
    st = NULL;
    if (rc != REC_DONE) {
        rec_fail(db, rc, "recording the session state", err);
        goto fail;
    }
    free(criteria);
    free(snap);
    return rec_commit(db, err);
fail:
    rec_finalize(st);
    free(criteria);
    free(snap);
    rec_rollback(db);
    return -1;
}

/* ---- Resume and retry ---- */

static int check_scenario(cp_records *db, int64_t id, const sess_row *r, const cp_scenario *sc,
                          cp_error *err)
{
    char hash[32];
    hash_hex(sc->hash, hash);
    if (strcmp(r->scenario, sc->id) != 0)
        return cp_error_set(err, db->path, 0, "session %lld is of scenario '%s', not '%s'",
                            (long long)id, r->scenario, sc->id);
    if (strcmp(r->hash, hash) != 0)
        return cp_error_set(err, sc->path, 0,
                            "changed since session %lld was recorded (hash %s, now %s); "
                            "the session cannot continue with a different scenario",
                            (long long)id, r->hash, hash);
    return 0;
}

/* The whole session text (cp_session_json) of session_id rebuilt from its turns' rows: the
 * counted attempt of each turn in order, under the header of `stored` (the session's snapshot).
 * NULL with err when a row does not read. Caller frees. */
static char *transcript(cp_records *db, int64_t session_id, const char *stored, cp_error *err)
{
    cJSON *root = cJSON_Parse(stored);
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        cp_error_set(err, db->path, 0, "session %lld: its stored state does not read",
                     (long long)session_id);
        return NULL;
    }
    cJSON_DeleteItemFromObjectCaseSensitive(root, "turns_done");
    cJSON *turns = cJSON_CreateArray();
    cJSON_ReplaceItemInObjectCaseSensitive(root, "turns", turns);
    rec_stmt *st = rec_prepare(db,
        "SELECT node, citizen, reply, choice, criteria_json, score, max, anger, trust, next"
        " FROM turns t WHERE session_id = ?1 AND attempt = (SELECT max(attempt) FROM turns u"
        " WHERE u.session_id = ?1 AND u.seq = t.seq) ORDER BY seq", err);
    if (!st) {
        cJSON_Delete(root);
        return NULL;
    }
    rec_bind_int64(st, 1, session_id);
    int rc;
    while ((rc = rec_step(st)) == REC_ROW) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(turns, o);
        cJSON_AddStringToObject(o, "node", rec_col_str(st, 0));
        cJSON_AddStringToObject(o, "citizen", rec_col_str(st, 1));
        cJSON_AddStringToObject(o, "reply", rec_col_str(st, 2));
        cJSON_AddNumberToObject(o, "choice", rec_col_int(st, 3));
        char *ctext = rec_unpack(rec_col_str(st, 4));
        cJSON *crit = ctext ? cJSON_Parse(ctext) : NULL;
        free(ctext);
        cJSON_AddItemToObject(o, "criteria", crit ? crit : cJSON_CreateArray());
        cJSON_AddNumberToObject(o, "score", rec_col_double(st, 5));
        cJSON_AddNumberToObject(o, "max", rec_col_double(st, 6));
        cJSON *sv = cJSON_AddObjectToObject(o, "state");
        cJSON_AddNumberToObject(sv, "anger", rec_col_int(st, 7));
        cJSON_AddNumberToObject(sv, "trust", rec_col_int(st, 8));
        cJSON_AddStringToObject(o, "next", rec_col_str(st, 9));
    }
    rec_finalize(st);
    if (rc != REC_DONE) {
        cJSON_Delete(root);
        rec_fail(db, rc, "reading a session's turns", err);
        return NULL;
    }
    char *text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return text;
}

/* The session as recorded: its snapshot over the transcript rebuilt from its turns, or (files
 * written before the transcript was stored once) the whole session text it kept. */
static cp_session *restore(cp_records *db, int64_t session_id, const char *stored,
                           const cp_scenario *sc, const cp_scorer *scorer, cp_error *err)
{
    char name[600];
    snprintf(name, sizeof name, "%s (session %lld)", db->path, (long long)session_id);
    if (!strstr(stored, "\"turns_done\""))
        return cp_session_from_json(stored, strlen(stored), name, sc, scorer, err);
    char *full = transcript(db, session_id, stored, err);
    if (!full)
        return NULL;
    cp_session *s = cp_session_from_snapshot(full, stored, name, sc, scorer, err);
    free(full);
    return s;
}

cp_session *cp_records_resume(cp_records *db, int64_t session_id, const cp_scenario *sc,
                              const cp_scorer *scorer, cp_error *err)
{
    cp_error_clear(err);
    sess_row r;
    char *state = NULL;
    if (read_session(db, session_id, &r, &state, err) != 0)
        return NULL;
    if (r.ended) {
        free(state);
        cp_error_set(err, db->path, 0, "session %lld has ended: a finished session cannot be "
                                       "resumed (start a new one)", (long long)session_id);
        return NULL;
    }
    cp_session *s = NULL;
    if (check_scenario(db, session_id, &r, sc, err) == 0)
        s = restore(db, session_id, state, sc, scorer, err);
    free(state);
    if (s && cp_session_nturns(s) != (size_t)r.turns_done) {
        cp_session_free(s);
        cp_error_set(err, db->path, 0, "session %lld: stored state does not match its turns",
                     (long long)session_id);
        return NULL;
    }
    return s;
}

int cp_records_session_trainee(cp_records *db, int64_t session_id, int64_t *trainee,
                               cp_error *err)
{
    cp_error_clear(err);
    sess_row r;
    if (read_session(db, session_id, &r, NULL, err) != 0)
        return -1;
    *trainee = r.trainee;
    return 0;
}

cp_session *cp_records_retry(cp_records *db, int64_t session_id, const cp_scenario *sc,
                             const cp_scorer *scorer, cp_error *err)
{
    cp_error_clear(err);
    if (rec_begin(db, err) != 0)
        return NULL;
    sess_row r;
    cp_session *s = NULL;
    char *state = NULL, *full = NULL;
    rec_stmt *st = NULL;
    if (read_session(db, session_id, &r, &full, err) != 0 ||
        check_scenario(db, session_id, &r, sc, err) != 0)
        goto fail;
    if (strstr(full, "\"turns_done\"")) {   /* a snapshot: the transcript is the turns' rows */
        char *t = transcript(db, session_id, full, err);
        if (!t)
            goto fail;
        free(full);
        full = t;
    }
    if (strcmp(r.mode, "exam") == 0) {
        cp_error_set(err, db->path, 0, "exam replies cannot be retried");
        goto fail;
    }
    if (r.turns_done < 1) {
        cp_error_set(err, db->path, 0, "session %lld has no reply to retry", (long long)session_id);
        goto fail;
    }
    if (r.turns_done == 1) {
        s = cp_session_new(sc, scorer, err);
        if (!s)
            goto fail;
        state = rec_pack_free(cp_session_snapshot_json(s));
    } else {
        st = rec_prepare(db,
            "SELECT state_json FROM turns WHERE session_id = ? AND seq = ? ORDER BY attempt DESC"
            " LIMIT 1", err);
        if (!st)
            goto fail;
        rec_bind_int64(st, 1, session_id);
        rec_bind_int(st, 2, r.turns_done - 1);
        if (rec_step(st) != REC_ROW) {
            cp_error_set(err, db->path, 0, "session %lld: reply %d is missing",
                         (long long)session_id, r.turns_done - 1);
            goto fail;
        }
        char *snap = rec_unpack(rec_col_str(st, 0));
        rec_finalize(st);
        st = NULL;
        s = cp_session_from_snapshot(full, snap, db->path, sc, scorer, err);
        free(snap);
        if (!s)
            goto fail;
        state = rec_pack_free(cp_session_snapshot_json(s));
    }
    st = rec_prepare(db, "UPDATE sessions SET turns_done = ?, state_json = ?, ended = NULL,"
                         " outcome = NULL, rating = NULL WHERE id = ?", err);
    if (!st)
        goto fail;
    rec_bind_int(st, 1, r.turns_done - 1);
    rec_bind_text(st, 2, state);
    rec_bind_int64(st, 3, session_id);
    int rc = rec_step(st);
    rec_finalize(st);
    st = NULL;
    if (rc != REC_DONE) {
        rec_fail(db, rc, "retrying a reply", err);
        goto fail;
    }
    free(state);
    free(full);
    if (rec_commit(db, err) != 0) {
        cp_session_free(s);
        return NULL;
    }
    return s;
fail:
    rec_finalize(st);
    free(state);
    free(full);
    cp_session_free(s);
    rec_rollback(db);
    return NULL;
}

/* ---- Views ---- */

int rec_override_of(cp_records *db, int64_t turn, const char *crit, char *by, size_t nby,
                    char *why, size_t nwhy, char *at, size_t nat)
{
    rec_stmt *st = rec_prepare(db,
        "SELECT met, by, why, at FROM overrides WHERE turn_id = ? AND criterion = ?"
        " ORDER BY id DESC LIMIT 1", NULL);
    if (!st)
        return -1;
    rec_bind_int64(st, 1, turn);
    rec_bind_text(st, 2, crit);
    int met = -1;
    if (rec_step(st) == REC_ROW) {
        met = rec_col_int(st, 0) != 0;
        if (by)
            rec_col_text(st, 1, by, nby);
        if (why)
            rec_col_text(st, 2, why, nwhy);
        if (at)
            rec_col_text(st, 3, at, nat);
    }
    rec_finalize(st);
    return met;
}

static char *col_dup(rec_stmt *st, int col)
{
    const char *t = rec_col_str(st, col);
    return cp_xstrdup(t ? t : "");
}

/* An override row of a turn's criterion; of several for the same criterion the last one read
 * (rows in id order) is the one that counts. */
typedef struct {
    int64_t turn;
    char crit[96], by[96], why[512], at[32];
    int met;
} rec_ovr;

/* Fills c from the results row st: criterion, focus, met, score, max in the columns first,
 * first+1, ... first+4; then applies the last of the overrides o[0..no) of that criterion of turn
 * and sets c->met from both. */
static void crit_from_row(rec_stmt *st, int first, cp_rec_crit *c, const rec_ovr *o, size_t no,
                          int64_t turn)
{
    memset(c, 0, sizeof *c);
    rec_col_text(st, first, c->id, sizeof c->id);
    c->focus = rec_col_int(st, first + 1) != 0;
    c->met_auto = rec_col_int(st, first + 2) != 0;
    c->score = rec_col_double(st, first + 3);
    c->max = rec_col_double(st, first + 4);
    c->met_override = -1;
    for (size_t k = 0; k < no; k++)
        if (o[k].turn == turn && !strcmp(o[k].crit, c->id)) {
            c->met_override = o[k].met;
            snprintf(c->by, sizeof c->by, "%s", o[k].by);
            snprintf(c->why, sizeof c->why, "%s", o[k].why);
            snprintf(c->at, sizeof c->at, "%s", o[k].at);
        }
    c->met = c->met_override >= 0 ? c->met_override == 1 : c->met_auto;
}

/* Reads the criteria of t and computes t->final: st is the prepared results query, ov the
 * overrides query (both reused for every turn of a read: preparing them per criterion made a
 * class's sheet take seconds). */
static int load_crit(cp_records *db, cp_rec_turn *t, rec_stmt *st, rec_stmt *ov,
                     cp_error *err)
{
    /* the latest override of each criterion of the turn (most turns have none) */
    rec_ovr *o = NULL;
    size_t no = 0;
    rec_reset(ov);
    rec_bind_int64(ov, 1, t->id);
    while (rec_step(ov) == REC_ROW) {
        char crit[96];
        rec_col_text(ov, 0, crit, sizeof crit);
        size_t k = 0;
        while (k < no && strcmp(o[k].crit, crit) != 0)
            k++;
        if (k == no) {
            o = cp_xrealloc(o, ++no * sizeof *o);
            o[k].turn = t->id;
            memcpy(o[k].crit, crit, sizeof crit);
        }
        o[k].met = rec_col_int(ov, 1) != 0;   /* rows in id order: the last one stays */
        rec_col_text(ov, 2, o[k].by, sizeof o[k].by);
        rec_col_text(ov, 3, o[k].why, sizeof o[k].why);
        rec_col_text(ov, 4, o[k].at, sizeof o[k].at);
    }
    rec_reset(st);
    rec_bind_int64(st, 1, t->id);
    size_t cap = 16;
    t->crit = cp_xcalloc(cap, sizeof *t->crit);
    double fin = 0;
    int rc;
    while ((rc = rec_step(st)) == REC_ROW) {
        if (t->ncrit == cap) {
            t->crit = cp_xrealloc(t->crit, (cap *= 2) * sizeof *t->crit);
            memset(t->crit + t->ncrit, 0, (cap - t->ncrit) * sizeof *t->crit);
        }
        cp_rec_crit *c = &t->crit[t->ncrit++];
        crit_from_row(st, 0, c, o, no, t->id);
        if (c->focus)
            fin += c->met_override < 0 ? c->score : (c->met ? c->max : 0);
    }
    free(o);
    if (rc != REC_DONE)
        return rec_fail(db, rc, "reading results", err);
    t->final = cp_hint_penalised(fin, t->max, t->hints);
    return 0;
}

#define TURN_COLS                                                                              \
    "SELECT t.id, t.seq, t.attempt, t.node, t.citizen, t.reply, t.next, t.choice, t.hints,"     \
    " t.anger, t.trust, t.score, t.max, coalesce(t.keyboard_id, 0), t.elapsed_ms, t.limit_ms,"  \
    " t.timed_out, t.at, t.attempt = (SELECT max(u.attempt) FROM turns u"                       \
    "   WHERE u.session_id = t.session_id AND u.seq = t.seq), t.session_id, t.model,"             \
    " t.criteria_json FROM turns t "

static void read_turn(rec_stmt *st, cp_rec_turn *t, bool json)
{
    t->id = rec_col_int64(st, 0);
    t->seq = rec_col_int(st, 1);
    t->attempt = rec_col_int(st, 2);
    t->node = col_dup(st, 3);
    t->citizen = col_dup(st, 4);
    t->reply = col_dup(st, 5);
    t->next = col_dup(st, 6);
    t->choice = rec_col_int(st, 7);
    t->hints = rec_col_int(st, 8);
    t->anger = rec_col_int(st, 9);
    t->trust = rec_col_int(st, 10);
    t->score = rec_col_double(st, 11);
    t->max = rec_col_double(st, 12);
    t->keyboard = rec_col_int64(st, 13);
    t->elapsed_ms = rec_col_int64(st, 14);
    t->limit_ms = rec_col_int64(st, 15);
    t->timed_out = rec_col_int(st, 16) != 0;
    rec_col_text(st, 17, t->at, sizeof t->at);
    t->counted = rec_col_int(st, 18) != 0;
    rec_col_text(st, 20, t->model, sizeof t->model);
    if (json) {
        const char *cj = rec_col_str(st, 21);
        t->criteria_json = cj ? rec_unpack(cj) : cp_xstrdup("");
    }
}

/* The criteria of every turn of session v[0..n) (its whole turns, as turns_of reads them) and
 * their finals, in two queries for the session rather than two per turn: a centre's score sheet
 * reads some 70,000 replies. The same rows and rules as load_crit. */
static int load_crit_session(cp_records *db, cp_rec_turn *v, size_t n, int64_t session,
                             cp_error *err)
{
    rec_ovr *o = NULL;
    size_t no = 0, capo = 0;
    rec_stmt *ov = rec_prepare(db, "SELECT o.turn_id, o.criterion, o.met, o.by, o.why, o.at"
                                   " FROM overrides o JOIN turns t ON t.id = o.turn_id"
                                   " WHERE t.session_id = ? ORDER BY o.id", err);
    if (!ov)
        return -1;
    rec_bind_int64(ov, 1, session);
    int rc;
    while ((rc = rec_step(ov)) == REC_ROW) {   /* in id order: the last of a criterion counts */
        if (no == capo)
            o = cp_xrealloc(o, (capo = capo ? 2 * capo : 8) * sizeof *o);
        rec_ovr *x = &o[no++];
        x->turn = rec_col_int64(ov, 0);
        rec_col_text(ov, 1, x->crit, sizeof x->crit);
        x->met = rec_col_int(ov, 2) != 0;
        rec_col_text(ov, 3, x->by, sizeof x->by);
        rec_col_text(ov, 4, x->why, sizeof x->why);
        rec_col_text(ov, 5, x->at, sizeof x->at);
    }
    rec_finalize(ov);
    if (rc != REC_DONE) {
        free(o);
        return rec_fail(db, rc, "reading overrides", err);
    }
    rec_stmt *st = rec_prepare(db, "SELECT r.turn_id, r.criterion, r.focus, r.met, r.score, r.max"
                                   " FROM turn_results r JOIN turns t ON t.id = r.turn_id"
                                   " WHERE t.session_id = ? ORDER BY r.turn_id, r.rowid", err);
    if (!st) {
        free(o);
        return -1;
    }
    rec_bind_int64(st, 1, session);
    size_t *cap = cp_xcalloc(n + 1, sizeof *cap);
    size_t at = 0;
    while ((rc = rec_step(st)) == REC_ROW) {
        int64_t turn = rec_col_int64(st, 0);
        if (at >= n || v[at].id != turn)
            for (at = 0; at < n && v[at].id != turn; at++)
                ;
        if (at == n)
            continue;   /* cannot be: the rows are those of the session's turns */
        cp_rec_turn *t = &v[at];
        if (t->ncrit == cap[at]) {
            cap[at] = cap[at] ? 2 * cap[at] : 16;
            t->crit = cp_xrealloc(t->crit, cap[at] * sizeof *t->crit);
        }
        crit_from_row(st, 1, &t->crit[t->ncrit++], o, no, turn);
    }
    rec_finalize(st);
    free(cap);
    free(o);
    if (rc != REC_DONE)
        return rec_fail(db, rc, "reading results", err);
    for (size_t i = 0; i < n; i++) {
        cp_rec_turn *t = &v[i];
        if (!t->crit)
            t->crit = cp_xcalloc(1, sizeof *t->crit);
        double fin = 0;
        for (size_t k = 0; k < t->ncrit; k++) {
            const cp_rec_crit *c = &t->crit[k];
            if (c->focus)
                fin += c->met_override < 0 ? c->score : (c->met ? c->max : 0);
        }
        t->final = cp_hint_penalised(fin, t->max, t->hints);
    }
    return 0;
}

/* Runs a TURN_COLS query (bound by the caller) into an array; *sessions (optional) gets each
 * row's session id. session: the query is every turn of that session (its criteria are read in
 * one go), 0 otherwise. json: criteria_json is unpacked (else NULL: callers that need only the
 * figures skip inflating it). */
static cp_rec_turn *collect_turns(cp_records *db, rec_stmt *st, size_t *n, int64_t **sessions,
                                  int64_t session, bool json, cp_error *err)
{
    size_t cap = 16;
    cp_rec_turn *v = cp_xcalloc(cap, sizeof *v);
    int64_t *sid = sessions ? cp_xcalloc(cap, sizeof *sid) : NULL;
    int rc;
    *n = 0;
    while ((rc = rec_step(st)) == REC_ROW) {
        if (*n == cap) {
            cap *= 2;
            v = cp_xrealloc(v, cap * sizeof *v);
            if (sid)
                sid = cp_xrealloc(sid, cap * sizeof *sid);
        }
        memset(&v[*n], 0, sizeof *v);
        read_turn(st, &v[*n], json);
        if (sid)
            sid[*n] = rec_col_int64(st, 19);
        (*n)++;
    }
    rec_finalize(st);
    if (rc != REC_DONE) {
        rec_fail(db, rc, "reading replies", err);
        goto fail;
    }
    if (session) {
        if (load_crit_session(db, v, *n, session, err) != 0)
            goto fail;
        if (sessions)
            *sessions = sid;
        return v;
    }
    rec_stmt *res = rec_prepare(db,
        "SELECT criterion, focus, met, score, max FROM turn_results WHERE turn_id = ?"
        " ORDER BY rowid", err);
    rec_stmt *ovs = res ? rec_prepare(db, "SELECT criterion, met, by, why, at FROM overrides"
                                              " WHERE turn_id = ? ORDER BY id", err) : NULL;
    int bad = !ovs;
    for (size_t i = 0; !bad && i < *n; i++)
        bad = load_crit(db, &v[i], res, ovs, err) != 0;
    rec_finalize(res);
    rec_finalize(ovs);
    if (bad)
        goto fail;
    if (sessions)
        *sessions = sid;
    return v;
fail:
    cp_rec_turns_free(v, *n);
    free(sid);
    *n = 0;
    return NULL;
}

void cp_rec_turns_free(cp_rec_turn *t, size_t n)
{
    if (!t)
        return;
    for (size_t i = 0; i < n; i++) {
        free(t[i].node);
        free(t[i].citizen);
        free(t[i].reply);
        free(t[i].next);
        free(t[i].crit);
        free(t[i].criteria_json);
    }
    free(t);
}

static cp_rec_turn *turns_of(cp_records *db, int64_t session_id, size_t *n, bool json,
                             cp_error *err)
{
    rec_stmt *st = rec_prepare(db, TURN_COLS "WHERE t.session_id = ? ORDER BY t.seq, t.attempt", err);
    if (!st)
        return NULL;
    rec_bind_int64(st, 1, session_id);
    return collect_turns(db, st, n, NULL, session_id, json, err);
}

static cp_rec_turn *turns_viewed(cp_records *db, int64_t session_id, size_t *n, bool json,
                                 cp_error *err)
{
    cp_error_clear(err);
    *n = 0;
    int64_t trainee;
    if (cp_records_session_trainee(db, session_id, &trainee, err) != 0 ||
        rec_may_view(db, trainee, err) != 0)
        return NULL;
    return turns_of(db, session_id, n, json, err);
}

cp_rec_turn *cp_records_turns(cp_records *db, int64_t session_id, size_t *n, cp_error *err)
{
    return turns_viewed(db, session_id, n, true, err);
}

cp_rec_turn *cp_records_turns_brief(cp_records *db, int64_t session_id, size_t *n, cp_error *err)
{
    return turns_viewed(db, session_id, n, false, err);
}

#define SESSION_COLS                                                                           \
    "SELECT id, trainee_id, coalesce(exam_run_id, 0), scenario, scenario_hash, mode, started,"  \
    " coalesce(ended, ''), coalesce(outcome, ''), coalesce(rating, 0) FROM sessions "

/* Adds version v to the ", "-joined list (once; "" is not a version; a full list is left). */
static void add_model(char *list, size_t size, const char *v)
{
    if (!v[0])
        return;
    size_t vl = strlen(v);
    for (const char *p = list; (p = strstr(p, v)) != NULL; p += vl)
        if ((p == list || p[-1] == ' ') && (p[vl] == ',' || p[vl] == '\0'))
            return;
    size_t n = strlen(list);
    if (n + (n ? 2 : 0) + vl + 1 > size)
        return;
    snprintf(list + n, size - n, "%s%s", n ? ", " : "", v);
}

static int fill_session(cp_records *db, rec_stmt *st, cp_rec_session *s, cp_error *err)
{
    memset(s, 0, sizeof *s);
    s->id = rec_col_int64(st, 0);
    s->trainee = rec_col_int64(st, 1);
    s->exam_run = rec_col_int64(st, 2);
    rec_col_text(st, 3, s->scenario, sizeof s->scenario);
    rec_col_text(st, 4, s->scenario_hash, sizeof s->scenario_hash);
    rec_col_text(st, 5, s->mode, sizeof s->mode);
    rec_col_text(st, 6, s->started, sizeof s->started);
    rec_col_text(st, 7, s->ended, sizeof s->ended);
    rec_col_text(st, 8, s->outcome, sizeof s->outcome);
    s->rating = rec_col_int(st, 9);
    size_t n;
    cp_rec_turn *t = turns_of(db, s->id, &n, false, err);   /* figures only: no JSON */
    if (!t)
        return -1;
    for (size_t i = 0; i < n; i++) {
        s->attempts++;
        s->hints += t[i].hints;
        add_model(s->models, sizeof s->models, t[i].model);
        if (!t[i].counted)
            continue;
        s->turns++;
        s->score += t[i].final;
        s->max += t[i].max;
    }
    /* Overrides can be several per criterion: count records, not criteria. */
    rec_stmt *q = rec_prepare(db, "SELECT count(*) FROM overrides o JOIN turns t ON"
                                      " o.turn_id = t.id WHERE t.session_id = ?", err);
    if (q) {
        rec_bind_int64(q, 1, s->id);
        if (rec_step(q) == REC_ROW)
            s->overrides = rec_col_int(q, 0);
        rec_finalize(q);
    }
    cp_rec_turns_free(t, n);
    return 0;
}

cp_rec_session *cp_records_sessions(cp_records *db, int64_t trainee, size_t *n, cp_error *err)
{
    cp_error_clear(err);
    *n = 0;
    if (rec_may_view(db, trainee, err) != 0)
        return NULL;
    rec_stmt *st = rec_prepare(db, SESSION_COLS "WHERE trainee_id = ? ORDER BY id", err);
    if (!st)
        return NULL;
    rec_bind_int64(st, 1, trainee);
    size_t cap = 8;
    cp_rec_session *v = cp_xmalloc(cap * sizeof *v);
    int rc;
    while ((rc = rec_step(st)) == REC_ROW) {
        if (*n == cap)
            v = cp_xrealloc(v, (cap *= 2) * sizeof *v);
        if (fill_session(db, st, &v[*n], err) != 0) {
            rc = -1;
            break;
        }
        (*n)++;
    }
    rec_finalize(st);
    if (rc != REC_DONE) {
        if (rc != -1)
            rec_fail(db, rc, "listing sessions", err);
        free(v);
        *n = 0;
        return NULL;
    }
    return v;
}

int cp_records_session_get(cp_records *db, int64_t session_id, cp_rec_session *out,
                           cp_error *err)
{
    cp_error_clear(err);
    rec_stmt *st = rec_prepare(db, SESSION_COLS "WHERE id = ?", err);
    if (!st)
        return -1;
    rec_bind_int64(st, 1, session_id);
    int rc = rec_step(st);
    int ret = -1;
    if (rc == REC_ROW) {
        int64_t trainee = rec_col_int64(st, 1);
        if (rec_may_view(db, trainee, err) == 0)
            ret = fill_session(db, st, out, err);
    } else if (rc == REC_DONE) {
        cp_error_set(err, db->path, 0, "no session %lld", (long long)session_id);
    } else {
        rec_fail(db, rc, "reading a session", err);
    }
    rec_finalize(st);
    return ret;
}

static cp_rec_turn *answers_at(cp_records *db, const char *scenario, const char *node,
                               const char *group, int64_t **trainees, size_t *n, cp_error *err)
{
    cp_error_clear(err);
    *n = 0;
    *trainees = NULL;
    if (cp_records_has_passphrase(db) && !db->unlocked) {
        cp_error_set(err, db->path, 0, "comparing trainees' answers needs the assessor passphrase");
        return NULL;
    }
    /* The first counted reply at node in each session of the scenario. */
#define ANSWERS_AT                                                                             \
    TURN_COLS                                                                                  \
    "JOIN sessions s ON s.id = t.session_id WHERE s.scenario = ? AND t.node = ?"               \
    " AND t.attempt = (SELECT max(u.attempt) FROM turns u WHERE u.session_id = t.session_id"   \
    "   AND u.seq = t.seq)"                                                                    \
    " AND t.seq = (SELECT min(w.seq) FROM turns w WHERE w.session_id = t.session_id"           \
    "   AND w.node = t.node)"
    /* a class's: sessions of its members (every seat's own, any mode but exams) and the
     * replies its members gave at another's keyboard */
    rec_stmt *st = rec_prepare(db, group ? ANSWERS_AT
        " AND s.mode <> 'exam' AND EXISTS (SELECT 1 FROM trainees m WHERE m.grp = ?"
        "   AND (m.id = s.trainee_id OR m.id = t.keyboard_id))"
        " ORDER BY t.session_id" : ANSWERS_AT " ORDER BY t.session_id", err);
#undef ANSWERS_AT
    if (!st)
        return NULL;
    rec_bind_text(st, 1, scenario);
    rec_bind_text(st, 2, node);
    if (group)
        rec_bind_text(st, 3, group);
    int64_t *sid = NULL;
    cp_rec_turn *v = collect_turns(db, st, n, &sid, 0, true, err);
    if (!v)
        return NULL;
    /* Session ids -> trainees; then best final score first (stable insertion sort). */
    for (size_t i = 0; i < *n; i++) {
        rec_stmt *q = rec_prepare(db, "SELECT trainee_id FROM sessions WHERE id = ?", err);
        if (!q)
            break;
        rec_bind_int64(q, 1, sid[i]);
        sid[i] = rec_step(q) == REC_ROW ? rec_col_int64(q, 0) : 0;
        rec_finalize(q);
    }
    for (size_t i = 1; i < *n; i++)
        for (size_t j = i; j > 0 && v[j].final > v[j - 1].final; j--) {
            cp_rec_turn tmp = v[j];
            v[j] = v[j - 1];
            v[j - 1] = tmp;
            int64_t ti = sid[j];
            sid[j] = sid[j - 1];
            sid[j - 1] = ti;
        }
    *trainees = sid;
    return v;
}

cp_rec_turn *cp_records_answers_at(cp_records *db, const char *scenario, const char *node,
                                   int64_t **trainees, size_t *n, cp_error *err)
{
    return answers_at(db, scenario, node, NULL, trainees, n, err);
}

cp_rec_turn *cp_records_answers_at_group(cp_records *db, const char *scenario, const char *node,
                                         const char *group, int64_t **trainees, size_t *n,
                                         cp_error *err)
{
    return answers_at(db, scenario, node, group && group[0] ? group : NULL, trainees, n, err);
}

/* ---- Overrides ---- */

int cp_records_override(cp_records *db, int64_t session_id, int seq, const char *criterion,
                        bool met, const char *by, const char *why, int64_t *override_id,
                        cp_error *err)
{
    cp_error_clear(err);
    if (rec_need_assessor(db, "overriding a result", err) != 0)
        return -1;
    if (!why || !*why)
        return cp_error_set(err, db->path, 0, "an override needs a reason (--why)");
    if (rec_begin(db, err) != 0)
        return -1;
    rec_stmt *st = rec_prepare(db,
        "SELECT t.id FROM turns t WHERE t.session_id = ? AND t.seq = ? ORDER BY t.attempt DESC"
        " LIMIT 1", err);
    if (!st)
        goto fail;
    rec_bind_int64(st, 1, session_id);
    rec_bind_int(st, 2, seq);
    int rc = rec_step(st);
    int64_t turn = rc == REC_ROW ? rec_col_int64(st, 0) : 0;
    rec_finalize(st);
    if (!turn) {
        cp_error_set(err, db->path, 0, "session %lld has no turn %d", (long long)session_id, seq);
        goto fail;
    }
    st = rec_prepare(db, "SELECT 1 FROM turn_results WHERE turn_id = ? AND criterion = ?", err);
    if (!st)
        goto fail;
    rec_bind_int64(st, 1, turn);
    rec_bind_text(st, 2, criterion);
    rc = rec_step(st);
    rec_finalize(st);
    if (rc != REC_ROW) {
        cp_error_set(err, db->path, 0, "turn %d of session %lld has no criterion '%s'", seq,
                     (long long)session_id, criterion);
        goto fail;
    }
    st = rec_prepare(db, "INSERT INTO overrides(turn_id, criterion, met, by, why) VALUES(?,?,?,?,?)"
                         " RETURNING id",
                     err);
    if (!st)
        goto fail;
    rec_bind_int64(st, 1, turn);
    rec_bind_text(st, 2, criterion);
    rec_bind_int(st, 3, met);
    rec_bind_text(st, 4, by ? by : "");
    rec_bind_text(st, 5, why);
    int64_t oid = 0;
    rc = rec_step_id(st, &oid);
    rec_finalize(st);
    if (rc != REC_DONE) {
        rec_fail(db, rc, "adding an override", err);
        goto fail;
    }
    if (override_id)
        *override_id = oid;
    return rec_commit(db, err);
fail:
    rec_rollback(db);
    return -1;
}

/* ---- Lookups for score sheets and the classroom views ---- */

int64_t *cp_records_sessions_answered(cp_records *db, int64_t trainee, size_t *n, cp_error *err)
{
    *n = 0;
    rec_stmt *st = rec_prepare(db,
        "SELECT DISTINCT s.id FROM turns u JOIN sessions s ON s.id = u.session_id"
        " WHERE u.keyboard_id = ?1 AND s.trainee_id <> ?1 AND s.mode = 'classroom' ORDER BY s.id",
        err);
    if (!st)
        return NULL;
    rec_bind_int64(st, 1, trainee);
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
        rec_fail(db, rc, "finding classroom turns answered in others' sessions", err);
        free(ids);
        *n = 0;
        return NULL;
    }
    return ids;
}

int cp_records_turn_session(cp_records *db, int64_t turn_id, int64_t *session_id, cp_error *err)
{
    rec_stmt *st = rec_prepare(db, "SELECT session_id FROM turns WHERE id = ?", err);
    if (!st)
        return -1;
    rec_bind_int64(st, 1, turn_id);
    int rc = rec_step(st);
    if (rc == REC_ROW)
        *session_id = rec_col_int64(st, 0);
    rec_finalize(st);
    return rc == REC_ROW ? 0
         : rc == REC_DONE ? cp_error_set(err, db->path, 0, "no recorded turn %lld",
                                            (long long)turn_id)
                             : rec_fail(db, rc, "reading a turn", err);
}

char *cp_records_turn_criteria_json(cp_records *db, int64_t turn_id, cp_error *err)
{
    rec_stmt *st = rec_prepare(db,
        "SELECT u.criteria_json, s.trainee_id FROM turns u JOIN sessions s ON s.id = u.session_id"
        " WHERE u.id = ?", err);
    if (!st)
        return NULL;
    rec_bind_int64(st, 1, turn_id);
    char *out = NULL;
    int rc = rec_step(st);
    if (rc == REC_ROW && rec_may_view(db, rec_col_int64(st, 1), err) == 0) {
        out = rec_unpack(rec_col_str(st, 0));
    } else if (rc == REC_DONE) {
        cp_error_set(err, db->path, 0, "no recorded reply %lld", (long long)turn_id);
    } else if (rc != REC_ROW) {
        rec_fail(db, rc, "reading a turn's results", err);
    }
    rec_finalize(st);
    return out;
}

int cp_records_override_counts(cp_records *db, int64_t session_id, int *ov, int maxseq,
                               cp_error *err)
{
    int64_t trainee;
    if (cp_records_session_trainee(db, session_id, &trainee, err) != 0 ||
        rec_may_view(db, trainee, err) != 0)
        return -1;
    rec_stmt *st = rec_prepare(db,
        "SELECT t.seq, count(*) FROM overrides o JOIN turns t ON t.id = o.turn_id"
        " WHERE t.session_id = ? GROUP BY t.seq", err);
    if (!st)
        return -1;
    rec_bind_int64(st, 1, session_id);
    int rc;
    while ((rc = rec_step(st)) == REC_ROW) {
        int seq = rec_col_int(st, 0);
        if (seq >= 1 && seq <= maxseq)
            ov[seq] += rec_col_int(st, 1);
    }
    rec_finalize(st);
    return rc == REC_DONE ? 0 : rec_fail(db, rc, "counting overrides", err);
}
