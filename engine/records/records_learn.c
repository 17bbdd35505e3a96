/* records_learn.c - what `counterpart learn` reads from and adds to the records: trainers'
 * overrides as labelled in-context examples (the reply, its scenario and node, the citizen's line
 * and the session's earlier exchanges, the criterion, the trainer's verdict, who and why), derived
 * from the turns and overrides on every call; and the log of local scorer model changes.
 * Must not: store a correction twice, change a recorded reply, result or override. */
#include "records_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Corrections ---- */

static char *col_dup(rec_stmt *st, int col)
{
    const char *t = rec_col_str(st, col);
    return cp_xstrdup(t ? t : "");
}

/* The counted replies of session before turn seq, as citizen/clerk lines. */
static int load_history(cp_records *db, rec_stmt *q, cp_rec_correction *c, cp_error *err)
{
    rec_reset(q);
    rec_bind_int64(q, 1, c->session_id);
    rec_bind_int(q, 2, c->seq);
    size_t cap = 0;
    int rc;
    while ((rc = rec_step(q)) == REC_ROW) {
        if (c->nhistory + 2 > cap) {
            cap = cap ? cap * 2 : 8;
            c->history = cp_xrealloc(c->history, cap * sizeof *c->history);
        }
        c->history[c->nhistory++] = (cp_rec_line){ "citizen", col_dup(q, 0) };
        c->history[c->nhistory++] = (cp_rec_line){ "clerk", col_dup(q, 1) };
    }
    return rc == REC_DONE ? 0 : rec_fail(db, rc, "reading a corrected reply's conversation", err);
}

cp_rec_correction *cp_records_corrections(cp_records *db, size_t *n, cp_error *err)
{
    cp_error_clear(err);
    *n = 0;
    if (rec_need_assessor(db, "reading trainers' corrections", err) != 0)
        return NULL;
    /* the latest override of each (reply, criterion); the recorded result beside it */
    rec_stmt *st = rec_prepare(db,
        "SELECT o.id, o.turn_id, t.session_id, s.trainee_id, t.seq, s.scenario, t.node,"
        " t.citizen, t.reply, o.criterion, o.met, coalesce(r.met, -1), t.model, o.by, o.why, o.at"
        " FROM overrides o JOIN turns t ON t.id = o.turn_id JOIN sessions s ON s.id = t.session_id"
        " LEFT JOIN turn_results r ON r.turn_id = o.turn_id AND r.criterion = o.criterion"
        " WHERE o.id = (SELECT max(p.id) FROM overrides p WHERE p.turn_id = o.turn_id"
        "   AND p.criterion = o.criterion)"
        " ORDER BY o.id", err);
    rec_stmt *hq = st ? rec_prepare(db,
        "SELECT u.citizen, u.reply FROM turns u WHERE u.session_id = ?1 AND u.seq < ?2"
        " AND u.attempt = (SELECT max(w.attempt) FROM turns w WHERE w.session_id = u.session_id"
        "   AND w.seq = u.seq) ORDER BY u.seq", err) : NULL;
    if (!hq) {
        rec_finalize(st);
        return NULL;
    }
    size_t cap = 8;
    cp_rec_correction *v = cp_xcalloc(cap, sizeof *v);
    int rc;
    while ((rc = rec_step(st)) == REC_ROW) {
        if (*n == cap) {
            v = cp_xrealloc(v, (cap *= 2) * sizeof *v);
            memset(v + *n, 0, (cap - *n) * sizeof *v);
        }
        cp_rec_correction *c = &v[(*n)++];
        c->override_id = rec_col_int64(st, 0);
        c->turn_id = rec_col_int64(st, 1);
        c->session_id = rec_col_int64(st, 2);
        c->trainee = rec_col_int64(st, 3);
        c->seq = rec_col_int(st, 4);
        rec_col_text(st, 5, c->scenario, sizeof c->scenario);
        c->node = col_dup(st, 6);
        c->citizen = col_dup(st, 7);
        c->reply = col_dup(st, 8);
        rec_col_text(st, 9, c->criterion, sizeof c->criterion);
        c->met = rec_col_int(st, 10) != 0;
        c->met_auto = rec_col_int(st, 11);
        rec_col_text(st, 12, c->model, sizeof c->model);
        rec_col_text(st, 13, c->by, sizeof c->by);
        rec_col_text(st, 14, c->why, sizeof c->why);
        rec_col_text(st, 15, c->at, sizeof c->at);
    }
    rec_finalize(st);
    if (rc != REC_DONE) {
        rec_fail(db, rc, "reading trainers' corrections", err);
        goto fail;
    }
    for (size_t i = 0; i < *n; i++)
        if (load_history(db, hq, &v[i], err) != 0)
            goto fail;
    rec_finalize(hq);
    return v;
fail:
    rec_finalize(hq);
    cp_rec_corrections_free(v, *n);
    *n = 0;
    return NULL;
}

void cp_rec_corrections_free(cp_rec_correction *c, size_t n)
{
    if (!c)
        return;
    for (size_t i = 0; i < n; i++) {
        free(c[i].node);
        free(c[i].citizen);
        free(c[i].reply);
        for (size_t k = 0; k < c[i].nhistory; k++)
            free(c[i].history[k].text);
        free(c[i].history);
    }
    free(c);
}

/* ---- Model changes ---- */

int cp_records_model_change(cp_records *db, const cp_rec_model_change *c, cp_error *err)
{
    cp_error_clear(err);
    if (rec_need_assessor(db, "changing the scorer model", err) != 0)
        return -1;
    rec_stmt *st = rec_prepare(db,
        "INSERT INTO model_changes(by, action, old, new, corrections) VALUES(?,?,?,?,?)", err);
    if (!st)
        return -1;
    rec_bind_text(st, 1, c->by);
    rec_bind_text(st, 2, c->action);
    rec_bind_text(st, 3, c->old_version);
    rec_bind_text(st, 4, c->new_version);
    rec_bind_int(st, 5, c->corrections);
    int rc = rec_step(st);
    rec_finalize(st);
    return rc == REC_DONE ? 0 : rec_fail(db, rc, "recording a scorer model change", err);
}

cp_rec_model_change *cp_records_model_changes(cp_records *db, size_t *n, cp_error *err)
{
    cp_error_clear(err);
    *n = 0;
    rec_stmt *st = rec_prepare(db,
        "SELECT id, at, by, action, old, new, corrections FROM model_changes ORDER BY id", err);
    if (!st)
        return NULL;
    size_t cap = 8;
    cp_rec_model_change *v = cp_xcalloc(cap, sizeof *v);
    int rc;
    while ((rc = rec_step(st)) == REC_ROW) {
        if (*n == cap)
            v = cp_xrealloc(v, (cap *= 2) * sizeof *v);
        cp_rec_model_change *c = &v[(*n)++];
        memset(c, 0, sizeof *c);
        c->id = rec_col_int64(st, 0);
        rec_col_text(st, 1, c->at, sizeof c->at);
        rec_col_text(st, 2, c->by, sizeof c->by);
        rec_col_text(st, 3, c->action, sizeof c->action);
        rec_col_text(st, 4, c->old_version, sizeof c->old_version);
        rec_col_text(st, 5, c->new_version, sizeof c->new_version);
        c->corrections = rec_col_int(st, 6);
    }
    rec_finalize(st);
    if (rc != REC_DONE) {
        rec_fail(db, rc, "reading scorer model changes", err);
        free(v);
        *n = 0;
        return NULL;
    }
    return v;
}
