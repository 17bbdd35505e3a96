/* export_pdf.c - the PDF score sheet (cp_export_pdf, cp_export.h): renders a score-sheet
 * document (docs/export-schema.md, schema v1) with cairo + pango into an A4 portrait PDF in
 * memory: one sheet per trainee (header, criteria table with evidence, criteria chart, scenario
 * outcomes, overrides and a comment area, signature lines), continued on further pages with the
 * header repeated when it does not fit, then a cohort page when there is more than one trainee.
 * Works in two steps: the document is read into a small model (every missing or mistyped member
 * is reported with its JSON path), then drawn twice - once to count the pages for "page N / M",
 * once for real. Reads only the document, never the database; knows nothing of SDL. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cp_export.h"
#include "export_int.h"

/* ---- Page geometry: points, A4 portrait, 18 mm margins; the footer sits in the margin ---- */
#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 51.0
#define LEFT MARGIN
#define CW (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN)
/* A TrueType (glyf) Chinese face: cairo 1.16 subsets TrueType cleanly, while its CFF subsetter
 * damages glyphs of Noto Sans CJK (「如」 vanished in poppler, ☒ in Ghostscript, MuPDF:
 * "FT_Load_Glyph: broken file"). fonts-wqy-microhei. A family that resolves to a CFF face is
 * refused (cp_export_pdf). */
#define DEFAULT_FONT "WenQuanYi Micro Hei"
/* Sheets of at most this many trainees (a class, up to a large one) list every reply with its
 * evidence; a centre's sheet lists each session (times, hints, retries, timer) and says where its
 * replies are */
#define DETAIL_MAX 250
/* Above this many trainees the sheet is rendered once (each trainee's pages recorded, then
 * played with 'page k of K' of that trainee's sheet) instead of counted in a first pass */
#define ONE_PASS_OVER 60

static const double C_TEXT[3] = { 0.10, 0.10, 0.12 };
static const double C_GREY[3] = { 0.42, 0.42, 0.46 };
static const double C_RULE[3] = { 0.72, 0.72, 0.75 };
static const double C_SHADE[3] = { 0.94, 0.95, 0.97 };
static const double C_HEAD[3] = { 0.86, 0.89, 0.94 };
static const double C_ACCENT[3] = { 0.16, 0.33, 0.60 };
static const double C_PASS[3] = { 0.18, 0.55, 0.32 };
static const double C_FAIL[3] = { 0.80, 0.22, 0.18 };
static const double C_WARN[3] = { 0.90, 0.52, 0.20 };

/* ================================================================================================
 * The model: what the pages show, read from the document
 * ============================================================================================== */

typedef struct crit_m {
    const char *name;
    int met, total;
    bool has_rate;
    double rate;      /* 0..1 */
    char *evidence;   /* owned, "" when none */
    bool overridden;  /* an override applied to this criterion somewhere */
} crit_m;

typedef struct scen_m {
    const char *title, *mode, *outcome_name, *rating_name;
    int rating;       /* 1..5, 0 = not rated */
    double score, max, percent;
    char *head;       /* owned: the line above its replies (local times, hints, retries...) */
    cp_strlist rows;  /* every reply: 4 cells (轮, 作答, 得分, 评分与证据) joined by '\x1f' */
} scen_m;

typedef struct trainee_m {
    const char *name, *staff_no, *group;
    double percent;
    bool passed;
    bool record;           /* at least one counted turn (summary.turns > 0) */
    bool practised;        /* some session or classroom turn in the selection (else 未练习) */
    crit_m *crit;
    size_t ncrit;
    scen_m *scen;
    size_t nscen;
    cp_strlist runs;       /* one line per exam run */
    cp_strlist overrides;  /* one paragraph per override */
    char models[256];      /* the scorer versions of its sessions' replies, ", "-joined */
    char *exam;            /* exam titles, or the selection label */
} trainee_m;

typedef struct cstat_m {
    const char *name;
    int n, answers;   /* trainees with a rate; answers over them (0: not in the document) */
    double mean, sd, min, max;
} cstat_m;

typedef struct below_m {
    const char *name, *staff_no;
    double percent;        /* 0 in the no-record list */
} below_m;

typedef struct doc_m {
    const char *generated, *generator, *assessor, *label;
    double pass_mark;
    bool exam_kind;       /* the selection is an exam or an exam run */
    bool detail;          /* every reply is listed (作答明细): at most DETAIL_MAX trainees */
    bool exam;            /* ... or some trainee has exam runs (the cohort page's title) */
    const cJSON *criteria;
    trainee_m *tr;
    size_t ntr;
    cstat_m *cs;
    size_t ncs;
    cp_strlist weakest;  /* one line per weak criterion */
    int weakest_min;     /* cohort.weakest_min_answers (0: not in the document) */
    below_m *below;
    size_t nbelow;
    below_m *norec;      /* cohort.no_record: trainees who did not take part, less the idle */
    size_t nnorec;
    below_m *idle;       /* cohort.not_practised: members with no session at all (未练习) */
    size_t nidle;
    cp_strlist runs;     /* cohort.exam_runs: 姓名\t工号\t考试\t开始\t得分率\t结果 */
} doc_m;

/* ---- Reading members with their JSON path ---- */

typedef struct rd {
    cp_error *err;
    bool bad;
} rd;

enum { J_STR = 1, J_NUM = 2, J_BOOL = 4, J_OBJ = 8, J_ARR = 16, J_NULL = 32 };

static const char *type_name(unsigned t)
{
    if (t & J_STR)
        return "字符串";
    if (t & J_NUM)
        return "数字";
    if (t & J_BOOL)
        return "true/false";
    if (t & J_OBJ)
        return "对象";
    return "数组";
}

/* The member name of object o (path names o) when its type is one of types; NULL (and an error
 * naming "path.name", the first one only) when missing or of another type, or when null. */
static const cJSON *mem(rd *r, const cJSON *o, const char *path, const char *name, unsigned types)
{
    const cJSON *v = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, name) : NULL;
    bool ok = v && (((types & J_STR) && cJSON_IsString(v)) ||
                    ((types & J_NUM) && cJSON_IsNumber(v)) ||
                    ((types & J_BOOL) && cJSON_IsBool(v)) ||
                    ((types & J_OBJ) && cJSON_IsObject(v)) ||
                    ((types & J_ARR) && cJSON_IsArray(v)) || ((types & J_NULL) && cJSON_IsNull(v)));
    if (!ok) {
        if (!r->bad && cJSON_IsObject(o))
            cp_error_set(r->err, "", 0, "成绩单文档 %s%s%s：%s（应为%s%s）", path, *path ? "." : "",
                         name, v ? "类型不对" : "缺少该成员", type_name(types),
                         (types & J_NULL) ? "或 null" : "");
        else if (!r->bad)
            cp_error_set(r->err, "", 0, "成绩单文档 %s：应为对象", *path ? path : "（根）");
        r->bad = true;
        return NULL;
    }
    return cJSON_IsNull(v) ? NULL : v;
}

static const char *jstr(rd *r, const cJSON *o, const char *path, const char *name, bool nullable)
{
    const cJSON *v = mem(r, o, path, name, J_STR | (nullable ? J_NULL : 0));
    return v ? v->valuestring : "";
}

static double jnum(rd *r, const cJSON *o, const char *path, const char *name)
{
    const cJSON *v = mem(r, o, path, name, J_NUM);
    return v && isfinite(v->valuedouble) ? v->valuedouble : 0;
}

/* A number that may be null: false when null (or bad). */
static bool jnumn(rd *r, const cJSON *o, const char *path, const char *name, double *out)
{
    const cJSON *v = mem(r, o, path, name, J_NUM | J_NULL);
    *out = v && isfinite(v->valuedouble) ? v->valuedouble : 0;
    return v != NULL;
}

static bool jbool(rd *r, const cJSON *o, const char *path, const char *name)
{
    const cJSON *v = mem(r, o, path, name, J_BOOL);
    return v && cJSON_IsTrue(v);
}

static const cJSON *jarr(rd *r, const cJSON *o, const char *path, const char *name)
{
    return mem(r, o, path, name, J_ARR);
}

/* Child path "parent.name[i]" into buf. */
static const char *sub(char *buf, size_t size, const char *parent, const char *name, int i)
{
    snprintf(buf, size, "%s%s%s[%d]", parent, *parent ? "." : "", name, i);
    return buf;
}

/* ---- Formatting ---- */

/* "2026-11-24T09:30:00Z" shown in local time as "2026-11-24 17:30" (date_only: "2026-11-24");
 * anything unparsable is shown as given. */
static void fmt_time(const char *iso, bool date_only, char *buf, size_t size)
{
    if (!iso || !*iso) {
        snprintf(buf, size, "—");
        return;
    }
    cp_time_local(iso, date_only ? "%Y-%m-%d" : "%Y-%m-%d %H:%M", buf, size);
}

/* A score in points: "7.5", "10", "0.25". */
static void fmt_pts(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%.2f", v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *e = buf + strlen(buf) - 1;
        while (e > dot && *e == '0')
            *e-- = 0;
        if (e == dot)
            *e = 0;
    }
}

static const char *mode_name(const char *mode)
{
    if (!strcmp(mode, "exam"))
        return "考试";
    if (!strcmp(mode, "practice"))
        return "练习";
    if (!strcmp(mode, "classroom"))
        return "课堂";
    return mode;
}

static const char *crit_name(const doc_m *d, const char *id)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, d->criteria)
    {
        const cJSON *cid = cJSON_GetObjectItemCaseSensitive(c, "id");
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(c, "name");
        if (cJSON_IsString(cid) && cJSON_IsString(nm) && !strcmp(cid->valuestring, id))
            return nm->valuestring;
    }
    return id;
}

/* ---- Reading the document ---- */

/* The evidence candidates for one criterion of one trainee, best first. */
typedef struct ev_pick {
    int rank;      /* 0 none, 1 missed, 2 met, 3 overridden */
    char *text;
} ev_pick;

static void ev_offer(ev_pick *e, int rank, char *text)
{
    if (rank > e->rank) {
        free(e->text);
        e->text = text;
        e->rank = rank;
    } else {
        free(text);
    }
}

/* Joins a turn criterion's evidence words as “a”“b”, else its note, else the reply. */
static char *ev_quote(const cJSON *ev, const char *note, const char *reply)
{
    cp_bytes b = { 0 };
    const cJSON *w;
    cJSON_ArrayForEach(w, ev)
    {
        if (cJSON_IsString(w) && *w->valuestring)
            cp_bytes_addf(&b, "“%s”", w->valuestring);
    }
    if (!b.len)
        cp_bytes_addf(&b, "%s", *note ? note : *reply ? reply : "（无摘录）");
    char *s = (char *)b.data;
    return s;
}

/* owner: NULL for the trainee's own session (classroom turns a classmate answered give no
 * evidence); else the name of the session's trainee, for a turn from answered_elsewhere (evidence
 * only: its overrides are listed on the owner's page). */
static void read_turns(rd *r, doc_m *d, trainee_m *t, const cJSON *sess, const char *spath,
                       int sidx, size_t nsess, const char *stitle, ev_pick *picks,
                       const cJSON *sumcrit, const char *owner)
{
    const cJSON *mode = cJSON_GetObjectItemCaseSensitive(sess, "mode");
    bool classroom = cJSON_IsString(mode) && !strcmp(mode->valuestring, "classroom");
    char tp[200], cp[260];
    const cJSON *turns = jarr(r, sess, spath, "turns");
    int ti = 0;
    const cJSON *turn;
    cJSON_ArrayForEach(turn, turns)
    {
        sub(tp, sizeof tp, spath, "turns", ti++);
        int seq = (int)jnum(r, turn, tp, "seq");
        int attempt = (int)jnum(r, turn, tp, "attempt");
        const char *reply = jstr(r, turn, tp, "reply", true);
        /* the last attempt of its seq: the document's "counted", else from the attempts */
        bool counted = doc_counted(sess, turn);
        /* credited to a classmate (docs/export-schema.md, classroom turns) */
        bool theirs = !owner && classroom &&
                      cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(turn, "keyboard"));
        char where[160];
        if (owner)
            snprintf(where, sizeof where, "%s的课堂 第%d轮", owner, seq);
        else if (nsess > 1)
            snprintf(where, sizeof where, "情景%d 第%d轮", sidx + 1, seq);
        else
            snprintf(where, sizeof where, "第%d轮", seq);
        const cJSON *crits = jarr(r, turn, tp, "criteria");
        int ci = 0;
        const cJSON *c;
        cJSON_ArrayForEach(c, crits)
        {
            sub(cp, sizeof cp, tp, "criteria", ci++);
            const char *id = jstr(r, c, cp, "id", false);
            bool focus = jbool(r, c, cp, "focus");
            bool met = jbool(r, c, cp, "met");
            bool met_auto = jbool(r, c, cp, "met_auto");
            const cJSON *ov = mem(r, c, cp, "override", J_OBJ | J_NULL);
            const cJSON *ev = jarr(r, c, cp, "evidence");
            const char *note = jstr(r, c, cp, "note", true);
            if (r->bad)
                return;
            bool ov_met = met;
            if (ov && !owner) {
                char op[300], at[40];
                snprintf(op, sizeof op, "%s.override", cp);
                ov_met = jbool(r, ov, op, "met");
                const char *by = jstr(r, ov, op, "by", true);
                const char *why = jstr(r, ov, op, "why", true);
                fmt_time(jstr(r, ov, op, "at", true), false, at, sizeof at);
                if (r->bad)
                    return;
                char *line = cp_xasprintf(
                    "%s %s（第%d次作答）· %s：原判 %s → 改判 %s\n考官 %s · %s · 理由：%s", stitle,
                    where, attempt, crit_name(d, id), met_auto ? "达标" : "未达标",
                    ov_met ? "达标" : "未达标", *by ? by : "—", at, *why ? why : "（未填写）");
                cp_strlist_push(&t->overrides, line);
                free(line);
            }
            /* evidence for the criteria table: top-level criteria of counted turns (a text is
             * made only when it beats the criterion's best so far) */
            if (!counted || theirs || !(focus || ov))
                continue;
            int rank = ov ? 3 : met ? 2 : 1;
            const cJSON *sc;
            int k = 0;
            cJSON_ArrayForEach(sc, sumcrit)
            {
                const cJSON *sid = cJSON_GetObjectItemCaseSensitive(sc, "id");
                if (cJSON_IsString(sid) && !strcmp(sid->valuestring, id) && rank > picks[k].rank) {
                    char *q = ev_quote(ev, note, reply);
                    char *text;
                    if (ov)
                        text = cp_xasprintf("【改判】%s %s→%s：%s", where,
                                            met_auto ? "达标" : "未达标",
                                            ov_met ? "达标" : "未达标", q);
                    else
                        text = cp_xasprintf("%s %s：%s", where, met ? "达标" : "未达标", q);
                    free(q);
                    ev_offer(&picks[k], rank, text);
                    if (ov)
                        t->crit[k].overridden = true;
                }
                k++;
            }
        }
    }
}

/* One session's head line (local start and end, hints, retries, replies submitted by the timer)
 * and, on a class's sheet (d->detail), its replies for the 作答明细 section: a row per reply,
 * retried attempts included, each with the criteria in focus (or overridden), met or not, and
 * their evidence. */
static void read_detail(rd *r, doc_m *d, scen_m *s, const cJSON *sess, const char *spath, int sidx)
{
    const cJSON *turns = cJSON_GetObjectItemCaseSensitive(sess, "turns");
    char started[40], ended[40];
    fmt_time(jstr(r, sess, spath, "started", true), false, started, sizeof started);
    const char *end_iso = jstr(r, sess, spath, "ended", true);
    cp_time_local(end_iso, strncmp(end_iso, jstr(r, sess, spath, "started", true), 10) ? "%Y-%m-%d %H:%M" : "%H:%M",
                  ended, sizeof ended);
    int hints = (int)jnum(r, sess, spath, "hints"), retries = 0, timed = 0, replies = 0;
    const cJSON *u;
    cJSON_ArrayForEach(u, turns)
    {
        replies++;
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(u, "attempt");
        retries += cJSON_IsNumber(a) && a->valuedouble > 1;
        timed += cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(u, "timed_out"));
    }
    cp_bytes h = { 0 };
    cp_bytes_addf(&h, "情景%d %s · %s · %s–%s · 作答 %d 次 · 提示 %d 次 · 重答 %d 次", sidx + 1, s->title,
                  s->mode, started, *end_iso ? ended : "未结束", replies, hints, retries);
    if (timed)
        cp_bytes_addf(&h, " · 超时自动提交 %d 次", timed);
    cp_bytes_add(&h, "", 1);
    s->head = (char *)h.data;
    if (!d->detail)
        return;
    char tp[200], cp[260];
    int ti = 0;
    cJSON_ArrayForEach(u, turns)
    {
        sub(tp, sizeof tp, spath, "turns", ti++);
        int seq = (int)jnum(r, u, tp, "seq"), attempt = (int)jnum(r, u, tp, "attempt");
        bool counted = doc_counted(sess, u);
        const cJSON *kb = cJSON_GetObjectItemCaseSensitive(u, "keyboard");
        cp_bytes row = { 0 };
        cp_bytes_addf(&row, "%d%s\x1f", seq, counted ? (attempt > 1 ? "（重答）" : "") : "（已重答）");
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(u, "timed_out")))
            cp_bytes_addf(&row, "【超时自动提交】");
        if (jnum(r, u, tp, "hints") > 0)
            cp_bytes_addf(&row, "【提示 %d 次】", (int)jnum(r, u, tp, "hints"));
        if (jnum(r, u, tp, "choice") > 0)
            cp_bytes_addf(&row, "【选项 %d】", (int)jnum(r, u, tp, "choice"));
        if (cJSON_IsObject(kb)) {
            const cJSON *kn = cJSON_GetObjectItemCaseSensitive(kb, "name");
            cp_bytes_addf(&row, "【%s 作答】", cJSON_IsString(kn) ? kn->valuestring : "同学");
        }
        const char *reply = jstr(r, u, tp, "reply", true);
        cp_bytes_addf(&row, "%s\x1f", *reply ? reply : "（空白）");
        char a[32], b[32];
        fmt_pts(jnum(r, u, tp, "final"), a, sizeof a);
        fmt_pts(jnum(r, u, tp, "max"), b, sizeof b);
        cp_bytes_addf(&row, "%s/%s\x1f", a, b);
        const cJSON *c;
        int ci = 0;
        bool any = false;
        for (int pass = 0; pass < 2; pass++) {   /* met first, then not met */
            ci = 0;
            cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(u, "criteria"))
            {
                sub(cp, sizeof cp, tp, "criteria", ci++);
                bool focus = jbool(r, c, cp, "focus"), met = jbool(r, c, cp, "met");
                const cJSON *ov = cJSON_GetObjectItemCaseSensitive(c, "override");
                if ((!focus && !cJSON_IsObject(ov)) || met != (pass == 0))
                    continue;
                cp_bytes_addf(&row, "%s%s%s%s", any ? "\n" : "", met ? "达标 " : "未达标 ",
                              crit_name(d, jstr(r, c, cp, "id", false)),
                              cJSON_IsObject(ov) ? "（改判）" : "");
                any = true;
                const cJSON *e;
                bool first = true;
                cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(c, "evidence"))
                {
                    if (cJSON_IsString(e) && *e->valuestring) {
                        cp_bytes_addf(&row, "%s「%s」", first ? "：" : "", e->valuestring);
                        first = false;
                    }
                }
            }
        }
        if (!any)
            cp_bytes_addf(&row, "—");
        cp_bytes_add(&row, "", 1);
        cp_strlist_push(&s->rows, (const char *)row.data);
        cp_bytes_free(&row);
        if (r->bad)
            return;
    }
}

static void read_trainee(rd *r, doc_m *d, trainee_m *t, const cJSON *jt, const char *path)
{
    char p[128], p2[160];
    t->name = jstr(r, jt, path, "name", false);
    t->staff_no = jstr(r, jt, path, "staff_no", true);
    t->group = jstr(r, jt, path, "group", true);
    snprintf(p, sizeof p, "%s.summary", path);
    const cJSON *sum = mem(r, jt, path, "summary", J_OBJ);
    t->percent = jnum(r, sum, p, "percent");
    t->passed = jbool(r, sum, p, "passed");
    /* summary.turns is always written; a document without it is read as having a record */
    const cJSON *turns = cJSON_IsObject(sum) ? cJSON_GetObjectItemCaseSensitive(sum, "turns") : NULL;
    t->record = !cJSON_IsNumber(turns) || turns->valuedouble > 0;
    const cJSON *js = cJSON_GetObjectItemCaseSensitive(jt, "sessions");
    const cJSON *je = cJSON_GetObjectItemCaseSensitive(jt, "answered_elsewhere");
    t->practised = t->record || cJSON_GetArraySize(js) > 0 || cJSON_GetArraySize(je) > 0;
    const cJSON *sumcrit = jarr(r, sum, p, "criteria");
    if (r->bad)
        return;
    t->ncrit = (size_t)cJSON_GetArraySize(sumcrit);
    t->crit = cp_xcalloc(t->ncrit + 1, sizeof *t->crit);
    ev_pick *picks = cp_xcalloc(t->ncrit + 1, sizeof *picks);
    int i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, sumcrit)
    {
        sub(p2, sizeof p2, p, "criteria", i);
        crit_m *m = &t->crit[i++];
        m->name = crit_name(d, jstr(r, c, p2, "id", false));
        m->met = (int)jnum(r, c, p2, "met");
        m->total = (int)jnum(r, c, p2, "total");
        m->has_rate = jnumn(r, c, p2, "rate", &m->rate);
    }

    /* exam runs: one line each; their titles name the exam in the header */
    cp_bytes exam = { 0 };
    const cJSON *runs = jarr(r, jt, path, "exam_runs");
    i = 0;
    cJSON_ArrayForEach(c, runs)
    {
        sub(p2, sizeof p2, path, "exam_runs", i++);
        const char *title = jstr(r, c, p2, "title", true);
        double ap = jnum(r, c, p2, "auto_percent"), fp = jnum(r, c, p2, "percent");
        double pm = jnum(r, c, p2, "pass_mark");
        bool passed = jbool(r, c, p2, "passed"), complete = jbool(r, c, p2, "complete");
        char started[40];
        fmt_time(jstr(r, c, p2, "started", true), false, started, sizeof started);
        if (r->bad)
            break;
        const cJSON *rs = cJSON_GetObjectItemCaseSensitive(c, "resumes");   /* optional */
        int resumes = cJSON_IsNumber(rs) ? (int)rs->valuedouble : 0;
        char resumed[64] = "";
        if (resumes > 0)
            snprintf(resumed, sizeof resumed, "（中断后续考 %d 次）", resumes);
        /* the pass rule on outcome (optional members, added within version 1) */
        const cJSON *ok = cJSON_GetObjectItemCaseSensitive(c, "outcome_ok");
        const cJSON *mr = cJSON_GetObjectItemCaseSensitive(c, "min_rating");
        const cJSON *wr = cJSON_GetObjectItemCaseSensitive(c, "worst_rating");
        char rule[96] = "";
        if (cJSON_IsFalse(ok) && cJSON_IsNumber(mr) && cJSON_IsNumber(wr))
            snprintf(rule, sizeof rule, " · 结局评价 %d/5 低于考试要求的 %d/5", (int)wr->valuedouble,
                     (int)mr->valuedouble);
        else if (cJSON_IsNumber(mr) && mr->valuedouble > 1)
            snprintf(rule, sizeof rule, " · 结局评价均不低于 %d/5", (int)mr->valuedouble);
        char *line = cp_xasprintf("考试 %s（%s 开始）：自动评分 %.1f%% · 最终 %.1f%% · 及格线 %.0f%%%s · %s%s%s",
                                  *title ? title : "—", started, ap, fp, pm, rule,
                                  passed ? "通过" : "未通过", complete ? "" : " · 未完成", resumed);
        cp_strlist_push(&t->runs, line);
        free(line);
        if (*title && !strstr(exam.data ? (char *)exam.data : "", title))
            cp_bytes_addf(&exam, "%s%s", exam.len ? "、" : "", title);
    }
    /* outside exam selections the runs are listed apart; the header names the selection */
    t->exam = exam.len && d->exam_kind ? (char *)exam.data : cp_xstrdup(d->label);
    if (!exam.len || !d->exam_kind)
        cp_bytes_free(&exam);

    const cJSON *sessions = jarr(r, jt, path, "sessions");
    size_t nsess = (size_t)cJSON_GetArraySize(sessions);
    t->scen = cp_xcalloc(nsess + 1, sizeof *t->scen);
    i = 0;
    cJSON_ArrayForEach(c, sessions)
    {
        if (r->bad)
            break;
        sub(p2, sizeof p2, path, "sessions", i);
        scen_m *s = &t->scen[t->nscen++];
        s->title = jstr(r, c, p2, "title", true);
        if (!*s->title)
            s->title = jstr(r, c, p2, "scenario", false);
        s->mode = mode_name(jstr(r, c, p2, "mode", true));
        s->outcome_name = jstr(r, c, p2, "outcome_name", true);
        if (!*s->outcome_name)
            s->outcome_name = jstr(r, c, p2, "outcome", true);
        double rating;
        s->rating = jnumn(r, c, p2, "rating", &rating) ? (int)rating : 0;
        if (s->rating < 0 || s->rating > 5)
            s->rating = 0;
        s->rating_name = jstr(r, c, p2, "rating_name", true);
        s->score = jnum(r, c, p2, "score");
        s->max = jnum(r, c, p2, "max");
        s->percent = jnum(r, c, p2, "percent");
        read_turns(r, d, t, c, p2, i, nsess, s->title, picks, sumcrit, NULL);
        read_detail(r, d, s, c, p2, i);
        const cJSON *u;
        cJSON_ArrayForEach(u, doc_get(c, "turns")) {
            const char *m = doc_str(u, "model");
            size_t n = strlen(t->models);
            if (*m && !strstr(t->models, m) && n + strlen(m) + 3 < sizeof t->models)
                snprintf(t->models + n, sizeof t->models - n, "%s%s", n ? ", " : "", m);
        }
        i++;
    }
    /* a criterion with no evidence in the trainee's own sessions: from the classroom turns they
     * answered in classmates' sessions (answered_elsewhere, optional) */
    const cJSON *ae = cJSON_GetObjectItemCaseSensitive(jt, "answered_elsewhere");
    if (!cJSON_IsArray(ae))
        ae = NULL;
    ev_pick *alt = cp_xcalloc(t->ncrit + 1, sizeof *alt);
    i = 0;
    cJSON_ArrayForEach(c, ae)
    {
        if (r->bad)
            break;
        sub(p2, sizeof p2, path, "answered_elsewhere", i++);
        const cJSON *turn = mem(r, c, p2, "turn", J_OBJ);
        const cJSON *ow = mem(r, c, p2, "owner", J_OBJ);
        const char *title = jstr(r, c, p2, "title", true);
        if (r->bad)
            break;
        const cJSON *on = cJSON_GetObjectItemCaseSensitive(ow, "name");
        cJSON *one = cJSON_CreateObject();   /* the turn as a one-turn session */
        cJSON_AddItemToArray(cJSON_AddArrayToObject(one, "turns"), cJSON_Duplicate(turn, true));
        read_turns(r, d, t, one, p2, 0, 1, title, alt, sumcrit,
                   cJSON_IsString(on) ? on->valuestring : "");
        cJSON_Delete(one);
    }
    for (size_t k = 0; k < t->ncrit; k++) {
        if (!picks[k].rank && alt[k].rank) {
            picks[k] = alt[k];
            alt[k].text = NULL;
        }
        free(alt[k].text);
        t->crit[k].evidence = picks[k].text ? picks[k].text : cp_xstrdup("");
    }
    free(alt);
    free(picks);
}

static void model_free(doc_m *d)
{
    for (size_t i = 0; i < d->ntr; i++) {
        trainee_m *t = &d->tr[i];
        for (size_t k = 0; k < t->ncrit; k++)
            free(t->crit[k].evidence);
        free(t->crit);
        for (size_t k = 0; k < t->nscen; k++) {
            free(t->scen[k].head);
            cp_strlist_free(&t->scen[k].rows);
        }
        free(t->scen);
        free(t->exam);
        cp_strlist_free(&t->runs);
        cp_strlist_free(&t->overrides);
    }
    free(d->tr);
    free(d->cs);
    free(d->below);
    free(d->norec);
    free(d->idle);
    cp_strlist_free(&d->runs);
    cp_strlist_free(&d->weakest);
}

static int model_read(const cJSON *doc, doc_m *d, cp_error *err)
{
    rd r = { err, false };
    char p[64], p2[96];
    if (!cJSON_IsObject(doc))
        return cp_error_set(err, "", 0, "成绩单文档：根应为对象");
    const char *schema = jstr(&r, doc, "", "schema", false);
    double version = jnum(&r, doc, "", "version");
    if (r.bad)
        return -1;
    if (strcmp(schema, CP_EXPORT_SCHEMA) || version != CP_EXPORT_VERSION)
        return cp_error_set(err, "", 0, "成绩单文档 schema：不支持“%s”版本 %g（只支持 %s 版本 %d）",
                            schema, version, CP_EXPORT_SCHEMA, CP_EXPORT_VERSION);
    d->generated = jstr(&r, doc, "", "generated", false);
    d->generator = jstr(&r, doc, "", "generator", false);
    d->assessor = jstr(&r, doc, "", "assessor", true);
    const cJSON *sel = mem(&r, doc, "", "selection", J_OBJ);
    d->label = jstr(&r, sel, "selection", "label", false);
    const char *kind = jstr(&r, sel, "selection", "kind", false);
    d->exam_kind = !strcmp(kind, "exam") || !strcmp(kind, "run");
    d->exam = d->exam_kind;
    d->pass_mark = jnum(&r, doc, "", "pass_mark");
    d->criteria = jarr(&r, doc, "", "criteria");
    const cJSON *trainees = jarr(&r, doc, "", "trainees");
    const cJSON *cohort = mem(&r, doc, "", "cohort", J_OBJ);
    d->detail = cJSON_GetArraySize(trainees) <= DETAIL_MAX;
    if (r.bad)
        return -1;
    if (!cJSON_GetArraySize(trainees))
        return cp_error_set(err, "", 0, "成绩单文档 trainees：没有学员，无可打印的成绩单");
    d->tr = cp_xcalloc((size_t)cJSON_GetArraySize(trainees), sizeof *d->tr);
    int i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, trainees)
    {
        sub(p, sizeof p, "", "trainees", i++);
        trainee_m *t = &d->tr[d->ntr++];
        /* a lazily built document gives a trainee's turns at a time: the model copies what it
         * shows of them */
        if (cp_export_fill(doc, (cJSON *)c, err) != 0)
            return -1;
        read_trainee(&r, d, t, c, p);
        cp_export_unfill(doc, (cJSON *)c);
        if (!t->exam)
            t->exam = cp_xstrdup("");
        if (r.bad)
            return -1;
    }

    const cJSON *cc = jarr(&r, cohort, "cohort", "criteria");
    d->cs = cp_xcalloc((size_t)cJSON_GetArraySize(cc) + 1, sizeof *d->cs);
    i = 0;
    cJSON_ArrayForEach(c, cc)
    {
        sub(p2, sizeof p2, "cohort", "criteria", i++);
        cstat_m *s = &d->cs[d->ncs++];
        s->name = jstr(&r, c, p2, "name", true);
        if (!*s->name)
            s->name = crit_name(d, jstr(&r, c, p2, "id", false));
        s->n = (int)jnum(&r, c, p2, "n");
        const cJSON *an = cJSON_GetObjectItemCaseSensitive(c, "answers");   /* optional */
        s->answers = cJSON_IsNumber(an) ? (int)an->valuedouble : 0;
        jnumn(&r, c, p2, "mean", &s->mean);
        jnumn(&r, c, p2, "sd", &s->sd);
        jnumn(&r, c, p2, "min", &s->min);
        jnumn(&r, c, p2, "max", &s->max);
    }
    const cJSON *wm = cJSON_IsObject(cohort) ? cJSON_GetObjectItemCaseSensitive(cohort, "weakest_min_answers") : NULL;
    d->weakest_min = cJSON_IsNumber(wm) ? (int)wm->valuedouble : 0;
    const cJSON *weak = jarr(&r, cohort, "cohort", "weakest");
    i = 0;
    cJSON_ArrayForEach(c, weak)
    {
        if (!cJSON_IsString(c)) {
            if (!r.bad)
                cp_error_set(err, "", 0, "成绩单文档 cohort.weakest[%d]：类型不对（应为字符串）", i);
            r.bad = true;
            break;
        }
        const char *nm = crit_name(d, c->valuestring);
        double mean = -1;
        int answers = 0;
        for (size_t k = 0; k < d->ncs; k++)
            if (!strcmp(d->cs[k].name, nm)) {
                mean = d->cs[k].mean;
                answers = d->cs[k].answers;
            }
        char *line = mean >= 0 && answers
                         ? cp_xasprintf("%d. %s（平均达标率 %.0f%%，基于 %d 次作答）", i + 1, nm, mean * 100, answers)
                     : mean >= 0 ? cp_xasprintf("%d. %s（平均达标率 %.0f%%）", i + 1, nm, mean * 100)
                                 : cp_xasprintf("%d. %s", i + 1, nm);
        cp_strlist_push(&d->weakest, line);
        free(line);
        i++;
    }
    const cJSON *below = jarr(&r, cohort, "cohort", "below_pass");
    d->below = cp_xcalloc((size_t)cJSON_GetArraySize(below) + 1, sizeof *d->below);
    i = 0;
    cJSON_ArrayForEach(c, below)
    {
        sub(p2, sizeof p2, "cohort", "below_pass", i++);
        below_m *b = &d->below[d->nbelow++];
        b->name = jstr(&r, c, p2, "name", false);
        b->staff_no = jstr(&r, c, p2, "staff_no", true);
        b->percent = jnum(&r, c, p2, "percent");
    }
    /* cohort.not_practised and cohort.exam_runs: added within version 1, absent earlier */
    const cJSON *idle = cJSON_IsObject(cohort) ? cJSON_GetObjectItemCaseSensitive(cohort, "not_practised") : NULL;
    if (idle)
        idle = jarr(&r, cohort, "cohort", "not_practised");
    d->idle = cp_xcalloc((size_t)cJSON_GetArraySize(idle) + 1, sizeof *d->idle);
    i = 0;
    cJSON_ArrayForEach(c, idle)
    {
        sub(p2, sizeof p2, "cohort", "not_practised", i++);
        below_m *b = &d->idle[d->nidle++];
        b->name = jstr(&r, c, p2, "name", false);
        b->staff_no = jstr(&r, c, p2, "staff_no", true);
    }
    /* cohort.no_record: added within version 1, absent in documents of earlier writers; the
     * members who did not practise at all are listed apart (未练习) */
    const cJSON *norec = cJSON_IsObject(cohort) ? cJSON_GetObjectItemCaseSensitive(cohort, "no_record") : NULL;
    if (norec)
        norec = jarr(&r, cohort, "cohort", "no_record");
    d->norec = cp_xcalloc((size_t)cJSON_GetArraySize(norec) + 1, sizeof *d->norec);
    i = 0;
    cJSON_ArrayForEach(c, norec)
    {
        sub(p2, sizeof p2, "cohort", "no_record", i++);
        below_m b = { jstr(&r, c, p2, "name", false), jstr(&r, c, p2, "staff_no", true), 0 };
        bool is_idle = false;
        for (size_t k = 0; k < d->nidle && !is_idle; k++)
            is_idle = !strcmp(d->idle[k].staff_no, b.staff_no) && !strcmp(d->idle[k].name, b.name);
        if (!is_idle)
            d->norec[d->nnorec++] = b;
    }
    const cJSON *cruns = cJSON_IsObject(cohort) ? cJSON_GetObjectItemCaseSensitive(cohort, "exam_runs") : NULL;
    if (cruns)
        cruns = jarr(&r, cohort, "cohort", "exam_runs");
    i = 0;
    cJSON_ArrayForEach(c, cruns)
    {
        sub(p2, sizeof p2, "cohort", "exam_runs", i++);
        char started[40];
        fmt_time(jstr(&r, c, p2, "started", true), false, started, sizeof started);
        char *line = cp_xasprintf("%s\t%s\t%s\t%s\t%.1f%%\t%s", jstr(&r, c, p2, "name", false),
                                  jstr(&r, c, p2, "staff_no", true), jstr(&r, c, p2, "title", true),
                                  started, jnum(&r, c, p2, "percent"),
                                  jbool(&r, c, p2, "passed") ? "通过" : "未通过");
        cp_strlist_push(&d->runs, line);
        free(line);
    }
    return r.bad ? -1 : 0;
}

/* ================================================================================================
 * Drawing
 * ============================================================================================== */

typedef struct pdf {
    cairo_surface_t *surf;
    cairo_t *cr;
    PangoContext *pc;
    const char *family;
    const doc_m *d;
    const trainee_m *t;   /* the trainee whose sheet is being drawn, NULL on the cohort page */
    int page, total;      /* pages begun; pages in the file (0 while counting) */
    double y;             /* next free line on the page */
    bool first_of_sheet;  /* the next page begun is the sheet's first (no "continued") */
    /* One pass (a centre's sheet): each page of a sheet is drawn into a recording surface, then
     * the sheet's pages are played onto the file with "page k of K" of the sheet - no counting
     * pass, so every text is laid out once. */
    bool rec;
    cairo_t *real;               /* the file's context while pages record */
    cairo_surface_t **pages;     /* the sheet's recorded pages */
    int npages, cap;
    int sheet_k, sheet_n;        /* footer: page k of the sheet's n (0: not known) */
    /* Laid-out texts by what shapes them (text, width, style, marker): a text is measured and
     * then drawn, and most texts of a sheet (labels, heads, criteria names, ratios, footers)
     * recur on every trainee's - each is laid out once. Emptied when it grows past
     * LAYOUTS_MAX; a layout in use holds its own reference. */
    GHashTable *layouts;
} pdf;

#define LAYOUTS_MAX 4096

typedef struct style {
    double size;
    bool bold;
    int lines;                /* > 0: at most this many lines, then an ellipsis */
    PangoAlignment align;
    const double *rgb;
} style;

static void set_rgb(cairo_t *cr, const double *c)
{
    cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

/* A layout of s in width w (0 = one unbounded line); mark_len bytes at the start get C_FAIL
 * bold (the 改判 marker). Caller unrefs. */
static PangoLayout *new_layout(pdf *p, const char *s, double w, const style *st, size_t mark_len)
{
    PangoLayout *l = pango_layout_new(p->pc);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, p->family);
    pango_font_description_set_absolute_size(fd, st->size * PANGO_SCALE);
    pango_font_description_set_weight(fd, st->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (w > 0) {
        pango_layout_set_width(l, (int)(w * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        if (st->lines > 0) {
            pango_layout_set_height(l, -st->lines);
            pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        }
    }
    pango_layout_set_alignment(l, st->align);
    char *valid = g_utf8_make_valid(s ? s : "", -1);
    pango_layout_set_text(l, valid, -1);
    if (mark_len && mark_len <= strlen(valid)) {
        PangoAttrList *al = pango_attr_list_new();
        PangoAttribute *a = pango_attr_foreground_new((guint16)(C_FAIL[0] * 65535),
                                                      (guint16)(C_FAIL[1] * 65535),
                                                      (guint16)(C_FAIL[2] * 65535));
        a->start_index = 0;
        a->end_index = (guint)mark_len;
        pango_attr_list_insert(al, a);
        a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
        a->start_index = 0;
        a->end_index = (guint)mark_len;
        pango_attr_list_insert(al, a);
        pango_layout_set_attributes(l, al);
        pango_attr_list_unref(al);
    }
    g_free(valid);
    return l;
}

/* new_layout's layout from the cache (made and kept when new). Caller unrefs. */
static PangoLayout *mk_layout(pdf *p, const char *s, double w, const style *st, size_t mark_len)
{
    if (!p->layouts)
        return new_layout(p, s, w, st, mark_len);
    /* everything new_layout reads: widths in its Pango units, the style's size exactly */
    char *key = g_strdup_printf("%d|%a|%d|%d|%d|%zu|%s", w > 0 ? (int)(w * PANGO_SCALE) : 0,
                                st->size, st->bold, w > 0 ? st->lines : 0, (int)st->align,
                                mark_len, s ? s : "");
    PangoLayout *l = g_hash_table_lookup(p->layouts, key);
    if (l) {
        g_free(key);
        return g_object_ref(l);
    }
    if (g_hash_table_size(p->layouts) >= LAYOUTS_MAX)
        g_hash_table_remove_all(p->layouts);
    l = new_layout(p, s, w, st, mark_len);
    g_hash_table_insert(p->layouts, key, g_object_ref(l));
    return l;
}

static double layout_h(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

/* Height s takes in width w. */
static double text_h(pdf *p, const char *s, double w, const style *st)
{
    PangoLayout *l = mk_layout(p, s, w, st, 0);
    double h = layout_h(l);
    g_object_unref(l);
    return h;
}

/* Natural width of s on one line. */
static double text_w(pdf *p, const char *s, const style *st)
{
    PangoLayout *l = mk_layout(p, s, 0, st, 0);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    g_object_unref(l);
    return (double)w / PANGO_SCALE;
}

/* Draws s with its top-left at (x, y) in width w; returns the height used. */
static double text_mark(pdf *p, double x, double y, double w, const char *s, const style *st,
                        size_t mark_len)
{
    PangoLayout *l = mk_layout(p, s, w, st, mark_len);
    set_rgb(p->cr, st->rgb);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, l);
    double h = layout_h(l);
    g_object_unref(l);
    return h;
}

static double text(pdf *p, double x, double y, double w, const char *s, const style *st)
{
    return text_mark(p, x, y, w, s, st, 0);
}

static void hline(pdf *p, double x0, double x1, double y, double width, const double *rgb)
{
    cairo_set_line_width(p->cr, width);
    set_rgb(p->cr, rgb);
    cairo_move_to(p->cr, x0, y);
    cairo_line_to(p->cr, x1, y);
    cairo_stroke(p->cr);
}

static void fill_rect(pdf *p, double x, double y, double w, double h, const double *rgb)
{
    set_rgb(p->cr, rgb);
    cairo_rectangle(p->cr, x, y, w, h);
    cairo_fill(p->cr);
}

/* ---- Pages: header, footer, breaks ---- */

static void footer(pdf *p)
{
    const doc_m *d = p->d;
    style st = { 7.5, false, 1, PANGO_ALIGN_LEFT, C_GREY };
    double y = BOTTOM + 8;
    hline(p, LEFT, LEFT + CW, y, 0.5, C_RULE);
    char when[40], buf[512];
    fmt_time(d->generated, false, when, sizeof when);
    snprintf(buf, sizeof buf, "%s 生成于 %s", d->generator, when);
    text(p, LEFT, y + 3, CW * 0.6, buf, &st);
    if (p->total)
        snprintf(buf, sizeof buf, "第 %d / %d 页", p->page, p->total);
    else if (p->sheet_n)
        snprintf(buf, sizeof buf, "第 %d 页（%s第 %d/%d 页）", p->page, p->t ? "本人" : "汇总",
                 p->sheet_k, p->sheet_n);
    else
        snprintf(buf, sizeof buf, "第 %d 页", p->page);
    st.align = PANGO_ALIGN_RIGHT;
    text(p, LEFT + CW * 0.6, y + 3, CW * 0.4, buf, &st);
    st.align = PANGO_ALIGN_LEFT;
    text(p, LEFT, y + 14, CW,
         "本文件附有数字签名，任何改动都会被发现；可用 counterpart verify 校验。", &st);
}

/* The result box at the top right: a big percentage and 通过 / 未通过 (good 1 / 0), or a
 * neutral verdict such as 未练习 (good -1). */
/* A titled list of 姓名（工号）, a few names to a paragraph so a long list breaks across pages;
 * nothing when the list is empty. */
static void name_list(pdf *p, const char *title, const below_m *v, size_t n, const style *sm);

static void result_box(pdf *p, double x, double y, double w, double h, const char *big,
                       const char *label, const char *verdict, int good)
{
    const double *c = good > 0 ? C_PASS : good == 0 ? C_FAIL : C_GREY;
    cairo_set_line_width(p->cr, 1.5);
    set_rgb(p->cr, c);
    cairo_rectangle(p->cr, x, y, w, h);
    cairo_stroke(p->cr);
    style st = { 8, false, 1, PANGO_ALIGN_CENTER, C_GREY };
    text(p, x, y + 4, w, label, &st);
    style sb = { 20, true, 1, PANGO_ALIGN_CENTER, C_TEXT };
    text(p, x, y + 15, w, big, &sb);
    fill_rect(p, x, y + h - 19, w, 19, c);
    style sv = { 11, true, 1, PANGO_ALIGN_CENTER, (const double[3]){ 1, 1, 1 } };
    text(p, x, y + h - 17.5, w, verdict, &sv);
}

/* One "label value" cell of the header grid. */
static double field(pdf *p, double x, double y, double w, const char *label, const char *value,
                    int lines)
{
    style sl = { 9, false, 1, PANGO_ALIGN_LEFT, C_GREY };
    style sv = { 10, true, lines, PANGO_ALIGN_LEFT, C_TEXT };
    double lw = text_w(p, label, &sl) + 6;
    text(p, x, y + 1, lw, label, &sl);
    return text(p, x + lw, y, w - lw - 12, *value ? value : "—", &sv);
}

static void header(pdf *p, bool continued)
{
    const doc_m *d = p->d;
    const trainee_m *t = p->t;
    double y = MARGIN;
    const double box_w = 118, box_h = 62, gw = CW - box_w - 14;
    char title[200], date[40], buf[200];
    fmt_time(d->generated, true, date, sizeof date);
    bool exam = d->exam_kind;
    snprintf(title, sizeof title, "社保服务沟通%s%s%s", exam ? "考核" : "练习",
             t ? "成绩单" : "成绩汇总", continued ? "（续）" : "");
    style st = { 17, true, 1, PANGO_ALIGN_LEFT, C_ACCENT };
    y += text(p, LEFT, y, gw, title, &st) + 6;

    if (t) {
        char pct[32];
        snprintf(pct, sizeof pct, "%.1f%%", t->percent);
        if (t->record)
            result_box(p, LEFT + CW - box_w, MARGIN, box_w, box_h, pct, "得分率",
                       t->passed ? "通过" : "未通过", t->passed ? 1 : 0);
        else   /* not taking part is neither a pass nor a fail */
            result_box(p, LEFT + CW - box_w, MARGIN, box_w, box_h, "—",
                       d->exam_kind ? "得分率" : "练习得分率", t->practised ? "无作答记录" : "未练习", -1);
        /* the name gets the widest column */
        double c1 = gw * 0.42, c2 = gw * 0.29;
        double h = field(p, LEFT, y, c1, "姓名", t->name, 1);
        field(p, LEFT + c1, y, c2, "工号", t->staff_no, 1);
        field(p, LEFT + c1 + c2, y, gw - c1 - c2, "班组", t->group, 1);
        y += h + 4;
        h = field(p, LEFT, y, c1, "考官", d->assessor, 1);
        field(p, LEFT + c1, y, c2, "日期", date, 1);
        snprintf(buf, sizeof buf, "%.0f%%", d->pass_mark);
        field(p, LEFT + c1 + c2, y, gw - c1 - c2, "及格线", buf, 1);
        y += h + 4;
        y += field(p, LEFT, y, gw, d->exam_kind && t->runs.n ? "考试" : "范围", t->exam, 2) + 4;
    } else {
        /* pass counts are over the trainees with a record: not taking part is not failing */
        size_t npass = 0, nrec = 0;
        for (size_t i = 0; i < d->ntr; i++) {
            nrec += d->tr[i].record;
            npass += d->tr[i].record && d->tr[i].passed;
        }
        char big[32];
        snprintf(big, sizeof big, "%zu / %zu", npass, nrec);
        result_box(p, LEFT + CW - box_w, MARGIN, box_w, box_h, big,
                   nrec < d->ntr ? "通过人数（有作答者）" : "通过人数",
                   npass == nrec ? "全部通过" : "有人未通过", npass == nrec ? 1 : 0);
        double cw3 = gw / 3;
        snprintf(buf, sizeof buf, "%zu 人", d->ntr);
        double h = field(p, LEFT, y, cw3, "学员", buf, 1);
        field(p, LEFT + cw3, y, cw3, "考官", d->assessor, 1);
        field(p, LEFT + 2 * cw3, y, cw3, "日期", date, 1);
        y += h + 4;
        snprintf(buf, sizeof buf, "%.0f%%", d->pass_mark);
        h = field(p, LEFT, y, cw3, "及格线", buf, 1);
        snprintf(buf, sizeof buf, "%zu 人", npass);
        field(p, LEFT + cw3, y, cw3, "通过", buf, 1);
        snprintf(buf, sizeof buf, "%zu 人", nrec - npass);
        field(p, LEFT + 2 * cw3, y, cw3, "未通过", buf, 1);
        y += h + 4;
        if (nrec < d->ntr) {
            /* not taking part is counted apart from 通过 / 未通过 */
            if (d->nidle && d->nidle < d->ntr - nrec)
                snprintf(buf, sizeof buf, "%zu 人（未练习 %zu）", d->ntr - nrec, d->nidle);
            else
                snprintf(buf, sizeof buf, "%zu 人", d->ntr - nrec);
            h = field(p, LEFT + 2 * cw3, y, cw3, d->nidle == d->ntr - nrec ? "未练习" : "无作答记录",
                      buf, 1);
            double hl = field(p, LEFT, y, 2 * cw3, "范围", d->label, 2);
            y += (hl > h ? hl : h) + 4;
        } else {
            y += field(p, LEFT, y, gw, "范围", d->label, 2) + 4;
        }
    }
    if (y < MARGIN + box_h + 6)
        y = MARGIN + box_h + 6;
    hline(p, LEFT, LEFT + CW, y, 1.2, C_ACCENT);
    p->y = y + 10;
}

static void page_begin(pdf *p)
{
    p->page++;
    bool continued = !p->first_of_sheet;
    p->first_of_sheet = false;
    if (p->rec) {
        cairo_rectangle_t a4 = { 0, 0, PAGE_W, PAGE_H };
        cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &a4);
        if (p->npages == p->cap) {
            p->cap = p->cap ? 2 * p->cap : 8;
            p->pages = cp_xrealloc(p->pages, (size_t)p->cap * sizeof *p->pages);
        }
        p->pages[p->npages++] = s;
        p->cr = cairo_create(s);
    }
    if (p->total && !continued) {
        char name[300], link[32];
        if (p->t)
            snprintf(name, sizeof name, "%s %s", p->t->name, p->t->staff_no);
        else
            snprintf(name, sizeof name, "汇总");
        snprintf(link, sizeof link, "page=%d", p->page);
        cairo_pdf_surface_add_outline(p->surf, CAIRO_PDF_OUTLINE_ROOT, name, link, 0);
    }
    header(p, continued);
}

static void page_end(pdf *p)
{
    if (p->rec) {   /* the footer is drawn when the sheet's pages are played (sheet_flush) */
        cairo_destroy(p->cr);
        p->cr = NULL;
        return;
    }
    footer(p);
    cairo_show_page(p->cr);
}

/* One pass: plays the sheet's recorded pages onto the file, each with its footer, the first
 * with the sheet's bookmark. */
static void sheet_flush(pdf *p)
{
    if (!p->rec)
        return;
    int first = p->page - p->npages + 1;
    for (int k = 0; k < p->npages; k++) {
        p->cr = p->real;
        cairo_set_source_surface(p->cr, p->pages[k], 0, 0);
        cairo_paint(p->cr);
        p->page = first + k;
        p->sheet_k = k + 1;
        p->sheet_n = p->npages;
        footer(p);
        if (k == 0) {
            char name[300], link[32];
            if (p->t)
                snprintf(name, sizeof name, "%s %s", p->t->name, p->t->staff_no);
            else
                snprintf(name, sizeof name, "汇总");
            snprintf(link, sizeof link, "page=%d", p->page);
            cairo_pdf_surface_add_outline(p->surf, CAIRO_PDF_OUTLINE_ROOT, name, link, 0);
        }
        cairo_show_page(p->cr);
        cairo_surface_destroy(p->pages[k]);
    }
    p->page = first + p->npages - 1;
    p->npages = 0;
    p->sheet_n = 0;
}

/* Makes room for h points: a new page (header repeated) when they do not fit. True on a break. */
static bool need(pdf *p, double h)
{
    if (p->y + h <= BOTTOM)
        return false;
    page_end(p);
    page_begin(p);
    return true;
}

static void section(pdf *p, const char *title, double follow)
{
    style st = { 11.5, true, 1, PANGO_ALIGN_LEFT, C_ACCENT };
    double h = text_h(p, title, CW, &st);
    need(p, h + 6 + follow);
    fill_rect(p, LEFT, p->y + 2, 3, h - 3, C_ACCENT);
    text(p, LEFT + 8, p->y, CW - 8, title, &st);
    p->y += h + 4;
}

/* ---- Tables ---- */

typedef struct col {
    const char *head;
    double w;
    PangoAlignment align;
    int lines;
} col;

#define PAD 3.5

static void table_head(pdf *p, const col *cols, int n)
{
    style st = { 8.5, true, 1, PANGO_ALIGN_LEFT, C_TEXT };
    double h = text_h(p, "表", 100, &st) + 2 * PAD;
    need(p, h);
    fill_rect(p, LEFT, p->y, CW, h, C_HEAD);
    double x = LEFT;
    for (int i = 0; i < n; i++) {
        st.align = cols[i].align;
        text(p, x + PAD, p->y + PAD, cols[i].w - 2 * PAD, cols[i].head, &st);
        x += cols[i].w;
    }
    p->y += h;
}


static void name_list(pdf *p, const char *title, const below_m *v, size_t n, const style *sm)
{
    if (!n)
        return;
    p->y += 8;
    section(p, title, 30);
    enum { PER_LINE = 8 };
    for (size_t i = 0; i < n; i += PER_LINE) {
        cp_bytes line = { 0 };
        for (size_t k = i; k < n && k < i + PER_LINE; k++)
            cp_bytes_addf(&line, "%s%s（%s）", k > i ? "、" : "", v[k].name,
                          *v[k].staff_no ? v[k].staff_no : "无工号");
        double h = text_h(p, (const char *)line.data, CW, sm);
        need(p, h + 2);
        p->y += text(p, LEFT, p->y, CW, (const char *)line.data, sm) + 2;
        cp_bytes_free(&line);
    }
}

/* One row; cells[i] may start with a marker of mark[i] bytes drawn in red. Breaks the page (and
 * repeats the column heads) when the row does not fit. */
static void table_row(pdf *p, const col *cols, int n, const char *const *cells,
                      const size_t *mark, int index)
{
    double h = 0;
    for (int i = 0; i < n; i++) {
        style st = { 8.5, false, cols[i].lines, cols[i].align, C_TEXT };
        double ch = text_h(p, cells[i], cols[i].w - 2 * PAD, &st);
        if (ch > h)
            h = ch;
    }
    h += 2 * PAD;
    if (need(p, h))
        table_head(p, cols, n);
    if (index % 2)
        fill_rect(p, LEFT, p->y, CW, h, C_SHADE);
    double x = LEFT;
    for (int i = 0; i < n; i++) {
        style st = { 8.5, false, cols[i].lines, cols[i].align, C_TEXT };
        text_mark(p, x + PAD, p->y + PAD, cols[i].w - 2 * PAD, cells[i], &st, mark ? mark[i] : 0);
        x += cols[i].w;
    }
    p->y += h;
    hline(p, LEFT, LEFT + CW, p->y, 0.4, C_RULE);
}

/* ---- Chart: horizontal bars of rates 0..1, the pass mark as a dashed line; whiskers (sd)
 * optional. Split over pages in chunks when long. ---- */

typedef struct bar {
    const char *name;
    bool has;
    double v, sd;   /* sd < 0: no whisker */
} bar;

static void chart(pdf *p, const bar *bars, size_t n, double pass_mark, const char *what)
{
    const double row = n > 8 ? 15 : 17, label_w = 132, top_pad = 16, axis_h = 16;
    const double x0 = LEFT + label_w + 8, x1 = LEFT + CW - 44, bw = x1 - x0;
    size_t i = 0;
    while (i < n) {
        /* keep at least four rows (or all that are left) together */
        size_t keep = n - i < 4 ? n - i : 4;
        need(p, top_pad + (double)keep * row + axis_h);
        size_t fit = (size_t)((BOTTOM - p->y - top_pad - axis_h) / row);
        if (fit < 1)
            fit = 1;
        if (fit > n - i)
            fit = n - i;
        size_t rest = n - i - fit; /* never leave one or two rows alone on the next page */
        if (rest > 0 && rest < 3 && fit > 3 - rest + 1)
            fit -= 3 - rest;
        double top = p->y + top_pad, h = (double)fit * row;
        style sl = { 8, false, 1, PANGO_ALIGN_RIGHT, C_TEXT };
        style sg = { 7, false, 1, PANGO_ALIGN_CENTER, C_GREY };
        /* grid and axis labels */
        for (int g = 0; g <= 4; g++) {
            double gx = x0 + bw * g / 4;
            cairo_set_line_width(p->cr, 0.4);
            set_rgb(p->cr, C_RULE);
            cairo_move_to(p->cr, gx, top);
            cairo_line_to(p->cr, gx, top + h);
            cairo_stroke(p->cr);
            char lab[16];
            snprintf(lab, sizeof lab, "%d%%", g * 25);
            text(p, gx - 20, top + h + 3, 40, lab, &sg);
        }
        style sw = { 7, false, 1, PANGO_ALIGN_LEFT, C_GREY };
        text(p, LEFT, top + h + 3, label_w, what, &sw);
        for (size_t k = 0; k < fit; k++) {
            const bar *b = &bars[i + k];
            double ry = top + (double)k * row;
            text(p, LEFT, ry + 3, label_w, b->name, &sl);
            style sv = { 8, true, 1, PANGO_ALIGN_LEFT, C_TEXT };
            if (!b->has) {
                sv.rgb = C_GREY;
                sv.bold = false;
                sv.align = PANGO_ALIGN_RIGHT;
            text(p, x1 + 2, ry + 3, LEFT + CW - x1 - 2, "无数据", &sv);
                continue;
            }
            double v = b->v < 0 ? 0 : b->v > 1 ? 1 : b->v;
            fill_rect(p, x0, ry + 3, bw * v, row - 6, v * 100 + 1e-9 >= pass_mark ? C_PASS : C_WARN);
            if (b->sd >= 0) {
                double lo = v - b->sd < 0 ? 0 : v - b->sd, hi = v + b->sd > 1 ? 1 : v + b->sd;
                double cy = ry + row / 2;
                cairo_set_line_width(p->cr, 0.9);
                set_rgb(p->cr, C_TEXT);
                cairo_move_to(p->cr, x0 + bw * lo, cy);
                cairo_line_to(p->cr, x0 + bw * hi, cy);
                cairo_move_to(p->cr, x0 + bw * lo, cy - 3.5);
                cairo_line_to(p->cr, x0 + bw * lo, cy + 3.5);
                cairo_move_to(p->cr, x0 + bw * hi, cy - 3.5);
                cairo_line_to(p->cr, x0 + bw * hi, cy + 3.5);
                cairo_stroke(p->cr);
            }
            char lab[16];
            snprintf(lab, sizeof lab, "%.0f%%", v * 100);
            sv.align = PANGO_ALIGN_RIGHT;
            text(p, x1 + 2, ry + 3, LEFT + CW - x1 - 2, lab, &sv);
        }
        /* the pass mark */
        double pm = pass_mark < 0 ? 0 : pass_mark > 100 ? 100 : pass_mark;
        double px = x0 + bw * pm / 100;
        cairo_set_line_width(p->cr, 1.1);
        set_rgb(p->cr, C_FAIL);
        double dash[] = { 3, 2 };
        cairo_set_dash(p->cr, dash, 2, 0);
        cairo_move_to(p->cr, px, top - 3);
        cairo_line_to(p->cr, px, top + h);
        cairo_stroke(p->cr);
        cairo_set_dash(p->cr, NULL, 0, 0);
        char lab[32];
        snprintf(lab, sizeof lab, "及格线 %.0f%%", pass_mark);
        style sp = { 7, true, 1, PANGO_ALIGN_CENTER, C_FAIL };
        text(p, px - 40, top - 14, 80, lab, &sp);
        hline(p, x0, x1, top + h, 0.6, C_GREY);
        p->y = top + h + axis_h + 6;
        i += fit;
    }
}

/* ---- The trainee sheet ---- */

static void sheet(pdf *p, const trainee_m *t)
{
    const doc_m *d = p->d;
    p->t = t;
    p->first_of_sheet = true;
    page_begin(p);
    char buf[512], b2[64], b3[64];
    if (!t->practised && !t->runs.n) {
        /* 未练习: one short page to file, not empty tables */
        style sn = { 10, false, 0, PANGO_ALIGN_LEFT, C_TEXT };
        section(p, "练习记录", 40);
        p->y += text(p, LEFT, p->y, CW, "未练习：所选范围内没有该学员的练习记录，不计入通过或未通过。",
                      &sn) + 12;
        goto comments;
    }

    /* criteria table */
    section(p, "评分项", 40);
    const col cc[] = { { "评分项", 128, PANGO_ALIGN_LEFT, 2 },
                       { "达标/考核", 56, PANGO_ALIGN_CENTER, 1 },
                       { "达标率", 48, PANGO_ALIGN_CENTER, 1 },
                       { "证据摘录", CW - 232, PANGO_ALIGN_LEFT, 1 } };
    table_head(p, cc, 4);
    for (size_t i = 0; i < t->ncrit; i++) {
        const crit_m *c = &t->crit[i];
        char ratio[32], rate[32];
        snprintf(ratio, sizeof ratio, "%d/%d", c->met, c->total);
        if (c->has_rate)
            snprintf(rate, sizeof rate, "%.0f%%", c->rate * 100);
        else
            snprintf(rate, sizeof rate, "—");
        const char *cells[] = { c->name, ratio, rate, *c->evidence ? c->evidence : "—" };
        size_t mark[] = { 0, 0, 0, c->overridden ? strlen("【改判】") : 0 };
        table_row(p, cc, 4, cells, mark, (int)i);
    }
    if (!t->ncrit) {
        const char *cells[] = { "（无评分项）", "", "", "" };
        table_row(p, cc, 4, cells, NULL, 0);
    }
    p->y += 10;

    /* chart */
    section(p, "评分项达标率", 60);
    bar *bars = cp_xcalloc(t->ncrit + 1, sizeof *bars);
    for (size_t i = 0; i < t->ncrit; i++)
        bars[i] = (bar){ t->crit[i].name, t->crit[i].has_rate, t->crit[i].rate, -1 };
    chart(p, bars, t->ncrit, d->pass_mark, "达标率（达标轮次 / 考核轮次）");
    free(bars);

    /* scenarios and the citizen's 好差评 */
    section(p, "情景与群众好差评", 40);
    style sm = { 8.5, false, 0, PANGO_ALIGN_LEFT, C_TEXT };
    if (t->runs.n && !d->exam_kind) {
        style sh = { 9, true, 1, PANGO_ALIGN_LEFT, C_ACCENT };
        need(p, 16);
        p->y += text(p, LEFT, p->y, CW, "考试记录（单独计分，不计入练习得分率）", &sh) + 2;
    }
    for (size_t i = 0; i < t->runs.n; i++) {
        double h = text_h(p, t->runs.v[i], CW, &sm);
        need(p, h + 2);
        p->y += text(p, LEFT, p->y, CW, t->runs.v[i], &sm) + 2;
    }
    if (t->runs.n)
        p->y += 3;
    const col sc[] = { { "情景", CW - 330, PANGO_ALIGN_LEFT, 2 },
                       { "方式", 34, PANGO_ALIGN_CENTER, 1 },
                       { "处理结果", 70, PANGO_ALIGN_LEFT, 2 },
                       { "好差评", 132, PANGO_ALIGN_LEFT, 2 },
                       { "得分", 94, PANGO_ALIGN_RIGHT, 2 } };
    table_head(p, sc, 5);
    for (size_t i = 0; i < t->nscen; i++) {
        const scen_m *s = &t->scen[i];
        char stars[200];
        if (s->rating) {
            char st5[40] = "";
            for (int k = 1; k <= 5; k++)
                strcat(st5, k <= s->rating ? "★" : "☆");
            snprintf(stars, sizeof stars, "%s %d/5 %s", st5, s->rating, s->rating_name);
        } else {
            snprintf(stars, sizeof stars, "未评价");
        }
        fmt_pts(s->score, b2, sizeof b2);
        fmt_pts(s->max, b3, sizeof b3);
        snprintf(buf, sizeof buf, "%s/%s（%.1f%%）", b2, b3, s->percent);
        const char *cells[] = { s->title, s->mode, *s->outcome_name ? s->outcome_name : "—", stars,
                                buf };
        table_row(p, sc, 5, cells, NULL, (int)i);
    }
    if (t->nscen) {   /* which weights graded these replies (they change when trainers teach) */
        char line[320];
        snprintf(line, sizeof line, "自动评分版本：%s", t->models[0] ? t->models : "未记录");
        style sv = { 7.5, false, 1, PANGO_ALIGN_LEFT, C_GREY };
        need(p, 12);
        p->y += 3 + text(p, LEFT, p->y + 3, CW, line, &sv);
    }
    p->y += 10;

    /* every reply with its result and evidence, session by session (a class; a whole centre's
     * sheet would run to thousands of pages: it says where each trainee's replies are) */
    if (t->nscen && !d->detail) {
        style sn = { 8.5, false, 0, PANGO_ALIGN_LEFT, C_GREY };
        /* each session: when, replies, hints, retries, timer - in blocks of up to 20 lines (a
         * layout per block, not per line: a centre's sheet has thousands of trainees; a block
         * always fits a page) */
        for (size_t i0 = 0; i0 < t->nscen; i0 += 20) {
            cp_bytes hb = { 0 };
            for (size_t i = i0; i < t->nscen && i < i0 + 20; i++)
                cp_bytes_addf(&hb, "%s%s", i > i0 ? "\n" : "", t->scen[i].head ? t->scen[i].head : "");
            cp_bytes_add(&hb, "", 1);
            double hh = text_h(p, (const char *)hb.data, CW, &sn);
            need(p, hh + 2);
            p->y += text(p, LEFT, p->y, CW, (const char *)hb.data, &sn) + 2;
            cp_bytes_free(&hb);
        }
        p->y += 4;
        char note[320];
        snprintf(note, sizeof note, "本成绩单含 %zu 名学员，逐条作答明细未列出；单人导出可见每条作答及其证据：counterpart "
                 "export --trainee %s --format pdf", d->ntr, t->staff_no);
        need(p, 24);
        p->y += text(p, LEFT, p->y, CW, note, &sn) + 6;
    }
    if (t->nscen && d->detail) {
        section(p, "作答明细", 60);
        const col dc[] = { { "轮", 44, PANGO_ALIGN_CENTER, 1 },
                           { "学员作答", CW - 44 - 40 - 190, PANGO_ALIGN_LEFT, 12 },
                           { "得分", 40, PANGO_ALIGN_CENTER, 1 },
                           { "评分项与证据", 190, PANGO_ALIGN_LEFT, 16 } };
        style sh = { 9, true, 3, PANGO_ALIGN_LEFT, C_ACCENT };
        for (size_t i = 0; i < t->nscen; i++) {
            const scen_m *s = &t->scen[i];
            double hh = text_h(p, s->head, CW, &sh);
            need(p, hh + 40);
            p->y += text(p, LEFT, p->y, CW, s->head, &sh) + 3;
            table_head(p, dc, 4);
            for (size_t k = 0; k < s->rows.n; k++) {
                char *dup = cp_xstrdup(s->rows.v[k]);
                const char *cells[4] = { "", "", "", "" };
                char *q = dup;
                for (int j = 0; j < 4 && q; j++) {
                    cells[j] = q;
                    q = strchr(q, '\x1f');
                    if (q)
                        *q++ = '\0';
                }
                table_row(p, dc, 4, cells, NULL, (int)k);
                free(dup);
            }
            if (!s->rows.n) {
                const char *cells[4] = { "", "（没有作答）", "", "" };
                table_row(p, dc, 4, cells, NULL, 0);
            }
            p->y += 8;
        }
    }

    /* overrides and comments */
    section(p, "考官评语与改判", 40);
    if (!t->overrides.n) {
        need(p, 14);
        p->y += text(p, LEFT, p->y, CW, "本次无改判。", &sm) + 4;
    }
    for (size_t i = 0; i < t->overrides.n; i++) {
        style so = { 8.5, false, 8, PANGO_ALIGN_LEFT, C_TEXT };
        double h = text_h(p, t->overrides.v[i], CW - 14, &so);
        need(p, h + 4);
        style sk = { 8.5, true, 1, PANGO_ALIGN_LEFT, C_FAIL };
        text(p, LEFT, p->y, 14, "•", &sk);
        p->y += text(p, LEFT + 12, p->y, CW - 14, t->overrides.v[i], &so) + 4;
    }
comments:;
    const int comment_lines = 4;
    const double lh = 20;
    need(p, 14 + comment_lines * lh);
    style sl = { 9, false, 1, PANGO_ALIGN_LEFT, C_GREY };
    text(p, LEFT, p->y + 2, 60, "评语：", &sl);
    for (int i = 1; i <= comment_lines; i++)
        hline(p, LEFT + (i == 1 ? 34 : 0), LEFT + CW, p->y + i * lh - 4, 0.5, C_RULE);
    p->y += comment_lines * lh + 10;

    /* signatures */
    need(p, 30);
    style ss = { 9.5, false, 1, PANGO_ALIGN_LEFT, C_TEXT };
    double half = CW / 2, sy = p->y + 10;
    const char *who[] = { "考官签字", "学员签字" };
    for (int i = 0; i < 2; i++) {
        double x = LEFT + i * half;
        double w1 = text_w(p, who[i], &ss);
        text(p, x, sy, w1 + 2, who[i], &ss);
        hline(p, x + w1 + 4, x + w1 + 104, sy + 12, 0.7, C_TEXT);
        double w2 = text_w(p, "日期", &ss);
        text(p, x + w1 + 112, sy, w2 + 2, "日期", &ss);
        hline(p, x + w1 + 116 + w2, x + half - 12, sy + 12, 0.7, C_TEXT);
    }
    p->y = sy + 24;
    page_end(p);
}

/* ---- The cohort page ---- */

static void cohort(pdf *p)
{
    const doc_m *d = p->d;
    p->t = NULL;
    p->first_of_sheet = true;
    page_begin(p);
    char c1[32], c2[32], c3[32], c4[32], c5[32];

    section(p, "各评分项达标率（全体学员）", 40);
    const col cc[] = { { "评分项", CW - 280, PANGO_ALIGN_LEFT, 1 },
                       { "人数", 40, PANGO_ALIGN_CENTER, 1 },
                       { "平均", 60, PANGO_ALIGN_RIGHT, 1 },
                       { "标准差", 60, PANGO_ALIGN_RIGHT, 1 },
                       { "最低", 60, PANGO_ALIGN_RIGHT, 1 },
                       { "最高", 60, PANGO_ALIGN_RIGHT, 1 } };
    table_head(p, cc, 6);
    for (size_t i = 0; i < d->ncs; i++) {
        const cstat_m *s = &d->cs[i];
        snprintf(c1, sizeof c1, "%d", s->n);
        snprintf(c2, sizeof c2, "%.1f%%", s->mean * 100);
        snprintf(c3, sizeof c3, "%.1f%%", s->sd * 100);
        snprintf(c4, sizeof c4, "%.1f%%", s->min * 100);
        snprintf(c5, sizeof c5, "%.1f%%", s->max * 100);
        const char *cells[] = { s->name, c1, c2, c3, c4, c5 };
        table_row(p, cc, 6, cells, NULL, (int)i);
    }
    p->y += 10;

    section(p, "平均达标率与离散程度", 60);
    bar *bars = cp_xcalloc(d->ncs + 1, sizeof *bars);
    for (size_t i = 0; i < d->ncs; i++)
        bars[i] = (bar){ d->cs[i].name, d->cs[i].n > 0, d->cs[i].mean, d->cs[i].sd };
    chart(p, bars, d->ncs, d->pass_mark, "条为平均值，横线为 ±1 个标准差");
    free(bars);

    section(p, "最薄弱的评分项", 20);
    style sm = { 9, false, 0, PANGO_ALIGN_LEFT, C_TEXT };
    if (!d->weakest.n) {
        need(p, 14);
        p->y += text(p, LEFT, p->y, CW, d->weakest_min ? "没有作答次数足够、且未全部达标的评分项。" : "无数据。",
                     &sm) + 4;
    }
    for (size_t i = 0; i < d->weakest.n; i++) {
        double h = text_h(p, d->weakest.v[i], CW, &sm);
        need(p, h + 3);
        p->y += text(p, LEFT + 6, p->y, CW - 6, d->weakest.v[i], &sm) + 3;
    }
    if (d->weakest_min) {
        char rule[160];
        snprintf(rule, sizeof rule, "只比较作答不少于 %d 次的评分项：次数太少的不足以说明薄弱。", d->weakest_min);
        style sg = { 8, false, 2, PANGO_ALIGN_LEFT, C_GREY };
        need(p, 12);
        p->y += text(p, LEFT + 6, p->y, CW - 6, rule, &sg) + 2;
    }
    p->y += 8;

    snprintf(c1, sizeof c1, "%.0f%%", d->pass_mark);
    char title[96];
    snprintf(title, sizeof title, "未达及格线（%s）的学员", c1);
    section(p, title, 30);
    if (!d->nbelow) {
        need(p, 14);
        p->y += text(p, LEFT, p->y, CW,
                     d->nnorec ? "有作答记录的学员全部达到及格线。" : "全部学员达到及格线。", &sm) + 4;
    } else {
        const col bc[] = { { "姓名", CW - 200, PANGO_ALIGN_LEFT, 1 },
                           { "工号", 100, PANGO_ALIGN_LEFT, 1 },
                           { "得分率", 100, PANGO_ALIGN_RIGHT, 1 } };
        table_head(p, bc, 3);
        for (size_t i = 0; i < d->nbelow; i++) {
            snprintf(c2, sizeof c2, "%.1f%%", d->below[i].percent);
            const char *cells[] = { d->below[i].name, d->below[i].staff_no, c2 };
            table_row(p, bc, 3, cells, NULL, (int)i);
        }
    }
    /* trainees with no counted turn: their own list, never among those below the pass mark;
     * members who did not practise at all (未练习) apart from those who opened a session */
    name_list(p, "无作答记录的学员（未计入均值与不及格名单）", d->norec, d->nnorec, &sm);
    name_list(p, "未练习的学员（所选范围内没有练习记录）", d->idle, d->nidle, &sm);
    /* exam runs: scored by the exam's own rule, never mixed into the practice percentages */
    if (d->runs.n && !d->exam_kind) {
        p->y += 8;
        section(p, "考试记录（单独计分，不计入练习得分率）", 40);
        const col rc[] = { { "姓名", 80, PANGO_ALIGN_LEFT, 1 },
                           { "工号", 62, PANGO_ALIGN_LEFT, 1 },
                           { "考试", CW - 80 - 62 - 92 - 56 - 50, PANGO_ALIGN_LEFT, 2 },
                           { "开始", 92, PANGO_ALIGN_LEFT, 1 },
                           { "得分率", 56, PANGO_ALIGN_RIGHT, 1 },
                           { "结果", 50, PANGO_ALIGN_CENTER, 1 } };
        table_head(p, rc, 6);
        for (size_t i = 0; i < d->runs.n; i++) {
            char *cells[6] = { 0 };
            char *dup = cp_xstrdup(d->runs.v[i]), *save = NULL;
            int k = 0;
            for (char *tok = strtok_r(dup, "\t", &save); tok && k < 6; tok = strtok_r(NULL, "\t", &save))
                cells[k++] = tok;
            for (; k < 6; k++)
                cells[k] = "";
            table_row(p, rc, 6, (const char *const *)cells, NULL, (int)i);
            free(dup);
        }
    }
    page_end(p);
}

/* ---- Output ---- */

static cairo_status_t to_bytes(void *closure, const unsigned char *data, unsigned int len)
{
    if (closure)
        cp_bytes_add(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* Draws the whole file once; out NULL discards the bytes. Returns the page count, -1 on error. */
static int render(pdf *p, cp_bytes *out, cp_error *err)
{
    const doc_m *d = p->d;
    p->surf = cairo_pdf_surface_create_for_stream(to_bytes, out, PAGE_W, PAGE_H);
    p->cr = cairo_create(p->surf);
    p->page = 0;
    pango_cairo_update_context(p->cr, p->pc);
    char title[512];
    snprintf(title, sizeof title, "社保服务沟通%s — %s", d->exam ? "考核成绩单" : "练习成绩单",
             d->label);
    cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_SUBJECT, d->label);
    cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_AUTHOR,
                                   *d->assessor ? d->assessor : d->generator);
    cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATOR, d->generator);
    cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATE_DATE, d->generated);
    p->real = p->cr;
    for (size_t i = 0; i < d->ntr; i++) {
        sheet(p, &d->tr[i]);
        sheet_flush(p);
    }
    if (d->ntr > 1) {
        cohort(p);
        sheet_flush(p);
    }
    p->cr = p->real;
    free(p->pages);
    p->pages = NULL;
    p->cap = 0;
    cairo_status_t st = cairo_status(p->cr);
    cairo_destroy(p->cr);
    cairo_surface_finish(p->surf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(p->surf);
    cairo_surface_destroy(p->surf);
    p->cr = NULL;
    p->surf = NULL;
    if (st != CAIRO_STATUS_SUCCESS)
        return cp_error_set(err, "", 0, "生成 PDF 失败：%s", cairo_status_to_string(st));
    return p->page;
}

/* The file format of the face pango chose for font ("TrueType", "CFF", ...), into buf. */
static void font_format(PangoFont *font, char *buf, size_t size)
{
    snprintf(buf, size, "?");
    if (!PANGO_IS_FC_FONT(font))
        return;
    FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
    FcChar8 *fmt = NULL;
    if (pat && FcPatternGetString(pat, FC_FONTFORMAT, 0, &fmt) == FcResultMatch && fmt)
        snprintf(buf, size, "%s", (const char *)fmt);
}

int cp_export_pdf(const cJSON *doc, const char *font_family, cp_bytes *out, cp_error *err)
{
    doc_m d = { 0 };
    if (model_read(doc, &d, err) < 0) {
        model_free(&d);
        return -1;
    }
    const char *family = font_family && *font_family ? font_family : DEFAULT_FONT;
    /* a private font map on the process's fontconfig setup (a private FcConfig would outlive
     * FcFini in a process that also draws a window) */
    PangoFontMap *fm = pango_cairo_font_map_new();
    PangoContext *pc = pango_font_map_create_context(fm);
    pango_cairo_context_set_resolution(pc, 72);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pc, fo);
    cairo_font_options_destroy(fo);

    int rc = -1;
    pdf p = { .pc = pc, .family = family, .d = &d };
    p.layouts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
    /* the family must be there as asked (no silent substitute), hold Chinese glyphs (else
     * boxes), and be TrueType (a CFF face is refused: cairo 1.16 subsets it badly) */
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, family);
    pango_font_description_set_absolute_size(fd, 10 * PANGO_SCALE);
    PangoFont *font = pango_font_map_load_font(fm, pc, fd);
    pango_font_description_free(fd);
    bool has_cjk = font && pango_font_has_char(font, 0x793E /* 社 */) &&
                   pango_font_has_char(font, 0x8003 /* 考 */);
    bool same = false;
    char format[32] = "?";
    if (font) {
        PangoFontDescription *got = pango_font_describe(font);
        const char *gf = pango_font_description_get_family(got);
        same = gf && strcasecmp(gf, family) == 0;
        pango_font_description_free(got);
        font_format(font, format, sizeof format);
        same = same && strcmp(format, "CFF") != 0;
        g_object_unref(font);
    }
    if (!same) {
        cp_error_set(err, "", 0, "PDF 字体“%s”不可用：未安装，或不是 TrueType 字体（CFF/OpenType 字体在 "
                     "PDF 中会丢字）。请安装 fonts-wqy-microhei，或用 --font 指定一种 TrueType 中文字体",
                     family);
        goto done;
    }
    if (!has_cjk) {
        cp_error_set(err, "", 0, "字体“%s”不含中文字形，无法生成 PDF（请安装 fonts-wqy-microhei 或用 --font 指定中文字体）",
                     family);
        goto done;
    }

    if (d.ntr > ONE_PASS_OVER) {
        /* a centre's sheet: one pass, pages numbered within each trainee's sheet */
        p.rec = true;
    } else {
        int pages = render(&p, NULL, err); /* counting pass */
        if (pages < 0)
            goto done;
        p.total = pages;
    }
    size_t start = out->len;
    if (render(&p, out, err) < 0) {
        out->len = start;
        goto done;
    }
    rc = 0;
done:
    g_hash_table_destroy(p.layouts);
    g_object_unref(pc);
    g_object_unref(fm);
    model_free(&d);
    return rc;
}
