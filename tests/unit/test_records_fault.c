/* test_records_fault.c - faults on a seat: a genuine SQLITE_FULL (PRAGMA max_page_count) is
 * classified CP_DBERR_FULL with a plain Chinese message and the technical line, the reply stays
 * in memory and, once space is freed (the limit raised), the same commit records it exactly
 * once; a read-only database (PRAGMA query_only: SQLITE_READONLY) is CP_DBERR_DENIED; a failure
 * that is not the database's leaves no fault; PostgreSQL's SQLSTATEs map to the same kinds
 * (53100 full, other 53xxx resources, 42501 denied - row-level security named - 28xxx login,
 * 08xxx/57P0x connection, lock waits), without a server. SQLite only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "records/records_int.h"
#include "cp_session.h"

#define REPLIES "scenarios/replies/missing_materials/resolved.txt"

typedef struct env {
    char dir[64], path[128];
    cp_scorer *scorer;
    cp_scenario *sc;
    cp_records *db;
    char **lines;
    size_t nlines;
} env;

static int setup(void **st)
{
    env *e = calloc(1, sizeof *e);
    strcpy(e->dir, "/tmp/cp_fault_XXXXXX");
    if (!mkdtemp(e->dir))
        return -1;
    snprintf(e->path, sizeof e->path, "%s/r.db", e->dir);
    cp_error err = { 0 };
    e->scorer = cp_scorer_load("scenarios/rubrics", &err);
    e->sc = cp_scenario_load("scenarios/missing_materials.lua", &err);
    e->db = cp_records_open(e->path, 200, &err);
    if (!e->scorer || !e->sc || !e->db)
        return -1;
    FILE *f = fopen(REPLIES, "r");
    if (!f)
        return -1;
    e->lines = calloc(64, sizeof *e->lines);
    char buf[4096];
    while (e->nlines < 64 && fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\r\n")] = '\0';
        e->lines[e->nlines++] = strdup(buf);
    }
    fclose(f);
    *st = e;
    return 0;
}

static int teardown(void **st)
{
    env *e = *st;
    cp_records_close(e->db);
    cp_scenario_free(e->sc);
    cp_scorer_free(e->scorer);
    for (size_t i = 0; i < e->nlines; i++)
        free(e->lines[i]);
    free(e->lines);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", e->dir);
    if (system(cmd) != 0)
        return -1;
    free(e);
    return 0;
}

static cp_session *start(env *e, int64_t *sid)
{
    cp_error err = { 0 };
    int64_t tr;
    assert_int_equal(cp_records_trainee_add(e->db, "测试", "7001", "", &tr, &err), 0);
    cp_session *s = cp_session_new(e->sc, e->scorer, &err);
    assert_non_null(s);
    assert_int_equal(cp_records_session_start(e->db, tr, s, CP_MODE_PRACTICE, 0, sid, &err), 0);
    return s;
}

static void pragma(env *e, const char *sql)
{
    assert_int_equal(sqlite3_exec(RAW(e->db), sql, NULL, NULL, NULL), SQLITE_OK);
}

/* turns of sid: count, distinct seq, max attempt */
static void counts(env *e, int64_t sid, int *n, int *distinct, int *attempt)
{
    cp_error err = { 0 };
    rec_stmt *q = rec_prepare(e->db, "SELECT count(*), count(DISTINCT seq), max(attempt) FROM turns"
                                     " WHERE session_id = ?", &err);
    assert_non_null(q);
    rec_bind_int64(q, 1, sid);
    assert_int_equal(rec_step(q), REC_ROW);
    *n = rec_col_int(q, 0);
    *distinct = rec_col_int(q, 1);
    *attempt = rec_col_int(q, 2);
    rec_finalize(q);
}

static void full_disk_keeps_the_reply_and_records_it_once_when_freed(void **st)
{
    env *e = *st;
    int64_t sid;
    cp_session *s = start(e, &sid);
    cp_error err = { 0 };
    pragma(e, "PRAGMA max_page_count = 1");   /* as small as allowed: the file's present size */
    size_t i = 0;
    int rc = 0;
    for (; i < e->nlines && !cp_session_ended(s); i++) {
        assert_int_equal(cp_session_reply(s, e->lines[i], 0, &err), 0);
        if ((rc = cp_records_turn(e->db, sid, s, NULL, &err)) != 0)
            break;
    }
    assert_int_equal(rc, -1);   /* some reply needed a new page */
    assert_int_equal(cp_records_fault(e->db), CP_DBERR_FULL);
    assert_true(cp_records_fault_needs_person(CP_DBERR_FULL));
    assert_non_null(strstr(err.msg, "the disk is full"));
    char zh[1024], tech[2600];
    assert_int_equal(cp_records_fault_text(e->db, NULL, zh, sizeof zh, tech, sizeof tech),
                     CP_DBERR_FULL);
    assert_non_null(strstr(zh, "本机磁盘"));
    assert_non_null(strstr(zh, "空间已满，这条回答还没有保存"));
    assert_non_null(strstr(zh, "请通知培训师或管理员"));
    assert_non_null(strstr(tech, "SQLITE_FULL"));
    assert_non_null(strstr(tech, e->path));
    size_t kept = cp_session_nturns(s);
    int n, d, a;
    counts(e, sid, &n, &d, &a);
    assert_int_equal(n, (int)kept - 1);   /* nothing of the failed reply is on disk */
    /* still full: the retry fails the same way and writes nothing */
    assert_int_equal(cp_records_turn(e->db, sid, s, NULL, &err), -1);
    assert_int_equal(cp_records_fault(e->db), CP_DBERR_FULL);
    /* space freed: the same reply, from memory, recorded once; a second commit writes nothing */
    pragma(e, "PRAGMA max_page_count = 1000000");
    assert_int_equal(cp_records_turn(e->db, sid, s, NULL, &err), 0);
    assert_int_equal(cp_records_fault(e->db), CP_DBERR_NONE);
    assert_int_equal(cp_records_turn(e->db, sid, s, NULL, &err), 0);
    counts(e, sid, &n, &d, &a);
    assert_int_equal(n, (int)kept);
    assert_int_equal(d, (int)kept);
    assert_int_equal(a, 1);
    cp_session_free(s);
}

static void read_only_database_is_denied(void **st)
{
    env *e = *st;
    int64_t sid;
    cp_session *s = start(e, &sid);
    cp_error err = { 0 };
    assert_int_equal(cp_session_reply(s, e->lines[0], 0, &err), 0);
    pragma(e, "PRAGMA query_only = 1");
    assert_int_equal(cp_records_turn(e->db, sid, s, NULL, &err), -1);
    assert_int_equal(cp_records_fault(e->db), CP_DBERR_DENIED);
    char zh[1024], tech[2600];
    cp_records_fault_text(e->db, NULL, zh, sizeof zh, tech, sizeof tech);
    assert_non_null(strstr(zh, "记录文件不允许本机写入"));
    assert_non_null(strstr(tech, "SQLITE_READONLY"));
    pragma(e, "PRAGMA query_only = 0");
    assert_int_equal(cp_records_turn(e->db, sid, s, NULL, &err), 0);
    int n, d, a;
    counts(e, sid, &n, &d, &a);
    assert_int_equal(n, 1);
    cp_session_free(s);
}

static void a_refusal_that_is_not_the_databases_is_no_fault(void **st)
{
    env *e = *st;
    int64_t sid;
    cp_session *s = start(e, &sid);
    cp_error err = { 0 };
    assert_int_equal(cp_session_reply(s, e->lines[0], 0, &err), 0);
    pragma(e, "PRAGMA query_only = 1");
    assert_int_equal(cp_records_turn(e->db, sid, s, NULL, &err), -1);
    pragma(e, "PRAGMA query_only = 0");
    assert_int_equal(cp_records_turn(e->db, 999, s, NULL, &err), -1);   /* no such session */
    assert_int_equal(cp_records_fault(e->db), CP_DBERR_NONE);
    char zh[16] = "x", tech[16] = "x";
    assert_int_equal(cp_records_fault_text(e->db, NULL, zh, sizeof zh, tech, sizeof tech),
                     CP_DBERR_NONE);
    assert_string_equal(zh, "");
    assert_string_equal(tech, "");
    cp_session_free(s);
}

static void postgresql_sqlstates_map_to_the_same_kinds(void **st)
{
    (void)st;
    bool rls = true;
    assert_int_equal(rec_pg_fault_of("53100", "could not extend file: No space left on device", &rls),
                     CP_DBERR_FULL);
    assert_false(rls);
    assert_int_equal(rec_pg_fault_of("53200", "out of memory", NULL), CP_DBERR_RESOURCE);
    assert_int_equal(rec_pg_fault_of("53300", "too many connections", NULL), CP_DBERR_RESOURCE);
    assert_int_equal(rec_pg_fault_of("53400", "temporary file size exceeds temp_file_limit", NULL),
                     CP_DBERR_RESOURCE);
    assert_int_equal(rec_pg_fault_of("42501", "permission denied for table turns", &rls),
                     CP_DBERR_DENIED);
    assert_false(rls);
    assert_int_equal(rec_pg_fault_of("42501", "new row violates row-level security policy for "
                                              "table \"sessions\"", &rls), CP_DBERR_DENIED);
    assert_true(rls);
    assert_int_equal(rec_pg_fault_of("25006", "cannot execute INSERT in a read-only transaction",
                                     NULL), CP_DBERR_DENIED);
    assert_int_equal(rec_pg_fault_of("28P01", "password authentication failed", NULL), CP_DBERR_AUTH);
    assert_int_equal(rec_pg_fault_of("28000", "no pg_hba.conf entry", NULL), CP_DBERR_AUTH);
    assert_int_equal(rec_pg_fault_of("08006", "connection failure", NULL), CP_DBERR_CONN);
    assert_int_equal(rec_pg_fault_of("57P01", "terminating connection", NULL), CP_DBERR_CONN);
    assert_int_equal(rec_pg_fault_of("55P03", "lock not available", NULL), CP_DBERR_LOCKED);
    assert_int_equal(rec_pg_fault_of("40P01", "deadlock detected", NULL), CP_DBERR_LOCKED);
    assert_int_equal(rec_pg_fault_of("23505", "duplicate key", NULL), CP_DBERR_OTHER);
    assert_int_equal(rec_pg_fault_of(NULL, NULL, NULL), CP_DBERR_OTHER);
    assert_int_equal(rec_pg_fault_of("5", NULL, NULL), CP_DBERR_OTHER);
    assert_true(cp_records_fault_needs_person(CP_DBERR_DENIED));
    assert_true(cp_records_fault_needs_person(CP_DBERR_AUTH));
    assert_true(cp_records_fault_needs_person(CP_DBERR_RESOURCE));
    assert_false(cp_records_fault_needs_person(CP_DBERR_CONN));
    assert_false(cp_records_fault_needs_person(CP_DBERR_LOCKED));
    assert_false(cp_records_fault_needs_person(CP_DBERR_OTHER));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(full_disk_keeps_the_reply_and_records_it_once_when_freed,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(read_only_database_is_denied, setup, teardown),
        cmocka_unit_test_setup_teardown(a_refusal_that_is_not_the_databases_is_no_fault, setup,
                                        teardown),
        cmocka_unit_test(postgresql_sqlstates_map_to_the_same_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
