/* cp_sandbox.h - a Lua 5.4 state for untrusted scenario and rubric files.
 * Safe base functions plus string (plain find only), table, math and utf8; no io, os, package,
 * require, debug, load, dofile, loadfile, string.dump, collectgarbage. Text chunks only.
 * Memory is capped by a counting allocator; work by an instruction-count hook with a wall-clock
 * deadline that re-arms at every instruction once tripped, so a script's pcall cannot swallow
 * it. Unknown globals are errors. Errors come back as file:line: message. */
#ifndef CP_SANDBOX_H
#define CP_SANDBOX_H

#include "cp_common.h"

struct lua_State;
typedef int (*cp_lua_cfn)(struct lua_State *L);

typedef struct cp_sandbox_limits {
    size_t max_bytes;           /* memory cap for the whole state */
    uint64_t max_instructions;  /* per call (load or callback) */
    uint32_t max_ms;            /* wall-clock per call */
} cp_sandbox_limits;

/* Defaults: 64 MiB, 20 million instructions, 1000 ms. */
cp_sandbox_limits cp_sandbox_default_limits(void);

typedef struct cp_sandbox cp_sandbox;

/* Creates a sandbox (lim NULL = defaults). NULL with err filled on failure. */
cp_sandbox *cp_sandbox_new(const cp_sandbox_limits *lim, cp_error *err);
/* Closes the state; NULL is a no-op. */
void cp_sandbox_free(cp_sandbox *sb);
/* The Lua state, for bindings that read results. Never call unprotected code that can raise
 * while holding C memory. */
struct lua_State *cp_sandbox_state(cp_sandbox *sb);
/* Makes a C function visible to scripts as global `name` (before or after running code). */
void cp_sandbox_register(cp_sandbox *sb, const char *name, cp_lua_cfn fn);
/* Reads path (text only; bytecode refused) and runs it with a fresh budget; on success its first
 * nresults results are on the stack. Returns 0, or -1 with err = file:line: message. */
int cp_sandbox_run_file(cp_sandbox *sb, const char *path, int nresults, cp_error *err);
/* Same for a chunk in memory; name is the file name used in messages. */
int cp_sandbox_run_string(cp_sandbox *sb, const char *name, const char *src, size_t len,
                          int nresults, cp_error *err);
/* Calls the function below nargs arguments with a fresh budget and a traceback-free message
 * handler. Returns 0 (results pushed) or -1 (nothing pushed, err filled). */
int cp_sandbox_call(cp_sandbox *sb, int nargs, int nresults, cp_error *err);
/* File name the sandbox last ran (for messages). */
const char *cp_sandbox_name(const cp_sandbox *sb);
/* Bytes in use now and at most so far. */
size_t cp_sandbox_bytes(const cp_sandbox *sb);
size_t cp_sandbox_peak_bytes(const cp_sandbox *sb);

#endif
