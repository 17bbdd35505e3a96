/* export_xlsx.c - the XLSX score sheet (cp_export_xlsx, cp_export.h): renders a score-sheet
 * document (docs/export-schema.md, schema v1) with libxlsxwriter into a workbook in memory:
 *   汇总      one row per trainee (score, rate, pass, overrides, 达标率 per criterion)
 *   班组汇总  the cohort: per-criterion mean/sd/min/max, weakest criteria, trainees below the
 *            pass mark, then (apart) trainees with no record, a bar chart of the means
 *   姓名-工号 one sheet per trainee: summary, exam runs, one row per recorded reply with the
 *            result of every criterion (overrides marked, the automatic result kept visible)
 * libxlsxwriter 1.1.4 can only write to a file, so the workbook goes to a private temporary file
 * (mkstemp in $TMPDIR or /tmp) that is read back and unlinked on every path.
 * Reads only the document, never the database; knows nothing of SDL. */
#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "cp_export.h"
#include "cp_utf8.h"
#include "export_int.h"

/* ---- Context, errors, document access ---------------------------------------------------- */

enum { J_NUM = 1, J_STR = 2, J_BOOL = 4, J_ARR = 8, J_OBJ = 16, J_NULL = 32 };

#define XLSX_MAX_CELL 32000    /* bytes; Excel's limit is 32767 characters */
#define XLSX_MAX_WIDTH 50.0    /* column width cap, in Excel character units */
#define XLSX_TEXT_WIDTH 40.0   /* width of the wrapped long-text columns */
#define XLSX_LINE_HEIGHT 16.0  /* points per wrapped line (CJK glyphs are taller than Latin) */
#define XLSX_MAX_OUTPUT (512u * 1024u * 1024u)

typedef struct xsheet {
    lxw_worksheet *ws;
    double *w;     /* widest content per column, display units */
    double *fixed; /* > 0: fixed width (wrapped columns) */
    int ncols;
    int hr; /* the table's header row, -1 none */
    bool print;      /* print_setup at sheet_finish (every sheet but 班组汇总's chart page) */
    int keep;        /* columns repeated on every printed page when the sheet is too wide */
    double width_pt; /* the columns' total width, points (sheet_finish) */
} xsheet;

typedef struct xctx {
    lxw_workbook *wb;
    cp_error *err;
    bool failed;
    cp_strlist keep;   /* strings handed to libxlsxwriter, freed after workbook_close */
    cp_strlist sheets; /* sheet names used so far */
    const cJSON *criteria;
    int ncrit;
    lxw_format *title, *sub, *head, *text, *wrap, *num1, *intf, *pct, *label;
    lxw_format *pass, *fail, *met, *unmet, *over, *grey, *grey_wrap, *grey_num1, *weak;
} xctx;

static int fail(xctx *x, const char *fmt, ...) CP_PRINTF(2, 3);
static int fail(xctx *x, const char *fmt, ...)
{
    if (x->failed)
        return -1;
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    x->failed = true;
    return cp_error_set(x->err, "", 0, "%s", msg);
}

static void lxw_check(xctx *x, lxw_error e)
{
    if (e != LXW_NO_ERROR)
        fail(x, "生成 XLSX 失败：%s", lxw_strerror(e));
}

static const char *kind_name(int kind)
{
    if (kind & J_NUM)
        return "数字";
    if (kind & J_STR)
        return "字符串";
    if (kind & J_BOOL)
        return "true/false";
    if (kind & J_ARR)
        return "数组";
    return "对象";
}

/* Member key of obj (path names obj in the document) with one of the types in kind; NULL (and
 * the first error recorded) when missing or of another type. A JSON null is returned as NULL
 * without an error when kind allows J_NULL. */
static const cJSON *need(xctx *x, const cJSON *obj, const char *path, const char *key, int kind)
{
    const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
    if (v && cJSON_IsNull(v) && (kind & J_NULL))
        return NULL;
    bool ok = v && (((kind & J_NUM) && cJSON_IsNumber(v)) || ((kind & J_STR) && cJSON_IsString(v)) ||
                    ((kind & J_BOOL) && cJSON_IsBool(v)) || ((kind & J_ARR) && cJSON_IsArray(v)) ||
                    ((kind & J_OBJ) && cJSON_IsObject(v)));
    if (!ok) {
        fail(x, "评分表文档无法导出为 XLSX：%s%s%s %s（应为%s）", path, *path ? "." : "", key,
             v ? "类型不对" : "缺失", kind_name(kind));
        return NULL;
    }
    return v;
}

static double num(xctx *x, const cJSON *obj, const char *path, const char *key)
{
    const cJSON *v = need(x, obj, path, key, J_NUM);
    return v ? v->valuedouble : 0.0;
}

static const char *str(xctx *x, const cJSON *obj, const char *path, const char *key)
{
    const cJSON *v = need(x, obj, path, key, J_STR);
    return v ? v->valuestring : "";
}

static bool boolean(xctx *x, const cJSON *obj, const char *path, const char *key)
{
    const cJSON *v = need(x, obj, path, key, J_BOOL);
    return v && cJSON_IsTrue(v);
}

/* Optional number: true and *out set when present and not null. */
static bool optnum(xctx *x, const cJSON *obj, const char *path, const char *key, double *out)
{
    const cJSON *v = need(x, obj, path, key, J_NUM | J_NULL);
    if (!v)
        return false;
    *out = v->valuedouble;
    return true;
}

static const cJSON *arr(xctx *x, const cJSON *obj, const char *path, const char *key)
{
    return need(x, obj, path, key, J_ARR);
}

/* ---- Text helpers ------------------------------------------------------------------------ */

/* A copy of s that Excel accepts: well-formed UTF-8, no control characters but tab and newline,
 * at most XLSX_MAX_CELL bytes (cut at a code point, marked with "…"). Caller frees. */
static char *clean(const char *s)
{
    size_t len = strlen(s), o = 0;
    char *out = cp_xmalloc(len * 3 + 8);
    for (size_t i = 0; i < len;) {
        uint32_t c;
        size_t n = cp_utf8_decode(s + i, len - i, &c);
        i += n;
        if (c < 0x20 && c != '\t' && c != '\n')
            c = ' ';
        if (c == 0xFFFE || c == 0xFFFF)
            c = 0xFFFD;
        char enc[4];
        size_t m = cp_utf8_encode(c, enc);
        if (o + m > XLSX_MAX_CELL) {
            o += cp_utf8_encode(0x2026, out + o);
            break;
        }
        memcpy(out + o, enc, m);
        o += m;
    }
    out[o] = 0;
    return out;
}

static bool wide(uint32_t c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

/* Display width of the widest line of s: CJK and full-width characters count 2, others 1.
 * With wrap > 0, *lines gets the number of lines s takes when wrapped at wrap units. */
static double text_width(const char *s, double wrap, int *lines)
{
    size_t len = strlen(s), i = 0;
    double best = 0, cur = 0;
    int nl = 0;
    for (;;) {
        uint32_t c = '\n';
        bool end = i >= len;
        if (!end)
            i += cp_utf8_decode(s + i, len - i, &c);
        if (c == '\n') { /* a line ends */
            if (cur > best)
                best = cur;
            nl += wrap > 0 && cur > wrap ? (int)((cur + wrap - 1) / wrap) : 1;
            cur = 0;
            if (end)
                break;
            continue;
        }
        cur += wide(c) ? 2 : 1;
    }
    if (lines)
        *lines = nl;
    return best;
}

/* A stored UTC time in local time, "2026-11-24 17:30" (cp_tz_default; the zone is named in
 * the title rows). */
static void human_time(const char *iso, char *buf, size_t size)
{
    cp_time_local(iso, "%Y-%m-%d %H:%M", buf, size);
}

/* ---- Sheets and cells -------------------------------------------------------------------- */

/* Printing on A4 landscape, legible: the sheet is printed at a fixed scale, never below
 * PRINT_MIN_SCALE (11 pt text stays >= 9 pt), never fitted into one page by shrinking. Rows
 * flow onto further pages with the header row repeated (s->hr); a sheet wider than a page at
 * that scale continues on further pages with its first s->keep columns (姓名, 工号) repeated. */
#define A4_LANDSCAPE_PT 741.0  /* 297 mm less Excel's default 0.7 in margins */
#define PRINT_MIN_SCALE 82     /* 11 pt x 82% = 9 pt */
static void print_setup(xctx *x, xsheet *s)
{
    worksheet_set_landscape(s->ws);
    worksheet_set_paper(s->ws, 9);
    int scale = 100;
    if (s->width_pt > A4_LANDSCAPE_PT)
        scale = (int)floor(100.0 * A4_LANDSCAPE_PT / s->width_pt);
    if (scale < PRINT_MIN_SCALE) {
        scale = PRINT_MIN_SCALE;
        /* libxlsxwriter keeps print titles in a fixed buffer (LXW_DEFINED_NAME_LENGTH) and
         * cuts a long one mid-character: repeat the columns only when both titles fit */
        if (s->keep > 0 && 2 * strlen(s->ws->name) + 40 < LXW_DEFINED_NAME_LENGTH)
            lxw_check(x, worksheet_repeat_columns(s->ws, 0, (lxw_col_t)(s->keep - 1)));
    }
    worksheet_set_print_scale(s->ws, (uint16_t)scale);
    if (s->hr >= 0)
        lxw_check(x, worksheet_repeat_rows(s->ws, (lxw_row_t)s->hr, (lxw_row_t)s->hr));
}

static void sheet_init(xsheet *s, lxw_worksheet *ws, int ncols)
{
    s->ws = ws;
    s->ncols = ncols;
    s->print = true;
    s->keep = 0;
    s->hr = -1;
    s->width_pt = 0;
    s->w = cp_xcalloc((size_t)ncols, sizeof *s->w);
    s->fixed = cp_xcalloc((size_t)ncols, sizeof *s->fixed);
}

/* Sets every column's width from its widest content (+2, capped; fixed columns as set). */
static void sheet_finish(xctx *x, xsheet *s)
{
    s->width_pt = 0;
    for (int c = 0; c < s->ncols && s->ws; c++) {
        double w = s->fixed[c] > 0 ? s->fixed[c] : s->w[c] + 2;
        if (w < 6)
            w = 6;
        if (w > XLSX_MAX_WIDTH)
            w = XLSX_MAX_WIDTH;
        lxw_check(x, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL));
        s->width_pt += (w * 7 + 5) * 0.75; /* Excel: a character of 11 pt Calibri is 7 px */
    }
    if (s->ws && s->print)
        print_setup(x, s);
    free(s->w);
    free(s->fixed);
    s->w = s->fixed = NULL;
}

static void track(xsheet *s, int col, double w)
{
    if (s && col >= 0 && col < s->ncols && w > s->w[col])
        s->w[col] = w;
}

/* Writes text at (row, col); s (may be NULL) tracks the column width. Returns the number of
 * lines the text takes in a fixed-width column (1 otherwise). */
static int put_str(xctx *x, xsheet *s, lxw_worksheet *ws, int row, int col, const char *text,
                   lxw_format *f)
{
    char *t = clean(text ? text : "");
    int lines = 1;
    double wrapw = s && col < s->ncols && s->fixed[col] > 0 ? s->fixed[col] - 1 : 0;
    double w = text_width(t, wrapw, &lines);
    if (s)
        track(s, col, w);
    if (*t)
        lxw_check(x, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, t, f));
    else if (f)
        lxw_check(x, worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, f));
    free(t);
    return lines;
}

/* A header cell: wrapped over two lines, so a long header only needs half its width. */
static void put_head(xctx *x, xsheet *s, int col, const char *text)
{
    put_str(x, NULL, s->ws, s->hr, col, text, x->head);
    double w = text_width(text, 0, NULL);
    track(s, col, w <= 10 ? w : (double)(int)((w + 1) / 2) + 1);
}

static void put_num(xctx *x, xsheet *s, lxw_worksheet *ws, int row, int col, double v,
                    lxw_format *f)
{
    /* the value as shown: 0.689 for 68.9%, never 0.6890000000000001 */
    if (f == x->pct)
        v = round(v * 1000) / 1000;
    else if (f == x->num1 || f == x->grey_num1)
        v = round(v * 10) / 10;
    else if (f == x->intf)
        v = round(v);
    char buf[64];
    snprintf(buf, sizeof buf, "%.1f", v);
    track(s, col, (double)strlen(buf) + 1);
    lxw_check(x, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, f));
}

/* Byte length of the longest prefix of s[0..len) that fits in max UTF-16 code units (Excel
 * measures sheet names in those: characters beyond the BMP count 2). */
static size_t cut_units(const char *s, size_t len, size_t max)
{
    size_t i = 0, units = 0;
    while (i < len) {
        uint32_t c;
        size_t n = cp_utf8_decode(s + i, len - i, &c);
        units += c >= 0x10000 ? 2 : 1;
        if (units > max)
            break;
        i += n;
    }
    return i;
}

/* A sheet name Excel accepts, unique in the workbook (case-insensitively): forbidden characters
 * []:*?/\ become "_", no leading/trailing apostrophe, at most 31 UTF-16 units. Caller frees. */
static char *sheet_name(xctx *x, const char *want)
{
    char *c = clean(want);
    for (char *p = c; *p; p++)
        if (strchr("[]:*?/\\\t\n", *p))
            *p = '_';
    char *start = c;
    while (*start == '\'')
        start++;
    size_t len = strlen(start);
    while (len && start[len - 1] == '\'')
        len--;
    char base[LXW_MAX_SHEETNAME_LENGTH];
    size_t cut = cut_units(start, len, LXW_SHEETNAME_MAX);
    while (cut && start[cut - 1] == '\'') /* the cut may expose an apostrophe */
        cut--;
    snprintf(base, sizeof base, "%.*s", (int)cut, start);
    free(c);
    if (!*base || strcasecmp(base, "History") == 0)
        snprintf(base, sizeof base, "学员");
    for (int n = 1;; n++) {
        char cand[LXW_MAX_SHEETNAME_LENGTH + 16];
        if (n == 1) {
            snprintf(cand, sizeof cand, "%s", base);
        } else {
            char suffix[16];
            int sl = snprintf(suffix, sizeof suffix, "(%d)", n);
            size_t keep = cut_units(base, strlen(base), (size_t)(LXW_SHEETNAME_MAX - sl));
            snprintf(cand, sizeof cand, "%.*s%s", (int)keep, base, suffix);
        }
        bool used = false;
        for (size_t i = 0; i < x->sheets.n && !used; i++)
            used = strcasecmp(x->sheets.v[i], cand) == 0;
        if (!used) {
            cp_strlist_push(&x->sheets, cand);
            return cp_xstrdup(cand);
        }
    }
}

static lxw_worksheet *add_sheet(xctx *x, const char *want)
{
    char *name = sheet_name(x, want);
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws)
        fail(x, "生成 XLSX 失败：无法添加工作表“%s”", name);
    else
        worksheet_set_paper(ws, 9); /* A4: what offices in China print on (default: Letter) */
    cp_strlist_push(&x->keep, name);
    free(name);
    return ws;
}

static lxw_format *fmt(xctx *x, bool bold, uint32_t fill, uint32_t color, const char *numfmt,
                       bool wrap)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (!f)
        return NULL;
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    /* Excel's default Chinese font (WPS maps it too), GB2312 charset: without it Chinese
     * cells fall back to whatever the viewer substitutes for Calibri */
    format_set_font_name(f, "等线");
    format_set_font_charset(f, 134);
    if (bold)
        format_set_bold(f);
    if (fill) {
        format_set_pattern(f, LXW_PATTERN_SOLID);
        format_set_bg_color(f, fill);
    }
    if (color)
        format_set_font_color(f, color);
    if (numfmt)
        format_set_num_format(f, numfmt);
    if (wrap)
        format_set_text_wrap(f);
    return f;
}

static void make_formats(xctx *x)
{
    x->title = fmt(x, true, 0, 0, NULL, false);
    if (x->title)
        format_set_font_size(x->title, 14);
    x->sub = fmt(x, false, 0, 0x595959, NULL, false);
    x->head = fmt(x, true, 0xDDEBF7, 0, NULL, true);
    if (x->head)
        format_set_bottom(x->head, LXW_BORDER_THIN);
    x->label = fmt(x, true, 0xF2F2F2, 0, NULL, false);
    x->text = fmt(x, false, 0, 0, NULL, false);
    x->wrap = fmt(x, false, 0, 0, NULL, true);
    x->num1 = fmt(x, false, 0, 0, "0.0", false);
    x->intf = fmt(x, false, 0, 0, "0", false);
    x->pct = fmt(x, false, 0, 0, "0.0%", false);
    x->pass = fmt(x, false, 0xC6EFCE, 0x006100, NULL, false);
    x->fail = fmt(x, false, 0xFFC7CE, 0x9C0006, NULL, false);
    x->met = fmt(x, false, 0, 0x006100, NULL, false);
    x->unmet = fmt(x, false, 0, 0x9C0006, NULL, false);
    x->over = fmt(x, true, 0xFFEB9C, 0x9C5700, NULL, false);
    x->grey = fmt(x, false, 0, 0x808080, NULL, false);
    x->grey_wrap = fmt(x, false, 0, 0x808080, NULL, true);
    x->grey_num1 = fmt(x, false, 0, 0x808080, "0.0", false);
    x->weak = fmt(x, true, 0xFFC7CE, 0x9C0006, NULL, false);
    if (!x->weak)
        fail(x, "生成 XLSX 失败：无法创建单元格格式");
}

/* Item of array a whose "id" member equals id, or NULL. */
static const cJSON *find_id(const cJSON *a, const char *id)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, a)
    {
        const cJSON *cid = cJSON_GetObjectItemCaseSensitive(c, "id");
        if (cJSON_IsString(cid) && strcmp(cid->valuestring, id) == 0)
            return c;
    }
    return NULL;
}

static const char *mode_name(const char *mode)
{
    if (strcmp(mode, "practice") == 0)
        return "练习";
    if (strcmp(mode, "classroom") == 0)
        return "课堂";
    if (strcmp(mode, "exam") == 0)
        return "考试";
    return mode;
}

/* ---- 汇总 ---------------------------------------------------------------------------------- */

static const char *const SUMMARY_HEAD[] = {"姓名", "工号", "班组", "会话数", "得分", "满分",
                                           "得分率", "是否通过", "改判次数"};
#define SUMMARY_FIXED ((int)(sizeof SUMMARY_HEAD / sizeof SUMMARY_HEAD[0]))

static void write_title(xctx *x, lxw_worksheet *ws, const cJSON *doc, const char *what)
{
    char line[1024], when[64];
    const char *label = str(x, need(x, doc, "", "selection", J_OBJ), "selection", "label");
    snprintf(line, sizeof line, "%s：%s", what, label);
    put_str(x, NULL, ws, 0, 0, line, x->title);
    const char *assessor = str(x, doc, "", "assessor");
    human_time(str(x, doc, "", "generated"), when, sizeof when);
    char tz[32];
    cp_tz_label(tz, sizeof tz);
    snprintf(line, sizeof line, "评分人：%s　　生成时间：%s　　及格线：%.1f%%　　时间均为当地时间（%s）",
             *assessor ? assessor : "（未填写）", when, num(x, doc, "", "pass_mark"), tz);
    put_str(x, NULL, ws, 1, 0, line, x->sub);
    lxw_check(x, worksheet_set_row(ws, 0, 22, NULL));
}

/* A trainee object with some session or classroom turn in the selection (else 未练习). */
static bool practised(const cJSON *t)
{
    const cJSON *sum = cJSON_GetObjectItemCaseSensitive(t, "summary");
    const cJSON *turns = cJSON_GetObjectItemCaseSensitive(sum, "turns");
    return (cJSON_IsNumber(turns) && turns->valuedouble > 0) ||
           cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(t, "sessions")) > 0 ||
           cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(t, "answered_elsewhere")) > 0;
}

/* 考试记录: every exam run of a selection that is not an exam (scored by the exam's own rule,
 * never in the practice percentages); no sheet when there is none. */
static void runs_sheet(xctx *x, const cJSON *doc, const cJSON *trainees)
{
    int nruns = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, trainees)
        nruns += cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(t, "exam_runs"));
    if (!nruns)
        return;
    lxw_worksheet *ws = add_sheet(x, "考试记录");
    if (!ws)
        return;
    static const char *const head[] = { "姓名", "工号", "班组", "考试", "开始时间", "最终得分率",
                                        "自动得分率", "及格线", "结局评价要求", "最低结局评价",
                                        "结果", "说明" };
    enum { NH = (int)(sizeof head / sizeof head[0]) };
    xsheet s;
    sheet_init(&s, ws, NH);
    s.keep = 2; /* 姓名, 工号 (a trainee sheet: 会话, 轮次) on every printed page */
    int hr = 3, row = hr + 1, i = 0;
    s.hr = hr;
    write_title(x, ws, doc, "考试记录（单独计分，不计入练习得分率）");
    for (int c = 0; c < NH; c++)
        put_head(x, &s, c, head[c]);
    cJSON_ArrayForEach(t, trainees)
    {
        char p[64];
        snprintf(p, sizeof p, "trainees[%d]", i++);
        const cJSON *r;
        int k = 0;
        cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(t, "exam_runs"))
        {
            char rp[96];
            snprintf(rp, sizeof rp, "%s.exam_runs[%d]", p, k++);
            put_str(x, &s, ws, row, 0, str(x, t, p, "name"), x->text);
            put_str(x, &s, ws, row, 1, str(x, t, p, "staff_no"), x->text);
            put_str(x, &s, ws, row, 2, str(x, t, p, "group"), x->text);
            put_str(x, &s, ws, row, 3, str(x, r, rp, "title"), x->text);
            char when[64];
            human_time(str(x, r, rp, "started"), when, sizeof when);
            put_str(x, &s, ws, row, 4, when, x->text);
            put_num(x, &s, ws, row, 5, num(x, r, rp, "percent") / 100.0, x->pct);
            put_num(x, &s, ws, row, 6, num(x, r, rp, "auto_percent") / 100.0, x->pct);
            put_num(x, &s, ws, row, 7, num(x, r, rp, "pass_mark") / 100.0, x->pct);
            const cJSON *mr = cJSON_GetObjectItemCaseSensitive(r, "min_rating");
            const cJSON *wr = cJSON_GetObjectItemCaseSensitive(r, "worst_rating");
            if (cJSON_IsNumber(mr))
                put_num(x, &s, ws, row, 8, mr->valuedouble, x->intf);
            if (cJSON_IsNumber(wr))
                put_num(x, &s, ws, row, 9, wr->valuedouble, x->intf);
            bool passed = boolean(x, r, rp, "passed");
            put_str(x, &s, ws, row, 10, passed ? "通过" : "未通过", passed ? x->pass : x->fail);
            char why[160] = "";
            if (cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r, "outcome_ok")) &&
                cJSON_IsNumber(mr) && cJSON_IsNumber(wr))
                snprintf(why, sizeof why, "结局评价 %d/5 低于考试要求的 %d/5", (int)wr->valuedouble,
                         (int)mr->valuedouble);
            else if (!boolean(x, r, rp, "complete"))
                snprintf(why, sizeof why, "未完成");
            put_str(x, &s, ws, row, 11, why, x->text);
            row++;
        }
    }
    lxw_check(x, worksheet_set_row(ws, (lxw_row_t)hr, 32, NULL));
    worksheet_freeze_panes(ws, (lxw_row_t)hr + 1, 1);
    sheet_finish(x, &s);
}

/* A workbook of at most this many trainees (a class) has a sheet of every reply per trainee */
#define DETAIL_MAX 60

static void summary_sheet(xctx *x, const cJSON *doc, const cJSON *trainees)
{
    lxw_worksheet *ws = add_sheet(x, "汇总");
    if (!ws)
        return;
    int ncols = SUMMARY_FIXED + x->ncrit, hr = 3;
    xsheet s;
    sheet_init(&s, ws, ncols);
    s.keep = 2; /* 姓名, 工号 (a trainee sheet: 会话, 轮次) on every printed page */
    s.hr = hr;
    write_title(x, ws, doc, "成绩汇总");
    for (int c = 0; c < SUMMARY_FIXED; c++)
        put_head(x, &s, c, SUMMARY_HEAD[c]);
    const cJSON *cr;
    int c = SUMMARY_FIXED, i = 0;
    cJSON_ArrayForEach(cr, x->criteria)
    {
        char p[64];
        snprintf(p, sizeof p, "criteria[%d]", i++);
        char h[600];
        snprintf(h, sizeof h, "%s 达标率", str(x, cr, p, "name"));
        put_head(x, &s, c++, h);
    }
    int row = hr + 1;
    const cJSON *t;
    i = 0;
    cJSON_ArrayForEach(t, trainees)
    {
        char p[64], sp[80];
        snprintf(p, sizeof p, "trainees[%d]", i);
        snprintf(sp, sizeof sp, "trainees[%d].summary", i++);
        const cJSON *sum = need(x, t, p, "summary", J_OBJ);
        put_str(x, &s, ws, row, 0, str(x, t, p, "name"), x->text);
        put_str(x, &s, ws, row, 1, str(x, t, p, "staff_no"), x->text);
        put_str(x, &s, ws, row, 2, str(x, t, p, "group"), x->text);
        put_num(x, &s, ws, row, 3, num(x, sum, sp, "sessions"), x->intf);
        bool record = num(x, sum, sp, "turns") > 0;
        if (record) {
            put_num(x, &s, ws, row, 4, num(x, sum, sp, "score"), x->num1);
            put_num(x, &s, ws, row, 5, num(x, sum, sp, "max"), x->num1);
            put_num(x, &s, ws, row, 6, num(x, sum, sp, "percent") / 100.0, x->pct);
            put_str(x, &s, ws, row, 7, boolean(x, sum, sp, "passed") ? "通过" : "未通过", x->text);
        } else {
            /* not taking part is neither a pass nor a fail: 未练习 (no session at all) */
            put_str(x, &s, ws, row, 7, practised(t) ? "无作答记录" : "未练习", x->grey);
        }
        put_num(x, &s, ws, row, 8, num(x, sum, sp, "overrides"), x->intf);
        const cJSON *scr = arr(x, sum, sp, "criteria");
        c = SUMMARY_FIXED;
        int k = 0;
        cJSON_ArrayForEach(cr, x->criteria)
        {
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(cr, "id");
            const cJSON *m = cJSON_IsString(id) ? find_id(scr, id->valuestring) : NULL;
            double rate;
            char mp[160];
            snprintf(mp, sizeof mp, "%s.criteria[%d]", sp, k++);
            if (m && optnum(x, m, mp, "rate", &rate))
                put_num(x, &s, ws, row, c, rate, x->pct);
            c++;
        }
        row++;
        if (x->failed)
            break;
    }
    if (cJSON_GetArraySize(trainees) > DETAIL_MAX)
        put_str(x, NULL, ws, row + 1, 0, "学员超过 60 人，未逐人列出作答明细；单人导出可见每条作答及其证据："
                                         "counterpart export --trainee 工号 --format xlsx", x->grey);
    /* 通过 green, 未通过 red, whatever filter or sort the assessor applies later */
    if (row > hr + 1) {
        lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_CELL,
                                     .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
                                     .value_string = "\"通过\"",
                                     .format = x->pass};
        lxw_check(x, worksheet_conditional_format_range(ws, (lxw_row_t)hr + 1, 7,
                                                        (lxw_row_t)row - 1, 7, &cf));
        cf.value_string = "\"未通过\"";
        cf.format = x->fail;
        lxw_check(x, worksheet_conditional_format_range(ws, (lxw_row_t)hr + 1, 7,
                                                        (lxw_row_t)row - 1, 7, &cf));
    }
    lxw_check(x, worksheet_autofilter(ws, (lxw_row_t)hr, 0,
                                      (lxw_row_t)(row > hr + 1 ? row - 1 : hr),
                                      (lxw_col_t)(ncols - 1)));
    lxw_check(x, worksheet_set_row(ws, (lxw_row_t)hr, 32, NULL));
    worksheet_freeze_panes(ws, (lxw_row_t)hr + 1, 1);
    worksheet_activate(ws);
    sheet_finish(x, &s);
}

/* ---- 班组汇总 ------------------------------------------------------------------------------ */

static void cohort_sheet(xctx *x, const cJSON *doc)
{
    const cJSON *co = need(x, doc, "", "cohort", J_OBJ);
    const cJSON *crit = arr(x, co, "cohort", "criteria");
    const cJSON *weakest = arr(x, co, "cohort", "weakest");
    const cJSON *below = arr(x, co, "cohort", "below_pass");
    /* no_record and with_record: added within version 1, absent in earlier writers' documents */
    const cJSON *norec = cJSON_GetObjectItemCaseSensitive(co, "no_record");
    if (norec)
        norec = arr(x, co, "cohort", "no_record");
    double with_record = -1;
    if (cJSON_GetObjectItemCaseSensitive(co, "with_record"))
        with_record = num(x, co, "cohort", "with_record");
    lxw_worksheet *ws = add_sheet(x, "班组汇总");
    if (!ws || x->failed)
        return;
    static const char *const head[] = {"评分项", "人数", "平均达标率", "标准差",
                                       "最低",   "最高", "薄弱项"};
    xsheet s;
    sheet_init(&s, ws, 7);
    write_title(x, ws, doc, "班组汇总");
    char line[256];
    double ntr = num(x, co, "cohort", "trainees");
    if (with_record >= 0 && with_record < ntr)
        snprintf(line, sizeof line, "学员人数：%.0f（有作答记录 %.0f，无作答记录 %.0f）　　及格线：%.1f%%",
                 ntr, with_record, ntr - with_record, num(x, co, "cohort", "pass_mark"));
    else
        snprintf(line, sizeof line, "学员人数：%.0f　　及格线：%.1f%%", ntr,
                 num(x, co, "cohort", "pass_mark"));
    put_str(x, NULL, ws, 2, 0, line, x->sub);
    int hr = 4, row = hr + 1, i = 0;
    s.hr = hr;
    for (int c = 0; c < 7; c++)
        put_head(x, &s, c, head[c]);
    const cJSON *cr;
    cJSON_ArrayForEach(cr, crit)
    {
        char p[64];
        snprintf(p, sizeof p, "cohort.criteria[%d]", i++);
        const char *id = str(x, cr, p, "id");
        put_str(x, &s, ws, row, 0, str(x, cr, p, "name"), x->text);
        put_num(x, &s, ws, row, 1, num(x, cr, p, "n"), x->intf);
        put_num(x, &s, ws, row, 2, num(x, cr, p, "mean"), x->pct);
        put_num(x, &s, ws, row, 3, num(x, cr, p, "sd"), x->pct);
        put_num(x, &s, ws, row, 4, num(x, cr, p, "min"), x->pct);
        put_num(x, &s, ws, row, 5, num(x, cr, p, "max"), x->pct);
        int rank = 0, k = 0;
        const cJSON *w;
        cJSON_ArrayForEach(w, weakest)
        {
            k++;
            if (cJSON_IsString(w) && strcmp(w->valuestring, id) == 0)
                rank = k;
        }
        if (rank) {
            char mark[64];
            const cJSON *an = cJSON_GetObjectItemCaseSensitive(cr, "answers");   /* optional */
            if (cJSON_IsNumber(an))
                snprintf(mark, sizeof mark, "薄弱项（第 %d，基于 %d 次作答）", rank, (int)an->valuedouble);
            else
                snprintf(mark, sizeof mark, "薄弱项（第 %d）", rank);
            put_str(x, &s, ws, row, 0, str(x, cr, p, "name"), x->weak);
            put_str(x, &s, ws, row, 6, mark, x->weak);
        }
        row++;
    }
    int last_crit = row - 1;
    if (row == hr + 1)
        put_str(x, &s, ws, row++, 0, "（没有可统计的评分项）", x->grey);
    row++;
    put_str(x, NULL, ws, row++, 0, "未达及格线的学员", x->title);
    put_str(x, &s, ws, row, 0, "姓名", x->head);
    put_str(x, &s, ws, row, 1, "工号", x->head);
    put_str(x, &s, ws, row, 2, "得分率", x->head);
    row++;
    const cJSON *b;
    i = 0;
    cJSON_ArrayForEach(b, below)
    {
        char p[64];
        snprintf(p, sizeof p, "cohort.below_pass[%d]", i++);
        put_str(x, &s, ws, row, 0, str(x, b, p, "name"), x->text);
        put_str(x, &s, ws, row, 1, str(x, b, p, "staff_no"), x->text);
        put_num(x, &s, ws, row, 2, num(x, b, p, "percent") / 100.0, x->pct);
        row++;
    }
    if (i == 0)
        put_str(x, &s, ws, row++, 0, "（无）", x->grey);
    /* trainees with no counted turn: their own rows after a blank one, never among those below
     * the pass mark (docs/export-schema.md, cohort.no_record) */
    /* not_practised (added within version 1): members with no session at all, 未练习 */
    const cJSON *idle = cJSON_GetObjectItemCaseSensitive(co, "not_practised");
    int nidle = cJSON_GetArraySize(idle);
    for (int pass = 0; pass < 2; pass++) {
        int listed = 0;
        i = 0;
        cJSON_ArrayForEach(b, norec)
        {
            char p[64];
            snprintf(p, sizeof p, "cohort.no_record[%d]", i++);
            bool is_idle = false;
            const cJSON *q;
            cJSON_ArrayForEach(q, idle)
                is_idle = is_idle || num(x, q, "cohort.not_practised", "id") == num(x, b, p, "id");
            if (is_idle != (pass == 1))
                continue;
            if (!listed++) {
                row++;
                put_str(x, NULL, ws, row++, 0,
                        pass ? "未练习的学员（所选范围内没有练习记录）"
                             : "无作答记录的学员（未计入均值与不及格名单）", x->title);
                put_str(x, &s, ws, row, 0, "姓名", x->head);
                put_str(x, &s, ws, row, 1, "工号", x->head);
                row++;
            }
            put_str(x, &s, ws, row, 0, str(x, b, p, "name"), x->text);
            put_str(x, &s, ws, row, 1, str(x, b, p, "staff_no"), x->text);
            row++;
        }
    }
    (void)nidle;
    lxw_check(x, worksheet_set_row(ws, (lxw_row_t)hr, 20, NULL));
    worksheet_freeze_panes(ws, (lxw_row_t)hr + 1, 0);
    const char *sheet = x->keep.v[x->keep.n - 1];
    sheet_finish(x, &s);
    if (last_crit < hr + 1 || x->failed)
        return;
    /* bar chart of the cohort means, right of the tables */
    lxw_chart *ch = workbook_add_chart(x->wb, LXW_CHART_BAR);
    if (!ch)
        return (void)fail(x, "生成 XLSX 失败：无法添加图表");
    lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
    if (!se)
        return (void)fail(x, "生成 XLSX 失败：无法添加图表数据");
    chart_series_set_categories(se, sheet, (lxw_row_t)hr + 1, 0, (lxw_row_t)last_crit, 0);
    chart_series_set_values(se, sheet, (lxw_row_t)hr + 1, 2, (lxw_row_t)last_crit, 2);
    chart_series_set_name(se, "平均达标率");
    chart_series_set_labels(se);
    chart_series_set_labels_num_format(se, "0.0%");
    chart_title_set_name(ch, "各评分项平均达标率");
    chart_axis_set_min(ch->x_axis, 0);
    chart_axis_set_max(ch->x_axis, 1);
    chart_axis_set_num_format(ch->x_axis, "0%");
    chart_axis_set_reverse(ch->y_axis); /* rubric order top to bottom */
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    lxw_chart_options co2 = {.x_scale = 1.2, .y_scale = 0.4 + 0.12 * (last_crit - hr)};
    lxw_check(x, worksheet_insert_chart_opt(ws, 0, 8, ch, &co2));
}

/* ---- Per-trainee sheets ------------------------------------------------------------------ */

static const char *const TURN_HEAD[] = {"会话", "情景", "轮次", "尝试", "市民原话", "学员回复",
                                        "得分", "满分", "计入得分", "提示"};
#define TURN_FIXED ((int)(sizeof TURN_HEAD / sizeof TURN_HEAD[0]))

/* True when t does not count: its "counted" member says so, or (writers before that member)
 * a later attempt of the same seq exists in turns. */
static bool superseded(const cJSON *turns, const cJSON *t)
{
    const cJSON *counted = cJSON_GetObjectItemCaseSensitive(t, "counted");
    if (cJSON_IsBool(counted))
        return !cJSON_IsTrue(counted);
    const cJSON *seq = cJSON_GetObjectItemCaseSensitive(t, "seq");
    const cJSON *att = cJSON_GetObjectItemCaseSensitive(t, "attempt");
    const cJSON *o;
    cJSON_ArrayForEach(o, turns)
    {
        const cJSON *os = cJSON_GetObjectItemCaseSensitive(o, "seq");
        const cJSON *oa = cJSON_GetObjectItemCaseSensitive(o, "attempt");
        if (cJSON_IsNumber(os) && cJSON_IsNumber(oa) && cJSON_IsNumber(seq) && cJSON_IsNumber(att) &&
            os->valuedouble == seq->valuedouble && oa->valuedouble > att->valuedouble)
            return true;
    }
    return false;
}

/* Writes the criterion cell of one turn; adds to notes the scorer's explanation. */
static void crit_cell(xctx *x, xsheet *s, int row, int col, const cJSON *gc, const char *p,
                      bool grey, cp_bytes *notes)
{
    bool met = boolean(x, gc, p, "met"), auto_met = boolean(x, gc, p, "met_auto");
    bool focus = boolean(x, gc, p, "focus");
    const cJSON *ov = need(x, gc, p, "override", J_OBJ | J_NULL);
    const cJSON *ev = arr(x, gc, p, "evidence");
    const cJSON *note = need(x, gc, p, "note", J_STR | J_NULL);
    const char *name = str(x, gc, p, "name");
    if (!focus && !ov)
        return; /* not examined at this point of the story: left empty, not 未达标 */
    char text[128];
    snprintf(text, sizeof text, "%s%s", met ? "达标" : "未达标", ov ? "（改判）" : "");
    lxw_format *f = ov ? x->over : grey ? x->grey : met ? x->met : x->unmet;
    put_str(x, s, s->ws, row, col, text, f);
    if (notes->len)
        cp_bytes_add(notes, "\n", 1);
    cp_bytes_addf(notes, "%s：%s", name, met ? "达标" : "未达标");
    if (ov)
        cp_bytes_addf(notes, "（改判，原判：%s）", auto_met ? "达标" : "未达标");
    if (note && *note->valuestring)
        cp_bytes_addf(notes, "，%s", note->valuestring);
    const cJSON *e;
    bool first = true;
    cJSON_ArrayForEach(e, ev)
    {
        if (!cJSON_IsString(e))
            continue;
        cp_bytes_addf(notes, "%s「%s」", first ? "；原话" : "、", e->valuestring);
        first = false;
    }
    if (!ov || x->failed)
        return;
    char op[320];
    snprintf(op, sizeof op, "%s.override", p);
    char when[64];
    human_time(str(x, ov, op, "at"), when, sizeof when);
    char *comment = cp_xasprintf("原判：%s\n改判：%s\n改判人：%s\n理由：%s\n时间：%s",
                                 auto_met ? "达标" : "未达标",
                                 boolean(x, ov, op, "met") ? "达标" : "未达标",
                                 str(x, ov, op, "by"), str(x, ov, op, "why"), when);
    char *cc = clean(comment);
    free(comment);
    lxw_comment_options co = {.author = "Counterpart", .width = 320, .height = 140};
    lxw_check(x, worksheet_write_comment_opt(s->ws, (lxw_row_t)row, (lxw_col_t)col, cc, &co));
    free(cc);
}

static const char *const SESSION_HEAD[] = {"会话编号", "情景", "模式", "开始时间",
                                           "结果",     "市民满意度", "得分", "满分",
                                           "得分率",   "提示", "改判", "评分模型"};
#define SESSION_COLS ((int)(sizeof SESSION_HEAD / sizeof SESSION_HEAD[0]))

/* The trainee's sessions, one row each, from row on; returns the row after the table. */
static int session_table(xctx *x, xsheet *s, const char *p, const cJSON *sessions, int row)
{
    for (int c = 0; c < SESSION_COLS; c++)
        put_str(x, s, s->ws, row, c, SESSION_HEAD[c], x->label);
    row++;
    const cJSON *se;
    int i = 0;
    cJSON_ArrayForEach(se, sessions)
    {
        char sp[128], when[64];
        snprintf(sp, sizeof sp, "%s.sessions[%d]", p, i++);
        const cJSON *oname = need(x, se, sp, "outcome_name", J_STR | J_NULL);
        const cJSON *rname = need(x, se, sp, "rating_name", J_STR | J_NULL);
        const char *title = str(x, se, sp, "title");
        human_time(str(x, se, sp, "started"), when, sizeof when);
        put_num(x, s, s->ws, row, 0, num(x, se, sp, "id"), x->intf);
        put_str(x, s, s->ws, row, 1, *title ? title : str(x, se, sp, "scenario"), x->text);
        put_str(x, s, s->ws, row, 2, mode_name(str(x, se, sp, "mode")), x->text);
        put_str(x, s, s->ws, row, 3, when, x->text);
        put_str(x, s, s->ws, row, 4, oname ? oname->valuestring : "进行中", x->text);
        put_str(x, s, s->ws, row, 5, rname ? rname->valuestring : "—", x->text);
        put_num(x, s, s->ws, row, 6, num(x, se, sp, "score"), x->num1);
        put_num(x, s, s->ws, row, 7, num(x, se, sp, "max"), x->num1);
        put_num(x, s, s->ws, row, 8, num(x, se, sp, "percent") / 100.0, x->pct);
        put_num(x, s, s->ws, row, 9, num(x, se, sp, "hints"), x->intf);
        put_num(x, s, s->ws, row, 10, num(x, se, sp, "overrides"), x->intf);
        char models[256];
        doc_models(se, models, sizeof models);
        put_str(x, s, s->ws, row, 11, models, x->text);
        row++;
    }
    return row;
}

/* Classroom turns the trainee answered in classmates' sessions (the optional answered_elsewhere,
 * counted in their summary), one row each after a blank row; returns the row after the table,
 * or row unchanged when there are none. */
static int elsewhere_table(xctx *x, xsheet *s, const char *p, const cJSON *t, int row)
{
    static const char *const head[] = {"所在会话", "情景", "轮次", "会话所属学员",
                                       "得分",     "满分", "提示", "改判"};
    const cJSON *ae = cJSON_GetObjectItemCaseSensitive(t, "answered_elsewhere");
    if (!cJSON_IsArray(ae) || !cJSON_GetArraySize(ae))
        return row;
    row++;
    put_str(x, NULL, s->ws, row++, 0, "在其他学员的课堂会话中作答的轮次（计入本人成绩）", x->sub);
    for (int c = 0; c < 8; c++)
        put_str(x, s, s->ws, row, c, head[c], x->label);
    row++;
    const cJSON *e;
    int i = 0;
    cJSON_ArrayForEach(e, ae)
    {
        char ep[128], op[160], tp[160], who[300];
        snprintf(ep, sizeof ep, "%s.answered_elsewhere[%d]", p, i);
        snprintf(op, sizeof op, "%s.owner", ep);
        snprintf(tp, sizeof tp, "%s.turn", ep);
        i++;
        const cJSON *ow = need(x, e, ep, "owner", J_OBJ), *tu = need(x, e, ep, "turn", J_OBJ);
        if (x->failed)
            break;
        const char *title = str(x, e, ep, "title");
        snprintf(who, sizeof who, "%s（工号 %s）", str(x, ow, op, "name"), str(x, ow, op, "staff_no"));
        put_num(x, s, s->ws, row, 0, num(x, e, ep, "session"), x->intf);
        put_str(x, s, s->ws, row, 1, *title ? title : str(x, e, ep, "scenario"), x->text);
        put_num(x, s, s->ws, row, 2, num(x, e, ep, "seq"), x->intf);
        put_str(x, s, s->ws, row, 3, who, x->text);
        put_num(x, s, s->ws, row, 4, num(x, tu, tp, "final"), x->num1);
        put_num(x, s, s->ws, row, 5, num(x, tu, tp, "max"), x->num1);
        put_num(x, s, s->ws, row, 6, num(x, e, ep, "hints"), x->intf);
        put_num(x, s, s->ws, row, 7, num(x, e, ep, "overrides"), x->intf);
        row++;
    }
    return row;
}

static void trainee_sheet(xctx *x, const cJSON *t, int ti, const char *pass_label)
{
    char p[64], sp[80];
    snprintf(p, sizeof p, "trainees[%d]", ti);
    snprintf(sp, sizeof sp, "trainees[%d].summary", ti);
    const char *name = str(x, t, p, "name"), *no = str(x, t, p, "staff_no");
    const cJSON *sum = need(x, t, p, "summary", J_OBJ);
    const cJSON *runs = arr(x, t, p, "exam_runs"), *sessions = arr(x, t, p, "sessions");
    if (x->failed)
        return;
    char want[300];
    snprintf(want, sizeof want, "%s-%s", name, no);
    lxw_worksheet *ws = add_sheet(x, want);
    if (!ws)
        return;
    int ncols = TURN_FIXED + x->ncrit + 1;
    xsheet s;
    sheet_init(&s, ws, ncols);
    s.keep = 2; /* 姓名, 工号 (a trainee sheet: 会话, 轮次) on every printed page */
    s.fixed[4] = s.fixed[5] = XLSX_TEXT_WIDTH;
    s.fixed[ncols - 1] = XLSX_TEXT_WIDTH + 10;

    char line[1024];
    snprintf(line, sizeof line, "%s（工号 %s · %s）成绩明细", name, no, str(x, t, p, "group"));
    put_str(x, NULL, ws, 0, 0, line, x->title);
    lxw_check(x, worksheet_set_row(ws, 0, 22, NULL));
    put_str(x, NULL, ws, 1, 0, pass_label, x->sub);
    static const char *const lab[] = {"会话数", "轮次数", "得分",     "满分",
                                      "得分率", "是否通过", "提示次数", "改判次数"};
    for (int c = 0; c < 8; c++)
        put_str(x, &s, ws, 2, c, lab[c], x->label);
    bool passed = boolean(x, sum, sp, "passed");
    put_num(x, &s, ws, 3, 0, num(x, sum, sp, "sessions"), x->intf);
    put_num(x, &s, ws, 3, 1, num(x, sum, sp, "turns"), x->intf);
    put_num(x, &s, ws, 3, 2, num(x, sum, sp, "score"), x->num1);
    put_num(x, &s, ws, 3, 3, num(x, sum, sp, "max"), x->num1);
    put_num(x, &s, ws, 3, 4, num(x, sum, sp, "percent") / 100.0, x->pct);
    put_str(x, &s, ws, 3, 5, passed ? "通过" : "未通过", passed ? x->pass : x->fail);
    put_num(x, &s, ws, 3, 6, num(x, sum, sp, "hints"), x->intf);
    put_num(x, &s, ws, 3, 7, num(x, sum, sp, "overrides"), x->intf);
    int row = 4, i = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, runs)
    {
        char rp[128];
        snprintf(rp, sizeof rp, "%s.exam_runs[%d]", p, i++);
        bool rpass = boolean(x, r, rp, "passed");
        const cJSON *rs = cJSON_GetObjectItemCaseSensitive(r, "resumes");   /* optional */
        int resumes = cJSON_IsNumber(rs) ? (int)rs->valuedouble : 0;
        char resumed[64] = "";
        if (resumes > 0)
            snprintf(resumed, sizeof resumed, "（中断后续考 %d 次）", resumes);
        snprintf(line, sizeof line,
                 "考试 #%.0f %s：自动评分 %.1f%%，最终 %.1f%%（及格线 %.1f%%）%s；改判 %.0f 次；%s%s%s",
                 num(x, r, rp, "id"), str(x, r, rp, "title"), num(x, r, rp, "auto_percent"),
                 num(x, r, rp, "percent"), num(x, r, rp, "pass_mark"), rpass ? "通过" : "未通过",
                 num(x, r, rp, "overrides"),
                 boolean(x, r, rp, "complete") ? "已完成" : "未完成",
                 boolean(x, r, rp, "finished") ? "" : "（未结束）", resumed);
        put_str(x, NULL, ws, row++, 0, line, rpass ? x->text : x->unmet);
    }
    row = session_table(x, &s, p, sessions, row + 1);
    row = elsewhere_table(x, &s, p, t, row);
    row++;
    int hr = row;
    s.hr = hr;
    for (int c = 0; c < TURN_FIXED; c++)
        put_head(x, &s, c, TURN_HEAD[c]);
    const cJSON *cr;
    int c = TURN_FIXED;
    cJSON_ArrayForEach(cr, x->criteria)
    {
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(cr, "name");
        put_head(x, &s, c++, cJSON_IsString(nm) ? nm->valuestring : "");
    }
    put_head(x, &s, ncols - 1, "评分说明与证据");
    lxw_check(x, worksheet_set_row(ws, (lxw_row_t)hr, 32, NULL));
    row = hr + 1;
    const cJSON *se;
    int si = 0;
    cJSON_ArrayForEach(se, sessions)
    {
        char ssp[128];
        snprintf(ssp, sizeof ssp, "%s.sessions[%d]", p, si++);
        const char *title = str(x, se, ssp, "title"), *started = str(x, se, ssp, "started");
        char label[160];
        snprintf(label, sizeof label, "#%.0f %.10s %s", num(x, se, ssp, "id"), started,
                 mode_name(str(x, se, ssp, "mode")));
        if (!*title)
            title = str(x, se, ssp, "scenario");
        const cJSON *turns = arr(x, se, ssp, "turns"), *tu;
        int k = 0;
        cJSON_ArrayForEach(tu, turns)
        {
            char tp[192];
            snprintf(tp, sizeof tp, "%s.turns[%d]", ssp, k++);
            bool old = superseded(turns, tu);
            lxw_format *tf = old ? x->grey : x->text, *wf = old ? x->grey_wrap : x->wrap;
            lxw_format *nf = old ? x->grey_num1 : x->num1;
            int lines = 1, l;
            put_str(x, &s, ws, row, 0, label, tf);
            put_str(x, &s, ws, row, 1, title, tf);
            put_num(x, &s, ws, row, 2, num(x, tu, tp, "seq"), old ? x->grey : x->intf);
            put_num(x, &s, ws, row, 3, num(x, tu, tp, "attempt"), old ? x->grey : x->intf);
            l = put_str(x, &s, ws, row, 4, str(x, tu, tp, "citizen"), wf);
            lines = l > lines ? l : lines;
            l = put_str(x, &s, ws, row, 5, str(x, tu, tp, "reply"), wf);
            lines = l > lines ? l : lines;
            put_num(x, &s, ws, row, 6, num(x, tu, tp, "score"), nf);
            put_num(x, &s, ws, row, 7, num(x, tu, tp, "max"), nf);
            double fin = num(x, tu, tp, "final");
            if (old)
                put_str(x, &s, ws, row, 8, "已重答", x->grey);
            else
                put_num(x, &s, ws, row, 8, fin, x->num1);
            put_num(x, &s, ws, row, 9, num(x, tu, tp, "hints"), old ? x->grey : x->intf);
            const cJSON *tc = arr(x, tu, tp, "criteria");
            cp_bytes notes = {0};
            c = TURN_FIXED;
            cJSON_ArrayForEach(cr, x->criteria)
            {
                const cJSON *id = cJSON_GetObjectItemCaseSensitive(cr, "id");
                const cJSON *gc = cJSON_IsString(id) ? find_id(tc, id->valuestring) : NULL;
                int gi = 0;
                const cJSON *it;
                cJSON_ArrayForEach(it, tc)
                {
                    if (it == gc)
                        break;
                    gi++;
                }
                char gp[256];
                snprintf(gp, sizeof gp, "%s.criteria[%d]", tp, gi);
                if (gc)
                    crit_cell(x, &s, row, c, gc, gp, old, &notes);
                c++;
            }
            /* criteria graded on the turn but missing from the document's list */
            const cJSON *gc;
            cJSON_ArrayForEach(gc, tc)
            {
                const cJSON *id = cJSON_GetObjectItemCaseSensitive(gc, "id");
                if (!cJSON_IsString(id))
                    fail(x, "评分表文档无法导出为 XLSX：%s.criteria[] id 缺失（应为字符串）", tp);
                else if (!find_id(x->criteria, id->valuestring))
                    fail(x, "评分表文档无法导出为 XLSX：%s 的评分项 %s 不在 criteria 中", tp,
                         id->valuestring);
            }
            l = put_str(x, &s, ws, row, ncols - 1, notes.data ? (char *)notes.data : "", wf);
            lines = l > lines ? l : lines;
            cp_bytes_free(&notes);
            if (lines > 1) {
                double h = XLSX_LINE_HEIGHT * lines + 2;
                lxw_check(x, worksheet_set_row(ws, (lxw_row_t)row, h > 409 ? 409 : h, NULL));
            }
            row++;
            if (x->failed)
                break;
        }
        if (x->failed)
            break;
    }
    if (row == hr + 1)
        put_str(x, NULL, ws, row, 0, "（没有记录的回复）", x->grey);
    worksheet_freeze_panes(ws, (lxw_row_t)hr + 1, 0);
    sheet_finish(x, &s);
}

/* ---- Entry point ------------------------------------------------------------------------- */

/* Reads path into out and unlinks it (always). */
static int slurp(xctx *x, const char *path, cp_bytes *out)
{
    size_t len = 0;
    cp_error e;
    char *data = cp_read_file(path, XLSX_MAX_OUTPUT, &len, &e);
    unlink(path);
    if (!data) {
        char buf[1600];
        return fail(x, "读取生成的 XLSX 失败：%s", cp_error_format(&e, buf, sizeof buf));
    }
    cp_bytes_add(out, data, len);
    free(data);
    return 0;
}

static time_t parse_iso(const char *iso)
{
    struct tm tm = {0};
    if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    return t < 0 ? 0 : t;
}

int cp_export_xlsx(const cJSON *doc, cp_bytes *out, cp_error *err)
{
    xctx x = {.err = err};
    /* the shared check first (schema, version, every member renderers rely on); the getters
     * below still check each member they read, so a gap in either never crashes */
    if (cp_export_validate(doc, err) != 0)
        return -1;
    cp_error_clear(err);
    const cJSON *schema = need(&x, doc, "", "schema", J_STR);
    const cJSON *version = need(&x, doc, "", "version", J_NUM);
    if (x.failed)
        return -1;
    if (strcmp(schema->valuestring, CP_EXPORT_SCHEMA) != 0 || version->valueint != CP_EXPORT_VERSION)
        return fail(&x, "评分表文档无法导出为 XLSX：schema/version 为 %s/%d，本程序只支持 %s/%d",
                    schema->valuestring, version->valueint, CP_EXPORT_SCHEMA, CP_EXPORT_VERSION);
    x.criteria = arr(&x, doc, "", "criteria");
    const cJSON *trainees = arr(&x, doc, "", "trainees");
    need(&x, doc, "", "cohort", J_OBJ);
    need(&x, doc, "", "selection", J_OBJ);
    if (x.failed)
        return -1;
    x.ncrit = cJSON_GetArraySize(x.criteria);
    const cJSON *cr;
    int i = 0;
    cJSON_ArrayForEach(cr, x.criteria)
    {
        char p[64];
        snprintf(p, sizeof p, "criteria[%d]", i++);
        str(&x, cr, p, "id");
        str(&x, cr, p, "name");
    }
    if (x.failed)
        return -1;

    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    cp_clean_stale_tmp(tmp, "cp-xlsx-"); /* left by an export that was interrupted */
    char *path = cp_xasprintf("%s/cp-xlsx-%ld-XXXXXX", tmp, (long)getpid());
    int fd = mkstemp(path);
    if (fd < 0) {
        int e = errno;
        fail(&x, "无法创建临时文件 %s：%s", path, strerror(e));
        free(path);
        return -1;
    }
    close(fd);
    lxw_workbook_options opt = {.constant_memory = 0, .tmpdir = (char *)tmp, .use_zip64 = 0};
    x.wb = workbook_new_opt(path, &opt);
    if (!x.wb) {
        unlink(path);
        free(path);
        return fail(&x, "生成 XLSX 失败：无法创建工作簿");
    }
    make_formats(&x);

    char label[1024];
    const char *sel = str(&x, need(&x, doc, "", "selection", J_OBJ), "selection", "label");
    const char *kind = str(&x, need(&x, doc, "", "selection", J_OBJ), "selection", "kind");
    char *title = cp_xasprintf("成绩单：%s", sel);
    char *ctitle = clean(title);
    free(title);
    const char *assessor = str(&x, doc, "", "assessor");
    char *comments = cp_xasprintf("评分人：%s；生成：%s；%s", assessor,
                                  str(&x, doc, "", "generated"), str(&x, doc, "", "generator"));
    char *ccomments = clean(comments);
    free(comments);
    lxw_doc_properties props = {.title = ctitle,
                                .subject = "培训评分表（counterpart.scoresheet v1）",
                                .author = "Counterpart",
                                .manager = (char *)(*assessor ? assessor : ""),
                                .category = "培训考核",
                                .keywords = "Counterpart, 评分表",
                                .comments = ccomments,
                                .created = parse_iso(str(&x, doc, "", "generated"))};
    if (!x.failed)
        lxw_check(&x, workbook_set_properties(x.wb, &props));

    if (!x.failed)
        summary_sheet(&x, doc, trainees);
    if (!x.failed)
        cohort_sheet(&x, doc);
    if (!x.failed && strcmp(kind, "exam") && strcmp(kind, "run"))
        runs_sheet(&x, doc, trainees);
    char when[64];
    human_time(str(&x, doc, "", "generated"), when, sizeof when);
    snprintf(label, sizeof label, "范围：%s　　评分人：%s　　生成时间：%s", sel,
             *assessor ? assessor : "（未填写）", when);
    const cJSON *t;
    i = 0;
    cJSON_ArrayForEach(t, trainees)
    {
        if (x.failed)
            break;
        /* 未练习: on 汇总 and 班组汇总, no sheet of its own; a centre (more than DETAIL_MAX
         * trainees): 汇总 only, each trainee's replies in their own export */
        if (!practised(t) || cJSON_GetArraySize(trainees) > DETAIL_MAX) {
            i++;
            continue;
        }
        cp_error ferr = { 0 };
        if (cp_export_fill(doc, (cJSON *)t, &ferr) != 0) {   /* a trainee's turns at a time */
            fail(&x, "%s", ferr.msg);
            break;
        }
        trainee_sheet(&x, t, i++, label);
        cp_export_unfill(doc, (cJSON *)t);
    }

    lxw_error e = workbook_close(x.wb); /* frees the workbook whatever happens */
    x.wb = NULL;
    if (!x.failed && e != LXW_NO_ERROR)
        fail(&x, "写出 XLSX 失败：%s", lxw_strerror(e));
    int rc = -1;
    if (!x.failed)
        rc = slurp(&x, path, out);
    unlink(path);
    free(path);
    free(ctitle);
    free(ccomments);
    cp_strlist_free(&x.keep);
    cp_strlist_free(&x.sheets);
    return x.failed ? -1 : rc;
}
