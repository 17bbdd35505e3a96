/* cmd_override.c - `counterpart override SESSION TURN CRITERION --met yes|no --why TEXT`: the
 * trainer's or assessor's correction of one criterion result, added as a record (who, when, why)
 * beside the automatic result, which is kept. Needs the assessor passphrase. */
#include "cli_records.h"

#include <string.h>

static int usage(FILE *f, int rc)
{
    fprintf(f,
        "usage: counterpart override SESSION TURN CRITERION --met yes|no --why TEXT [--by NAME]\n"
        "                            [--db PATH] [--passphrase-file FILE]\n"
        "Adds an override of CRITERION (e.g. compliance.basis) on turn TURN (1-based; its last\n"
        "attempt) of recorded session SESSION. The automatic result is kept beside it and both\n"
        "show in `counterpart history`; the latest override counts. --by defaults to $USER.\n"
        "Needs the assessor passphrase (--passphrase-file, $COUNTERPART_PASSPHRASE or a prompt).\n"
        "exit: 0 added, 1 wrong passphrase / unknown session, turn or criterion, 2 usage\n");
    return rc;
}

int cmd_override(int argc, char **argv)
{
    const char *dbpath = NULL, *passf = NULL, *met = NULL, *why = NULL, *by = NULL, *pos[3] = { 0 };
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h"))
            return usage(stdout, 0);
        else if (cli_is(argv[i], "--db", NULL) && i + 1 < argc)
            dbpath = argv[++i];
        else if (cli_is(argv[i], "--passphrase-file", NULL) && i + 1 < argc)
            passf = argv[++i];
        else if (cli_is(argv[i], "--met", NULL) && i + 1 < argc)
            met = argv[++i];
        else if (cli_is(argv[i], "--why", NULL) && i + 1 < argc)
            why = argv[++i];
        else if (cli_is(argv[i], "--by", NULL) && i + 1 < argc)
            by = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "counterpart override: unknown option '%s'\n", argv[i]);
            return usage(stderr, EXIT_USAGE);
        } else if (npos < 3)
            pos[npos++] = argv[i];
        else
            return usage(stderr, EXIT_USAGE);
    }
    char *e1, *e2;
    long long sid = npos == 3 ? strtoll(pos[0], &e1, 10) : 0;
    long turn = npos == 3 ? strtol(pos[1], &e2, 10) : 0;
    if (npos != 3 || *e1 || *e2 || sid <= 0 || turn <= 0 || turn > 100000 || !met || !why ||
        (strcmp(met, "yes") != 0 && strcmp(met, "no") != 0) || !*why)
        return usage(stderr, EXIT_USAGE);
    cp_records *db = cli_open_records_existing(dbpath);
    if (!db)
        return EXIT_PROBLEM;
    int rc = EXIT_PROBLEM;
    cp_error err = { 0 };
    int64_t id;
    if (cli_unlock(db, passf) != 0)
        goto out;
    if (cp_records_override(db, sid, (int)turn, pos[2], strcmp(met, "yes") == 0, cli_actor(by), why,
                            &id, &err) != 0) {
        cli_print_error(&err);
        goto out;
    }
    printf("override %lld: session %lld turn %ld %s -> %s by %s\n", (long long)id, sid, turn,
           pos[2], strcmp(met, "yes") == 0 ? "met" : "missed", cli_actor(by));
    rc = 0;
out:
    cp_records_close(db);
    return rc;
}
