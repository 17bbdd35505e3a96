/* records_ticket.c - class exams: an assessor assigns an exam to a class (one exam ticket per
 * member, tied to the exam as it was then), a trainee's seat starts the run of its own ticket
 * without the passphrase (once), and the assessor's board says where every member stands, with
 * news from the server as it arrives.
 * Must not: let a ticket start a second run, or start a run of another trainee's ticket (the
 * schema refuses both too; on a centre's server row-level security also keeps a seat to its own
 * trainee's tickets). */
#include "records_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp_records_exam.h"

/* Trainees of a 班组, by 工号: ids into *ids (caller frees). -1 with err. */
static int class_members(cp_records *db, const char *group, int64_t **ids, size_t *n,
                         cp_error *err)
{
    *ids = NULL;
    *n = 0;
    rec_stmt *st = rec_prepare(db, "SELECT id FROM trainees WHERE grp = ? ORDER BY staff_no", err);
    if (!st)
        return -1;
    rec_bind_text(st, 1, group);
    size_t cap = 16;
    int64_t *v = cp_xmalloc(cap * sizeof *v);
    int rc;
    while ((rc = rec_step(st)) == REC_ROW) {
        if (*n == cap)
            v = cp_xrealloc(v, (cap *= 2) * sizeof *v);
        v[(*n)++] = rec_col_int64(st, 0);
    }
    rec_finalize(st);
    if (rc != REC_DONE) {
        free(v);
        *n = 0;
        return rec_fail(db, rc, "reading the class", err);
    }
    if (*n == 0) {
        free(v);
        return cp_error_set(err, db->path, 0, "班组 '%s' has no trainees (see counterpart trainee"
                            " list; a roster's 班组 column names the class)", group);
    }
    *ids = v;
    return 0;
}

int cp_records_exam_assign(cp_records *db, const cp_exam *ex, const char *group, int64_t trainee,
                           const char *by, size_t *made, size_t *kept, cp_error *err)
{
    cp_error_clear(err);
    if (made)
        *made = 0;
    if (kept)
        *kept = 0;
    if (rec_need_assessor(db, "assigning an exam", err) != 0)
        return -1;
    int64_t *ids = NULL;
    size_t n = 0;
    if (group && *group) {
        if (class_members(db, group, &ids, &n, err) != 0)
            return -1;
    } else {
        cp_trainee t;
        if (cp_records_trainee_get(db, trainee, &t, err) != 0)
            return -1;
        ids = cp_xmalloc(sizeof *ids);
        ids[0] = trainee;
        n = 1;
    }
    rec_stmt *open = NULL, *ins = NULL;
    size_t nmade = 0, nkept = 0;
    if (rec_begin(db, err) != 0) {
        free(ids);
        return -1;
    }
    int64_t exam = rec_exam_row(db, ex, err);
    if (exam < 0)
        goto fail;
    /* a ticket of this exam (any version of its file) that has not started, or whose run is
     * still open, stands: assigning again changes nothing */
    open = rec_prepare(db,
        "SELECT count(*) FROM exam_tickets t JOIN exams e ON e.id = t.exam_id"
        " WHERE t.trainee_id = ? AND e.key = ? AND NOT EXISTS (SELECT 1 FROM exam_runs x"
        "   WHERE x.ticket_id = t.id AND x.ended IS NOT NULL)", err);
    ins = open ? rec_prepare(db, "INSERT INTO exam_tickets(exam_id, trainee_id, min_rating, grp, by)"
                                 " VALUES(?,?,?,?,?) RETURNING id", err) : NULL;
    if (!ins)
        goto fail;
    int min_rating = ex->min_rating >= 1 && ex->min_rating <= 5 ? ex->min_rating : CP_EXAM_MIN_RATING;
    for (size_t i = 0; i < n; i++) {
        rec_reset(open);
        rec_bind_int64(open, 1, ids[i]);
        rec_bind_text(open, 2, ex->id);
        int rc = rec_step(open);
        if (rc != REC_ROW) {
            rec_fail(db, rc, "reading the class's exam tickets", err);
            goto fail;
        }
        if (rec_col_int64(open, 0) > 0) {
            nkept++;
            continue;
        }
        rec_reset(ins);
        rec_bind_int64(ins, 1, exam);
        rec_bind_int64(ins, 2, ids[i]);
        rec_bind_int(ins, 3, min_rating);
        rec_bind_text(ins, 4, group ? group : "");
        rec_bind_text(ins, 5, by ? by : "");
        int64_t id = 0;
        if ((rc = rec_step_id(ins, &id)) != REC_DONE) {
            rec_fail(db, rc, "assigning the exam", err);
            goto fail;
        }
        nmade++;
    }
    rec_finalize(open);
    rec_finalize(ins);
    free(ids);
    if (rec_commit(db, err) != 0)
        return -1;
    if (made)
        *made = nmade;
    if (kept)
        *kept = nkept;
    return 0;
fail:
    rec_finalize(open);
    rec_finalize(ins);
    free(ids);
    rec_rollback(db);
    return -1;
}

/* Items of a comma list ("" = 0). */
static size_t count_parts(const char *list)
{
    if (!list || !*list)
        return 0;
    size_t n = 1;
    for (const char *p = list; *p; p++)
        n += *p == ',';
    return n;
}

cp_exam_ticket *cp_records_exam_tickets(cp_records *db, int64_t trainee, bool open_only,
                                        size_t *n, cp_error *err)
{
    cp_error_clear(err);
    *n = 0;
    if (rec_may_view(db, trainee, err) != 0)
        return NULL;
    rec_stmt *st = rec_prepare(db,
        "SELECT t.id, t.trainee_id, coalesce(x.id, 0), x.ended IS NOT NULL, e.key, e.title, t.grp,"
        " t.by, t.at, e.scenarios, e.time_limit, e.pass_mark"
        " FROM exam_tickets t JOIN exams e ON e.id = t.exam_id"
        " LEFT JOIN exam_runs x ON x.ticket_id = t.id"
        " WHERE t.trainee_id = ?1 AND (?2 = 0 OR x.id IS NULL) ORDER BY t.id DESC", err);
    if (!st)
        return NULL;
    rec_bind_int64(st, 1, trainee);
    rec_bind_int(st, 2, open_only);
    size_t cap = 4;
    cp_exam_ticket *v = cp_xcalloc(cap, sizeof *v);
    int rc;
    while ((rc = rec_step(st)) == REC_ROW) {
        if (*n == cap) {
            v = cp_xrealloc(v, (cap *= 2) * sizeof *v);
            memset(v + *n, 0, (cap - *n) * sizeof *v);
        }
        cp_exam_ticket *t = &v[(*n)++];
        t->id = rec_col_int64(st, 0);
        t->trainee = rec_col_int64(st, 1);
        t->run = rec_col_int64(st, 2);
        t->run_finished = t->run && rec_col_int(st, 3) != 0;
        rec_col_text(st, 4, t->exam, sizeof t->exam);
        rec_col_text(st, 5, t->title, sizeof t->title);
        rec_col_text(st, 6, t->group, sizeof t->group);
        rec_col_text(st, 7, t->by, sizeof t->by);
        rec_col_text(st, 8, t->at, sizeof t->at);
        t->nparts = count_parts(rec_col_str(st, 9));
        t->time_limit = rec_col_int(st, 10);
        t->pass_mark = rec_col_double(st, 11);
    }
    rec_finalize(st);
    if (rc != REC_DONE) {
        free(v);
        *n = 0;
        rec_fail(db, rc, "reading exam tickets", err);
        return NULL;
    }
    return v;
}

int cp_records_exam_take(cp_records *db, int64_t ticket, int64_t trainee, int64_t *run_id,
                         cp_error *err)
{
    cp_error_clear(err);
    if (rec_begin(db, err) != 0)
        return -1;
    rec_stmt *st = rec_prepare(db,
        "SELECT t.trainee_id, t.exam_id, t.min_rating, t.by,"
        " coalesce((SELECT x.id FROM exam_runs x WHERE x.ticket_id = t.id), 0)"
        " FROM exam_tickets t WHERE t.id = ?", err);
    if (!st)
        goto fail;
    rec_bind_int64(st, 1, ticket);
    int rc = rec_step(st);
    int64_t owner = 0, exam = 0, run = 0;
    int min_rating = 0;
    char by[96] = "";
    if (rc == REC_ROW) {
        owner = rec_col_int64(st, 0);
        exam = rec_col_int64(st, 1);
        min_rating = rec_col_int(st, 2);
        rec_col_text(st, 3, by, sizeof by);
        run = rec_col_int64(st, 4);
    }
    rec_finalize(st);
    if (rc != REC_ROW && rc != REC_DONE) {
        rec_fail(db, rc, "reading the exam ticket", err);
        goto fail;
    }
    if (rc == REC_DONE || owner != trainee) {
        cp_error_set(err, db->path, 0, "exam ticket %lld is not assigned to this trainee; only"
                     " an exam an assessor assigned to you can be started here（这项考核没有指派给你）",
                     (long long)ticket);
        goto fail;
    }
    if (run) {
        cp_error_set(err, db->path, 0, "exam ticket %lld has already started as exam run %lld; a run"
                     " is started once - an assessor continues it with `counterpart exam resume %lld`"
                     "（考核已开始过，只能由考官继续）", (long long)ticket, (long long)run,
                     (long long)run);
        goto fail;
    }
    st = rec_prepare(db, "INSERT INTO exam_runs(exam_id, trainee_id, by, min_rating, ticket_id)"
                         " VALUES(?,?,?,?,?) RETURNING id", err);
    if (!st)
        goto fail;
    rec_bind_int64(st, 1, exam);
    rec_bind_int64(st, 2, trainee);
    rec_bind_text(st, 3, by);
    rec_bind_int(st, 4, min_rating);
    rec_bind_int64(st, 5, ticket);
    int64_t rid = 0;
    rc = rec_step_id(st, &rid);
    rec_finalize(st);
    if (rc != REC_DONE) {
        rec_fail(db, rc, "starting the assigned exam run", err);
        goto fail;
    }
    if (rec_commit(db, err) != 0)
        return -1;
    if (run_id)
        *run_id = rid;
    return 0;
fail:
    rec_rollback(db);
    return -1;
}

/* ---- The assessor's board ---- */

/* Fills s from member's latest ticket (of exam, or any). 0, or -1 with err. */
static int seat_of(cp_records *db, int64_t member, const char *exam, cp_exam_seat *s,
                   cp_error *err)
{
    memset(s, 0, sizeof *s);
    if (rec_may_view(db, member, err) != 0 ||
        cp_records_trainee_get(db, member, &s->trainee, err) != 0)
        return -1;
    rec_stmt *st = rec_prepare(db,
        "SELECT t.id, e.key, e.scenarios, e.pass_mark,"
        " coalesce((SELECT x.id FROM exam_runs x WHERE x.ticket_id = t.id), 0)"
        " FROM exam_tickets t JOIN exams e ON e.id = t.exam_id"
        " WHERE t.trainee_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR e.key = ?2)"
        " ORDER BY t.id DESC LIMIT 1", err);
    if (!st)
        return -1;
    rec_bind_int64(st, 1, member);
    rec_bind_text(st, 2, exam);
    int rc = rec_step(st);
    if (rc == REC_ROW) {
        s->ticket = rec_col_int64(st, 0);
        rec_col_text(st, 1, s->exam, sizeof s->exam);
        s->nparts = count_parts(rec_col_str(st, 2));
        s->pass_mark = rec_col_double(st, 3);
        s->run = rec_col_int64(st, 4);
    }
    rec_finalize(st);
    if (rc != REC_ROW && rc != REC_DONE)
        return rec_fail(db, rc, "reading the exam tickets", err);
    if (!s->ticket) {
        s->state = CP_SEAT_UNASSIGNED;
        return 0;
    }
    if (!s->run) {
        s->state = CP_SEAT_WAITING;
        return 0;
    }
    cp_exam_result r;
    if (cp_records_exam_result(db, s->run, &r, err) != 0)
        return -1;
    s->resumes = r.resumes;
    if (r.finished) {
        s->state = CP_SEAT_FINISHED;
        s->percent = r.percent;
        s->pass_mark = r.pass_mark;
        s->worst_rating = r.worst_rating;
        s->complete = r.complete;
        s->passed = r.passed;
        return 0;
    }
    cp_exam_stop stop;
    if (cp_records_exam_stop(db, s->run, &stop, err) != 0)
        return -1;
    s->state = CP_SEAT_RUNNING;
    s->nparts = stop.nparts;
    s->part = stop.current < stop.nparts ? stop.current + 1 : 0;
    s->replies = stop.current < stop.nparts ? stop.parts[stop.current].replies : 0;
    cp_exam_stop_free(&stop);
    return 0;
}

cp_exam_seat *cp_records_exam_board(cp_records *db, const char *group, const char *exam,
                                    size_t *n, cp_error *err)
{
    cp_error_clear(err);
    *n = 0;
    if (!group || !*group) {
        cp_error_set(err, db->path, 0, "the board needs a 班组");
        return NULL;
    }
    int64_t *ids = NULL;
    size_t cnt = 0;
    if (class_members(db, group, &ids, &cnt, err) != 0)
        return NULL;
    cp_exam_seat *v = cp_xcalloc(cnt, sizeof *v);
    /* one snapshot: every line as of one moment */
    bool snap = cp_records_snapshot(db, true, NULL) == 0;
    for (size_t i = 0; i < cnt; i++)
        if (seat_of(db, ids[i], exam, &v[i], err) != 0) {
            if (snap)
                cp_records_snapshot(db, false, NULL);
            free(ids);
            free(v);
            return NULL;
        }
    if (snap)
        cp_records_snapshot(db, false, NULL);
    free(ids);
    *n = cnt;
    return v;
}

bool cp_exam_board_done(const cp_exam_seat *v, size_t n)
{
    size_t assigned = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i].state == CP_SEAT_UNASSIGNED)
            continue;
        assigned++;
        if (v[i].state != CP_SEAT_FINISHED)
            return false;
    }
    return assigned > 0;
}

char *cp_exam_seat_line(const cp_exam_seat *s, char *buf, size_t size)
{
    int k = snprintf(buf, size, "%s  %s  ", s->trainee.staff_no, s->trainee.name);
    size_t at = k < 0 ? 0 : (size_t)k < size ? (size_t)k : size - 1;
    char *p = buf + at;
    size_t left = size - at;
    switch (s->state) {
    case CP_SEAT_UNASSIGNED:
        snprintf(p, left, "未指派考核");
        break;
    case CP_SEAT_WAITING:
        snprintf(p, left, "未开始");
        break;
    case CP_SEAT_RUNNING:
        if (s->part == 0)
            snprintf(p, left, "进行中：%zu 个情景均已答完，待交卷", s->nparts);
        else
            snprintf(p, left, "进行中：第 %zu/%zu 个情景，已答 %d 轮%s", s->part, s->nparts,
                     s->replies, s->resumes ? "（中断后续考）" : "");
        break;
    case CP_SEAT_FINISHED: {
        char rating[32] = "";
        if (s->worst_rating)
            snprintf(rating, sizeof rating, "，好差评 %d/5", s->worst_rating);
        snprintf(p, left, "已交卷：%.1f%%%s%s，%s", s->percent, rating,
                 s->complete ? "" : "，未答完", s->passed ? "通过" : "未通过");
        break;
    }
    }
    return buf;
}

int cp_records_wait_exam(cp_records *db, int ms, cp_error *err)
{
    cp_error_clear(err);
    if (!db->c->drv->wait_notify)
        return cp_error_set(err, db->path, 0, "waiting for exam news needs a PostgreSQL server,"
                            " not a file (a board over a file refreshes on a timer)");
    char buf[64] = "";
    /* listening on both channels: replies (counterpart_turns) and tickets, runs and parts
     * (counterpart_exams); the first returns at once when news is already waiting */
    int rc = db->c->drv->wait_notify(db->c, "counterpart_turns", 0, buf, sizeof buf, err);
    if (rc != 0)
        return rc;
    return db->c->drv->wait_notify(db->c, "counterpart_exams", ms, buf, sizeof buf, err);
}
