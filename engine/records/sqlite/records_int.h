/* records_int.h - what the SQLite records files (engine/records/sqlite/) share: the handle's
 * fields, statement and transaction helpers that turn SQLite codes into clear errors, and two
 * knobs for tests. Must not: be included outside engine/records/sqlite (front ends, score sheets
 * and the classroom use cp_records.h; tests may use the knobs). */
#ifndef CP_RECORDS_INT_H
#define CP_RECORDS_INT_H

#include <sqlite3.h>

#include "cp_records.h"

struct cp_records {
    sqlite3 *db;
    char *path;
    int version;
    int busy_ms;
    bool unlocked;     /* cp_records_unlock succeeded on this handle */
    int64_t self;      /* trainee whose own results need no passphrase, 0 = none */
};

/* Fills err for a failed SQLite call rc while doing `what`, naming the file; BUSY/LOCKED become
 * "locked by another program", CORRUPT/NOTADB "damaged". Returns -1. */
int rec_fail(cp_records *db, int rc, const char *what, cp_error *err);
/* Prepares sql; NULL with err on failure. */
sqlite3_stmt *rec_prepare(cp_records *db, const char *sql, cp_error *err);
/* BEGIN IMMEDIATE (waits busy_ms for a writer), COMMIT, ROLLBACK (never fails). */
int rec_begin(cp_records *db, cp_error *err);
int rec_commit(cp_records *db, cp_error *err);
void rec_rollback(cp_records *db);
/* Runs sql (no results) and reports failures as `what`. */
int rec_exec(cp_records *db, const char *sql, const char *what, cp_error *err);
/* Copies column col of st into buf ("" for NULL). */
void rec_col_text(sqlite3_stmt *st, int col, char *buf, size_t size);
/* 0 when the caller may see trainee's results (unlocked, self, or no passphrase set); else -1
 * with err. */
int rec_may_view(cp_records *db, int64_t trainee, cp_error *err);
/* 0 when assessor-only actions are allowed (passphrase set and unlocked); else -1 with err. */
int rec_need_assessor(cp_records *db, const char *action, cp_error *err);
/* Latest override of (turn, criterion): returns -1 when none, else 0/1 with by/why/at filled. */
int rec_override_of(cp_records *db, int64_t turn, const char *crit, char *by, size_t nby,
                    char *why, size_t nwhy, char *at, size_t nat);

/* Tests only: creates a new database file at schema version `version` (1..CP_RECORDS_VERSION),
 * so a migration can be tested from an old file. */
int rec_create_at_version(const char *path, int version, cp_error *err);
/* Tests only: hash passphrases with libsodium's minimum limits (fast under sanitizers). */
void rec_fast_hash_for_tests(bool on);

#endif
