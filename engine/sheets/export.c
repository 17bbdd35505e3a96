/* export.c - builds the score-sheet document (cp_export.h, docs/export-schema.md) from the
 * records for one selection, and checks a document before it is rendered.
 * The document is the single source of truth of every export format: the per-trainee summary and
 * the cohort are computed here from the turns already placed in the document (counted attempts,
 * overrides applied, hint costs deducted), so a reader can recompute every number it shows.
 * Must not: write to the records (read-only queries only), bypass the records' viewing rules
 * (every trainee's results are read through calls that check the passphrase lock), or fail an
 * export because a scenario file is missing or broken (the title falls back to the id); or
 * query a database itself (it asks the records through cp_records.h and cp_records_exam.h). */
#include "cp_export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cp_records.h"
#include "cp_records_exam.h"
#include "cp_scenario.h"

#define GENERATOR "counterpart 1.0"

/* ---- Small helpers ---- */

static double round_to(double x, double scale) { return round(x * scale) / scale; }
static double pct1(double score, double max) { return max > 0 ? round_to(100.0 * score / max, 10) : 0; }
static double num(const cJSON *o, const char *k);

static void add_str_or_null(cJSON *o, const char *k, const char *v)
{
    if (v && *v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

/* True when s is "YYYY-MM-DD" with a plausible month and day. */
static bool is_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* True when the stored UTC time `at` falls on a local date in [from, to] (inclusive, NULL =
 * open): an assessor's 2026-12-01 is 2026-12-01 in their own time zone (cp_tz_default). */
static bool in_range(const char *at, const char *from, const char *to)
{
    char day[32];
    cp_time_local(at, "%Y-%m-%d", day, sizeof day);
    if (from && strncmp(day, from, 10) < 0)
        return false;
    if (to && strncmp(day, to, 10) > 0)
        return false;
    return true;
}

static bool all_digits(const char *s)
{
    if (!*s || strlen(s) > 18)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* ---- Build context ---- */

typedef struct who {
    cp_trainee t;
    cp_rec_session *s;       /* sessions in the selection, oldest first */
    size_t ns, caps;
    cp_exam_result *runs;    /* exam runs in the selection (exam / run selections) */
    size_t nruns, capr;
    cJSON *sessions;         /* the sessions' JSON until it moves into the document */
} who;

/* One turn (seq) of a session and who it is credited to: whoever answered its counted attempt
 * (the keyboard, in classroom sessions), else the session's trainee. */
typedef struct credit {
    int64_t trainee;         /* credited trainee; 0 = nobody in this document */
    int64_t owner, session;  /* the session and its trainee */
    int seq;
    int hints, overrides;    /* over every attempt of the turn */
    bool listed;             /* the session is in its owner's sessions[] */
    bool exam;               /* an exam session's turn: counted in exam runs, not practice */
    double final, max;       /* the counted attempt's points */
    struct crit_hit *hit;    /* its criteria in focus (owned) */
    int nhit;
    cJSON *turn;             /* a copy of the counted attempt when a classmate answered it, for
                              * their answered_elsewhere (owned; NULL otherwise) */
    char scenario[128], started[32];
} credit;

/* One criterion in focus on a counted attempt: what the summaries count. */
typedef struct crit_hit {
    size_t id;               /* index in build.crit_ids */
    bool met, met_auto, over;
} crit_hit;

typedef struct build {
    cp_records *db;
    const cp_scorer *scorer;
    const cp_export_sel *sel;
    cp_error *err;
    who *w;
    size_t nw, capw;
    cp_strlist crit_ids, crit_names;   /* every criterion seen; names parallel */
    cp_strlist title_ids, title_vals;  /* scenario title cache */
    credit *cr;                        /* every turn of every session read */
    size_t ncr, capcr;
    size_t *by_trainee;                /* indices into cr by credited trainee, then index (made
                                        * once the credits are settled: a trainee's are found
                                        * without reading every trainee's) */
    int64_t selected;                  /* trainee selection: the trainee; else 0 */
    cp_rec_session *other;             /* trainee selection: other trainees' classroom
                                        * sessions the trainee answered in (not listed) */
    size_t nother, capother;
    cJSON *other_json;                 /* their JSON (array), kept for the credits */
    bool lazy;                         /* sessions keep "turns": [] until cp_export_fill */
    bool filling;                      /* reading turns again for cp_export_fill: no credits */
} build;

static who *who_for(build *b, const cp_trainee *t)
{
    for (size_t i = 0; i < b->nw; i++)
        if (b->w[i].t.id == t->id)
            return &b->w[i];
    if (b->nw == b->capw) {
        b->capw = b->capw ? 2 * b->capw : 8;
        b->w = cp_xrealloc(b->w, b->capw * sizeof *b->w);
    }
    who *w = &b->w[b->nw++];
    memset(w, 0, sizeof *w);
    w->t = *t;
    return w;
}

static void who_add_session(who *w, const cp_rec_session *s)
{
    if (w->ns == w->caps) {
        w->caps = w->caps ? 2 * w->caps : 8;
        w->s = cp_xrealloc(w->s, w->caps * sizeof *w->s);
    }
    w->s[w->ns++] = *s;
}

static void who_add_run(who *w, const cp_exam_result *r)
{
    if (w->nruns == w->capr) {
        w->capr = w->capr ? 2 * w->capr : 4;
        w->runs = cp_xrealloc(w->runs, w->capr * sizeof *w->runs);
    }
    w->runs[w->nruns++] = *r;
}

static void build_free(build *b)
{
    for (size_t i = 0; i < b->nw; i++) {
        free(b->w[i].s);
        free(b->w[i].runs);
        cJSON_Delete(b->w[i].sessions);
    }
    free(b->w);
    for (size_t i = 0; i < b->ncr; i++) {
        free(b->cr[i].hit);
        cJSON_Delete(b->cr[i].turn);
    }
    free(b->cr);
    free(b->by_trainee);
    free(b->other);
    cJSON_Delete(b->other_json);
    cp_strlist_free(&b->crit_ids);
    cp_strlist_free(&b->crit_names);
    cp_strlist_free(&b->title_ids);
    cp_strlist_free(&b->title_vals);
}

/* Remembers criterion id (with the name the scorer gave it when it was graded). */
static void note_criterion(build *b, const char *id, const char *name)
{
    if (cp_strlist_has(&b->crit_ids, id))
        return;
    cp_strlist_push(&b->crit_ids, id);
    cp_strlist_push(&b->crit_names, name && *name ? name : id);
}

/* Chinese title of scenario id: loaded once from <scenarios_dir>/<id>.lua; the id when there is
 * no such file or it does not load (a broken scenario must not stop an export). */
static const char *title_of(build *b, const char *id)
{
    for (size_t i = 0; i < b->title_ids.n; i++)
        if (strcmp(b->title_ids.v[i], id) == 0)
            return b->title_vals.v[i];
    const char *title = id;
    cp_scenario *sc = NULL;
    if (b->sel->scenarios_dir && !strchr(id, '/')) {
        char *path = cp_xasprintf("%s/%s.lua", b->sel->scenarios_dir, id);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            cp_error ignored = { 0 };
            sc = cp_scenario_load(path, &ignored);
            if (sc && sc->title && *sc->title)
                title = sc->title;
        }
        free(path);
    }
    cp_strlist_push(&b->title_ids, id);
    cp_strlist_push(&b->title_vals, title);
    cp_scenario_free(sc);
    return b->title_vals.v[b->title_vals.n - 1];
}

/* ---- Selecting ---- */

static bool session_in(const build *b, const cp_rec_session *s)
{
    return in_range(s->started, b->sel->from, b->sel->to);
}

/* All sessions of trainee t in the date range (viewing rules checked by the records). */
static int select_trainee(build *b, const cp_trainee *t)
{
    size_t n;
    cp_rec_session *s = cp_records_sessions(b->db, t->id, &n, b->err);
    if (!s)
        return -1;
    who *w = NULL;
    for (size_t i = 0; i < n; i++)
        if (session_in(b, &s[i])) {
            if (!w)
                w = who_for(b, t);
            who_add_session(w, &s[i]);
        }
    free(s);
    return 0;
}

/* Trainee selection: other trainees' classroom sessions, started in the date range, where t was
 * at the keyboard for some reply. They are read for t's credits only (not listed). A session
 * whose trainee's results this handle may not view (passphrase set and not unlocked) is left
 * out, as the records' viewing rules say. */
static int select_answered_elsewhere(build *b, const cp_trainee *t)
{
    b->selected = t->id;
    size_t n;
    int64_t *ids = cp_records_sessions_answered(b->db, t->id, &n, b->err);
    if (!ids)
        return -1;
    int ret = 0;
    for (size_t i = 0; ret == 0 && i < n; i++) {
        cp_rec_session s;
        cp_error e = { 0 };
        if (cp_records_session_get(b->db, ids[i], &s, &e) != 0) {
            if (cp_records_unlocked(b->db)) {   /* not the viewing rule: a real failure */
                *b->err = e;
                ret = -1;
            }
            continue;
        }
        if (!session_in(b, &s))
            continue;
        if (b->nother == b->capother) {
            b->capother = b->capother ? 2 * b->capother : 8;
            b->other = cp_xrealloc(b->other, b->capother * sizeof *b->other);
        }
        b->other[b->nother++] = s;
    }
    free(ids);
    return ret;
}

/* One exam run: its result and its sessions. */
static int select_run(build *b, int64_t run)
{
    cp_exam_result r;
    if (cp_records_exam_result(b->db, run, &r, b->err) != 0)
        return -1;
    cp_trainee t;
    if (cp_records_trainee_get(b->db, r.trainee, &t, b->err) != 0)
        return -1;
    who *w = who_for(b, &t);
    who_add_run(w, &r);
    size_t n;
    int64_t *ids = cp_records_exam_run_sessions(b->db, run, &n, b->err);
    if (!ids)
        return -1;
    for (size_t i = 0; i < n; i++) {
        cp_rec_session s;
        if (cp_records_session_get(b->db, ids[i], &s, b->err) != 0) {
            free(ids);
            return -1;
        }
        who_add_session(w, &s);
    }
    free(ids);
    return 0;
}

/* Every run of exam key (all versions of the file) that started in the date range. */
static int select_exam(build *b, const char *key, bool *known)
{
    size_t n;
    cp_exam_run_ref *runs = cp_records_exam_run_refs(b->db, key, &n, b->err);
    if (!runs)
        return -1;
    *known = n > 0;
    int ret = 0;
    for (size_t i = 0; ret == 0 && i < n; i++)
        if (in_range(runs[i].started, b->sel->from, b->sel->to))
            ret = select_run(b, runs[i].id);
    free(runs);
    return ret;
}

static int cmp_who(const void *a, const void *b)
{
    const who *x = a, *y = b;
    int c = strcmp(x->t.group, y->t.group);
    return c ? c : strcmp(x->t.staff_no, y->t.staff_no);
}

static int cmp_session(const void *a, const void *b)
{
    const cp_rec_session *x = a, *y = b;
    int c = strcmp(x->started, y->started);
    return c ? c : (x->id > y->id) - (x->id < y->id);
}

static const char *kind_name(cp_export_kind k)
{
    switch (k) {
    case CP_SEL_SESSION: return "session";
    case CP_SEL_TRAINEE: return "trainee";
    case CP_SEL_EXAM: return "exam";
    case CP_SEL_RUN: return "run";
    case CP_SEL_GROUP: return "group";
    }
    return "session";
}

/* "between FROM and TO" for error messages. */
static void range_words(const cp_export_sel *sel, char *buf, size_t size)
{
    if (sel->from && sel->to)
        snprintf(buf, size, " between %s and %s", sel->from, sel->to);
    else if (sel->from)
        snprintf(buf, size, " from %s on", sel->from);
    else if (sel->to)
        snprintf(buf, size, " up to %s", sel->to);
    else
        buf[0] = '\0';
}

static int select_all(build *b)
{
    const cp_export_sel *sel = b->sel;
    const char *key = sel->key;
    char range[64];
    range_words(sel, range, sizeof range);
    switch (sel->kind) {
    case CP_SEL_SESSION: {
        if (!all_digits(key))
            return cp_error_set(b->err, NULL, 0, "session '%s': a session id is a number", key);
        cp_rec_session s;
        if (cp_records_session_get(b->db, strtoll(key, NULL, 10), &s, b->err) != 0)
            return -1;
        cp_trainee t;
        if (cp_records_trainee_get(b->db, s.trainee, &t, b->err) != 0)
            return -1;
        who_add_session(who_for(b, &t), &s);
        return 0;
    }
    case CP_SEL_TRAINEE: {
        cp_trainee t;
        if (cp_records_trainee_find(b->db, key, &t, b->err) != 0 || select_trainee(b, &t) != 0 ||
            select_answered_elsewhere(b, &t) != 0)
            return -1;
        if (!b->nw && !b->nother)
            return cp_error_set(b->err, cp_records_path(b->db), 0,
                                "no sessions of trainee %s (%s)%s", t.staff_no, t.name, range);
        return 0;
    }
    case CP_SEL_GROUP: {
        size_t n;
        cp_trainee *all = cp_records_trainees(b->db, &n, b->err);
        if (!all)
            return -1;
        size_t members = 0;
        int rc = 0;
        /* every member is listed, with or without sessions (未练习): a roster of 17 is 17 人 */
        for (size_t i = 0; rc == 0 && i < n; i++)
            if (strcmp(all[i].group, key) == 0) {
                members++;
                who_for(b, &all[i]);
                rc = select_trainee(b, &all[i]);
            }
        free(all);
        if (rc != 0)
            return -1;
        if (!members)
            return cp_error_set(b->err, cp_records_path(b->db), 0, "no trainee in 班组 '%s'", key);
        return 0;
    }
    case CP_SEL_EXAM: {
        bool known;
        if (select_exam(b, key, &known) != 0)
            return -1;
        if (!known)
            return cp_error_set(b->err, cp_records_path(b->db), 0, "exam '%s' has never been run",
                                key);
        if (!b->nw)
            return cp_error_set(b->err, cp_records_path(b->db), 0, "no runs of exam '%s'%s", key,
                                range);
        return 0;
    }
    case CP_SEL_RUN:
        if (!all_digits(key))
            return cp_error_set(b->err, NULL, 0, "exam run '%s': a run id is a number", key);
        return select_run(b, strtoll(key, NULL, 10));
    }
    return cp_error_set(b->err, NULL, 0, "unknown selection kind %d", (int)sel->kind);
}

/* Outside exam selections: the exam runs the selected sessions belong to, listed apart from
 * practice (each run once, in id order). */
static int runs_of_sessions(build *b)
{
    for (size_t i = 0; i < b->nw; i++) {
        who *w = &b->w[i];
        for (size_t k = 0; k < w->ns; k++) {
            int64_t run = w->s[k].exam_run;
            bool seen = run == 0;
            for (size_t j = 0; j < w->nruns && !seen; j++)
                seen = w->runs[j].id == run;
            if (seen)
                continue;
            cp_exam_result r;
            if (cp_records_exam_result(b->db, run, &r, b->err) != 0)
                return -1;
            who_add_run(w, &r);
        }
        for (size_t j = 1; j < w->nruns; j++)
            for (size_t k = j; k > 0 && w->runs[k - 1].id > w->runs[k].id; k--) {
                cp_exam_result t = w->runs[k];
                w->runs[k] = w->runs[k - 1];
                w->runs[k - 1] = t;
            }
    }
    return 0;
}

/* ---- Turns ---- */

/* The stored scorer output of one turn (names, evidence, notes); NULL when unreadable. */
static cJSON *stored_criteria(build *b, int64_t turn_id)
{
    char *text = cp_records_turn_criteria_json(b->db, turn_id, NULL);
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    free(text);
    if (j && !cJSON_IsArray(j)) {
        cJSON_Delete(j);
        j = NULL;
    }
    return j;
}

static const cJSON *stored_find(const cJSON *arr, const char *id)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, arr) {
        const cJSON *cid = cJSON_GetObjectItemCaseSensitive(c, "id");
        if (cJSON_IsString(cid) && strcmp(cid->valuestring, id) == 0)
            return c;
    }
    return NULL;
}

/* Notes the criteria of turn t as turn_criteria would (names from the stored scorer output,
 * read only when an id is new). */
static void note_turn(build *b, const cp_rec_turn *t)
{
    bool fresh = false;
    for (size_t k = 0; k < t->ncrit && !fresh; k++)
        fresh = !cp_strlist_has(&b->crit_ids, t->crit[k].id);
    if (!fresh)
        return;
    cJSON *stored = t->criteria_json ? cJSON_Parse(t->criteria_json) : stored_criteria(b, t->id);
    for (size_t k = 0; k < t->ncrit; k++) {
        const cJSON *sname = cJSON_GetObjectItemCaseSensitive(stored_find(cJSON_IsArray(stored) ? stored : NULL,
                                                                          t->crit[k].id), "name");
        note_criterion(b, t->crit[k].id, cJSON_IsString(sname) ? sname->valuestring : NULL);
    }
    cJSON_Delete(stored);
}

static cJSON *turn_criteria(build *b, const cp_rec_turn *t)
{
    /* the stored scorer output comes with the turn (cp_rec_turn.criteria_json) */
    cJSON *stored = t->criteria_json ? cJSON_Parse(t->criteria_json) : stored_criteria(b, t->id);
    if (stored && !cJSON_IsArray(stored)) {
        cJSON_Delete(stored);
        stored = NULL;
    }
    cJSON *arr = cJSON_CreateArray();
    for (size_t k = 0; k < t->ncrit; k++) {
        const cp_rec_crit *c = &t->crit[k];
        const cJSON *sc = stored_find(stored, c->id);
        const cJSON *sname = cJSON_GetObjectItemCaseSensitive(sc, "name");
        const char *name = cJSON_IsString(sname) ? sname->valuestring : NULL;
        note_criterion(b, c->id, name);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", c->id);
        cJSON_AddStringToObject(o, "name", name && *name ? name : c->id);
        cJSON_AddBoolToObject(o, "focus", c->focus);
        cJSON_AddBoolToObject(o, "met", c->met);
        cJSON_AddBoolToObject(o, "met_auto", c->met_auto);
        if (c->met_override >= 0) {
            cJSON *ov = cJSON_CreateObject();
            cJSON_AddBoolToObject(ov, "met", c->met_override == 1);
            cJSON_AddStringToObject(ov, "by", c->by);
            cJSON_AddStringToObject(ov, "why", c->why);
            cJSON_AddStringToObject(ov, "at", c->at);
            cJSON_AddItemToObject(o, "override", ov);
        } else {
            cJSON_AddNullToObject(o, "override");
        }
        cJSON_AddNumberToObject(o, "score", round_to(c->score, 1000));
        cJSON_AddNumberToObject(o, "max", round_to(c->max, 1000));
        cJSON *ev = cJSON_AddArrayToObject(o, "evidence");
        const cJSON *e;
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(sc, "evidence")) {
            const cJSON *txt = cJSON_GetObjectItemCaseSensitive(e, "text");
            if (cJSON_IsString(txt) && *txt->valuestring)
                cJSON_AddItemToArray(ev, cJSON_CreateString(txt->valuestring));
        }
        const cJSON *note = cJSON_GetObjectItemCaseSensitive(sc, "note");
        cJSON_AddStringToObject(o, "note", cJSON_IsString(note) ? note->valuestring : "");
        cJSON_AddItemToArray(arr, o);
    }
    cJSON_Delete(stored);
    return arr;
}

static int add_keyboard(build *b, cJSON *o, const cp_rec_turn *t, int64_t session_trainee)
{
    if (!t->keyboard || t->keyboard == session_trainee) {
        cJSON_AddNullToObject(o, "keyboard");
        return 0;
    }
    cp_trainee k;
    if (cp_records_trainee_get(b->db, t->keyboard, &k, b->err) != 0)
        return -1;
    cJSON *kb = cJSON_AddObjectToObject(o, "keyboard");
    cJSON_AddNumberToObject(kb, "id", (double)k.id);
    cJSON_AddStringToObject(kb, "name", k.name);
    cJSON_AddStringToObject(kb, "staff_no", k.staff_no);
    return 0;
}

/* Adds override records of session's attempts to ov[seq] (ov has maxseq + 1 slots). */
static int overrides_by_seq(build *b, int64_t session, int *ov, int maxseq)
{
    return cp_records_override_counts(b->db, session, ov, maxseq, b->err);
}

static cJSON *turns_json(build *b, const cp_rec_session *s, const cp_rec_turn *t, size_t nt);

/* Records one credit per turn (seq) of session s, whose turns' JSON is `turns` (parallel to t):
 * the counted attempt's keyboard in classroom sessions, else the session's trainee. */
static int add_credits(build *b, const cp_rec_session *s, const cp_rec_turn *t, size_t nt,
                       const cJSON *turns, bool listed)
{
    int maxseq = 0;
    for (size_t i = 0; i < nt; i++)
        maxseq = t[i].seq > maxseq ? t[i].seq : maxseq;
    int *hints = cp_xcalloc((size_t)maxseq + 1, sizeof *hints);
    int *ov = cp_xcalloc((size_t)maxseq + 1, sizeof *ov);
    for (size_t i = 0; i < nt; i++)
        if (t[i].seq >= 1)
            hints[t[i].seq] += t[i].hints;
    int ret = overrides_by_seq(b, s->id, ov, maxseq);
    bool classroom = strcmp(s->mode, "classroom") == 0;
    const cJSON *u = turns ? turns->child : NULL;
    for (size_t i = 0; ret == 0 && i < nt; i++, u = u ? u->next : NULL) {
        if (!turns && t[i].counted && t[i].seq >= 1) {
            /* without the turns' JSON (lazy): the same figures from the records */
            if (b->ncr == b->capcr) {
                b->capcr = b->capcr ? 2 * b->capcr : 64;
                b->cr = cp_xrealloc(b->cr, b->capcr * sizeof *b->cr);
            }
            credit *c = &b->cr[b->ncr++];
            memset(c, 0, sizeof *c);
            c->trainee = classroom && t[i].keyboard ? t[i].keyboard : s->trainee;
            c->owner = s->trainee;
            c->session = s->id;
            c->seq = t[i].seq;
            c->hints = hints[t[i].seq];
            c->overrides = ov[t[i].seq];
            c->listed = listed;
            c->exam = strcmp(s->mode, "exam") == 0;
            c->final = round_to(t[i].final, 1000);
            c->max = round_to(t[i].max, 1000);
            for (size_t k = 0; k < t[i].ncrit; k++) {
                const cp_rec_crit *rc = &t[i].crit[k];
                if (!rc->focus)
                    continue;
                size_t x = 0;
                while (x < b->crit_ids.n && strcmp(b->crit_ids.v[x], rc->id) != 0)
                    x++;
                if (x == b->crit_ids.n)
                    continue;
                c->hit = cp_xrealloc(c->hit, (size_t)(c->nhit + 1) * sizeof *c->hit);
                c->hit[c->nhit++] = (crit_hit){ x, rc->met, rc->met_auto, rc->met_override >= 0 };
            }
            if (c->trainee != c->owner) {   /* a classmate's turn: its JSON for them */
                cJSON *one = turns_json(b, s, &t[i], 1);
                if (!one) {
                    ret = -1;
                    break;
                }
                c->turn = cJSON_DetachItemFromArray(one, 0);
                cJSON_Delete(one);
            }
            snprintf(c->scenario, sizeof c->scenario, "%s", s->scenario);
            snprintf(c->started, sizeof c->started, "%s", s->started);
            continue;
        }
        if (!turns)
            continue;
        if (!t[i].counted || t[i].seq < 1)
            continue;
        if (b->ncr == b->capcr) {
            b->capcr = b->capcr ? 2 * b->capcr : 64;
            b->cr = cp_xrealloc(b->cr, b->capcr * sizeof *b->cr);
        }
        credit *c = &b->cr[b->ncr++];
        memset(c, 0, sizeof *c);
        c->trainee = classroom && t[i].keyboard ? t[i].keyboard : s->trainee;
        c->owner = s->trainee;
        c->session = s->id;
        c->seq = t[i].seq;
        c->hints = hints[t[i].seq];
        c->overrides = ov[t[i].seq];
        c->listed = listed;
        c->exam = strcmp(s->mode, "exam") == 0;
        c->final = num(u, "final");
        c->max = num(u, "max");
        const cJSON *cj;
        cJSON_ArrayForEach(cj, cJSON_GetObjectItemCaseSensitive(u, "criteria")) {
            if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cj, "focus")))
                continue;
            const char *id = cJSON_GetObjectItemCaseSensitive(cj, "id")->valuestring;
            size_t k = 0;
            while (k < b->crit_ids.n && strcmp(b->crit_ids.v[k], id) != 0)
                k++;
            if (k == b->crit_ids.n)
                continue;
            c->hit = cp_xrealloc(c->hit, (size_t)(c->nhit + 1) * sizeof *c->hit);
            c->hit[c->nhit++] = (crit_hit){ k, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cj, "met")),
                                            cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cj, "met_auto")),
                                            cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(cj, "override")) };
        }
        if (c->trainee != c->owner)
            c->turn = cJSON_Duplicate(u, true);
        snprintf(c->scenario, sizeof c->scenario, "%s", s->scenario);
        snprintf(c->started, sizeof c->started, "%s", s->started);
    }
    free(hints);
    free(ov);
    return ret;
}

static cJSON *session_json(build *b, const cp_rec_session *s, bool listed)
{
    size_t nt;
    /* lazily built: the turns' figures now, their JSON (the stored scorer output, unpacked and
     * parsed) only when cp_export_fill reads them */
    bool brief = b->lazy && !b->filling;
    cp_rec_turn *t = brief ? cp_records_turns_brief(b->db, s->id, &nt, b->err)
                           : cp_records_turns(b->db, s->id, &nt, b->err);
    if (!t)
        return NULL;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)s->id);
    cJSON_AddStringToObject(o, "scenario", s->scenario);
    cJSON_AddStringToObject(o, "title", title_of(b, s->scenario));
    cJSON_AddStringToObject(o, "mode", s->mode);
    if (s->exam_run)
        cJSON_AddNumberToObject(o, "exam_run", (double)s->exam_run);
    else
        cJSON_AddNullToObject(o, "exam_run");
    cJSON_AddStringToObject(o, "started", s->started);
    add_str_or_null(o, "ended", s->ended);
    bool ended = s->ended[0] != '\0';
    add_str_or_null(o, "outcome", ended ? s->outcome : NULL);
    add_str_or_null(o, "outcome_name", ended ? cp_scenario_outcome_name(s->outcome) : NULL);
    if (s->rating >= 1 && s->rating <= 5) {
        cJSON_AddNumberToObject(o, "rating", s->rating);
        cJSON_AddStringToObject(o, "rating_name", cp_scenario_rating_name(s->rating));
    } else {
        cJSON_AddNullToObject(o, "rating");
        cJSON_AddNullToObject(o, "rating_name");
    }
    cJSON_AddNumberToObject(o, "score", round_to(s->score, 1000));
    cJSON_AddNumberToObject(o, "max", round_to(s->max, 1000));
    cJSON_AddNumberToObject(o, "percent", pct1(s->score, s->max));
    cJSON_AddNumberToObject(o, "hints", s->hints);
    cJSON_AddNumberToObject(o, "overrides", s->overrides);
    if (b->lazy && !b->filling) {
        /* lazily built: no turns' JSON now (cp_export_fill reads them, a trainee at a time);
         * the criteria they name and the credits come from the records */
        for (size_t i = 0; i < nt; i++)
            note_turn(b, &t[i]);
        cJSON_AddItemToObject(o, "turns", cJSON_CreateArray());
        if (add_credits(b, s, t, nt, NULL, listed) != 0) {
            cJSON_Delete(o);
            o = NULL;
        }
        cp_rec_turns_free(t, nt);
        return o;
    }
    cJSON *turns = turns_json(b, s, t, nt);
    if (!turns) {
        cJSON_Delete(o);
        cp_rec_turns_free(t, nt);
        return NULL;
    }
    cJSON_AddItemToObject(o, "turns", turns);
    if (!b->filling && add_credits(b, s, t, nt, turns, listed) != 0) {
        cJSON_Delete(o);
        o = NULL;
    }
    cp_rec_turns_free(t, nt);
    return o;
}

/* The turns[] of session s (its recorded turns t[0..nt)); NULL with b->err on failure. */
static cJSON *turns_json(build *b, const cp_rec_session *s, const cp_rec_turn *t, size_t nt)
{
    cJSON *turns = cJSON_CreateArray();
    for (size_t i = 0; i < nt; i++) {
        cJSON *u = cJSON_CreateObject();
        cJSON_AddItemToArray(turns, u);
        cJSON_AddNumberToObject(u, "seq", t[i].seq);
        cJSON_AddNumberToObject(u, "attempt", t[i].attempt);
        cJSON_AddBoolToObject(u, "counted", t[i].counted);
        cJSON_AddStringToObject(u, "node", t[i].node);
        cJSON_AddStringToObject(u, "citizen", t[i].citizen);
        cJSON_AddStringToObject(u, "reply", t[i].reply);
        cJSON_AddNumberToObject(u, "choice", t[i].choice);
        cJSON_AddNumberToObject(u, "hints", t[i].hints);
        cJSON_AddNumberToObject(u, "score", round_to(t[i].score, 1000));
        cJSON_AddNumberToObject(u, "max", round_to(t[i].max, 1000));
        cJSON_AddNumberToObject(u, "final", round_to(t[i].final, 1000));
        cJSON_AddNumberToObject(u, "anger", t[i].anger);
        cJSON_AddNumberToObject(u, "trust", t[i].trust);
        if (add_keyboard(b, u, &t[i], s->trainee) != 0) {
            cJSON_Delete(turns);
            return NULL;
        }
        cJSON_AddNumberToObject(u, "elapsed_ms", (double)t[i].elapsed_ms);
        cJSON_AddNumberToObject(u, "limit_ms", (double)t[i].limit_ms);
        cJSON_AddBoolToObject(u, "timed_out", t[i].timed_out);
        cJSON_AddStringToObject(u, "at", t[i].at);
        add_str_or_null(u, "model", t[i].model[0] ? t[i].model : NULL);
        cJSON_AddItemToObject(u, "criteria", turn_criteria(b, &t[i]));
    }
    return turns;
}

static cJSON *run_json(const cp_exam_result *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)r->id);
    cJSON_AddStringToObject(o, "exam", r->exam);
    cJSON_AddStringToObject(o, "title", r->title);
    cJSON_AddStringToObject(o, "started", r->started);
    add_str_or_null(o, "ended", r->ended);
    cJSON_AddStringToObject(o, "by", r->by);
    cJSON_AddNumberToObject(o, "pass_mark", round_to(r->pass_mark, 10));
    cJSON_AddNumberToObject(o, "auto_percent", round_to(r->auto_percent, 10));
    cJSON_AddNumberToObject(o, "percent", round_to(r->percent, 10));
    cJSON_AddBoolToObject(o, "passed", r->passed);
    cJSON_AddBoolToObject(o, "complete", r->complete);
    cJSON_AddBoolToObject(o, "finished", r->finished);
    cJSON_AddNumberToObject(o, "overrides", r->overrides);
    cJSON_AddNumberToObject(o, "resumes", r->resumes);
    if (r->min_rating)
        cJSON_AddNumberToObject(o, "min_rating", r->min_rating);
    else
        cJSON_AddNullToObject(o, "min_rating");
    if (r->worst_rating)
        cJSON_AddNumberToObject(o, "worst_rating", r->worst_rating);
    else
        cJSON_AddNullToObject(o, "worst_rating");
    cJSON_AddBoolToObject(o, "outcome_ok", r->outcome_ok);
    return o;
}

/* ---- Criteria order, summaries, cohort ---- */

/* Rubric order: the scorer's generic criteria first in its order, then the rest sorted by id. */
static int crit_rank(const build *b, const char *id)
{
    size_t n = b->scorer ? cp_scorer_count(b->scorer) : 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(cp_scorer_id(b->scorer, i), id) == 0)
            return (int)i;
    return (int)n;
}

static int cmp_crit(const void *a, const void *c, void *ctx)
{
    const build *b = ctx;
    const char *x = b->crit_ids.v[*(const size_t *)a];
    const char *y = b->crit_ids.v[*(const size_t *)c];
    int rx = crit_rank(b, x), ry = crit_rank(b, y);
    return rx != ry ? (rx > ry) - (rx < ry) : strcmp(x, y);
}

/* The document's criteria array in rubric order (names: the scorer's, else the stored ones). */
static cJSON *criteria_json(const build *b)
{
    size_t n = b->crit_ids.n;
    size_t *ord = cp_xmalloc((n ? n : 1) * sizeof *ord);
    for (size_t i = 0; i < n; i++)
        ord[i] = i;
    qsort_r(ord, n, sizeof *ord, cmp_crit, (void *)b);
    cJSON *arr = cJSON_CreateArray();
    size_t ns = b->scorer ? cp_scorer_count(b->scorer) : 0;
    for (size_t i = 0; i < n; i++) {
        const char *id = b->crit_ids.v[ord[i]];
        const char *name = b->crit_names.v[ord[i]];
        int r = crit_rank(b, id);
        if ((size_t)r < ns)
            name = cp_scorer_name(b->scorer, (size_t)r);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", id);
        cJSON_AddStringToObject(o, "name", name);
        cJSON_AddItemToArray(arr, o);
    }
    free(ord);
    return arr;
}

typedef struct crit_count {
    int met, total, met_auto, overrides;
} crit_count;

static int index_of(const cJSON *criteria, const char *id)
{
    int i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, criteria) {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(c, "id")->valuestring, id) == 0)
            return i;
        i++;
    }
    return -1;
}

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* The trainee's summary, computed from the turns credited to them (counted attempts already in
 * the document): their own sessions' turns and the classroom turns they answered elsewhere. */
static size_t credits_of(const build *b, int64_t id, size_t *first);

static cJSON *summary_json(const build *b, const cJSON *criteria, const who *w, bool exam_sel,
                           double pass_mark)
{
    int ncrit = cJSON_GetArraySize(criteria);
    crit_count *cc = cp_xcalloc((size_t)(ncrit ? ncrit : 1), sizeof *cc);
    int *map = cp_xmalloc((b->crit_ids.n ? b->crit_ids.n : 1) * sizeof *map); /* id -> column */
    for (size_t k = 0; k < b->crit_ids.n; k++)
        map[k] = index_of(criteria, b->crit_ids.v[k]);
    double score = 0, max = 0;
    int nsess = 0, turns = 0, hints = 0, overrides = 0;
    /* outside exam selections the summary is practice (and classroom) only: exam runs are
     * reported apart (exam_runs[]), never mixed into practice percentages */
    for (size_t k = 0; k < w->ns; k++)
        nsess += exam_sel || strcmp(w->s[k].mode, "exam") != 0;
    size_t first, ncred = credits_of(b, w->t.id, &first);
    for (size_t k = first; k < first + ncred; k++) {
        const credit *cr = &b->cr[b->by_trainee[k]];
        if (!exam_sel && cr->exam)
            continue;
        hints += cr->hints;
        overrides += cr->overrides;
        turns++;
        score += cr->final;
        max += cr->max;
        for (int h = 0; h < cr->nhit; h++) {
            int i = map[cr->hit[h].id];
            if (i < 0)
                continue;
            cc[i].total++;
            cc[i].met += cr->hit[h].met;
            cc[i].met_auto += cr->hit[h].met_auto;
            cc[i].overrides += cr->hit[h].over;
        }
    }
    free(map);
    double percent = pct1(score, max);
    bool passed = percent >= pass_mark;
    if (exam_sel && w->nruns) {
        /* the latest run counts (runs are in id order) */
        const cp_exam_result *r = &w->runs[w->nruns - 1];
        percent = round_to(r->percent, 10);
        passed = r->passed;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "sessions", nsess);
    cJSON_AddNumberToObject(o, "turns", turns);
    cJSON_AddNumberToObject(o, "score", round_to(score, 1000));
    cJSON_AddNumberToObject(o, "max", round_to(max, 1000));
    cJSON_AddNumberToObject(o, "percent", percent);
    cJSON_AddBoolToObject(o, "passed", passed);
    cJSON_AddNumberToObject(o, "hints", hints);
    cJSON_AddNumberToObject(o, "overrides", overrides);
    cJSON *arr = cJSON_AddArrayToObject(o, "criteria");
    int i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, criteria) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "id", cJSON_GetObjectItemCaseSensitive(c, "id")->valuestring);
        cJSON_AddNumberToObject(x, "met", cc[i].met);
        cJSON_AddNumberToObject(x, "total", cc[i].total);
        if (cc[i].total)
            cJSON_AddNumberToObject(x, "rate", round_to((double)cc[i].met / cc[i].total, 10000));
        else
            cJSON_AddNullToObject(x, "rate");
        cJSON_AddNumberToObject(x, "met_auto", cc[i].met_auto);
        cJSON_AddNumberToObject(x, "overridden", cc[i].overrides);
        cJSON_AddItemToArray(arr, x);
        i++;
    }
    free(cc);
    return o;
}

/* Whether a trainee object of the document has at least one counted turn in the selection. */
static bool has_record(const cJSON *t)
{
    return num(cJSON_GetObjectItemCaseSensitive(t, "summary"), "turns") > 0;
}

static int cmp_below(const void *a, const void *c)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)c;
    double px = num(x, "percent"), py = num(y, "percent");
    if (px != py)
        return px < py ? -1 : 1;
    return strcmp(cJSON_GetObjectItemCaseSensitive(x, "staff_no")->valuestring,
                  cJSON_GetObjectItemCaseSensitive(y, "staff_no")->valuestring);
}

/* below_pass lowest score first: who needs help most is at the top. */
static void sort_below(cJSON *below)
{
    int n = cJSON_GetArraySize(below);
    if (n < 2)
        return;
    cJSON **v = cp_xmalloc((size_t)n * sizeof *v);
    for (int i = 0; i < n; i++)
        v[i] = cJSON_DetachItemFromArray(below, 0);
    qsort(v, (size_t)n, sizeof *v, cmp_below);
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(below, v[i]);
    free(v);
}

static cJSON *cohort_json(const cJSON *criteria, const cJSON *trainees, double pass_mark)
{
    cJSON *o = cJSON_CreateObject();
    int with_record = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, trainees)
        with_record += has_record(t);
    cJSON_AddNumberToObject(o, "trainees", cJSON_GetArraySize(trainees));
    cJSON_AddNumberToObject(o, "with_record", with_record);
    cJSON_AddNumberToObject(o, "pass_mark", pass_mark);
    cJSON *arr = cJSON_AddArrayToObject(o, "criteria");
    int ncrit = cJSON_GetArraySize(criteria);
    double *means = cp_xcalloc((size_t)(ncrit ? ncrit : 1), sizeof *means);
    bool *has = cp_xcalloc((size_t)(ncrit ? ncrit : 1), sizeof *has);
    int *answers = cp_xcalloc((size_t)(ncrit ? ncrit : 1), sizeof *answers);
    int i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, criteria) {
        const char *id = cJSON_GetObjectItemCaseSensitive(c, "id")->valuestring;
        int n = 0;
        double sum = 0, sq = 0, lo = 2, hi = -1;
        cJSON_ArrayForEach(t, trainees) {
            const cJSON *sc = cJSON_GetObjectItemCaseSensitive(
                cJSON_GetObjectItemCaseSensitive(t, "summary"), "criteria");
            const cJSON *x = cJSON_GetArrayItem(sc, i);
            const cJSON *rate = cJSON_GetObjectItemCaseSensitive(x, "rate");
            if (!cJSON_IsNumber(rate))
                continue;
            /* unrounded rate, so the mean does not carry rounding of each trainee */
            double r = num(x, "met") / num(x, "total");
            answers[i] += (int)num(x, "total");
            n++;
            sum += r;
            sq += r * r;
            lo = r < lo ? r : lo;
            hi = r > hi ? r : hi;
        }
        if (n) {
            double mean = sum / n, var = sq / n - mean * mean;
            cJSON *x = cJSON_CreateObject();
            cJSON_AddStringToObject(x, "id", id);
            cJSON_AddStringToObject(x, "name", cJSON_GetObjectItemCaseSensitive(c, "name")->valuestring);
            cJSON_AddNumberToObject(x, "n", n);
            cJSON_AddNumberToObject(x, "answers", answers[i]);
            cJSON_AddNumberToObject(x, "mean", round_to(mean, 10000));
            cJSON_AddNumberToObject(x, "sd", round_to(var > 0 ? sqrt(var) : 0, 10000));
            cJSON_AddNumberToObject(x, "min", round_to(lo, 10000));
            cJSON_AddNumberToObject(x, "max", round_to(hi, 10000));
            cJSON_AddItemToArray(arr, x);
            means[i] = mean;
            has[i] = true;
        }
        i++;
    }
    /* weakest: up to three lowest means below 1 (a criterion everyone met is not weak), only
     * among criteria answered at least CP_EXPORT_WEAKEST_MIN times (one missed answer is not a
     * weakness); ties keep rubric order (strict < while scanning) */
    cJSON_AddNumberToObject(o, "weakest_min_answers", CP_EXPORT_WEAKEST_MIN);
    cJSON *weak = cJSON_AddArrayToObject(o, "weakest");
    bool *used = cp_xcalloc((size_t)(ncrit ? ncrit : 1), sizeof *used);
    for (int k = 0; k < 3; k++) {
        int best = -1;
        for (int j = 0; j < ncrit; j++)
            if (has[j] && !used[j] && answers[j] >= CP_EXPORT_WEAKEST_MIN && means[j] < 1 - 1e-9 &&
                (best < 0 || means[j] < means[best] - 1e-12))
                best = j;
        if (best < 0)
            break;
        used[best] = true;
        cJSON_AddItemToArray(weak, cJSON_CreateString(
            cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(criteria, best), "id")->valuestring));
    }
    /* below_pass: trainees with a record who did not pass; no_record: trainees with no counted
     * turn in the selection (did not take part - not a fail, docs/export-schema.md);
     * not_practised: those of them with no session at all (未练习) */
    cJSON *below = cJSON_AddArrayToObject(o, "below_pass");
    cJSON *none = cJSON_AddArrayToObject(o, "no_record");
    cJSON *idle = cJSON_AddArrayToObject(o, "not_practised");
    cJSON *runs = cJSON_AddArrayToObject(o, "exam_runs");
    cJSON_ArrayForEach(t, trainees) {
        const cJSON *r;
        cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(t, "exam_runs")) {
            cJSON *x = cJSON_CreateObject();
            cJSON_AddNumberToObject(x, "id", num(t, "id"));
            cJSON_AddStringToObject(x, "name", cJSON_GetObjectItemCaseSensitive(t, "name")->valuestring);
            cJSON_AddStringToObject(x, "staff_no",
                                    cJSON_GetObjectItemCaseSensitive(t, "staff_no")->valuestring);
            cJSON_AddNumberToObject(x, "run", num(r, "id"));
            cJSON_AddItemToObject(x, "title", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(r, "title"), 0));
            cJSON_AddItemToObject(x, "started", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(r, "started"), 0));
            cJSON_AddNumberToObject(x, "percent", num(r, "percent"));
            cJSON_AddBoolToObject(x, "passed", cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "passed")));
            cJSON_AddItemToArray(runs, x);
        }
        if (!has_record(t) && !cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(t, "sessions")) &&
            !cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(t, "answered_elsewhere"))) {
            cJSON *x = cJSON_CreateObject();
            cJSON_AddNumberToObject(x, "id", num(t, "id"));
            cJSON_AddStringToObject(x, "name", cJSON_GetObjectItemCaseSensitive(t, "name")->valuestring);
            cJSON_AddStringToObject(x, "staff_no",
                                    cJSON_GetObjectItemCaseSensitive(t, "staff_no")->valuestring);
            cJSON_AddItemToArray(idle, x);
        }
    }
    cJSON_ArrayForEach(t, trainees) {
        const cJSON *sum = cJSON_GetObjectItemCaseSensitive(t, "summary");
        bool rec = has_record(t);
        if (rec && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(sum, "passed")))
            continue;
        cJSON *x = cJSON_CreateObject();
        cJSON_AddNumberToObject(x, "id", num(t, "id"));
        cJSON_AddStringToObject(x, "name", cJSON_GetObjectItemCaseSensitive(t, "name")->valuestring);
        cJSON_AddStringToObject(x, "staff_no",
                                cJSON_GetObjectItemCaseSensitive(t, "staff_no")->valuestring);
        if (rec)
            cJSON_AddNumberToObject(x, "percent", num(sum, "percent"));
        cJSON_AddItemToArray(rec ? below : none, x);
    }
    free(means);
    free(has);
    free(used);
    free(answers);
    sort_below(below);
    return o;
}

/* ---- Classroom credits ---- */

static bool who_has(const build *b, int64_t id)
{
    for (size_t i = 0; i < b->nw; i++)
        if (b->w[i].t.id == id)
            return true;
    return false;
}

/* Settles who each turn is credited to. The session's trainee keeps their own turns. A classmate
 * at the keyboard keeps theirs when they belong in this document - a member of the selected
 * 班组 (added to trainees[] even without a session of their own) or the selected trainee -
 * otherwise the turn is credited to nobody here (never to the session's trainee). */
static int resolve_credits(build *b)
{
    for (size_t i = 0; i < b->ncr; i++) {
        credit *c = &b->cr[i];
        if (c->trainee == c->owner || who_has(b, c->trainee))
            continue;
        bool take = false;
        cp_trainee t = { 0 };
        if ((b->sel->kind == CP_SEL_GROUP ||
             (b->sel->kind == CP_SEL_TRAINEE && c->trainee == b->selected))) {
            if (cp_records_trainee_get(b->db, c->trainee, &t, b->err) != 0)
                return -1;
            take = b->sel->kind == CP_SEL_TRAINEE || strcmp(t.group, b->sel->key) == 0;
        }
        if (take)
            who_for(b, &t);
        else
            c->trainee = 0;
    }
    return 0;
}

static int cmp_by_trainee(const void *a, const void *c, void *ctx)
{
    const build *b = ctx;
    size_t i = *(const size_t *)a, k = *(const size_t *)c;
    int64_t x = b->cr[i].trainee, y = b->cr[k].trainee;
    if (x != y)
        return (x > y) - (x < y);
    return (i > k) - (i < k);
}

static void index_credits(build *b)
{
    b->by_trainee = cp_xmalloc((b->ncr ? b->ncr : 1) * sizeof *b->by_trainee);
    for (size_t i = 0; i < b->ncr; i++)
        b->by_trainee[i] = i;
    qsort_r(b->by_trainee, b->ncr, sizeof *b->by_trainee, cmp_by_trainee, b);
}

/* The credits of trainee id, in the order they were read: by_trainee[*first ..) of the count
 * returned. */
static size_t credits_of(const build *b, int64_t id, size_t *first)
{
    size_t lo = 0, hi = b->ncr;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->cr[b->by_trainee[mid]].trainee < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    *first = lo;
    size_t n = 0;
    while (lo + n < b->ncr && b->cr[b->by_trainee[lo + n]].trainee == id)
        n++;
    return n;
}

static int cmp_credit(const void *a, const void *c)
{
    const credit *x = *(const credit *const *)a, *y = *(const credit *const *)c;
    int r = strcmp(x->started, y->started);
    if (r)
        return r;
    if (x->session != y->session)
        return (x->session > y->session) - (x->session < y->session);
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The trainee's answered_elsewhere list: classroom turns credited to w in other trainees'
 * sessions, oldest session first, each with a copy of its counted attempt. */
static cJSON *elsewhere_json(build *b, const who *w)
{
    size_t first, ncred = credits_of(b, w->t.id, &first), n = 0;
    const credit **v = cp_xmalloc((ncred ? ncred : 1) * sizeof *v);
    for (size_t i = first; i < first + ncred; i++)
        if (b->cr[b->by_trainee[i]].owner != w->t.id)
            v[n++] = &b->cr[b->by_trainee[i]];
    qsort(v, n, sizeof *v, cmp_credit);
    cJSON *arr = cJSON_CreateArray();
    cp_trainee o = { 0 };
    for (size_t i = 0; i < n; i++) {
        const credit *c = v[i];
        if (o.id != c->owner && cp_records_trainee_get(b->db, c->owner, &o, b->err) != 0) {
            cJSON_Delete(arr);
            arr = NULL;
            break;
        }
        cJSON *x = cJSON_CreateObject();
        cJSON_AddItemToArray(arr, x);
        cJSON_AddNumberToObject(x, "session", (double)c->session);
        cJSON_AddNumberToObject(x, "seq", c->seq);
        cJSON_AddStringToObject(x, "scenario", c->scenario);
        cJSON_AddStringToObject(x, "title", title_of(b, c->scenario));
        cJSON *ow = cJSON_AddObjectToObject(x, "owner");
        cJSON_AddNumberToObject(ow, "id", (double)o.id);
        cJSON_AddStringToObject(ow, "name", o.name);
        cJSON_AddStringToObject(ow, "staff_no", o.staff_no);
        cJSON_AddBoolToObject(x, "listed", c->listed);
        cJSON_AddNumberToObject(x, "hints", c->hints);
        cJSON_AddNumberToObject(x, "overrides", c->overrides);
        cJSON_AddItemToObject(x, "turn", cJSON_Duplicate(c->turn, true));
    }
    free(v);
    return arr;
}

/* ---- Header ---- */

static void range_label(const cp_export_sel *sel, char *buf, size_t size)
{
    if (sel->from && sel->to)
        snprintf(buf, size, "，%s 至 %s", sel->from, sel->to);
    else if (sel->from)
        snprintf(buf, size, "，%s 起", sel->from);
    else if (sel->to)
        snprintf(buf, size, "，截至 %s", sel->to);
    else
        buf[0] = '\0';
}

static char *label_of(const build *b)
{
    const cp_export_sel *sel = b->sel;
    char range[96];
    range_label(sel, range, sizeof range);
    const who *w = b->nw ? &b->w[0] : NULL;
    switch (sel->kind) {
    case CP_SEL_SESSION:
        return cp_xasprintf("会话 %s（%s，工号 %s）", sel->key, w ? w->t.name : "",
                            w ? w->t.staff_no : "");
    case CP_SEL_TRAINEE:
        return cp_xasprintf("学员 %s（工号 %s）%s", w ? w->t.name : "", w ? w->t.staff_no : "",
                            range);
    case CP_SEL_EXAM:
    case CP_SEL_RUN: {
        const char *title = w && w->nruns ? w->runs[0].title : sel->key;
        if (sel->kind == CP_SEL_RUN)
            return cp_xasprintf("考试 %s（考试记录 %s，%s，工号 %s）", title, sel->key,
                                w ? w->t.name : "", w ? w->t.staff_no : "");
        return cp_xasprintf("考试 %s（%s）%s", title, sel->key, range);
    }
    case CP_SEL_GROUP:
        return cp_xasprintf("班组 %s%s", sel->key, range);
    }
    return cp_xstrdup(sel->key);
}

static void now_iso(char *buf, size_t size)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- Build ---- */

/* A lazily built document and what reads its turns back (cp_export_fill): a few at once. */
enum { MAX_LAZY = 8 };
static struct lazy_doc {
    const cJSON *doc;
    build *b;
} lazy_docs[MAX_LAZY];

static cJSON *build_doc(cp_records *db, const cp_scorer *scorer, const cp_export_sel *sel,
                        bool lazy, cp_error *err);

cJSON *cp_export_build(cp_records *db, const cp_scorer *scorer, const cp_export_sel *sel,
                       cp_error *err)
{
    return build_doc(db, scorer, sel, false, err);
}

cJSON *cp_export_build_lazy(cp_records *db, const cp_scorer *scorer, const cp_export_sel *sel,
                            cp_error *err)
{
    return build_doc(db, scorer, sel, true, err);
}

static build *lazy_of(const cJSON *doc)
{
    for (int i = 0; doc && i < MAX_LAZY; i++)
        if (lazy_docs[i].doc == doc)
            return lazy_docs[i].b;
    return NULL;
}

int cp_export_fill(const cJSON *doc, cJSON *t, cp_error *err)
{
    build *b = lazy_of(doc);
    if (!b)
        return 0;
    int64_t id = (int64_t)num(t, "id");
    who *w = NULL;
    for (size_t i = 0; i < b->nw && !w; i++)
        if (b->w[i].t.id == id)
            w = &b->w[i];
    if (!w)
        return 0;
    b->err = err;
    b->filling = true;
    b->lazy = false;
    int rc = 0;
    cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(t, "sessions")) {
        int64_t sid = (int64_t)num(s, "id");
        const cp_rec_session *rs = NULL;
        for (size_t k = 0; k < w->ns && !rs; k++)
            if (w->s[k].id == sid)
                rs = &w->s[k];
        if (!rs)
            continue;
        size_t nt;
        cp_rec_turn *tt = cp_records_turns(b->db, rs->id, &nt, err);
        cJSON *turns = tt ? turns_json(b, rs, tt, nt) : NULL;
        cp_rec_turns_free(tt, nt);
        if (!turns) {
            rc = -1;
            break;
        }
        cJSON_ReplaceItemInObjectCaseSensitive(s, "turns", turns);
    }
    b->filling = false;
    b->lazy = true;
    return rc;
}

void cp_export_unfill(const cJSON *doc, cJSON *t)
{
    if (!lazy_of(doc))
        return;
    cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(t, "sessions"))
        cJSON_ReplaceItemInObjectCaseSensitive(s, "turns", cJSON_CreateArray());
}

void cp_export_release(cJSON *doc)
{
    for (int i = 0; doc && i < MAX_LAZY; i++)
        if (lazy_docs[i].doc == doc) {
            build_free(lazy_docs[i].b);
            free(lazy_docs[i].b);
            lazy_docs[i].doc = NULL;
            lazy_docs[i].b = NULL;
        }
    cJSON_Delete(doc);
}

static cJSON *build_doc(cp_records *db, const cp_scorer *scorer, const cp_export_sel *sel,
                        bool lazy, cp_error *err)
{
    cp_error_clear(err);
    if (!sel || !sel->key || !*sel->key) {
        cp_error_set(err, NULL, 0, "nothing selected: give a session, trainee, exam, run or 班组");
        return NULL;
    }
    if ((sel->from && !is_date(sel->from)) || (sel->to && !is_date(sel->to))) {
        cp_error_set(err, NULL, 0, "dates are YYYY-MM-DD (got '%s')",
                     sel->from && !is_date(sel->from) ? sel->from : sel->to);
        return NULL;
    }
    if (sel->from && sel->to && strcmp(sel->from, sel->to) > 0) {
        cp_error_set(err, NULL, 0, "the date range ends (%s) before it starts (%s)", sel->to,
                     sel->from);
        return NULL;
    }
    build b = { .db = db, .scorer = scorer, .sel = sel, .err = err, .lazy = lazy };
    cJSON *doc = NULL, *trainees = NULL;
    bool exam_sel = sel->kind == CP_SEL_EXAM || sel->kind == CP_SEL_RUN;
    if (select_all(&b) != 0 || (!exam_sel && runs_of_sessions(&b) != 0))
        goto fail;
    /* every session's JSON first: this collects every criterion in the document and every
     * turn's credit (who answered it) */
    for (size_t i = 0; i < b.nw; i++) {
        who *w = &b.w[i];
        if (w->ns)
            qsort(w->s, w->ns, sizeof *w->s, cmp_session);
        w->sessions = cJSON_CreateArray();
        for (size_t k = 0; k < w->ns; k++) {
            cJSON *s = session_json(&b, &w->s[k], true);
            if (!s)
                goto fail;
            cJSON_AddItemToArray(w->sessions, s);
        }
    }
    b.other_json = cJSON_CreateArray();
    for (size_t k = 0; k < b.nother; k++) {
        cJSON *s = session_json(&b, &b.other[k], false);
        if (!s)
            goto fail;
        cJSON_AddItemToArray(b.other_json, s);
    }
    if (resolve_credits(&b) != 0)
        goto fail;
    index_credits(&b);
    if (!b.nw) {
        cp_error_set(err, cp_records_path(db), 0, "no sessions in %s %s", kind_name(sel->kind),
                     sel->key);
        goto fail;
    }
    qsort(b.w, b.nw, sizeof *b.w, cmp_who);
    double pass_mark = sel->pass_mark > 0 ? sel->pass_mark : CP_EXPORT_DEFAULT_PASS;
    if (exam_sel) {
        /* the exam's pass mark: that of the latest run in the selection */
        int64_t latest = -1;
        for (size_t i = 0; i < b.nw; i++)
            for (size_t k = 0; k < b.w[i].nruns; k++)
                if (b.w[i].runs[k].id > latest) {
                    latest = b.w[i].runs[k].id;
                    pass_mark = b.w[i].runs[k].pass_mark;
                }
    }
    pass_mark = round_to(pass_mark, 10);

    cJSON *criteria = criteria_json(&b);
    trainees = cJSON_CreateArray();
    for (size_t i = 0; i < b.nw; i++) {
        who *w = &b.w[i];
        cJSON *t = cJSON_CreateObject();
        cJSON_AddItemToArray(trainees, t);
        cJSON_AddNumberToObject(t, "id", (double)w->t.id);
        cJSON_AddStringToObject(t, "name", w->t.name);
        cJSON_AddStringToObject(t, "staff_no", w->t.staff_no);
        cJSON_AddStringToObject(t, "group", w->t.group);
        cJSON_AddItemToObject(t, "summary", summary_json(&b, criteria, w, exam_sel, pass_mark));
        cJSON *runs = cJSON_AddArrayToObject(t, "exam_runs");
        for (size_t k = 0; k < w->nruns; k++)
            cJSON_AddItemToArray(runs, run_json(&w->runs[k]));
        /* a classmate credited with classroom turns may have no session of their own */
        cJSON_AddItemToObject(t, "sessions", w->sessions ? w->sessions : cJSON_CreateArray());
        w->sessions = NULL;
        cJSON *elsewhere = elsewhere_json(&b, w);
        if (!elsewhere) {
            cJSON_Delete(criteria);
            goto fail;
        }
        cJSON_AddItemToObject(t, "answered_elsewhere", elsewhere);
    }

    doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "schema", CP_EXPORT_SCHEMA);
    cJSON_AddNumberToObject(doc, "version", CP_EXPORT_VERSION);
    char now[32];
    if (!sel->generated)
        now_iso(now, sizeof now);
    cJSON_AddStringToObject(doc, "generated", sel->generated ? sel->generated : now);
    cJSON_AddStringToObject(doc, "generator", GENERATOR);
    cJSON_AddStringToObject(doc, "assessor", sel->assessor ? sel->assessor : "");
    cJSON *s = cJSON_AddObjectToObject(doc, "selection");
    cJSON_AddStringToObject(s, "kind", kind_name(sel->kind));
    cJSON_AddStringToObject(s, "key", sel->key);
    add_str_or_null(s, "from", sel->from);
    add_str_or_null(s, "to", sel->to);
    char *label = label_of(&b);
    cJSON_AddStringToObject(s, "label", label);
    free(label);
    cJSON_AddNumberToObject(doc, "pass_mark", pass_mark);
    cJSON_AddItemToObject(doc, "criteria", criteria);
    cJSON_AddItemToObject(doc, "trainees", trainees);
    trainees = NULL;
    cJSON_AddItemToObject(doc, "cohort", cohort_json(criteria, cJSON_GetObjectItemCaseSensitive(doc, "trainees"), pass_mark));
    if (lazy) {
        int slot = 0;
        while (slot < MAX_LAZY && lazy_docs[slot].doc)
            slot++;
        if (slot < MAX_LAZY) {
            lazy_docs[slot].doc = doc;
            lazy_docs[slot].b = cp_xmalloc(sizeof b);
            *lazy_docs[slot].b = b;
            return doc;
        }
        cp_error_set(err, NULL, 0, "too many score sheets being exported at once (%d)", MAX_LAZY);
        goto fail;
    }
    build_free(&b);
    return doc;
fail:
    cJSON_Delete(trainees);
    cJSON_Delete(doc);
    build_free(&b);
    return NULL;
}

/* ---- Validation ---- */

/* V_OPT: a member added within version 1 (absent in documents from older writers). */
enum { V_STR = 1, V_NUM = 2, V_BOOL = 4, V_ARR = 8, V_OBJ = 16, V_NULL = 32, V_OPT = 64 };

static bool type_ok(const cJSON *v, int types)
{
    return ((types & V_STR) && cJSON_IsString(v)) || ((types & V_NUM) && cJSON_IsNumber(v)) ||
           ((types & V_BOOL) && cJSON_IsBool(v)) || ((types & V_ARR) && cJSON_IsArray(v)) ||
           ((types & V_OBJ) && cJSON_IsObject(v)) || ((types & V_NULL) && cJSON_IsNull(v));
}

static const char *type_words(int types)
{
    switch (types) {
    case V_STR: return "a string";
    case V_NUM: return "a number";
    case V_BOOL: return "true or false";
    case V_ARR: return "an array";
    case V_OBJ: return "an object";
    case V_STR | V_NULL: return "a string or null";
    case V_NUM | V_NULL: return "a number or null";
    case V_OBJ | V_NULL: return "an object or null";
    }
    return "of another type";
}

/* Member key of o must exist with one of types; NULL with err naming path.key otherwise. */
static const cJSON *need(const cJSON *o, const char *path, const char *key, int types,
                         cp_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v && (types & V_OPT))
        return o;
    types &= ~V_OPT;
    if (!v)
        cp_error_set(err, NULL, 0, "score sheet: %s.%s is missing", path, key);
    else if (!type_ok(v, types))
        cp_error_set(err, NULL, 0, "score sheet: %s.%s must be %s", path, key, type_words(types));
    else
        return v;
    return NULL;
}

typedef struct vfield {
    const char *key;
    int types;
} vfield;

/* Checks every field of o (at path); 0 or -1. */
static int need_all(const cJSON *o, const char *path, const vfield *f, size_t n, cp_error *err)
{
    if (!cJSON_IsObject(o))
        return cp_error_set(err, NULL, 0, "score sheet: %s must be an object", path);
    for (size_t i = 0; i < n; i++)
        if (!need(o, path, f[i].key, f[i].types, err))
            return -1;
    return 0;
}

#define NEED_ALL(o, path, f, err) need_all(o, path, f, sizeof f / sizeof f[0], err)

static const vfield V_TOP[] = {
    { "schema", V_STR }, { "version", V_NUM }, { "generated", V_STR }, { "generator", V_STR },
    { "assessor", V_STR }, { "selection", V_OBJ }, { "pass_mark", V_NUM }, { "criteria", V_ARR },
    { "trainees", V_ARR }, { "cohort", V_OBJ },
};
static const vfield V_SEL[] = {
    { "kind", V_STR }, { "key", V_STR }, { "from", V_STR | V_NULL }, { "to", V_STR | V_NULL },
    { "label", V_STR },
};
static const vfield V_CRIT[] = { { "id", V_STR }, { "name", V_STR } };
static const vfield V_TRAINEE[] = {
    { "id", V_NUM }, { "name", V_STR }, { "staff_no", V_STR }, { "group", V_STR },
    { "summary", V_OBJ }, { "exam_runs", V_ARR }, { "sessions", V_ARR },
    { "answered_elsewhere", V_ARR | V_OPT },
};
static const vfield V_SUMMARY[] = {
    { "sessions", V_NUM }, { "turns", V_NUM }, { "score", V_NUM }, { "max", V_NUM },
    { "percent", V_NUM }, { "passed", V_BOOL }, { "hints", V_NUM }, { "overrides", V_NUM },
    { "criteria", V_ARR },
};
static const vfield V_SUMCRIT[] = {
    { "id", V_STR }, { "met", V_NUM }, { "total", V_NUM }, { "rate", V_NUM | V_NULL },
    { "met_auto", V_NUM | V_OPT }, { "overridden", V_NUM | V_OPT },
};
static const vfield V_RUN[] = {
    { "id", V_NUM }, { "exam", V_STR }, { "title", V_STR }, { "started", V_STR },
    { "ended", V_STR | V_NULL }, { "by", V_STR }, { "pass_mark", V_NUM }, { "auto_percent", V_NUM },
    { "percent", V_NUM }, { "passed", V_BOOL }, { "complete", V_BOOL }, { "finished", V_BOOL },
    { "overrides", V_NUM }, { "resumes", V_NUM | V_OPT }, { "min_rating", V_NUM | V_NULL | V_OPT },
    { "worst_rating", V_NUM | V_NULL | V_OPT }, { "outcome_ok", V_BOOL | V_OPT },
};
static const vfield V_SESSION[] = {
    { "id", V_NUM }, { "scenario", V_STR }, { "title", V_STR }, { "mode", V_STR },
    { "exam_run", V_NUM | V_NULL }, { "started", V_STR }, { "ended", V_STR | V_NULL },
    { "outcome", V_STR | V_NULL }, { "outcome_name", V_STR | V_NULL }, { "rating", V_NUM | V_NULL },
    { "rating_name", V_STR | V_NULL }, { "score", V_NUM }, { "max", V_NUM }, { "percent", V_NUM },
    { "hints", V_NUM }, { "overrides", V_NUM }, { "turns", V_ARR },
};
static const vfield V_TURN[] = {
    { "seq", V_NUM }, { "attempt", V_NUM }, { "counted", V_BOOL | V_OPT }, { "node", V_STR },
    { "citizen", V_STR }, { "reply", V_STR }, { "choice", V_NUM }, { "hints", V_NUM },
    { "score", V_NUM }, { "max", V_NUM }, { "final", V_NUM }, { "anger", V_NUM }, { "trust", V_NUM },
    { "keyboard", V_OBJ | V_NULL }, { "elapsed_ms", V_NUM }, { "limit_ms", V_NUM },
    { "timed_out", V_BOOL }, { "at", V_STR }, { "model", V_STR | V_NULL | V_OPT },
    { "criteria", V_ARR },
};
static const vfield V_TURNCRIT[] = {
    { "id", V_STR }, { "name", V_STR }, { "focus", V_BOOL }, { "met", V_BOOL },
    { "met_auto", V_BOOL }, { "override", V_OBJ | V_NULL }, { "score", V_NUM }, { "max", V_NUM },
    { "evidence", V_ARR }, { "note", V_STR },
};
static const vfield V_OVERRIDE[] = { { "met", V_BOOL }, { "by", V_STR }, { "why", V_STR }, { "at", V_STR } };
static const vfield V_KEYBOARD[] = { { "id", V_NUM }, { "name", V_STR }, { "staff_no", V_STR } };
static const vfield V_ELSEWHERE[] = {
    { "session", V_NUM }, { "seq", V_NUM }, { "scenario", V_STR }, { "title", V_STR },
    { "owner", V_OBJ }, { "listed", V_BOOL }, { "hints", V_NUM }, { "overrides", V_NUM },
    { "turn", V_OBJ },
};
static const vfield V_COHORT[] = {
    { "trainees", V_NUM }, { "with_record", V_NUM | V_OPT }, { "pass_mark", V_NUM },
    { "criteria", V_ARR }, { "weakest", V_ARR }, { "below_pass", V_ARR },
    { "no_record", V_ARR | V_OPT }, { "not_practised", V_ARR | V_OPT }, { "exam_runs", V_ARR | V_OPT },
    { "weakest_min_answers", V_NUM | V_OPT },
};
static const vfield V_COHORTCRIT[] = {
    { "id", V_STR }, { "name", V_STR }, { "n", V_NUM }, { "mean", V_NUM }, { "sd", V_NUM },
    { "min", V_NUM }, { "max", V_NUM }, { "answers", V_NUM | V_OPT },
};
static const vfield V_BELOW[] = { { "id", V_NUM }, { "name", V_STR }, { "staff_no", V_STR }, { "percent", V_NUM } };
static const vfield V_NORECORD[] = { { "id", V_NUM }, { "name", V_STR }, { "staff_no", V_STR } };
static const vfield V_COHORTRUN[] = {
    { "id", V_NUM }, { "name", V_STR }, { "staff_no", V_STR }, { "run", V_NUM }, { "title", V_STR },
    { "started", V_STR }, { "percent", V_NUM }, { "passed", V_BOOL },
};

/* Checks each element of arr (an array at path) with fields f. */
static int need_each(const cJSON *arr, const char *path, const vfield *f, size_t n, cp_error *err)
{
    int i = 0;
    const cJSON *x;
    cJSON_ArrayForEach(x, arr) {
        char p[256];
        snprintf(p, sizeof p, "%s[%d]", path, i++);
        if (need_all(x, p, f, n, err) != 0)
            return -1;
    }
    return 0;
}

#define NEED_EACH(arr, path, f, err) need_each(arr, path, f, sizeof f / sizeof f[0], err)

/* One turn object (sessions[].turns[] or answered_elsewhere[].turn) at path p. */
static int validate_turn(const cJSON *t, const char *p, cp_error *err)
{
    if (NEED_ALL(t, p, V_TURN, err) != 0)
        return -1;
    const cJSON *kb = cJSON_GetObjectItemCaseSensitive(t, "keyboard");
    char pk[300];
    snprintf(pk, sizeof pk, "%s.keyboard", p);
    if (cJSON_IsObject(kb) && NEED_ALL(kb, pk, V_KEYBOARD, err) != 0)
        return -1;
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(t, "criteria")) {
        char pc[300];
        snprintf(pc, sizeof pc, "%s.criteria[%d]", p, k++);
        if (NEED_ALL(c, pc, V_TURNCRIT, err) != 0)
            return -1;
        const cJSON *ov = cJSON_GetObjectItemCaseSensitive(c, "override");
        char po[340];
        snprintf(po, sizeof po, "%s.override", pc);
        if (cJSON_IsObject(ov) && NEED_ALL(ov, po, V_OVERRIDE, err) != 0)
            return -1;
        int e = 0;
        const cJSON *ev;
        cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(c, "evidence")) {
            if (!cJSON_IsString(ev))
                return cp_error_set(err, NULL, 0, "score sheet: %s.evidence[%d] must be a string",
                                    pc, e);
            e++;
        }
    }
    return 0;
}

static int validate_session(const cJSON *s, const char *path, cp_error *err)
{
    if (NEED_ALL(s, path, V_SESSION, err) != 0)
        return -1;
    int i = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(s, "turns")) {
        char p[256];
        snprintf(p, sizeof p, "%s.turns[%d]", path, i++);
        if (validate_turn(t, p, err) != 0)
            return -1;
    }
    return 0;
}

/* trainees[].answered_elsewhere (optional: added within version 1). */
static int validate_elsewhere(const cJSON *arr, const char *path, cp_error *err)
{
    int i = 0;
    const cJSON *x;
    cJSON_ArrayForEach(x, arr) {
        char p[256], q[300];
        snprintf(p, sizeof p, "%s[%d]", path, i++);
        if (NEED_ALL(x, p, V_ELSEWHERE, err) != 0)
            return -1;
        snprintf(q, sizeof q, "%s.owner", p);
        if (NEED_ALL(cJSON_GetObjectItemCaseSensitive(x, "owner"), q, V_KEYBOARD, err) != 0)
            return -1;
        snprintf(q, sizeof q, "%s.turn", p);
        if (validate_turn(cJSON_GetObjectItemCaseSensitive(x, "turn"), q, err) != 0)
            return -1;
    }
    return 0;
}

int cp_export_validate(const cJSON *doc, cp_error *err)
{
    cp_error_clear(err);
    if (NEED_ALL(doc, "$", V_TOP, err) != 0)
        return -1;
    const char *schema = cJSON_GetObjectItemCaseSensitive(doc, "schema")->valuestring;
    if (strcmp(schema, CP_EXPORT_SCHEMA) != 0)
        return cp_error_set(err, NULL, 0, "score sheet: $.schema is '%s', not '%s'", schema,
                            CP_EXPORT_SCHEMA);
    double version = cJSON_GetObjectItemCaseSensitive(doc, "version")->valuedouble;
    if (version != CP_EXPORT_VERSION)
        return cp_error_set(err, NULL, 0,
                            "score sheet: $.version is %g; this program reads version %d", version,
                            CP_EXPORT_VERSION);
    const cJSON *sel = cJSON_GetObjectItemCaseSensitive(doc, "selection");
    if (NEED_ALL(sel, "$.selection", V_SEL, err) != 0)
        return -1;
    const char *kind = cJSON_GetObjectItemCaseSensitive(sel, "kind")->valuestring;
    bool kind_ok = false;
    for (int k = CP_SEL_SESSION; k <= CP_SEL_GROUP; k++)
        kind_ok = kind_ok || strcmp(kind, kind_name((cp_export_kind)k)) == 0;
    if (!kind_ok)
        return cp_error_set(err, NULL, 0,
                            "score sheet: $.selection.kind '%s' is not session, trainee, exam, run "
                            "or group", kind);
    double pm = cJSON_GetObjectItemCaseSensitive(doc, "pass_mark")->valuedouble;
    if (pm < 0 || pm > 100)
        return cp_error_set(err, NULL, 0, "score sheet: $.pass_mark %g is not a percent", pm);
    const cJSON *criteria = cJSON_GetObjectItemCaseSensitive(doc, "criteria");
    if (NEED_EACH(criteria, "$.criteria", V_CRIT, err) != 0)
        return -1;
    int ncrit = cJSON_GetArraySize(criteria);
    int i = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(doc, "trainees")) {
        char p[128], q[192];
        snprintf(p, sizeof p, "$.trainees[%d]", i++);
        if (NEED_ALL(t, p, V_TRAINEE, err) != 0)
            return -1;
        const cJSON *sum = cJSON_GetObjectItemCaseSensitive(t, "summary");
        snprintf(q, sizeof q, "%s.summary", p);
        if (NEED_ALL(sum, q, V_SUMMARY, err) != 0)
            return -1;
        const cJSON *sc = cJSON_GetObjectItemCaseSensitive(sum, "criteria");
        snprintf(q, sizeof q, "%s.summary.criteria", p);
        if (NEED_EACH(sc, q, V_SUMCRIT, err) != 0)
            return -1;
        /* renderers index the summary's criteria by the document's criteria */
        if (cJSON_GetArraySize(sc) != ncrit)
            return cp_error_set(err, NULL, 0,
                                "score sheet: %s has %d items, $.criteria has %d", q,
                                cJSON_GetArraySize(sc), ncrit);
        for (int k = 0; k < ncrit; k++) {
            const char *a = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(sc, k), "id")->valuestring;
            const char *b = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(criteria, k), "id")->valuestring;
            if (strcmp(a, b) != 0)
                return cp_error_set(err, NULL, 0, "score sheet: %s[%d].id is '%s', $.criteria[%d].id is '%s'",
                                    q, k, a, k, b);
        }
        snprintf(q, sizeof q, "%s.exam_runs", p);
        if (NEED_EACH(cJSON_GetObjectItemCaseSensitive(t, "exam_runs"), q, V_RUN, err) != 0)
            return -1;
        int k = 0;
        const cJSON *s;
        cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(t, "sessions")) {
            snprintf(q, sizeof q, "%s.sessions[%d]", p, k++);
            if (validate_session(s, q, err) != 0)
                return -1;
        }
        snprintf(q, sizeof q, "%s.answered_elsewhere", p);
        if (validate_elsewhere(cJSON_GetObjectItemCaseSensitive(t, "answered_elsewhere"), q,
                               err) != 0)
            return -1;
    }
    const cJSON *co = cJSON_GetObjectItemCaseSensitive(doc, "cohort");
    if (NEED_ALL(co, "$.cohort", V_COHORT, err) != 0 ||
        NEED_EACH(cJSON_GetObjectItemCaseSensitive(co, "criteria"), "$.cohort.criteria",
                  V_COHORTCRIT, err) != 0 ||
        NEED_EACH(cJSON_GetObjectItemCaseSensitive(co, "below_pass"), "$.cohort.below_pass",
                  V_BELOW, err) != 0 ||
        NEED_EACH(cJSON_GetObjectItemCaseSensitive(co, "no_record"), "$.cohort.no_record",
                  V_NORECORD, err) != 0 ||
        NEED_EACH(cJSON_GetObjectItemCaseSensitive(co, "not_practised"), "$.cohort.not_practised",
                  V_NORECORD, err) != 0 ||
        NEED_EACH(cJSON_GetObjectItemCaseSensitive(co, "exam_runs"), "$.cohort.exam_runs",
                  V_COHORTRUN, err) != 0)
        return -1;
    i = 0;
    const cJSON *w;
    cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(co, "weakest")) {
        if (!cJSON_IsString(w))
            return cp_error_set(err, NULL, 0, "score sheet: $.cohort.weakest[%d] must be a string", i);
        i++;
    }
    return 0;
}
