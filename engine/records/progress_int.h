/* progress_int.h - private to the records: the fields of a cp_progress, shared by the
 * backend-neutral accessors and recommendation (progress.c) and each backend's query that fills
 * them (engine/records/records_progress.c). */
#ifndef CP_PROGRESS_INT_H
#define CP_PROGRESS_INT_H

#include "cp_progress.h"

struct cp_progress {
    cp_strlist criteria;     /* sorted */
    size_t nsess;
    int64_t *sess;
    cp_strlist scenarios;    /* scenario of each session (parallel to sess) */
    int *met, *total;        /* [crit * nsess + sess] */
};

/* qsort/bsearch comparison of two char * (criteria are kept sorted with it). */
int cp_progress_cmp_str(const void *a, const void *b);
/* Index of criterion in p->criteria (sorted), or (size_t)-1. */
size_t cp_progress_find(const cp_progress *p, const char *criterion);

#endif
