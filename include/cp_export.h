/* cp_export.h - score sheets for assessors. One source of truth, the score-sheet document (JSON,
 * schema "counterpart.scoresheet" version 1, docs/export-schema.md), built from the records for a
 * selection (one session, one trainee over a date range, one exam, one exam run, one group);
 * every other format is rendered from that document, never from the database:
 *   JSON  the document itself (pretty-printed, stable member order)
 *   CSV   UTF-8 with BOM, Chinese headers, one row per trainee x criterion or per session
 *   XLSX  libxlsxwriter: 汇总 sheet + one sheet per trainee
 *   PDF   cairo + pango: an A4 page per trainee, then the cohort page
 *   xAPI  one statement per session
 * Renderers produce bytes in memory; the caller signs them (cp_sign.h) and writes them with
 * cp_write_file_atomic, so a file on disk is either complete and signed or absent.
 * Knows nothing of SDL. */
#ifndef CP_EXPORT_H
#define CP_EXPORT_H

#include <cjson/cJSON.h>

#include "cp_bytes.h"
#include "cp_common.h"
#include "cp_records.h"
#include "cp_scorer.h"

#define CP_EXPORT_SCHEMA "counterpart.scoresheet"
#define CP_EXPORT_VERSION 1
/* Pass mark (percent) for selections that are not exams, unless the caller gives one. */
#define CP_EXPORT_DEFAULT_PASS 60.0
/* A criterion is named among the cohort's weakest only when answered at least this many times
 * (over every trainee's counted turns in focus): one missed reply is not a weakness. */
#define CP_EXPORT_WEAKEST_MIN 5

typedef enum cp_export_kind {
    CP_SEL_SESSION,   /* key = session id */
    CP_SEL_TRAINEE,   /* key = 工号 or id; from/to limit sessions by start date */
    CP_SEL_EXAM,      /* key = exam id (file name): every run of that exam; from/to apply */
    CP_SEL_RUN,       /* key = exam run id */
    CP_SEL_GROUP      /* key = 班组; from/to apply */
} cp_export_kind;

typedef struct cp_export_sel {
    cp_export_kind kind;
    const char *key;
    const char *from, *to;   /* "YYYY-MM-DD" inclusive, NULL = open */
    const char *assessor;    /* name printed on the sheets, NULL = "" */
    double pass_mark;        /* <= 0: the exam's, else CP_EXPORT_DEFAULT_PASS */
    const char *scenarios_dir; /* to look up scenario titles; NULL = ids only */
    const char *generated;   /* ISO 8601 time to stamp, NULL = now (tests pin it) */
} cp_export_sel;

/* Builds the score-sheet document for sel. Viewing rules are the records' (a passphrase set
 * means the handle must be unlocked). scorer gives criterion names and order (may be NULL: ids
 * as names). An empty selection (no sessions) is an error naming what was asked for. Caller
 * frees with cJSON_Delete. */
cJSON *cp_export_build(cp_records *db, const cp_scorer *scorer, const cp_export_sel *sel,
                       cp_error *err);
/* The same document built for a class of any size: every session has "turns": [] until a
 * renderer asks for one trainee's turns with cp_export_fill (and drops them with
 * cp_export_unfill), so memory stays flat with the class size. Every renderer accepts it (and a
 * complete document, for which fill and unfill do nothing). Free with cp_export_release, never
 * cJSON_Delete; the records handle must stay open until then. At most 8 at once. */
cJSON *cp_export_build_lazy(cp_records *db, const cp_scorer *scorer, const cp_export_sel *sel,
                            cp_error *err);
/* Fills trainee t (an item of doc's trainees[]) with its sessions' turns when doc was built by
 * cp_export_build_lazy; 0 and nothing done otherwise. -1 with err when the records fail. */
int cp_export_fill(const cJSON *doc, cJSON *t, cp_error *err);
/* Drops the turns cp_export_fill added (a no-op for a complete document). */
void cp_export_unfill(const cJSON *doc, cJSON *t);
/* Frees a document from cp_export_build_lazy (or cp_export_build); NULL is a no-op. */
void cp_export_release(cJSON *doc);
/* Checks that doc is a score-sheet document this program can render (schema, version, the
 * members renderers rely on). -1 with err naming the first problem (a JSON path). */
int cp_export_validate(const cJSON *doc, cp_error *err);

/* Renderers: append the file's bytes to out. -1 with err on failure. */
int cp_export_json(const cJSON *doc, cp_bytes *out, cp_error *err);
typedef enum cp_csv_rows { CP_CSV_CRITERIA, CP_CSV_SESSIONS } cp_csv_rows;
int cp_export_csv(const cJSON *doc, cp_csv_rows rows, cp_bytes *out, cp_error *err);
int cp_export_xapi(const cJSON *doc, cp_bytes *out, cp_error *err);
int cp_export_xlsx(const cJSON *doc, cp_bytes *out, cp_error *err);
/* font_family: a fontconfig family of TrueType outlines with Chinese glyphs, NULL = "WenQuanYi
 * Micro Hei". CFF faces (Noto Sans CJK) are not used: cairo 1.16's CFF subsetter damages their
 * glyphs; a family that is missing or CFF is an error naming it, never silently replaced. */
int cp_export_pdf(const cJSON *doc, const char *font_family, cp_bytes *out, cp_error *err);

#endif
