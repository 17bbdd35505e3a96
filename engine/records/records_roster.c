/* records_roster.c - cp_records_import_roster for the SQLite records: the good rows of a parsed
 * roster (engine/records/roster.c) added or updated by 工号 in one transaction, counted.
 * Must not: import part of a roster (any failure rolls the whole import back). */
#include "records_int.h"

#include <stdio.h>
#include <string.h>

#include "cp_roster.h"

int cp_records_import_roster(cp_records *db, const cp_roster *r, cp_roster_report *rep,
                             cp_error *err)
{
    cp_error_clear(err);
    memset(rep, 0, sizeof *rep);
    if (rec_begin(db, err) != 0)
        return -1;
    rec_stmt *find = rec_prepare(db, "SELECT name, grp FROM trainees WHERE staff_no = ?", err);
    rec_stmt *ins = rec_prepare(db, "INSERT INTO trainees(name, staff_no, grp) VALUES(?,?,?)", err);
    rec_stmt *upd = rec_prepare(db, "UPDATE trainees SET name = ?, grp = ? WHERE staff_no = ?", err);
    if (!find || !ins || !upd)
        goto fail;
    for (size_t i = 0; i < r->nrows; i++) {
        const cp_roster_row *row = &r->rows[i];
        rec_reset(find);
        rec_bind_text(find, 1, row->staff_no);
        int rc = rec_step(find);
        if (rc == REC_ROW) {
            const char *n = rec_col_str(find, 0);
            const char *g = rec_col_str(find, 1);
            if (strcmp(n, row->name) == 0 && strcmp(g ? g : "", row->group) == 0) {
                rep->unchanged++;
                continue;
            }
            rec_reset(upd);
            rec_bind_text(upd, 1, row->name);
            rec_bind_text(upd, 2, row->group);
            rec_bind_text(upd, 3, row->staff_no);
            rc = rec_step(upd);
            rep->updated++;
        } else if (rc == REC_DONE) {
            rec_reset(ins);
            rec_bind_text(ins, 1, row->name);
            rec_bind_text(ins, 2, row->staff_no);
            rec_bind_text(ins, 3, row->group);
            rc = rec_step(ins);
            rep->added++;
        }
        if (rc != REC_DONE) {
            char what[160];
            snprintf(what, sizeof what, "importing %s:%d", r->path, row->line);
            rec_fail(db, rc, what, err);
            goto fail;
        }
    }
    rec_finalize(find);
    rec_finalize(ins);
    rec_finalize(upd);
    return rec_commit(db, err);
fail:
    rec_finalize(find);
    rec_finalize(ins);
    rec_finalize(upd);
    rec_rollback(db);
    memset(rep, 0, sizeof *rep);
    return -1;
}
