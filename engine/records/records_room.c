/* records_room.c - the room of a class (cp_room.h): every member with the session they worked on
 * last since a moment, its latest reply's result and its exam run, read through the same calls
 * the other views use (so the viewing rules and overrides are theirs).
 * Must not: read a clock (the caller gives `since` and `now`), or know scenario files. */
#include "cp_room.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "records_int.h"

void cp_room_free(cp_room *r)
{
    if (!r)
        return;
    free(r->seats);
    memset(r, 0, sizeof *r);
}

/* Fills s from its session s->session: the summary, the latest reply, the exam run. */
static int fill_seat(cp_records *db, cp_room_seat *s, cp_error *err)
{
    cp_rec_session rs;
    if (cp_records_session_get(db, s->session, &rs, err) != 0)
        return -1;
    snprintf(s->scenario, sizeof s->scenario, "%s", rs.scenario);
    snprintf(s->mode, sizeof s->mode, "%s", rs.mode);
    snprintf(s->started, sizeof s->started, "%s", rs.started);
    s->turns = rs.turns;
    s->ended = rs.ended[0] != 0;
    snprintf(s->outcome, sizeof s->outcome, "%s", rs.outcome);
    s->rating = rs.rating;
    s->exam_run = rs.exam_run;
    size_t nt = 0;
    cp_rec_turn *t = cp_records_turns(db, s->session, &nt, err);
    if (!t)
        return -1;
    if (nt) {
        const cp_rec_turn *l = &t[nt - 1];   /* ordered by turn, then attempt: the latest */
        s->has_reply = true;
        s->seq = l->seq;
        s->attempt = l->attempt;
        s->percent = l->max > 0 ? 100.0 * l->final / l->max : -1;
        for (size_t k = 0; k < l->ncrit; k++)
            if (l->crit[k].focus) {
                if (l->crit[k].met)
                    s->met++;
                else
                    s->missed++;
            }
        snprintf(s->last_at, sizeof s->last_at, "%s", l->at);
    }
    cp_rec_turns_free(t, nt);
    if (s->exam_run) {
        cp_exam_result er;
        if (cp_records_exam_result(db, s->exam_run, &er, err) != 0)
            return -1;
        snprintf(s->exam_title, sizeof s->exam_title, "%s", er.title[0] ? er.title : er.exam);
        s->exam_finished = er.finished;
        s->exam_passed = er.passed;
        s->exam_complete = er.complete;
        s->exam_percent = er.percent;
        /* which part this session is (0 when the run cannot say: it is still listed) */
        cp_exam_stop st;
        cp_error e2;
        if (cp_records_exam_stop(db, s->exam_run, &st, &e2) == 0) {
            s->exam_parts = (int)st.nparts;
            for (size_t p = 0; p < st.nparts; p++)
                if (st.parts[p].session == s->session)
                    s->exam_part = (int)p + 1;
            cp_exam_stop_free(&st);
        }
    }
    return 0;
}

int cp_records_room(cp_records *db, const char *group, const char *since, cp_room *out,
                    cp_error *err)
{
    cp_error_clear(err);
    cp_room_free(out);
    if (!group || !group[0])
        return cp_error_set(err, db->path, 0, "未选择班组");
    if (!since)
        since = "";
    size_t n = 0;
    cp_trainee *all = cp_records_trainees(db, &n, err);
    if (!all)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(all[i].group, group))
            all[k++] = all[i];
    if (!k) {
        free(all);
        return cp_error_set(err, db->path, 0, "班组“%s”里没有学员", group);
    }
    /* the members' results are other trainees' results: the same rule as 案例拆解 and 汇总 */
    if (cp_records_has_passphrase(db) && !db->unlocked) {
        free(all);
        return cp_error_set(err, db->path, 0,
                            "viewing the class's results needs the assessor passphrase");
    }
    snprintf(out->group, sizeof out->group, "%s", group);
    snprintf(out->since, sizeof out->since, "%s", since);
    out->seats = cp_xcalloc(k, sizeof *out->seats);
    out->n = k;
    for (size_t i = 0; i < k; i++)
        out->seats[i].who = all[i];
    free(all);
    /* Every session of the class with activity since `since`, with its latest activity: the one
     * per member with the latest activity is theirs (ids break ties: the newer session). */
    rec_stmt *st = rec_prepare(db,
        "SELECT s.id, s.trainee_id, COALESCE((SELECT max(t.at) FROM turns t"
        "   WHERE t.session_id = s.id), s.started) AS act"
        " FROM sessions s JOIN trainees tr ON tr.id = s.trainee_id"
        " WHERE tr.grp = ?1 AND (s.started >= ?2 OR EXISTS (SELECT 1 FROM turns u"
        "   WHERE u.session_id = s.id AND u.at >= ?2))"
        " ORDER BY s.id", err);
    if (!st) {
        cp_room_free(out);
        return -1;
    }
    rec_bind_text(st, 1, group);
    rec_bind_text(st, 2, since);
    int rc;
    while ((rc = rec_step(st)) == REC_ROW) {
        int64_t sid = rec_col_int64(st, 0), tid = rec_col_int64(st, 1);
        char act[32];
        rec_col_text(st, 2, act, sizeof act);
        for (size_t i = 0; i < out->n; i++) {
            cp_room_seat *s = &out->seats[i];
            if (s->who.id != tid)
                continue;
            /* compare to the second: a reply's time has a fraction, a start has none */
            if (!s->session || strncmp(act, s->last_at, 19) >= 0) {
                s->session = sid;
                snprintf(s->last_at, sizeof s->last_at, "%s", act);
            }
        }
    }
    rec_finalize(st);
    if (rc != REC_DONE) {
        rec_fail(db, rc, "reading the room", err);
        cp_room_free(out);
        return -1;
    }
    for (size_t i = 0; i < out->n; i++) {
        cp_room_seat *s = &out->seats[i];
        if (!s->session)
            continue;
        out->active++;
        if (fill_seat(db, s, err) != 0) {
            cp_room_free(out);
            return -1;
        }
    }
    return 0;
}

long long cp_room_age(const char *iso, long long now)
{
    struct tm tm = { 0 };
    if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                       &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    long long t = (long long)timegm(&tm);
    return now > t ? now - t : 0;
}

void cp_room_age_text(long long age, char *buf, size_t size)
{
    if (age < 0)
        snprintf(buf, size, "%s", "");
    else if (age < 10)
        snprintf(buf, size, "刚刚");
    else if (age < 60)
        snprintf(buf, size, "%lld 秒前", age);
    else if (age < 3600)
        snprintf(buf, size, "%lld 分钟前", age / 60);
    else if (age < 86400)
        snprintf(buf, size, "%lld 小时前", age / 3600);
    else
        snprintf(buf, size, "%lld 天前", age / 86400);
}
