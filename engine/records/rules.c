/* rules.c - the records' rules that do not depend on where records are kept (any backend under
 * engine/records/ uses them): mode names, the hint cost, the default database (COUNTERPART_DB, a
 * `db` line in $XDG_CONFIG_HOME/counterpart/config, else the data folder's records.db), and the
 * meta of an exam reply from its time limit.
 * Must not: open, read or write a database (engine/records/records*.c do), or read a clock. */
#include "cp_records.h"
#include "cp_records_exam.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Modes ---- */

const char *cp_mode_name(cp_mode m)
{
    switch (m) {
    case CP_MODE_PRACTICE: return "practice";
    case CP_MODE_CLASSROOM: return "classroom";
    case CP_MODE_EXAM: return "exam";
    }
    return "practice";
}

int cp_mode_parse(const char *s, cp_mode *out)
{
    static const cp_mode M[] = { CP_MODE_PRACTICE, CP_MODE_CLASSROOM, CP_MODE_EXAM };
    for (size_t i = 0; i < 3; i++)
        if (s && strcmp(s, cp_mode_name(M[i])) == 0) {
            *out = M[i];
            return 0;
        }
    return -1;
}

/* ---- Paths ---- */

/* The `db` line of $XDG_CONFIG_HOME/counterpart/config (else ~/.config/counterpart/config):
 * `db = postgresql://...` or `db PATH` ('#' starts a comment). 1 found (into buf), 0 none, -1
 * err. */
static int config_db(char *buf, size_t size, cp_error *err)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    char path[4096];
    if (xdg && xdg[0] == '/')
        snprintf(path, sizeof path, "%s/counterpart/config", xdg);
    else if (home && *home)
        snprintf(path, sizeof path, "%s/.config/counterpart/config", home);
    else
        return 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[4096];
    int found = 0, lineno = 0;
    while (!found && fgets(line, sizeof line, f)) {
        lineno++;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncmp(p, "db", 2) != 0 || (p[2] != ' ' && p[2] != '\t' && p[2] != '='))
            continue;
        p += 2;
        while (*p == ' ' || *p == '\t' || *p == '=')
            p++;
        size_t n = strcspn(p, "#\r\n");
        while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        if (n == 0) {
            fclose(f);
            return cp_error_set(err, path, lineno, "the db line names no database");
        }
        if (n >= size) {
            fclose(f);
            return cp_error_set(err, path, lineno, "the db line is too long");
        }
        memcpy(buf, p, n);
        buf[n] = '\0';
        found = 1;
    }
    fclose(f);
    return found;
}

int cp_records_default_path(char *buf, size_t size, cp_error *err)
{
    const char *env = getenv("COUNTERPART_DB");
    if (!(env && *env)) {
        int c = config_db(buf, size, err);
        if (c != 0)
            return c < 0 ? -1 : 0;
    }
    return cp_data_file("COUNTERPART_DB", "records.db", "the records database (or pass --db PATH)",
                        buf, size, err);
}

/* ---- Scores and exam replies ---- */

double cp_hint_penalised(double score, double max, int hints)
{
    if (hints <= 0)
        return score;
    double s = score - hints * CP_HINT_COST * max;
    return s < 0 ? 0 : s;
}

cp_turn_meta cp_exam_turn_meta(const cp_exam *ex, int64_t elapsed_ms)
{
    cp_turn_meta m = { 0 };
    m.elapsed_ms = elapsed_ms > 0 ? elapsed_ms : 0;
    if (ex->time_limit > 0) {
        m.limit_ms = (int64_t)ex->time_limit * 1000;
        if (m.elapsed_ms >= m.limit_ms) {
            m.elapsed_ms = m.limit_ms;
            m.timed_out = true;
        }
    }
    return m;
}
