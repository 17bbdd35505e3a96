/* records_int.h - what the backend-neutral records files (engine/records/records*.c) share: the
 * handle's fields, statement and transaction helpers over the statement layer (db.h) that turn
 * a driver's codes into clear errors, and two knobs for tests. Must not: be included outside
 * engine/records (front ends, score sheets and the classroom use cp_records.h; tests may use the
 * knobs). */
#ifndef CP_RECORDS_INT_H
#define CP_RECORDS_INT_H

#include "cp_records.h"
#include "cp_exam.h"
#include "db.h"

struct cp_records {
    rec_conn *c;       /* the driver's connection */
    const char *path;  /* c->path: what errors name */
    int version;
    int busy_ms;
    bool unlocked;     /* cp_records_unlock succeeded on this handle */
    int64_t self;      /* trainee whose own results need no passphrase, 0 = none */
    rec_fault fault;   /* the last failure since the latest rec_begin (cp_records_fault) */
    /* The start key of a session start that has not been acknowledged (cp_records_session_start
     * failed): a retry of the same start reuses it and so finds the row a commit whose answer
     * was lost did write, instead of adding a second, empty session. start_for NULL = none. */
    const void *start_for;
    int64_t start_key, start_trainee, start_run;
    int start_mode;
    char start_scenario[128];
};

/* Fills err for a failed call rc while doing `what`, naming the database (the driver's words:
 * for SQLite BUSY/LOCKED become "locked by another program", CORRUPT/NOTADB "damaged"). -1. */
int rec_fail(cp_records *db, int rc, const char *what, cp_error *err);
/* Prepares sql; NULL with err on failure. */
rec_stmt *rec_prepare(cp_records *db, const char *sql, cp_error *err);
/* BEGIN IMMEDIATE (waits busy_ms for a writer), COMMIT, ROLLBACK (never fails). */
int rec_begin(cp_records *db, cp_error *err);
int rec_commit(cp_records *db, cp_error *err);
void rec_rollback(cp_records *db);
/* Steps an INSERT ... RETURNING id: *id from its row; REC_DONE on success, else the code. */
int rec_step_id(rec_stmt *st, int64_t *id);
/* Runs sql (no results) and reports failures as `what`. */
int rec_exec(cp_records *db, const char *sql, const char *what, cp_error *err);
/* Copies column col of st into buf ("" for NULL). */
void rec_col_text(rec_stmt *st, int col, char *buf, size_t size);
/* 0 when the caller may see trainee's results (unlocked, self, or no passphrase set); else -1
 * with err. */
int rec_may_view(cp_records *db, int64_t trainee, cp_error *err);
/* 0 when assessor-only actions are allowed (passphrase set and unlocked); else -1 with err. */
int rec_need_assessor(cp_records *db, const char *action, cp_error *err);
/* Latest override of (turn, criterion): returns -1 when none, else 0/1 with by/why/at filled. */
int rec_override_of(cp_records *db, int64_t turn, const char *crit, char *by, size_t nby,
                    char *why, size_t nwhy, char *at, size_t nat);
/* Id of the exams row for ex - the exam as it is now: hash, scenarios, limits, weights (inserted
 * when new; call inside a write transaction). -1 with err on failure. */
int64_t rec_exam_row(cp_records *db, const cp_exam *ex, cp_error *err);

/* The compact JSON of the stored scorer output and session snapshots (pack.c, docs/records.md):
 * rec_pack gives "z1:" + base64 of raw deflate with the built-in dictionary, or a copy of json
 * when that is not smaller; rec_unpack gives the JSON of a stored text, packed or plain (a text
 * that does not decode is returned as stored, so the reader's parse reports it). Both return
 * malloc'd text (NULL only for NULL). rec_packed: text has the "z1:" prefix. rec_pack_dict: the
 * bytes of dictionary `version` (tests check the frozen hash), NULL for an unknown one. */
char *rec_pack(const char *json);
char *rec_unpack(const char *text);
bool rec_packed(const char *text);
const unsigned char *rec_pack_dict(int version, size_t *len);

/* Tests only: COUNTERPART_TEST_PAGE_LIMIT names a file holding a page count; while it is set,
 * the SQLite driver reads that file before each write and applies PRAGMA max_page_count (a
 * genuine SQLITE_FULL without root or a tiny file system; raising the number frees space). */

/* Tests only: creates a new database file at schema version `version` (1..CP_RECORDS_VERSION),
 * so a migration can be tested from an old file. */
int rec_create_at_version(const char *path, int version, cp_error *err);
/* Tests only: the driver's own handle (sqlite3 * for a file, PGconn * for a server), to look
 * inside or tamper; RAW casts it to sqlite3 *. */
void *rec_raw_handle(cp_records *db);
#define RAW(db) ((sqlite3 *)rec_raw_handle(db))
/* Tests only: hash passphrases with libsodium's minimum limits (fast under sanitizers). */
void rec_fast_hash_for_tests(bool on);

#endif
