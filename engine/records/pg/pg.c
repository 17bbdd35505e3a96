/* pg.c - the PostgreSQL driver of the records (engine/records/db.h), through libpq: a
 * postgresql:// (or postgres://) URI, with libpq's own service file, password file and TLS
 * options (sslmode=verify-full) - never a password of ours. Statements run with PQexecParams:
 * the records' `?` / `?N` placeholders become $N and SQLite's strftime('...','now') the same
 * text from clock_timestamp(); results come back as text and are converted on reading (a
 * boolean 't'/'f' reads as 1/0). Opening identifies the database (ours: settings' application_id
 * and schema_version; an empty one is fresh; anything else is left alone) and migrates it under
 * an advisory lock (many seats may open at once). SQLSTATEs become the records' codes: unique
 * and foreign-key violations, a refused permission, a full disk, a lock wait, a lost server.
 * A lost connection outside a transaction is re-established (the caller retries its write;
 * the records' turn keys make a retry never record a reply twice).
 * Must not: hold records logic; put a password in an error or a log. */
#include <libpq-fe.h>

#include "records/db.h"
#include "cp_records.h"
#include "schema_pg.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    rec_conn base;
    PGconn *pg;
    char *uri;
    char msg[1024];      /* the last error */
    char state[6];       /* its SQLSTATE ("" when the server gave none) */
    int code;            /* its records code */
    PGconn *listening;   /* the connection a LISTEN was issued on (wait_notify): once each */
    char channel[64];
} pg_conn;

typedef struct {
    rec_stmt base;
    pg_conn *c;
    char *sql;           /* translated: $N placeholders */
    int nparams;
    char **vals;         /* bound values (NULL = SQL NULL) */
    PGresult *res;
    int row, nrows;
    int64_t changes;
    bool ran;
} pg_stmt;

static const rec_driver PG_DRIVER;

/* ---- Errors ---- */

static int code_of(const char *state)
{
    if (!state)
        return REC_ERROR;
    if (strcmp(state, "23505") == 0)
        return REC_CONSTRAINT_UNIQUE;
    if (strcmp(state, "23503") == 0)
        return REC_CONSTRAINT_FOREIGNKEY;
    if (strncmp(state, "23", 2) == 0)
        return REC_CONSTRAINT;
    if (strcmp(state, "42501") == 0 || strncmp(state, "28", 2) == 0)
        return REC_PERM;
    if (strcmp(state, "53100") == 0)
        return REC_FULL;
    if (strcmp(state, "55P03") == 0 || strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
        return REC_BUSY;
    if (strcmp(state, "25006") == 0)
        return REC_READONLY;
    if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
        return REC_CONN;
    return REC_ERROR;
}

/* Keeps res's error (or the connection's) and returns its code. */
static int keep_error(pg_conn *c, const PGresult *res)
{
    const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (!m || !*m)
        m = PQerrorMessage(c->pg);
    snprintf(c->msg, sizeof c->msg, "%s", m && *m ? m : "unknown error");
    size_t n = strlen(c->msg);
    while (n > 0 && (c->msg[n - 1] == '\n' || c->msg[n - 1] == ' '))
        c->msg[--n] = '\0';
    snprintf(c->state, sizeof c->state, "%s", state ? state : "");
    c->code = PQstatus(c->pg) == CONNECTION_BAD ? REC_CONN : code_of(state);
    return c->code;
}

int rec_pg_fault_of(const char *state, const char *message, bool *rls)
{
    if (rls)
        *rls = false;
    if (!state || strlen(state) != 5)
        return CP_DBERR_OTHER;
    if (strcmp(state, "53100") == 0)
        return CP_DBERR_FULL;
    if (strncmp(state, "53", 2) == 0)   /* out of memory, too many connections, a limit */
        return CP_DBERR_RESOURCE;
    if (strcmp(state, "42501") == 0) {
        if (rls)
            *rls = message && strstr(message, "row-level security") != NULL;
        return CP_DBERR_DENIED;
    }
    if (strcmp(state, "25006") == 0)    /* a read-only server (a standby) */
        return CP_DBERR_DENIED;
    if (strncmp(state, "28", 2) == 0)
        return CP_DBERR_AUTH;
    if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
        return CP_DBERR_CONN;
    if (strcmp(state, "55P03") == 0 || strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
        return CP_DBERR_LOCKED;
    return CP_DBERR_OTHER;
}

static void pg_fault(rec_conn *rc_, int rc, rec_fault *f)
{
    pg_conn *c = (pg_conn *)rc_;
    memset(f, 0, sizeof *f);
    if (rc == REC_OK || rc == REC_ROW || rc == REC_DONE)
        return;
    f->kind = rc == REC_CONN ? CP_DBERR_CONN : rec_pg_fault_of(c->state, c->msg, &f->rls);
    if (c->state[0])
        snprintf(f->code, sizeof f->code, "SQLSTATE %s", c->state);
    snprintf(f->detail, sizeof f->detail, "%s", c->msg[0] ? c->msg : "unknown error");
    const char *user = c->pg ? PQuser(c->pg) : NULL;
    snprintf(f->role, sizeof f->role, "%s", user ? user : "");
}

static int pg_fail(rec_conn *rc_, int rc, const char *what, cp_error *err)
{
    pg_conn *c = (pg_conn *)rc_;
    const char *path = c ? c->base.path : "";
    const char *m = c && c->msg[0] ? c->msg : "unknown error";
    int prim = rc & 0xff;
    if (rc == REC_CONN)
        return cp_error_set(err, path, 0,
                            "%s: lost the connection to the records server (%s); nothing more was "
                            "written - check that the server is running and try again"
                            "（与记录服务器的连接中断）", what, m);
    if (prim == REC_PERM)
        return cp_error_set(err, path, 0, "%s: permission refused by the records server (%s)"
                            "（记录服务器拒绝：本机账号没有这项权限，请找培训管理员）",
                            what, m);
    if (prim == REC_BUSY)
        return cp_error_set(err, path, 0,
                            "%s: the records are locked by another program (waited %d ms; %s); "
                            "try again when it has finished", what, c ? c->base.busy_ms : 0, m);
    if (prim == REC_FULL)
        return cp_error_set(err, path, 0, "%s: the server's disk is full; nothing was recorded"
                            "（记录服务器磁盘已满，本次未保存，请找培训管理员）",
                            what);
    return cp_error_set(err, path, 0, "%s: %s", what, m);
}

/* ---- Connection ---- */

/* The URI without its password (what errors name). */
static char *display_uri(const char *uri)
{
    char *s = cp_xstrdup(uri);
    char *scheme = strstr(s, "://");
    if (!scheme)
        return s;
    char *auth = scheme + 3;
    char *end = auth + strcspn(auth, "/?");
    char *at = NULL;
    for (char *p = auth; p < end; p++)
        if (*p == '@')
            at = p;
    if (!at)
        return s;
    char *colon = memchr(auth, ':', (size_t)(at - auth));
    if (colon)
        memmove(colon, at, strlen(at) + 1);
    return s;
}

/* The server's notices (a restart's "terminating connection") are not printed: every error
 * comes back with its statement and is reported there. */
static void quiet(void *arg, const char *message) { (void)arg, (void)message; }

/* After a connection attempt failed without words of a refused login: whether the server is
 * away - not reached at all, or starting up, shutting down or recovering (libpq's ping: no
 * response, or SQLSTATE 57P03 "cannot connect now") - rather than up and refusing this login
 * (a missing database or role: any other answer). Language-independent (the server's words may
 * be translated). A server that came up between the failure and the ping is asked once more:
 * the connection is tried again, and only a second refusal while it answers counts. */
static bool server_away(pg_conn *c)
{
    PGPing p = PQping(c->uri);
    if (p == PQPING_NO_RESPONSE || p == PQPING_REJECT)
        return true;
    if (p != PQPING_OK)
        return false;
    PGconn *again = PQconnectdb(c->uri);
    bool ok = again && PQstatus(again) == CONNECTION_OK;
    PQfinish(again);
    return ok;   /* it lets us in now: the failure was the server's start, not a refusal */
}

/* Connects (again): 0, or -1 with c->msg. */
static int connect_pg(pg_conn *c)
{
    if (c->pg)
        PQfinish(c->pg);
    c->listening = NULL;
    c->pg = PQconnectdb(c->uri);
    if (!c->pg || PQstatus(c->pg) != CONNECTION_OK) {
        keep_error(c, NULL);
        /* libpq gives no SQLSTATE for a refused login: its words do (a wrong password or a
         * login the server does not let in is no lost connection - a person must fix it) */
        const char *m = c->msg;
        const char *state = strstr(m, "password authentication failed") ||
                                    strstr(m, "no password supplied")
                                ? "28P01"
                            : strstr(m, "no pg_hba.conf entry") || strstr(m, "not permitted to log in")
                                ? "28000"
                                : NULL;
        snprintf(c->state, sizeof c->state, "%s", state ? state : "");
        c->code = state ? REC_PERM : REC_CONN;
        if (!state && !server_away(c))
            c->code = REC_ERROR;   /* the server is up and turned this login away (a missing
                                    * database or role): a person must act, waiting won't help */
        return -1;
    }
    PQsetNoticeProcessor(c->pg, quiet, NULL);
    PQsetClientEncoding(c->pg, "UTF8");
    char sql[160];
    snprintf(sql, sizeof sql,
             "SET lock_timeout = %d; SET client_min_messages = warning; SET TIME ZONE 'UTC'",
             c->base.busy_ms);
    PGresult *r = PQexec(c->pg, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        keep_error(c, r);
    PQclear(r);
    return ok ? 0 : -1;
}

/* Outside a transaction, a lost connection is re-established (one try) before a statement
 * runs; the caller waits and tries again, saying so (`practice` prints 正在重新连接). 0 when
 * connected. */
static int ensure_connected(pg_conn *c)
{
    if (PQstatus(c->pg) == CONNECTION_OK)
        return 0;
    if (PQtransactionStatus(c->pg) == PQTRANS_INTRANS) {
        c->code = REC_CONN;
        return -1;
    }
    if (connect_pg(c) == 0)
        return 0;
    return -1;   /* c->code: REC_CONN, or REC_PERM for a refused login */
}

/* Runs sql without parameters; REC_OK, or the error's code (kept). */
static int pg_exec(rec_conn *rc_, const char *sql)
{
    pg_conn *c = (pg_conn *)rc_;
    bool idle = PQtransactionStatus(c->pg) == PQTRANS_IDLE || PQstatus(c->pg) != CONNECTION_OK;
    if (idle && strncmp(sql, "BEGIN", 5) == 0 && ensure_connected(c) != 0)
        return c->code;
    PGresult *r = PQexec(c->pg, sql);
    ExecStatusType s = PQresultStatus(r);
    int rc = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? REC_OK : keep_error(c, r);
    PQclear(r);
    /* a connection that went stale while idle (a server restart since the last statement):
     * nothing was under way, so a new one runs the BEGIN again, once */
    if (rc == REC_CONN && idle && strncmp(sql, "BEGIN", 5) == 0) {
        if (ensure_connected(c) != 0)
            return c->code;   /* still away, or the login is refused now */
        r = PQexec(c->pg, sql);
        s = PQresultStatus(r);
        rc = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? REC_OK : keep_error(c, r);
        PQclear(r);
    }
    return rc;
}

static int pg_begin(rec_conn *c, bool write)
{
    return pg_exec(c, write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ");
}

static bool pg_in_tx(rec_conn *rc_)
{
    PGTransactionStatusType t = PQtransactionStatus(((pg_conn *)rc_)->pg);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

static void pg_close(rec_conn *rc_)
{
    pg_conn *c = (pg_conn *)rc_;
    if (!c)
        return;
    if (c->pg)
        PQfinish(c->pg);
    free(c->uri);
    free(c->base.path);
    free(c);
}

static void *pg_raw(rec_conn *c) { return ((pg_conn *)c)->pg; }

/* ---- Statements ---- */

/* The records' SQL in PostgreSQL's words: ? and ?N become $N (not inside '...'), and SQLite's
 * strftime(...,'now') timestamps the same text from the server's clock. */
static char *translate(const char *sql, int *nparams)
{
    static const struct { const char *from, *to; } WORDS[] = {
        { "strftime('%Y-%m-%dT%H:%M:%SZ','now')", PG_NOW_S },
        { "strftime('%Y-%m-%dT%H:%M:%fZ','now')", PG_NOW_MS },
    };
    size_t cap = strlen(sql) * 2 + 256, n = 0;
    char *out = cp_xmalloc(cap);
    int next = 0, max = 0;
    bool quoted = false;
    for (const char *p = sql; *p;) {
        if (n + 128 >= cap)
            out = cp_xrealloc(out, cap *= 2);
        if (*p == '\'') {
            quoted = !quoted;
            out[n++] = *p++;
            continue;
        }
        if (!quoted && *p == '?') {
            p++;
            int k;
            if (*p >= '0' && *p <= '9') {
                k = (int)strtol(p, (char **)&p, 10);
            } else {
                k = ++next;
            }
            if (k > max)
                max = k;
            n += (size_t)snprintf(out + n, cap - n, "$%d", k);
            continue;
        }
        bool done = false;
        for (size_t w = 0; !quoted && w < sizeof WORDS / sizeof *WORDS; w++) {
            size_t lf = strlen(WORDS[w].from), lt = strlen(WORDS[w].to);
            if (strncmp(p, WORDS[w].from, lf) == 0) {
                while (n + lt + 128 >= cap)
                    out = cp_xrealloc(out, cap *= 2);
                memcpy(out + n, WORDS[w].to, lt);
                n += lt;
                p += lf;
                done = true;
                break;
            }
        }
        if (!done)
            out[n++] = *p++;
    }
    out[n] = '\0';
    *nparams = max;
    return out;
}

static rec_stmt *pg_prepare(rec_conn *rc_, const char *sql, int *rc)
{
    pg_conn *c = (pg_conn *)rc_;
    *rc = REC_OK;
    pg_stmt *s = cp_xcalloc(1, sizeof *s);
    s->base.drv = &PG_DRIVER;
    s->c = c;
    s->sql = translate(sql, &s->nparams);
    s->vals = cp_xcalloc((size_t)s->nparams + 1, sizeof *s->vals);
    return &s->base;
}

#define PS(x) ((pg_stmt *)(x))

static void set_val(rec_stmt *st, int i, char *v)
{
    pg_stmt *s = PS(st);
    if (i < 1 || i > s->nparams) {
        free(v);
        return;
    }
    free(s->vals[i - 1]);
    s->vals[i - 1] = v;
}

static void pg_bind_int64(rec_stmt *st, int i, int64_t v)
{
    set_val(st, i, cp_xasprintf("%" PRId64, v));
}
static void pg_bind_double(rec_stmt *st, int i, double v) { set_val(st, i, cp_xasprintf("%.17g", v)); }
static void pg_bind_text(rec_stmt *st, int i, const char *v) { set_val(st, i, cp_xstrdup(v)); }
static void pg_bind_null(rec_stmt *st, int i) { set_val(st, i, NULL); }

static void clear_result(pg_stmt *s)
{
    if (s->res)
        PQclear(s->res);
    s->res = NULL;
    s->row = s->nrows = 0;
    s->ran = false;
}

static int pg_step(rec_stmt *st)
{
    pg_stmt *s = PS(st);
    if (s->ran) {
        if (s->row + 1 < s->nrows) {
            s->row++;
            return REC_ROW;
        }
        s->row = s->nrows;
        return REC_DONE;
    }
    pg_conn *c = s->c;
    bool idle = !pg_in_tx(&c->base);
    if (idle && ensure_connected(c) != 0)
        return c->code;
    s->res = PQexecParams(c->pg, s->sql, s->nparams, NULL, (const char *const *)s->vals, NULL,
                          NULL, 0);
    s->ran = true;
    ExecStatusType t = PQresultStatus(s->res);
    /* a read on its own whose connection went stale while idle (a server restart): nothing
     * was under way, so it runs again on a new connection, once */
    if (idle && t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK && PQstatus(c->pg) == CONNECTION_BAD &&
        strncmp(s->sql, "SELECT", 6) == 0 && ensure_connected(c) == 0) {
        PQclear(s->res);
        s->res = PQexecParams(c->pg, s->sql, s->nparams, NULL, (const char *const *)s->vals,
                              NULL, NULL, 0);
        t = PQresultStatus(s->res);
    }
    if (t == PGRES_TUPLES_OK) {
        s->nrows = PQntuples(s->res);
        const char *ct = PQcmdTuples(s->res);
        s->changes = ct && *ct ? strtoll(ct, NULL, 10) : 0;
        s->row = 0;
        return s->nrows > 0 ? REC_ROW : REC_DONE;
    }
    if (t == PGRES_COMMAND_OK) {
        const char *ct = PQcmdTuples(s->res);
        s->changes = ct && *ct ? strtoll(ct, NULL, 10) : 0;
        return REC_DONE;
    }
    return keep_error(c, s->res);
}

static const char *cell(rec_stmt *st, int col)
{
    pg_stmt *s = PS(st);
    if (!s->res || s->row >= s->nrows || col >= PQnfields(s->res) ||
        PQgetisnull(s->res, s->row, col))
        return NULL;
    return PQgetvalue(s->res, s->row, col);
}

static int64_t pg_col_int64(rec_stmt *st, int col)
{
    const char *v = cell(st, col);
    if (!v)
        return 0;
    if (v[0] == 't' && !v[1])
        return 1;
    if (v[0] == 'f' && !v[1])
        return 0;
    if (strpbrk(v, ".eE"))
        return (int64_t)strtod(v, NULL);
    return strtoll(v, NULL, 10);
}

static double pg_col_double(rec_stmt *st, int col)
{
    const char *v = cell(st, col);
    if (!v)
        return 0;
    if (v[0] == 't' && !v[1])
        return 1;
    if (v[0] == 'f' && !v[1])
        return 0;
    return strtod(v, NULL);
}

static const char *pg_col_text(rec_stmt *st, int col) { return cell(st, col); }
static int64_t pg_changes(rec_stmt *st) { return PS(st)->changes; }
static void pg_reset(rec_stmt *st) { clear_result(PS(st)); }

static void pg_finalize(rec_stmt *st)
{
    pg_stmt *s = PS(st);
    clear_result(s);
    for (int i = 0; i < s->nparams; i++)
        free(s->vals[i]);
    free(s->vals);
    free(s->sql);
    free(s);
}

/* ---- Check and notifications ---- */

/* The server keeps pages and references sound itself; the check reads every table once. */
static int pg_check(rec_conn *rc_, bool full, cp_strlist *problems, cp_error *err)
{
    static const char *const TABLES[] = { "settings", "trainees", "sessions", "turns",
                                          "turn_results", "overrides", "exams", "exam_weights",
                                          "exam_runs", "exam_resumes", "model_changes",
                                          "exam_tickets" };
    for (size_t i = 0; i < sizeof TABLES / sizeof *TABLES; i++) {
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", TABLES[i]);
        int rc = pg_exec(rc_, sql);
        if (rc != REC_OK)
            return pg_fail(rc_, rc, "checking", err);
    }
    return 0;
}

static int pg_wait_notify(rec_conn *rc_, const char *channel, int ms, char *buf, size_t size,
                          cp_error *err)
{
    pg_conn *c = (pg_conn *)rc_;
    /* LISTEN once per connection (a reconnection listens again): waiting again costs the
     * server nothing, so a trainer's window can wait in short slices */
    if (c->listening != c->pg || strcmp(c->channel, channel) || PQstatus(c->pg) != CONNECTION_OK) {
        char *id = PQescapeIdentifier(c->pg, channel, strlen(channel));
        char *sql = id ? cp_xasprintf("LISTEN %s", id) : NULL;
        if (id)
            PQfreemem(id);
        int rc = sql ? pg_exec(rc_, sql) : keep_error(c, NULL);
        free(sql);
        if (rc != REC_OK)
            return pg_fail(rc_, rc, "waiting for news", err);
        c->listening = c->pg;
        snprintf(c->channel, sizeof c->channel, "%s", channel);
    }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        if (!PQconsumeInput(c->pg)) { /* the server went away: the next call reconnects */
            keep_error(c, NULL);
            c->listening = NULL;
            return pg_fail(rc_, REC_CONN, "waiting for news", err);
        }
        PGnotify *n = PQnotifies(c->pg);
        if (n) {
            snprintf(buf, size, "%s", n->extra ? n->extra : "");
            PQfreemem(n);
            return 1;
        }
        struct timespec t1;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        long left = ms - ((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000);
        if (left <= 0)
            return 0;
        struct pollfd p = { .fd = PQsocket(c->pg), .events = POLLIN };
        if (p.fd < 0 || (poll(&p, 1, (int)left) < 0 && errno != EINTR)) {
            keep_error(c, NULL);
            return pg_fail(rc_, REC_CONN, "waiting for news", err);
        }
    }
}

/* ---- A centre: roles, grants, row-level security ---- */

/* The three kinds of login a centre gives (group roles, NOLOGIN; people's logins are members):
 * a seat (a trainee's PC: writes its own sessions and replies, reads its own history), a
 * trainer (the class: reads every trainee, records classroom sessions, adds overrides, keeps
 * the roster), an assessor (a trainer who also runs exams, sets the passphrase, exports and
 * refits the scorer). The server enforces it: grants per table, and row-level security ties a
 * seat to the trainee centre_seats names for its login. Re-running it changes nothing. */
/* The trainee of the seat logged in (NULL for any other login): one index probe, evaluated
 * once per statement. */
#define SEAT_TRAINEE "(SELECT cs.trainee_id FROM centre_seats cs WHERE cs.role_name = current_user)"

static const char CENTRE_SQL[] =
    "DO $d$ BEGIN"
    "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'counterpart_seat') THEN"
    "    CREATE ROLE counterpart_seat NOLOGIN; END IF;"
    "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'counterpart_trainer') THEN"
    "    CREATE ROLE counterpart_trainer NOLOGIN; END IF;"
    "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'counterpart_assessor') THEN"
    "    CREATE ROLE counterpart_assessor NOLOGIN; END IF;"
    " END $d$;"
    "CREATE TABLE IF NOT EXISTS centre_seats("
    "  role_name TEXT PRIMARY KEY, trainee_id BIGINT NOT NULL REFERENCES trainees(id));"
    "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;"
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC;"
    "GRANT USAGE ON SCHEMA public TO counterpart_seat, counterpart_trainer, counterpart_assessor;"
    "GRANT SELECT ON settings, exams, exam_weights, model_changes, centre_seats, trainees,"
    "  sessions, turns, turn_results, overrides, exam_runs, exam_resumes, exam_tickets"
    "  TO counterpart_seat, counterpart_trainer, counterpart_assessor;"
    "GRANT INSERT, UPDATE ON sessions TO counterpart_seat, counterpart_trainer, counterpart_assessor;"
    "GRANT INSERT ON turns, turn_results"
    "  TO counterpart_seat, counterpart_trainer, counterpart_assessor;"
    "GRANT INSERT, UPDATE ON trainees TO counterpart_trainer, counterpart_assessor;"
    "GRANT INSERT ON overrides TO counterpart_trainer, counterpart_assessor;"
    "GRANT INSERT, UPDATE ON exams, exam_weights, exam_runs, settings TO counterpart_assessor;"
    "GRANT INSERT ON exam_resumes, model_changes, exam_tickets TO counterpart_assessor;"
    /* a seat starts the run of an exam assigned to its trainee (an exam ticket) and closes it;
     * which rows, row-level security below decides */
    "GRANT INSERT (exam_id, trainee_id, by, min_rating, ticket_id) ON exam_runs TO counterpart_seat;"
    "GRANT UPDATE (ended, complete, auto_percent, passed) ON exam_runs TO counterpart_seat;"
    "ALTER TABLE trainees ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE turns ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE turn_results ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE overrides ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE exam_runs ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE exam_resumes ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE centre_seats ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE exam_tickets ENABLE ROW LEVEL SECURITY;"
    "DO $d$ DECLARE t TEXT; BEGIN"
    "  FOREACH t IN ARRAY ARRAY['trainees','sessions','turns','turn_results','overrides',"
    "                           'exam_runs','exam_resumes','centre_seats','exam_tickets'] LOOP"
    "    EXECUTE format('DROP POLICY IF EXISTS staff ON %I', t);"
    "    EXECUTE format('CREATE POLICY staff ON %I TO counterpart_trainer, counterpart_assessor"
    "                    USING (true) WITH CHECK (true)', t);"
    "    EXECUTE format('DROP POLICY IF EXISTS seat ON %I', t);"
    "  END LOOP; END $d$;"
    "DROP POLICY IF EXISTS seat_take ON exam_runs;"
    "DROP POLICY IF EXISTS seat_finish ON exam_runs;"
    "CREATE POLICY seat ON centre_seats FOR SELECT TO counterpart_seat"
    "  USING (role_name = current_user);"
    /* Every seat policy finds the rows of the statement by key: its trainee once per statement
     * (SEAT_TRAINEE, an init plan), a turn's session or a result's turn by primary key. An
     * `x IN (SELECT id FROM turns)` would read every row the seat may see, filtered from every
     * row of the centre, for each statement - work that grew with the centre (issue 15). */
    "CREATE POLICY seat ON trainees FOR SELECT TO counterpart_seat"
    "  USING (id = " SEAT_TRAINEE ");"
    /* a seat's exam sessions and replies belong to an open run of its own exam ticket */
    "CREATE POLICY seat ON sessions TO counterpart_seat"
    "  USING (trainee_id = " SEAT_TRAINEE ")"
    "  WITH CHECK (trainee_id = " SEAT_TRAINEE " AND (exam_run_id IS NULL"
    "    OR EXISTS (SELECT 1 FROM exam_runs r WHERE r.id = sessions.exam_run_id"
    "               AND r.ended IS NULL AND r.ticket_id IS NOT NULL)));"
    "CREATE POLICY seat ON turns TO counterpart_seat"
    "  USING (EXISTS (SELECT 1 FROM sessions s WHERE s.id = turns.session_id))"
    "  WITH CHECK (EXISTS (SELECT 1 FROM sessions s WHERE s.id = turns.session_id"
    "    AND (s.exam_run_id IS NULL OR EXISTS (SELECT 1 FROM exam_runs r"
    "         WHERE r.id = s.exam_run_id AND r.ended IS NULL AND r.ticket_id IS NOT NULL))));"
    "CREATE POLICY seat ON turn_results TO counterpart_seat"
    "  USING (EXISTS (SELECT 1 FROM turns t WHERE t.id = turn_results.turn_id))"
    "  WITH CHECK (EXISTS (SELECT 1 FROM turns t WHERE t.id = turn_results.turn_id));"
    "CREATE POLICY seat ON overrides FOR SELECT TO counterpart_seat"
    "  USING (EXISTS (SELECT 1 FROM turns t WHERE t.id = overrides.turn_id));"
    "CREATE POLICY seat ON exam_runs FOR SELECT TO counterpart_seat"
    "  USING (trainee_id = " SEAT_TRAINEE ");"
    "CREATE POLICY seat ON exam_resumes FOR SELECT TO counterpart_seat"
    "  USING (EXISTS (SELECT 1 FROM exam_runs r WHERE r.id = exam_resumes.run_id));"
    "CREATE POLICY seat ON exam_tickets FOR SELECT TO counterpart_seat"
    "  USING (trainee_id = " SEAT_TRAINEE ");"
    /* the run of a ticket of its own trainee, as the ticket says (exam, rating rule, assessor);
     * exam_runs_by_ticket (unique) lets a ticket start one run */
    "CREATE POLICY seat_take ON exam_runs FOR INSERT TO counterpart_seat"
    "  WITH CHECK (ended IS NULL AND trainee_id = " SEAT_TRAINEE
    "    AND EXISTS (SELECT 1 FROM exam_tickets t WHERE t.id = exam_runs.ticket_id"
    "    AND t.trainee_id = exam_runs.trainee_id AND t.exam_id = exam_runs.exam_id"
    "    AND t.min_rating = exam_runs.min_rating AND t.by = exam_runs.by));"
    /* closing it: complete only when every part has reached its ending */
    "CREATE POLICY seat_finish ON exam_runs FOR UPDATE TO counterpart_seat"
    "  USING (ticket_id IS NOT NULL AND ended IS NULL AND trainee_id = " SEAT_TRAINEE ")"
    "  WITH CHECK (ticket_id IS NOT NULL AND trainee_id = " SEAT_TRAINEE
    "    AND (coalesce(complete, 0) = 0 OR (SELECT count(*) FROM sessions s"
    "      WHERE s.exam_run_id = exam_runs.id AND s.ended IS NOT NULL) ="
    "      (SELECT length(e.scenarios) - length(replace(e.scenarios, ',', '')) + 1"
    "       FROM exams e WHERE e.id = exam_runs.exam_id)));";

static int pg_centre_init(rec_conn *rc_, cp_error *err)
{
    int rc = pg_exec(rc_, "BEGIN");
    if (rc == REC_OK)
        rc = pg_exec(rc_, CENTRE_SQL);
    if (rc == REC_OK)
        rc = pg_exec(rc_, "COMMIT");
    if (rc != REC_OK) {
        if (pg_in_tx(rc_))
            pg_exec(rc_, "ROLLBACK");
        return pg_fail(rc_, rc, "setting up the centre's roles", err);
    }
    return 0;
}

/* Runs sql built here (identifiers and literals escaped by libpq); REC_OK or the code. */
static int exec_owned(rec_conn *rc_, char *sql)
{
    int rc = sql ? pg_exec(rc_, sql) : REC_ERROR;
    free(sql);
    return rc;
}

static int pg_centre_grant(rec_conn *rc_, const char *login, const char *role, int64_t trainee,
                           const char *password, cp_error *err)
{
    pg_conn *c = (pg_conn *)rc_;
    char *id = PQescapeIdentifier(c->pg, login, strlen(login));
    char *lit = PQescapeLiteral(c->pg, login, strlen(login));
    char *pw = NULL;
    if (password) {
        /* hashed here (libpq, the server's scheme): the text never reaches the server's log */
        char *enc = PQencryptPasswordConn(c->pg, password, login, NULL);
        pw = enc ? PQescapeLiteral(c->pg, enc, strlen(enc)) : NULL;
        if (enc)
            PQfreemem(enc);
    }
    int rc = !id || !lit || (password && !pw) ? keep_error(c, NULL) : REC_OK;
    char *sql = NULL;
    if (rc == REC_OK)
        rc = pg_exec(rc_, "BEGIN");
    if (rc == REC_OK) {
        sql = cp_xasprintf("DO $d$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s)"
                           " THEN CREATE ROLE %s LOGIN; END IF; END $d$", lit, id);
        rc = exec_owned(rc_, sql);
    }
    if (rc == REC_OK && pw)
        rc = exec_owned(rc_, cp_xasprintf("ALTER ROLE %s LOGIN PASSWORD %s", id, pw));
    if (rc == REC_OK)
        rc = exec_owned(rc_, cp_xasprintf("GRANT counterpart_%s TO %s", role, id));
    if (rc == REC_OK && strcmp(role, "seat") == 0)
        rc = exec_owned(rc_, cp_xasprintf("INSERT INTO centre_seats(role_name, trainee_id)"
                                          " VALUES(%s, %" PRId64 ") ON CONFLICT(role_name) DO"
                                          " UPDATE SET trainee_id = excluded.trainee_id",
                                          lit, trainee));
    if (rc == REC_OK)
        rc = pg_exec(rc_, "COMMIT");
    if (id)
        PQfreemem(id);
    if (lit)
        PQfreemem(lit);
    if (pw)
        PQfreemem(pw);
    if (rc != REC_OK) {
        if (pg_in_tx(rc_))
            pg_exec(rc_, "ROLLBACK");
        return pg_fail(rc_, rc, "granting the role", err);
    }
    return 0;
}

static const rec_driver PG_DRIVER = {
    .name = "postgresql",
    .prepare = pg_prepare,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_int64 = pg_col_int64,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .changes = pg_changes,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .exec = pg_exec,
    .begin = pg_begin,
    .in_tx = pg_in_tx,
    .fail = pg_fail,
    .fault = pg_fault,
    .check = pg_check,
    .wait_notify = pg_wait_notify,
    .close = pg_close,
    .centre_init = pg_centre_init,
    .centre_grant = pg_centre_grant,
    .raw = pg_raw,
};

/* ---- Opening: identify, migrate ---- */

/* One value of a query (NULL when no row or NULL), into buf; REC_OK or the error's code. */
static int query_text(pg_conn *c, const char *sql, char *buf, size_t size, bool *found)
{
    PGresult *r = PQexec(c->pg, sql);
    int rc = REC_OK;
    *found = false;
    buf[0] = '\0';
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        rc = keep_error(c, r);
    else if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) {
        snprintf(buf, size, "%s", PQgetvalue(r, 0, 0));
        *found = true;
    }
    PQclear(r);
    return rc;
}

/* Finds what the database holds: -1 error; else *uv (0 = fresh, an empty database). */
static int identify(pg_conn *c, int64_t *uv, cp_error *err)
{
    char buf[64];
    bool found;
    /* one statement: another opener may commit the schema between two (then the tables it
     * made would look like another program's); to_regclass, evaluated after the statement's
     * snapshot was taken, sees such a commit first */
    int rc = query_text(c, "SELECT CASE WHEN to_regclass('settings') IS NOT NULL THEN 't'"
                           " WHEN EXISTS (SELECT 1 FROM pg_class k JOIN pg_namespace n ON n.oid ="
                           " k.relnamespace WHERE n.nspname = current_schema() AND k.relkind = 'r')"
                           " THEN 'other' ELSE 'empty' END", buf, sizeof buf, &found);
    if (rc != REC_OK)
        return pg_fail(&c->base, rc, "opening", err);
    if (strcmp(buf, "t") != 0) {
        if (strcmp(buf, "empty") != 0)
            return cp_error_set(err, c->base.path, 0,
                                "not a Counterpart records database (it has tables of another "
                                "program); it was left untouched");
        *uv = 0;
        return 0;
    }
    rc = query_text(c, "SELECT value FROM settings WHERE key = 'application_id'", buf, sizeof buf,
                    &found);
    if (rc != REC_OK)
        return pg_fail(&c->base, rc, "opening", err);
    if (!found || strtoll(buf, NULL, 10) != CP_RECORDS_APP_ID)
        return cp_error_set(err, c->base.path, 0,
                            "not a Counterpart records database (a settings table of another "
                            "program); it was left untouched");
    rc = query_text(c, "SELECT value FROM settings WHERE key = 'schema_version'", buf, sizeof buf,
                    &found);
    if (rc != REC_OK)
        return pg_fail(&c->base, rc, "opening", err);
    *uv = found ? strtoll(buf, NULL, 10) : 0;
    if (*uv > CP_RECORDS_VERSION)
        return cp_error_set(err, c->base.path, 0,
                            "written by a newer Counterpart (schema v%lld; this program knows up to "
                            "v%d); it was left untouched - update Counterpart",
                            (long long)*uv, CP_RECORDS_VERSION);
    if (*uv < 1)
        return cp_error_set(err, c->base.path, 0,
                            "a Counterpart database without a schema version; it was left untouched");
    return 0;
}

_Static_assert(sizeof PG_MIGRATIONS / sizeof *PG_MIGRATIONS == CP_RECORDS_VERSION + 1,
               "one PostgreSQL migration per schema version");

/* Brings the database to `target` in one transaction, under an advisory lock: seats opening at
 * once wait for the first, then find it done. */
static int migrate(pg_conn *c, int target, cp_error *err)
{
    /* the lock first, then the transaction: one begun before the lock was granted would not
     * see the tables another opener just committed */
    int rc = pg_exec(&c->base, "SELECT pg_advisory_lock(1129338962)");
    if (rc == REC_OK)
        rc = pg_exec(&c->base, "BEGIN");
    if (rc != REC_OK) {
        pg_fail(&c->base, rc, "starting to write", err);
        goto fail;
    }
    char buf[64];
    bool found;
    int64_t uv = 0;
    rc = query_text(c, "SELECT to_regclass('settings') IS NOT NULL", buf, sizeof buf, &found);
    if (rc == REC_OK && strcmp(buf, "t") == 0) {
        rc = query_text(c, "SELECT value FROM settings WHERE key = 'schema_version'", buf,
                        sizeof buf, &found);
        uv = found ? strtoll(buf, NULL, 10) : 0;
    }
    if (rc != REC_OK) {
        pg_fail(&c->base, rc, "reading the schema version", err);
        goto fail;
    }
    if (uv > target) {
        cp_error_set(err, c->base.path, 0, "schema version %lld is newer than this program's (%d)",
                     (long long)uv, target);
        goto fail;
    }
    for (int v = (int)uv + 1; v <= target; v++) {
        char what[64];
        snprintf(what, sizeof what, "migrating the records to schema v%d", v);
        if ((rc = pg_exec(&c->base, PG_MIGRATIONS[v])) != REC_OK) {
            pg_fail(&c->base, rc, what, err);
            goto fail;
        }
    }
    /* a centre's roles and policies learn the tables of the new versions (centre init again) */
    if (uv >= 1 && uv < target) {
        rc = query_text(c, "SELECT to_regclass('centre_seats') IS NOT NULL", buf, sizeof buf, &found);
        if (rc == REC_OK && strcmp(buf, "t") == 0)
            rc = pg_exec(&c->base, CENTRE_SQL);
        if (rc != REC_OK) {
            pg_fail(&c->base, rc, "updating the centre's roles", err);
            goto fail;
        }
    }
    if (uv < target) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "INSERT INTO settings(key, value) VALUES('application_id', '%d'),"
                 " ('schema_version', '%d') ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                 CP_RECORDS_APP_ID, target);
        if ((rc = pg_exec(&c->base, sql)) != REC_OK) {
            pg_fail(&c->base, rc, "setting the schema version", err);
            goto fail;
        }
    }
    if ((rc = pg_exec(&c->base, "COMMIT")) != REC_OK) {
        pg_fail(&c->base, rc, "committing", err);
        goto fail;
    }
    pg_exec(&c->base, "SELECT pg_advisory_unlock(1129338962)");
    return 0;
fail:
    if (pg_in_tx(&c->base))
        pg_exec(&c->base, "ROLLBACK");
    pg_exec(&c->base, "SELECT pg_advisory_unlock(1129338962)");
    return -1;
}

rec_conn *rec_pg_open(const char *uri, int busy_ms, bool existing, int target, int *version,
                      bool *transient, cp_error *err)
{
    *transient = false;
    char *bad = NULL;
    PQconninfoOption *opts = PQconninfoParse(uri, &bad);
    char *shown = display_uri(uri);
    if (!opts) {
        size_t n = bad ? strlen(bad) : 0;
        while (n > 0 && bad[n - 1] == '\n')
            bad[--n] = '\0';
        cp_error_set(err, shown, 0, "not a valid PostgreSQL URI: %s", bad ? bad : "out of memory");
        PQfreemem(bad);
        free(shown);
        return NULL;
    }
    PQconninfoFree(opts);
    pg_conn *c = cp_xcalloc(1, sizeof *c);
    c->base.drv = &PG_DRIVER;
    c->base.path = shown;
    c->base.busy_ms = busy_ms > 0 ? busy_ms : CP_RECORDS_BUSY_MS;
    c->uri = cp_xstrdup(uri);
    if (connect_pg(c) != 0) {
        cp_error_set(err, c->base.path, 0, "cannot connect to the records server: %s%s", c->msg,
                     c->code == REC_PERM ? "（记录服务器拒绝本机账号登录：请通知管理员核对本机的密码文件）" : "");
        *transient = c->code == REC_CONN;
        pg_close(&c->base);
        return NULL;
    }
    /* from here a lost connection (the server stopping or restarting while this opener reads
     * the schema or migrates it in one transaction) leaves nothing half done: opening again is
     * safe, and the caller may wait and do so */
    c->code = REC_OK;
    int64_t uv = 0;
    if (identify(c, &uv, err) != 0) {
        *transient = c->code == REC_CONN || PQstatus(c->pg) == CONNECTION_BAD;
        pg_close(&c->base);
        return NULL;
    }
    if (uv == 0 && existing) {
        cp_error_set(err, c->base.path, 0,
                     "no records in this database yet (counterpart centre init URI creates them); "
                     "nothing was created");
        pg_close(&c->base);
        return NULL;
    }
    if (uv != target && migrate(c, target, err) != 0) {
        *transient = c->code == REC_CONN || PQstatus(c->pg) == CONNECTION_BAD;
        pg_close(&c->base);
        return NULL;
    }
    *version = target;
    return &c->base;
}
