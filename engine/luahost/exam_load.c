/* exam_load.c - reads an exam file (scenarios/exams/NAME.lua: `return exam { ... }`) through the
 * sandbox into a cp_exam. The table is read in a protected call, so a Lua error never leaves C
 * memory behind: everything read goes straight into the exam, which is freed on failure.
 * Must not: keep Lua references after loading, or accept unknown fields silently. */
#include "cp_exam.h"
#include "cp_sandbox.h"

#include <lauxlib.h>
#include <lua.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct el_ctx {
    cp_exam *ex;
    const char *file;
} el_ctx;

/* exam{...}: records the line it was written on. */
static int el_exam(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Debug ar;
    int line = 0;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar))
        line = ar.currentline;
    lua_pushinteger(L, line);
    lua_setfield(L, 1, "_line");
    lua_pushstring(L, "exam");
    lua_setfield(L, 1, "_what");
    lua_settop(L, 1);
    return 1;
}

static int field(lua_State *L, int t, const char *key)
{
    lua_pushstring(L, key);
    return lua_rawget(L, t);
}

static bool id_ok(const char *s)
{
    if (!*s || strlen(s) > 64)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

static int read_exam(lua_State *L)
{
    el_ctx *c = lua_touserdata(L, 1);
    const int t = 2;
    cp_exam *ex = c->ex;
    if (!lua_istable(L, t) || field(L, t, "_what") != LUA_TSTRING ||
        strcmp(lua_tostring(L, -1), "exam") != 0)
        return luaL_error(L, "%s:1: the file must end with `return exam { ... }`", c->file);
    lua_pop(L, 1);
    field(L, t, "_line");
    int line = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);

    static const char *const KEYS[] = { "id", "title", "scenarios", "time_limit", "weights",
                                        "pass_mark", "min_rating", "feedback", NULL };
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            return luaL_error(L, "%s:%d: exam: unexpected non-string key", c->file, line);
        const char *k = lua_tostring(L, -1);
        bool ok = k[0] == '_';
        for (int i = 0; !ok && KEYS[i]; i++)
            ok = strcmp(k, KEYS[i]) == 0;
        if (!ok)
            return luaL_error(L, "%s:%d: exam: unknown field '%s' (fields: id, title, scenarios, "
                                 "time_limit, weights, pass_mark, min_rating, feedback)", c->file, line, k);
    }

    if (field(L, t, "id") != LUA_TSTRING || !id_ok(lua_tostring(L, -1)))
        return luaL_error(L, "%s:%d: exam: 'id' must be a string of a-z, 0-9 and _", c->file, line);
    ex->id = cp_xstrdup(lua_tostring(L, -1));
    lua_pop(L, 1);
    if (field(L, t, "title") != LUA_TSTRING)
        return luaL_error(L, "%s:%d: exam: 'title' must be a string", c->file, line);
    ex->title = cp_xstrdup(lua_tostring(L, -1));
    lua_pop(L, 1);

    if (field(L, t, "scenarios") != LUA_TTABLE)
        return luaL_error(L, "%s:%d: exam: 'scenarios' must be a list of scenario ids", c->file, line);
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    if (n < 1)
        return luaL_error(L, "%s:%d: exam: 'scenarios' is empty", c->file, line);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_rawgeti(L, -1, i) != LUA_TSTRING || !id_ok(lua_tostring(L, -1)))
            return luaL_error(L, "%s:%d: exam: scenarios[%d] must be a scenario id", c->file, line,
                              (int)i);
        cp_strlist_push(&ex->scenarios, lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);

    int ty = field(L, t, "time_limit");
    if (ty == LUA_TNIL) {
        ex->time_limit = 0;
    } else if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0 || lua_tointeger(L, -1) > 3600) {
        return luaL_error(L, "%s:%d: exam: 'time_limit' must be whole seconds per reply, 0..3600 "
                             "(0 = untimed)", c->file, line);
    } else {
        ex->time_limit = (int)lua_tointeger(L, -1);
    }
    lua_pop(L, 1);

    ty = field(L, t, "pass_mark");
    if (ty != LUA_TNUMBER || lua_tonumber(L, -1) < 0 || lua_tonumber(L, -1) > 100 ||
        isnan(lua_tonumber(L, -1)))
        return luaL_error(L, "%s:%d: exam: 'pass_mark' must be a percentage 0..100", c->file, line);
    ex->pass_mark = lua_tonumber(L, -1);
    lua_pop(L, 1);

    ty = field(L, t, "min_rating");
    if (ty == LUA_TNIL) {
        ex->min_rating = CP_EXAM_MIN_RATING;
    } else if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 || lua_tointeger(L, -1) > 5) {
        return luaL_error(L, "%s:%d: exam: 'min_rating' must be a whole rating 1..5 (every "
                             "scenario's ending rated at least this; 1 = any ending)", c->file, line);
    } else {
        ex->min_rating = (int)lua_tointeger(L, -1);
    }
    lua_pop(L, 1);

    ty = field(L, t, "feedback");
    if (ty != LUA_TNIL && ty != LUA_TBOOLEAN)
        return luaL_error(L, "%s:%d: exam: 'feedback' must be true or false", c->file, line);
    ex->feedback = lua_toboolean(L, -1);
    lua_pop(L, 1);

    ty = field(L, t, "weights");
    if (ty == LUA_TTABLE) {
        int wt = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, wt)) {
            if (lua_type(L, -2) != LUA_TSTRING)
                return luaL_error(L, "%s:%d: exam: weights are keyed by criterion id", c->file, line);
            double w = lua_type(L, -1) == LUA_TNUMBER ? lua_tonumber(L, -1) : -1;
            if (!(w > 0 && w <= 100))
                return luaL_error(L, "%s:%d: exam: weight of '%s' must be a number in (0, 100]",
                                  c->file, line, lua_tostring(L, -2));
            ex->weights = cp_xrealloc(ex->weights, (ex->nweights + 1) * sizeof *ex->weights);
            ex->weights[ex->nweights].criterion = cp_xstrdup(lua_tostring(L, -2));
            ex->weights[ex->nweights].weight = w;
            ex->nweights++;
            lua_pop(L, 1);
        }
    } else if (ty != LUA_TNIL) {
        return luaL_error(L, "%s:%d: exam: 'weights' must be a table { [\"criterion.id\"] = n }",
                          c->file, line);
    }
    lua_pop(L, 1);
    return 0;
}

static int cmp_weight(const void *a, const void *b)
{
    return strcmp(((const cp_exam_weight *)a)->criterion, ((const cp_exam_weight *)b)->criterion);
}

cp_exam *cp_exam_load(const char *path, cp_error *err)
{
    cp_error_clear(err);
    size_t len;
    char *src = cp_read_file(path, 1u << 20, &len, err);
    if (!src)
        return NULL;
    cp_exam *ex = cp_xcalloc(1, sizeof *ex);
    ex->path = cp_xstrdup(path);
    ex->hash = cp_hash64(src, len);
    cp_sandbox *sb = cp_sandbox_new(NULL, err);
    int rc = sb ? 0 : -1;
    if (rc == 0) {
        cp_sandbox_register(sb, "exam", el_exam);
        rc = cp_sandbox_run_string(sb, path, src, len, 1, err);
    }
    if (rc == 0) {
        lua_State *L = cp_sandbox_state(sb);
        el_ctx ctx = { ex, path };
        lua_pushcfunction(L, read_exam);
        lua_insert(L, -2);
        lua_pushlightuserdata(L, &ctx);
        lua_insert(L, -2);
        rc = cp_sandbox_call(sb, 2, 0, err);
        lua_settop(L, 0);
    }
    cp_sandbox_free(sb);
    free(src);
    if (rc != 0) {
        cp_exam_free(ex);
        return NULL;
    }
    if (ex->nweights > 1)
        qsort(ex->weights, ex->nweights, sizeof *ex->weights, cmp_weight);
    return ex;
}
