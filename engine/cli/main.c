/* main.c - the `counterpart` binary: dispatches to one command per file (cmd_*.c).
 * Must not: hold command logic; shared helpers live here only when every command needs them. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct command {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} command;

#define X(n, h) { #n, cmd_##n, h },
static const command COMMANDS[] = { CP_COMMANDS(X) };
#undef X

static void usage(FILE *f)
{
    fprintf(f, "usage: counterpart COMMAND [ARGS]   (counterpart COMMAND --help for more)\n\n"
               "Counterpart: role-play training for social-security service staff.\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        fprintf(f, "  %-11s %s\n", COMMANDS[i].name, COMMANDS[i].help);
    fprintf(f, "\nexit codes: 0 success, 1 a problem with the input, 2 wrong usage\n"
               "environment: COUNTERPART_SCENARIOS (scenario folder), COUNTERPART_RUBRICS,\n"
               "             COUNTERPART_FONT (window font)\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (cli_is(argv[1], "--help", "-h") || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        if (strcmp(argv[1], COMMANDS[i].name) == 0)
            return COMMANDS[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "counterpart: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}

/* ---- Shared helpers ---- */

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_scenarios_dir(void)
{
    static char found[4096];
    const char *d = getenv("COUNTERPART_SCENARIOS");
    if (d && *d)
        return d;
    if (is_dir("scenarios") || found[0])
        return found[0] ? found : "scenarios";
    /* Run from elsewhere: look beside the binary (build/ and build/san/ sit in the repo). */
    char exe[3072];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        for (int up = 0; slash && up < 3; up++) {
            *slash = '\0';
            snprintf(found, sizeof found, "%s/scenarios", exe);
            if (is_dir(found))
                return found;
            slash = strrchr(exe, '/');
        }
    }
    found[0] = '\0';
    return "scenarios";
}

const char *cli_rubrics_dir(void)
{
    static char buf[1024];
    const char *d = getenv("COUNTERPART_RUBRICS");
    if (d && *d)
        return d;
    snprintf(buf, sizeof buf, "%s/rubrics", cli_scenarios_dir());
    return buf;
}

char *cli_scenario_path(const char *arg)
{
    struct stat st;
    if (stat(arg, &st) == 0 || strchr(arg, '/') || strstr(arg, ".lua"))
        return cp_xstrdup(arg);
    return cp_xasprintf("%s/%s.lua", cli_scenarios_dir(), arg);
}

void cli_print_error(const cp_error *err)
{
    char buf[2048];
    fprintf(stderr, "counterpart: %s\n", cp_error_format(err, buf, sizeof buf));
}

bool cli_is(const char *arg, const char *a, const char *b)
{
    return (a && strcmp(arg, a) == 0) || (b && strcmp(arg, b) == 0);
}

cp_scorer *cli_load_scorer(void)
{
    cp_error err = { 0 };
    cp_scorer *sc = cp_scorer_load(cli_rubrics_dir(), &err);
    if (!sc)
        cli_print_error(&err);
    return sc;
}

cp_scenario *cli_load_scenario(const char *arg)
{
    cp_error err = { 0 };
    char *path = cli_scenario_path(arg);
    cp_scenario *sc = cp_scenario_load(path, &err);
    free(path);
    if (!sc)
        cli_print_error(&err);
    return sc;
}
