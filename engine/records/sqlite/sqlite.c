/* sqlite.c - the SQLite driver of the records (engine/records/db.h): statements, transactions
 * (BEGIN IMMEDIATE waits busy_ms for another writer), opening a file with checks before any write
 * (not SQLite, damaged, another program's file, newer schema), the versioned schema in SQLite's
 * dialect and its forward migrations, WAL with synchronous=FULL, the on-demand full check.
 * Must not: write to a file it has not identified as ours; hold records logic (engine/records
 * does, for every backend). */
#include <sqlite3.h>

#include "records/db.h"
#include "cp_records.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- Schema ---- */

/* v1: trainees, practice/classroom sessions, turns and per-criterion results, overrides. */
static const char SCHEMA_V1[] =
    "CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE trainees("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL CHECK(length(name) > 0),"
    "  staff_no TEXT NOT NULL UNIQUE CHECK(length(staff_no) > 0),"
    "  grp TEXT NOT NULL DEFAULT '',"
    "  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE TABLE sessions("
    "  id INTEGER PRIMARY KEY,"
    "  trainee_id INTEGER NOT NULL REFERENCES trainees(id),"
    "  scenario TEXT NOT NULL, scenario_hash TEXT NOT NULL,"
    "  mode TEXT NOT NULL CHECK(mode IN ('practice','classroom')),"
    "  started TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
    "  ended TEXT, outcome TEXT, rating INTEGER,"
    "  turns_done INTEGER NOT NULL DEFAULT 0,"
    "  state_json TEXT NOT NULL);"
    "CREATE INDEX sessions_by_trainee ON sessions(trainee_id, id);"
    "CREATE TABLE turns("
    "  id INTEGER PRIMARY KEY,"
    "  session_id INTEGER NOT NULL REFERENCES sessions(id),"
    "  seq INTEGER NOT NULL, attempt INTEGER NOT NULL,"
    "  node TEXT NOT NULL, citizen TEXT NOT NULL, reply TEXT NOT NULL,"
    "  choice INTEGER NOT NULL, hints INTEGER NOT NULL DEFAULT 0,"
    "  score REAL NOT NULL, max REAL NOT NULL,"
    "  anger INTEGER NOT NULL, trust INTEGER NOT NULL, next TEXT NOT NULL,"
    "  criteria_json TEXT NOT NULL, state_json TEXT NOT NULL,"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
    "  UNIQUE(session_id, seq, attempt));"
    "CREATE INDEX turns_by_node ON turns(node);"
    "CREATE TABLE turn_results("
    "  turn_id INTEGER NOT NULL REFERENCES turns(id),"
    "  criterion TEXT NOT NULL, focus INTEGER NOT NULL, met INTEGER NOT NULL,"
    "  score REAL NOT NULL, max REAL NOT NULL,"
    "  PRIMARY KEY(turn_id, criterion));"
    "CREATE TABLE overrides("
    "  id INTEGER PRIMARY KEY,"
    "  turn_id INTEGER NOT NULL REFERENCES turns(id),"
    "  criterion TEXT NOT NULL, met INTEGER NOT NULL CHECK(met IN (0,1)),"
    "  by TEXT NOT NULL, why TEXT NOT NULL CHECK(length(why) > 0),"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));"
    "CREATE INDEX overrides_by_turn ON overrides(turn_id, criterion, id);";

/* v2: exams and exam runs; sessions may be exams (the mode CHECK changes, so the table is
 * rebuilt); turns learn who was at the keyboard and how long the reply took; results become
 * immutable by trigger. */
static const char SCHEMA_V2[] =
    "CREATE TABLE exams("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL, hash TEXT NOT NULL, title TEXT NOT NULL,"
    "  scenarios TEXT NOT NULL, time_limit INTEGER NOT NULL, pass_mark REAL NOT NULL,"
    "  feedback INTEGER NOT NULL, UNIQUE(key, hash));"
    "CREATE TABLE exam_weights("
    "  exam_id INTEGER NOT NULL REFERENCES exams(id), criterion TEXT NOT NULL,"
    "  weight REAL NOT NULL, PRIMARY KEY(exam_id, criterion));"
    "CREATE TABLE exam_runs("
    "  id INTEGER PRIMARY KEY,"
    "  exam_id INTEGER NOT NULL REFERENCES exams(id),"
    "  trainee_id INTEGER NOT NULL REFERENCES trainees(id),"
    "  by TEXT NOT NULL DEFAULT '',"
    "  started TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
    "  ended TEXT, complete INTEGER, auto_percent REAL, passed INTEGER);"
    "CREATE TABLE sessions_v2("
    "  id INTEGER PRIMARY KEY,"
    "  trainee_id INTEGER NOT NULL REFERENCES trainees(id),"
    "  scenario TEXT NOT NULL, scenario_hash TEXT NOT NULL,"
    "  mode TEXT NOT NULL CHECK(mode IN ('practice','classroom','exam')),"
    "  exam_run_id INTEGER REFERENCES exam_runs(id),"
    "  started TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
    "  ended TEXT, outcome TEXT, rating INTEGER,"
    "  turns_done INTEGER NOT NULL DEFAULT 0,"
    "  state_json TEXT NOT NULL,"
    "  CHECK((mode = 'exam') = (exam_run_id IS NOT NULL)));"
    "INSERT INTO sessions_v2(id, trainee_id, scenario, scenario_hash, mode, exam_run_id,"
    "  started, ended, outcome, rating, turns_done, state_json)"
    "  SELECT id, trainee_id, scenario, scenario_hash, mode, NULL, started, ended, outcome,"
    "  rating, turns_done, state_json FROM sessions;"
    "DROP TABLE sessions;"
    "ALTER TABLE sessions_v2 RENAME TO sessions;"
    "CREATE INDEX sessions_by_trainee ON sessions(trainee_id, id);"
    "CREATE INDEX sessions_by_run ON sessions(exam_run_id);"
    "ALTER TABLE turns ADD COLUMN keyboard_id INTEGER REFERENCES trainees(id);"
    "ALTER TABLE turns ADD COLUMN elapsed_ms INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE turns ADD COLUMN limit_ms INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE turns ADD COLUMN timed_out INTEGER NOT NULL DEFAULT 0;"
    "CREATE TRIGGER turns_immutable BEFORE UPDATE ON turns BEGIN"
    "  SELECT RAISE(ABORT, 'recorded replies are immutable'); END;"
    "CREATE TRIGGER turn_results_immutable BEFORE UPDATE ON turn_results BEGIN"
    "  SELECT RAISE(ABORT, 'recorded results are immutable (add an override)'); END;"
    "CREATE TRIGGER overrides_immutable BEFORE UPDATE ON overrides BEGIN"
    "  SELECT RAISE(ABORT, 'overrides are immutable (add another)'); END;"
    "CREATE TRIGGER overrides_kept BEFORE DELETE ON overrides BEGIN"
    "  SELECT RAISE(ABORT, 'overrides are kept'); END;"
    "CREATE TRIGGER exam_turns_kept BEFORE DELETE ON turns"
    "  WHEN (SELECT mode FROM sessions WHERE id = OLD.session_id) = 'exam' BEGIN"
    "  SELECT RAISE(ABORT, 'exam results are immutable'); END;"
    "CREATE TRIGGER exam_results_kept BEFORE DELETE ON turn_results"
    "  WHEN (SELECT s.mode FROM sessions s JOIN turns t ON t.session_id = s.id"
    "        WHERE t.id = OLD.turn_id) = 'exam' BEGIN"
    "  SELECT RAISE(ABORT, 'exam results are immutable'); END;"
    "CREATE TRIGGER exam_runs_final BEFORE UPDATE ON exam_runs WHEN OLD.ended IS NOT NULL BEGIN"
    "  SELECT RAISE(ABORT, 'a finished exam run is immutable'); END;"
    "CREATE TRIGGER exam_runs_kept BEFORE DELETE ON exam_runs BEGIN"
    "  SELECT RAISE(ABORT, 'exam runs are kept'); END;";

/* v3: resuming an exam run after its process stopped is an audit fact: who continued it, when,
 * at which of its scenarios, and which reply was in progress (never answered; its time limit
 * starts again). Resume records are kept and immutable, and a finished run takes none. */
static const char SCHEMA_V3[] =
    "CREATE TABLE exam_resumes("
    "  id INTEGER PRIMARY KEY,"
    "  run_id INTEGER NOT NULL REFERENCES exam_runs(id),"
    "  by TEXT NOT NULL DEFAULT '',"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
    "  part INTEGER NOT NULL CHECK(part >= 0),"
    "  session_id INTEGER REFERENCES sessions(id),"
    "  seq INTEGER NOT NULL DEFAULT 0 CHECK(seq >= 0),"
    "  node TEXT NOT NULL DEFAULT '',"
    "  stopped TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX exam_resumes_by_run ON exam_resumes(run_id, id);"
    "CREATE TRIGGER exam_resumes_immutable BEFORE UPDATE ON exam_resumes BEGIN"
    "  SELECT RAISE(ABORT, 'exam resume records are immutable'); END;"
    "CREATE TRIGGER exam_resumes_kept BEFORE DELETE ON exam_resumes BEGIN"
    "  SELECT RAISE(ABORT, 'exam resume records are kept'); END;"
    "CREATE TRIGGER exam_resumes_open BEFORE INSERT ON exam_resumes"
    "  WHEN (SELECT ended FROM exam_runs WHERE id = NEW.run_id) IS NOT NULL BEGIN"
    "  SELECT RAISE(ABORT, 'a finished exam run cannot be resumed'); END;";

/* v4: every recorded reply names the scorer that graded it ("model:<12 hex>" of the learned
 * layer's weights, or "rules"); replies recorded before are '' (not recorded). Changes of the
 * local learned model (`counterpart learn`, `--rollback`) are an audit fact: who, when, from which
 * version to which, with how many trainers' corrections. Kept and immutable. */
static const char SCHEMA_V4[] =
    "ALTER TABLE turns ADD COLUMN model TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE model_changes("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
    "  by TEXT NOT NULL DEFAULT '',"
    "  action TEXT NOT NULL CHECK(action IN ('learn','rollback')),"
    "  old TEXT NOT NULL, new TEXT NOT NULL,"
    "  corrections INTEGER NOT NULL DEFAULT 0 CHECK(corrections >= 0));"
    "CREATE TRIGGER model_changes_immutable BEFORE UPDATE ON model_changes BEGIN"
    "  SELECT RAISE(ABORT, 'model changes are immutable'); END;"
    "CREATE TRIGGER model_changes_kept BEFORE DELETE ON model_changes BEGIN"
    "  SELECT RAISE(ABORT, 'model changes are kept'); END;";

/* v5: an exam's pass rule on outcome (min_rating: every ending rated at least this), kept with
 * each run as it was when the run began; runs recorded before have 0 (score alone decided). */
static const char SCHEMA_V5[] =
    "ALTER TABLE exam_runs ADD COLUMN min_rating INTEGER NOT NULL DEFAULT 0"
    "  CHECK(min_rating BETWEEN 0 AND 5);";

/* v6: class exams. An assessor assigns an exam to trainees (exam tickets): each ticket is tied to
 * the exam as it was when assigned (its exams row: hash, scenarios, weights) and records who
 * assigned it, to which 班组 and when. A trainee's seat starts the run of its own ticket without
 * the passphrase; a ticket starts one run only (exam_runs.ticket_id is unique), and the run must
 * be the ticket's exam and trainee. Tickets are kept and immutable. */
static const char SCHEMA_V6[] =
    "CREATE TABLE exam_tickets("
    "  id INTEGER PRIMARY KEY,"
    "  exam_id INTEGER NOT NULL REFERENCES exams(id),"
    "  trainee_id INTEGER NOT NULL REFERENCES trainees(id),"
    "  min_rating INTEGER NOT NULL DEFAULT 0 CHECK(min_rating BETWEEN 0 AND 5),"
    "  grp TEXT NOT NULL DEFAULT '',"
    "  by TEXT NOT NULL DEFAULT '',"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));"
    "CREATE INDEX exam_tickets_by_trainee ON exam_tickets(trainee_id, id);"
    "ALTER TABLE exam_runs ADD COLUMN ticket_id INTEGER REFERENCES exam_tickets(id);"
    "CREATE UNIQUE INDEX exam_runs_by_ticket ON exam_runs(ticket_id);"
    "CREATE TRIGGER exam_tickets_immutable BEFORE UPDATE ON exam_tickets BEGIN"
    "  SELECT RAISE(ABORT, 'exam tickets are immutable'); END;"
    "CREATE TRIGGER exam_tickets_kept BEFORE DELETE ON exam_tickets BEGIN"
    "  SELECT RAISE(ABORT, 'exam tickets are kept'); END;"
    "CREATE TRIGGER exam_runs_of_ticket BEFORE INSERT ON exam_runs"
    "  WHEN NEW.ticket_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM exam_tickets t"
    "    WHERE t.id = NEW.ticket_id AND t.trainee_id = NEW.trainee_id AND t.exam_id = NEW.exam_id)"
    "  BEGIN SELECT RAISE(ABORT, 'an exam run must be of its ticket''s exam and trainee'); END;"
    "CREATE TRIGGER exam_runs_ticket_kept BEFORE UPDATE OF ticket_id ON exam_runs BEGIN"
    "  SELECT RAISE(ABORT, 'an exam run keeps its ticket'); END;";

/* v7: a session's start key (random, per trainee unique): starting a session again after a
 * failure whose commit did reach the disk finds that row instead of adding an empty second one
 * (cp_records_session_start). Sessions recorded before have none. */
static const char SCHEMA_V7[] =
    "ALTER TABLE sessions ADD COLUMN start_key INTEGER;"
    "CREATE UNIQUE INDEX sessions_by_start_key ON sessions(trainee_id, start_key);";

static const char *const MIGRATIONS[CP_RECORDS_VERSION + 1] = { NULL, SCHEMA_V1, SCHEMA_V2,
                                                                SCHEMA_V3, SCHEMA_V4, SCHEMA_V5,
                                                                SCHEMA_V6, SCHEMA_V7 };


/* ---- Statements ---- */

/* Statements finalized by the records code are kept prepared (reset, bindings cleared) and
 * handed out again for the same SQL text: the views run the same few queries for every session
 * and reply (a centre's score sheet prepared them ~1 million times; preparing was a tenth of its
 * time). A cached statement is reset, so it holds no read transaction or lock. */
enum { SQ_CACHE = 48 };

typedef struct sq_cached {
    uint64_t hash;        /* of the SQL text; 0 = empty slot */
    uint64_t used;        /* the connection's clock when it was put back (oldest goes first) */
    sqlite3_stmt *st;
} sq_cached;

typedef struct {
    rec_conn base;
    sqlite3 *db;
    sq_cached cache[SQ_CACHE];
    uint64_t clock;
} sq_conn;

typedef struct {
    rec_stmt base;
    sqlite3_stmt *st;
    sq_conn *c;
    uint64_t hash;
} sq_stmt;

static const rec_driver SQLITE_DRIVER;

static uint64_t sql_hash(const char *sql)
{
    uint64_t h = 1469598103934665603u;   /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h ? h : 1;
}

static rec_stmt *sq_prepare(rec_conn *c, const char *sql, int *rc)
{
    sq_conn *sc = (sq_conn *)c;
    sqlite3_stmt *st = NULL;
    uint64_t h = sql_hash(sql);
    for (int i = 0; i < SQ_CACHE; i++) {
        sq_cached *e = &sc->cache[i];
        if (e->hash == h && strcmp(sqlite3_sql(e->st), sql) == 0) {
            st = e->st;
            e->hash = 0;
            e->st = NULL;
            break;
        }
    }
    *rc = SQLITE_OK;
    if (!st) {
        *rc = sqlite3_prepare_v2(sc->db, sql, -1, &st, NULL);
        if (*rc != SQLITE_OK) {
            sqlite3_finalize(st);
            return NULL;
        }
    }
    sq_stmt *s = cp_xcalloc(1, sizeof *s);
    s->base.drv = &SQLITE_DRIVER;
    s->st = st;
    s->c = sc;
    s->hash = h;
    return &s->base;
}

/* Back into the cache (the least recently used one goes when it is full). */
static void sq_release(sq_conn *c, sqlite3_stmt *st, uint64_t hash)
{
    if (!st)   /* the SQL was only blanks or a comment */
        return;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    int slot = -1;
    for (int i = 0; i < SQ_CACHE && slot < 0; i++)
        if (!c->cache[i].st)
            slot = i;
    if (slot < 0) {
        slot = 0;
        for (int i = 1; i < SQ_CACHE; i++)
            if (c->cache[i].used < c->cache[slot].used)
                slot = i;
        sqlite3_finalize(c->cache[slot].st);
    }
    c->cache[slot] = (sq_cached){ hash, ++c->clock, st };
}

static void sq_cache_clear(sq_conn *c)
{
    for (int i = 0; i < SQ_CACHE; i++) {
        sqlite3_finalize(c->cache[i].st);
        c->cache[i] = (sq_cached){ 0 };
    }
}

#define ST(x) (((sq_stmt *)(x))->st)
static void sq_bind_int64(rec_stmt *st, int i, int64_t v) { sqlite3_bind_int64(ST(st), i, v); }
static void sq_bind_double(rec_stmt *st, int i, double v) { sqlite3_bind_double(ST(st), i, v); }
static void sq_bind_text(rec_stmt *st, int i, const char *v)
{
    sqlite3_bind_text(ST(st), i, v, -1, SQLITE_TRANSIENT);
}
static void sq_bind_null(rec_stmt *st, int i) { sqlite3_bind_null(ST(st), i); }
static int sq_step(rec_stmt *st) { return sqlite3_step(ST(st)); }
static int64_t sq_col_int64(rec_stmt *st, int c) { return sqlite3_column_int64(ST(st), c); }
static double sq_col_double(rec_stmt *st, int c) { return sqlite3_column_double(ST(st), c); }
static const char *sq_col_text(rec_stmt *st, int c)
{
    return (const char *)sqlite3_column_text(ST(st), c);
}
static int64_t sq_changes(rec_stmt *st) { return sqlite3_changes(((sq_stmt *)st)->c->db); }
static void sq_reset(rec_stmt *st) { sqlite3_reset(ST(st)); }
static void sq_finalize(rec_stmt *st)
{
    sq_stmt *s = (sq_stmt *)st;
    sq_release(s->c, s->st, s->hash);
    free(s);
}

static int sq_exec(rec_conn *c, const char *sql)
{
    return sqlite3_exec(((sq_conn *)c)->db, sql, NULL, NULL, NULL);
}

/* Tests only (records_int.h): COUNTERPART_TEST_PAGE_LIMIT names a file holding a page count,
 * applied as PRAGMA max_page_count before each write - a genuine SQLITE_FULL without root. */
static void test_page_limit(rec_conn *c)
{
    const char *file = getenv("COUNTERPART_TEST_PAGE_LIMIT");
    if (!file || !*file)
        return;
    FILE *f = fopen(file, "r");
    long long n = 0;
    if (!f)
        return;
    if (fscanf(f, "%lld", &n) == 1 && n > 0) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", n);
        sqlite3_exec(((sq_conn *)c)->db, sql, NULL, NULL, NULL);
    }
    fclose(f);
}

static int sq_begin(rec_conn *c, bool write)
{
    if (write)
        test_page_limit(c);
    return sq_exec(c, write ? "BEGIN IMMEDIATE" : "BEGIN");
}

static bool sq_in_tx(rec_conn *c) { return !sqlite3_get_autocommit(((sq_conn *)c)->db); }

static int sq_fail(rec_conn *c, int rc, const char *what, cp_error *err)
{
    int prim = rc & 0xff;
    sqlite3 *db = c ? ((sq_conn *)c)->db : NULL;
    const char *path = c ? c->path : "";
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        return cp_error_set(err, path, 0,
                            "%s: the records database is locked by another program (waited %d ms);"
                            " try again when it has finished",
                            what, c ? c->busy_ms : 0);
    if (prim == SQLITE_CORRUPT || prim == SQLITE_NOTADB)
        return cp_error_set(err, path, 0,
                            "%s: the records database is damaged (%s); nothing was written - "
                            "restore it from a backup or move it aside",
                            what, sqlite3_errstr(rc));
    if (prim == SQLITE_FULL || (prim == SQLITE_IOERR && db && sqlite3_system_errno(db) == ENOSPC))
        return cp_error_set(err, path, 0, "%s: the disk is full; nothing was recorded", what);
    if (prim == SQLITE_READONLY || prim == SQLITE_CANTOPEN || prim == SQLITE_PERM)
        return cp_error_set(err, path, 0, "%s: cannot write the records database (%s)", what,
                            db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    return cp_error_set(err, path, 0, "%s: %s", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

static const char *code_name(int prim)
{
    switch (prim) {
    case SQLITE_PERM: return "SQLITE_PERM";
    case SQLITE_BUSY: return "SQLITE_BUSY";
    case SQLITE_LOCKED: return "SQLITE_LOCKED";
    case SQLITE_READONLY: return "SQLITE_READONLY";
    case SQLITE_IOERR: return "SQLITE_IOERR";
    case SQLITE_CORRUPT: return "SQLITE_CORRUPT";
    case SQLITE_FULL: return "SQLITE_FULL";
    case SQLITE_CANTOPEN: return "SQLITE_CANTOPEN";
    case SQLITE_CONSTRAINT: return "SQLITE_CONSTRAINT";
    case SQLITE_NOTADB: return "SQLITE_NOTADB";
    case SQLITE_AUTH: return "SQLITE_AUTH";
    default: return "SQLITE_ERROR";
    }
}

/* SQLite's codes in the seat's terms: a full disk is SQLITE_FULL or an I/O error whose system
 * call said ENOSPC (or EDQUOT, a quota); a refusal is a read-only file or folder, a file that
 * cannot be opened, or an I/O error with EACCES/EPERM/EROFS. */
static void sq_fault(rec_conn *c, int rc, rec_fault *f)
{
    memset(f, 0, sizeof *f);
    if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE)
        return;
    sqlite3 *db = c ? ((sq_conn *)c)->db : NULL;
    int prim = rc & 0xff;
    int sys = db && prim == SQLITE_IOERR ? sqlite3_system_errno(db) : 0;
    if (prim == SQLITE_FULL || sys == ENOSPC || sys == EDQUOT)
        f->kind = CP_DBERR_FULL;
    else if (prim == SQLITE_READONLY || prim == SQLITE_CANTOPEN || prim == SQLITE_PERM ||
             prim == SQLITE_AUTH || sys == EACCES || sys == EPERM || sys == EROFS)
        f->kind = CP_DBERR_DENIED;
    else if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        f->kind = CP_DBERR_LOCKED;
    else
        f->kind = CP_DBERR_OTHER;
    if (rc != prim)
        snprintf(f->code, sizeof f->code, "%s (%d, extended %d)", code_name(prim), prim, rc);
    else
        snprintf(f->code, sizeof f->code, "%s (%d)", code_name(prim), prim);
    const char *m = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (sys)
        snprintf(f->detail, sizeof f->detail, "%s; %s", m, strerror(sys));
    else
        snprintf(f->detail, sizeof f->detail, "%s", m);
}

static int sq_exec_what(sq_conn *c, const char *sql, const char *what, cp_error *err)
{
    int rc = sq_exec(&c->base, sql);
    return rc == SQLITE_OK ? 0 : sq_fail(&c->base, rc, what, err);
}

static void sq_close(rec_conn *c)
{
    if (!c)
        return;
    sq_cache_clear((sq_conn *)c);
    sqlite3_close(((sq_conn *)c)->db);
    free(c->path);
    free(c);
}

/* One integer from a query without parameters; -1 rc on failure. */
static int query_int(sqlite3 *db, const char *sql, int64_t *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

static void col_text(sqlite3_stmt *st, int col, char *buf, size_t size)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    snprintf(buf, size, "%s", t ? (const char *)t : "");
}

static int sq_check(rec_conn *c, bool full, cp_strlist *problems, cp_error *err)
{
    sq_conn *db = (sq_conn *)c;
    const char *sql[] = { full ? "PRAGMA integrity_check(100)" : "PRAGMA quick_check(100)",
                          "PRAGMA foreign_key_check" };
    int found = 0;
    for (int k = 0; k < 2; k++) {
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(db->db, sql[k], -1, &st, NULL);
        if (rc != SQLITE_OK)
            return sq_fail(c, rc, "checking", err);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            char res[512];
            if (k == 0) {
                col_text(st, 0, res, sizeof res);
                if (strcmp(res, "ok") == 0)
                    continue;
            } else {
                char tab[128], parent[128];
                col_text(st, 0, tab, sizeof tab);
                col_text(st, 2, parent, sizeof parent);
                snprintf(res, sizeof res, "%s row %lld refers to a missing %s row", tab,
                         (long long)sqlite3_column_int64(st, 1), parent);
            }
            cp_strlist_push(problems, res);
            found++;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return sq_fail(c, rc, "checking", err);
    }
    return found ? 1 : 0;
}

static void *sq_raw(rec_conn *c) { return ((sq_conn *)c)->db; }

static const rec_driver SQLITE_DRIVER = {
    .name = "sqlite",
    .prepare = sq_prepare,
    .bind_int64 = sq_bind_int64,
    .bind_double = sq_bind_double,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_int64 = sq_col_int64,
    .col_double = sq_col_double,
    .col_text = sq_col_text,
    .changes = sq_changes,
    .reset = sq_reset,
    .finalize = sq_finalize,
    .exec = sq_exec,
    .begin = sq_begin,
    .in_tx = sq_in_tx,
    .fail = sq_fail,
    .fault = sq_fault,
    .check = sq_check,
    .wait_notify = NULL,
    .close = sq_close,
    .raw = sq_raw,
};

/* ---- Paths ---- */

/* mkdir -p of the folder holding path (0700: records are personal data). */
static int make_parent(const char *path, cp_error *err)
{
    char *dir = cp_xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) {
        free(dir);
        return 0;
    }
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            cp_error_set(err, dir, 0, "cannot create the folder for the records database: %s",
                         strerror(errno));
            free(dir);
            return -1;
        }
        *p = '/';
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        cp_error_set(err, dir, 0, "cannot create the folder for the records database: %s",
                     strerror(errno));
        free(dir);
        return -1;
    }
    free(dir);
    return 0;
}

/* ---- Migrations ---- */

/* Brings the open file from its version up to `target` in one transaction. Foreign keys are
 * off during the migration (table rebuilds) and checked before committing. */
static int migrate(sq_conn *db, int target, cp_error *err)
{
    const char *path = db->base.path;
    if (sq_exec_what(db, "PRAGMA foreign_keys=OFF", "preparing the migration", err) != 0)
        return -1;
    if (sq_exec_what(db, "BEGIN IMMEDIATE", "starting to write", err) != 0)
        return -1;
    int64_t uv = 0;
    int rc = query_int(db->db, "PRAGMA user_version", &uv);
    if (rc != SQLITE_OK) {
        sq_fail(&db->base, rc, "reading the schema version", err);
        goto fail;
    }
    if (uv > target) {
        cp_error_set(err, path, 0, "schema version %lld is newer than this program's (%d)",
                     (long long)uv, target);
        goto fail;
    }
    for (int v = (int)uv + 1; v <= target; v++) {
        char what[64];
        snprintf(what, sizeof what, "migrating the records to schema v%d", v);
        if (sq_exec_what(db, MIGRATIONS[v], what, err) != 0)
            goto fail;
    }
    if (uv < target) {
        int64_t bad = 0;
        rc = query_int(db->db, "SELECT count(*) FROM pragma_foreign_key_check", &bad);
        if (rc != SQLITE_OK || bad) {
            cp_error_set(err, path, 0,
                         "migration to schema v%d left %lld broken references; nothing was changed",
                         target, (long long)bad);
            goto fail;
        }
        char sql[128];
        snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d",
                 CP_RECORDS_APP_ID, target);
        if (sq_exec_what(db, sql, "setting the schema version", err) != 0)
            goto fail;
    }
    rc = sq_exec(&db->base, "COMMIT");
    if (rc != SQLITE_OK) {
        sq_fail(&db->base, rc, "committing", err);
        goto fail;
    }
    return sq_exec_what(db, "PRAGMA foreign_keys=ON", "enabling foreign keys", err);
fail:
    if (sq_in_tx(&db->base))
        sq_exec(&db->base, "ROLLBACK");
    sq_exec(&db->base, "PRAGMA foreign_keys=ON");
    return -1;
}

/* ---- Opening ---- */

/* Reads the first 16 bytes of an existing non-empty file: 0 when it is SQLite or absent/empty. */
static int check_header(const char *path, cp_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return errno == ENOENT ? 0 : cp_error_set(err, path, 0, "cannot read: %s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return cp_error_set(err, path, 0, "is a folder, not a records database");
    if (st.st_size == 0)
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return cp_error_set(err, path, 0, "cannot read: %s", strerror(errno));
    unsigned char h[100] = { 0 };
    size_t got = fread(h, 1, sizeof h, f);
    fclose(f);
    if (got < 16 || memcmp(h, "SQLite format 3", 16) != 0)
        return cp_error_set(err, path, 0,
                            "not a Counterpart records database (not an SQLite file); "
                            "it was left untouched");
    /* A cheap check in place of reading every page (quick_check is `counterpart records
     * check`): the header's page count, when valid (version-valid-for = change counter), must
     * fit in the file - a copy cut short is damaged. */
    if (got == sizeof h) {
        uint32_t psz = (uint32_t)h[16] << 8 | h[17];
        uint64_t page = psz == 1 ? 65536 : psz;
        uint32_t pages = (uint32_t)h[28] << 24 | (uint32_t)h[29] << 16 | (uint32_t)h[30] << 8 | h[31];
        bool valid = memcmp(h + 24, h + 92, 4) == 0 && pages > 0;
        if (page < 512 || page > 65536 || (page & (page - 1)))
            return cp_error_set(err, path, 0,
                                "the records database is damaged (bad page size %llu); nothing "
                                "was written - restore it from a backup or move it aside",
                                (unsigned long long)page);
        if (valid && (uint64_t)pages * page > (uint64_t)st.st_size)
            return cp_error_set(err, path, 0,
                                "the records database is damaged (cut short: %llu of %llu bytes); "
                                "nothing was written - restore it from a backup or move it aside",
                                (unsigned long long)st.st_size,
                                (unsigned long long)((uint64_t)pages * page));
    }
    return 0;
}

/* Identifies an open file before anything is written. *fresh = an empty database. */

/* Identifies an open file before anything is written. *fresh = an empty database. */
static int identify(sq_conn *db, bool *fresh, int64_t *uv, cp_error *err)
{
    const char *path = db->base.path;
    int64_t app = 0, nobj = 0;
    int rc = query_int(db->db, "PRAGMA application_id", &app);
    if (rc == SQLITE_OK)
        rc = query_int(db->db, "PRAGMA user_version", uv);
    if (rc == SQLITE_OK)
        rc = query_int(db->db, "SELECT count(*) FROM sqlite_master", &nobj);
    if (rc != SQLITE_OK)
        return sq_fail(&db->base, rc, "opening", err);
    *fresh = app == 0 && *uv == 0 && nobj == 0;
    if (*fresh)
        return 0;
    if (app != CP_RECORDS_APP_ID)
        return cp_error_set(err, path, 0,
                            "not a Counterpart records database (an SQLite file of another "
                            "program, application_id 0x%08llx); it was left untouched",
                            (unsigned long long)(uint32_t)app);
    if (*uv > CP_RECORDS_VERSION)
        return cp_error_set(err, path, 0,
                            "written by a newer Counterpart (schema v%lld; this program knows up to "
                            "v%d); it was left untouched - update Counterpart",
                            (long long)*uv, CP_RECORDS_VERSION);
    if (*uv < 1)
        return cp_error_set(err, path, 0,
                            "a Counterpart database without a schema version; it was left untouched");
    /* Reading every page on every open grew with the file (a centre's year: seconds); the full
     * check is on demand: cp_records_check, `counterpart records check`. */
    return 0;
}

static sq_conn *open_raw(const char *path, int busy_ms, bool create, cp_error *err)
{
    if (check_header(path, err) != 0)
        return NULL;
    struct stat st;
    if (stat(path, &st) != 0) {
        if (!create) {
            cp_error_set(err, path, 0, "no records database here (check --db or COUNTERPART_DB); "
                                       "nothing was created");
            return NULL;
        }
        if (make_parent(path, err) != 0)
            return NULL;
    }
    sq_conn *db = cp_xcalloc(1, sizeof *db);
    db->base.drv = &SQLITE_DRIVER;
    db->base.path = cp_xstrdup(path);
    db->base.busy_ms = busy_ms > 0 ? busy_ms : CP_RECORDS_BUSY_MS;
    int rc = sqlite3_open_v2(path, &db->db,
                             SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0), NULL);
    if (rc != SQLITE_OK) {
        sq_fail(&db->base, rc, "opening", err);
        sq_close(&db->base);
        return NULL;
    }
    sqlite3_extended_result_codes(db->db, 1);
    sqlite3_busy_timeout(db->db, db->base.busy_ms);
    return db;
}

/* WAL, synchronous=FULL (every commit is on disk), foreign keys. */
static int configure(sq_conn *db, cp_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->db, "PRAGMA journal_mode=WAL", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    char mode[32] = "";
    if (rc == SQLITE_ROW)
        col_text(st, 0, mode, sizeof mode);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return sq_fail(&db->base, rc, "switching to WAL mode", err);
    if (strcmp(mode, "wal") != 0)
        return cp_error_set(err, db->base.path, 0, "cannot use WAL mode (journal mode stays '%s')",
                            mode);
    return sq_exec_what(db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", "configuring", err);
}

rec_conn *rec_sqlite_open(const char *path, int busy_ms, bool existing, int target, int *version,
                          cp_error *err)
{
    sq_conn *db = open_raw(path, busy_ms, !existing, err);
    if (!db)
        return NULL;
    bool fresh = false;
    int64_t uv = 0;
    if (identify(db, &fresh, &uv, err) != 0 || configure(db, err) != 0) {
        sq_close(&db->base);
        return NULL;
    }
    if (fresh)
        chmod(path, 0600);   /* records are personal data */
    /* Up to date: no write at all (another program may hold the write lock while we read). */
    if (uv != target && migrate(db, target, err) != 0) {
        sq_close(&db->base);
        return NULL;
    }
    *version = target;
    return &db->base;
}
