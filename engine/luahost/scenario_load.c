/* scenario_load.c - runs a scenario file in a fresh sandbox and turns the returned table into
 * the plain C structs of cp_scenario.h, with the host that runs its functions
 * (scenario_fns.c) attached.
 * Reading is raw (lua_rawget/lua_next): no metamethod, so no script code, runs while the host
 * reads. Anything the author got wrong in types or required fields fails with file:line.
 * Must not: judge the graph (cp_scenario_lint does), or keep Lua values other than the
 * registry refs of `say`/`when` functions. */
#include "cp_sandbox.h"
#include "cp_scenario.h"
#include "cp_utf8.h"
#include "scenario_fns.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdlib.h>
#include <string.h>

#define LINE_KEY "__cp_line"
#define KIND_KEY "__cp_kind"
#define NOREF CP_NO_FN

/* ---- Constructors visible to scripts: tag the table with its kind and source line ---- */

static int tag(lua_State *L, const char *kind)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Debug ar;
    int line = 0;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar))
        line = ar.currentline;
    lua_pushinteger(L, line);
    lua_setfield(L, 1, LINE_KEY);
    lua_pushstring(L, kind);
    lua_setfield(L, 1, KIND_KEY);
    lua_settop(L, 1);
    return 1;
}

static int l_scenario(lua_State *L) { return tag(L, "scenario"); }
static int l_node(lua_State *L) { return tag(L, "node"); }
static int l_ending(lua_State *L) { return tag(L, "ending"); }

/* ---- Reader state ---- */

typedef struct rd {
    lua_State *L;
    const char *file;
    cp_error *err;
    int failed;
} rd;

static int fail(rd *r, int line, const char *fmt, const char *a, const char *b)
{
    if (!r->failed) {
        char msg[600];
        snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
        cp_error_set(r->err, r->file, line, "%s", msg);
    }
    r->failed = 1;
    return -1;
}

/* Line recorded on the table at idx, or dflt. */
static int table_line(lua_State *L, int idx, int dflt)
{
    int line = dflt;
    lua_pushliteral(L, LINE_KEY);
    if (lua_rawget(L, idx) == LUA_TNUMBER)
        line = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    return line;
}

/* Pushes t[key] raw; returns its type. */
static int field(lua_State *L, int t, const char *key)
{
    lua_pushstring(L, key);
    return lua_rawget(L, t);
}

/* Optional string field: NULL when absent; error when not a string or not UTF-8. */
static char *opt_str(rd *r, int t, const char *key, int line, const char *where)
{
    lua_State *L = r->L;
    int ty = field(L, t, key);
    char *out = NULL;
    if (ty == LUA_TSTRING) {
        size_t len;
        const char *s = lua_tolstring(L, -1, &len);
        if (!cp_utf8_valid(s, len) || strlen(s) != len)
            fail(r, line, "%s: field '%s' is not valid UTF-8 text", where, key);
        else
            out = cp_xstrndup(s, len);
    } else if (ty != LUA_TNIL) {
        fail(r, line, "%s: field '%s' must be a string", where, key);
    }
    lua_pop(L, 1);
    return out;
}

static char *req_str(rd *r, int t, const char *key, int line, const char *where)
{
    char *s = opt_str(r, t, key, line, where);
    if (!s && !r->failed)
        fail(r, line, "%s: missing required field '%s'", where, key);
    return s;
}

static int opt_int(rd *r, int t, const char *key, int dflt, int line, const char *where)
{
    lua_State *L = r->L;
    int ty = field(L, t, key);
    int v = dflt;
    if (ty == LUA_TNUMBER) {
        int isint;
        lua_Integer i = lua_tointegerx(L, -1, &isint);
        if (!isint || i < -1000000 || i > 1000000)
            fail(r, line, "%s: field '%s' must be a whole number", where, key);
        else
            v = (int)i;
    } else if (ty != LUA_TNIL) {
        fail(r, line, "%s: field '%s' must be a number", where, key);
    }
    lua_pop(L, 1);
    return v;
}

static bool opt_bool(rd *r, int t, const char *key, int line, const char *where)
{
    int ty = field(r->L, t, key);
    bool v = false;
    if (ty == LUA_TBOOLEAN)
        v = lua_toboolean(r->L, -1);
    else if (ty != LUA_TNIL)
        fail(r, line, "%s: field '%s' must be true or false", where, key);
    lua_pop(r->L, 1);
    return v;
}

/* Reads the array of strings at stack top into out; a single string is a one-item list. */
static void read_strs_top(rd *r, cp_strlist *out, int line, const char *where, const char *key)
{
    lua_State *L = r->L;
    int t = lua_gettop(L);
    if (lua_type(L, t) == LUA_TSTRING) {
        cp_strlist_push(out, lua_tostring(L, t));
        return;
    }
    if (lua_type(L, t) != LUA_TTABLE) {
        fail(r, line, "%s: field '%s' must be a list of strings", where, key);
        return;
    }
    lua_Integer n = (lua_Integer)lua_rawlen(L, t);
    for (lua_Integer i = 1; i <= n && !r->failed; i++) {
        if (lua_rawgeti(L, t, i) != LUA_TSTRING) {
            fail(r, line, "%s: every item of '%s' must be a string", where, key);
        } else {
            size_t len;
            const char *s = lua_tolstring(L, -1, &len);
            if (!cp_utf8_valid(s, len) || strlen(s) != len)
                fail(r, line, "%s: an item of '%s' is not valid UTF-8 text", where, key);
            else
                cp_strlist_push(out, s);
        }
        lua_pop(L, 1);
    }
}

static void opt_strs(rd *r, int t, const char *key, cp_strlist *out, int line, const char *where)
{
    if (field(r->L, t, key) != LUA_TNIL)
        read_strs_top(r, out, line, where, key);
    lua_pop(r->L, 1);
}

/* Optional function or string field; returns a registry ref for a function. */
static int opt_fn_or_str(rd *r, int t, const char *key, char **str, int line, const char *where)
{
    lua_State *L = r->L;
    int ty = field(L, t, key);
    *str = NULL;
    if (ty == LUA_TFUNCTION)
        return luaL_ref(L, LUA_REGISTRYINDEX); /* pops */
    if (ty == LUA_TSTRING) {
        lua_pop(L, 1);
        *str = opt_str(r, t, key, line, where);
        return NOREF;
    }
    if (ty != LUA_TNIL)
        fail(r, line, "%s: field '%s' must be a string or a function", where, key);
    lua_pop(L, 1);
    return NOREF;
}

/* ---- Pieces ---- */

static void read_delta(rd *r, int t, const char *key, int *anger, int *trust, int line,
                       const char *where)
{
    lua_State *L = r->L;
    int ty = field(L, t, key);
    if (ty == LUA_TTABLE) {
        int d = lua_gettop(L);
        *anger = opt_int(r, d, "anger", 0, line, where);
        *trust = opt_int(r, d, "trust", 0, line, where);
    } else if (ty != LUA_TNIL) {
        fail(r, line, "%s: '%s' must be a table like { anger = -10, trust = 5 }", where, key);
    }
    lua_pop(L, 1);
}

/* Reads a reacts table at stack top, merging into *v (an entry for the same criterion is
 * replaced). */
static void read_reacts(rd *r, cp_react **v, size_t *n, int line, const char *where)
{
    lua_State *L = r->L;
    int t = lua_gettop(L);
    if (lua_type(L, t) != LUA_TTABLE) {
        fail(r, line, "%s: 'reacts' must be a table keyed by criterion id", where, NULL);
        return;
    }
    lua_pushnil(L);
    while (!r->failed && lua_next(L, t)) {
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TTABLE) {
            if (!(lua_type(L, -2) == LUA_TSTRING &&
                  strncmp(lua_tostring(L, -2), "__cp_", 5) == 0))
                fail(r, line, "%s: 'reacts' entries must be [\"criterion.id\"] = { met = ..., missed = ... }",
                     where, NULL);
            lua_pop(L, 1);
            continue;
        }
        const char *id = lua_tostring(L, -2);
        size_t k;
        for (k = 0; k < *n; k++)
            if (strcmp((*v)[k].criterion, id) == 0)
                break;
        if (k == *n) {
            *v = cp_xrealloc(*v, (*n + 1) * sizeof **v);
            memset(&(*v)[k], 0, sizeof **v);
            (*v)[k].criterion = cp_xstrdup(id);
            (*n)++;
        }
        cp_react *rc = &(*v)[k];
        int e = lua_gettop(L);
        rc->met_anger = rc->met_trust = rc->missed_anger = rc->missed_trust = 0;
        read_delta(r, e, "met", &rc->met_anger, &rc->met_trust, line, where);
        read_delta(r, e, "missed", &rc->missed_anger, &rc->missed_trust, line, where);
        lua_pop(L, 1);
    }
}

static void read_notice(rd *r, int t, cp_node *nd, const char *where)
{
    lua_State *L = r->L;
    int ty = field(L, t, "notice");
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (ty != LUA_TTABLE) {
        fail(r, nd->line, "%s: 'notice' must be a table with items and deadline", where, NULL);
        lua_pop(L, 1);
        return;
    }
    int nt = lua_gettop(L);
    cp_notice *no = cp_xcalloc(1, sizeof *no);
    nd->notice = no;
    opt_strs(r, nt, "deadline", &no->deadline, nd->line, where);
    if (field(L, nt, "items") != LUA_TTABLE) {
        fail(r, nd->line, "%s: 'notice.items' must be a list of { label = ..., match = {...} }",
             where, NULL);
    } else {
        int it = lua_gettop(L);
        size_t n = lua_rawlen(L, it);
        no->items = cp_xcalloc(n ? n : 1, sizeof *no->items);
        for (size_t i = 1; i <= n && !r->failed; i++) {
            if (lua_rawgeti(L, it, (lua_Integer)i) != LUA_TTABLE) {
                fail(r, nd->line, "%s: every notice item must be a table", where, NULL);
            } else {
                int e = lua_gettop(L);
                cp_notice_item *ni = &no->items[no->nitems++];
                ni->label = req_str(r, e, "label", nd->line, where);
                opt_strs(r, e, "match", &ni->match, nd->line, where);
                opt_strs(r, e, "where", &ni->where, nd->line, where);
                if (!r->failed && ni->match.n == 0)
                    cp_strlist_push(&ni->match, ni->label);
            }
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 2);
}

static void check_free(cp_check *c)
{
    free(c->id);
    free(c->name);
    free(c->note);
    for (size_t k = 0; k < c->nall; k++)
        cp_strlist_free(&c->all[k]);
    free(c->all);
}

/* Appends the `checks` list of table t (a node's, or the scenario's for every node). A node's
 * own check replaces a scenario check with the same id. */
static void read_checks(rd *r, int t, cp_node *nd, const char *where)
{
    lua_State *L = r->L;
    int ty = field(L, t, "checks");
    if (ty == LUA_TTABLE) {
        int ct = lua_gettop(L);
        size_t n = lua_rawlen(L, ct);
        nd->checks = cp_xrealloc(nd->checks, (nd->nchecks + n + 1) * sizeof *nd->checks);
        for (size_t i = 1; i <= n && !r->failed; i++) {
            if (lua_rawgeti(L, ct, (lua_Integer)i) != LUA_TTABLE) {
                fail(r, nd->line, "%s: every check must be a table", where, NULL);
                lua_pop(L, 1);
                break;
            }
            int e = lua_gettop(L);
            cp_check *c = &nd->checks[nd->nchecks++];
            memset(c, 0, sizeof *c);
            c->id = req_str(r, e, "id", nd->line, where);
            c->name = opt_str(r, e, "name", nd->line, where);
            c->note = opt_str(r, e, "note", nd->line, where);
            if (!c->name && c->id)
                c->name = cp_xstrdup(c->id);
            if (field(L, e, "all") == LUA_TTABLE) {
                int at = lua_gettop(L);
                size_t m = lua_rawlen(L, at);
                c->all = cp_xcalloc(m ? m : 1, sizeof *c->all);
                for (size_t j = 1; j <= m && !r->failed; j++) {
                    lua_rawgeti(L, at, (lua_Integer)j);
                    read_strs_top(r, &c->all[c->nall++], nd->line, where, "all");
                    lua_pop(L, 1);
                }
            } else if (!r->failed) {
                fail(r, nd->line, "%s: check needs 'all', a list of term lists", where, NULL);
            }
            lua_pop(L, 2);
            /* A later check (the node's) with the same id replaces an earlier one. */
            for (size_t k = 0; c->id && k + 1 < nd->nchecks; k++) {
                cp_check *old = &nd->checks[k];
                if (!old->id || strcmp(old->id, c->id) != 0)
                    continue;
                check_free(old);
                *old = *c;
                nd->nchecks--;
                break;
            }
        }
    } else if (ty != LUA_TNIL) {
        fail(r, nd->line, "%s: 'checks' must be a list", where, NULL);
    }
    lua_pop(L, 1);
}

/* Builds a readable summary of a transition's conditions. */
static void label_add(char **lab, const char *fmt, const char *a)
{
    char *part = cp_xasprintf(fmt, a);
    char *n = *lab ? cp_xasprintf("%s, %s", *lab, part) : cp_xstrdup(part);
    free(part);
    free(*lab);
    *lab = n;
}

static char *join(const cp_strlist *l)
{
    size_t len = 1;
    for (size_t i = 0; i < l->n; i++)
        len += strlen(l->v[i]) + 1;
    char *s = cp_xmalloc(len);
    s[0] = '\0';
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, l->v[i]);
    }
    return s;
}

static void read_transition(rd *r, int t, cp_transition *tr, int line, const char *where)
{
    lua_State *L = r->L;
    tr->line = table_line(L, t, line);
    tr->target = -1;
    tr->fn_ref = NOREF;
    tr->anger_below = tr->anger_at_least = tr->trust_below = tr->trust_at_least = CP_UNSET;
    tr->visits_at_least = tr->turns_at_least = CP_UNSET;
    tr->score_at_least = -1;
    tr->go = req_str(r, t, "go", tr->line, where);
    int ty = field(L, t, "set");
    if (ty == LUA_TTABLE) {
        int st = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, st)) {
            if (lua_type(L, -2) == LUA_TSTRING) {
                if (lua_toboolean(L, -1))
                    cp_strlist_push(&tr->set, lua_tostring(L, -2));
                else
                    cp_strlist_push(&tr->clear, lua_tostring(L, -2));
            } else if (lua_type(L, -2) == LUA_TNUMBER && lua_type(L, -1) == LUA_TSTRING) {
                cp_strlist_push(&tr->set, lua_tostring(L, -1));
            }
            lua_pop(L, 1);
        }
    } else if (ty != LUA_TNIL) {
        fail(r, tr->line, "%s: 'set' must be a table like { asked = true }", where, NULL);
    }
    lua_pop(L, 1);

    ty = field(L, t, "when");
    if (ty == LUA_TFUNCTION) {
        tr->fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
        tr->label = cp_xstrdup("when(...)");
        return;
    }
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        tr->label = cp_xstrdup("otherwise");
        return;
    }
    if (ty != LUA_TTABLE) {
        fail(r, tr->line, "%s: 'when' must be a table of conditions or a function", where, NULL);
        lua_pop(L, 1);
        return;
    }
    int w = lua_gettop(L);
    static const char *const known[] = { "met", "met_any", "missed", "missed_any", "anger_below",
        "anger_at_least", "trust_below", "trust_at_least", "score_at_least", "visits_at_least",
        "turns_at_least", "flags", "not_flags", NULL };
    lua_pushnil(L);
    while (lua_next(L, w)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        bool ok = false;
        for (int i = 0; k && known[i]; i++)
            ok |= strcmp(k, known[i]) == 0;
        if (!ok && !r->failed) {
            lua_pop(L, 1);
            fail(r, tr->line, "%s: unknown condition '%s' in 'when' (see docs/scenario-api.md)",
                 where, k ? k : "?");
            lua_pop(L, 1);
            return;
        }
    }
    struct { const char *key; cp_strlist *l; const char *fmt; } lists[] = {
        { "met", &tr->met, "met %s" }, { "met_any", &tr->met_any, "met any of %s" },
        { "missed", &tr->missed, "missed %s" }, { "missed_any", &tr->missed_any, "missed any of %s" },
        { "flags", &tr->flags, "flags %s" }, { "not_flags", &tr->not_flags, "not flags %s" },
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        opt_strs(r, w, lists[i].key, lists[i].l, tr->line, where);
        if (lists[i].l->n) {
            char *j = join(lists[i].l);
            label_add(&tr->label, lists[i].fmt, j);
            free(j);
        }
    }
    struct { const char *key; int *v; const char *fmt; } ints[] = {
        { "anger_below", &tr->anger_below, "anger<%s" },
        { "anger_at_least", &tr->anger_at_least, "anger>=%s" },
        { "trust_below", &tr->trust_below, "trust<%s" },
        { "trust_at_least", &tr->trust_at_least, "trust>=%s" },
        { "visits_at_least", &tr->visits_at_least, "visits>=%s" },
        { "turns_at_least", &tr->turns_at_least, "turns>=%s" },
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        *ints[i].v = opt_int(r, w, ints[i].key, CP_UNSET, tr->line, where);
        if (*ints[i].v != CP_UNSET) {
            char num[32];
            snprintf(num, sizeof num, "%d", *ints[i].v);
            label_add(&tr->label, ints[i].fmt, num);
        }
    }
    ty = field(L, w, "score_at_least");
    if (ty == LUA_TNUMBER) {
        tr->score_at_least = lua_tonumber(L, -1);
        if (tr->score_at_least < 0 || tr->score_at_least > 1)
            fail(r, tr->line, "%s: 'score_at_least' is a fraction from 0 to 1", where, NULL);
        char num[32];
        snprintf(num, sizeof num, "%.2f", tr->score_at_least);
        label_add(&tr->label, "score>=%s", num);
    } else if (ty != LUA_TNIL) {
        fail(r, tr->line, "%s: 'score_at_least' must be a number", where, NULL);
    }
    lua_pop(L, 2);
    if (!tr->label)
        tr->label = cp_xstrdup("always");
}

static void read_node(rd *r, int t, int st, cp_node *nd, const cp_scenario *sc, bool ending,
                      const cp_react *preacts, size_t npreacts)
{
    lua_State *L = r->L;
    char where[200];
    snprintf(where, sizeof where, "%s '%s'", ending ? "ending" : "node", nd->id);
    nd->line = table_line(L, t, sc->line);
    nd->is_ending = ending;
    nd->say_ref = opt_fn_or_str(r, t, "say", &nd->say, nd->line, where);
    if (!r->failed && !nd->say && nd->say_ref == NOREF)
        fail(r, nd->line, "%s: missing 'say' (what the citizen says)", where, NULL);
    nd->expression = opt_str(r, t, "expression", nd->line, where);
    if (!nd->expression)
        nd->expression = cp_xstrdup(ending ? "calm" : "calm");
    if (ending) {
        nd->outcome = opt_str(r, t, "outcome", nd->line, where);
        nd->rating = opt_int(r, t, "rating", 0, nd->line, where);
        nd->title = opt_str(r, t, "title", nd->line, where);
        nd->explain = opt_str(r, t, "explain", nd->line, where);
        return;
    }
    opt_strs(r, t, "criteria", &nd->criteria, nd->line, where);
    if (nd->criteria.n == 0)
        for (size_t i = 0; i < sc->criteria.n; i++)
            cp_strlist_push(&nd->criteria, sc->criteria.v[i]);
    for (size_t i = 0; i < npreacts; i++) {
        nd->reacts = cp_xrealloc(nd->reacts, (nd->nreacts + 1) * sizeof *nd->reacts);
        nd->reacts[nd->nreacts] = preacts[i];
        nd->reacts[nd->nreacts].criterion = cp_xstrdup(preacts[i].criterion);
        nd->nreacts++;
    }
    if (field(L, t, "reacts") != LUA_TNIL)
        read_reacts(r, &nd->reacts, &nd->nreacts, nd->line, where);
    lua_pop(L, 1);
    nd->hint = opt_str(r, t, "hint", nd->line, where);
    nd->model = opt_str(r, t, "model", nd->line, where);
    opt_strs(r, t, "choices", &nd->choices, nd->line, where);
    read_notice(r, t, nd, where);
    opt_strs(r, t, "basis", &nd->basis, nd->line, where);
    nd->identity = opt_bool(r, t, "identity", nd->line, where);
    read_checks(r, st, nd, where); /* scenario-wide checks first, the node's own after */
    read_checks(r, t, nd, where);
    int ty = field(L, t, "next");
    if (ty == LUA_TTABLE) {
        int nt = lua_gettop(L);
        size_t n = lua_rawlen(L, nt);
        nd->next = cp_xcalloc(n ? n : 1, sizeof *nd->next);
        for (size_t i = 1; i <= n && !r->failed; i++) {
            if (lua_rawgeti(L, nt, (lua_Integer)i) != LUA_TTABLE)
                fail(r, nd->line, "%s: every entry of 'next' must be a table { go = ... }", where, NULL);
            else
                read_transition(r, lua_gettop(L), &nd->next[nd->nnext++], nd->line, where);
            lua_pop(L, 1);
        }
    } else if (ty == LUA_TSTRING) {
        nd->next = cp_xcalloc(1, sizeof *nd->next);
        cp_transition *tr = &nd->next[nd->nnext++];
        tr->line = nd->line;
        tr->target = -1;
        tr->fn_ref = NOREF;
        tr->anger_below = tr->anger_at_least = tr->trust_below = tr->trust_at_least = CP_UNSET;
        tr->visits_at_least = tr->turns_at_least = CP_UNSET;
        tr->score_at_least = -1;
        tr->go = cp_xstrdup(lua_tostring(L, -1));
        tr->label = cp_xstrdup("always");
    } else if (ty != LUA_TNIL) {
        fail(r, nd->line, "%s: 'next' must be a list of transitions", where, NULL);
    }
    lua_pop(L, 1);
}

/* Collects the string keys of the table at idx, sorted, so node order is stable. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void table_keys(rd *r, int idx, cp_strlist *keys, const char *what, int line)
{
    lua_State *L = r->L;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            fail(r, line, "'%s' must be keyed by id strings (name = node { ... })", what, NULL);
            continue;
        }
        const char *k = lua_tostring(L, -1);
        if (strncmp(k, "__cp_", 5) != 0)
            cp_strlist_push(keys, k);
    }
    if (keys->n > 1)
        qsort(keys->v, keys->n, sizeof *keys->v, cmp_str);
}

/* The case brief: `brief = { who = "...", brought = {...}, system = {...}, rules = {...},
 * facts = {...} }`. Every part optional; any other key or a wrong type fails loading. */
static void read_brief(rd *r, int t, cp_scenario *sc)
{
    lua_State *L = r->L;
    int ty = field(L, t, "brief");
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (ty != LUA_TTABLE) {
        fail(r, sc->line, "scenario: 'brief' must be a table { who = ..., brought = {...}, "
             "system = {...}, rules = {...}, facts = {...} }", NULL, NULL);
        lua_pop(L, 1);
        return;
    }
    int b = lua_gettop(L);
    cp_brief *br = &sc->brief;
    br->given = true;
    static const char *const known[] = { "who", "brought", "system", "rules", "facts", NULL };
    lua_pushnil(L);
    while (!r->failed && lua_next(L, b)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        bool ok = false;
        for (int i = 0; k && known[i]; i++)
            ok |= strcmp(k, known[i]) == 0;
        if (!ok) {
            char key[64];
            snprintf(key, sizeof key, "%s", k ? k : "?");
            lua_pop(L, 1);
            fail(r, sc->line, "brief: unknown field '%s' (who, brought, system, rules, facts)",
                 key, NULL);
            break;
        }
    }
    br->who = opt_str(r, b, "who", sc->line, "brief");
    opt_strs(r, b, "brought", &br->brought, sc->line, "brief");
    opt_strs(r, b, "system", &br->system, sc->line, "brief");
    opt_strs(r, b, "rules", &br->rules, sc->line, "brief");
    opt_strs(r, b, "facts", &br->facts, sc->line, "brief");
    lua_pop(L, 1);
}

static void read_scenario(rd *r, cp_scenario *sc)
{
    lua_State *L = r->L;
    int t = lua_gettop(L);
    if (lua_type(L, t) != LUA_TTABLE) {
        fail(r, 0, "the file must end with: return scenario { ... }", NULL, NULL);
        return;
    }
    sc->line = table_line(L, t, 1);
    const char *w = "scenario";
    sc->id = req_str(r, t, "id", sc->line, w);
    sc->title = req_str(r, t, "title", sc->line, w);
    sc->summary = opt_str(r, t, "summary", sc->line, w);
    sc->notes = opt_str(r, t, "notes", sc->line, w);
    sc->top = opt_str(r, t, "top", sc->line, w);
    read_brief(r, t, sc);
    opt_strs(r, t, "sources", &sc->sources, sc->line, w);
    opt_strs(r, t, "rubrics", &sc->rubrics, sc->line, w);
    opt_strs(r, t, "criteria", &sc->criteria, sc->line, w);
    sc->difficulty = opt_int(r, t, "difficulty", 0, sc->line, w);
    if (r->failed)
        return;

    cp_react *preacts = NULL;
    size_t npreacts = 0;
    if (field(L, t, "persona") != LUA_TTABLE) {
        fail(r, sc->line, "scenario: missing required table 'persona'", NULL, NULL);
    } else {
        int p = lua_gettop(L);
        int pl = table_line(L, p, sc->line);
        sc->persona.name = req_str(r, p, "name", pl, "persona");
        sc->persona.role = opt_str(r, p, "role", pl, "persona");
        sc->persona.gender = opt_str(r, p, "gender", pl, "persona");
        sc->persona.age = opt_int(r, p, "age", 0, pl, "persona");
        sc->persona.anger = opt_int(r, p, "anger", 50, pl, "persona");
        sc->persona.trust = opt_int(r, p, "trust", 50, pl, "persona");
        if (!r->failed && (sc->persona.anger < 0 || sc->persona.anger > 100 ||
                           sc->persona.trust < 0 || sc->persona.trust > 100))
            fail(r, pl, "persona: anger and trust run from 0 to 100", NULL, NULL);
        if (field(L, p, "reacts") != LUA_TNIL)
            read_reacts(r, &preacts, &npreacts, pl, "persona");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);

    cp_strlist nkeys = { 0 }, ekeys = { 0 };
    int nt = 0, et = 0;
    if (!r->failed) {
        if (field(L, t, "nodes") != LUA_TTABLE) {
            fail(r, sc->line, "scenario: missing required table 'nodes'", NULL, NULL);
            lua_pop(L, 1);
        } else {
            nt = lua_gettop(L);
            table_keys(r, nt, &nkeys, "nodes", sc->line);
            if (field(L, t, "endings") != LUA_TTABLE) {
                fail(r, sc->line, "scenario: missing required table 'endings'", NULL, NULL);
                lua_pop(L, 1);
            } else {
                et = lua_gettop(L);
                table_keys(r, et, &ekeys, "endings", sc->line);
            }
        }
    }
    if (!r->failed) {
        sc->nodes = cp_xcalloc(nkeys.n + ekeys.n + 1, sizeof *sc->nodes);
        for (size_t i = 0; i < nkeys.n + ekeys.n && !r->failed; i++) {
            bool ending = i >= nkeys.n;
            const char *id = ending ? ekeys.v[i - nkeys.n] : nkeys.v[i];
            if (!ending && cp_strlist_has(&ekeys, id)) {
                fail(r, sc->line, "scenario: '%s' is both a node and an ending", id, NULL);
                break;
            }
            cp_node *nd = &sc->nodes[sc->nnodes++];
            nd->id = cp_xstrdup(id);
            nd->say_ref = NOREF;
            lua_pushstring(L, id);
            if (lua_rawget(L, ending ? et : nt) != LUA_TTABLE)
                fail(r, sc->line, "%s '%s' must be a table", ending ? "ending" : "node", id);
            else
                read_node(r, lua_gettop(L), t, nd, sc, ending, preacts, npreacts);
            lua_pop(L, 1);
        }
    }
    for (size_t i = 0; i < npreacts; i++)
        free(preacts[i].criterion);
    free(preacts);
    cp_strlist_free(&nkeys);
    cp_strlist_free(&ekeys);
    lua_settop(L, t);
    if (r->failed)
        return;
    char *start = req_str(r, t, "start", sc->line, w);
    sc->start = start ? cp_scenario_find(sc, start) : -1;
    if (start && sc->start < 0)
        fail(r, sc->line, "scenario: start node '%s' does not exist", start, NULL);
    else if (sc->start >= 0 && sc->nodes[sc->start].is_ending)
        fail(r, sc->line, "scenario: start '%s' is an ending", start, NULL);
    free(start);
    /* Resolve transition targets (lint reports the missing ones). */
    for (size_t i = 0; i < sc->nnodes; i++)
        for (size_t k = 0; k < sc->nodes[i].nnext; k++)
            if (sc->nodes[i].next[k].go)
                sc->nodes[i].next[k].target = cp_scenario_find(sc, sc->nodes[i].next[k].go);
}

/* ---- Public ---- */

static const char *base_name(const char *path, size_t *len)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    *len = dot ? (size_t)(dot - b) : strlen(b);
    return b;
}

cp_scenario *cp_scenario_load(const char *path, cp_error *err)
{
    size_t len;
    char *src = cp_read_file(path, 1u << 20, &len, err);
    if (!src)
        return NULL;
    cp_sandbox *sb = cp_sandbox_new(NULL, err);
    if (!sb) {
        free(src);
        return NULL;
    }
    cp_sandbox_register(sb, "scenario", l_scenario);
    cp_sandbox_register(sb, "node", l_node);
    cp_sandbox_register(sb, "ending", l_ending);
    cp_scenario *sc = cp_xcalloc(1, sizeof *sc);
    sc->sb = sb;
    sc->host = &cp_lua_scenario_host;
    sc->path = cp_xstrdup(path);
    sc->start = -1;
    sc->hash = cp_hash64(src, len);
    if (cp_sandbox_run_string(sb, path, src, len, 1, err) != 0) {
        free(src);
        cp_scenario_free(sc);
        return NULL;
    }
    free(src);
    rd r = { .L = cp_sandbox_state(sb), .file = path, .err = err };
    read_scenario(&r, sc);
    lua_settop(r.L, 0);
    if (!r.failed) {
        size_t blen;
        const char *b = base_name(path, &blen);
        if (strlen(sc->id) != blen || strncmp(sc->id, b, blen) != 0) {
            char fname[256];
            snprintf(fname, sizeof fname, "%.*s", (int)blen, b);
            fail(&r, sc->line, "scenario: id '%s' must equal the file name '%s'", sc->id, fname);
        }
    }
    if (r.failed) {
        cp_scenario_free(sc);
        return NULL;
    }
    return sc;
}

static void free_node(cp_node *nd)
{
    free(nd->id);
    free(nd->say);
    free(nd->expression);
    cp_strlist_free(&nd->criteria);
    for (size_t i = 0; i < nd->nreacts; i++)
        free(nd->reacts[i].criterion);
    free(nd->reacts);
    free(nd->hint);
    free(nd->model);
    cp_strlist_free(&nd->choices);
    if (nd->notice) {
        for (size_t i = 0; i < nd->notice->nitems; i++) {
            free(nd->notice->items[i].label);
            cp_strlist_free(&nd->notice->items[i].match);
            cp_strlist_free(&nd->notice->items[i].where);
        }
        free(nd->notice->items);
        cp_strlist_free(&nd->notice->deadline);
        free(nd->notice);
    }
    cp_strlist_free(&nd->basis);
    for (size_t i = 0; i < nd->nchecks; i++)
        check_free(&nd->checks[i]);
    free(nd->checks);
    for (size_t i = 0; i < nd->nnext; i++) {
        cp_transition *t = &nd->next[i];
        free(t->go);
        free(t->label);
        cp_strlist_free(&t->met);
        cp_strlist_free(&t->met_any);
        cp_strlist_free(&t->missed);
        cp_strlist_free(&t->missed_any);
        cp_strlist_free(&t->flags);
        cp_strlist_free(&t->not_flags);
        cp_strlist_free(&t->set);
        cp_strlist_free(&t->clear);
    }
    free(nd->next);
    free(nd->outcome);
    free(nd->title);
    free(nd->explain);
}

void cp_scenario_free(cp_scenario *sc)
{
    if (!sc)
        return;
    for (size_t i = 0; i < sc->nnodes; i++)
        free_node(&sc->nodes[i]);
    free(sc->nodes);
    free(sc->path);
    free(sc->id);
    free(sc->title);
    free(sc->summary);
    free(sc->notes);
    free(sc->top);
    free(sc->brief.who);
    cp_strlist_free(&sc->brief.brought);
    cp_strlist_free(&sc->brief.system);
    cp_strlist_free(&sc->brief.rules);
    cp_strlist_free(&sc->brief.facts);
    cp_strlist_free(&sc->sources);
    cp_strlist_free(&sc->rubrics);
    cp_strlist_free(&sc->criteria);
    free(sc->persona.name);
    free(sc->persona.role);
    free(sc->persona.gender);
    cp_sandbox_free(sc->sb);
    free(sc);
}
