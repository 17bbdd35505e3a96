/* cmd_trainee.c - `counterpart trainee add|list|import`: the roster of trainees in the records
 * database (姓名, 工号, 班组), by hand or from a CSV roster (UTF-8, UTF-8 BOM or GBK). */
#include "cli_records.h"

#include <string.h>

#include "cp_roster.h"

static int usage(FILE *f, int rc)
{
    fprintf(f,
        "usage: counterpart trainee add NAME 工号 [班组] [--db PATH]\n"
        "       counterpart trainee list [--db PATH]\n"
        "       counterpart trainee import ROSTER.csv [--db PATH]\n"
        "add puts one trainee on the roster; list prints id, 工号, 姓名, 班组 (tab-separated);\n"
        "import reads a CSV with the header 姓名,工号,班组 (UTF-8 with or without BOM, or GBK as\n"
        "Excel writes it; quoted fields may hold commas). Good rows are imported; every bad row\n"
        "is reported as FILE:LINE: problem and skipped, and the exit code is then 1. A 工号\n"
        "already on the roster takes the file's 姓名 and 班组.\n"
        "database: --db PATH or postgresql:// URI, else $COUNTERPART_DB, else the db line of\n"
        "$XDG_CONFIG_HOME/counterpart/config, else $XDG_DATA_HOME/counterpart/records.db\n"
        "exit: 0 done, 1 a problem (bad rows, duplicate 工号, database), 2 usage\n");
    return rc;
}

int cmd_trainee(int argc, char **argv)
{
    const char *dbpath = NULL, *pos[5] = { 0 };
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h"))
            return usage(stdout, 0);
        else if (cli_is(argv[i], "--db", NULL) && i + 1 < argc)
            dbpath = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "counterpart trainee: unknown option '%s'\n", argv[i]);
            return usage(stderr, EXIT_USAGE);
        } else if (npos < 5)
            pos[npos++] = argv[i];
        else
            return usage(stderr, EXIT_USAGE);
    }
    if (npos < 1)
        return usage(stderr, EXIT_USAGE);
    const char *sub = pos[0];
    bool add = strcmp(sub, "add") == 0, list = strcmp(sub, "list") == 0,
         import = strcmp(sub, "import") == 0;
    if ((add && (npos < 3 || npos > 4)) || (list && npos != 1) || (import && npos != 2) ||
        (!add && !list && !import))
        return usage(stderr, EXIT_USAGE);

    cp_roster *roster = NULL;
    cp_error err = { 0 };
    if (import) {   /* read the file first: a bad file touches no database */
        roster = cp_roster_load(pos[1], &err);
        if (!roster) {
            cli_print_error(&err);
            return EXIT_PROBLEM;
        }
    }
    cp_records *db = list ? cli_open_records_existing(dbpath) : cli_open_records(dbpath);
    if (!db) {
        cp_roster_free(roster);
        return EXIT_PROBLEM;
    }
    int rc = 0;
    if (add) {
        int64_t id;
        if (cp_records_trainee_add(db, pos[1], pos[2], npos > 3 ? pos[3] : "", &id, &err) != 0) {
            cli_print_error(&err);
            rc = EXIT_PROBLEM;
        } else {
            printf("added trainee %lld: %s %s %s\n", (long long)id, pos[2], pos[1], npos > 3 ? pos[3] : "");
        }
    } else if (list) {
        size_t n;
        cp_trainee *t = cp_records_trainees(db, &n, &err);
        if (!t) {
            cli_print_error(&err);
            rc = EXIT_PROBLEM;
        }
        for (size_t i = 0; t && i < n; i++)
            printf("%lld\t%s\t%s\t%s\n", (long long)t[i].id, t[i].staff_no, t[i].name, t[i].group);
        free(t);
    } else {
        for (size_t i = 0; i < roster->nproblems; i++)
            cli_print_error(&roster->problems[i]);
        cp_roster_report rep;
        if (cp_records_import_roster(db, roster, &rep, &err) != 0) {
            cli_print_error(&err);
            rc = EXIT_PROBLEM;
        } else {
            printf("%s (%s): %d added, %d updated, %d unchanged, %zu skipped\n", pos[1],
                   roster->encoding, rep.added, rep.updated, rep.unchanged, roster->nproblems);
            if (roster->nproblems)
                rc = EXIT_PROBLEM;
        }
    }
    cp_roster_free(roster);
    cp_records_close(db);
    return rc;
}
