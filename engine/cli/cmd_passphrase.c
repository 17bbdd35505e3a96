/* cmd_passphrase.c - `counterpart passphrase set`: sets or changes the assessor passphrase,
 * stored in the records database only as an Argon2id hash. Changing it needs the old one. */
#include "cli_records.h"

#include <string.h>

static int usage(FILE *f, int rc)
{
    fprintf(f,
        "usage: counterpart passphrase set [--db PATH] [--passphrase-file OLD] [--new-file NEW]\n"
        "Sets the assessor passphrase (at least 8 bytes), which starting an exam, overriding a\n"
        "result and viewing trainees' results need. Only an Argon2id hash is stored.\n"
        "The new one comes from --new-file (first line), $COUNTERPART_NEW_PASSPHRASE, or a prompt\n"
        "(asked twice). Changing it needs the current one: --passphrase-file,\n"
        "$COUNTERPART_PASSPHRASE, or a prompt.\n"
        "exit: 0 set, 1 wrong current passphrase / too short / database problem, 2 usage\n");
    return rc;
}

static char *read_new(const char *file)
{
    if (file)
        return cli_read_passphrase(file, "");
    const char *env = getenv("COUNTERPART_NEW_PASSPHRASE");
    if (env)
        return cp_xstrdup(env);
    char *a = NULL, *b = NULL;
    /* Prompts go to the terminal; the current passphrase's env variable must not answer them. */
    const char *saved = getenv("COUNTERPART_PASSPHRASE");
    char *keep = saved ? cp_xstrdup(saved) : NULL;
    unsetenv("COUNTERPART_PASSPHRASE");
    a = cli_read_passphrase(NULL, "new assessor passphrase: ");
    if (a)
        b = cli_read_passphrase(NULL, "again: ");
    if (keep) {
        setenv("COUNTERPART_PASSPHRASE", keep, 1);
        cli_free_secret(keep);
    }
    if (a && b && strcmp(a, b) != 0) {
        fprintf(stderr, "counterpart: the two passphrases differ\n");
        cli_free_secret(a);
        a = NULL;
    }
    cli_free_secret(b);
    return a;
}

int cmd_passphrase(int argc, char **argv)
{
    const char *dbpath = NULL, *oldf = NULL, *newf = NULL, *sub = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h"))
            return usage(stdout, 0);
        else if (cli_is(argv[i], "--db", NULL) && i + 1 < argc)
            dbpath = argv[++i];
        else if (cli_is(argv[i], "--passphrase-file", NULL) && i + 1 < argc)
            oldf = argv[++i];
        else if (cli_is(argv[i], "--new-file", NULL) && i + 1 < argc)
            newf = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "counterpart passphrase: unknown option '%s'\n", argv[i]);
            return usage(stderr, EXIT_USAGE);
        } else if (!sub)
            sub = argv[i];
        else
            return usage(stderr, EXIT_USAGE);
    }
    if (!sub || strcmp(sub, "set") != 0)
        return usage(stderr, EXIT_USAGE);
    cp_records *db = cli_open_records(dbpath);
    if (!db)
        return EXIT_PROBLEM;
    int rc = EXIT_PROBLEM;
    char *old = NULL, *new = NULL;
    if (cp_records_has_passphrase(db) && !(old = cli_read_passphrase(oldf, "current assessor passphrase: ")))
        goto out;
    if (!(new = read_new(newf)))
        goto out;
    cp_error err = { 0 };
    if (cp_records_passphrase_set(db, old, new, &err) != 0) {
        cli_print_error(&err);
        goto out;
    }
    printf("assessor passphrase set in %s\n", cp_records_path(db));
    rc = 0;
out:
    cli_free_secret(old);
    cli_free_secret(new);
    cp_records_close(db);
    return rc;
}
