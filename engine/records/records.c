/* records.c - the records database, whatever holds it: opening a file (SQLite) or a
 * postgresql:// URI (PostgreSQL) through its driver, the helpers the other records files use over
 * the statement layer (db.h), trainees, and the assessor passphrase.
 * Must not: keep a passphrase in memory; speak a database's own API (the drivers do). */
#include "records_int.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---- Helpers ---- */

static bool fast_hash;

void rec_fast_hash_for_tests(bool on) { fast_hash = on; }

int rec_fail(cp_records *db, int rc, const char *what, cp_error *err)
{
    if (db->c->drv->fault)
        db->c->drv->fault(db->c, rc, &db->fault);
    return db->c->drv->fail(db->c, rc, what, err);
}

rec_stmt *rec_prepare(cp_records *db, const char *sql, cp_error *err)
{
    int rc = REC_OK;
    rec_stmt *st = db->c->drv->prepare(db->c, sql, &rc);
    if (!st)
        rec_fail(db, rc, "reading the records", err);
    return st;
}

int rec_step_id(rec_stmt *st, int64_t *id)
{
    int rc = rec_step(st);
    if (rc != REC_ROW)
        return rc;
    *id = rec_col_int64(st, 0);
    return rec_step(st);
}

int rec_exec(cp_records *db, const char *sql, const char *what, cp_error *err)
{
    int rc = db->c->drv->exec(db->c, sql);
    return rc == REC_OK ? 0 : rec_fail(db, rc, what, err);
}

int rec_begin(cp_records *db, cp_error *err)
{
    memset(&db->fault, 0, sizeof db->fault);
    int rc = db->c->drv->begin(db->c, true);
    return rc == REC_OK ? 0 : rec_fail(db, rc, "starting to write", err);
}

int rec_commit(cp_records *db, cp_error *err)
{
    int rc = db->c->drv->exec(db->c, "COMMIT");
    if (rc == REC_OK)
        return 0;
    rec_fail(db, rc, "committing", err);
    rec_rollback(db);
    return -1;
}

int cp_records_snapshot(cp_records *db, bool on, cp_error *err)
{
    if (on) {
        if (db->c->drv->in_tx(db->c))
            return 0;
        int rc = db->c->drv->begin(db->c, false);
        return rc == REC_OK ? 0 : rec_fail(db, rc, "starting to read", err);
    }
    if (db->c->drv->in_tx(db->c))
        db->c->drv->exec(db->c, "COMMIT");
    return 0;
}

void rec_rollback(cp_records *db)
{
    if (db->c->drv->in_tx(db->c))
        db->c->drv->exec(db->c, "ROLLBACK");
}

void rec_col_text(rec_stmt *st, int col, char *buf, size_t size)
{
    const char *t = rec_col_str(st, col);
    snprintf(buf, size, "%s", t ? t : "");
}

int cp_records_check(cp_records *db, bool full, cp_strlist *problems, cp_error *err)
{
    cp_error_clear(err);
    return db->c->drv->check(db->c, full, problems, err);
}

/* ---- Opening ---- */

bool cp_records_is_uri(const char *path)
{
    return path && (strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0);
}

static cp_records *open_at(const char *path, int busy_ms, unsigned flags, int target,
                           bool *transient, cp_error *err)
{
    int version = 0;
    bool existing = flags & CP_RECORDS_EXISTING, away = false;
    rec_conn *c = cp_records_is_uri(path)
                      ? rec_pg_open(path, busy_ms, existing, target, &version, &away, err)
                      : rec_sqlite_open(path, busy_ms, existing, target, &version, err);
    if (transient)
        *transient = away;
    if (!c)
        return NULL;
    cp_records *db = cp_xcalloc(1, sizeof *db);
    db->c = c;
    db->path = c->path;
    db->version = version;
    return db;
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
    return open_at(path, busy_ms, flags, CP_RECORDS_VERSION, NULL, err);
}

static double mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

cp_records *cp_records_open_wait(const char *path, int busy_ms, unsigned flags,
                                 cp_records_wait *w, cp_error *errp)
{
    cp_error local;
    cp_error *err = errp ? errp : &local;
    cp_error_clear(err);
    if (sodium_init() < 0) {
        cp_error_set(err, NULL, 0, "libsodium failed to initialise");
        return NULL;
    }
    if (w)
        w->attempts = 0;
    double t0 = mono_ms();
    int pause = w && w->first_ms > 0 ? w->first_ms : 250;
    int most = w && w->max_ms > 0 ? w->max_ms : 4000;
    for (;;) {
        bool away = false;
        cp_records *db = open_at(path, busy_ms, flags, CP_RECORDS_VERSION, &away, err);
        if (db || !away || !w || w->total_ms <= 0)
            return db;
        double waited = mono_ms() - t0;
        if (waited >= w->total_ms) {
            cp_error was = *err;
            cp_error_set(err, was.file, was.line, "%s (waited %.0f s for the server to come "
                         "back)", was.msg, waited / 1000);
            return NULL;
        }
        /* seats that lost one server together should not knock on it together: +-25% */
        int p = pause - pause / 4 + (int)randombytes_uniform((uint32_t)(pause / 2 + 1));
        if (p > w->total_ms - waited)
            p = (int)(w->total_ms - waited) + 1;
        w->attempts++;
        if (w->say)
            w->say(w->arg, w->attempts, p, (int)waited, err);
        struct timespec ts = { p / 1000, (long)(p % 1000) * 1000000L };
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
        pause = pause * 2 > most ? most : pause * 2;
    }
}

int rec_create_at_version(const char *path, int version, cp_error *err)
{
    struct stat st;
    if (!cp_records_is_uri(path) && stat(path, &st) == 0 && st.st_size > 0)
        return cp_error_set(err, path, 0, "exists already");
    cp_records *db = open_at(path, 0, 0, version, NULL, err);
    if (!db)
        return -1;
    cp_records_close(db);
    return 0;
}

void cp_records_close(cp_records *db)
{
    if (!db)
        return;
    db->c->drv->close(db->c);
    free(db);
}

const char *cp_records_path(const cp_records *db) { return db->path; }
int cp_records_version(const cp_records *db) { return db->version; }
const char *cp_records_backend(const cp_records *db) { return db->c->drv->name; }
void *rec_raw_handle(cp_records *db) { return db->c->drv->raw(db->c); }

/* ---- A centre ---- */

int cp_records_wait_turn(cp_records *db, int ms, int64_t *session_id, cp_error *err)
{
    cp_error_clear(err);
    if (!db->c->drv->wait_notify)
        return cp_error_set(err, db->path, 0,
                            "waiting for new replies needs a PostgreSQL server, not a file");
    char buf[64] = "";
    int rc = db->c->drv->wait_notify(db->c, "counterpart_turns", ms, buf, sizeof buf, err);
    if (rc == 1 && session_id)
        *session_id = strtoll(buf, NULL, 10);
    return rc;
}

int cp_records_centre_init(cp_records *db, cp_error *err)
{
    cp_error_clear(err);
    if (!db->c->drv->centre_init)
        return cp_error_set(err, db->path, 0,
                            "a centre's roles need a PostgreSQL server (a postgresql:// URI), "
                            "not a file");
    return db->c->drv->centre_init(db->c, err);
}

int cp_records_centre_grant(cp_records *db, const char *login, const char *role,
                            const char *trainee, const char *password, cp_error *err)
{
    cp_error_clear(err);
    if (!db->c->drv->centre_grant)
        return cp_error_set(err, db->path, 0,
                            "a centre's roles need a PostgreSQL server (a postgresql:// URI), "
                            "not a file");
    if (!login || !*login || strlen(login) > 63)
        return cp_error_set(err, db->path, 0, "a login name of 1 to 63 bytes is needed");
    if (!role || (strcmp(role, "seat") != 0 && strcmp(role, "trainer") != 0 &&
                  strcmp(role, "assessor") != 0))
        return cp_error_set(err, db->path, 0, "the role is seat, trainer or assessor, not '%s'",
                            role ? role : "");
    cp_trainee t = { 0 };
    if (strcmp(role, "seat") == 0) {
        if (!trainee)
            return cp_error_set(err, db->path, 0, "a seat belongs to a trainee (--trainee ID)");
        if (cp_records_trainee_find(db, trainee, &t, err) != 0)
            return -1;
    }
    return db->c->drv->centre_grant(db->c, login, role, t.id, password, err);
}

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
    rec_stmt *st = rec_prepare(db, "INSERT INTO trainees(name, staff_no, grp) VALUES(?,?,?)"
                                   " RETURNING id", err);
    if (!st)
        return -1;
    rec_bind_text(st, 1, name);
    rec_bind_text(st, 2, staff_no);
    rec_bind_text(st, 3, group ? group : "");
    int64_t got = 0;
    int rc = rec_step_id(st, &got);
    rec_finalize(st);
    if (rc == REC_CONSTRAINT_UNIQUE)
        return cp_error_set(err, db->path, 0, "工号 %s is already on the roster", staff_no);
    if (rc != REC_DONE)
        return rec_fail(db, rc, "adding a trainee", err);
    if (id)
        *id = got;
    return 0;
}

static void read_trainee(rec_stmt *st, cp_trainee *t)
{
    t->id = rec_col_int64(st, 0);
    rec_col_text(st, 1, t->name, sizeof t->name);
    rec_col_text(st, 2, t->staff_no, sizeof t->staff_no);
    rec_col_text(st, 3, t->group, sizeof t->group);
}

#define TRAINEE_COLS "SELECT id, name, staff_no, grp FROM trainees "

int cp_records_trainee_get(cp_records *db, int64_t id, cp_trainee *out, cp_error *err)
{
    cp_error_clear(err);
    rec_stmt *st = rec_prepare(db, TRAINEE_COLS "WHERE id = ?", err);
    if (!st)
        return -1;
    rec_bind_int64(st, 1, id);
    int rc = rec_step(st);
    if (rc == REC_ROW)
        read_trainee(st, out);
    rec_finalize(st);
    if (rc == REC_ROW)
        return 0;
    if (rc == REC_DONE)
        return cp_error_set(err, db->path, 0, "no trainee with id %lld", (long long)id);
    return rec_fail(db, rc, "finding a trainee", err);
}

int cp_records_trainee_find(cp_records *db, const char *key, cp_trainee *out, cp_error *err)
{
    cp_error_clear(err);
    rec_stmt *st = rec_prepare(db, TRAINEE_COLS "WHERE staff_no = ?", err);
    if (!st)
        return -1;
    rec_bind_text(st, 1, key);
    int rc = rec_step(st);
    if (rc == REC_ROW)
        read_trainee(st, out);
    rec_finalize(st);
    if (rc == REC_ROW)
        return 0;
    if (rc != REC_DONE)
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
    rec_stmt *st = rec_prepare(db, TRAINEE_COLS "ORDER BY grp, staff_no", err);
    if (!st)
        return NULL;
    size_t cap = 16;
    cp_trainee *v = cp_xmalloc(cap * sizeof *v);
    int rc;
    while ((rc = rec_step(st)) == REC_ROW) {
        if (*n == cap)
            v = cp_xrealloc(v, (cap *= 2) * sizeof *v);
        read_trainee(st, &v[(*n)++]);
    }
    rec_finalize(st);
    if (rc != REC_DONE) {
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
    rec_stmt *st = rec_prepare(db, "SELECT value FROM settings WHERE key = '" PASS_KEY "'", err);
    if (!st)
        return -1;
    int rc = rec_step(st);
    if (rc == REC_ROW)
        rec_col_text(st, 0, buf, size);
    rec_finalize(st);
    if (rc == REC_ROW)
        return 1;
    return rc == REC_DONE ? 0 : rec_fail(db, rc, "reading the passphrase", err);
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
    rec_stmt *st = rec_prepare(db, "INSERT INTO settings(key, value) VALUES('" PASS_KEY "', ?)"
                                   " ON CONFLICT(key) DO UPDATE SET value = excluded.value", err);
    if (!st)
        return -1;
    rec_bind_text(st, 1, hash);
    int rc = rec_step(st);
    rec_finalize(st);
    sodium_memzero(hash, sizeof hash);
    if (rc != REC_DONE)
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
