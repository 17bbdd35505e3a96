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

/* A 工号 cell: kept as text in a spreadsheet. Excel and WPS read a bare 00123 as the number
 * 123, so a 工号 of digits is written ="00123" (a text formula the program writes itself, never
 * taken from a cell); anything else is an ordinary (defused) text cell. */
static void staff_cell(cp_bytes *b, const char *s)
{
    bool digits = *s && strlen(s) <= 64;
    for (const char *p = s; *p && digits; p++)
        digits = *p >= '0' && *p <= '9';
    if (digits)
        cp_bytes_addf(b, ",\"=\"\"%s\"\"\"", s);
    else
        cell(b, false, s);
}

/* A stored UTC time as local time ("2026-11-24 17:30"), "" when there is none. */
static void time_cell(cp_bytes *b, const char *iso)
{
    char buf[64];
    cp_time_local(iso, "%Y-%m-%d %H:%M", buf, sizeof buf);
    cell(b, false, buf);
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

/* The trainee's exam runs in one cell (scored apart from practice): "标题 72.5% 未通过（…）；…". */
static void runs_cell(cp_bytes *b, const cJSON *t)
{
    cp_bytes v = { 0 };
    const cJSON *r;
    cJSON_ArrayForEach(r, doc_get(t, "exam_runs")) {
        cp_bytes_addf(&v, "%s%s %.1f%% %s", v.len ? "；" : "", doc_str(r, "title"),
                      doc_num(r, "percent"), cJSON_IsTrue(doc_get(r, "passed")) ? "通过" : "未通过");
        const cJSON *mr = doc_get(r, "min_rating"), *wr = doc_get(r, "worst_rating");
        if (cJSON_IsFalse(doc_get(r, "outcome_ok")) && cJSON_IsNumber(mr) && cJSON_IsNumber(wr))
            cp_bytes_addf(&v, "（结局评价 %d/5 低于要求的 %d/5）", (int)wr->valuedouble,
                          (int)mr->valuedouble);
    }
    cp_bytes_add(&v, "", 1);
    cell(b, false, (const char *)v.data);
    cp_bytes_free(&v);
}

/* Whether the trainee took part at all: some session or classroom turn (else 未练习). */
static bool practised(const cJSON *t)
{
    return doc_num(doc_get(t, "summary"), "turns") > 0 || cJSON_GetArraySize(doc_get(t, "sessions")) > 0 ||
           cJSON_GetArraySize(doc_get(t, "answered_elsewhere")) > 0;
}

static void criteria_rows(const cJSON *doc, cp_bytes *b)
{
    static const char *const H[] = { "姓名", "工号", "班组", "评分项编号", "评分项", "达标次数",
                                     "考核次数", "达标率", "自动判定达标次数", "改判次数",
                                     "总得分率", "是否通过", "考试（单独计分）" };
    header(b, H, sizeof H / sizeof H[0]);
    const cJSON *criteria = doc_get(doc, "criteria");
    const cJSON *t;
    cJSON_ArrayForEach(t, doc_get(doc, "trainees")) {
        const cJSON *sum = doc_get(t, "summary");
        if (doc_num(sum, "turns") <= 0) {
            /* every member has a row: one who did not take part is neither pass nor fail */
            cell(b, true, doc_str(t, "name"));
            staff_cell(b, doc_str(t, "staff_no"));
            cell(b, false, doc_str(t, "group"));
            for (int k = 0; k < 8; k++)
                cell(b, false, "");
            cell(b, false, practised(t) ? "无作答记录" : "未练习");
            runs_cell(b, t);
            eol(b);
            continue;
        }
        int i = 0;
        const cJSON *c;
        cJSON_ArrayForEach(c, doc_get(sum, "criteria")) {
            const cJSON *crit = cJSON_GetArrayItem(criteria, i++);
            if (doc_num(c, "total") <= 0)
                continue;   /* only the criteria the trainee was examined on */
            cell(b, true, doc_str(t, "name"));
            staff_cell(b, doc_str(t, "staff_no"));
            cell(b, false, doc_str(t, "group"));
            cell(b, false, doc_str(c, "id"));
            cell(b, false, doc_str(crit, "name"));
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
            runs_cell(b, t);
            eol(b);
        }
    }
}

static int session_rows(const cJSON *doc, cp_bytes *b, cp_error *err)
{
    char tz[32], start[64], end[64];
    cp_tz_label(tz, sizeof tz);
    snprintf(start, sizeof start, "开始时间(%s)", tz);
    snprintf(end, sizeof end, "结束时间(%s)", tz);
    const char *const H[] = { "姓名", "工号", "班组", "会话编号", "情景编号", "情景", "模式",
                              "考试场次", start, end, "结果", "好差评", "得分", "满分", "得分率",
                              "轮次", "重答次数", "提示次数", "超时提交", "改判次数",
                              "评分模型" };
    header(b, H, sizeof H / sizeof H[0]);
    cJSON *t;
    cJSON_ArrayForEach(t, (cJSON *)doc_get(doc, "trainees")) {
        if (cp_export_fill(doc, t, err) != 0)   /* a trainee's turns at a time */
            return -1;
        const cJSON *s;
        cJSON_ArrayForEach(s, doc_get(t, "sessions")) {
            cell(b, true, doc_str(t, "name"));
            staff_cell(b, doc_str(t, "staff_no"));
            cell(b, false, doc_str(t, "group"));
            icell(b, doc_num(s, "id"));
            cell(b, false, doc_str(s, "scenario"));
            cell(b, false, doc_str(s, "title"));
            cell(b, false, mode_name(doc_str(s, "mode")));
            if (cJSON_IsNumber(doc_get(s, "exam_run")))
                icell(b, doc_num(s, "exam_run"));
            else
                cell(b, false, "");
            time_cell(b, doc_str(s, "started"));
            time_cell(b, doc_str(s, "ended"));
            cell(b, false, cJSON_IsString(doc_get(s, "outcome_name")) ? doc_str(s, "outcome_name") : "未完成");
            cell(b, false, doc_str(s, "rating_name"));
            ncell(b, doc_num(s, "score"), 2);
            ncell(b, doc_num(s, "max"), 2);
            cp_bytes_addf(b, ",%.1f%%", doc_num(s, "percent"));
            int counted_turns = 0, retries = 0, timed_out = 0;
            const cJSON *u;
            cJSON_ArrayForEach(u, doc_get(s, "turns")) {
                counted_turns += doc_counted(s, u);
                retries += doc_num(u, "attempt") > 1;
                timed_out += cJSON_IsTrue(doc_get(u, "timed_out"));
            }
            icell(b, counted_turns);
            icell(b, retries);
            icell(b, doc_num(s, "hints"));
            icell(b, timed_out);
            icell(b, doc_num(s, "overrides"));
            char models[256];
            doc_models(s, models, sizeof models);
            cell(b, false, models);
            eol(b);
        }
        cp_export_unfill(doc, t);
    }
    return 0;
}

int cp_export_csv(const cJSON *doc, cp_csv_rows rows, cp_bytes *out, cp_error *err)
{
    if (cp_export_validate(doc, err) != 0)
        return -1;
    cp_bytes_add(out, "\xEF\xBB\xBF", 3);
    if (rows == CP_CSV_SESSIONS)
        return session_rows(doc, out, err);
    else
        criteria_rows(doc, out);
    return 0;
}
