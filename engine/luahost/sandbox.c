/* sandbox.c - the Lua 5.4 state untrusted scenario and rubric files run in.
 * Holds: the capped allocator, the instruction/deadline hook, the allow-list of globals, the
 * plain-only string.find, error conversion to file:line: message.
 * Must not: open io/os/package/debug, load binary chunks, or let script errors escape as
 * longjmps into host code (every script run goes through lua_pcall). */
#include "cp_sandbox.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOOK_EVERY 1000          /* instructions between budget checks */
#define FIND_MAX_SUBJECT 65536   /* plain string.find is O(n*m): bound the subject ... */
#define FIND_MAX_NEEDLE 1024     /* ... and the needle */
#define MOVE_MAX 1000000         /* table.move loops in C: bound its count */
#define SCRIPT_MAX_FILE (1u << 20)

enum trip { TRIP_NONE, TRIP_INSTRUCTIONS, TRIP_TIME, TRIP_CLOSED };

struct cp_sandbox {
    lua_State *L;
    size_t used, peak;
    size_t max_bytes;
    bool capped;        /* the cap applies only while script code runs */
    bool mem_tripped;   /* an allocation was refused by the cap */
    uint64_t max_instr, instr;
    uint32_t max_ms;
    uint64_t deadline_ns;
    enum trip tripped;
    char name[512];
};

/* ---- Allocator and budget ---- */

static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    cp_sandbox *sb = ud;
    if (ptr == NULL)
        osize = 0;
    if (nsize == 0) {
        free(ptr);
        sb->used -= osize;
        return NULL;
    }
    if (nsize > osize && sb->capped && sb->used - osize + nsize > sb->max_bytes) {
        sb->mem_tripped = true;
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (!p)
        return NULL;
    sb->used = sb->used - osize + nsize;
    if (sb->used > sb->peak)
        sb->peak = sb->used;
    return p;
}

static cp_sandbox *sb_of(lua_State *L)
{
    return *(cp_sandbox **)lua_getextraspace(L);
}

static void sb_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    cp_sandbox *sb = sb_of(L);
    if (sb->tripped == TRIP_NONE) {
        sb->instr += HOOK_EVERY;
        if (sb->instr > sb->max_instr)
            sb->tripped = TRIP_INSTRUCTIONS;
        else if (cp_now_ns() > sb->deadline_ns)
            sb->tripped = TRIP_TIME;
        else
            return;
        /* From now on fail at every instruction, so a script's own pcall cannot swallow it. */
        lua_sethook(L, sb_hook, LUA_MASKCOUNT, 1);
    }
    /* Inside a hook, level 0 is the running Lua function: name its line (luaL_error's level 1
     * would be its caller). */
    lua_Debug here;
    int line = 0;
    if (lua_getstack(L, 0, &here) && lua_getinfo(L, "l", &here))
        line = here.currentline;
    if (sb->tripped == TRIP_INSTRUCTIONS)
        lua_pushfstring(L, "%s:%d: script ran too long: over %d instructions (endless loop?)",
                        sb->name, line, (int)sb->max_instr);
    else if (sb->tripped == TRIP_TIME)
        lua_pushfstring(L, "%s:%d: script ran too long: over %d ms", sb->name, line,
                        (int)sb->max_ms);
    else
        lua_pushfstring(L, "%s:%d: script stopped: the sandbox is closing", sb->name, line);
    lua_error(L);
}

static void budget_start(cp_sandbox *sb)
{
    sb->instr = 0;
    sb->tripped = TRIP_NONE;
    sb->mem_tripped = false;
    sb->deadline_ns = cp_now_ns() + (uint64_t)sb->max_ms * 1000000u;
    sb->capped = true;
    lua_sethook(sb->L, sb_hook, LUA_MASKCOUNT, HOOK_EVERY);
}

static void budget_end(cp_sandbox *sb)
{
    sb->capped = false;
}

static int sb_panic(lua_State *L)
{
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "counterpart: unprotected Lua error (a bug): %s\n", msg ? msg : "?");
    abort();
}

/* ---- Script-visible replacements ---- */

static int sb_disabled(lua_State *L)
{
    return luaL_error(L, "%s is not available in the scenario sandbox%s",
                      lua_tostring(L, lua_upvalueindex(1)), lua_tostring(L, lua_upvalueindex(2)));
}

static int sb_plain_find(lua_State *L)
{
    size_t ls, lp;
    luaL_checklstring(L, 1, &ls);
    luaL_checklstring(L, 2, &lp);
    if (ls > FIND_MAX_SUBJECT)
        return luaL_error(L, "string.find: text longer than %d bytes", FIND_MAX_SUBJECT);
    if (lp > FIND_MAX_NEEDLE)
        return luaL_error(L, "string.find: search text longer than %d bytes", FIND_MAX_NEEDLE);
    lua_settop(L, 3);
    lua_pushboolean(L, 1); /* plain: no patterns */
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 4, LUA_MULTRET);
    return lua_gettop(L);
}

static int sb_table_move(lua_State *L)
{
    lua_Integer f = luaL_checkinteger(L, 2);
    lua_Integer e = luaL_checkinteger(L, 3);
    if (e >= f && (e - f) >= MOVE_MAX)
        return luaL_error(L, "table.move: more than %d elements", MOVE_MAX);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* Lua runs __gc finalizers with hooks off (lgc.c GCTM), so a looping finalizer would hang the
 * host at any collection: metatables with __gc are refused. Lua marks an object for
 * finalization only if __gc is present (raw) when setmetatable is called, so this check is
 * enough. */
static int sb_setmetatable(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "__gc metamethods are not allowed in the scenario sandbox");
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int sb_print(lua_State *L)
{
    lua_Debug ar;
    int line = 0;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar))
        line = ar.currentline;
    fprintf(stderr, "%s:%d: print:", sb_of(L)->name, line);
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        fprintf(stderr, " %.*s", (int)len, s);
        lua_pop(L, 1);
    }
    fputc('\n', stderr);
    return 0;
}

static const char *const FORBIDDEN[] = {
    "io", "os", "package", "require", "debug", "dofile", "loadfile", "load", "loadstring",
    "collectgarbage", "coroutine", NULL,
};

static int sb_global_index(lua_State *L)
{
    const char *k = lua_tostring(L, 2);
    for (int i = 0; FORBIDDEN[i]; i++)
        if (k && strcmp(k, FORBIDDEN[i]) == 0)
            return luaL_error(L, "'%s' is not available in the scenario sandbox", k);
    return luaL_error(L, "undeclared global '%s'", k ? k : "?");
}

static int sb_global_newindex(lua_State *L)
{
    const char *k = lua_tostring(L, 2);
    return luaL_error(L, "assignment to undeclared global '%s' (use local)", k ? k : "?");
}

static void disable_field(lua_State *L, int table, const char *field, const char *what,
                          const char *hint)
{
    lua_pushstring(L, what);
    lua_pushstring(L, hint);
    lua_pushcclosure(L, sb_disabled, 2);
    lua_setfield(L, table, field);
}

static void wrap_field(lua_State *L, int table, const char *field, lua_CFunction fn)
{
    lua_getfield(L, table, field);
    lua_pushcclosure(L, fn, 1);
    lua_setfield(L, table, field);
}

/* Builds the allow-listed global environment. Runs unprotected at creation, with no cap. */
static void sb_open(lua_State *L)
{
    static const char *const base_keep[] = {
        "assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget", "rawlen",
        "rawset", "select", "setmetatable", "getmetatable", "tonumber", "tostring", "type",
        "xpcall", "_G", "_VERSION", NULL,
    };
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    lua_pop(L, 1);
    /* Drop every base function not on the allow-list. */
    lua_pushglobaltable(L);
    int g = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, g)) {
        lua_pop(L, 1);
        bool keep = false;
        if (lua_type(L, -1) == LUA_TSTRING)
            for (int i = 0; base_keep[i]; i++)
                if (strcmp(lua_tostring(L, -1), base_keep[i]) == 0)
                    keep = true;
        if (!keep) {
            lua_pushvalue(L, -1);
            lua_pushnil(L);
            lua_rawset(L, g);
        }
    }
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    int s = lua_gettop(L);
    wrap_field(L, s, "find", sb_plain_find);
    const char *pat = " (Lua patterns can run unbounded inside one C call; use string.find, "
                      "which matches plain text)";
    disable_field(L, s, "match", "string.match", pat);
    disable_field(L, s, "gmatch", "string.gmatch", pat);
    disable_field(L, s, "gsub", "string.gsub", pat);
    disable_field(L, s, "dump", "string.dump", "");
    lua_pop(L, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    wrap_field(L, lua_gettop(L), "move", sb_table_move);
    lua_pop(L, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    /* Seed once, then hide the seed: runs repeat exactly. */
    lua_getfield(L, -1, "randomseed");
    lua_pushinteger(L, 20231201);
    lua_call(L, 1, 0);
    lua_pushnil(L);
    lua_setfield(L, -2, "randomseed");
    lua_pop(L, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    lua_pop(L, 1);
    lua_pushcfunction(L, sb_print);
    lua_setfield(L, g, "print");
    wrap_field(L, g, "setmetatable", sb_setmetatable);
    /* Protect the string metatable. */
    lua_pushliteral(L, "");
    if (lua_getmetatable(L, -1)) {
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    /* Unknown globals are errors, reads and writes alike. */
    lua_newtable(L);
    lua_pushcfunction(L, sb_global_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, sb_global_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, g);
    lua_pop(L, 1);
}

/* ---- Public API ---- */

cp_sandbox_limits cp_sandbox_default_limits(void)
{
    cp_sandbox_limits l = { .max_bytes = 64u << 20, .max_instructions = 20000000u, .max_ms = 1000 };
    return l;
}

cp_sandbox *cp_sandbox_new(const cp_sandbox_limits *lim, cp_error *err)
{
    cp_sandbox *sb = cp_xcalloc(1, sizeof *sb);
    cp_sandbox_limits l = lim ? *lim : cp_sandbox_default_limits();
    sb->max_bytes = l.max_bytes;
    sb->max_instr = l.max_instructions;
    sb->max_ms = l.max_ms;
    snprintf(sb->name, sizeof sb->name, "%s", "?");
    sb->L = lua_newstate(sb_alloc, sb);
    if (!sb->L) {
        free(sb);
        cp_error_set(err, NULL, 0, "cannot create a Lua state");
        return NULL;
    }
    *(cp_sandbox **)lua_getextraspace(sb->L) = sb;
    lua_atpanic(sb->L, sb_panic);
    lua_setwarnf(sb->L, NULL, NULL);
    sb_open(sb->L);
    return sb;
}

void cp_sandbox_free(cp_sandbox *sb)
{
    if (!sb)
        return;
    /* Finalizers a script set run at close: make any Lua code there fail at once. */
    sb->tripped = TRIP_CLOSED;
    sb->capped = false;
    lua_sethook(sb->L, sb_hook, LUA_MASKCOUNT, 1);
    lua_close(sb->L);
    free(sb);
}

lua_State *cp_sandbox_state(cp_sandbox *sb)
{
    return sb->L;
}

void cp_sandbox_register(cp_sandbox *sb, const char *name, cp_lua_cfn fn)
{
    lua_pushglobaltable(sb->L);
    lua_pushstring(sb->L, name);
    lua_pushcfunction(sb->L, fn);
    lua_rawset(sb->L, -3);
    lua_pop(sb->L, 1);
}

const char *cp_sandbox_name(const cp_sandbox *sb)
{
    return sb->name;
}

size_t cp_sandbox_bytes(const cp_sandbox *sb)
{
    return sb->used;
}

size_t cp_sandbox_peak_bytes(const cp_sandbox *sb)
{
    return sb->peak;
}

/* Message handler: makes any error value a string; keeps position info Lua added. */
static int sb_msgh(lua_State *L)
{
    if (lua_type(L, 1) == LUA_TSTRING)
        return 1;
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
        return 1;
    lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    return 1;
}

/* Turns "name:line: msg" into err; other messages get the sandbox's file name. */
static void sb_fill_error(cp_sandbox *sb, int status, const char *msg, cp_error *err)
{
    if (status == LUA_ERRMEM || sb->mem_tripped) {
        cp_error_set(err, sb->name, 0, "script used more than %zu MiB of memory",
                     sb->max_bytes >> 20);
        return;
    }
    if (!msg)
        msg = "unknown error";
    size_t nl = strlen(sb->name);
    const char *rest = NULL;
    if (strncmp(msg, sb->name, nl) == 0 && msg[nl] == ':')
        rest = msg + nl + 1;
    if (rest) {
        char *end;
        long line = strtol(rest, &end, 10);
        if (end != rest && end[0] == ':') {
            cp_error_set(err, sb->name, (int)line, "%s", end[1] == ' ' ? end + 2 : end + 1);
            return;
        }
    }
    cp_error_set(err, sb->name, 0, "%s", msg);
}

static int sb_pcall(cp_sandbox *sb, int nargs, int nresults, cp_error *err)
{
    lua_State *L = sb->L;
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, sb_msgh);
    lua_insert(L, base);
    budget_start(sb);
    int st = lua_pcall(L, nargs, nresults, base);
    budget_end(sb);
    lua_remove(L, base);
    if (st != LUA_OK) {
        sb_fill_error(sb, st, lua_tostring(L, -1), err);
        lua_pop(L, 1);
        return -1;
    }
    return 0;
}

int cp_sandbox_run_string(cp_sandbox *sb, const char *name, const char *src, size_t len,
                          int nresults, cp_error *err)
{
    snprintf(sb->name, sizeof sb->name, "%s", name);
    if (len > 0 && src[0] == LUA_SIGNATURE[0])
        return cp_error_set(err, name, 0,
                            "binary (precompiled) chunks are refused: give the .lua source");
    char chunk[520];
    snprintf(chunk, sizeof chunk, "@%s", name);
    sb->capped = true;
    sb->mem_tripped = false;
    int st = luaL_loadbufferx(sb->L, src, len, chunk, "t");
    sb->capped = false;
    if (st != LUA_OK) {
        sb_fill_error(sb, st, lua_tostring(sb->L, -1), err);
        lua_pop(sb->L, 1);
        return -1;
    }
    return sb_pcall(sb, 0, nresults, err);
}

int cp_sandbox_run_file(cp_sandbox *sb, const char *path, int nresults, cp_error *err)
{
    size_t len;
    char *src = cp_read_file(path, SCRIPT_MAX_FILE, &len, err);
    if (!src)
        return -1;
    int rc = cp_sandbox_run_string(sb, path, src, len, nresults, err);
    free(src);
    return rc;
}

int cp_sandbox_call(cp_sandbox *sb, int nargs, int nresults, cp_error *err)
{
    return sb_pcall(sb, nargs, nresults, err);
}
