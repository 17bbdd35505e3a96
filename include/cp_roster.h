/* cp_roster.h - a class roster from a CSV file with the header 姓名,工号,班组 (any order, extra
 * columns ignored, 班组 optional): UTF-8 with or without a BOM, or GBK/GB18030 as Excel on
 * Chinese Windows writes it (detected: not valid UTF-8 -> converted from GB18030 with iconv).
 * Quoted fields (commas, doubled quotes, line breaks) follow RFC 4180.
 * Policy: good rows import, bad rows are reported one per line as "file:line: problem" and
 * skipped; the import reports how many rows were added, updated, unchanged and skipped, and the
 * CLI exits 1 when any row was skipped so a script notices. */
#ifndef CP_ROSTER_H
#define CP_ROSTER_H

#include "cp_common.h"
#include "cp_records.h"

typedef struct cp_roster_row {
    int line;                   /* line of the file the row starts on */
    char *name, *staff_no, *group;   /* owned by the roster; group "" when absent */
} cp_roster_row;

typedef struct cp_roster {
    char *path;
    const char *encoding;       /* "UTF-8", "UTF-8 with BOM" or "GB18030" (static) */
    cp_roster_row *rows;        /* good rows */
    size_t nrows;
    cp_error *problems;         /* one per bad row, file:line: message */
    size_t nproblems;
} cp_roster;

/* Parses a roster from memory (name is used in messages). A file that cannot be read as a
 * roster at all (no header, UTF-16, undecodable bytes) returns NULL with err; otherwise the
 * roster holds the good rows and the per-row problems. Caller frees with cp_roster_free. */
cp_roster *cp_roster_parse(const char *name, const char *data, size_t len, cp_error *err);
/* Reads and parses a roster file. */
cp_roster *cp_roster_load(const char *path, cp_error *err);
/* Frees a roster; NULL is a no-op. */
void cp_roster_free(cp_roster *r);

typedef struct cp_roster_report {
    int added, updated, unchanged;   /* a known 工号 gets the file's name and 班组 */
} cp_roster_report;

/* Imports the good rows in one transaction (all or none of the good rows on a database error).
 * Returns 0 with rep filled, or -1 with err. */
int cp_records_import_roster(cp_records *db, const cp_roster *r, cp_roster_report *rep,
                             cp_error *err);

#endif
