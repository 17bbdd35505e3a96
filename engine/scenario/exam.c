/* exam.c - an exam as data and its clock-free rules: criterion weights, the per-reply time limit
 * (remaining time for the countdown), and freeing an exam (the Lua host loads it, the records
 * rebuild it from a run). Must not: read a clock (front ends measure time and pass it in), or
 * touch the database (exam runs are in engine/records). */
#include "cp_exam.h"

#include <stdlib.h>
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

void cp_exam_free(cp_exam *ex)
{
    if (!ex)
        return;
    free(ex->path);
    free(ex->id);
    free(ex->title);
    cp_strlist_free(&ex->scenarios);
    for (size_t i = 0; i < ex->nweights; i++)
        free(ex->weights[i].criterion);
    free(ex->weights);
    free(ex);
}
