/* cmd_centre.c - `counterpart centre`: a training centre on one PostgreSQL database. `init`
 * creates the records' schema and the three roles (seat, trainer, assessor) the server enforces;
 * `grant` gives a login one of them (a seat tied to its trainee).
 * Must not: take a password on the command line (a file, read once, or libpq's own files). */
#include "cli_records.h"

#include <string.h>

static int usage(FILE *f, int rc)
{
    fprintf(f,
        "usage: counterpart centre init URI\n"
        "       counterpart centre grant URI LOGIN seat|trainer|assessor [--trainee ID]\n"
        "                                [--password-file FILE]\n"
        "A training centre keeps every seat's records on one PostgreSQL server. URI is libpq's:\n"
        "postgresql://[user@]host[:port]/dbname[?sslmode=verify-full&...] (postgres:// too);\n"
        "passwords come from libpq's password file (~/.pgpass, PGPASSFILE) or service file\n"
        "(~/.pg_service.conf, service=NAME), never from the command line.\n"
        "init (as the database's owner) creates the records' schema and the roles\n"
        "  counterpart_seat      a trainee's PC: writes and reads its own trainee's records only\n"
        "  counterpart_trainer   reads the class, keeps the roster, overrides with a comment\n"
        "  counterpart_assessor  also exams, the assessor passphrase, exports, learn\n"
        "enforced by the server (grants and row-level security). Running it again is harmless.\n"
        "grant makes LOGIN (created when missing) a member of one role; a seat belongs to the\n"
        "trainee --trainee names (工号 or id). --password-file: LOGIN's password, its first line\n"
        "(sent to the server hashed).\n"
        "exit: 0 done, 1 a problem (connection, permission, unknown trainee), 2 usage\n");
    return rc;
}

static int init(const char *uri)
{
    cp_records *db = cli_open_records(uri);
    if (!db)
        return EXIT_PROBLEM;
    cp_error err = { 0 };
    int rc = cp_records_centre_init(db, &err);
    if (rc != 0)
        cli_print_error(&err);
    else
        printf("%s: records schema v%d; roles counterpart_seat, counterpart_trainer, "
               "counterpart_assessor ready (grant them with counterpart centre grant)\n",
               cp_records_path(db), cp_records_version(db));
    cp_records_close(db);
    return rc == 0 ? 0 : EXIT_PROBLEM;
}

static int grant(const char *uri, const char *login, const char *role, const char *trainee,
                 const char *pwfile)
{
    char *pw = NULL;
    if (pwfile) {
        cp_error err = { 0 };
        size_t len;
        pw = cp_read_file(pwfile, 4096, &len, &err);
        if (!pw) {
            cli_print_error(&err);
            return EXIT_PROBLEM;
        }
        pw[strcspn(pw, "\r\n")] = '\0';
        if (!*pw) {
            fprintf(stderr, "counterpart: %s: the first line (the password) is empty\n", pwfile);
            free(pw);
            return EXIT_PROBLEM;
        }
    }
    cp_records *db = cli_open_records_existing(uri);
    if (!db) {
        cli_free_secret(pw);
        return EXIT_PROBLEM;
    }
    cp_error err = { 0 };
    int rc = cp_records_centre_grant(db, login, role, trainee, pw, &err);
    cli_free_secret(pw);
    if (rc != 0)
        cli_print_error(&err);
    else
        printf("%s: %s has the %s role%s%s\n", cp_records_path(db), login, role,
               trainee ? " for trainee " : "", trainee ? trainee : "");
    cp_records_close(db);
    return rc == 0 ? 0 : EXIT_PROBLEM;
}

int cmd_centre(int argc, char **argv)
{
    const char *pos[4] = { 0 };
    int npos = 0;
    const char *trainee = NULL, *pwfile = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h"))
            return usage(stdout, 0);
        else if (cli_is(argv[i], "--trainee", NULL) && i + 1 < argc)
            trainee = argv[++i];
        else if (cli_is(argv[i], "--password-file", NULL) && i + 1 < argc)
            pwfile = argv[++i];
        else if (argv[i][0] == '-' || npos == 4)
            return usage(stderr, EXIT_USAGE);
        else
            pos[npos++] = argv[i];
    }
    if (npos == 2 && strcmp(pos[0], "init") == 0 && !trainee && !pwfile) {
        if (!cp_records_is_uri(pos[1])) {
            fprintf(stderr, "counterpart: %s: a centre needs a PostgreSQL URI (postgresql://...), "
                            "not a file\n", pos[1]);
            return EXIT_PROBLEM;
        }
        return init(pos[1]);
    }
    if (npos == 4 && strcmp(pos[0], "grant") == 0)
        return grant(pos[1], pos[2], pos[3], trainee, pwfile);
    return usage(stderr, EXIT_USAGE);
}
