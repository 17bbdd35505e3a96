/* rules.c - the records' rules that do not depend on where records are kept (any backend under
 * engine/records/ uses them): mode names, the hint cost, the default database path, and the meta
 * of an exam reply from its time limit.
 * Must not: open, read or write a database (engine/records/sqlite does), or read a clock. */
#include "cp_records.h"
#include "cp_records_exam.h"

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

int cp_records_default_path(char *buf, size_t size, cp_error *err)
{
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
