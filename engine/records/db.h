/* db.h - the records' statement layer: what the backend-neutral records code (engine/records/records*.c)
 * asks of a database, and what a driver (engine/records/sqlite, engine/records/pg) provides.
 * One SQL text serves every backend: `?` and `?N` placeholders (a driver may renumber them), a
 * timestamp written strftime('%Y-%m-%dT%H:%M:%SZ','now') or ...%fZ (a driver may translate it),
 * `INSERT ... ON CONFLICT`, `RETURNING id`. What differs (DDL and migrations, opening, checks,
 * error texts) stays in the driver. Result codes are SQLite's numbers, whatever the backend.
 * Must not: include a database library's header (a driver does, in its own folder). */
#ifndef CP_RECORDS_DB_H
#define CP_RECORDS_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "cp_common.h"

enum {
    REC_OK = 0,
    REC_ERROR = 1,
    REC_PERM = 3,
    REC_BUSY = 5,
    REC_LOCKED = 6,
    REC_READONLY = 8,
    REC_CORRUPT = 11,
    REC_FULL = 13,
    REC_CANTOPEN = 14,
    REC_CONSTRAINT = 19,
    REC_NOTADB = 26,
    REC_ROW = 100,
    REC_DONE = 101,
    REC_CONSTRAINT_FOREIGNKEY = REC_CONSTRAINT | (3 << 8),
    REC_CONSTRAINT_UNIQUE = REC_CONSTRAINT | (8 << 8),
    REC_CONN = REC_CANTOPEN | (64 << 8),   /* the server went away (a driver may reconnect) */
};

/* What a failed call means for a seat, in backend-neutral terms (kind: cp_records.h's
 * CP_DBERR_*), with the backend's own words for the technical line. */
typedef struct rec_fault {
    int kind;          /* CP_DBERR_*; CP_DBERR_NONE when nothing failed */
    char code[48];     /* "SQLITE_FULL", "SQLSTATE 42501" */
    char detail[1024]; /* the backend's message */
    char role[64];     /* the server login ("" for a file) */
    bool rls;          /* refused by a row-level security policy */
} rec_fault;

typedef struct rec_driver rec_driver;
/* A driver's statement and connection begin with these (the driver's own fields follow). */
typedef struct rec_stmt {
    const rec_driver *drv;
} rec_stmt;
typedef struct rec_conn {
    const rec_driver *drv;
    char *path;    /* what errors name: a file, or a URI without its password */
    int busy_ms;   /* how long a writer waits for another */
} rec_conn;

struct rec_driver {
    const char *name;
    /* Statements. prepare: NULL with *rc set on failure. Texts bound are copied. step: REC_ROW,
     * REC_DONE or an error code. col_text: NULL for SQL NULL. changes: rows the last step
     * inserted, updated or deleted. */
    rec_stmt *(*prepare)(rec_conn *c, const char *sql, int *rc);
    void (*bind_int64)(rec_stmt *st, int i, int64_t v);
    void (*bind_double)(rec_stmt *st, int i, double v);
    void (*bind_text)(rec_stmt *st, int i, const char *v);
    void (*bind_null)(rec_stmt *st, int i);
    int (*step)(rec_stmt *st);
    int64_t (*col_int64)(rec_stmt *st, int col);
    double (*col_double)(rec_stmt *st, int col);
    const char *(*col_text)(rec_stmt *st, int col);
    int64_t (*changes)(rec_stmt *st);
    void (*reset)(rec_stmt *st);
    void (*finalize)(rec_stmt *st);
    /* Connection: exec runs SQL without results; begin a write (`write`) or a read snapshot;
     * in_tx whether a transaction is open; fail fills err for code rc while doing `what`. */
    int (*exec)(rec_conn *c, const char *sql);
    int (*begin)(rec_conn *c, bool write);
    bool (*in_tx)(rec_conn *c);
    int (*fail)(rec_conn *c, int rc, const char *what, cp_error *err);
    /* Classifies the failure rc just returned (before anything else runs on c) into f. */
    void (*fault)(rec_conn *c, int rc, rec_fault *f);
    /* Whole-database check (`records check`): 1 problems found, 0 none, -1 error. */
    int (*check)(rec_conn *c, bool full, cp_strlist *problems, cp_error *err);
    /* Listens on channel and waits up to ms for a notification: 1 got one (its payload into
     * buf), 0 timeout, -1 error. NULL when the backend has none. */
    int (*wait_notify)(rec_conn *c, const char *channel, int ms, char *buf, size_t size,
                       cp_error *err);
    void (*close)(rec_conn *c);
    /* A centre (NULL where the backend has no server roles): centre_init makes the three group
     * roles, their grants and row-level security; centre_grant makes `login` (a login role,
     * with password when not NULL - sent hashed) a member of `role` (seat, trainer or
     * assessor), a seat tied to trainee. 0, or -1 with err. */
    int (*centre_init)(rec_conn *c, cp_error *err);
    int (*centre_grant)(rec_conn *c, const char *login, const char *role, int64_t trainee,
                        const char *password, cp_error *err);
    /* The library's own handle (tests look inside with it). */
    void *(*raw)(rec_conn *c);
};

/* The drivers' open: connects, identifies the database (ours, not newer), and migrates it to
 * `target` (fresh ones are created unless `existing`). *version is the version found. A server's
 * driver sets *transient when it failed because the server was away (not reached, starting up,
 * shutting down, or lost mid-open): nothing was left half done and opening again may succeed;
 * false for what a person must fix (a refused login, a missing database, another program's). */
rec_conn *rec_sqlite_open(const char *path, int busy_ms, bool existing, int target, int *version,
                          cp_error *err);
rec_conn *rec_pg_open(const char *uri, int busy_ms, bool existing, int target, int *version,
                      bool *transient, cp_error *err);

/* PostgreSQL's classification of a SQLSTATE (and its message, for row-level security) into
 * CP_DBERR_*; a pure function (tests call it without a server). */
int rec_pg_fault_of(const char *sqlstate, const char *message, bool *rls);

static inline int rec_step(rec_stmt *st) { return st->drv->step(st); }
static inline void rec_bind_int64(rec_stmt *st, int i, int64_t v) { st->drv->bind_int64(st, i, v); }
static inline void rec_bind_int(rec_stmt *st, int i, int v) { st->drv->bind_int64(st, i, v); }
static inline void rec_bind_double(rec_stmt *st, int i, double v) { st->drv->bind_double(st, i, v); }
static inline void rec_bind_text(rec_stmt *st, int i, const char *v)
{
    if (v)
        st->drv->bind_text(st, i, v);
    else
        st->drv->bind_null(st, i);
}
static inline void rec_bind_null(rec_stmt *st, int i) { st->drv->bind_null(st, i); }
static inline int64_t rec_col_int64(rec_stmt *st, int c) { return st->drv->col_int64(st, c); }
static inline int rec_col_int(rec_stmt *st, int c) { return (int)st->drv->col_int64(st, c); }
static inline double rec_col_double(rec_stmt *st, int c) { return st->drv->col_double(st, c); }
static inline const char *rec_col_str(rec_stmt *st, int c) { return st->drv->col_text(st, c); }
static inline bool rec_col_null(rec_stmt *st, int c) { return st->drv->col_text(st, c) == NULL; }
static inline int64_t rec_changes(rec_stmt *st) { return st->drv->changes(st); }
static inline void rec_reset(rec_stmt *st) { st->drv->reset(st); }
static inline void rec_finalize(rec_stmt *st)
{
    if (st)
        st->drv->finalize(st);
}

#endif
