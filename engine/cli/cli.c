/* cli.c - what the commands share (cli.h): the scenario and rubric folders, resolving a scenario
 * argument, loading the scorer and a scenario with the error printed, error printing, argument
 * spellings, reading reply-file lines. Must not: call a command or main.c (they call it). */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

bool cli_whole(const char *cmd, const char *opt, const char *s, long min, long max, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = *s >= '0' && *s <= '9' ? strtol(s, &end, 10) : 0;
    if (!end || *end || errno == ERANGE || v < min || v > max) {
        fprintf(stderr, "counterpart %s: %s must be a whole number from %ld to %ld, not '%s'\n",
                cmd, opt, min, max, s);
        return false;
    }
    *out = v;
    return true;
}

cp_scorer *cli_load_scorer(void)
{
    cp_error err = { 0 };
    cp_scorer *sc = cp_scorer_load(cli_rubrics_dir(), &err);
    if (sc && cp_scorer_use_local(sc, &err) != 0) {
        cp_scorer_free(sc);
        sc = NULL;
    }
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

/* True for lines a reply file skips: blank ones and "--" comments. */
bool cli_skip_line(const char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    return *line == '\0' || (line[0] == '-' && line[1] == '-');
}

/* Parses "#N" into N (>0), or 0 when the line is typed text. */
int cli_choice_of(const char *line)
{
    if (line[0] != '#' || !line[1])
        return 0;
    char *end;
    long n = strtol(line + 1, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    return (*end == '\0' && n > 0 && n < 1000) ? (int)n : 0;
}
