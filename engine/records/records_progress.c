/* records_progress.c - cp_records_progress for the SQLite records: reads, for one trainee, every
 * focus criterion's result of each counted attempt (overrides applied) in session order, and
 * fills the progress the backend-neutral code reads (engine/records/progress.c).
 * Must not: compute rates or recommendations (progress.c does). */
#include "records_int.h"
#include "records/progress_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct prow {
    size_t sess;
    char *crit;
    bool met;
} prow;

cp_progress *cp_records_progress(cp_records *db, int64_t trainee, cp_error *err)
{
    cp_error_clear(err);
    if (rec_may_view(db, trainee, err) != 0)
        return NULL;
    rec_stmt *st = rec_prepare(db,
        "SELECT s.id, s.scenario, t.id, r.criterion, r.met FROM sessions s"
        " JOIN turns t ON t.session_id = s.id JOIN turn_results r ON r.turn_id = t.id"
        " WHERE s.trainee_id = ? AND r.focus = 1"
        " AND t.attempt = (SELECT max(u.attempt) FROM turns u WHERE u.session_id = t.session_id"
        "   AND u.seq = t.seq)"
        " ORDER BY s.id, t.seq", err);
    if (!st)
        return NULL;
    rec_bind_int64(st, 1, trainee);
    cp_progress *p = cp_xcalloc(1, sizeof *p);
    prow *rows = NULL;
    size_t nrows = 0, cap = 0;
    int64_t last = 0;
    int rc;
    while ((rc = rec_step(st)) == REC_ROW) {
        int64_t sid = rec_col_int64(st, 0);
        if (sid != last) {
            p->sess = cp_xrealloc(p->sess, (p->nsess + 1) * sizeof *p->sess);
            p->sess[p->nsess++] = sid;
            cp_strlist_push(&p->scenarios, rec_col_str(st, 1));
            last = sid;
        }
        const char *crit = rec_col_str(st, 3);
        int ov = rec_override_of(db, rec_col_int64(st, 2), crit, NULL, 0, NULL, 0, NULL, 0);
        if (nrows == cap)
            rows = cp_xrealloc(rows, (cap = cap ? cap * 2 : 64) * sizeof *rows);
        rows[nrows].sess = p->nsess - 1;
        rows[nrows].crit = cp_xstrdup(crit);
        rows[nrows].met = ov >= 0 ? ov == 1 : rec_col_int(st, 4) != 0;
        nrows++;
        if (!cp_strlist_has(&p->criteria, crit))
            cp_strlist_push(&p->criteria, crit);
    }
    rec_finalize(st);
    if (rc != REC_DONE) {
        rec_fail(db, rc, "reading progress", err);
        for (size_t i = 0; i < nrows; i++)
            free(rows[i].crit);
        free(rows);
        cp_progress_free(p);
        return NULL;
    }
    if (p->criteria.n > 1)
        qsort(p->criteria.v, p->criteria.n, sizeof *p->criteria.v, cp_progress_cmp_str);
    size_t cells = p->criteria.n * p->nsess;
    p->met = cp_xcalloc(cells + 1, sizeof *p->met);
    p->total = cp_xcalloc(cells + 1, sizeof *p->total);
    for (size_t i = 0; i < nrows; i++) {
        size_t c = cp_progress_find(p, rows[i].crit);
        p->total[c * p->nsess + rows[i].sess]++;
        p->met[c * p->nsess + rows[i].sess] += rows[i].met;
        free(rows[i].crit);
    }
    free(rows);
    return p;
}
