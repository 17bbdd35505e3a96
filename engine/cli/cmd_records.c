/* cmd_records.c - `counterpart records check`: every page and every reference of the records
 * database, on demand (opening the database no longer reads the whole file each time).
 * Must not: change the database, or make one where there is none. */
#include "cli_records.h"

#include <string.h>

static int usage(FILE *f, int rc)
{
    fprintf(f,
        "usage: counterpart records check [--full] [--db PATH]\n"
        "Checks the records database: every page (SQLite quick_check; --full: integrity_check,\n"
        "slower, also checks every index against its table) and every reference between\n"
        "records. Prints 'ok' or each problem found. Opening the database for other commands\n"
        "checks only its header, so run this after copying the file, after a crash, or now\n"
        "and then (a centre's year of records is checked in seconds).\n"
        "exit: 0 sound, 1 problems found or no database there, 2 usage\n");
    return rc;
}

int cmd_records(int argc, char **argv)
{
    const char *dbpath = NULL;
    bool full = false, check = false;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h"))
            return usage(stdout, 0);
        else if (cli_is(argv[i], "--db", NULL) && i + 1 < argc)
            dbpath = argv[++i];
        else if (cli_is(argv[i], "--full", NULL))
            full = true;
        else if (strcmp(argv[i], "check") == 0 && !check)
            check = true;
        else
            return usage(stderr, EXIT_USAGE);
    }
    if (!check)
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
