/* cli_records.h - what the record-keeping commands (trainee, history, exam, override, practice,
 * progress, passphrase) share: opening the database from --db / COUNTERPART_DB, reading the
 * assessor passphrase (--passphrase-file, COUNTERPART_PASSPHRASE, or a prompt on a terminal). */
#ifndef CP_CLI_RECORDS_H
#define CP_CLI_RECORDS_H

#include "cli.h"
#include "cp_records.h"

/* The most any of the COUNTERPART_DB_*_MS variables may say (a day), and the most retries. */
#define CLI_ENV_MS_MAX 86400000L
#define CLI_ENV_TRIES_MAX 1000L

/* How the record-keeping commands wait for and retry the database, from the environment. */
typedef struct cli_db_env {
    int busy_ms;    /* COUNTERPART_DB_BUSY_MS: a lock's wait (0, the default: CP_RECORDS_BUSY_MS) */
    int wait_ms;    /* COUNTERPART_DB_WAIT_MS: an away server's wait at opening (default 60000) */
    int retries;    /* COUNTERPART_DB_RETRIES: tries of a reply's write after the first (default 5) */
    long retry_ms;  /* COUNTERPART_DB_RETRY_MS: the first pause between them, doubling (default 1000) */
} cli_db_env;
/* Reads and checks those variables (each a whole number within a bound, or unset/empty for its
 * default); main calls it before any command runs. 0, or -1 with the error printed naming the
 * variable and its value. */
int cli_db_env_check(void);
/* The values cli_db_env_check read (read now if it was not called: a bad value then exits with
 * EXIT_USAGE). */
const cli_db_env *cli_db_env_get(void);

/* Opens the records at dbpath (NULL: the default path), waiting COUNTERPART_DB_BUSY_MS (default
 * CP_RECORDS_BUSY_MS) for a lock; prints the error and returns NULL on failure. A centre's server
 * that is away (stopped, starting up, restarting) is waited for up to COUNTERPART_DB_WAIT_MS
 * (default 60000; 0: no waiting), each pause said on stderr (正在重新连接); a refused login or
 * a missing database fails at once. */
cp_records *cli_open_records(const char *dbpath);
/* The same for commands that only read: the database must exist (a mistyped --db is an error
 * naming the path, and no empty database is made). */
cp_records *cli_open_records_existing(const char *dbpath);
/* Reads a passphrase: the first line of file (when not NULL), else $COUNTERPART_PASSPHRASE, else
 * a no-echo prompt on the terminal. Returns a heap string (caller wipes and frees with
 * cli_free_secret) or NULL with an error printed. */
char *cli_read_passphrase(const char *file, const char *prompt);
/* Wipes and frees a secret; NULL is a no-op. */
void cli_free_secret(char *s);
/* Unlocks db with the passphrase from cli_read_passphrase(file); prints the error. 0 or -1. */
int cli_unlock(cp_records *db, const char *file);
/* Finds a trainee by 工号 or id, printing the error. 0 or -1. */
int cli_find_trainee(cp_records *db, const char *key, cp_trainee *out);
/* Who is acting: --by, else $USER, else "assessor". */
const char *cli_actor(const char *by);

#endif
