/* rubric_load.c - reads the *.lua files of scenarios/rubrics into a cp_scorer through the sandbox.
 * Holds: the rubric{} / criterion{} constructors, the table reader (run as a protected call,
 *        so a Lua error never leaves C memory behind: everything read goes straight into the
 *        scorer, which the caller frees on failure), file listing.
 * Must not: keep Lua references after loading (grading never touches Lua). */
#include "scoring/scorer_int.h"
#include "cp_sandbox.h"

#include <dirent.h>
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rl_ctx {
    cp_scorer *sc;
    const char *file;
} rl_ctx;

/* criterion{...} / rubric{...}: record the line they were written on. */
static int rl_mark(lua_State *L, const char *what)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Debug ar;
    int line = 0;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar))
        line = ar.currentline;
    lua_pushinteger(L, line);
    lua_setfield(L, 1, "_line");
    lua_pushstring(L, what);
    lua_setfield(L, 1, "_what");
    lua_settop(L, 1);
    return 1;
}
static int rl_criterion(lua_State *L) { return rl_mark(L, "criterion"); }
static int rl_rubric(lua_State *L) { return rl_mark(L, "rubric"); }

static int tline(lua_State *L, int t)
{
    lua_pushstring(L, "_line");
    lua_rawget(L, t);
    int line = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    return line;
}

/* Pushes t[key] (raw). */
static int rget(lua_State *L, int t, const char *key)
{
    lua_pushstring(L, key);
    return lua_rawget(L, t);
}

static const char *opt_str(lua_State *L, rl_ctx *c, int t, const char *key, bool required,
                           const char *where)
{
    int ty = rget(L, t, key);
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        if (required)
            luaL_error(L, "%s:%d: %s needs a string field '%s'", c->file, tline(L, t), where, key);
        return NULL;
    }
    if (ty != LUA_TSTRING)
        luaL_error(L, "%s:%d: %s: '%s' must be a string", c->file, tline(L, t), where, key);
    const char *s = lua_tostring(L, -1);
    lua_pop(L, 1);   /* the string stays alive: it is referenced by the table */
    return s;
}

static char *dup_opt(const char *s) { return s ? cp_xstrdup(s) : NULL; }

/* Calls fn for every string in list t[key]. */
typedef void (*rl_each)(lua_State *L, rl_ctx *c, int t, const char *s, void *ud);

static void each_string(lua_State *L, rl_ctx *c, int t, const char *key, const char *where,
                        rl_each fn, void *ud)
{
    int ty = rget(L, t, key);
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (ty != LUA_TTABLE)
        luaL_error(L, "%s:%d: %s: '%s' must be a list of strings", c->file, tline(L, t), where, key);
    int lt = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, lt);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_rawgeti(L, lt, i) != LUA_TSTRING)
            luaL_error(L, "%s:%d: %s: '%s'[%d] must be a string", c->file, tline(L, t), where, key,
                       (int)i);
        const char *s = lua_tostring(L, -1);
        fn(L, c, t, s, ud);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

typedef struct cue_ud { int crit, role; const char *where, *key; } cue_ud;

static void add_cue_cb(lua_State *L, rl_ctx *c, int t, const char *s, void *ud)
{
    cue_ud *u = ud;
    char msg[256];
    if (sc_add_cue(c->sc, u->crit, u->role, s, msg, sizeof msg) != 0)
        luaL_error(L, "%s:%d: %s: %s: %s", c->file, tline(L, t), u->where, u->key, msg);
}

static void add_cues(lua_State *L, rl_ctx *c, int t, const char *key, int crit, int role,
                     const char *where)
{
    cue_ud u = { crit, role, where, key };
    each_string(L, c, t, key, where, add_cue_cb, &u);
}

typedef struct ex_ud { int crit; bool good; } ex_ud;
static void add_ex_cb(lua_State *L, rl_ctx *c, int t, const char *s, void *ud)
{
    ex_ud *u = ud;
    (void)L; (void)t;
    sc_add_exemplar(c->sc, u->crit, u->good, s);
}

static void add_id_cb(lua_State *L, rl_ctx *c, int t, const char *s, void *ud)
{
    (void)L; (void)c; (void)t;
    cp_strlist_push(ud, s);
}

static void check_keys(lua_State *L, rl_ctx *c, int t, const char *const *allowed, const char *where)
{
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s:%d: %s: unexpected non-string key", c->file, tline(L, t), where);
        const char *k = lua_tostring(L, -1);
        bool ok = k[0] == '_';
        for (int i = 0; !ok && allowed[i]; i++)
            ok = strcmp(k, allowed[i]) == 0;
        if (!ok)
            luaL_error(L, "%s:%d: %s: unknown field '%s'", c->file, tline(L, t), where, k);
    }
}

static const char *const CRIT_KEYS[] = {
    "id", "name", "max", "kind", "source", "desc", "model", "missing", "violated", "cues",
    "violations", "except", "questions", "rhetorical", "identity", "personal", "jargon",
    "explain", "jargon_elderly", "objects", "actions", "passing", "help", "opening", "content", "good", "bad", "threshold", "long_clause", "sarcasm", "conduct", NULL,
};

static const char *const RUBRIC_KEYS[] = {
    "id", "name", "source", "criteria", "negators", "not_negators", "negation_passes", "sarcasm", "threshold",
    "notice", NULL,
};

static const struct { const char *name; enum sc_kind kind; } KINDS[] = {
    { "need", KIND_NEED }, { "avoid", KIND_AVOID }, { "both", KIND_BOTH },
    { "listen", KIND_LISTEN }, { "order", KIND_ORDER }, { "privacy", KIND_PRIVACY },
    { "plain", KIND_PLAIN },
};

static double opt_num(lua_State *L, rl_ctx *c, int t, const char *key, double def, const char *where)
{
    int ty = rget(L, t, key);
    double v = def;
    if (ty == LUA_TNUMBER)
        v = lua_tonumber(L, -1);
    else if (ty != LUA_TNIL)
        luaL_error(L, "%s:%d: %s: '%s' must be a number", c->file, tline(L, t), where, key);
    lua_pop(L, 1);
    return v;
}

static void read_criterion(lua_State *L, rl_ctx *c, int t)
{
    cp_scorer *sc = c->sc;
    const char *id = opt_str(L, c, t, "id", true, "criterion");
    char where[160];
    snprintf(where, sizeof where, "criterion '%.100s'", id);
    check_keys(L, c, t, CRIT_KEYS, where);
    if (sc_crit_index(sc, id) >= 0 || strcmp(id, "clarity.one_time_notice") == 0)
        luaL_error(L, "%s:%d: %s is defined twice (or is built in)", c->file, tline(L, t), where);
    if (sc->ncrit >= CP_MAX_CRITERIA - 4)
        luaL_error(L, "%s:%d: too many criteria", c->file, tline(L, t));
    if (sc->ncrit == sc->capcrit) {
        sc->capcrit = sc->capcrit * 2 + 16;
        sc->crit = cp_xrealloc(sc->crit, sc->capcrit * sizeof *sc->crit);
    }
    int ci = (int)sc->ncrit;
    sc_crit *cr = &sc->crit[sc->ncrit++];
    memset(cr, 0, sizeof *cr);
    cr->id = cp_xstrdup(id);
    cr->file = cp_xstrdup(c->file);
    cr->line = tline(L, t);
    cr->name = dup_opt(opt_str(L, c, t, "name", true, where));
    cr->source = dup_opt(opt_str(L, c, t, "source", true, where));
    cr->desc = dup_opt(opt_str(L, c, t, "desc", false, where));
    cr->model = dup_opt(opt_str(L, c, t, "model", false, where));
    cr->missing = dup_opt(opt_str(L, c, t, "missing", false, where));
    cr->violated = dup_opt(opt_str(L, c, t, "violated", false, where));
    lua_getfield(L, t, "conduct");
    if (!lua_isnil(L, -1) && !lua_isboolean(L, -1))
        luaL_error(L, "%s:%d: %s: 'conduct' must be true or false", c->file, cr->line, where);
    cr->conduct = lua_toboolean(L, -1);
    lua_pop(L, 1);

    cr->max = opt_num(L, c, t, "max", 1, where);
    if (!(cr->max > 0 && cr->max <= 100))
        luaL_error(L, "%s:%d: %s: max must be in (0, 100]", c->file, cr->line, where);
    cr->threshold = opt_num(L, c, t, "threshold", 0, where);
    cr->long_clause = (int)opt_num(L, c, t, "long_clause", 0, where);
    const char *kind = opt_str(L, c, t, "kind", false, where);
    cr->kind = KIND_NEED;
    if (kind) {
        bool found = false;
        for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
            if (strcmp(kind, KINDS[i].name) == 0) {
                cr->kind = KINDS[i].kind;
                found = true;
            }
        if (!found)
            luaL_error(L, "%s:%d: %s: unknown kind '%s' (need, avoid, both, listen, order, "
                       "privacy, plain)", c->file, cr->line, where, kind);
    }
    const char *sar = opt_str(L, c, t, "sarcasm", false, where);
    if (sar) {
        if (strcmp(sar, "cancel") == 0) cr->sarcasm = 1;
        else if (strcmp(sar, "violate") == 0) cr->sarcasm = 2;
        else luaL_error(L, "%s:%d: %s: sarcasm must be \"cancel\" or \"violate\"", c->file, cr->line, where);
    }
    add_cues(L, c, t, "cues", ci, ROLE_POS, where);
    add_cues(L, c, t, "violations", ci, ROLE_NEG, where);
    add_cues(L, c, t, "except", ci, ROLE_EXCL, where);
    add_cues(L, c, t, "questions", ci, ROLE_AUX1, where);
    add_cues(L, c, t, "rhetorical", ci, ROLE_AUX2, where);
    add_cues(L, c, t, "identity", ci, ROLE_AUX1, where);
    add_cues(L, c, t, "personal", ci, ROLE_AUX2, where);
    add_cues(L, c, t, "jargon", ci, ROLE_AUX1, where);
    add_cues(L, c, t, "explain", ci, ROLE_AUX2, where);
    add_cues(L, c, t, "jargon_elderly", ci, ROLE_AUX3, where);
    /* need: an object (a document) is a step only beside an action (带, 交, 开, 去...) */
    add_cues(L, c, t, "objects", ci, ROLE_AUX1, where);
    add_cues(L, c, t, "actions", ci, ROLE_AUX2, where);
    /* avoid: passing the buck is a violation only when the reply offers no help */
    add_cues(L, c, t, "passing", ci, ROLE_AUX1, where);
    add_cues(L, c, t, "help", ci, ROLE_AUX2, where);
    each_string(L, c, t, "opening", where, add_id_cb, &sc->crit[ci].opening);
    each_string(L, c, t, "content", where, add_id_cb, &sc->crit[ci].content);
    ex_ud g = { ci, true }, b = { ci, false };
    each_string(L, c, t, "good", where, add_ex_cb, &g);
    each_string(L, c, t, "bad", where, add_ex_cb, &b);
}

/* Protected: (lightuserdata ctx, rubric table). */
static int read_rubric(lua_State *L)
{
    rl_ctx *c = lua_touserdata(L, 1);
    if (lua_type(L, 2) != LUA_TTABLE)
        return luaL_error(L, "%s: the file must return rubric { ... }", c->file);
    int t = 2;
    if (rget(L, t, "_what") != LUA_TSTRING || strcmp(lua_tostring(L, -1), "rubric") != 0)
        return luaL_error(L, "%s: the file must return rubric { ... }", c->file);
    lua_pop(L, 1);
    opt_str(L, c, t, "id", true, "rubric");
    check_keys(L, c, t, RUBRIC_KEYS, "rubric");
    double th = opt_num(L, c, t, "threshold", 0, "rubric");
    if (th > 0)
        c->sc->default_threshold = th;
    add_cues(L, c, t, "negators", -1, LEX_NEGATOR, "rubric");
    add_cues(L, c, t, "not_negators", -1, LEX_NOTNEG, "rubric");
    add_cues(L, c, t, "sarcasm", -1, LEX_SARCASM, "rubric");
    add_cues(L, c, t, "negation_passes", -1, LEX_PASS, "rubric");
    if (rget(L, t, "notice") == LUA_TTABLE) {
        int nt = lua_gettop(L);
        const char *nm = opt_str(L, c, nt, "name", false, "notice");
        const char *md = opt_str(L, c, nt, "model", false, "notice");
        if (nm) { free(c->sc->notice_name); c->sc->notice_name = cp_xstrdup(nm); }
        if (md) { free(c->sc->notice_model); c->sc->notice_model = cp_xstrdup(md); }
    }
    lua_pop(L, 1);
    int ty = rget(L, t, "criteria");
    if (ty == LUA_TTABLE) {
        int lt = lua_gettop(L);
        lua_Integer n = (lua_Integer)lua_rawlen(L, lt);
        for (lua_Integer i = 1; i <= n; i++) {
            if (lua_rawgeti(L, lt, i) != LUA_TTABLE)
                return luaL_error(L, "%s:%d: criteria[%d] must be criterion { ... }", c->file,
                                  tline(L, t), (int)i);
            int ct = lua_gettop(L);
            if (rget(L, ct, "_what") != LUA_TSTRING || strcmp(lua_tostring(L, -1), "criterion") != 0)
                return luaL_error(L, "%s:%d: criteria[%d] must be criterion { ... }", c->file,
                                  tline(L, t), (int)i);
            lua_pop(L, 1);
            read_criterion(L, c, ct);
            lua_pop(L, 1);
        }
    } else if (ty != LUA_TNIL) {
        return luaL_error(L, "%s:%d: criteria must be a list", c->file, tline(L, t));
    }
    lua_pop(L, 1);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

cp_scorer *cp_scorer_load(const char *dir, cp_error *err)
{
    cp_error_clear(err);
    if (!dir || !*dir)
        dir = "scenarios/rubrics";
    DIR *d = opendir(dir);
    if (!d) {
        cp_error_set(err, dir, 0, "cannot open the rubric folder");
        return NULL;
    }
    cp_strlist files = { 0 };
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (n > 4 && strcmp(de->d_name + n - 4, ".lua") == 0 && de->d_name[0] != '.') {
            char *p = cp_xasprintf("%s/%s", dir, de->d_name);
            cp_strlist_push(&files, p);
            free(p);
        }
    }
    closedir(d);
    if (files.n == 0) {
        cp_strlist_free(&files);
        cp_error_set(err, dir, 0, "no rubric files (*.lua) in the folder");
        return NULL;
    }
    qsort(files.v, files.n, sizeof *files.v, cmp_str);
    cp_scorer *sc = sc_new(err);
    if (!sc) {
        cp_strlist_free(&files);
        return NULL;
    }
    cp_sandbox *sb = cp_sandbox_new(NULL, err);
    if (!sb) {
        cp_strlist_free(&files);
        cp_scorer_free(sc);
        return NULL;
    }
    cp_sandbox_register(sb, "rubric", rl_rubric);
    cp_sandbox_register(sb, "criterion", rl_criterion);
    lua_State *L = cp_sandbox_state(sb);
    int rc = 0;
    rl_ctx ctx = { sc, NULL };
    for (size_t i = 0; i < files.n && rc == 0; i++) {
        ctx.file = files.v[i];
        if (cp_sandbox_run_file(sb, files.v[i], 1, err) != 0) {
            rc = -1;
            break;
        }
        /* stack: rubric table -> call read_rubric(ctx, table) protected */
        lua_pushcfunction(L, read_rubric);
        lua_insert(L, -2);
        lua_pushlightuserdata(L, &ctx);
        lua_insert(L, -2);
        if (cp_sandbox_call(sb, 2, 0, err) != 0)
            rc = -1;
        lua_settop(L, 0);
    }
    cp_sandbox_free(sb);
    cp_strlist_free(&files);
    if (rc == 0 && sc->ncrit == 0) {
        cp_error_set(err, dir, 0, "the rubric files define no criteria");
        rc = -1;
    }
    if (rc == 0 && sc_finish(sc, err) != 0)
        rc = -1;
    if (rc == 0 && sc_attach(sc, dir, err) != 0)
        rc = -1;
    if (rc != 0) {
        cp_scorer_free(sc);
        return NULL;
    }
    return sc;
}
