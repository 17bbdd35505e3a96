/* test_sandbox.c - each hostile script in tests/sandbox/ is refused with a clear error that names
 * the file, without taking the host down and within the memory cap. One test per attack. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cp_sandbox.h"
#include "cp_scenario.h"

#define DIR "tests/sandbox/"

/* Runs a hostile file; asserts it failed with err naming the file and containing want. */
static void expect_refused(const char *file, const char *want, int line)
{
    char path[256];
    snprintf(path, sizeof path, DIR "%s", file);
    cp_error err = { 0 };
    cp_sandbox *sb = cp_sandbox_new(NULL, &err);
    assert_non_null(sb);
    alarm(20); /* a hang fails the test instead of the suite */
    int rc = cp_sandbox_run_file(sb, path, 0, &err);
    alarm(0);
    if (rc == 0 || !strstr(err.msg, want) || strcmp(err.file, path) != 0 ||
        (line >= 0 && err.line != line))
        fail_msg("%s: got rc=%d file='%s' line=%d msg='%s'; want '%s' at line %d", file, rc,
                 err.file, err.line, err.msg, want, line);
    cp_sandbox_limits lim = cp_sandbox_default_limits();
    assert_true(cp_sandbox_peak_bytes(sb) <= lim.max_bytes);
    cp_sandbox_free(sb);
}

static void endless_loop(void **st) { (void)st; expect_refused("endless_loop.lua", "ran too long", 2); }
static void pcall_cannot_swallow_budget(void **st) { (void)st; expect_refused("pcall_swallow.lua", "ran too long", -1); }
static void memory_bomb(void **st) { (void)st; expect_refused("memory_bomb.lua", "more than 64 MiB of memory", -1); }

/* Many small allocations: whichever limit trips first, the error names the file and memory
 * stays under the cap (expect_refused checks the peak). */
static void table_bomb(void **st)
{
    (void)st;
    cp_error err = { 0 };
    cp_sandbox *sb = cp_sandbox_new(NULL, &err);
    alarm(20);
    assert_int_equal(cp_sandbox_run_file(sb, DIR "table_bomb.lua", 0, &err), -1);
    alarm(0);
    assert_string_equal(err.file, DIR "table_bomb.lua");
    assert_true(strstr(err.msg, "memory") || strstr(err.msg, "ran too long"));
    assert_true(cp_sandbox_peak_bytes(sb) <= cp_sandbox_default_limits().max_bytes);
    cp_sandbox_free(sb);
}
static void string_rep_bomb(void **st) { (void)st; expect_refused("string_rep_bomb.lua", "memory", -1); }
static void string_doubling(void **st) { (void)st; expect_refused("string_rep_doubling.lua", "memory", -1); }
static void os_execute(void **st) { (void)st; expect_refused("os_execute.lua", "'os' is not available", 2); }
static void io_open(void **st) { (void)st; expect_refused("io_open.lua", "'io' is not available", 2); }
static void require_(void **st) { (void)st; expect_refused("require.lua", "'require' is not available", 2); }
static void dofile_(void **st) { (void)st; expect_refused("dofile.lua", "'dofile' is not available", 2); }
static void loadfile_(void **st) { (void)st; expect_refused("loadfile.lua", "'loadfile' is not available", 2); }
static void load_(void **st) { (void)st; expect_refused("load_string.lua", "'load' is not available", 2); }
static void string_dump(void **st) { (void)st; expect_refused("string_dump.lua", "string.dump is not available", 2); }
static void debug_(void **st) { (void)st; expect_refused("debug.lua", "'debug' is not available", 2); }
static void collectgarbage_(void **st) { (void)st; expect_refused("collectgarbage.lua", "'collectgarbage' is not available", 2); }
static void deep_recursion(void **st) { (void)st; expect_refused("deep_recursion.lua", "", -1); }
static void pattern_match(void **st) { (void)st; expect_refused("pattern_match.lua", "string.match is not available", 3); }
static void pattern_gsub(void **st) { (void)st; expect_refused("pattern_gsub.lua", "string.gsub is not available", 2); }
static void find_is_plain(void **st) { (void)st; expect_refused("pattern_find.lua", "plain find ok", 5); }
static void find_long_subject(void **st) { (void)st; expect_refused("find_long_subject.lua", "longer than", 3); }
static void table_move(void **st) { (void)st; expect_refused("table_move.lua", "more than", 2); }
static void global_write(void **st) { (void)st; expect_refused("global_write.lua", "assignment to undeclared global 'helper'", 2); }
static void unknown_global(void **st) { (void)st; expect_refused("unknown_global.lua", "undeclared global 'nodde'", 2); }
static void string_metatable(void **st) { (void)st; expect_refused("string_metatable.lua", "", 2); }
static void error_table(void **st) { (void)st; expect_refused("error_table.lua", "error object is a table value", -1); }
static void syntax_error(void **st) { (void)st; expect_refused("syntax_error.lua", "unexpected symbol", 3); }
static void bytecode_header(void **st) { (void)st; expect_refused("bytecode_header.lua", "binary (precompiled) chunks are refused", 0); }

static int writer(lua_State *L, const void *p, size_t sz, void *ud)
{
    (void)L;
    return fwrite(p, 1, sz, ud) != sz;
}

/* Real bytecode, compiled here with the host's own Lua, is refused. */
static void real_bytecode(void **st)
{
    (void)st;
    char path[] = "/tmp/cp-bytecode-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    lua_State *L = luaL_newstate();
    assert_int_equal(luaL_loadstring(L, "return scenario { id = 'x' }"), LUA_OK);
    lua_dump(L, writer, f, 1);
    lua_close(L);
    fclose(f);
    cp_error err = { 0 };
    assert_null(cp_scenario_load(path, &err));
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.msg, "binary (precompiled) chunks are refused"));
    unlink(path);
}

/* Lua runs finalizers with hooks off, so a looping __gc would hang any collection: refused. */
static void gc_finalizer(void **st) { (void)st; expect_refused("gc_finalizer.lua", "__gc metamethods are not allowed", 3); }

/* The sandbox is usable again after a budget error: a fresh call gets a fresh budget. */
static void budget_resets_between_calls(void **st)
{
    (void)st;
    cp_error err = { 0 };
    cp_sandbox *sb = cp_sandbox_new(NULL, &err);
    const char *loop = "while true do end";
    assert_int_equal(cp_sandbox_run_string(sb, "a.lua", loop, strlen(loop), 0, &err), -1);
    const char *ok = "local n = 0 for i = 1, 1000 do n = n + i end return n";
    assert_int_equal(cp_sandbox_run_string(sb, "b.lua", ok, strlen(ok), 1, &err), 0);
    assert_int_equal(lua_tointeger(cp_sandbox_state(sb), -1), 500500);
    cp_sandbox_free(sb);
}

/* Safe libraries are there: string, table, math, utf8; math.random repeats across runs. */
static void safe_libraries_work(void **st)
{
    (void)st;
    cp_error err = { 0 };
    const char *src = "return string.format('%d', #table.concat({'a','b'})) .. utf8.char(20320)"
                      " .. tostring(math.floor(math.random() * 1e6))";
    char first[64] = "";
    for (int run = 0; run < 2; run++) {
        cp_sandbox *sb = cp_sandbox_new(NULL, &err);
        assert_int_equal(cp_sandbox_run_string(sb, "libs.lua", src, strlen(src), 1, &err), 0);
        const char *out = lua_tostring(cp_sandbox_state(sb), -1);
        assert_non_null(out);
        assert_memory_equal(out, "2你", strlen("2你"));
        if (run == 0)
            snprintf(first, sizeof first, "%s", out);
        else
            assert_string_equal(first, out);
        cp_sandbox_free(sb);
    }
}

/* A lower memory cap is honoured. */
static void custom_memory_cap(void **st)
{
    (void)st;
    cp_sandbox_limits lim = cp_sandbox_default_limits();
    lim.max_bytes = 4u << 20;
    cp_error err = { 0 };
    cp_sandbox *sb = cp_sandbox_new(&lim, &err);
    const char *src = "local s = string.rep('x', 8 * 1024 * 1024)";
    assert_int_equal(cp_sandbox_run_string(sb, "cap.lua", src, strlen(src), 0, &err), -1);
    assert_non_null(strstr(err.msg, "more than 4 MiB"));
    assert_true(cp_sandbox_peak_bytes(sb) <= lim.max_bytes);
    cp_sandbox_free(sb);
}

/* The scenario loader goes through the sandbox: a hostile scenario fails to load, naming it. */
static void scenario_loader_is_sandboxed(void **st)
{
    (void)st;
    cp_error err = { 0 };
    assert_null(cp_scenario_load(DIR "os_execute.lua", &err));
    assert_string_equal(err.file, DIR "os_execute.lua");
    assert_int_equal(err.line, 2);
    assert_int_equal(access("/tmp/counterpart-pwned", F_OK), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(endless_loop),
        cmocka_unit_test(pcall_cannot_swallow_budget),
        cmocka_unit_test(memory_bomb),
        cmocka_unit_test(table_bomb),
        cmocka_unit_test(string_rep_bomb),
        cmocka_unit_test(string_doubling),
        cmocka_unit_test(os_execute),
        cmocka_unit_test(io_open),
        cmocka_unit_test(require_),
        cmocka_unit_test(dofile_),
        cmocka_unit_test(loadfile_),
        cmocka_unit_test(load_),
        cmocka_unit_test(string_dump),
        cmocka_unit_test(debug_),
        cmocka_unit_test(collectgarbage_),
        cmocka_unit_test(deep_recursion),
        cmocka_unit_test(pattern_match),
        cmocka_unit_test(pattern_gsub),
        cmocka_unit_test(find_is_plain),
        cmocka_unit_test(find_long_subject),
        cmocka_unit_test(table_move),
        cmocka_unit_test(global_write),
        cmocka_unit_test(unknown_global),
        cmocka_unit_test(string_metatable),
        cmocka_unit_test(error_table),
        cmocka_unit_test(syntax_error),
        cmocka_unit_test(bytecode_header),
        cmocka_unit_test(real_bytecode),
        cmocka_unit_test(gc_finalizer),
        cmocka_unit_test(budget_resets_between_calls),
        cmocka_unit_test(safe_libraries_work),
        cmocka_unit_test(custom_memory_cap),
        cmocka_unit_test(scenario_loader_is_sandboxed),
    };
    return cmocka_run_group_tests_name("sandbox", tests, NULL, NULL);
}
