/* records_backend.h - where a unit test's records live: a file in its temporary folder, or, when
 * COUNTERPART_TEST_PG names a PostgreSQL database (tests/pg/test_pg_units.sh sets it, on a
 * throwaway server), that database emptied before each test - so the records tests run on both
 * backends. A test that looks inside with SQLite's own API starts with SQLITE_ONLY(): skipped
 * (and counted) on PostgreSQL, where tests/pg/test_pg.sh checks the same rules with psql.
 * Also the fixtures those tests share: their temporary folder (records_test_dir_new / _remove),
 * die() and open_ok(), and the files they read and write (reply_line, write_text).
 * Include it after <cmocka.h>. */
#ifndef CP_TEST_RECORDS_BACKEND_H
#define CP_TEST_RECORDS_BACKEND_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp_records.h"

static inline int records_on_pg(void)
{
    const char *pg = getenv("COUNTERPART_TEST_PG");
    return pg && *pg;
}

#define SQLITE_ONLY()                                                                        \
    do {                                                                                     \
        if (records_on_pg())                                                                 \
            skip();                                                                          \
    } while (0)

/* Writes the records' path (dir/r.db) or URI into buf; on PostgreSQL empties the database.
 * 0, or -1 when the server refuses. */
static inline int records_test_path(char *buf, size_t size, const char *dir)
{
    if (!records_on_pg()) {
        snprintf(buf, size, "%s/r.db", dir);
        return 0;
    }
    const char *uri = getenv("COUNTERPART_TEST_PG");
    snprintf(buf, size, "%s", uri);
    PGconn *c = PQconnectdb(uri);
    PGresult *r = c && PQstatus(c) == CONNECTION_OK
                      ? PQexec(c, "SET client_min_messages = warning;"
                                  " DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public")
                      : NULL;
    int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "records_test_path: %s\n", c ? PQerrorMessage(c) : "no memory");
    PQclear(r);
    PQfinish(c);
    return ok ? 0 : -1;
}

/* Makes the test's temporary folder, /tmp/cp_<tag>_XXXXXX, into dir and the records' path or URI
 * in it into path (records_test_path). 0, or -1. */
static inline int records_test_dir_new(char *dir, size_t ndir, const char *tag, char *path,
                                       size_t npath)
{
    int len = snprintf(dir, ndir, "/tmp/cp_%s_XXXXXX", tag);
    if (len < 0 || (size_t)len >= ndir || !mkdtemp(dir))
        return -1;
    return records_test_path(path, npath, dir);
}

/* Removes the temporary folder dir and all in it. 0, or -1. */
static inline int records_test_dir_remove(const char *dir)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Fails the running test with err's message. */
static inline void die(const cp_error *err)
{
    char buf[2048];
    fail_msg("%s", cp_error_format(err, buf, sizeof buf));
}

/* A new handle on the records at path (waiting up to 200 ms on a busy database); the test fails
 * when they do not open. */
static inline cp_records *open_ok(const char *path)
{
    cp_error err = { 0 };
    cp_records *db = cp_records_open(path, 200, &err);
    if (!db)
        die(&err);
    return db;
}

/* Line k (0-based) of a scenario's resolved reply script (malloc'd), NULL past its end. */
static inline char *reply_line(const char *scenario, size_t k)
{
    char path[256], buf[4096];
    snprintf(path, sizeof path, "scenarios/replies/%s/resolved.txt", scenario);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *out = NULL;
    for (size_t i = 0; fgets(buf, sizeof buf, f); i++)
        if (i == k) {
            buf[strcspn(buf, "\r\n")] = '\0';
            out = strdup(buf);
            break;
        }
    fclose(f);
    return out;
}

/* Writes text to the file at path (the test fails when it cannot). */
static inline void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

#endif
