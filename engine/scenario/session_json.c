/* session_json.c - a session to and from JSON (cJSON): the `run --json` shape plus what resume
 * needs. Loading checks every field and names the file, the JSON line or the field at fault.
 * Must not: let cJSON types out of this file, or re-grade replies (saved results are records). */
#include "session_internal.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp_utf8.h"

#define FORMAT "counterpart-session"
#define VERSION 1

/* ---- Writing ---- */

static cJSON *criteria_json(const cp_result *r, const char *text)
{
    size_t len = strlen(text);
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < r->n; i++) {
        const cp_crit_result *c = &r->crit[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", c->id);
        cJSON_AddStringToObject(o, "name", c->name ? c->name : c->id);
        cJSON_AddBoolToObject(o, "met", c->met);
        cJSON_AddNumberToObject(o, "score", c->score);
        cJSON_AddNumberToObject(o, "max", c->max);
        cJSON *ev = cJSON_AddArrayToObject(o, "evidence");
        for (size_t k = 0; k < c->nev; k++) {
            cJSON *e = cJSON_CreateObject();
            size_t b0 = cp_utf8_offset(text, len, c->ev[k].start);
            size_t b1 = cp_utf8_offset(text, len, c->ev[k].end);
            char *piece = cp_xstrndup(text + b0, b1 > b0 ? b1 - b0 : 0);
            cJSON_AddNumberToObject(e, "start", c->ev[k].start);
            cJSON_AddNumberToObject(e, "end", c->ev[k].end);
            cJSON_AddStringToObject(e, "text", piece);
            cJSON_AddBoolToObject(e, "positive", c->ev[k].positive);
            free(piece);
            cJSON_AddItemToArray(ev, e);
        }
        cJSON_AddStringToObject(o, "note", c->note);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

/* The end screen's report (cp_session_ending_report) into the "ending" object: what `run
 * --json` readers and the window show. Ignored when a session is resumed. */
static void add_report(cJSON *e, const cp_session *s)
{
    cp_ending_report r;
    if (cp_session_ending_report(s, &r) != 0)
        return;
    cJSON_AddStringToObject(e, "title", r.title);
    cJSON_AddStringToObject(e, "explain", r.explain);
    cJSON_AddStringToObject(e, "rating_name", r.rating_name);
    cJSON_AddStringToObject(e, "top", r.top);
    cJSON_AddNumberToObject(e, "score", r.score);
    cJSON_AddNumberToObject(e, "max", r.max);
    cJSON *m = cJSON_AddArrayToObject(e, "moments");
    for (size_t i = 0; i < r.nmoments; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "turn", (double)r.moments[i].turn);
        cJSON_AddNumberToObject(o, "d_anger", r.moments[i].d_anger);
        cJSON_AddNumberToObject(o, "d_trust", r.moments[i].d_trust);
        cJSON_AddStringToObject(o, "why", r.moments[i].why);
        cJSON_AddItemToArray(m, o);
    }
    cJSON *c = cJSON_AddArrayToObject(e, "criteria");
    for (size_t i = 0; i < r.ncrit; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", r.crit[i].id);
        cJSON_AddStringToObject(o, "name", r.crit[i].name);
        cJSON_AddNumberToObject(o, "met", r.crit[i].met);
        cJSON_AddNumberToObject(o, "shown", r.crit[i].shown);
        cJSON_AddItemToArray(c, o);
    }
}

/* The session as a cJSON tree; a snapshot leaves the turns out (an empty array) and says how
 * many there were instead, so that storing one per turn stays linear in the session's length. */
static cJSON *session_tree(const cp_session *s, bool snapshot)
{
    const cp_scenario *sc = s->sc;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", FORMAT);
    cJSON_AddNumberToObject(root, "version", VERSION);
    cJSON_AddStringToObject(root, "scenario", sc->id);
    char hash[32];
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)sc->hash);
    cJSON_AddStringToObject(root, "scenario_hash", hash);
    cJSON *turns = cJSON_AddArrayToObject(root, "turns");
    if (snapshot)
        cJSON_AddNumberToObject(root, "turns_done", (double)s->nturns);
    for (size_t i = 0; !snapshot && i < s->nturns; i++) {
        const cp_turn *t = &s->turns[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "node", t->node);
        cJSON_AddStringToObject(o, "citizen", t->citizen);
        cJSON_AddStringToObject(o, "reply", t->reply);
        cJSON_AddNumberToObject(o, "choice", t->choice);
        cJSON_AddItemToObject(o, "criteria", criteria_json(&t->result, t->reply));
        cJSON_AddNumberToObject(o, "score", t->score);
        cJSON_AddNumberToObject(o, "max", t->max);
        cJSON *st = cJSON_AddObjectToObject(o, "state");
        cJSON_AddNumberToObject(st, "anger", t->anger);
        cJSON_AddNumberToObject(st, "trust", t->trust);
        cJSON_AddStringToObject(o, "next", t->next);
        cJSON_AddItemToArray(turns, o);
    }
    const cp_node *cur = &sc->nodes[s->node];
    if (cur->is_ending) {
        cJSON *e = cJSON_AddObjectToObject(root, "ending");
        cJSON_AddStringToObject(e, "id", cur->id);
        cJSON_AddStringToObject(e, "outcome", cur->outcome ? cur->outcome : "");
        cJSON_AddNumberToObject(e, "rating", cur->rating);
        cJSON_AddStringToObject(e, "citizen", s->citizen);
        if (!snapshot)
            add_report(e, s);
    } else {
        cJSON_AddNullToObject(root, "ending");
    }
    cJSON *c = cJSON_AddObjectToObject(root, "current");
    cJSON_AddStringToObject(c, "node", cur->id);
    cJSON_AddStringToObject(c, "citizen", s->citizen);
    cJSON_AddNumberToObject(c, "anger", s->anger);
    cJSON_AddNumberToObject(c, "trust", s->trust);
    cJSON *v = cJSON_AddObjectToObject(c, "visits");
    for (size_t i = 0; i < sc->nnodes; i++)
        if (s->visits[i])
            cJSON_AddNumberToObject(v, sc->nodes[i].id, s->visits[i]);
    cJSON *f = cJSON_AddArrayToObject(c, "flags");
    for (size_t i = 0; i < s->flags.n; i++)
        cJSON_AddItemToArray(f, cJSON_CreateString(s->flags.v[i]));
    return root;
}

static char *print_tree(cJSON *root, bool pretty)
{
    char *out = pretty ? cJSON_Print(root) : cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!out) {
        fprintf(stderr, "counterpart: out of memory writing JSON\n");
        abort();
    }
    char *copy = cp_xstrdup(out);
    cJSON_free(out);
    return copy;
}

char *cp_session_json(const cp_session *s, bool pretty)
{
    return print_tree(session_tree(s, false), pretty);
}

char *cp_session_snapshot_json(const cp_session *s)
{
    return print_tree(session_tree(s, true), false);
}

int cp_session_save(const cp_session *s, const char *path, cp_error *err)
{
    char *json = cp_session_json(s, true);
    size_t len = strlen(json);
    json = cp_xrealloc(json, len + 2);
    json[len++] = '\n';
    int rc = cp_write_file_atomic(path, json, len, err);
    free(json);
    return rc;
}

/* ---- Reading ---- */

typedef struct rd {
    const char *name;
    cp_error *err;
    bool failed;
} rd;

static void bad(rd *r, const char *where, const char *what)
{
    if (!r->failed)
        cp_error_set(r->err, r->name, 0, "%s: %s", where, what);
    r->failed = true;
}

static const char *get_str(rd *r, const cJSON *o, const char *key, const char *where)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsString(v) || !v->valuestring) {
        char w[300];
        snprintf(w, sizeof w, "%s.%s", where, key);
        bad(r, w, "missing or not a string");
        return NULL;
    }
    if (!cp_utf8_valid(v->valuestring, strlen(v->valuestring))) {
        char w[300];
        snprintf(w, sizeof w, "%s.%s", where, key);
        bad(r, w, "not valid UTF-8");
        return NULL;
    }
    return v->valuestring;
}

static double get_num(rd *r, const cJSON *o, const char *key, const char *where, double lo, double hi)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    char w[300];
    snprintf(w, sizeof w, "%s.%s", where, key);
    if (!cJSON_IsNumber(v)) {
        bad(r, w, "missing or not a number");
        return lo;
    }
    if (v->valuedouble < lo || v->valuedouble > hi) {
        bad(r, w, "out of range");
        return lo;
    }
    return v->valuedouble;
}

/* Interns a string in the session so restored results can borrow it. */
static const char *intern(cp_session *s, const char *str)
{
    for (size_t i = 0; i < s->pool.n; i++)
        if (strcmp(s->pool.v[i], str) == 0)
            return s->pool.v[i];
    cp_strlist_push(&s->pool, str);
    return s->pool.v[s->pool.n - 1];
}

static void read_result(rd *r, cp_session *s, const cJSON *arr, cp_result *res, const char *where,
                        size_t reply_cps)
{
    if (!cJSON_IsArray(arr)) {
        bad(r, where, "criteria must be an array");
        return;
    }
    int n = cJSON_GetArraySize(arr);
    if (n > CP_MAX_CRITERIA) {
        bad(r, where, "too many criteria");
        return;
    }
    memset(res, 0, sizeof *res);
    for (int i = 0; i < n && !r->failed; i++) {
        const cJSON *o = cJSON_GetArrayItem(arr, i);
        char w[300];
        snprintf(w, sizeof w, "%s[%d]", where, i);
        cp_crit_result *c = &res->crit[res->n++];
        const char *id = get_str(r, o, "id", w);
        const char *name = get_str(r, o, "name", w);
        const cJSON *met = cJSON_GetObjectItemCaseSensitive(o, "met");
        if (!cJSON_IsBool(met))
            bad(r, w, "'met' must be true or false");
        c->score = get_num(r, o, "score", w, 0, 1e6);
        c->max = get_num(r, o, "max", w, 0, 1e6);
        const char *note = get_str(r, o, "note", w);
        if (r->failed)
            return;
        c->id = intern(s, id);
        c->name = intern(s, name);
        c->met = cJSON_IsTrue(met);
        snprintf(c->note, sizeof c->note, "%s", note);
        const cJSON *ev = cJSON_GetObjectItemCaseSensitive(o, "evidence");
        if (!cJSON_IsArray(ev)) {
            bad(r, w, "'evidence' must be an array");
            return;
        }
        const cJSON *e;
        cJSON_ArrayForEach(e, ev)
        {
            if (c->nev == CP_MAX_EVIDENCE)
                break;
            double a = get_num(r, e, "start", w, 0, (double)reply_cps);
            double b = get_num(r, e, "end", w, a, (double)reply_cps);
            const cJSON *pos = cJSON_GetObjectItemCaseSensitive(e, "positive");
            if (r->failed)
                return;
            c->ev[c->nev].start = (uint32_t)a;
            c->ev[c->nev].end = (uint32_t)b;
            c->ev[c->nev].positive = !cJSON_IsFalse(pos);
            c->nev++;
        }
        res->score += c->score;
        res->max += c->max;
    }
}

static int node_index(rd *r, const cp_scenario *sc, const char *id, const char *where)
{
    if (!id)
        return -1;
    int i = cp_scenario_find(sc, id);
    if (i < 0) {
        char what[300];
        snprintf(what, sizeof what, "'%s' is not a node of scenario '%s' (scenario changed?)", id,
                 sc->id);
        bad(r, where, what);
    }
    return i;
}

cp_session *cp_session_from_json(const char *json, size_t len, const char *name,
                                 const cp_scenario *sc, const cp_scorer *scorer, cp_error *err)
{
    cp_error_clear(err);
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (!root) {
        int line = 1;
        const char *stop = end ? end : cJSON_GetErrorPtr();
        for (const char *p = json; stop && p < stop && p < json + len; p++)
            line += *p == '\n';
        cp_error_set(err, name, line, "not a valid session file (JSON syntax error)");
        return NULL;
    }
    rd r = { .name = name, .err = err };
    cp_session *s = NULL;
    const cJSON *fmt = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "format") : NULL;
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, FORMAT) != 0) {
        bad(&r, "session", "not a Counterpart session file (no \"format\": \"" FORMAT "\")");
        goto out;
    }
    double ver = get_num(&r, root, "version", "session", 0, 1e9);
    if (!r.failed && ver != VERSION) {
        char what[120];
        snprintf(what, sizeof what, "version %g is not supported (this program reads %d)", ver, VERSION);
        bad(&r, "session.version", what);
        goto out;
    }
    const char *scid = get_str(&r, root, "scenario", "session");
    if (r.failed)
        goto out;
    if (strcmp(scid, sc->id) != 0) {
        char what[300];
        snprintf(what, sizeof what, "saved for scenario '%s', not '%s'", scid, sc->id);
        bad(&r, "session.scenario", what);
        goto out;
    }
    s = cp_session_alloc(sc, scorer);
    const cJSON *turns = cJSON_GetObjectItemCaseSensitive(root, "turns");
    if (!cJSON_IsArray(turns)) {
        bad(&r, "session.turns", "missing or not an array");
        goto out;
    }
    const cJSON *t;
    size_t ti = 0;
    cJSON_ArrayForEach(t, turns)
    {
        char w[64];
        snprintf(w, sizeof w, "turns[%zu]", ti++);
        const char *node = get_str(&r, t, "node", w);
        const char *cit = get_str(&r, t, "citizen", w);
        const char *reply = get_str(&r, t, "reply", w);
        const char *next = get_str(&r, t, "next", w);
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(t, "state");
        if (!cJSON_IsObject(st))
            bad(&r, w, "'state' must be an object");
        if (r.failed)
            goto out;
        node_index(&r, sc, node, w);
        node_index(&r, sc, next, w);
        cp_turn turn = { 0 };
        turn.choice = (int)get_num(&r, t, "choice", w, 0, 1000);
        turn.score = get_num(&r, t, "score", w, 0, 1e6);
        turn.max = get_num(&r, t, "max", w, 0, 1e6);
        turn.anger = (int)get_num(&r, st, "anger", w, 0, 100);
        turn.trust = (int)get_num(&r, st, "trust", w, 0, 100);
        read_result(&r, s, cJSON_GetObjectItemCaseSensitive(t, "criteria"), &turn.result, w,
                    cp_utf8_count(reply, strlen(reply)));
        if (r.failed)
            goto out;
        turn.node = cp_xstrdup(node);
        turn.citizen = cp_xstrdup(cit);
        turn.reply = cp_xstrdup(reply);
        turn.next = cp_xstrdup(next);
        if (s->nturns == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 8;
            s->turns = cp_xrealloc(s->turns, s->cap * sizeof *s->turns);
        }
        s->turns[s->nturns++] = turn;
    }
    const cJSON *cur = cJSON_GetObjectItemCaseSensitive(root, "current");
    if (!cJSON_IsObject(cur)) {
        bad(&r, "session.current", "missing or not an object");
        goto out;
    }
    s->node = node_index(&r, sc, get_str(&r, cur, "node", "current"), "current.node");
    const char *cit = get_str(&r, cur, "citizen", "current");
    s->anger = (int)get_num(&r, cur, "anger", "current", 0, 100);
    s->trust = (int)get_num(&r, cur, "trust", "current", 0, 100);
    if (r.failed)
        goto out;
    s->citizen = cp_xstrdup(cit);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(cur, "visits");
    const cJSON *it;
    cJSON_ArrayForEach(it, v)
    {
        int i = node_index(&r, sc, it->string, "current.visits");
        if (r.failed)
            goto out;
        if (!cJSON_IsNumber(it) || it->valuedouble < 0 || it->valuedouble > 1e6) {
            bad(&r, "current.visits", "counts must be numbers");
            goto out;
        }
        s->visits[i] = (int)it->valuedouble;
    }
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(cur, "flags");
    cJSON_ArrayForEach(it, f)
    {
        if (!cJSON_IsString(it)) {
            bad(&r, "current.flags", "flags must be strings");
            goto out;
        }
        cp_strlist_push(&s->flags, it->valuestring);
    }
    if (s->nturns > 0 && strcmp(s->turns[s->nturns - 1].next, sc->nodes[s->node].id) != 0)
        bad(&r, "current.node", "does not follow from the last turn (file edited?)");
out:
    cJSON_Delete(root);
    if (r.failed) {
        cp_session_free(s);
        return NULL;
    }
    return s;
}

cp_session *cp_session_load(const char *path, const cp_scenario *sc, const cp_scorer *scorer,
                            cp_error *err)
{
    size_t len;
    char *json = cp_read_file(path, 64u << 20, &len, err);
    if (!json)
        return NULL;
    cp_session *s = cp_session_from_json(json, len, path, sc, scorer, err);
    free(json);
    return s;
}

cp_session *cp_session_from_snapshot(const char *full, const char *snapshot, const char *name,
                                     const cp_scenario *sc, const cp_scorer *scorer, cp_error *err)
{
    cp_error_clear(err);
    cJSON *snap = cJSON_Parse(snapshot);
    const cJSON *done = snap ? cJSON_GetObjectItemCaseSensitive(snap, "turns_done") : NULL;
    if (!done) {
        /* Not a snapshot: a whole session (how databases before snapshots stored turns). */
        cJSON_Delete(snap);
        return cp_session_from_json(snapshot, strlen(snapshot), name, sc, scorer, err);
    }
    cJSON *root = cJSON_Parse(full);
    cJSON *turns = root ? cJSON_GetObjectItemCaseSensitive(root, "turns") : NULL;
    if (!cJSON_IsArray(turns) || !cJSON_IsNumber(done) || done->valuedouble < 0 ||
        done->valuedouble > cJSON_GetArraySize(turns) ||
        !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(snap, "current"))) {
        cp_error_set(err, name, 0, "session state and turn snapshot do not match (%s)",
                     !cJSON_IsArray(turns) ? "no turns in the session state"
                                           : "snapshot is past the session's turns");
        cJSON_Delete(root);
        cJSON_Delete(snap);
        return NULL;
    }
    int keep = (int)done->valuedouble;
    while (cJSON_GetArraySize(turns) > keep)
        cJSON_DeleteItemFromArray(turns, keep);
    cJSON_ReplaceItemInObjectCaseSensitive(root, "current",
                                           cJSON_DetachItemFromObjectCaseSensitive(snap, "current"));
    cJSON *ending = cJSON_DetachItemFromObjectCaseSensitive(snap, "ending");
    cJSON_ReplaceItemInObjectCaseSensitive(root, "ending", ending ? ending : cJSON_CreateNull());
    cJSON_Delete(snap);
    char *json = print_tree(root, false);
    cp_session *s = cp_session_from_json(json, strlen(json), name, sc, scorer, err);
    free(json);
    return s;
}
