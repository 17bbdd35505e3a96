/* records.c - the records database: default path, opening with checks before any write (not
 * SQLite, damaged, another program's file, newer schema), the versioned schema and its forward
 * migrations, trainees, the assessor passphrase, and the helpers the other records files use.
 * Must not: write to a file it has not identified as ours, or keep a passphrase in memory. */
#include "records_int.h"

#include <errno.h>
#include <sodium.h>
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

static const char *const MIGRATIONS[CP_RECORDS_VERSION + 1] = { NULL, SCHEMA_V1, SCHEMA_V2,
                                                                SCHEMA_V3, SCHEMA_V4, SCHEMA_V5 };

/* ---- Helpers ---- */

static bool fast_hash;

void rec_fast_hash_for_tests(bool on) { fast_hash = on; }

int rec_fail(cp_records *db, int rc, const char *what, cp_error *err)
{
    int prim = rc & 0xff;
    const char *path = db ? db->path : "";
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        return cp_error_set(err, path, 0,
                            "%s: the records database is locked by another program (waited %d ms);"
                            " try again when it has finished",
                            what, db ? db->busy_ms : 0);
    if (prim == SQLITE_CORRUPT || prim == SQLITE_NOTADB)
        return cp_error_set(err, path, 0,
                            "%s: the records database is damaged (%s); nothing was written - "
                            "restore it from a backup or move it aside",
                            what, sqlite3_errstr(rc));
    if (prim == SQLITE_FULL)
        return cp_error_set(err, path, 0, "%s: the disk is full; nothing was recorded", what);
    if (prim == SQLITE_READONLY || prim == SQLITE_CANTOPEN || prim == SQLITE_PERM)
        return cp_error_set(err, path, 0, "%s: cannot write the records database (%s)", what,
                            db && db->db ? sqlite3_errmsg(db->db) : sqlite3_errstr(rc));
    return cp_error_set(err, path, 0, "%s: %s", what,
                        db && db->db ? sqlite3_errmsg(db->db) : sqlite3_errstr(rc));
}

sqlite3_stmt *rec_prepare(cp_records *db, const char *sql, cp_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        rec_fail(db, rc, "reading the records", err);
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

int rec_exec(cp_records *db, const char *sql, const char *what, cp_error *err)
{
    int rc = sqlite3_exec(db->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : rec_fail(db, rc, what, err);
}

int rec_begin(cp_records *db, cp_error *err)
{
    return rec_exec(db, "BEGIN IMMEDIATE", "starting to write", err);
}

int rec_commit(cp_records *db, cp_error *err)
{
    int rc = sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        return 0;
    rec_fail(db, rc, "committing", err);
    rec_rollback(db);
    return -1;
}

int cp_records_snapshot(cp_records *db, bool on, cp_error *err)
{
    if (on)
        return sqlite3_get_autocommit(db->db) ? rec_exec(db, "BEGIN", "starting to read", err) : 0;
    if (!sqlite3_get_autocommit(db->db))
        sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL);
    return 0;
}

void rec_rollback(cp_records *db)
{
    if (!sqlite3_get_autocommit(db->db))
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
}

void rec_col_text(sqlite3_stmt *st, int col, char *buf, size_t size)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    snprintf(buf, size, "%s", t ? (const char *)t : "");
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
static int migrate(cp_records *db, int target, cp_error *err)
{
    if (rec_exec(db, "PRAGMA foreign_keys=OFF", "preparing the migration", err) != 0)
        return -1;
    if (rec_begin(db, err) != 0)
        return -1;
    int64_t uv = 0;
    int rc = query_int(db->db, "PRAGMA user_version", &uv);
    if (rc != SQLITE_OK) {
        rec_fail(db, rc, "reading the schema version", err);
        goto fail;
    }
    if (uv > target) {
        cp_error_set(err, db->path, 0, "schema version %lld is newer than this program's (%d)",
                     (long long)uv, target);
        goto fail;
    }
    for (int v = (int)uv + 1; v <= target; v++) {
        char what[64];
        snprintf(what, sizeof what, "migrating the records to schema v%d", v);
        if (rec_exec(db, MIGRATIONS[v], what, err) != 0)
            goto fail;
    }
    if (uv < target) {
        int64_t bad = 0;
        rc = query_int(db->db, "SELECT count(*) FROM pragma_foreign_key_check", &bad);
        if (rc != SQLITE_OK || bad) {
            cp_error_set(err, db->path, 0,
                         "migration to schema v%d left %lld broken references; nothing was changed",
                         target, (long long)bad);
            goto fail;
        }
        char sql[128];
        snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d",
                 CP_RECORDS_APP_ID, target);
        if (rec_exec(db, sql, "setting the schema version", err) != 0)
            goto fail;
    }
    if (rec_commit(db, err) != 0)
        goto fail;
    db->version = target;
    return rec_exec(db, "PRAGMA foreign_keys=ON", "enabling foreign keys", err);
fail:
    rec_rollback(db);
    sqlite3_exec(db->db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
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
static int identify(cp_records *db, bool *fresh, int64_t *uv, cp_error *err)
{
    int64_t app = 0, nobj = 0;
    int rc = query_int(db->db, "PRAGMA application_id", &app);
    if (rc == SQLITE_OK)
        rc = query_int(db->db, "PRAGMA user_version", uv);
    if (rc == SQLITE_OK)
        rc = query_int(db->db, "SELECT count(*) FROM sqlite_master", &nobj);
    if (rc != SQLITE_OK)
        return rec_fail(db, rc, "opening", err);
    *fresh = app == 0 && *uv == 0 && nobj == 0;
    if (*fresh)
        return 0;
    if (app != CP_RECORDS_APP_ID)
        return cp_error_set(err, db->path, 0,
                            "not a Counterpart records database (an SQLite file of another "
                            "program, application_id 0x%08llx); it was left untouched",
                            (unsigned long long)(uint32_t)app);
    if (*uv > CP_RECORDS_VERSION)
        return cp_error_set(err, db->path, 0,
                            "written by a newer Counterpart (schema v%lld; this program knows up to "
                            "v%d); it was left untouched - update Counterpart",
                            (long long)*uv, CP_RECORDS_VERSION);
    if (*uv < 1)
        return cp_error_set(err, db->path, 0,
                            "a Counterpart database without a schema version; it was left untouched");
    /* Reading every page on every open grew with the file (a centre's year: seconds); the full
     * check is on demand: cp_records_check, `counterpart records check`. */
    return 0;
}

int cp_records_check(cp_records *db, bool full, cp_strlist *problems, cp_error *err)
{
    cp_error_clear(err);
    const char *sql[] = { full ? "PRAGMA integrity_check(100)" : "PRAGMA quick_check(100)",
                          "PRAGMA foreign_key_check" };
    int found = 0;
    for (int k = 0; k < 2; k++) {
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(db->db, sql[k], -1, &st, NULL);
        if (rc != SQLITE_OK)
            return rec_fail(db, rc, "checking", err);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            char res[512];
            if (k == 0) {
                rec_col_text(st, 0, res, sizeof res);
                if (strcmp(res, "ok") == 0)
                    continue;
            } else {
                char tab[128], parent[128];
                rec_col_text(st, 0, tab, sizeof tab);
                rec_col_text(st, 2, parent, sizeof parent);
                snprintf(res, sizeof res, "%s row %lld refers to a missing %s row", tab,
                         (long long)sqlite3_column_int64(st, 1), parent);
            }
            cp_strlist_push(problems, res);
            found++;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return rec_fail(db, rc, "checking", err);
    }
    return found ? 1 : 0;
}

static cp_records *open_raw(const char *path, int busy_ms, bool create, cp_error *err)
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
    cp_records *db = cp_xcalloc(1, sizeof *db);
    db->path = cp_xstrdup(path);
    db->busy_ms = busy_ms > 0 ? busy_ms : CP_RECORDS_BUSY_MS;
    int rc = sqlite3_open_v2(path, &db->db,
                             SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0), NULL);
    if (rc != SQLITE_OK) {
        rec_fail(db, rc, "opening", err);
        cp_records_close(db);
        return NULL;
    }
    sqlite3_extended_result_codes(db->db, 1);
    sqlite3_busy_timeout(db->db, db->busy_ms);
    return db;
}

/* WAL, synchronous=FULL (every commit is on disk), foreign keys. */
static int configure(cp_records *db, cp_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->db, "PRAGMA journal_mode=WAL", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    char mode[32] = "";
    if (rc == SQLITE_ROW)
        rec_col_text(st, 0, mode, sizeof mode);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return rec_fail(db, rc, "switching to WAL mode", err);
    if (strcmp(mode, "wal") != 0)
        return cp_error_set(err, db->path, 0, "cannot use WAL mode (journal mode stays '%s')", mode);
    return rec_exec(db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", "configuring", err);
}

cp_records *cp_records_open(const char *path, int busy_ms, cp_error *err)
{
    return cp_records_open_ex(path, busy_ms, 0, err);
}

cp_records *cp_records_open_ex(const char *path, int busy_ms, unsigned flags, cp_error *err)
{
    cp_error_clear(err);
    if (sodium_init() < 0) {
        cp_error_set(err, NULL, 0, "libsodium failed to initialise");
        return NULL;
    }
    cp_records *db = open_raw(path, busy_ms, !(flags & CP_RECORDS_EXISTING), err);
    if (!db)
        return NULL;
    bool fresh = false;
    int64_t uv = 0;
    if (identify(db, &fresh, &uv, err) != 0 || configure(db, err) != 0) {
        cp_records_close(db);
        return NULL;
    }
    if (fresh)
        chmod(path, 0600);   /* records are personal data */
    db->version = (int)uv;
    /* Up to date: no write at all (another program may hold the write lock while we read). */
    if (uv != CP_RECORDS_VERSION && migrate(db, CP_RECORDS_VERSION, err) != 0) {
        cp_records_close(db);
        return NULL;
    }
    return db;
}

int rec_create_at_version(const char *path, int version, cp_error *err)
{
    cp_records *db = open_raw(path, 0, true, err);
    if (!db)
        return -1;
    bool fresh = false;
    int64_t uv = 0;
    int rc = identify(db, &fresh, &uv, err);
    if (rc == 0 && !fresh)
        rc = cp_error_set(err, path, 0, "exists already");
    if (rc == 0)
        rc = configure(db, err);
    if (rc == 0)
        rc = migrate(db, version, err);
    cp_records_close(db);
    return rc;
}

void cp_records_close(cp_records *db)
{
    if (!db)
        return;
    sqlite3_close(db->db);
    free(db->path);
    free(db);
}

const char *cp_records_path(const cp_records *db) { return db->path; }
int cp_records_version(const cp_records *db) { return db->version; }

/* ---- Trainees ---- */

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t')
            return false;
    return true;
}

int cp_records_trainee_add(cp_records *db, const char *name, const char *staff_no,
                           const char *group, int64_t *id, cp_error *err)
{
    cp_error_clear(err);
    if (blank(name))
        return cp_error_set(err, db->path, 0, "姓名 is empty");
    if (blank(staff_no))
        return cp_error_set(err, db->path, 0, "工号 is empty");
    if (strlen(name) >= sizeof ((cp_trainee *)0)->name || strlen(staff_no) >= 64 ||
        (group && strlen(group) >= 128))
        return cp_error_set(err, db->path, 0, "name, 工号 or 班组 is too long");
    sqlite3_stmt *st = rec_prepare(db, "INSERT INTO trainees(name, staff_no, grp) VALUES(?,?,?)", err);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, staff_no, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, group ? group : "", -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        return cp_error_set(err, db->path, 0, "工号 %s is already on the roster", staff_no);
    if (rc != SQLITE_DONE)
        return rec_fail(db, rc, "adding a trainee", err);
    if (id)
        *id = sqlite3_last_insert_rowid(db->db);
    return 0;
}

static void read_trainee(sqlite3_stmt *st, cp_trainee *t)
{
    t->id = sqlite3_column_int64(st, 0);
    rec_col_text(st, 1, t->name, sizeof t->name);
    rec_col_text(st, 2, t->staff_no, sizeof t->staff_no);
    rec_col_text(st, 3, t->group, sizeof t->group);
}

#define TRAINEE_COLS "SELECT id, name, staff_no, grp FROM trainees "

int cp_records_trainee_get(cp_records *db, int64_t id, cp_trainee *out, cp_error *err)
{
    cp_error_clear(err);
    sqlite3_stmt *st = rec_prepare(db, TRAINEE_COLS "WHERE id = ?", err);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_trainee(st, out);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc == SQLITE_DONE)
        return cp_error_set(err, db->path, 0, "no trainee with id %lld", (long long)id);
    return rec_fail(db, rc, "finding a trainee", err);
}

int cp_records_trainee_find(cp_records *db, const char *key, cp_trainee *out, cp_error *err)
{
    cp_error_clear(err);
    sqlite3_stmt *st = rec_prepare(db, TRAINEE_COLS "WHERE staff_no = ?", err);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_trainee(st, out);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc != SQLITE_DONE)
        return rec_fail(db, rc, "finding a trainee", err);
    bool digits = *key != '\0' && strlen(key) < 18;
    for (const char *p = key; *p; p++)
        digits = digits && *p >= '0' && *p <= '9';
    if (digits && cp_records_trainee_get(db, strtoll(key, NULL, 10), out, err) == 0)
        return 0;
    return cp_error_set(err, db->path, 0, "no trainee with 工号 or id '%s'", key);
}

cp_trainee *cp_records_trainees(cp_records *db, size_t *n, cp_error *err)
{
    cp_error_clear(err);
    *n = 0;
    sqlite3_stmt *st = rec_prepare(db, TRAINEE_COLS "ORDER BY grp, staff_no", err);
    if (!st)
        return NULL;
    size_t cap = 16;
    cp_trainee *v = cp_xmalloc(cap * sizeof *v);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap)
            v = cp_xrealloc(v, (cap *= 2) * sizeof *v);
        read_trainee(st, &v[(*n)++]);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(v);
        *n = 0;
        rec_fail(db, rc, "listing trainees", err);
        return NULL;
    }
    return v;
}

/* ---- Passphrase ---- */

#define PASS_KEY "assessor_passphrase"

/* The stored hash into buf; 1 found, 0 none, -1 error. */
static int stored_hash(cp_records *db, char *buf, size_t size, cp_error *err)
{
    sqlite3_stmt *st = rec_prepare(db, "SELECT value FROM settings WHERE key = '" PASS_KEY "'", err);
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        rec_col_text(st, 0, buf, size);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : rec_fail(db, rc, "reading the passphrase", err);
}

bool cp_records_has_passphrase(cp_records *db)
{
    char h[crypto_pwhash_STRBYTES];
    return stored_hash(db, h, sizeof h, NULL) == 1;
}

static int verify(cp_records *db, const char *hash, const char *pass, cp_error *err)
{
    if (!pass || crypto_pwhash_str_verify(hash, pass, strlen(pass)) != 0)
        return cp_error_set(err, db->path, 0, "wrong assessor passphrase");
    return 0;
}

int cp_records_passphrase_set(cp_records *db, const char *old, const char *newpass,
                              cp_error *err)
{
    cp_error_clear(err);
    if (!newpass || strlen(newpass) < 8)
        return cp_error_set(err, db->path, 0, "the new passphrase must be at least 8 bytes long");
    char hash[crypto_pwhash_STRBYTES];
    int have = stored_hash(db, hash, sizeof hash, err);
    if (have < 0)
        return -1;
    if (have && verify(db, hash, old, err) != 0)
        return cp_error_set(err, db->path, 0,
                            "wrong current passphrase: changing the passphrase needs the old one");
    unsigned long long ops = fast_hash ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = fast_hash ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    if (crypto_pwhash_str_alg(hash, newpass, strlen(newpass), ops, mem,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return cp_error_set(err, db->path, 0, "out of memory hashing the passphrase");
    sqlite3_stmt *st = rec_prepare(db, "INSERT OR REPLACE INTO settings(key, value) VALUES('"
                                       PASS_KEY "', ?)", err);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    sodium_memzero(hash, sizeof hash);
    if (rc != SQLITE_DONE)
        return rec_fail(db, rc, "storing the passphrase", err);
    db->unlocked = true;
    return 0;
}

int cp_records_unlock(cp_records *db, const char *pass, cp_error *err)
{
    cp_error_clear(err);
    char hash[crypto_pwhash_STRBYTES];
    int have = stored_hash(db, hash, sizeof hash, err);
    if (have < 0)
        return -1;
    if (!have)
        return cp_error_set(err, db->path, 0,
                            "no assessor passphrase is set (counterpart passphrase set)");
    if (verify(db, hash, pass, err) != 0) {
        db->unlocked = false;
        return -1;
    }
    db->unlocked = true;
    return 0;
}

bool cp_records_unlocked(const cp_records *db)
{
    return db->unlocked || !cp_records_has_passphrase((cp_records *)db);
}

void cp_records_lock(cp_records *db) { db->unlocked = false; }

void cp_records_set_self(cp_records *db, int64_t trainee) { db->self = trainee; }

int rec_may_view(cp_records *db, int64_t trainee, cp_error *err)
{
    if (db->unlocked || (db->self && db->self == trainee) || !cp_records_has_passphrase(db))
        return 0;
    return cp_error_set(err, db->path, 0,
                        "viewing another trainee's results needs the assessor passphrase");
}

int rec_need_assessor(cp_records *db, const char *action, cp_error *err)
{
    if (!cp_records_has_passphrase(db))
        return cp_error_set(err, db->path, 0,
                            "%s needs the assessor passphrase, and none is set "
                            "(counterpart passphrase set)",
                            action);
    if (!db->unlocked)
        return cp_error_set(err, db->path, 0, "%s needs the assessor passphrase", action);
    return 0;
}
