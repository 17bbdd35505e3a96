/* cmd_records.c - `counterpart records check`: every page and every reference of the records
 * database, on demand (opening the database no longer reads the whole file each time);
 * `counterpart records copy`: a machine's records into another database (the centre's server).
 * Must not: change the checked (or copied-from) database, or make one where there is none. */
#include "cli_records.h"

#include <stdlib.h>
#include <string.h>

static int usage(FILE *f, int rc)
{
    fprintf(f,
        "usage: counterpart records check [--full] [--db PATH]\n"
        "       counterpart records copy --from FILE|URI --to URI|FILE\n"
        "       counterpart records watch [--db URI] [--count N] [--timeout SECONDS]\n"
        "Checks the records database: every page (SQLite quick_check; --full: integrity_check,\n"
        "slower, also checks every index against its table) and every reference between\n"
        "records. Prints 'ok' or each problem found. Opening the database for other commands\n"
        "checks only its header, so run this after copying the file, after a crash, or now\n"
        "and then (a centre's year of records is checked in seconds).\n"
        "copy: every record of --from (trainees, sessions, replies, results, overrides, exams,\n"
        "model changes; the passphrase when the target has none) into --to, typically a\n"
        "machine's file into the centre's postgresql:// database (created there when empty).\n"
        "Times are kept; what an earlier copy brought is recognised and not copied twice, so it\n"
        "can run again (after more practice on the machine). It checks that every source row\n"
        "has its own row in the target before committing, and prints the counts per table.\n"
        "watch (a centre's server): prints a line as each reply is recorded by any seat\n"
        "  新回复：会话 S（第 N 轮）\n"
        "until N replies came (--count) or none for SECONDS (--timeout, default 60); the server\n"
        "tells (LISTEN/NOTIFY), nothing is polled.\n"
        "exit: 0 sound (copied, watched), 1 problems found or no database there, 2 usage\n");
    return rc;
}

static int copy(const char *from, const char *to)
{
    cp_records *src = cli_open_records_existing(from);
    if (!src)
        return EXIT_PROBLEM;
    cp_records *dst = cli_open_records(to);
    if (!dst) {
        cp_records_close(src);
        return EXIT_PROBLEM;
    }
    cp_records_copy_stats st;
    cp_error err = { 0 };
    uint64_t t0 = cp_now_ns();
    int rc = cp_records_copy(src, dst, &st, &err);
    double secs = (double)(cp_now_ns() - t0) / 1e9;
    if (rc != 0) {
        cli_print_error(&err);
    } else {
        printf("copied %s -> %s (%.2f s)\n", cp_records_path(src), cp_records_path(dst), secs);
        int64_t added = 0;
        for (size_t i = 0; i < st.n; i++) {
            printf("  %-14s %8lld in the source  %8lld copied  %8lld already there\n",
                   st.t[i].table, (long long)st.t[i].source, (long long)st.t[i].added,
                   (long long)st.t[i].matched);
            added += st.t[i].added;
        }
        printf("verified: every source row has its own row in the target（已核对，%s）\n",
               added ? "复制完成" : "无新记录");
    }
    cp_records_close(dst);
    cp_records_close(src);
    return rc == 0 ? 0 : EXIT_PROBLEM;
}

static int watch(const char *dbpath, long count, long timeout)
{
    cp_records *db = cli_open_records_existing(dbpath);
    if (!db)
        return EXIT_PROBLEM;
    cp_error err = { 0 };
    int rc = 0;
    printf("等待新回复（%s）\n", cp_records_path(db));
    fflush(stdout);
    for (long got = 0; count <= 0 || got < count; got++) {
        int64_t sid = 0;
        rc = cp_records_wait_turn(db, (int)(timeout * 1000), &sid, &err);
        if (rc <= 0)
            break;
        cp_rec_session s;
        if (cp_records_session_get(db, sid, &s, NULL) == 0)
            printf("新回复：会话 %lld（%s，第 %d 轮）\n", (long long)sid, s.scenario, s.attempts);
        else
            printf("新回复：会话 %lld\n", (long long)sid);
        fflush(stdout);
        rc = 0;
    }
    if (rc < 0)
        cli_print_error(&err);
    cp_records_close(db);
    return rc < 0 ? EXIT_PROBLEM : 0;
}

int cmd_records(int argc, char **argv)
{
    const char *dbpath = NULL, *from = NULL, *to = NULL;
    bool full = false, check = false, cp = false, wt = false;
    long count = 0, timeout = 60;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h"))
            return usage(stdout, 0);
        else if (cli_is(argv[i], "--db", NULL) && i + 1 < argc)
            dbpath = argv[++i];
        else if (cli_is(argv[i], "--from", NULL) && i + 1 < argc)
            from = argv[++i];
        else if (cli_is(argv[i], "--to", NULL) && i + 1 < argc)
            to = argv[++i];
        else if (cli_is(argv[i], "--full", NULL))
            full = true;
        else if (cli_is(argv[i], "--count", NULL) && i + 1 < argc) {
            if (!cli_whole("records", "--count", argv[++i], 0, 1000000, &count))
                return EXIT_USAGE;
        } else if (cli_is(argv[i], "--timeout", NULL) && i + 1 < argc) {
            if (!cli_whole("records", "--timeout", argv[++i], 1, 86400, &timeout))
                return EXIT_USAGE;
        }
        else if (strcmp(argv[i], "check") == 0 && !check && !cp && !wt)
            check = true;
        else if (strcmp(argv[i], "copy") == 0 && !check && !cp && !wt)
            cp = true;
        else if (strcmp(argv[i], "watch") == 0 && !check && !cp && !wt)
            wt = true;
        else
            return usage(stderr, EXIT_USAGE);
    }
    if (wt) {
        if (from || to || full || timeout <= 0 || count < 0)
            return usage(stderr, EXIT_USAGE);
        return watch(dbpath, count, timeout);
    }
    if (cp) {
        if (!from || !to || dbpath || full)
            return usage(stderr, EXIT_USAGE);
        return copy(from, to);
    }
    if (!check || from || to)
        return usage(stderr, EXIT_USAGE);
    cp_records *db = cli_open_records_existing(dbpath);
    if (!db)
        return EXIT_PROBLEM;
    cp_strlist problems = { 0 };
    cp_error err = { 0 };
    uint64_t t0 = cp_now_ns();
    int rc = cp_records_check(db, full, &problems, &err);
    double secs = (double)(cp_now_ns() - t0) / 1e9;
    if (rc < 0) {
        cli_print_error(&err);
    } else if (rc == 0) {
        printf("%s: ok（%s，%.2f 秒）\n", cp_records_path(db), full ? "完整检查" : "快速检查", secs);
    } else {
        printf("%s: 发现 %zu 处问题（请从备份恢复，或把文件移开后重新导入）\n", cp_records_path(db),
               problems.n);
        for (size_t i = 0; i < problems.n; i++)
            printf("  %s\n", problems.v[i]);
    }
    cp_strlist_free(&problems);
    cp_records_close(db);
    return rc == 0 ? 0 : EXIT_PROBLEM;
}
