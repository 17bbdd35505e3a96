/* cli_records.c - the record-keeping commands' shared helpers: opening the database and reading
 * the assessor passphrase without echo. Must not: print or log a passphrase. */
#include "cli_records.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static cp_records *open_db(const char *dbpath, unsigned flags);

/* A centre's server away at opening (stopped, starting, restarting): how long a command waits
 * for it, in all, unless COUNTERPART_DB_WAIT_MS says otherwise (0: not at all). */
#define CLI_DB_WAIT_MS 60000

static cli_db_env db_env;
static bool db_env_read;

int cli_db_env_check(void)
{
    long busy, wait, retries, retry_ms;
    cp_error err = { 0 };
    if (cp_env_whole("COUNTERPART_DB_BUSY_MS", 0, CLI_ENV_MS_MAX, "milliseconds", &busy, &err) ||
        cp_env_whole("COUNTERPART_DB_WAIT_MS", CLI_DB_WAIT_MS, CLI_ENV_MS_MAX, "milliseconds", &wait,
                     &err) ||
        cp_env_whole("COUNTERPART_DB_RETRIES", 5, CLI_ENV_TRIES_MAX, "tries", &retries, &err) ||
        cp_env_whole("COUNTERPART_DB_RETRY_MS", 1000, CLI_ENV_MS_MAX, "milliseconds", &retry_ms,
                     &err)) {
        cli_print_error(&err);
        return -1;
    }
    db_env = (cli_db_env){ (int)busy, (int)wait, (int)retries, retry_ms };
    db_env_read = true;
    return 0;
}

const cli_db_env *cli_db_env_get(void)
{
    if (!db_env_read && cli_db_env_check() != 0)
        exit(EXIT_USAGE);
    return &db_env;
}

/* Before each pause: the same 正在重新连接 a seat shows when its server goes away mid-session,
 * with the server's (or libpq's) words as the technical part. */
static void say_waiting(void *arg, int tries, int pause_ms, int waited_ms, const cp_error *why)
{
    (void)arg;
    const char *colon = strstr(why->msg, "server: ");
    char m[sizeof why->msg];
    snprintf(m, sizeof m, "%s", colon ? colon + 8 : why->msg);
    for (char *p = m; *p; p++)   /* libpq's hint comes after a tab */
        if (*p == '\t')
            *p = ' ';
    fprintf(stderr, "暂时连不上记录服务器，正在重新连接：%.1f 秒后重试（第 %d 次，已等 %.0f 秒）… "
                    "技术信息：%s\n",
            pause_ms / 1000.0, tries, waited_ms / 1000.0, m);
    fflush(stderr);
}

cp_records *cli_open_records(const char *dbpath) { return open_db(dbpath, 0); }

cp_records *cli_open_records_existing(const char *dbpath)
{
    return open_db(dbpath, CP_RECORDS_EXISTING);
}

static cp_records *open_db(const char *dbpath, unsigned flags)
{
    char path[4096];
    cp_error err = { 0 };
    if (!dbpath) {
        if (cp_records_default_path(path, sizeof path, &err) != 0) {
            cli_print_error(&err);
            return NULL;
        }
        dbpath = path;
    }
    const cli_db_env *env = cli_db_env_get();
    cp_records_wait w = { .total_ms = env->wait_ms, .say = say_waiting };
    cp_records *db = cp_records_open_wait(dbpath, env->busy_ms, flags, &w, &err);
    if (!db)
        cli_print_error(&err);
    else if (w.attempts) {
        fprintf(stderr, "已重新连接记录服务器（重试 %d 次）。\n", w.attempts);
        fflush(stderr);
    }
    return db;
}

void cli_free_secret(char *s)
{
    if (!s)
        return;
    sodium_memzero(s, strlen(s));
    free(s);
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

char *cli_read_passphrase(const char *file, const char *prompt)
{
    if (file) {
        cp_error err = { 0 };
        size_t len;
        char *s = cp_read_file(file, 4096, &len, &err);
        if (!s) {
            cli_print_error(&err);
            return NULL;
        }
        char *nl = strchr(s, '\n');
        if (nl)
            *nl = '\0';
        chomp(s);
        return s;
    }
    const char *env = getenv("COUNTERPART_PASSPHRASE");
    if (env)
        return cp_xstrdup(env);
    FILE *tty = fopen("/dev/tty", "r+");
    if (!tty || !isatty(fileno(tty))) {
        if (tty)
            fclose(tty);
        fprintf(stderr, "counterpart: the assessor passphrase is needed: use --passphrase-file FILE"
                        " or COUNTERPART_PASSPHRASE, or run on a terminal\n");
        return NULL;
    }
    fprintf(tty, "%s", prompt);
    fflush(tty);
    struct termios old, quiet;
    bool restore = tcgetattr(fileno(tty), &old) == 0;
    if (restore) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
    }
    char buf[1024];
    char *got = fgets(buf, sizeof buf, tty);
    if (restore)
        tcsetattr(fileno(tty), TCSAFLUSH, &old);
    fprintf(tty, "\n");
    fclose(tty);
    char *s = got ? (chomp(buf), cp_xstrdup(buf)) : NULL;
    sodium_memzero(buf, sizeof buf);
    if (!s)
        fprintf(stderr, "counterpart: no passphrase given\n");
    return s;
}

int cli_unlock(cp_records *db, const char *file)
{
    if (!cp_records_has_passphrase(db)) {
        fprintf(stderr, "counterpart: %s: no assessor passphrase is set (counterpart passphrase set)\n",
                cp_records_path(db));
        return -1;
    }
    char *pass = cli_read_passphrase(file, "assessor passphrase: ");
    if (!pass)
        return -1;
    cp_error err = { 0 };
    int rc = cp_records_unlock(db, pass, &err);
    cli_free_secret(pass);
    if (rc != 0)
        cli_print_error(&err);
    return rc;
}

int cli_find_trainee(cp_records *db, const char *key, cp_trainee *out)
{
    cp_error err = { 0 };
    if (cp_records_trainee_find(db, key, out, &err) != 0) {
        cli_print_error(&err);
        return -1;
    }
    return 0;
}

const char *cli_actor(const char *by)
{
    if (by && *by)
        return by;
    const char *u = getenv("USER");
    return u && *u ? u : "assessor";
}
