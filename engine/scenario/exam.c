/* exam.c - the clock-free rules of an exam: criterion weights and the per-reply time limit
 * (remaining time for the countdown, the meta of a reply submitted when time ran out).
 * Must not: read a clock (front ends measure time and pass it in), or touch the database. */
#include "cp_exam.h"

#include <string.h>

double cp_exam_weight_of(const cp_exam *ex, const char *criterion)
{
    for (size_t i = 0; i < ex->nweights; i++)
        if (strcmp(ex->weights[i].criterion, criterion) == 0)
            return ex->weights[i].weight;
    return 1.0;
}

int64_t cp_exam_remaining_ms(const cp_exam *ex, int64_t elapsed_ms)
{
    if (ex->time_limit <= 0)
        return -1;
    int64_t left = (int64_t)ex->time_limit * 1000 - (elapsed_ms > 0 ? elapsed_ms : 0);
    return left > 0 ? left : 0;
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
