/* export_csv.c - score sheets as CSV for Excel and WPS: UTF-8 with a BOM (so the Chinese shows),
 * CRLF line ends, RFC 4180 quoting, Chinese headers. Two shapes:
 *   CP_CSV_CRITERIA  one row per trainee x criterion (met / in focus, rate, overridden results)
 *   CP_CSV_SESSIONS  one row per session (scenario, mode, times, outcome, 好差评, score, hints,
 *                    overrides, the scorer versions that graded it)
 * Rendered from the score-sheet document only. Text cells that a spreadsheet would run as a
 * formula (starting with = + - @ or a tab/CR) get a leading apostrophe (CSV injection).
 * Must not: read the records (the document is the source of truth). */
#include <stdio.h>
#include <string.h>

#include "cp_export.h"
#include "export_int.h"


/* One text cell, quoted when it must be, defused when a spreadsheet would run it. */
static void cell(cp_bytes *b, bool first, const char *s)
{
    if (!first)
        cp_bytes_add(b, ",", 1);
    bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                   s[0] == '\r';
    bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        cp_bytes_add(b, s, strlen(s));
        return;
    }
    cp_bytes_add(b, "\"", 1);
    if (formula)
        cp_bytes_add(b, "'", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            cp_bytes_add(b, "\"", 1);
        cp_bytes_add(b, p, 1);
    }
    cp_bytes_add(b, "\"", 1);
}

/* A number cell with `dec` decimals (never needs quoting). */
static void ncell(cp_bytes *b, double v, int dec) { cp_bytes_addf(b, ",%.*f", dec, v); }
static void icell(cp_bytes *b, double v) { cp_bytes_addf(b, ",%lld", (long long)v); }
static void eol(cp_bytes *b) { cp_bytes_add(b, "\r\n", 2); }

static void header(cp_bytes *b, const char *const *h, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cell(b, i == 0, h[i]);
    eol(b);
}

static const char *mode_name(const char *m)
{
    if (strcmp(m, "practice") == 0)
        return "自主练习";
    if (strcmp(m, "classroom") == 0)
        return "课堂练习";
    if (strcmp(m, "exam") == 0)
        return "考核";
    return m;
}

static void criteria_rows(const cJSON *doc, cp_bytes *b)
{
    static const char *const H[] = { "姓名", "工号", "班组", "评分项编号", "评分项", "达标次数",
                                     "考核次数", "达标率", "自动判定达标次数", "改判次数",
                                     "总得分率", "是否通过" };
    header(b, H, sizeof H / sizeof H[0]);
    const cJSON *criteria = doc_get(doc, "criteria");
    const cJSON *t;
    cJSON_ArrayForEach(t, doc_get(doc, "trainees")) {
        const cJSON *sum = doc_get(t, "summary");
        int i = 0;
        const cJSON *c;
        cJSON_ArrayForEach(c, doc_get(sum, "criteria")) {
            cell(b, true, doc_str(t, "name"));
            cell(b, false, doc_str(t, "staff_no"));
            cell(b, false, doc_str(t, "group"));
            cell(b, false, doc_str(c, "id"));
            cell(b, false, doc_str(cJSON_GetArrayItem(criteria, i++), "name"));
            icell(b, doc_num(c, "met"));
            icell(b, doc_num(c, "total"));
            if (cJSON_IsNumber(doc_get(c, "rate")))
                cp_bytes_addf(b, ",%.1f%%", 100.0 * doc_num(c, "rate"));
            else
                cell(b, false, "");
            icell(b, doc_num(c, "met_auto"));
            icell(b, doc_num(c, "overridden"));
            cp_bytes_addf(b, ",%.1f%%", doc_num(sum, "percent"));
            cell(b, false, cJSON_IsTrue(doc_get(sum, "passed")) ? "通过" : "未通过");
            eol(b);
        }
    }
}

static void session_rows(const cJSON *doc, cp_bytes *b)
{
    static const char *const H[] = { "姓名", "工号", "班组", "会话编号", "情景编号", "情景", "模式",
                                     "考试场次", "开始时间(UTC)", "结束时间(UTC)", "结果",
                                     "好差评", "得分", "满分", "得分率", "轮次", "提示次数",
                                     "改判次数", "评分模型" };
    header(b, H, sizeof H / sizeof H[0]);
    const cJSON *t;
    cJSON_ArrayForEach(t, doc_get(doc, "trainees")) {
        const cJSON *s;
        cJSON_ArrayForEach(s, doc_get(t, "sessions")) {
            cell(b, true, doc_str(t, "name"));
            cell(b, false, doc_str(t, "staff_no"));
            cell(b, false, doc_str(t, "group"));
            icell(b, doc_num(s, "id"));
            cell(b, false, doc_str(s, "scenario"));
            cell(b, false, doc_str(s, "title"));
            cell(b, false, mode_name(doc_str(s, "mode")));
            if (cJSON_IsNumber(doc_get(s, "exam_run")))
                icell(b, doc_num(s, "exam_run"));
            else
                cell(b, false, "");
            cell(b, false, doc_str(s, "started"));
            cell(b, false, doc_str(s, "ended"));
            cell(b, false, cJSON_IsString(doc_get(s, "outcome_name")) ? doc_str(s, "outcome_name") : "未完成");
            cell(b, false, doc_str(s, "rating_name"));
            ncell(b, doc_num(s, "score"), 2);
            ncell(b, doc_num(s, "max"), 2);
            cp_bytes_addf(b, ",%.1f%%", doc_num(s, "percent"));
            int counted_turns = 0;
            const cJSON *u;
            cJSON_ArrayForEach(u, doc_get(s, "turns"))
                counted_turns += doc_counted(s, u);
            icell(b, counted_turns);
            icell(b, doc_num(s, "hints"));
            icell(b, doc_num(s, "overrides"));
            char models[256];
            doc_models(s, models, sizeof models);
            cell(b, false, models);
            eol(b);
        }
    }
}

int cp_export_csv(const cJSON *doc, cp_csv_rows rows, cp_bytes *out, cp_error *err)
{
    if (cp_export_validate(doc, err) != 0)
        return -1;
    cp_bytes_add(out, "\xEF\xBB\xBF", 3);
    if (rows == CP_CSV_SESSIONS)
        session_rows(doc, out);
    else
        criteria_rows(doc, out);
    return 0;
}
