/* scenario_fns.c - runs a scenario's own functions for the runtime: `say(state)` and
 * `when(reply, state)`, called through the cp_scenario_host the loader attaches to every scenario
 * (cp_scenario.h). Builds the tables scripts see (docs/scenario-api.md), calls the function in
 * the scenario's sandbox (limits and error conversion are the sandbox's) and checks the result.
 * Must not: change the scenario or the session, or leave values on the Lua stack. */
#include "scenario_fns.h"

#include <lauxlib.h>
#include <lua.h>
#include <string.h>

#include "cp_sandbox.h"
#include "cp_utf8.h"

/* Adds what reply result r did to the table on top: met / missed (criterion -> true), acts
 * (name -> true), named (notice item label -> true, of node nd) and deadline. */
static void push_did(lua_State *L, const cp_result *r, const cp_node *nd)
{
    lua_createtable(L, 0, (int)r->n);
    lua_createtable(L, 0, (int)r->n);
    for (size_t i = 0; i < r->n; i++) {
        lua_pushboolean(L, 1);
        lua_setfield(L, r->crit[i].met ? -3 : -2, r->crit[i].id);
    }
    lua_setfield(L, -3, "missed");
    lua_setfield(L, -2, "met");
    lua_createtable(L, 0, 4);
    for (unsigned i = 0; i < CP_ACT_COUNT; i++)
        if (r->acts & (1u << i)) {
            lua_pushboolean(L, 1);
            lua_setfield(L, -2, cp_act_name(i));
        }
    lua_setfield(L, -2, "acts");
    lua_createtable(L, 0, 4);
    for (size_t i = 0; nd && nd->notice && i < nd->notice->nitems && i < 32; i++)
        if (r->named & (1u << i)) {
            lua_pushboolean(L, 1);
            lua_setfield(L, -2, nd->notice->items[i].label ? nd->notice->items[i].label : "?");
        }
    lua_setfield(L, -2, "named");
    lua_pushboolean(L, r->deadline_named);
    lua_setfield(L, -2, "deadline");
}

/* Pushes the `state` table scripts see. */
static void push_state(lua_State *L, const cp_script_state *st)
{
    lua_createtable(L, 0, 5);
    lua_pushinteger(L, st->anger);
    lua_setfield(L, -2, "anger");
    lua_pushinteger(L, st->trust);
    lua_setfield(L, -2, "trust");
    lua_pushinteger(L, st->turn);
    lua_setfield(L, -2, "turn");
    lua_pushinteger(L, st->visits);
    lua_setfield(L, -2, "visits");
    lua_createtable(L, 0, (int)st->flags->n);
    for (size_t i = 0; i < st->flags->n; i++) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, st->flags->v[i]);
    }
    lua_setfield(L, -2, "flags");
    if (st->last) {
        lua_createtable(L, 0, 6);
        push_did(L, st->last, st->last_node);
        lua_pushstring(L, st->last_text ? st->last_text : "");
        lua_setfield(L, -2, "text");
        if (st->last_node) {
            lua_pushstring(L, st->last_node->id);
            lua_setfield(L, -2, "node");
        }
        lua_setfield(L, -2, "last");
    }
}

static char *lua_say(const cp_scenario *sc, const cp_node *nd, const cp_script_state *st,
                     cp_error *err)
{
    lua_State *L = cp_sandbox_state(sc->sb);
    lua_rawgeti(L, LUA_REGISTRYINDEX, nd->say_ref);
    push_state(L, st);
    if (cp_sandbox_call(sc->sb, 1, 1, err) != 0)
        return NULL;
    size_t len;
    const char *str = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
    if (!str || !cp_utf8_valid(str, len) || strlen(str) != len) {
        lua_pop(L, 1);
        cp_error_set(err, sc->path, nd->line, "'%s': say function must return UTF-8 text",
                     nd->id);
        return NULL;
    }
    char *out = cp_xstrndup(str, len);
    lua_pop(L, 1);
    return out;
}

static int lua_when(const cp_scenario *sc, const cp_transition *t, const cp_script_reply *r,
                    const cp_script_state *st, cp_error *err)
{
    lua_State *L = cp_sandbox_state(sc->sb);
    lua_rawgeti(L, LUA_REGISTRYINDEX, t->fn_ref);
    lua_createtable(L, 0, 8);
    push_did(L, r->res, st->last_node);
    lua_pushnumber(L, r->score);
    lua_setfield(L, -2, "score");
    lua_pushnumber(L, r->max);
    lua_setfield(L, -2, "max");
    lua_pushstring(L, r->text);
    lua_setfield(L, -2, "text");
    if (r->choice > 0) {
        lua_pushinteger(L, r->choice);
        lua_setfield(L, -2, "choice");
    }
    push_state(L, st);
    if (cp_sandbox_call(sc->sb, 2, 1, err) != 0)
        return -1;
    int m = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return m;
}

const cp_scenario_host cp_lua_scenario_host = { .say = lua_say, .when = lua_when };
