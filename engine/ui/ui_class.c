/* ui_class.c - the classroom mode's display-free model (cp_ui_class.h): the class roster and its
 * import, who is at the keyboard, recording the class session turn by turn, the discussion card,
 * the case review (案例拆解) with re-graded evidence, the trainer's override form, the cohort
 * summary and the export of the group's score sheets.
 * Must not: draw, know SDL, or change the window model's session (it only reads it). */
#include "cp_ui_class.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cp_export.h"
#include "cp_sign.h"
#include "cp_utf8.h"

struct cp_ui_class {
    cp_ui *ui;
    cp_records *db;
    const cp_scorer *scorer;
    cp_class_view view, back;       /* back: the view the override form returns to */
    unsigned serial;
    char msg[2048];
    char trainer[96];
    char *export_dir;
    /* roster */
    cp_strlist groups;
    int group_sel;
    char group[128];
    cp_trainee *members;
    size_t nmembers;
    cp_ui_edit path;
    int focus;
    char report[256];
    cp_strlist problems;
    /* keyboard and recording */
    int kb;
    bool rotate;
    const cp_session *rec_s;
    size_t rec_turns;
    bool rec_ended;
    int64_t session, session_trainee;
    /* discussion */
    const cp_node *dnode;
    const char *dcitizen;
    cp_class_crit *dcrit;
    size_t ndcrit;
    /* cases */
    char case_scen[128], case_node[128];
    cp_rec_turn *cases;
    size_t ncases;
    char (*case_who)[256];
    cp_result *case_eval;           /* re-graded results (evidence), one per case */
    size_t case_first, case_sel, crit_sel;
    int per_page;
    bool locked;
    cp_ui_edit unlock;
    char ovtext[1024];
    /* override form */
    bool ov_met;
    cp_ui_edit ov_why, ov_pass;
    /* cohort and export */
    cp_class_cohort cohort;
    bool have_cohort;
    char cohort_status[512];
    /* the view's scroll (discussion card, cohort summary), pixels from the top */
    int scroll;
    /* the case review's heading: the turn number and the citizen's line at that node */
    int case_turn;
    char *case_citizen;
    cp_strlist exported;
    /* the room: the window's clock, the snapshot shown and a signature of what it shows */
    long long now;
    char since[32];
    cp_room room;
    bool have_room, room_err;
    uint64_t room_sig;
    unsigned room_live;
    char room_summary[320];
};

static void changed(cp_ui_class *c) { c->serial++; }

static void set_msg(cp_ui_class *c, const char *fmt, ...) CP_PRINTF(2, 3);
static void set_msg(cp_ui_class *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->msg, sizeof c->msg, fmt, ap);
    va_end(ap);
}

static void err_msg(cp_ui_class *c, const char *what, const cp_error *err)
{
    char buf[1600];
    set_msg(c, "%s：%s", what, cp_error_format(err, buf, sizeof buf));
}

/* ---- Roster ----------------------------------------------------------------------------- */

static void load_groups(cp_ui_class *c)
{
    cp_strlist_free(&c->groups);
    cp_error err;
    size_t n = 0;
    cp_trainee *all = cp_records_trainees(c->db, &n, &err);
    if (!all) {
        err_msg(c, "读取名单失败", &err);
        return;
    }
    for (size_t i = 0; i < n; i++) /* ordered by group: keep the first of each */
        if (all[i].group[0] && !cp_strlist_has(&c->groups, all[i].group))
            cp_strlist_push(&c->groups, all[i].group);
    free(all);
    if (c->group_sel >= (int)c->groups.n)
        c->group_sel = c->groups.n ? (int)c->groups.n - 1 : 0;
}

int cp_ui_class_choose_group(cp_ui_class *c, const char *group, cp_error *err)
{
    size_t n = 0;
    cp_trainee *all = cp_records_trainees(c->db, &n, err);
    if (!all)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(all[i].group, group))
            all[k++] = all[i];
    if (!k) {
        free(all);
        return cp_error_set(err, cp_records_path(c->db), 0, "班组“%s”里没有学员", group);
    }
    free(c->members);
    c->members = all;
    c->nmembers = k;
    snprintf(c->group, sizeof c->group, "%s", group);
    c->kb = 0;
    for (size_t i = 0; i < c->groups.n; i++)
        if (!strcmp(c->groups.v[i], group))
            c->group_sel = (int)i;
    changed(c);
    return 0;
}

int cp_ui_class_import(cp_ui_class *c, const char *path, cp_error *err)
{
    cp_roster *r = cp_roster_load(path, err);
    if (!r)
        return -1;
    cp_roster_report rep = { 0 };
    if (cp_records_import_roster(c->db, r, &rep, err) != 0) {
        cp_roster_free(r);
        return -1;
    }
    cp_strlist_free(&c->problems);
    char buf[1600];
    for (size_t i = 0; i < r->nproblems; i++)
        cp_strlist_push(&c->problems, cp_error_format(&r->problems[i], buf, sizeof buf));
    snprintf(c->report, sizeof c->report, "导入 %d 人，跳过 %zu 行（新增 %d，更新 %d，未变 %d；%s）",
             rep.added + rep.updated + rep.unchanged, r->nproblems, rep.added, rep.updated,
             rep.unchanged, r->encoding);
    /* choose the first group of the file, so the class is ready */
    char first[128] = "";
    for (size_t i = 0; i < r->nrows && !first[0]; i++)
        snprintf(first, sizeof first, "%s", r->rows[i].group);
    cp_roster_free(r);
    load_groups(c);
    if (first[0])
        cp_ui_class_choose_group(c, first, NULL);
    changed(c);
    return 0;
}

/* ---- Life ------------------------------------------------------------------------------- */

cp_ui_class *cp_ui_class_new(cp_ui *ui, cp_records *db, const cp_scorer *scorer)
{
    cp_ui_class *c = cp_xcalloc(1, sizeof *c);
    c->ui = ui;
    c->db = db;
    c->scorer = scorer;
    c->view = CP_CLASS_ROSTER;
    c->kb = -1;
    c->per_page = 3;
    snprintf(c->trainer, sizeof c->trainer, "培训师");
    c->export_dir = cp_xstrdup("score-sheets");
    c->path.max_bytes = 1024;
    c->ov_why.max_bytes = 500;
    c->ov_pass.max_bytes = 256;
    c->unlock.max_bytes = 256;
    cp_ui_edit_insert(&c->path, "", 0);
    load_groups(c);
    return c;
}

static void free_cases(cp_ui_class *c)
{
    cp_rec_turns_free(c->cases, c->ncases);
    free(c->case_who);
    free(c->case_eval);
    c->cases = NULL;
    c->case_who = NULL;
    c->case_eval = NULL;
    c->ncases = 0;
}

void cp_ui_class_free(cp_ui_class *c)
{
    if (!c)
        return;
    cp_strlist_free(&c->groups);
    cp_strlist_free(&c->problems);
    cp_strlist_free(&c->exported);
    free(c->members);
    free(c->dcrit);
    free_cases(c);
    free(c->case_citizen);
    cp_ui_edit_free(&c->path);
    cp_ui_edit_free(&c->ov_why);
    cp_ui_edit_clear(&c->ov_pass);
    cp_ui_edit_free(&c->ov_pass);
    cp_ui_edit_clear(&c->unlock);
    cp_ui_edit_free(&c->unlock);
    cp_class_cohort_free(&c->cohort);
    cp_room_free(&c->room);
    free(c->export_dir);
    free(c);
}

void cp_ui_class_set_trainer(cp_ui_class *c, const char *name)
{
    if (name && name[0])
        snprintf(c->trainer, sizeof c->trainer, "%s", name);
}

void cp_ui_class_set_export_dir(cp_ui_class *c, const char *dir)
{
    free(c->export_dir);
    c->export_dir = cp_xstrdup(dir && dir[0] ? dir : "score-sheets");
}

/* ---- Criteria names and definitions ------------------------------------------------------ */

const char *cp_ui_class_crit_desc(const cp_ui_class *c, const char *id)
{
    for (size_t i = 0; i < cp_scorer_count(c->scorer); i++)
        if (!strcmp(cp_scorer_id(c->scorer, i), id))
            return cp_scorer_desc(c->scorer, i);
    const cp_scenario *sc = cp_ui_scenario(c->ui);
    if (sc)
        for (size_t k = 0; k < sc->nnodes; k++)
            for (size_t j = 0; j < sc->nodes[k].nchecks; j++)
                if (!strcmp(sc->nodes[k].checks[j].id, id))
                    return sc->nodes[k].checks[j].note ? sc->nodes[k].checks[j].note : "";
    return "";
}

const char *cp_ui_class_crit_name(const cp_ui_class *c, const char *id)
{
    if (c->scorer)
        for (size_t i = 0; i < cp_scorer_count(c->scorer); i++)
            if (!strcmp(cp_scorer_id(c->scorer, i), id))
                return cp_scorer_name(c->scorer, i);
    if (!strcmp(id, "clarity.one_time_notice"))
        return "一次性告知";
    const cp_scenario *sc = cp_ui_scenario(c->ui);
    if (sc)
        for (size_t k = 0; k < sc->nnodes; k++)
            for (size_t j = 0; j < sc->nodes[k].nchecks; j++)
                if (!strcmp(sc->nodes[k].checks[j].id, id))
                    return sc->nodes[k].checks[j].name;
    return id;
}

/* ---- Recording -------------------------------------------------------------------------- */

static int64_t kb_id(const cp_ui_class *c)
{
    return c->kb >= 0 && (size_t)c->kb < c->nmembers ? c->members[c->kb].id : 0;
}

int cp_ui_class_sync(cp_ui_class *c)
{
    const cp_session *s = cp_ui_session(c->ui);
    if (!s)
        return 0;
    cp_error err;
    cp_error_clear(&err);
    size_t n = cp_session_nturns(s);
    bool fresh = s != c->rec_s || (c->rec_ended && n < c->rec_turns) || n + 1 < c->rec_turns;
    if (fresh) {
        if (!kb_id(c)) { /* recorded from the first sync after a class is chosen */
            if (!c->msg[0])
                set_msg(c, "未选择班组：选好班组后才开始记录（F8）。");
            return 0;
        }
        c->rec_s = s;
        c->rec_turns = n;
        c->rec_ended = false;
        c->session = 0;
        if (cp_records_session_start(c->db, kb_id(c), s, CP_MODE_CLASSROOM, 0, &c->session, &err) != 0) {
            err_msg(c, "无法记录课堂", &err);
            return CP_UI_CHANGED;
        }
        c->session_trainee = kb_id(c);
        return CP_UI_CHANGED;
    }
    if (!c->session)
        return 0;
    if (n < c->rec_turns) { /* the turn is being answered again */
        cp_session *again = cp_records_retry(c->db, c->session, cp_session_scenario(s),
                                             c->scorer, &err);
        if (!again)
            err_msg(c, "无法记录重答", &err);
        cp_session_free(again);
        c->rec_turns = n;
        return CP_UI_CHANGED;
    }
    if (n == c->rec_turns)
        return 0;
    cp_turn_meta meta = { .keyboard = kb_id(c) };
    if (cp_records_turn(c->db, c->session, s, &meta, &err) != 0) {
        err_msg(c, "本轮回答未能存入记录", &err);
        c->rec_turns = n;
        return CP_UI_CHANGED;
    }
    c->rec_turns = n;
    c->rec_ended = cp_session_ended(s);
    if (c->rotate && c->nmembers)
        c->kb = (c->kb + 1) % (int)c->nmembers;
    changed(c);
    return CP_UI_CHANGED;
}

/* ---- Discussion ------------------------------------------------------------------------- */

/* The node the class is looking at: the feedback turn's, else the current one. */
static const cp_node *focus_node(const cp_ui_class *c, const char **citizen)
{
    const cp_session *s = cp_ui_session(c->ui);
    const cp_scenario *sc = cp_ui_scenario(c->ui);
    if (!s || !sc)
        return NULL;
    const cp_turn *t = cp_ui_feedback_turn(c->ui);
    if (cp_ui_screen_now(c->ui) == CP_UI_FEEDBACK && t) {
        int k = cp_scenario_find(sc, t->node);
        if (citizen)
            *citizen = t->citizen;
        return k >= 0 ? &sc->nodes[k] : NULL;
    }
    if (cp_session_ended(s))
        return NULL;
    if (citizen)
        *citizen = cp_session_citizen(s);
    return cp_session_node(s);
}

static int open_discuss(cp_ui_class *c)
{
    const char *cit = NULL;
    const cp_node *nd = focus_node(c, &cit);
    if (!nd) {
        set_msg(c, "现在没有可讨论的回合。");
        return CP_UI_CHANGED;
    }
    c->dnode = nd;
    c->dcitizen = cit;
    free(c->dcrit);
    c->ndcrit = nd->criteria.n;
    c->dcrit = cp_xcalloc(c->ndcrit ? c->ndcrit : 1, sizeof *c->dcrit);
    for (size_t i = 0; i < c->ndcrit; i++) {
        const char *id = nd->criteria.v[i];
        c->dcrit[i] = (cp_class_crit){ id, cp_ui_class_crit_name(c, id), cp_ui_class_crit_desc(c, id) };
    }
    c->view = CP_CLASS_DISCUSS;
    c->scroll = 0;
    changed(c);
    return CP_UI_CHANGED;
}

/* ---- Case review ------------------------------------------------------------------------ */

static void load_cases(cp_ui_class *c)
{
    free_cases(c);
    cp_error err;
    int64_t *tr = NULL;
    size_t n = 0;
    c->locked = false;
    /* the class's answers: every seat's own sessions and this window's (a centre's server
     * holds other classes' too) */
    cp_rec_turn *t = cp_records_answers_at_group(c->db, c->case_scen, c->case_node, c->group,
                                                 &tr, &n, &err);
    if (!t) {
        if (cp_records_has_passphrase(c->db) && !cp_records_unlocked(c->db)) {
            c->locked = true;
            set_msg(c, "查看他人答案需要考官口令。");
        } else
            err_msg(c, "无法读取答案", &err);
        return;
    }
    c->cases = t;
    c->ncases = n;
    c->case_who = cp_xcalloc(n ? n : 1, sizeof *c->case_who);
    c->case_eval = cp_xcalloc(n ? n : 1, sizeof *c->case_eval);
    const cp_scenario *sc = cp_ui_scenario(c->ui);
    int k = sc ? cp_scenario_find(sc, c->case_node) : -1;
    for (size_t i = 0; i < n; i++) {
        cp_trainee who;
        int64_t id = t[i].keyboard ? t[i].keyboard : tr[i];
        if (cp_records_trainee_get(c->db, id, &who, &err) == 0)
            snprintf(c->case_who[i], sizeof c->case_who[i], "%s（%s）", who.name, who.staff_no);
        else
            snprintf(c->case_who[i], sizeof c->case_who[i], "学员 %lld", (long long)id);
        if (k >= 0 && c->scorer && t[i].reply) {
            const cp_node *nd = &sc->nodes[k];
            cp_score_ctx ctx = { .age = sc->persona.age, .notice = nd->notice,
                                 .basis = nd->basis.n ? &nd->basis : NULL,
                                 .identity_required = nd->identity, .checks = nd->checks,
                                 .nchecks = nd->nchecks };
            if (cp_scorer_grade(c->scorer, &ctx, t[i].reply, strlen(t[i].reply), &c->case_eval[i], &err) != 0)
                c->case_eval[i].n = 0;
        }
    }
    free(tr);
    if (c->case_sel >= n)
        c->case_sel = n ? n - 1 : 0;
    c->crit_sel = 0;
    if (!n)
        set_msg(c, "这一轮还没有人作答的记录。");
}

static int open_cases(cp_ui_class *c)
{
    const cp_node *nd = focus_node(c, NULL);
    const cp_scenario *sc = cp_ui_scenario(c->ui);
    if (!nd || !sc) {
        set_msg(c, "请在对话或反馈界面打开案例拆解。");
        return CP_UI_CHANGED;
    }
    snprintf(c->case_scen, sizeof c->case_scen, "%s", sc->id);
    snprintf(c->case_node, sizeof c->case_node, "%s", nd->id);
    const char *cit = NULL;
    focus_node(c, &cit);
    free(c->case_citizen);
    c->case_citizen = cp_xstrdup(cit ? cit : "");
    const cp_session *ss = cp_ui_session(c->ui);
    c->case_turn = (int)cp_session_nturns(ss) + (cp_ui_screen_now(c->ui) == CP_UI_FEEDBACK ? 0 : 1);
    c->case_first = c->case_sel = c->crit_sel = 0;
    c->msg[0] = 0;
    load_cases(c);
    /* the answer just given is the one to talk about: select it when on the feedback screen */
    for (size_t i = 0; i < c->ncases; i++)
        if (c->session && cp_ui_screen_now(c->ui) == CP_UI_FEEDBACK &&
            (int)i >= 0 && c->cases[i].seq == (int)cp_session_nturns(cp_ui_session(c->ui))) {
            /* answers_at gives one per session; match ours by the reply text */
            const cp_turn *ft = cp_ui_feedback_turn(c->ui);
            int64_t sid = 0;   /* a seat may have given the very same words: ours by session */
            cp_error err;
            if (ft && c->cases[i].reply && !strcmp(ft->reply, c->cases[i].reply) &&
                cp_records_turn_session(c->db, c->cases[i].id, &sid, &err) == 0 &&
                sid == c->session) {
                c->case_sel = i;
                break;
            }
        }
    if (c->per_page > 0 && c->case_sel >= c->case_first + (size_t)c->per_page)
        c->case_first = c->case_sel - (size_t)c->per_page + 1;
    c->view = CP_CLASS_CASES;
    changed(c);
    return CP_UI_CHANGED;
}

/* Criteria of a case in display order: focus first (those that count), then the rest. */
static const cp_rec_crit *case_crit(const cp_ui_class *c, size_t i, size_t k)
{
    if (i >= c->ncases)
        return NULL;
    const cp_rec_turn *t = &c->cases[i];
    size_t seen = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t j = 0; j < t->ncrit; j++)
            if (t->crit[j].focus == (pass == 0) && seen++ == k)
                return &t->crit[j];
    return NULL;
}

static int page(cp_ui_class *c, int by)
{
    if (!c->ncases)
        return 0;
    long sel = (long)c->case_sel + by;
    if (sel < 0) sel = 0;
    if (sel >= (long)c->ncases) sel = (long)c->ncases - 1;
    c->case_sel = (size_t)sel;
    size_t pp = (size_t)(c->per_page > 0 ? c->per_page : 3);
    if (c->case_sel < c->case_first)
        c->case_first = c->case_sel;
    if (c->case_sel >= c->case_first + pp)
        c->case_first = c->case_sel - pp + 1;
    c->crit_sel = 0;
    changed(c);
    return CP_UI_CHANGED;
}

const char *cp_ui_class_override_text(cp_ui_class *c, const cp_rec_crit *k)
{
    if (!k || k->met_override < 0)
        return NULL;
    snprintf(c->ovtext, sizeof c->ovtext, "原判 %s → 改判 %s · %s：%s", k->met_auto ? "达标" : "未达标",
             k->met_override ? "达标" : "未达标", k->by, k->why);
    return c->ovtext;
}

/* ---- Override form ---------------------------------------------------------------------- */

bool cp_ui_class_ov_needs_pass(const cp_ui_class *c)
{
    return !cp_records_unlocked(c->db) || !cp_records_has_passphrase(c->db);
}

static int open_override(cp_ui_class *c)
{
    const cp_rec_crit *k = case_crit(c, c->case_sel, c->crit_sel);
    if (c->view != CP_CLASS_CASES || !k) {
        set_msg(c, "请先在案例拆解中选中一条评分项。");
        return CP_UI_CHANGED;
    }
    c->ov_met = !k->met;
    cp_ui_edit_clear(&c->ov_why);
    cp_ui_edit_clear(&c->ov_pass);
    c->focus = 1;
    c->back = c->view;
    c->view = CP_CLASS_OVERRIDE;
    c->msg[0] = 0;
    if (!cp_records_has_passphrase(c->db))
        set_msg(c, "尚未设置考官口令：改判前请用 counterpart passphrase set 设置。");
    changed(c);
    return CP_UI_CHANGED;
}

static int confirm_override(cp_ui_class *c)
{
    const cp_rec_crit *k = case_crit(c, c->case_sel, c->crit_sel);
    if (!k)
        return 0;
    if (!cp_ui_edit_has_text(&c->ov_why)) {
        set_msg(c, "请填写改判理由（必填）。");
        c->focus = 1;
        changed(c);
        return CP_UI_CHANGED;
    }
    cp_error err;
    cp_error_clear(&err);
    if (cp_ui_class_ov_needs_pass(c)) {
        if (!cp_records_has_passphrase(c->db)) {
            set_msg(c, "尚未设置考官口令，不能改判。");
            changed(c);
            return CP_UI_CHANGED;
        }
        if (cp_records_unlock(c->db, c->ov_pass.text ? c->ov_pass.text : "", &err) != 0) {
            cp_ui_edit_clear(&c->ov_pass);
            set_msg(c, "考官口令不正确，未改判。");
            c->focus = 2;
            changed(c);
            return CP_UI_CHANGED;
        }
    }
    const cp_rec_turn *t = &c->cases[c->case_sel];
    int64_t sid = 0;
    char crit[96];
    snprintf(crit, sizeof crit, "%s", k->id);
    int seq = t->seq;
    int64_t turn_id = t->id;
    if (cp_records_turn_session(c->db, turn_id, &sid, &err) != 0 ||
        cp_records_override(c->db, sid, seq, crit, c->ov_met, c->trainer, c->ov_why.text, NULL, &err) != 0) {
        err_msg(c, "改判失败", &err);
        changed(c);
        return CP_UI_CHANGED;
    }
    cp_ui_edit_clear(&c->ov_pass);
    size_t sel = c->case_sel, csel = c->crit_sel;
    char who[128];
    snprintf(who, sizeof who, "%s", c->case_who[sel]);
    load_cases(c);
    /* keep the same answer selected (the order may change with the score) */
    for (size_t i = 0; i < c->ncases; i++)
        if (c->cases[i].id == turn_id)
            sel = i;
    c->case_sel = sel < c->ncases ? sel : 0;
    c->crit_sel = csel;
    set_msg(c, "已改判：%s 的“%s”为%s。", who, cp_ui_class_crit_name(c, crit), c->ov_met ? "达标" : "未达标");
    c->view = CP_CLASS_CASES;
    changed(c);
    return CP_UI_CHANGED;
}

/* ---- Cohort ----------------------------------------------------------------------------- */

void cp_class_cohort_free(cp_class_cohort *co)
{
    free(co->crit);
    free(co->weakest);
    free(co->below);
    free(co->norec);
    memset(co, 0, sizeof *co);
}

static double num(const cJSON *o, const char *k, bool *ok)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (cJSON_IsNumber(v))
        return v->valuedouble;
    if (!cJSON_IsNull(v))
        *ok = false;
    return 0;
}

static void str(const cJSON *o, const char *k, char *buf, size_t size)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    snprintf(buf, size, "%s", cJSON_IsString(v) ? v->valuestring : "");
}

int cp_class_cohort_read(const cJSON *doc, cp_class_cohort *out, cp_error *err)
{
    cp_class_cohort_free(out);
    const cJSON *co = cJSON_GetObjectItemCaseSensitive(doc, "cohort");
    const cJSON *cr = cJSON_GetObjectItemCaseSensitive(co, "criteria");
    const cJSON *wk = cJSON_GetObjectItemCaseSensitive(co, "weakest");
    const cJSON *bp = cJSON_GetObjectItemCaseSensitive(co, "below_pass");
    /* no_record and with_record: added within version 1, absent in older documents */
    const cJSON *nr = cJSON_GetObjectItemCaseSensitive(co, "no_record");
    if (!cJSON_IsObject(co))
        return cp_error_set(err, "", 0, "score sheet: $.cohort is missing");
    if (!cJSON_IsArray(cr) || !cJSON_IsArray(wk) || !cJSON_IsArray(bp) || (nr && !cJSON_IsArray(nr)))
        return cp_error_set(err, "", 0, "score sheet: $.cohort.%s is not an array",
                            !cJSON_IsArray(cr) ? "criteria" : !cJSON_IsArray(wk) ? "weakest"
                            : !cJSON_IsArray(bp) ? "below_pass" : "no_record");
    bool ok = true;
    const cJSON *sel = cJSON_GetObjectItemCaseSensitive(doc, "selection");
    str(sel, "label", out->label, sizeof out->label);
    out->trainees = (int)num(co, "trainees", &ok);
    out->with_record = cJSON_GetObjectItemCaseSensitive(co, "with_record")
                           ? (int)num(co, "with_record", &ok) : out->trainees;
    out->pass_mark = num(co, "pass_mark", &ok);
    size_t n = (size_t)cJSON_GetArraySize(cr);
    out->crit = cp_xcalloc(n ? n : 1, sizeof *out->crit);
    const cJSON *it;
    cJSON_ArrayForEach(it, cr) {
        cp_class_cohort_crit *k = &out->crit[out->ncrit++];
        str(it, "id", k->id, sizeof k->id);
        str(it, "name", k->name, sizeof k->name);
        if (!k->name[0])
            snprintf(k->name, sizeof k->name, "%s", k->id);
        k->n = (int)num(it, "n", &ok);
        k->mean = num(it, "mean", &ok);
        k->sd = num(it, "sd", &ok);
        k->min = num(it, "min", &ok);
        k->max = num(it, "max", &ok);
        if (!ok) {
            cp_error_set(err, "", 0, "score sheet: $.cohort.criteria[%zu] has a non-number", out->ncrit - 1);
            cp_class_cohort_free(out);
            return -1;
        }
    }
    n = (size_t)cJSON_GetArraySize(wk);
    out->weakest = cp_xcalloc(n ? n : 1, sizeof *out->weakest);
    cJSON_ArrayForEach(it, wk) {
        if (!cJSON_IsString(it))
            continue;
        const char *name = it->valuestring;
        for (size_t i = 0; i < out->ncrit; i++)
            if (!strcmp(out->crit[i].id, it->valuestring))
                name = out->crit[i].name;
        snprintf(out->weakest[out->nweakest++], sizeof out->weakest[0], "%s", name);
    }
    n = (size_t)cJSON_GetArraySize(bp);
    out->below = cp_xcalloc(n ? n : 1, sizeof *out->below);
    cJSON_ArrayForEach(it, bp) {
        cp_class_below *b = &out->below[out->nbelow++];
        str(it, "name", b->name, sizeof b->name);
        str(it, "staff_no", b->staff_no, sizeof b->staff_no);
        b->percent = num(it, "percent", &ok);
    }
    n = (size_t)cJSON_GetArraySize(nr);
    out->norec = cp_xcalloc(n ? n : 1, sizeof *out->norec);
    cJSON_ArrayForEach(it, nr) {
        cp_class_below *b = &out->norec[out->nnorec++];
        str(it, "name", b->name, sizeof b->name);
        str(it, "staff_no", b->staff_no, sizeof b->staff_no);
    }
    if (!ok) {
        cp_class_cohort_free(out);
        return cp_error_set(err, "", 0, "score sheet: $.cohort has a member of the wrong type");
    }
    return 0;
}

static cJSON *build_doc(cp_ui_class *c, cp_error *err)
{
    if (!c->group[0]) {
        cp_error_set(err, "", 0, "未选择班组");
        return NULL;
    }
    cp_export_sel sel = { .kind = CP_SEL_GROUP, .key = c->group, .assessor = c->trainer,
                          .scenarios_dir = cp_ui_scenarios_dir(c->ui) };
    return cp_export_build(c->db, c->scorer, &sel, err);
}

static void cohort_status(cp_ui_class *c);

static void load_cohort(cp_ui_class *c)
{
    cp_error err;
    cp_error_clear(&err);
    c->have_cohort = false;
    c->locked = false;
    c->cohort_status[0] = 0;
    cJSON *doc = build_doc(c, &err);
    if (!doc && c->group[0] && cp_records_has_passphrase(c->db) && !cp_records_unlocked(c->db)) {
        c->locked = true; /* other trainees' results: the assessor unlocks (as for 案例拆解) */
        set_msg(c, "查看班组成绩需要考官口令。");
    } else if (!doc || cp_class_cohort_read(doc, &c->cohort, &err) != 0)
        err_msg(c, "无法生成班组汇总", &err);
    else {
        c->have_cohort = true;
        cohort_status(c);
    }
    cJSON_Delete(doc);
}

static int open_cohort(cp_ui_class *c)
{
    c->msg[0] = 0;
    c->scroll = 0;
    c->view = CP_CLASS_COHORT;
    load_cohort(c);
    changed(c);
    return CP_UI_CHANGED;
}

/* Renders, signs and writes one format; the path is added to the exported list. */
static int write_one(cp_ui_class *c, const cp_signer *sg, const cJSON *doc, const char *dir,
                     const char *base, const char *ext, cp_error *err)
{
    cp_bytes b = { 0 };
    int rc = -1;
    cp_sign_format fmt = CP_FMT_UNKNOWN;
    if (!strcmp(ext, "json")) {
        fmt = CP_FMT_JSON;
        rc = cp_export_json(doc, &b, err);
    } else if (!strcmp(ext, "csv")) {
        fmt = CP_FMT_CSV;
        rc = cp_export_csv(doc, CP_CSV_CRITERIA, &b, err);
    } else if (!strcmp(ext, "xlsx")) {
        fmt = CP_FMT_XLSX;
        rc = cp_export_xlsx(doc, &b, err);
    } else if (!strcmp(ext, "pdf")) {
        fmt = CP_FMT_PDF;
        rc = cp_export_pdf(doc, NULL, &b, err);
    }
    char *path = cp_xasprintf("%s/%s.%s", dir, base, ext);
    if (rc == 0)
        rc = cp_sign_embed(sg, fmt, &b, err);
    if (rc == 0)
        rc = cp_write_file_atomic(path, b.data, b.len, err);
    if (rc == 0)
        cp_strlist_push(&c->exported, path);
    free(path);
    cp_bytes_free(&b);
    return rc;
}

int cp_ui_class_export(cp_ui_class *c, const char *dir, cp_error *err)
{
    cp_strlist_free(&c->exported);
    cJSON *doc = build_doc(c, err);
    if (!doc)
        return -1;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        cJSON_Delete(doc);
        return cp_error_set(err, dir, 0, "cannot create the folder: %s", strerror(errno));
    }
    char key[1024];
    if (cp_sign_default_path(key, sizeof key, err) != 0) {
        cJSON_Delete(doc);
        return -1;
    }
    cp_signer *sg = cp_signer_open(key, err);
    if (!sg) {
        cJSON_Delete(doc);
        return -1;
    }
    char base[256];
    snprintf(base, sizeof base, "成绩单_%s", c->group);
    for (char *p = base; *p; p++)
        if (*p == '/' || *p == '\\')
            *p = '_';
    static const char *const exts[] = { "json", "csv", "xlsx", "pdf" };
    char fails[1024] = "";
    int ok = 0;
    for (size_t i = 0; i < 4; i++) {
        cp_error e1;
        cp_error_clear(&e1);
        if (write_one(c, sg, doc, dir, base, exts[i], &e1) == 0)
            ok++;
        else {
            char buf[1600];
            size_t l = strlen(fails);
            snprintf(fails + l, sizeof fails - l, "%s%s: %s", l ? "；" : "", exts[i], cp_error_format(&e1, buf, sizeof buf));
        }
    }
    cp_signer_free(sg);
    cJSON_Delete(doc);
    if (!ok)
        return cp_error_set(err, dir, 0, "%s", fails);
    set_msg(c, "已导出 %d 个文件到 %s（已签名）%s%s", ok, dir, fails[0] ? "；未导出：" : "", fails);
    changed(c);
    return 0;
}

size_t cp_ui_class_nexported(const cp_ui_class *c) { return c->exported.n; }
const char *cp_ui_class_exported(const cp_ui_class *c, size_t i)
{
    return i < c->exported.n ? c->exported.v[i] : NULL;
}
const cp_class_cohort *cp_ui_class_cohort(const cp_ui_class *c) { return c->have_cohort ? &c->cohort : NULL; }

bool cp_ui_class_cohort_empty(const cp_ui_class *c)
{
    return c->have_cohort && (c->cohort.trainees <= 0 || c->cohort.with_record <= 0);
}

const char *cp_ui_class_cohort_status(const cp_ui_class *c)
{
    return c->cohort_status;
}

static void cohort_status(cp_ui_class *c)
{
    c->cohort_status[0] = 0;
    if (!cp_ui_class_cohort_empty(c))
        return;
    const char *g = c->cohort.label[0] ? c->cohort.label : c->group;
    if (c->cohort.trainees <= 0)
        snprintf(c->cohort_status, sizeof c->cohort_status,
                 "%s 还没有学员，暂无可汇总的内容。请按 F8 导入名单。", g);
    else
        snprintf(c->cohort_status, sizeof c->cohort_status,
                 "%s 共 %d 名学员，还没有人作答，暂无可汇总的内容。"
                 "有人作答后，这里显示各评分项的达标率、最薄弱的评分项和未达及格线的学员。",
                 g, c->cohort.trainees);
}

/* ---- The room ---------------------------------------------------------------------------- */

void cp_ui_class_set_clock(cp_ui_class *c, long long now, const char *since)
{
    c->now = now;
    snprintf(c->since, sizeof c->since, "%s", since ? since : "");
}

/* What the view shows of the room, hashed: a refresh that changes none of it is no change. */
static uint64_t room_sig(const cp_room *r)
{
    uint64_t h = 1469598103934665603ull;
#define MIX(p, n)                                                                              \
    do {                                                                                       \
        const unsigned char *b_ = (const unsigned char *)(p);                                  \
        for (size_t i_ = 0; i_ < (size_t)(n); i_++)                                            \
            h = (h ^ b_[i_]) * 1099511628211ull;                                               \
    } while (0)
    MIX(&r->n, sizeof r->n);
    for (size_t i = 0; i < r->n; i++) {
        const cp_room_seat *s = &r->seats[i];
        int v[] = { s->turns, s->ended, s->rating, s->has_reply, s->seq, s->attempt, s->met,
                    s->missed, (int)(s->percent * 10), s->exam_finished, s->exam_passed,
                    s->exam_part, s->exam_parts, (int)(s->exam_percent * 10) };
        MIX(&s->session, sizeof s->session);
        MIX(&s->who.id, sizeof s->who.id);
        MIX(v, sizeof v);
        MIX(s->last_at, strlen(s->last_at));
        MIX(s->outcome, strlen(s->outcome));
        MIX(s->who.name, strlen(s->who.name));
    }
#undef MIX
    return h;
}

/* Reads the room of the chosen class; CP_UI_CHANGED when what it shows changed. */
static int load_room(cp_ui_class *c, bool live)
{
    cp_error err;
    cp_error_clear(&err);
    cp_room nr = { 0 };
    bool was_locked = c->locked;
    c->locked = false;
    if (!c->group[0]) {
        set_msg(c, "请先按 F8 选择班组，再看全班进度。");
        c->room_err = true;
        bool had = c->have_room;
        cp_room_free(&c->room);
        c->have_room = false;
        return had ? CP_UI_CHANGED : 0;
    }
    if (cp_records_room(c->db, c->group, c->since, &nr, &err) != 0) {
        if (cp_records_has_passphrase(c->db) && !cp_records_unlocked(c->db)) {
            c->locked = true; /* other trainees' results: the assessor unlocks (as for 汇总) */
            set_msg(c, "查看全班进度需要考官口令。");
        } else
            err_msg(c, "无法读取全班进度", &err);
        c->room_err = true;
        bool had = c->have_room;
        cp_room_free(&c->room);
        c->have_room = false;
        if (had || !was_locked)
            changed(c);
        return CP_UI_CHANGED;
    }
    if (c->room_err) { /* the trouble is over (a server back, a passphrase given) */
        c->msg[0] = 0;
        c->room_err = false;
    }
    uint64_t sig = room_sig(&nr);
    bool differ = !c->have_room || sig != c->room_sig;
    cp_room_free(&c->room);
    c->room = nr;
    c->have_room = true;
    c->room_sig = sig;
    snprintf(c->room_summary, sizeof c->room_summary, "%s 共 %zu 人 · 今天 %zu 人已开始，%zu 人未开始",
             c->group, nr.n, nr.active, nr.n - nr.active);
    if (!differ)
        return 0;
    if (live)
        c->room_live++;
    changed(c);
    return CP_UI_CHANGED;
}

static int open_room(cp_ui_class *c)
{
    c->msg[0] = 0;
    c->scroll = 0;
    c->view = CP_CLASS_ROOM;
    c->have_room = false;
    load_room(c, false);
    changed(c);
    return CP_UI_CHANGED;
}

int cp_ui_class_room_refresh(cp_ui_class *c, bool live, bool force)
{
    if (c->view != CP_CLASS_ROOM && !force)
        return 0;
    if (c->locked)
        return 0; /* waiting for the passphrase */
    return load_room(c, live);
}

const cp_room *cp_ui_class_room(const cp_ui_class *c) { return c->have_room ? &c->room : NULL; }
unsigned cp_ui_class_room_live(const cp_ui_class *c) { return c->room_live; }

const char *cp_ui_class_room_summary(cp_ui_class *c)
{
    return c->have_room ? c->room_summary : "";
}

/* The scenario's title from the start screen's list (its id when the file is not there). */
static const char *scenario_title(const cp_ui_class *c, const char *id)
{
    for (size_t i = 0; i < cp_ui_nlistings(c->ui); i++) {
        const cp_ui_listing *l = cp_ui_listing_at(c->ui, i);
        if (l && l->id && !strcmp(l->id, id))
            return l->title ? l->title : id;
    }
    return id;
}

bool cp_ui_class_room_row(const cp_ui_class *c, size_t i, cp_class_room_row *r)
{
    memset(r, 0, sizeof *r);
    r->percent = -1;
    if (!c->have_room || i >= c->room.n)
        return false;
    const cp_room_seat *s = &c->room.seats[i];
    snprintf(r->name, sizeof r->name, "%s", s->who.name);
    snprintf(r->staff_no, sizeof r->staff_no, "%s", s->who.staff_no);
    if (!s->session) {
        r->state = CP_ROOM_IDLE;
        snprintf(r->ago, sizeof r->ago, "未开始");
        return true;
    }
    snprintf(r->scenario, sizeof r->scenario, "%s", scenario_title(c, s->scenario));
    snprintf(r->mode, sizeof r->mode, "%s", !strcmp(s->mode, "exam") ? "考核"
             : !strcmp(s->mode, "classroom") ? "课堂" : "练习");
    if (s->exam_run && s->exam_finished) {
        r->state = CP_ROOM_EXAM_DONE;
        snprintf(r->progress, sizeof r->progress, "考核已结束：%s%s · 得分 %.0f%%",
                 s->exam_passed ? "通过" : "未通过", s->exam_complete ? "" : "（未答完）",
                 s->exam_percent);
    } else if (s->exam_run) {
        r->state = CP_ROOM_EXAM;
        char part[64] = "";
        if (s->exam_part > 0)
            snprintf(part, sizeof part, "（第 %d/%d 部分%s）", s->exam_part, s->exam_parts,
                     s->ended ? "已结束" : "");
        if (s->ended)
            snprintf(r->progress, sizeof r->progress, "考核进行中%s", part);
        else
            snprintf(r->progress, sizeof r->progress, "考核进行中%s · 第 %d 轮", part, s->turns + 1);
    } else if (s->ended) {
        r->state = CP_ROOM_ENDED;
        snprintf(r->progress, sizeof r->progress, "已结束：%s · 好差评 %d/5",
                 cp_ui_outcome_name(s->outcome), s->rating);
    } else {
        r->state = CP_ROOM_ACTIVE;
        snprintf(r->progress, sizeof r->progress, "第 %d 轮作答中", s->turns + 1);
    }
    if (s->has_reply) {
        const char *again = s->attempt > 1 ? "（重答）" : "";
        if (s->percent >= 0) {
            r->percent = (int)(s->percent + 0.5);
            snprintf(r->result, sizeof r->result, "第 %d 轮 %d%% · 达成 %d 项，未达成 %d 项%s",
                     s->seq, r->percent, s->met, s->missed, again);
        } else
            snprintf(r->result, sizeof r->result, "第 %d 轮 · 本轮无评分项%s", s->seq, again);
    } else
        snprintf(r->result, sizeof r->result, "已开始，尚未作答");
    if (c->now > 0)
        cp_room_age_text(cp_room_age(s->last_at, c->now), r->ago, sizeof r->ago);
    return true;
}

/* ---- Events ----------------------------------------------------------------------------- */

static int close_view(cp_ui_class *c)
{
    if (c->view == CP_CLASS_NONE)
        return 0;
    c->view = c->view == CP_CLASS_OVERRIDE ? c->back : CP_CLASS_NONE;
    if (c->view == CP_CLASS_NONE)
        c->locked = false;
    c->scroll = 0;
    cp_ui_edit_clear(&c->ov_pass);
    c->msg[0] = 0;
    changed(c);
    return CP_UI_CHANGED;
}

int cp_ui_class_cmd(cp_ui_class *c, cp_class_cmd cmd, int n)
{
    cp_error err;
    cp_error_clear(&err);
    switch (cmd) {
    case CP_CLASS_CMD_ROSTER:
        load_groups(c);
        c->view = CP_CLASS_ROSTER;
        c->focus = 0;
        changed(c);
        return CP_UI_CHANGED;
    case CP_CLASS_CMD_GROUP:
        if (n < 0 || (size_t)n >= c->groups.n)
            return 0;
        c->group_sel = n;
        if (cp_ui_class_choose_group(c, c->groups.v[n], &err) != 0)
            err_msg(c, "无法选择班组", &err);
        else {
            c->msg[0] = 0;
            c->view = CP_CLASS_NONE;
        }
        changed(c);
        return CP_UI_CHANGED;
    case CP_CLASS_CMD_IMPORT: {
        const char *p = c->path.text ? c->path.text : "";
        if (!p[0]) {
            set_msg(c, "请先输入名单文件（CSV）的路径。");
        } else if (cp_ui_class_import(c, p, &err) != 0)
            err_msg(c, "名单无法导入", &err);
        else
            set_msg(c, "%s", c->report);
        changed(c);
        return CP_UI_CHANGED;
    }
    case CP_CLASS_CMD_FOCUS:
        c->focus = n;
        changed(c);
        return CP_UI_CHANGED;
    case CP_CLASS_CMD_KEYBOARD:
        if (n < 0 || (size_t)n >= c->nmembers)
            return 0;
        c->kb = n;
        changed(c);
        return CP_UI_CHANGED;
    case CP_CLASS_CMD_ROTATE:
        c->rotate = n < 0 ? !c->rotate : n != 0;
        changed(c);
        return CP_UI_CHANGED;
    case CP_CLASS_CMD_PAUSE:
        return open_discuss(c);
    case CP_CLASS_CMD_CASES:
        return open_cases(c);
    case CP_CLASS_CMD_PAGE:
        return page(c, n);
    case CP_CLASS_CMD_SELECT:
        if (n < 0 || (size_t)n >= c->ncases)
            return 0;
        return page(c, n - (int)c->case_sel);
    case CP_CLASS_CMD_CRIT:
        if (!case_crit(c, c->case_sel, (size_t)(n < 0 ? 0 : n)))
            return 0;
        c->crit_sel = (size_t)n;
        changed(c);
        return CP_UI_CHANGED;
    case CP_CLASS_CMD_OVERRIDE:
        return open_override(c);
    case CP_CLASS_CMD_TOGGLE:
        if (c->view != CP_CLASS_OVERRIDE)
            return 0;
        c->ov_met = !c->ov_met;
        changed(c);
        return CP_UI_CHANGED;
    case CP_CLASS_CMD_CONFIRM:
        return c->view == CP_CLASS_OVERRIDE ? confirm_override(c) : 0;
    case CP_CLASS_CMD_COHORT:
        return open_cohort(c);
    case CP_CLASS_CMD_EXPORT:
        if (cp_ui_class_export(c, c->export_dir, &err) != 0)
            err_msg(c, "导出失败", &err);
        changed(c);
        return CP_UI_CHANGED;
    case CP_CLASS_CMD_CLOSE:
        return close_view(c);
    case CP_CLASS_CMD_ROOM:
        if (n == 1 && c->view == CP_CLASS_ROOM)
            return close_view(c);
        return open_room(c);
    case CP_CLASS_CMD_SCROLL: {
        long v = (long)c->scroll + n;
        if (v < 0)
            v = 0;
        if (v > 1000000)
            v = 1000000;
        if ((int)v == c->scroll)
            return 0;
        c->scroll = (int)v;
        changed(c);
        return CP_UI_CHANGED;
    }
    }
    return 0;
}

static int unlock_cases(cp_ui_class *c)
{
    cp_error err;
    if (cp_records_unlock(c->db, c->unlock.text ? c->unlock.text : "", &err) != 0) {
        set_msg(c, "考官口令不正确。");
        cp_ui_edit_clear(&c->unlock);
    } else {
        cp_ui_edit_clear(&c->unlock);
        c->msg[0] = 0;
        if (c->view == CP_CLASS_COHORT)
            load_cohort(c);
        else if (c->view == CP_CLASS_ROOM)
            load_room(c, false);
        else
            load_cases(c);
    }
    changed(c);
    return CP_UI_CHANGED;
}

static int edit_key(cp_ui_edit *e, cp_ui_key k)
{
    bool r = false;
    switch (k) {
    case CP_UI_KEY_BACKSPACE: r = cp_ui_edit_backspace(e); break;
    case CP_UI_KEY_DELETE: r = cp_ui_edit_delete(e); break;
    case CP_UI_KEY_LEFT: r = cp_ui_edit_left(e); break;
    case CP_UI_KEY_RIGHT: r = cp_ui_edit_right(e); break;
    case CP_UI_KEY_HOME: r = cp_ui_edit_home(e); break;
    case CP_UI_KEY_END: r = cp_ui_edit_end(e); break;
    default: return -1;
    }
    return r ? CP_UI_CHANGED : 0;
}

int cp_ui_class_press(cp_ui_class *c, cp_ui_key k)
{
    if (k == CP_UI_KEY_ESCAPE)
        return close_view(c);
    cp_ui_edit *e = cp_ui_class_edit(c);
    if (e) {
        int r = edit_key(e, k);
        if (r >= 0)
            return r;
    }
    switch (c->view) {
    case CP_CLASS_ROSTER:
        if (k == CP_UI_KEY_TAB || k == CP_UI_KEY_BACKTAB)
            return cp_ui_class_cmd(c, CP_CLASS_CMD_FOCUS, !c->focus);
        if (c->focus == 1)
            return k == CP_UI_KEY_ENTER ? cp_ui_class_cmd(c, CP_CLASS_CMD_IMPORT, 0) : 0;
        if (k == CP_UI_KEY_UP && c->group_sel > 0)
            c->group_sel--;
        else if (k == CP_UI_KEY_DOWN && c->group_sel + 1 < (int)c->groups.n)
            c->group_sel++;
        else if (k == CP_UI_KEY_ENTER)
            return cp_ui_class_cmd(c, CP_CLASS_CMD_GROUP, c->group_sel);
        else
            return 0;
        changed(c);
        return CP_UI_CHANGED;
    case CP_CLASS_DISCUSS:
        return k == CP_UI_KEY_ENTER ? close_view(c) : 0;
    case CP_CLASS_CASES:
        if (c->locked)
            return k == CP_UI_KEY_ENTER ? unlock_cases(c) : 0;
        if (k == CP_UI_KEY_LEFT) return page(c, -1);
        if (k == CP_UI_KEY_RIGHT) return page(c, 1);
        if (k == CP_UI_KEY_PAGEUP) return page(c, -c->per_page);
        if (k == CP_UI_KEY_PAGEDOWN) return page(c, c->per_page);
        if (k == CP_UI_KEY_UP && c->crit_sel > 0)
            return cp_ui_class_cmd(c, CP_CLASS_CMD_CRIT, (int)c->crit_sel - 1);
        if (k == CP_UI_KEY_DOWN)
            return cp_ui_class_cmd(c, CP_CLASS_CMD_CRIT, (int)c->crit_sel + 1);
        if (k == CP_UI_KEY_ENTER)
            return open_override(c);
        return 0;
    case CP_CLASS_OVERRIDE: {
        int nf = cp_ui_class_ov_needs_pass(c) ? 3 : 2;
        if (k == CP_UI_KEY_TAB || k == CP_UI_KEY_DOWN)
            return cp_ui_class_cmd(c, CP_CLASS_CMD_FOCUS, (c->focus + 1) % nf);
        if (k == CP_UI_KEY_BACKTAB || k == CP_UI_KEY_UP)
            return cp_ui_class_cmd(c, CP_CLASS_CMD_FOCUS, (c->focus + nf - 1) % nf);
        if (c->focus == 0 && (k == CP_UI_KEY_LEFT || k == CP_UI_KEY_RIGHT))
            return cp_ui_class_cmd(c, CP_CLASS_CMD_TOGGLE, 0);
        if (k == CP_UI_KEY_ENTER)
            return confirm_override(c);
        return 0;
    }
    case CP_CLASS_COHORT:
        if (c->locked)
            return k == CP_UI_KEY_ENTER ? unlock_cases(c) : 0;
        return k == CP_UI_KEY_ENTER && c->have_cohort ? cp_ui_class_cmd(c, CP_CLASS_CMD_EXPORT, 0) : 0;
    case CP_CLASS_ROOM:
        if (c->locked)
            return k == CP_UI_KEY_ENTER ? unlock_cases(c) : 0;
        return 0;
    case CP_CLASS_NONE:
        return 0;
    }
    return 0;
}

cp_ui_edit *cp_ui_class_edit(cp_ui_class *c)
{
    if (c->view == CP_CLASS_ROSTER && c->focus == 1)
        return &c->path;
    if ((c->view == CP_CLASS_CASES || c->view == CP_CLASS_COHORT || c->view == CP_CLASS_ROOM) &&
        c->locked)
        return &c->unlock;
    if (c->view == CP_CLASS_OVERRIDE)
        return c->focus == 1 ? &c->ov_why : c->focus == 2 ? &c->ov_pass : NULL;
    return NULL;
}

bool cp_ui_class_edit_secret(const cp_ui_class *c)
{
    return ((c->view == CP_CLASS_CASES || c->view == CP_CLASS_COHORT || c->view == CP_CLASS_ROOM) &&
            c->locked) || (c->view == CP_CLASS_OVERRIDE && c->focus == 2);
}

/* The field typed or composed text goes to: the focused one; on the override form with none
 * focused (the 达标/未达标 toggle), the comment, which takes the focus when move is set. */
static cp_ui_edit *typing_field(cp_ui_class *c, bool move)
{
    cp_ui_edit *e = cp_ui_class_edit(c);
    if (e || c->view != CP_CLASS_OVERRIDE || !move)
        return e;
    c->focus = 1;
    return &c->ov_why;
}

int cp_ui_class_text(cp_ui_class *c, const char *s)
{
    cp_ui_edit *e = typing_field(c, true);
    if (!e)
        return 0;
    cp_ui_edit_insert(e, s, strlen(s));
    return CP_UI_CHANGED;
}

int cp_ui_class_compose(cp_ui_class *c, const char *s, int cursor)
{
    cp_ui_edit *e = typing_field(c, s && s[0]);   /* an empty composition moves nothing */
    if (!e)
        return 0;
    cp_ui_edit_compose(e, s ? s : "", cursor);
    return CP_UI_CHANGED;
}

/* ---- State ------------------------------------------------------------------------------ */

cp_class_view cp_ui_class_view(const cp_ui_class *c) { return c->view; }
unsigned cp_ui_class_serial(const cp_ui_class *c) { return c->serial; }
const char *cp_ui_class_message(const cp_ui_class *c) { return c->msg; }
int cp_ui_class_focus(const cp_ui_class *c) { return c->focus; }
size_t cp_ui_class_ngroups(const cp_ui_class *c) { return c->groups.n; }
const char *cp_ui_class_group_at(const cp_ui_class *c, size_t i) { return i < c->groups.n ? c->groups.v[i] : NULL; }
int cp_ui_class_group_sel(const cp_ui_class *c) { return c->group_sel; }
const char *cp_ui_class_group(const cp_ui_class *c) { return c->group; }
size_t cp_ui_class_nmembers(const cp_ui_class *c) { return c->nmembers; }
const cp_trainee *cp_ui_class_member(const cp_ui_class *c, size_t i) { return i < c->nmembers ? &c->members[i] : NULL; }
const cp_ui_edit *cp_ui_class_path(const cp_ui_class *c) { return &c->path; }
const char *cp_ui_class_import_report(const cp_ui_class *c) { return c->report; }
size_t cp_ui_class_nproblems(const cp_ui_class *c) { return c->problems.n; }
const char *cp_ui_class_problem(const cp_ui_class *c, size_t i) { return i < c->problems.n ? c->problems.v[i] : NULL; }
int cp_ui_class_keyboard(const cp_ui_class *c) { return c->nmembers ? c->kb : -1; }
bool cp_ui_class_rotating(const cp_ui_class *c) { return c->rotate; }
int64_t cp_ui_class_session(const cp_ui_class *c) { return c->session; }
int64_t cp_ui_class_session_trainee(const cp_ui_class *c) { return c->session_trainee; }
const char *cp_ui_class_discuss_citizen(const cp_ui_class *c) { return c->dcitizen ? c->dcitizen : ""; }
const char *cp_ui_class_discuss_model(const cp_ui_class *c) { return c->dnode ? c->dnode->model : NULL; }
const char *cp_ui_class_discuss_node(const cp_ui_class *c) { return c->dnode ? c->dnode->id : ""; }
size_t cp_ui_class_discuss_ncrit(const cp_ui_class *c) { return c->ndcrit; }
const cp_class_crit *cp_ui_class_discuss_crit(const cp_ui_class *c, size_t i) { return i < c->ndcrit ? &c->dcrit[i] : NULL; }
size_t cp_ui_class_ncases(const cp_ui_class *c) { return c->ncases; }
const cp_rec_turn *cp_ui_class_case(const cp_ui_class *c, size_t i) { return i < c->ncases ? &c->cases[i] : NULL; }
const char *cp_ui_class_case_who(const cp_ui_class *c, size_t i) { return i < c->ncases ? c->case_who[i] : ""; }
size_t cp_ui_class_case_first(const cp_ui_class *c) { return c->case_first; }
size_t cp_ui_class_case_sel(const cp_ui_class *c) { return c->case_sel; }
size_t cp_ui_class_crit_sel(const cp_ui_class *c) { return c->crit_sel; }
int cp_ui_class_per_page(const cp_ui_class *c) { return c->per_page; }
bool cp_ui_class_locked(const cp_ui_class *c) { return c->locked; }
const char *cp_ui_class_case_node(const cp_ui_class *c) { return c->case_node; }
int cp_ui_class_case_turn(const cp_ui_class *c) { return c->case_turn; }
const char *cp_ui_class_case_citizen(const cp_ui_class *c) { return c->case_citizen ? c->case_citizen : ""; }
const char *cp_ui_class_trainer(const cp_ui_class *c) { return c->trainer; }
int cp_ui_class_scroll(const cp_ui_class *c) { return c->scroll; }
void cp_ui_class_clamp_scroll(cp_ui_class *c, int max)
{
    if (max < 0)
        max = 0;
    if (c->scroll > max)
        c->scroll = max;
}
const cp_rec_turn *cp_ui_class_ov_turn(const cp_ui_class *c) { return cp_ui_class_case(c, c->case_sel); }
const cp_rec_crit *cp_ui_class_ov_crit(const cp_ui_class *c) { return case_crit(c, c->case_sel, c->crit_sel); }
bool cp_ui_class_ov_met(const cp_ui_class *c) { return c->ov_met; }
const cp_ui_edit *cp_ui_class_ov_why(const cp_ui_class *c) { return &c->ov_why; }
const cp_ui_edit *cp_ui_class_ov_pass(const cp_ui_class *c) { return &c->ov_pass; }

void cp_ui_class_set_per_page(cp_ui_class *c, int n)
{
    c->per_page = n < 2 ? 2 : n > 4 ? 4 : n;
    if (c->case_sel >= c->case_first + (size_t)c->per_page)
        c->case_first = c->case_sel - (size_t)c->per_page + 1;
}

const cp_crit_result *cp_ui_class_case_eval(const cp_ui_class *c, size_t i, const char *crit)
{
    return i < c->ncases ? cp_result_find(&c->case_eval[i], crit) : NULL;
}
