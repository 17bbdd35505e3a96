/* records_backend.h - where a unit test's records live: a file in its temporary folder, or, when
 * COUNTERPART_TEST_PG names a PostgreSQL database (tests/pg/test_pg_units.sh sets it, on a
 * throwaway server), that database emptied before each test - so the records tests run on both
 * backends. A test that looks inside with SQLite's own API starts with SQLITE_ONLY(): skipped
 * (and counted) on PostgreSQL, where tests/pg/test_pg.sh checks the same rules with psql. */
#ifndef CP_TEST_RECORDS_BACKEND_H
#define CP_TEST_RECORDS_BACKEND_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

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

#endif
