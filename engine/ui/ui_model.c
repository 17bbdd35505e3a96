/* ui_model.c - the window's display-free model: which screen shows, what the keys and clicks
 * do there, the history of the conversation, feedback and the Esc menu. The window asks it
 * what to draw; tests drive it with the same calls.
 * Must not: draw, measure fonts, or include SDL. */
#include "cp_ui.h"
#include "cp_utf8.h"

#include <dirent.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Faces and names -------------------------------------------------------------------- */

cp_ui_face cp_ui_face_for(const char *expression, int anger, int trust)
{
    cp_ui_face f = { 0, 0, 0.8, 0.1, 0, 0, false, false, false };
    const char *e = expression ? expression : "calm";
    if (!strcmp(e, "angry")) {
        f = (cp_ui_face){ 0.7, 0, 0.7, -0.6, 0.15, 0.35, false, false, false };
    } else if (!strcmp(e, "furious")) {
        f = (cp_ui_face){ 1.0, 0, 0.85, -0.9, 0.55, 0.8, false, false, false };
    } else if (!strcmp(e, "anxious")) {
        f = (cp_ui_face){ -0.6, 0.3, 0.9, -0.35, 0.1, 0, true, false, false };
    } else if (!strcmp(e, "confused")) {
        f = (cp_ui_face){ -0.2, 0.6, 0.85, -0.15, 0.1, 0, false, false, true };
    } else if (!strcmp(e, "sad")) {
        f = (cp_ui_face){ -0.8, 0.1, 0.55, -0.6, 0, 0, false, true, false };
    } else if (!strcmp(e, "relieved")) {
        f = (cp_ui_face){ -0.2, 0.1, 0.6, 0.55, 0.05, 0, false, false, false };
    } else if (!strcmp(e, "happy")) {
        f = (cp_ui_face){ -0.1, 0.2, 0.75, 0.95, 0.35, 0, false, false, false };
    } else if (!strcmp(e, "suspicious")) {
        f = (cp_ui_face){ 0.35, 0, 0.4, -0.25, 0, 0, false, false, false };
    }
    /* the persona's state shades the tag: anger darkens and flushes, trust softens */
    double a = (anger < 0 ? 0 : anger > 100 ? 100 : anger) / 100.0;
    double t = (trust < 0 ? 0 : trust > 100 ? 100 : trust) / 100.0;
    f.flush += (a - 0.5) * 0.4;
    f.brow_tilt += (a - 0.5) * 0.4;
    f.mouth_curve += (t - 0.5) * 0.4 - (a - 0.5) * 0.2;
    if (f.flush < 0) f.flush = 0;
    if (f.flush > 1) f.flush = 1;
    if (f.brow_tilt > 1) f.brow_tilt = 1;
    if (f.brow_tilt < -1) f.brow_tilt = -1;
    if (f.mouth_curve > 1) f.mouth_curve = 1;
    if (f.mouth_curve < -1) f.mouth_curve = -1;
    return f;
}

const char *cp_ui_expression_name(const char *e)
{
    static const char *const map[][2] = {
        { "calm", "平静" }, { "angry", "生气" }, { "furious", "愤怒" }, { "anxious", "着急" },
        { "confused", "困惑" }, { "sad", "难过" }, { "relieved", "松了口气" }, { "happy", "满意" },
        { "suspicious", "怀疑" },
    };
    for (size_t i = 0; e && i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(e, map[i][0]))
            return map[i][1];
    return "平静";
}

const char *cp_ui_outcome_name(const char *o) { return cp_scenario_outcome_name(o); }
const char *cp_ui_rating_name(int r) { return cp_scenario_rating_name(r); }

const char *cp_ui_pronoun(const cp_persona *p)
{
    if (p && p->gender && !strcmp(p->gender, "male"))
        return "他";
    if (p && p->gender && !strcmp(p->gender, "female"))
        return "她";
    return "对方";
}

/* ---- The model -------------------------------------------------------------------------- */

struct cp_ui {
    const cp_scorer *scorer;
    cp_ui_screen screen;
    unsigned serial;
    /* start screen */
    cp_ui_listing *list;
    size_t nlist;
    int sel;
    int mode;
    cp_ui_focus focus;
    cp_ui_edit name;
    /* playing */
    char *path;
    cp_scenario *sc;
    cp_session *ss;
    cp_ui_edit reply;
    cp_ui_entry *ent;
    size_t nent, capent;
    int scroll;          /* history, pixels up from the bottom */
    int fb_scroll;       /* feedback, pixels down from the top */
    bool hint_shown;
    bool brief;          /* the case brief's side panel is showing */
    int brief_scroll;    /* its scroll, pixels from the top */
    int fb_turn;         /* turn on the feedback screen, -1 none */
    int end_sel;
    /* menu */
    bool menu;
    int menu_sel;
    char msg[4096];
    cp_strlist no_choices;
    /* saving, resuming, reloading */
    char *save_path;     /* save after every reply, NULL = never */
    char *resume_path;   /* session to resume once a failed scenario loads, NULL = none */
    char load_err[2048]; /* "" when the last load worked */
    bool load_err_shown;
    char notice[512];
    unsigned reloads;
    char *scen_dir;      /* the start screen's folder (exams live in its exams/) */
    /* ---- records, self-study, exams (cp_ui_set_records; see cp_ui.h) ---- */
    cp_records *db;      /* borrowed; NULL = nothing is recorded */
    int64_t trainee;
    int64_t sid;         /* recorded session being played, 0 = none */
    int hints;           /* hints taken before the reply being typed */
    bool hint_ask;       /* "a hint costs points" question showing */
    int fb_hints;        /* hints taken before the reply on the feedback screen */
    int64_t now;         /* last cp_ui_tick */
    int64_t turn_t0;     /* when this reply's time began, -1 = at the next tick */
    int64_t shown_sec;   /* countdown second last reported as a change */
    bool timeout_failed; /* the automatic submission at 0 could not be recorded */
    int64_t offer_sid;   /* unfinished practice session offered on the start screen */
    char *offer_path;
    char offer[512];
    cp_progress *prog;   /* progress view */
    cp_rec_session *prog_sess;   /* the trainee's sessions, for the chart's dates */
    size_t nprog_sess;
    char **check_names;  /* id, name, id, name, ...: scenario checks seen by the progress view */
    size_t ncheck_names;
    char rec_text[512];
    int rec_listing;
    cp_exam **exams;     /* the exams folder's files and --exam */
    size_t nexams;
    int exam_sel;
    cp_ui_edit pass;     /* the assessor's passphrase (wiped after use) */
    cp_ui_edit assessor; /* the assessor's name, recorded with the run (kept for the next exam) */
    bool exam_on_name;   /* the exam screen's keyboard is in the name box, not the passphrase */
    const cp_exam *ex;   /* the exam being run, NULL outside a run */
    int64_t run;
    size_t part;         /* index of the exam's scenario playing */
    int64_t *exam_sids;  /* sessions of the run, in order */
    size_t nexam_sids;
    bool have_result;
    cp_exam_result result;
    cp_ui_crit_stat *rcrit;
    size_t nrcrit;
    cp_ui_part_result *rparts;
    size_t nrparts;
    char rwhen[64], rdur[64];
    int64_t xoffer_run;  /* unfinished run offered after the unlock, 0 = none */
    int xoffer_sel;      /* 0 continue it, 1 begin a new run */
    char xoffer[512];
    cp_exam *run_ex;     /* the exam as recorded for a resumed or assigned run (owned), else NULL */
    int64_t ticket;      /* an exam an assessor assigned to the trainee, not started; 0 = none */
    char ticket_exam[128];
    char ticket_offer[512];
};

static const char *const MENU_PLAY[] = { "继续", "重新开始本情景", "换一个情景", "退出" };
static const char *const MENU_START[] = { "继续", "退出" };
static const char *const MENU_EXAM[] = { "继续作答", "结束考核（未答部分不得分）", "退出" };

/* Screens whose Esc menu is MENU_START (nothing being played there). */
static bool plain_menu_screen(const cp_ui *ui)
{
    return ui->screen == CP_UI_START || ui->screen == CP_UI_PROGRESS ||
           ui->screen == CP_UI_EXAM || ui->screen == CP_UI_RESULT;
}

/* Easier scenarios first, then by file name. */
static int cmp_listing(const void *a, const void *b)
{
    const cp_ui_listing *x = a, *y = b;
    if (x->difficulty != y->difficulty)
        return x->difficulty < y->difficulty ? -1 : 1;
    return strcmp(x->path, y->path);
}

static void scan_scenarios(cp_ui *ui, const char *dir)
{
    DIR *d = dir ? opendir(dir) : NULL;
    if (!d) {
        if (dir)
            snprintf(ui->msg, sizeof ui->msg, "无法读取情景目录：%s", dir);
        return;
    }
    struct dirent *de;
    size_t cap = 0;
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (n < 5 || strcmp(de->d_name + n - 4, ".lua") || de->d_name[0] == '.')
            continue;
        char *path = cp_xasprintf("%s/%s", dir, de->d_name);
        cp_error err;
        cp_error_clear(&err);
        cp_scenario *sc = cp_scenario_load(path, &err);
        if (!sc) {
            free(path);
            continue;
        }
        if (ui->nlist == cap) {
            cap = cap ? cap * 2 : 8;
            ui->list = cp_xrealloc(ui->list, cap * sizeof *ui->list);
        }
        ui->list[ui->nlist++] = (cp_ui_listing){
            path, cp_xstrdup(sc->title ? sc->title : de->d_name),
            cp_xstrdup(sc->summary ? sc->summary : ""), sc->difficulty,
            cp_xstrdup(sc->id ? sc->id : ""), cp_scenario_brief_text(sc) };
        cp_scenario_free(sc);
    }
    closedir(d);
    if (ui->nlist > 1)
        qsort(ui->list, ui->nlist, sizeof *ui->list, cmp_listing);
}

cp_ui *cp_ui_new(const cp_scorer *scorer, const char *scenarios_dir)
{
    cp_ui *ui = cp_xcalloc(1, sizeof *ui);
    ui->scorer = scorer;
    ui->screen = CP_UI_START;
    ui->fb_turn = -1;
    ui->focus = CP_UI_FOCUS_NAME;
    ui->name.max_bytes = 64;
    cp_ui_edit_clear(&ui->name);
    cp_ui_edit_clear(&ui->reply);
    cp_ui_edit_clear(&ui->pass);
    ui->pass.max_bytes = 256;
    cp_ui_edit_clear(&ui->assessor);
    ui->assessor.max_bytes = 64;
    ui->turn_t0 = -1;
    ui->shown_sec = -1;
    ui->rec_listing = -1;
    ui->scen_dir = scenarios_dir ? cp_xstrdup(scenarios_dir) : NULL;
    scan_scenarios(ui, scenarios_dir);
    if (ui->nlist && ui->focus == CP_UI_FOCUS_NAME)
        ui->sel = 0;
    return ui;
}

static void clear_history(cp_ui *ui)
{
    for (size_t i = 0; i < ui->nent; i++) {
        free(ui->ent[i].text);
        cp_ui_lines_free(&ui->ent[i].lines);
    }
    ui->nent = 0;
    ui->scroll = 0;
}

void cp_ui_free(cp_ui *ui)
{
    if (!ui)
        return;
    clear_history(ui);
    free(ui->ent);
    for (size_t i = 0; i < ui->nlist; i++) {
        free(ui->list[i].path);
        free(ui->list[i].title);
        free(ui->list[i].summary);
        free(ui->list[i].id);
        free(ui->list[i].brief);
    }
    free(ui->list);
    cp_session_free(ui->ss);
    cp_scenario_free(ui->sc);
    free(ui->path);
    free(ui->save_path);
    free(ui->resume_path);
    cp_ui_edit_free(&ui->name);
    cp_ui_edit_free(&ui->reply);
    free(ui->scen_dir);
    free(ui->offer_path);
    cp_progress_free(ui->prog);
    free(ui->prog_sess);
    for (size_t i = 0; i < 2 * ui->ncheck_names; i++)
        free(ui->check_names[i]);
    free(ui->check_names);
    for (size_t i = 0; i < ui->nexams; i++)
        cp_exam_free(ui->exams[i]);
    free(ui->exams);
    if (ui->pass.text)
        memset(ui->pass.text, 0, ui->pass.cap);
    cp_ui_edit_free(&ui->pass);
    cp_ui_edit_free(&ui->assessor);
    free(ui->exam_sids);
    free(ui->rcrit);
    free(ui->rparts);
    cp_exam_free(ui->run_ex);
    free(ui);
}

void cp_ui_push_entry(cp_ui *ui, cp_ui_who who, const char *text, int turn)
{
    if (ui->nent == ui->capent) {
        ui->capent = ui->capent ? ui->capent * 2 : 16;
        ui->ent = cp_xrealloc(ui->ent, ui->capent * sizeof *ui->ent);
    }
    cp_ui_entry *e = &ui->ent[ui->nent++];
    memset(e, 0, sizeof *e);
    e->who = who;
    e->text = cp_xstrdup(text ? text : "");
    e->turn = turn;
    e->lines_width = -1;
    ui->scroll = 0;
}

static void set_screen(cp_ui *ui, cp_ui_screen s)
{
    if (ui->screen == CP_UI_EXAM && s != CP_UI_EXAM && ui->xoffer_run) {
        ui->xoffer_run = 0;   /* left with the offer open: the unlock lapses */
        if (ui->db)
            cp_records_lock(ui->db);
    }
    ui->screen = s;
    ui->serial++;
    ui->fb_scroll = 0;
}

/* Rebuilds the conversation from the session's turns: the opening line, then each reply and
 * what the citizen said after it. pending leaves out the citizen's answer to the last reply
 * (the feedback screen shows before it). */
static void rebuild_history(cp_ui *ui, bool pending)
{
    clear_history(ui);
    size_t nt = cp_session_nturns(ui->ss);
    cp_ui_push_entry(ui, CP_UI_CITIZEN, nt ? cp_session_turn(ui->ss, 0)->citizen
                                          : cp_session_citizen(ui->ss), -1);
    for (size_t i = 0; i < nt; i++) {
        cp_ui_push_entry(ui, CP_UI_TRAINEE, cp_session_turn(ui->ss, i)->reply, (int)i);
        if (i + 1 < nt)
            cp_ui_push_entry(ui, CP_UI_CITIZEN, cp_session_turn(ui->ss, i + 1)->citizen, (int)i);
        else if (!pending)
            cp_ui_push_entry(ui, CP_UI_CITIZEN, cp_session_citizen(ui->ss), (int)i);
    }
}

/* Saves the session when a save file was given; a failure becomes the message. */
static void autosave(cp_ui *ui)
{
    if (!ui->save_path || !ui->ss)
        return;
    cp_error err;
    cp_error_clear(&err);
    if (cp_session_save(ui->ss, ui->save_path, &err) != 0) {
        char buf[1600];
        snprintf(ui->msg, sizeof ui->msg, "无法保存进度：%s", cp_error_format(&err, buf, sizeof buf));
    }
}

static void begin_record(cp_ui *ui);
static int listing_of(const cp_ui *ui, const char *id);
static void learn_check_names(cp_ui *ui, const cp_scenario *sc);
static int exam_next(cp_ui *ui);
static int exam_finish(cp_ui *ui, bool complete);
static void refresh_offer(cp_ui *ui);
static void refresh_ticket(cp_ui *ui);
static int take_ticket(cp_ui *ui);
static int exam_open_part(cp_ui *ui);
static int hint_act(cp_ui *ui, int n);
static int retry_turn(cp_ui *ui);
static int open_progress(cp_ui *ui);
static int unlock_and_begin(cp_ui *ui);
static int exam_resume_act(cp_ui *ui, int n);

/* Takes ownership of sc and ss (ss plays sc) and shows them from the dialogue (or the end). */
static void install(cp_ui *ui, const char *path, cp_scenario *sc, cp_session *ss)
{
    cp_session_free(ui->ss);
    cp_scenario_free(ui->sc);
    if (path != ui->path) {
        free(ui->path);
        ui->path = cp_xstrdup(path);
    }
    ui->sc = sc;
    ui->ss = ss;
    learn_check_names(ui, sc);   /* an exam's result names every part's checks */
    cp_ui_edit_clear(&ui->reply);
    ui->hint_shown = false;
    ui->hint_ask = false;
    ui->brief = false;
    ui->brief_scroll = 0;
    ui->hints = 0;
    ui->turn_t0 = -1;
    ui->timeout_failed = false;
    ui->fb_turn = -1;
    ui->end_sel = 0;
    ui->menu = false;
    ui->msg[0] = 0;
    ui->notice[0] = 0;
    ui->load_err[0] = 0;
    ui->load_err_shown = false;
    free(ui->resume_path);
    ui->resume_path = NULL;
    rebuild_history(ui, false);
    set_screen(ui, cp_session_ended(ss) ? CP_UI_END : CP_UI_DIALOGUE);
}

int cp_ui_open(cp_ui *ui, const char *path, cp_error *err)
{
    cp_scenario *sc = cp_scenario_load(path, err);
    if (!sc)
        return -1;
    cp_session *ss = cp_session_new(sc, ui->scorer, err);
    if (!ss) {
        cp_scenario_free(sc);
        return -1;
    }
    install(ui, path, sc, ss);
    begin_record(ui);
    return 0;
}

int cp_ui_choose(cp_ui *ui, const char *path, cp_error *err)
{
    cp_scenario *sc = cp_scenario_load(path, err);
    if (!sc)
        return -1;
    int li = sc->id ? listing_of(ui, sc->id) : -1;
    if (li < 0) {
        ui->list = cp_xrealloc(ui->list, (ui->nlist + 1) * sizeof *ui->list);
        li = (int)ui->nlist++;
        memset(&ui->list[li], 0, sizeof ui->list[li]);
    }
    cp_ui_listing *l = &ui->list[li];
    free(l->path);
    free(l->title);
    free(l->summary);
    free(l->id);
    free(l->brief);
    *l = (cp_ui_listing){ cp_xstrdup(path), cp_xstrdup(sc->title ? sc->title : path),
                          cp_xstrdup(sc->summary ? sc->summary : ""), sc->difficulty,
                          cp_xstrdup(sc->id ? sc->id : ""), cp_scenario_brief_text(sc) };
    cp_scenario_free(sc);
    ui->sel = li;
    ui->focus = CP_UI_FOCUS_LIST;
    ui->menu = false;
    refresh_offer(ui);
    set_screen(ui, CP_UI_START);
    return 0;
}

int cp_ui_resume(cp_ui *ui, const char *path, const char *session_path, cp_error *err)
{
    cp_scenario *sc = cp_scenario_load(path, err);
    if (!sc)
        return -1;
    cp_session *ss = cp_session_load(session_path, sc, ui->scorer, err);
    if (!ss) {
        cp_scenario_free(sc);
        return -1;
    }
    install(ui, path, sc, ss);
    begin_record(ui);
    snprintf(ui->notice, sizeof ui->notice, "已从 %s 恢复进度（%zu 轮）。", session_path,
             cp_session_nturns(ss));
    return 0;
}

void cp_ui_set_save(cp_ui *ui, const char *path)
{
    free(ui->save_path);
    ui->save_path = path ? cp_xstrdup(path) : NULL;
}

void cp_ui_show_load_error(cp_ui *ui, const char *path, const char *session_path,
                           const cp_error *err)
{
    char buf[1600];
    snprintf(ui->load_err, sizeof ui->load_err, "%s", cp_error_format(err, buf, sizeof buf));
    ui->load_err_shown = true;
    ui->menu = false;
    if (path && path != ui->path) {
        char *p = cp_xstrdup(path);
        free(ui->path);
        ui->path = p;
    }
    if (session_path && session_path != ui->resume_path) {
        free(ui->resume_path);
        ui->resume_path = cp_xstrdup(session_path);
    }
    ui->serial++;
}

/* Plays the old session's replies against the new scenario; the new session when every reply
 * went through and it stands at node `at` again, else NULL. */
static cp_session *replay(const cp_ui *ui, const cp_scenario *sc, const char *at)
{
    cp_error err;
    cp_error_clear(&err);
    cp_session *ns = cp_session_new(sc, ui->scorer, &err);
    for (size_t i = 0; ns && i < cp_session_nturns(ui->ss); i++) {
        const cp_turn *t = cp_session_turn(ui->ss, i);
        if (cp_session_reply(ns, t->choice ? NULL : t->reply, t->choice, &err) != 0) {
            cp_session_free(ns);
            ns = NULL;
        }
    }
    if (ns && strcmp(cp_session_node(ns)->id, at) != 0) {
        cp_session_free(ns);
        ns = NULL;
    }
    return ns;
}

int cp_ui_reload(cp_ui *ui)
{
    if (!ui->path || (ui->screen == CP_UI_START && !ui->load_err[0]))
        return 0;
    ui->reloads++;
    cp_error err;
    cp_error_clear(&err);
    cp_scenario *sc = cp_scenario_load(ui->path, &err);
    if (!sc) {
        cp_ui_show_load_error(ui, NULL, NULL, &err);
        return CP_UI_CHANGED;
    }
    if (!ui->ss || ui->screen == CP_UI_START) {
        /* nothing to keep: a first load that failed before, or a retry from the list */
        cp_session *ss = ui->resume_path ? cp_session_load(ui->resume_path, sc, ui->scorer, &err)
                                         : cp_session_new(sc, ui->scorer, &err);
        if (!ss) {
            cp_scenario_free(sc);
            cp_ui_show_load_error(ui, NULL, NULL, &err);
            return CP_UI_CHANGED;
        }
        char *p = cp_xstrdup(ui->path);
        install(ui, p, sc, ss);
        free(p);
        begin_record(ui);
        snprintf(ui->notice, sizeof ui->notice, "情景已载入。");
        return CP_UI_CHANGED;
    }
    size_t nt = cp_session_nturns(ui->ss);
    bool pending = ui->screen == CP_UI_FEEDBACK && ui->fb_turn == (int)nt - 1 && nt > 0;
    char *at = cp_xstrdup(cp_session_node(ui->ss)->id);
    cp_session *ss = replay(ui, sc, at);
    const char *how = "按原回答重放";
    if (!ss) {
        char *json = cp_session_json(ui->ss, false);
        ss = cp_session_from_json(json, strlen(json), ui->path, sc, ui->scorer, &err);
        free(json);
        how = "按原记录恢复";
    }
    char *reply = cp_xstrdup(ui->reply.text ? ui->reply.text : "");
    int mode_keep = ui->mode;
    bool brief_keep = ui->brief;
    if (ss) {
        char *p = cp_xstrdup(ui->path);
        install(ui, p, sc, ss);
        free(p);
        snprintf(ui->notice, sizeof ui->notice, "情景文件已修改，已重新载入（%s，保留 %zu 轮对话）。",
                 how, nt);
        if (pending) {
            ui->fb_turn = (int)nt - 1;
            rebuild_history(ui, true);
            ui->screen = CP_UI_FEEDBACK;
        }
    } else {
        cp_error_clear(&err);
        ss = cp_session_new(sc, ui->scorer, &err);
        if (!ss) {
            cp_scenario_free(sc);
            cp_ui_show_load_error(ui, NULL, NULL, &err);
            free(at);
            free(reply);
            return CP_UI_CHANGED;
        }
        char *p = cp_xstrdup(ui->path);
        install(ui, p, sc, ss);
        free(p);
        begin_record(ui);
        snprintf(ui->notice, sizeof ui->notice,
                 "情景文件已修改，原来的位置「%s」已不存在，已从头开始。", at);
    }
    ui->mode = mode_keep;
    ui->brief = brief_keep;
    cp_ui_edit_insert(&ui->reply, reply, strlen(reply));
    free(reply);
    free(at);
    autosave(ui);
    return CP_UI_CHANGED;
}

const char *cp_ui_watched_path(const cp_ui *ui) { return ui->path; }
const char *cp_ui_load_error(const cp_ui *ui) { return ui->load_err_shown && ui->load_err[0] ? ui->load_err : NULL; }
const char *cp_ui_notice(const cp_ui *ui) { return ui->notice; }
unsigned cp_ui_reload_count(const cp_ui *ui) { return ui->reloads; }
const char *cp_ui_scenarios_dir(const cp_ui *ui) { return ui->scen_dir ? ui->scen_dir : "scenarios"; }

void cp_ui_set_trainee(cp_ui *ui, const char *name)
{
    cp_ui_edit_clear(&ui->name);
    if (name)
        cp_ui_edit_insert(&ui->name, name, strlen(name));
}

/* ---- Doing things ----------------------------------------------------------------------- */

/* Milliseconds since this reply's time began (0 before the first tick). */
static int64_t reply_elapsed(const cp_ui *ui)
{
    return ui->turn_t0 >= 0 && ui->now > ui->turn_t0 ? ui->now - ui->turn_t0 : 0;
}

/* Grades the reply and, with records, commits it before anything moves on. A reply that cannot
 * be recorded is taken back: the session is restored from a snapshot taken just before, the
 * reply box keeps the text and the message says what happened (Enter tries again). */
static int submit(cp_ui *ui, const char *text, int choice)
{
    if (!ui->ss || cp_session_ended(ui->ss))
        return 0;
    cp_error err;
    cp_error_clear(&err);
    char *snap = ui->db && ui->sid ? cp_session_json(ui->ss, false) : NULL;
    int64_t elapsed = reply_elapsed(ui);
    if (cp_session_reply(ui->ss, text, choice, &err) != 0) {
        free(snap);
        snprintf(ui->msg, sizeof ui->msg, "%s", err.msg[0] ? err.msg : "无法提交回答");
        return CP_UI_CHANGED;
    }
    bool timed_out = false;
    if (snap) {
        cp_turn_meta meta = { .hints = ui->hints, .elapsed_ms = elapsed };
        if (ui->ex) {
            meta = cp_exam_turn_meta(ui->ex, elapsed);
            timed_out = meta.timed_out;
        }
        if (cp_records_turn(ui->db, ui->sid, ui->ss, &meta, &err) != 0) {
            cp_error e2;
            cp_error_clear(&e2);
            cp_session *back = cp_session_from_json(snap, strlen(snap), "records", ui->sc,
                                                    ui->scorer, &e2);
            free(snap);
            if (back) {
                cp_session_free(ui->ss);
                ui->ss = back;
            }
            char buf[1600], zh[1024], tech[2600];
            if (cp_records_fault_text(ui->db, NULL, zh, sizeof zh, tech, sizeof tech) != CP_DBERR_NONE) {
                /* a full disk, a refused permission, a lost server: the cause in plain words,
                 * the key, how to stop and come back, then the technical line */
                char later[160] = "";
                if (!ui->ex)
                    snprintf(later, sizeof later, "；要先停下，按 Esc 退出，之后用 counterpart play "
                             "--resume-session %lld 继续", (long long)ui->sid);
                snprintf(ui->msg, sizeof ui->msg, "%s\n原因排除后按 Enter 重试（回答仍在输入框里%s）%s。\n%s",
                         zh, choice ? "，所选的参考选项需重新选择" : "", later, tech);
            } else
                snprintf(ui->msg, sizeof ui->msg,
                         "这条回答没能保存到记录库（%s）。回答没有丢失，仍在输入框里%s；请稍后按 Enter 重新提交。",
                         cp_error_format(&err, buf, sizeof buf),
                         choice ? "（所选的参考选项需重新选择）" : "");
            if (ui->ex && cp_ui_countdown_ms(ui) == 0)
                ui->timeout_failed = true;
            return CP_UI_CHANGED;
        }
        free(snap);
    }
    size_t nt = cp_session_nturns(ui->ss);
    const cp_turn *t = cp_session_turn(ui->ss, nt - 1);
    cp_ui_push_entry(ui, CP_UI_TRAINEE, t->reply, (int)nt - 1);
    cp_ui_edit_clear(&ui->reply);
    ui->hint_shown = false;
    ui->hint_ask = false;
    ui->fb_hints = ui->hints;
    ui->hints = 0;
    ui->timeout_failed = false;
    ui->fb_turn = (int)nt - 1;
    ui->msg[0] = 0;
    ui->notice[0] = 0;
    ui->menu = false;
    autosave(ui);
    if (ui->ex && !ui->ex->feedback) {
        /* an exam without feedback: straight on to the citizen's answer (or the next part) */
        cp_ui_push_entry(ui, CP_UI_CITIZEN, cp_session_citizen(ui->ss), ui->fb_turn);
        if (timed_out)
            snprintf(ui->notice, sizeof ui->notice, "上一轮时间到，已按输入框中的内容提交。");
        ui->turn_t0 = -1;
        if (cp_session_ended(ui->ss))
            return exam_next(ui);
        set_screen(ui, CP_UI_DIALOGUE);
        return CP_UI_CHANGED;
    }
    set_screen(ui, CP_UI_FEEDBACK);
    return CP_UI_CHANGED;
}

static int continue_after_feedback(cp_ui *ui)
{
    if (ui->screen != CP_UI_FEEDBACK)
        return 0;
    cp_ui_push_entry(ui, CP_UI_CITIZEN, cp_session_citizen(ui->ss), ui->fb_turn);
    ui->turn_t0 = -1;
    if (ui->ex && cp_session_ended(ui->ss))
        return exam_next(ui);
    set_screen(ui, cp_session_ended(ui->ss) ? CP_UI_END : CP_UI_DIALOGUE);
    return CP_UI_CHANGED;
}

static int go_start(cp_ui *ui)
{
    ui->menu = false;
    ui->brief = false;
    ui->focus = ui->nlist ? CP_UI_FOCUS_LIST : CP_UI_FOCUS_NAME;
    refresh_offer(ui);
    refresh_ticket(ui);
    set_screen(ui, CP_UI_START);
    return CP_UI_CHANGED;
}

static int start_selected(cp_ui *ui)
{
    if (ui->db && ui->mode == 1 && ui->ticket)
        return take_ticket(ui);   /* the exam an assessor assigned: no passphrase */
    if (ui->db && ui->mode == 1) {
        /* a recorded exam: choose it and unlock it first */
        if (!ui->nexams) {
            snprintf(ui->msg, sizeof ui->msg, "没有找到考核（%s/exams/*.lua）。",
                     ui->scen_dir ? ui->scen_dir : "scenarios");
            return CP_UI_CHANGED;
        }
        ui->msg[0] = 0;
        cp_ui_edit_clear(&ui->pass);
        ui->xoffer_run = 0;
        set_screen(ui, CP_UI_EXAM);
        return CP_UI_CHANGED;
    }
    if (!ui->nlist) {
        snprintf(ui->msg, sizeof ui->msg, "没有可用的情景。");
        return CP_UI_CHANGED;
    }
    cp_error err;
    cp_error_clear(&err);
    if (cp_ui_open(ui, ui->list[ui->sel].path, &err) != 0)
        cp_ui_show_load_error(ui, ui->list[ui->sel].path, NULL, &err);
    return CP_UI_CHANGED;
}

static int retry(cp_ui *ui)
{
    if (!ui->path || plain_menu_screen(ui))
        return 0;
    if (ui->ex) {
        snprintf(ui->msg, sizeof ui->msg, "考核中不能重新开始。");
        return CP_UI_CHANGED;
    }
    cp_error err;
    cp_error_clear(&err);
    char *p = cp_xstrdup(ui->path);
    if (cp_ui_open(ui, p, &err) != 0)
        cp_ui_show_load_error(ui, NULL, NULL, &err);
    free(p);
    return CP_UI_CHANGED;
}

static int menu_item(cp_ui *ui, int n)
{
    ui->menu = false;
    if (plain_menu_screen(ui))
        return n == 1 ? (CP_UI_QUIT | CP_UI_CHANGED) : CP_UI_CHANGED;
    if (ui->ex) {
        switch (n) {
        case 1: return exam_finish(ui, false);
        case 2: return CP_UI_QUIT | CP_UI_CHANGED;
        default: return CP_UI_CHANGED;
        }
    }
    switch (n) {
    case 1: return retry(ui);
    case 2: return go_start(ui);
    case 3: return CP_UI_QUIT | CP_UI_CHANGED;
    default: return CP_UI_CHANGED;
    }
}

int cp_ui_act(cp_ui *ui, cp_ui_action a, int n)
{
    /* while the load-error panel shows only it acts */
    if (ui->load_err_shown && ui->load_err[0]) {
        if (a == CP_UI_ACT_DISMISS) {
            ui->load_err_shown = false;
            return CP_UI_CHANGED;
        }
        return a == CP_UI_ACT_QUIT ? CP_UI_QUIT | CP_UI_CHANGED : 0;
    }
    /* while the menu is open only the menu acts */
    if (ui->menu && a != CP_UI_ACT_MENU && a != CP_UI_ACT_MENU_ITEM && a != CP_UI_ACT_QUIT)
        return 0;
    switch (a) {
    case CP_UI_ACT_SUBMIT: {
        /* empty replies are not sent, except in an exam whose time is up (as typed) */
        if (ui->screen != CP_UI_DIALOGUE ||
            (!cp_ui_edit_has_text(&ui->reply) && cp_ui_countdown_ms(ui) != 0))
            return 0;
        char *t = cp_xstrdup(ui->reply.text);
        int r = submit(ui, t, 0);
        free(t);
        return r;
    }
    case CP_UI_ACT_CHOOSE: {
        const cp_strlist *c = cp_ui_choices(ui);
        if (ui->screen != CP_UI_DIALOGUE || n < 1 || (size_t)n > c->n)
            return 0;
        char *t = cp_xstrdup(c->v[n - 1]);
        int r = submit(ui, t, n);
        free(t);
        return r;
    }
    case CP_UI_ACT_CONTINUE: return continue_after_feedback(ui);
    case CP_UI_ACT_RETRY: return retry(ui);
    case CP_UI_ACT_OTHER: return ui->ex ? 0 : go_start(ui);
    case CP_UI_ACT_QUIT: return CP_UI_QUIT | CP_UI_CHANGED;
    case CP_UI_ACT_MENU:
        ui->menu = !ui->menu;
        ui->menu_sel = 0;
        return CP_UI_CHANGED;
    case CP_UI_ACT_MENU_ITEM: return menu_item(ui, n);
    case CP_UI_ACT_SELECT:
        if (n < 0 || (size_t)n >= ui->nlist)
            return 0;
        ui->sel = n;
        ui->focus = CP_UI_FOCUS_LIST;
        return CP_UI_CHANGED;
    case CP_UI_ACT_START: return ui->screen == CP_UI_START ? start_selected(ui) : 0;
    case CP_UI_ACT_MODE:
        if (ui->ex)
            return 0;
        ui->mode = n ? 1 : 0;
        return CP_UI_CHANGED;
    case CP_UI_ACT_FOCUS:
        if (ui->screen == CP_UI_EXAM) {
            ui->exam_on_name = n == CP_UI_FOCUS_NAME;
            return CP_UI_CHANGED;
        }
        if (n < 0 || n >= CP_UI_FOCUS_COUNT)
            return 0;
        ui->focus = (cp_ui_focus)n;
        return CP_UI_CHANGED;
    case CP_UI_ACT_HINT: return hint_act(ui, n);
    case CP_UI_ACT_DISMISS: return 0;
    case CP_UI_ACT_RETRY_TURN: return retry_turn(ui);
    case CP_UI_ACT_PROGRESS: return open_progress(ui);
    case CP_UI_ACT_RECOMMENDED:
        if (ui->screen != CP_UI_PROGRESS || ui->rec_listing < 0)
            return 0;
        ui->sel = ui->rec_listing;
        ui->mode = 0;
        return start_selected(ui);
    case CP_UI_ACT_RESUME: {
        if (ui->screen != CP_UI_START || !ui->offer_sid)
            return 0;
        cp_error err;
        cp_error_clear(&err);
        char *p = ui->offer_path ? cp_xstrdup(ui->offer_path) : NULL;
        if (cp_ui_resume_recorded(ui, ui->offer_sid, p, &err) != 0) {
            char buf[1600];
            snprintf(ui->msg, sizeof ui->msg, "无法继续上次的练习：%s",
                     cp_error_format(&err, buf, sizeof buf));
        }
        free(p);
        return CP_UI_CHANGED;
    }
    case CP_UI_ACT_EXAM_SELECT:
        if (ui->screen != CP_UI_EXAM || n < 0 || (size_t)n >= ui->nexams)
            return 0;
        ui->exam_sel = n;
        if (ui->xoffer_run) {   /* the offer (and its unlock) was for the exam chosen before */
            ui->xoffer_run = 0;
            cp_records_lock(ui->db);
        }
        return CP_UI_CHANGED;
    case CP_UI_ACT_UNLOCK: return unlock_and_begin(ui);
    case CP_UI_ACT_EXAM_RESUME: return exam_resume_act(ui, n);
    case CP_UI_ACT_BRIEF:
        if (ui->screen == CP_UI_START ? !ui->nlist
                                      : !ui->sc || (ui->screen != CP_UI_DIALOGUE && ui->screen != CP_UI_FEEDBACK))
            return 0;
        ui->brief = n < 0 ? !ui->brief : n > 0;
        ui->brief_scroll = 0;
        if (ui->screen == CP_UI_START && ui->brief && ui->focus == CP_UI_FOCUS_NAME)
            ui->focus = CP_UI_FOCUS_LIST;   /* the name box is out of sight */
        return CP_UI_CHANGED;
    case CP_UI_ACT_BRIEF_SCROLL:
        if (!cp_ui_brief_shown(ui))
            return 0;
        ui->brief_scroll += n;
        if (ui->brief_scroll < 0)
            ui->brief_scroll = 0;
        return CP_UI_CHANGED;
    case CP_UI_ACT_SCROLL:
        if (ui->screen == CP_UI_FEEDBACK) {
            ui->fb_scroll -= n;
            if (ui->fb_scroll < 0)
                ui->fb_scroll = 0;
        } else {
            ui->scroll += n;
            if (ui->scroll < 0)
                ui->scroll = 0;
        }
        return CP_UI_CHANGED;
    }
    return 0;
}

cp_ui_edit *cp_ui_focused_edit(cp_ui *ui)
{
    if (ui->menu || (ui->load_err_shown && ui->load_err[0]))
        return NULL;
    if (ui->screen == CP_UI_DIALOGUE)
        return &ui->reply;
    if (ui->screen == CP_UI_START && ui->focus == CP_UI_FOCUS_NAME)
        return &ui->name;
    if (ui->screen == CP_UI_EXAM && !ui->xoffer_run)
        return ui->exam_on_name ? &ui->assessor : &ui->pass;
    return NULL;
}

int cp_ui_text(cp_ui *ui, const char *s)
{
    cp_ui_edit *e = cp_ui_focused_edit(ui);
    if (!e || !s)
        return 0;
    cp_ui_edit_insert(e, s, strlen(s));
    ui->msg[0] = 0;
    if (e == &ui->reply)
        ui->scroll = 0;
    return CP_UI_CHANGED;
}

int cp_ui_compose(cp_ui *ui, const char *s, int cursor)
{
    cp_ui_edit *e = cp_ui_focused_edit(ui);
    if (!e)
        return 0;
    cp_ui_edit_compose(e, s, cursor);
    return CP_UI_CHANGED;
}

static int key_menu(cp_ui *ui, cp_ui_key k)
{
    const char *const *items;
    int n = (int)cp_ui_menu_items(ui, &items);
    switch (k) {
    case CP_UI_KEY_ESCAPE: ui->menu = false; return CP_UI_CHANGED;
    case CP_UI_KEY_UP: case CP_UI_KEY_BACKTAB: ui->menu_sel = (ui->menu_sel + n - 1) % n; return CP_UI_CHANGED;
    case CP_UI_KEY_DOWN: case CP_UI_KEY_TAB: ui->menu_sel = (ui->menu_sel + 1) % n; return CP_UI_CHANGED;
    case CP_UI_KEY_ENTER: return menu_item(ui, ui->menu_sel);
    default: return 0;
    }
}

static int key_edit(cp_ui_edit *e, cp_ui_key k)
{
    bool ch = false;
    switch (k) {
    case CP_UI_KEY_BACKSPACE: ch = cp_ui_edit_backspace(e); break;
    case CP_UI_KEY_DELETE: ch = cp_ui_edit_delete(e); break;
    case CP_UI_KEY_LEFT: ch = cp_ui_edit_left(e); break;
    case CP_UI_KEY_RIGHT: ch = cp_ui_edit_right(e); break;
    case CP_UI_KEY_HOME: ch = cp_ui_edit_home(e); break;
    case CP_UI_KEY_END: ch = cp_ui_edit_end(e); break;
    case CP_UI_KEY_UP: ch = cp_ui_edit_up(e); break;
    case CP_UI_KEY_DOWN: ch = cp_ui_edit_down(e); break;
    default: break;
    }
    return ch ? CP_UI_CHANGED : 0;
}

static int key_start(cp_ui *ui, cp_ui_key k)
{
    switch (k) {
    case CP_UI_KEY_TAB: ui->focus = (cp_ui_focus)((ui->focus + 1) % CP_UI_FOCUS_COUNT); return CP_UI_CHANGED;
    case CP_UI_KEY_BACKTAB: ui->focus = (cp_ui_focus)((ui->focus + CP_UI_FOCUS_COUNT - 1) % CP_UI_FOCUS_COUNT); return CP_UI_CHANGED;
    case CP_UI_KEY_ENTER:
        if (ui->focus == CP_UI_FOCUS_MODE) {
            ui->mode = !ui->mode;
            return CP_UI_CHANGED;
        }
        return start_selected(ui);
    default: break;
    }
    switch (ui->focus) {
    case CP_UI_FOCUS_NAME:
        return key_edit(&ui->name, k);
    case CP_UI_FOCUS_LIST:
        if (k == CP_UI_KEY_UP && ui->sel > 0) { ui->sel--; return CP_UI_CHANGED; }
        if (k == CP_UI_KEY_DOWN && (size_t)ui->sel + 1 < ui->nlist) { ui->sel++; return CP_UI_CHANGED; }
        return 0;
    case CP_UI_FOCUS_MODE:
        if (k == CP_UI_KEY_LEFT || k == CP_UI_KEY_RIGHT || k == CP_UI_KEY_UP || k == CP_UI_KEY_DOWN) {
            ui->mode = !ui->mode;
            return CP_UI_CHANGED;
        }
        return 0;
    default: return 0;
    }
}

int cp_ui_press(cp_ui *ui, cp_ui_key k)
{
    if (ui->load_err_shown && ui->load_err[0])
        return k == CP_UI_KEY_ESCAPE || k == CP_UI_KEY_ENTER ? cp_ui_act(ui, CP_UI_ACT_DISMISS, 0) : 0;
    if (ui->menu)
        return key_menu(ui, k);
    if (k == CP_UI_KEY_ESCAPE) {
        /* Esc first cancels a composition in progress, then opens the menu */
        cp_ui_edit *e = cp_ui_focused_edit(ui);
        if (e && e->compose && e->compose[0]) {
            cp_ui_edit_compose(e, NULL, 0);
            return CP_UI_CHANGED;
        }
        if (ui->hint_ask) /* Esc declines a hint that costs points */
            return cp_ui_act(ui, CP_UI_ACT_HINT, -1);
        return cp_ui_act(ui, CP_UI_ACT_MENU, 0);
    }
    switch (ui->screen) {
    case CP_UI_START:
        if (k == CP_UI_KEY_F2)
            return cp_ui_act(ui, CP_UI_ACT_RESUME, 0);
        if (k == CP_UI_KEY_F10)   /* the chosen scenario's case brief, the whole screen wide */
            return cp_ui_act(ui, CP_UI_ACT_BRIEF, -1);
        if (k == CP_UI_KEY_F3)
            return cp_ui_act(ui, CP_UI_ACT_PROGRESS, 0);
        return key_start(ui, k);
    case CP_UI_PROGRESS:
        switch (k) {
        case CP_UI_KEY_ENTER: return cp_ui_act(ui, CP_UI_ACT_RECOMMENDED, 0);
        case CP_UI_KEY_BACKSPACE: case CP_UI_KEY_F3: return go_start(ui);
        default: return 0;
        }
    case CP_UI_EXAM:
        if (ui->xoffer_run) {   /* 继续未完成的考核 / 开始新的考核 */
            switch (k) {
            case CP_UI_KEY_ENTER: return cp_ui_act(ui, CP_UI_ACT_EXAM_RESUME, ui->xoffer_sel);
            case CP_UI_KEY_UP: case CP_UI_KEY_DOWN: case CP_UI_KEY_LEFT: case CP_UI_KEY_RIGHT:
            case CP_UI_KEY_TAB: case CP_UI_KEY_BACKTAB:
                ui->xoffer_sel = !ui->xoffer_sel;
                return CP_UI_CHANGED;
            default: return 0;
            }
        }
        switch (k) {
        case CP_UI_KEY_ENTER:
            if (ui->exam_on_name) {   /* the name first, then the passphrase */
                if (!cp_ui_edit_has_text(&ui->assessor)) {
                    snprintf(ui->msg, sizeof ui->msg, "请先填写考官姓名（记入考核记录）。");
                    return CP_UI_CHANGED;
                }
                ui->msg[0] = 0;
                ui->exam_on_name = false;
                return CP_UI_CHANGED;
            }
            return cp_ui_act(ui, CP_UI_ACT_UNLOCK, 0);
        case CP_UI_KEY_TAB: case CP_UI_KEY_BACKTAB:
            ui->exam_on_name = !ui->exam_on_name;
            return CP_UI_CHANGED;
        case CP_UI_KEY_UP:
            if (ui->exam_sel > 0) { ui->exam_sel--; return CP_UI_CHANGED; }
            return 0;
        case CP_UI_KEY_DOWN:
            if ((size_t)ui->exam_sel + 1 < ui->nexams) { ui->exam_sel++; return CP_UI_CHANGED; }
            return 0;
        default: return key_edit(ui->exam_on_name ? &ui->assessor : &ui->pass, k);
        }
    case CP_UI_RESULT:
        return k == CP_UI_KEY_ENTER ? go_start(ui) : 0;
    case CP_UI_DIALOGUE:
        switch (k) {
        case CP_UI_KEY_ENTER:
            /* an open question answers first: Enter takes the hint, it does not send the reply */
            if (cp_ui_hint_asking(ui))
                return cp_ui_act(ui, CP_UI_ACT_HINT, 0);
            return cp_ui_act(ui, CP_UI_ACT_SUBMIT, 0);
        case CP_UI_KEY_F10: return cp_ui_act(ui, CP_UI_ACT_BRIEF, -1);
        case CP_UI_KEY_NEWLINE: cp_ui_edit_insert(&ui->reply, "\n", 1); return CP_UI_CHANGED;
        case CP_UI_KEY_PAGEUP: return cp_ui_act(ui, CP_UI_ACT_SCROLL, 300);
        case CP_UI_KEY_PAGEDOWN: return cp_ui_act(ui, CP_UI_ACT_SCROLL, -300);
        case CP_UI_KEY_F1: return cp_ui_act(ui, CP_UI_ACT_HINT, 0);
        case CP_UI_KEY_F2: case CP_UI_KEY_F3: return 0;
        default: return key_edit(&ui->reply, k);
        }
    case CP_UI_FEEDBACK:
        switch (k) {
        case CP_UI_KEY_ENTER: case CP_UI_KEY_NEWLINE: return continue_after_feedback(ui);
        case CP_UI_KEY_F2: return cp_ui_act(ui, CP_UI_ACT_RETRY_TURN, 0);
        case CP_UI_KEY_F10: return cp_ui_act(ui, CP_UI_ACT_BRIEF, -1);
        case CP_UI_KEY_UP: return cp_ui_act(ui, CP_UI_ACT_SCROLL, 60);
        case CP_UI_KEY_DOWN: return cp_ui_act(ui, CP_UI_ACT_SCROLL, -60);
        case CP_UI_KEY_PAGEUP: return cp_ui_act(ui, CP_UI_ACT_SCROLL, 400);
        case CP_UI_KEY_PAGEDOWN: return cp_ui_act(ui, CP_UI_ACT_SCROLL, -400);
        default: return 0;
        }
    case CP_UI_END:
        switch (k) {
        case CP_UI_KEY_LEFT: case CP_UI_KEY_BACKTAB: case CP_UI_KEY_UP:
            ui->end_sel = (ui->end_sel + 2) % 3; return CP_UI_CHANGED;
        case CP_UI_KEY_RIGHT: case CP_UI_KEY_TAB: case CP_UI_KEY_DOWN:
            ui->end_sel = (ui->end_sel + 1) % 3; return CP_UI_CHANGED;
        case CP_UI_KEY_ENTER:
            return ui->end_sel == 0 ? retry(ui) : ui->end_sel == 1 ? go_start(ui)
                                                                   : (CP_UI_QUIT | CP_UI_CHANGED);
        case CP_UI_KEY_PAGEUP: return cp_ui_act(ui, CP_UI_ACT_SCROLL, 300);
        case CP_UI_KEY_PAGEDOWN: return cp_ui_act(ui, CP_UI_ACT_SCROLL, -300);
        case CP_UI_KEY_F3: return cp_ui_act(ui, CP_UI_ACT_PROGRESS, 0);
        default: return 0;
        }
    }
    return 0;
}

/* ---- Reading the state ------------------------------------------------------------------ */

cp_ui_screen cp_ui_screen_now(const cp_ui *ui) { return ui->screen; }
const cp_ui_edit *cp_ui_reply(const cp_ui *ui) { return &ui->reply; }
const cp_ui_edit *cp_ui_name(const cp_ui *ui) { return &ui->name; }
const cp_scenario *cp_ui_scenario(const cp_ui *ui) { return ui->sc; }
const cp_scorer *cp_ui_scorer(const cp_ui *ui) { return ui->scorer; }

void cp_ui_set_scorer(cp_ui *ui, const cp_scorer *scorer) { ui->scorer = scorer; }
const cp_session *cp_ui_session(const cp_ui *ui) { return ui->ss; }
size_t cp_ui_nentries(const cp_ui *ui) { return ui->nent; }
cp_ui_entry *cp_ui_entry_at(cp_ui *ui, size_t i) { return i < ui->nent ? &ui->ent[i] : NULL; }
int cp_ui_mode(const cp_ui *ui) { return ui->mode; }
bool cp_ui_menu_open(const cp_ui *ui) { return ui->menu; }
int cp_ui_menu_sel(const cp_ui *ui) { return ui->menu_sel; }
size_t cp_ui_nlistings(const cp_ui *ui) { return ui->nlist; }
const cp_ui_listing *cp_ui_listing_at(const cp_ui *ui, size_t i) { return i < ui->nlist ? &ui->list[i] : NULL; }
int cp_ui_selected(const cp_ui *ui) { return ui->sel; }
cp_ui_focus cp_ui_focus_now(const cp_ui *ui) { return ui->focus; }
int cp_ui_end_sel(const cp_ui *ui) { return ui->end_sel; }
const char *cp_ui_message(const cp_ui *ui) { return ui->msg; }
unsigned cp_ui_screen_serial(const cp_ui *ui) { return ui->serial; }

int cp_ui_scroll(const cp_ui *ui)
{
    return ui->screen == CP_UI_FEEDBACK ? ui->fb_scroll : ui->scroll;
}

void cp_ui_clamp_scroll(cp_ui *ui, int max)
{
    if (max < 0)
        max = 0;
    int *s = ui->screen == CP_UI_FEEDBACK ? &ui->fb_scroll : &ui->scroll;
    if (*s > max)
        *s = max;
    if (*s < 0)
        *s = 0;
}

const cp_strlist *cp_ui_choices(const cp_ui *ui)
{
    if (!ui->ss || ui->mode != 0 || ui->screen != CP_UI_DIALOGUE || cp_session_ended(ui->ss))
        return &ui->no_choices;
    return &cp_session_node(ui->ss)->choices;
}

const char *cp_ui_hint(const cp_ui *ui)
{
    if (!ui->hint_shown || !ui->ss || ui->screen != CP_UI_DIALOGUE)
        return NULL;
    const cp_node *n = cp_session_node(ui->ss);
    return n->hint ? n->hint : (n->model ? n->model : "这一步没有提示。");
}

const cp_turn *cp_ui_feedback_turn(const cp_ui *ui)
{
    if (!ui->ss || ui->fb_turn < 0 || (size_t)ui->fb_turn >= cp_session_nturns(ui->ss))
        return NULL;
    return cp_session_turn(ui->ss, (size_t)ui->fb_turn);
}

const char *cp_ui_feedback_model(const cp_ui *ui)
{
    const cp_turn *t = cp_ui_feedback_turn(ui);
    if (!t || ui->mode != 0)
        return NULL;
    int i = cp_scenario_find(ui->sc, t->node);
    return i >= 0 ? ui->sc->nodes[i].model : NULL;
}

const char *cp_ui_expression(const cp_ui *ui)
{
    if (!ui->ss)
        return "calm";
    if (ui->screen == CP_UI_FEEDBACK) {
        /* the citizen reacts to the reply: the node the reply led to shows its face */
        const cp_node *n = cp_session_node(ui->ss);
        return n->expression ? n->expression : "calm";
    }
    const cp_node *n = cp_session_node(ui->ss);
    return n->expression ? n->expression : "calm";
}

size_t cp_ui_menu_items(const cp_ui *ui, const char *const **items)
{
    if (ui->ex && !plain_menu_screen(ui)) {
        *items = MENU_EXAM;
        return sizeof MENU_EXAM / sizeof *MENU_EXAM;
    }
    if (plain_menu_screen(ui)) {
        *items = MENU_START;
        return sizeof MENU_START / sizeof *MENU_START;
    }
    *items = MENU_PLAY;
    return sizeof MENU_PLAY / sizeof *MENU_PLAY;
}

/* ---- Records, self-study and exams ------------------------------------------------------- */

/* The records mode of what is being played. */
static cp_mode record_mode(const cp_ui *ui)
{
    return ui->ex ? CP_MODE_EXAM : CP_MODE_PRACTICE;
}

/* Starts the recorded session for the session just installed (records on); a failure is shown
 * and the session plays on unrecorded. */
static void begin_record(cp_ui *ui)
{
    ui->sid = 0;
    if (!ui->db || !ui->ss)
        return;
    cp_error err;
    cp_error_clear(&err);
    int64_t sid = 0;
    if (cp_records_session_start(ui->db, ui->trainee, ui->ss, record_mode(ui), ui->ex ? ui->run : 0,
                                 &sid, &err) != 0) {
        char buf[1600];
        snprintf(ui->msg, sizeof ui->msg, "无法在记录库中登记本次练习（%s），本次回答不会被记录。",
                 cp_error_format(&err, buf, sizeof buf));
        return;
    }
    ui->sid = sid;
    if (ui->ex) {
        ui->exam_sids = cp_xrealloc(ui->exam_sids, (ui->nexam_sids + 1) * sizeof *ui->exam_sids);
        ui->exam_sids[ui->nexam_sids++] = sid;
    }
}

/* Sorts exams by file name. */
static int cmp_exam(const void *a, const void *b)
{
    const cp_exam *const *x = a, *const *y = b;
    return strcmp((*x)->path, (*y)->path);
}

static void scan_exams(cp_ui *ui)
{
    char *dir = cp_xasprintf("%s/exams", ui->scen_dir ? ui->scen_dir : "scenarios");
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (n < 5 || strcmp(de->d_name + n - 4, ".lua") || de->d_name[0] == '.')
            continue;
        char *path = cp_xasprintf("%s/%s", dir, de->d_name);
        cp_error err;
        cp_error_clear(&err);
        cp_exam *ex = cp_exam_load(path, &err);
        free(path);
        if (!ex)
            continue;
        ui->exams = cp_xrealloc(ui->exams, (ui->nexams + 1) * sizeof *ui->exams);
        ui->exams[ui->nexams++] = ex;
    }
    if (d)
        closedir(d);
    free(dir);
    if (ui->nexams > 1)
        qsort(ui->exams, ui->nexams, sizeof *ui->exams, cmp_exam);
}

/* Index of the listing whose scenario id is id, or -1. */
static int listing_of(const cp_ui *ui, const char *id)
{
    for (size_t i = 0; i < ui->nlist; i++)
        if (ui->list[i].id && !strcmp(ui->list[i].id, id))
            return (int)i;
    return -1;
}

/* Looks for the trainee's newest unfinished practice session to offer on the start screen. */
static void refresh_offer(cp_ui *ui)
{
    ui->offer_sid = 0;
    ui->offer[0] = 0;
    free(ui->offer_path);
    ui->offer_path = NULL;
    if (!ui->db)
        return;
    cp_error err;
    cp_error_clear(&err);
    size_t n = 0;
    cp_rec_session *v = cp_records_sessions(ui->db, ui->trainee, &n, &err);
    for (size_t i = n; v && i-- > 0;) {
        if (v[i].ended[0] || strcmp(v[i].mode, "practice") || v[i].attempts <= 0 ||
            v[i].id == ui->sid)
            continue;
        int li = listing_of(ui, v[i].scenario);
        if (li < 0)
            continue;
        ui->offer_sid = v[i].id;
        ui->offer_path = cp_xstrdup(ui->list[li].path);
        snprintf(ui->offer, sizeof ui->offer, "上次的练习「%s」还没有完成（已答 %d 轮）。",
                 ui->list[li].title, v[i].turns);
        break;
    }
    free(v);
}

void cp_ui_set_records(cp_ui *ui, cp_records *db, int64_t trainee)
{
    ui->db = db;
    ui->trainee = trainee;
    ui->sid = 0;
    if (!db)
        return;
    cp_records_set_self(db, trainee);
    cp_error err;
    cp_error_clear(&err);
    cp_trainee t;
    if (cp_records_trainee_get(db, trainee, &t, &err) == 0)
        cp_ui_set_trainee(ui, t.name);
    if (!ui->nexams)
        scan_exams(ui);
    refresh_offer(ui);
    refresh_ticket(ui);
    if (ui->ticket)
        ui->mode = 1;   /* an exam is open for this trainee: 考核模式 comes chosen */
}

/* The newest exam an assessor assigned to the trainee and not yet started (the start screen
 * offers it: 考核已开放). */
static void refresh_ticket(cp_ui *ui)
{
    ui->ticket = 0;
    ui->ticket_offer[0] = 0;
    ui->ticket_exam[0] = 0;
    if (!ui->db || !ui->trainee)
        return;
    cp_error err;
    cp_error_clear(&err);
    size_t n = 0;
    cp_exam_ticket *t = cp_records_exam_tickets(ui->db, ui->trainee, true, &n, &err);
    if (t && n) {
        ui->ticket = t[0].id;
        snprintf(ui->ticket_exam, sizeof ui->ticket_exam, "%s", t[0].exam);
        char limit[48] = "不限时";
        if (t[0].time_limit > 0)
            snprintf(limit, sizeof limit, "每轮限时 %d 秒", t[0].time_limit);
        snprintf(ui->ticket_offer, sizeof ui->ticket_offer,
                 "考核已开放：%.200s（%zu 个情景，%s；%.60s 指派）。选考核模式按 Enter 开始，无需考官口令。",
                 t[0].title, t[0].nparts, limit, t[0].by[0] ? t[0].by : "考官");
    }
    free(t);
}

const char *cp_ui_exam_ticket_offer(const cp_ui *ui)
{
    return ui->ticket && ui->screen == CP_UI_START ? ui->ticket_offer : NULL;
}

/* Starts the run of the assigned exam (cp_records_exam_take: the seat's own, once), the exam
 * as it was when assigned, and opens its first part. */
static int take_ticket(cp_ui *ui)
{
    cp_error err;
    cp_error_clear(&err);
    int64_t run = 0;
    cp_exam *ex = NULL;
    if (cp_records_exam_take(ui->db, ui->ticket, ui->trainee, &run, &err) != 0 ||
        !(ex = cp_records_exam_of_run(ui->db, run, &err))) {
        char buf[1600];
        snprintf(ui->msg, sizeof ui->msg, "无法开始考核：%s", cp_error_format(&err, buf, sizeof buf));
        refresh_ticket(ui);
        return CP_UI_CHANGED;
    }
    ui->ticket = 0;
    ui->ticket_offer[0] = 0;
    cp_exam_free(ui->run_ex);
    ui->run_ex = ex;
    ui->ex = ex;
    ui->run = run;
    ui->part = 0;
    ui->nexam_sids = 0;
    ui->have_result = false;
    ui->mode = 1;
    ui->msg[0] = 0;
    return exam_open_part(ui);
}

cp_records *cp_ui_records(const cp_ui *ui) { return ui->db; }
int64_t cp_ui_trainee_id(const cp_ui *ui) { return ui->trainee; }
int64_t cp_ui_session_id(const cp_ui *ui) { return ui->sid; }
const char *cp_ui_resume_offer(const cp_ui *ui) { return ui->offer_sid ? ui->offer : NULL; }

int cp_ui_resume_recorded(cp_ui *ui, int64_t session_id, const char *scenario_path,
                          cp_error *err)
{
    if (!ui->db)
        return cp_error_set(err, NULL, 0, "没有打开记录库，无法继续记录的练习");
    cp_rec_session info;
    if (cp_records_session_get(ui->db, session_id, &info, err) != 0)
        return -1;
    if (!strcmp(info.mode, "exam"))
        return cp_error_set(err, NULL, 0, "第 %lld 次是考核场次，考核不能中途续答",
                            (long long)session_id);
    int li = listing_of(ui, info.scenario);
    if (!scenario_path && li < 0)
        return cp_error_set(err, NULL, 0, "找不到情景「%s」的文件", info.scenario);
    char *path = cp_xstrdup(scenario_path ? scenario_path : ui->list[li].path);
    cp_scenario *sc = cp_scenario_load(path, err);
    cp_session *ss = sc ? cp_records_resume(ui->db, session_id, sc, ui->scorer, err) : NULL;
    if (!ss) {
        cp_scenario_free(sc);
        free(path);
        return -1;
    }
    ui->trainee = info.trainee;
    cp_records_set_self(ui->db, info.trainee);
    ui->mode = 0;
    install(ui, path, sc, ss);
    free(path);
    ui->sid = session_id;
    snprintf(ui->notice, sizeof ui->notice, "已恢复第 %lld 次练习（已答 %zu 轮），接着回答即可。",
             (long long)session_id, cp_session_nturns(ss));
    return 0;
}

/* ---- The clock ---- */

int64_t cp_ui_countdown_ms(const cp_ui *ui)
{
    if (!ui->ex || ui->ex->time_limit <= 0 || ui->screen != CP_UI_DIALOGUE || !ui->ss ||
        cp_session_ended(ui->ss))
        return -1;
    if (ui->turn_t0 < 0)
        return (int64_t)ui->ex->time_limit * 1000;
    return cp_exam_remaining_ms(ui->ex, reply_elapsed(ui));
}

int cp_ui_tick(cp_ui *ui, int64_t now_ms)
{
    int r = 0;
    ui->now = now_ms;
    if (ui->screen == CP_UI_DIALOGUE && ui->ss && !cp_session_ended(ui->ss) && ui->turn_t0 < 0)
        ui->turn_t0 = now_ms;
    int64_t left = cp_ui_countdown_ms(ui);
    if (left < 0)
        return r;
    int64_t sec = (left + 999) / 1000;
    if (sec != ui->shown_sec) {
        ui->shown_sec = sec;
        r |= CP_UI_CHANGED;
    }
    if (left == 0 && !ui->timeout_failed && !(ui->load_err_shown && ui->load_err[0])) {
        /* time is up: the reply goes as typed (the input method's unfinished text is dropped) */
        cp_ui_edit_compose(&ui->reply, NULL, 0);
        char *t = cp_xstrdup(ui->reply.text ? ui->reply.text : "");
        ui->menu = false;
        r |= submit(ui, t, 0);
        free(t);
    }
    return r;
}

/* ---- Hints and retrying a turn ---- */

int cp_ui_hints_taken(const cp_ui *ui) { return ui->hints; }
int cp_ui_brief_scroll(const cp_ui *ui) { return ui->brief_scroll; }

void cp_ui_clamp_brief_scroll(cp_ui *ui, int max)
{
    if (ui->brief_scroll > max)
        ui->brief_scroll = max > 0 ? max : 0;
}

bool cp_ui_brief_shown(const cp_ui *ui)
{
    if (ui->screen == CP_UI_START)
        return ui->brief && ui->nlist;
    return ui->brief && ui->sc && (ui->screen == CP_UI_DIALOGUE || ui->screen == CP_UI_FEEDBACK);
}
bool cp_ui_hint_asking(const cp_ui *ui) { return ui->hint_ask && ui->screen == CP_UI_DIALOGUE; }
int cp_ui_feedback_hints(const cp_ui *ui) { return cp_ui_feedback_turn(ui) ? ui->fb_hints : 0; }

double cp_ui_feedback_final(const cp_ui *ui)
{
    const cp_turn *t = cp_ui_feedback_turn(ui);
    if (!t)
        return 0;
    return ui->db ? cp_hint_penalised(t->score, t->max, ui->fb_hints) : t->score;
}

/* n = 0: ask / take / show / hide the hint; n = -1: decline the question. With records the
 * first request only asks (a hint costs points); asking again takes it. A hint already taken
 * this turn shows again for free. */
static int hint_act(cp_ui *ui, int n)
{
    if (ui->mode != 0 || !ui->ss || cp_session_ended(ui->ss) || ui->screen != CP_UI_DIALOGUE)
        return 0;
    if (n < 0) {
        if (!ui->hint_ask)
            return 0;
        ui->hint_ask = false;
        return CP_UI_CHANGED;
    }
    if (ui->hint_shown) {
        ui->hint_shown = false;
        return CP_UI_CHANGED;
    }
    if (!ui->hints && ui->db && !ui->hint_ask) {
        ui->hint_ask = true;
        return CP_UI_CHANGED;
    }
    if (!ui->hints)
        ui->hints = 1;
    ui->hint_ask = false;
    ui->hint_shown = true;
    return CP_UI_CHANGED;
}

bool cp_ui_can_retry_turn(const cp_ui *ui)
{
    return ui->screen == CP_UI_FEEDBACK && ui->mode == 0 && !ui->ex && ui->ss &&
           cp_session_nturns(ui->ss) > 0 && ui->fb_turn == (int)cp_session_nturns(ui->ss) - 1;
}

/* Feedback: take the last reply back and answer the turn again (recorded as the next attempt
 * with records: cp_records_retry; without, the session is replayed up to that turn). The old
 * reply goes back into the box to be improved. */
static int retry_turn(cp_ui *ui)
{
    if (!cp_ui_can_retry_turn(ui))
        return 0;
    cp_error err;
    cp_error_clear(&err);
    size_t nt = cp_session_nturns(ui->ss);
    const cp_turn *last = cp_session_turn(ui->ss, nt - 1);
    char *old = cp_xstrdup(last->reply ? last->reply : "");
    cp_session *again = NULL;
    if (ui->db && ui->sid) {
        again = cp_records_retry(ui->db, ui->sid, ui->sc, ui->scorer, &err);
    } else {
        again = cp_session_new(ui->sc, ui->scorer, &err);
        for (size_t i = 0; again && i + 1 < nt; i++) {
            const cp_turn *t = cp_session_turn(ui->ss, i);
            if (cp_session_reply(again, t->choice ? NULL : t->reply, t->choice, &err) != 0) {
                cp_session_free(again);
                again = NULL;
            }
        }
    }
    if (!again) {
        char buf[1600];
        snprintf(ui->msg, sizeof ui->msg, "无法重答本轮：%s", cp_error_format(&err, buf, sizeof buf));
        free(old);
        return CP_UI_CHANGED;
    }
    cp_session_free(ui->ss);
    ui->ss = again;
    rebuild_history(ui, false);
    ui->fb_turn = -1;
    ui->hints = 0;
    ui->hint_ask = false;
    ui->hint_shown = false;
    ui->turn_t0 = -1;
    cp_ui_edit_clear(&ui->reply);
    cp_ui_edit_insert(&ui->reply, old, strlen(old));
    free(old);
    ui->msg[0] = 0;
    snprintf(ui->notice, sizeof ui->notice,
             "重答第 %zu 轮：上次的回答已放回输入框，修改后再发送（以最后一次为准）。", nt);
    set_screen(ui, CP_UI_DIALOGUE);
    autosave(ui);
    return CP_UI_CHANGED;
}

/* ---- Criterion names ---- */

/* The Chinese name of scenario check id in sc, or NULL. */
static const char *check_name(const cp_scenario *sc, const char *id)
{
    for (size_t n = 0; sc && n < sc->nnodes; n++)
        for (size_t k = 0; k < sc->nodes[n].nchecks; k++)
            if (sc->nodes[n].checks[k].id && !strcmp(sc->nodes[n].checks[k].id, id))
                return sc->nodes[n].checks[k].name;
    return NULL;
}

/* Remembers the names of sc's checks for the progress view (other scenarios' criteria). */
static void learn_check_names(cp_ui *ui, const cp_scenario *sc)
{
    for (size_t n = 0; n < sc->nnodes; n++)
        for (size_t k = 0; k < sc->nodes[n].nchecks; k++) {
            const cp_check *c = &sc->nodes[n].checks[k];
            bool seen = !c->id || !c->name;
            for (size_t i = 0; i < ui->ncheck_names && !seen; i++)
                seen = !strcmp(ui->check_names[2 * i], c->id);
            if (seen)
                continue;
            ui->check_names = cp_xrealloc(ui->check_names, 2 * (ui->ncheck_names + 1) * sizeof *ui->check_names);
            ui->check_names[2 * ui->ncheck_names] = cp_xstrdup(c->id);
            ui->check_names[2 * ui->ncheck_names + 1] = cp_xstrdup(c->name);
            ui->ncheck_names++;
        }
}

const char *cp_ui_criterion_name(const cp_ui *ui, const char *id)
{
    for (size_t i = 0; ui->scorer && i < cp_scorer_count(ui->scorer); i++)
        if (!strcmp(cp_scorer_id(ui->scorer, i), id))
            return cp_scorer_name(ui->scorer, i);
    if (!strcmp(id, "clarity.one_time_notice")) /* scored from the scenario's notice, not a rubric */
        return "一次性告知";
    const char *n = check_name(ui->sc, id);
    if (n)
        return n;
    for (size_t i = 0; i < ui->ncheck_names; i++)
        if (!strcmp(ui->check_names[2 * i], id))
            return ui->check_names[2 * i + 1];
    return id;
}

/* ---- Progress and the recommendation ---- */

static int open_progress(cp_ui *ui)
{
    if (ui->screen != CP_UI_START && ui->screen != CP_UI_END)
        return 0;
    if (!ui->db) {
        snprintf(ui->msg, sizeof ui->msg, "学习进度需要学员记录：请用 --trainee 工号 启动。");
        return CP_UI_CHANGED;
    }
    cp_error err;
    cp_error_clear(&err);
    cp_progress_free(ui->prog);
    ui->prog = cp_records_progress(ui->db, ui->trainee, &err);
    free(ui->prog_sess);
    ui->nprog_sess = 0;
    cp_error e0;
    cp_error_clear(&e0);
    ui->prog_sess = ui->prog ? cp_records_sessions(ui->db, ui->trainee, &ui->nprog_sess, &e0) : NULL;
    ui->rec_text[0] = 0;
    ui->rec_listing = -1;
    if (!ui->prog) {
        char buf[1600];
        snprintf(ui->msg, sizeof ui->msg, "无法读取学习进度：%s", cp_error_format(&err, buf, sizeof buf));
        return CP_UI_CHANGED;
    }
    /* the installed scenarios, loaded once for the recommendation */
    const cp_scenario **scs = cp_xcalloc(ui->nlist ? ui->nlist : 1, sizeof *scs);
    int *at = cp_xcalloc(ui->nlist ? ui->nlist : 1, sizeof *at);
    size_t n = 0;
    for (size_t i = 0; i < ui->nlist; i++) {
        cp_error e2;
        cp_error_clear(&e2);
        cp_scenario *sc = cp_scenario_load(ui->list[i].path, &e2);
        if (sc) {
            learn_check_names(ui, sc);   /* so the chart names scenario checks in Chinese */
            at[n] = (int)i;
            scs[n++] = sc;
        }
    }
    cp_recommendation rec;
    if (n && cp_recommend(ui->prog, scs, n, &rec) == 0) {
        ui->rec_listing = at[rec.scenario];
        int total = 0;
        double rate = -1;
        for (size_t i = 0; i < cp_progress_ncriteria(ui->prog); i++)
            if (!strcmp(cp_progress_criterion(ui->prog, i), rec.criterion))
                rate = cp_progress_rate(ui->prog, i, CP_PROGRESS_RECENT, &total);
        char pct[64];
        if (rate < 0)
            snprintf(pct, sizeof pct, "尚未练习过");
        else
            snprintf(pct, sizeof pct, "近期达标率 %d%%", (int)(rate * 100 + 0.5));
        snprintf(ui->rec_text, sizeof ui->rec_text, "建议下一个练习：%s（训练%s，%s）",
                 ui->list[ui->rec_listing].title, cp_ui_criterion_name(ui, rec.criterion), pct);
    }
    for (size_t i = 0; i < n; i++)
        cp_scenario_free((cp_scenario *)scs[i]);
    free(scs);
    free(at);
    ui->msg[0] = 0;
    ui->menu = false;
    set_screen(ui, CP_UI_PROGRESS);
    return CP_UI_CHANGED;
}

const cp_progress *cp_ui_progress(const cp_ui *ui) { return ui->screen == CP_UI_PROGRESS ? ui->prog : NULL; }

char *cp_ui_progress_date(const cp_ui *ui, size_t j, char *out)
{
    out[0] = 0;
    if (!ui->prog || j >= cp_progress_nsessions(ui->prog))
        return out;
    int64_t id = cp_progress_session(ui->prog, j);
    for (size_t i = 0; i < ui->nprog_sess; i++)
        if (ui->prog_sess[i].id == id && strlen(ui->prog_sess[i].started) >= 10)
            snprintf(out, 16, "%.5s", ui->prog_sess[i].started + 5);   /* MM-DD */
    return out;
}
const char *cp_ui_recommend_text(const cp_ui *ui) { return ui->rec_text; }
int cp_ui_recommend_listing(const cp_ui *ui) { return ui->rec_listing; }

/* ---- Exams ---- */

size_t cp_ui_nexams(const cp_ui *ui) { return ui->nexams; }
const cp_exam *cp_ui_exam_at(const cp_ui *ui, size_t i) { return i < ui->nexams ? ui->exams[i] : NULL; }
int cp_ui_exam_selected(const cp_ui *ui) { return ui->exam_sel; }
const cp_exam *cp_ui_exam_running(const cp_ui *ui) { return ui->ex; }
int64_t cp_ui_exam_run(const cp_ui *ui) { return ui->run; }
size_t cp_ui_exam_part(const cp_ui *ui) { return ui->part; }
const cp_ui_edit *cp_ui_passphrase(const cp_ui *ui) { return &ui->pass; }
const cp_ui_edit *cp_ui_exam_assessor(const cp_ui *ui) { return &ui->assessor; }
bool cp_ui_exam_name_focused(const cp_ui *ui) { return ui->exam_on_name; }

void cp_ui_set_assessor(cp_ui *ui, const char *name)
{
    cp_ui_edit_clear(&ui->assessor);
    if (name)
        cp_ui_edit_insert(&ui->assessor, name, strlen(name));
    if (ui->screen == CP_UI_EXAM)
        ui->exam_on_name = !cp_ui_edit_has_text(&ui->assessor);
}
const cp_exam_result *cp_ui_exam_result(const cp_ui *ui) { return ui->screen == CP_UI_RESULT && ui->have_result ? &ui->result : NULL; }
size_t cp_ui_result_ncrit(const cp_ui *ui) { return ui->screen == CP_UI_RESULT ? ui->nrcrit : 0; }
const cp_ui_crit_stat *cp_ui_result_crit(const cp_ui *ui, size_t i) { return i < ui->nrcrit ? &ui->rcrit[i] : NULL; }

int cp_ui_choose_exam(cp_ui *ui, const char *path, cp_error *err)
{
    if (!ui->db)
        return cp_error_set(err, path, 0, "exams need the records (--trainee)");
    cp_exam *ex = cp_exam_load(path, err);
    if (!ex)
        return -1;
    if (ui->ticket && strcmp(ui->ticket_exam, ex->id) == 0) {
        cp_exam_free(ex);   /* assigned to this trainee: it starts as assigned, no passphrase */
        ui->mode = 1;
        take_ticket(ui);
        return 0;
    }
    size_t i = 0;
    while (i < ui->nexams && strcmp(ui->exams[i]->id, ex->id))
        i++;
    if (i < ui->nexams) {
        cp_exam_free(ui->exams[i]); /* the file named wins over the one in the folder */
    } else {
        ui->exams = cp_xrealloc(ui->exams, (ui->nexams + 1) * sizeof *ui->exams);
        ui->nexams++;
    }
    ui->exams[i] = ex;
    ui->exam_sel = (int)i;
    ui->mode = 1;
    ui->xoffer_run = 0;
    cp_ui_edit_clear(&ui->pass);
    ui->exam_on_name = !cp_ui_edit_has_text(&ui->assessor);
    set_screen(ui, CP_UI_EXAM);
    return 0;
}

static void wipe_pass(cp_ui *ui)
{
    if (ui->pass.text)
        memset(ui->pass.text, 0, ui->pass.cap);
    cp_ui_edit_clear(&ui->pass);
}

/* The file of scenario id: its start-screen listing, else <scenarios>/<id>.lua. Caller frees. */
static char *part_path(const cp_ui *ui, const char *id)
{
    int li = listing_of(ui, id);
    return li >= 0 ? cp_xstrdup(ui->list[li].path)
                   : cp_xasprintf("%s/%s.lua", ui->scen_dir ? ui->scen_dir : "scenarios", id);
}

/* Opens the exam's scenario number ui->part; a part that does not load ends the run. */
static int exam_open_part(cp_ui *ui)
{
    const char *id = ui->ex->scenarios.v[ui->part];
    char *path = part_path(ui, id);
    cp_error err;
    cp_error_clear(&err);
    int rc = cp_ui_open(ui, path, &err);
    free(path);
    if (rc != 0 || !ui->sid) {
        char buf[1600], keep[600];
        snprintf(keep, sizeof keep, "%.590s", rc != 0 ? cp_error_format(&err, buf, sizeof buf) : ui->msg);
        exam_finish(ui, false);
        snprintf(ui->msg, sizeof ui->msg, "考核情景「%.100s」无法开始：%s", id, keep);
        return CP_UI_CHANGED;
    }
    ui->brief = true;   /* no start screen between parts: the case brief opens beside them */
    snprintf(ui->notice, sizeof ui->notice, "考核开始：第 %zu/%zu 部分。%s", ui->part + 1,
             ui->ex->scenarios.n,
             ui->ex->time_limit > 0 ? "每轮回答限时，时间到会按输入框中的内容自动提交。" : "");
    return CP_UI_CHANGED;
}

static int begin_new_run(cp_ui *ui);

static int unlock_and_begin(cp_ui *ui)
{
    if (ui->screen != CP_UI_EXAM || !ui->db || ui->exam_sel < 0 || (size_t)ui->exam_sel >= ui->nexams)
        return 0;
    cp_error err;
    cp_error_clear(&err);
    if (!cp_ui_edit_has_text(&ui->assessor)) {
        wipe_pass(ui);
        ui->exam_on_name = true;
        snprintf(ui->msg, sizeof ui->msg, "请先填写考官姓名（记入考核记录），再输入口令。考核未开始。");
        return CP_UI_CHANGED;
    }
    if (!cp_records_has_passphrase(ui->db)) {
        wipe_pass(ui);
        snprintf(ui->msg, sizeof ui->msg,
                 "尚未设置考核口令：请考官先运行 counterpart passphrase set。考核未开始。");
        return CP_UI_CHANGED;
    }
    int ok = cp_records_unlock(ui->db, ui->pass.text ? ui->pass.text : "", &err);
    wipe_pass(ui);
    if (ok != 0) {
        snprintf(ui->msg, sizeof ui->msg, "口令不正确，考核未开始。请考官重新输入。");
        ui->serial++; /* a state of its own (the script driver takes its picture) */
        return CP_UI_CHANGED;
    }
    /* an unfinished run of this exam (its process stopped): offer to continue it */
    const cp_exam *ex = ui->exams[ui->exam_sel];
    size_t nr = 0;
    cp_exam_result *runs = cp_records_exam_runs(ui->db, ui->trainee, ex->id, &nr, &err);
    for (size_t i = nr; runs && i-- > 0;) {
        cp_exam_stop at;
        if (runs[i].finished || cp_records_exam_stop(ui->db, runs[i].id, &at, &err) != 0)
            continue;
        size_t done = 0;
        for (size_t k = 0; k < at.nparts; k++)
            done += at.parts[k].done;
        ui->xoffer_run = runs[i].id;
        ui->xoffer_sel = 0;
        char where[96] = "";
        if (at.current < at.nparts && at.parts[at.current].session)
            snprintf(where, sizeof where, "，第 %zu 部分已答 %d 轮", at.current + 1,
                     at.parts[at.current].replies);
        snprintf(ui->xoffer, sizeof ui->xoffer,
                 "学员有一次未完成的考核「%.200s」（考核记录 %lld，开始于 %s）：已完成 %zu/%zu 个情景%s。"
                 "已答的每一轮都已保存（程序中途被关闭或断电）。",
                 runs[i].title, (long long)runs[i].id, runs[i].started, done, at.nparts, where);
        cp_exam_stop_free(&at);
        break;
    }
    free(runs);
    if (ui->xoffer_run) {
        ui->msg[0] = 0;
        ui->serial++;
        return CP_UI_CHANGED;
    }
    return begin_new_run(ui);
}

/* After the unlock: begins a new run of the chosen exam. */
static int begin_new_run(cp_ui *ui)
{
    cp_error err;
    cp_error_clear(&err);
    const cp_exam *ex = ui->exams[ui->exam_sel];
    ui->xoffer_run = 0;
    int64_t run = 0;
    int rc = cp_records_exam_begin(ui->db, ex, ui->trainee, ui->assessor.text, &run, &err);
    cp_records_lock(ui->db);   /* the unlock was for this start only */
    if (rc != 0) {
        char buf[1600];
        snprintf(ui->msg, sizeof ui->msg, "无法开始考核：%s", cp_error_format(&err, buf, sizeof buf));
        return CP_UI_CHANGED;
    }
    ui->msg[0] = 0;
    ui->ex = ex;
    ui->run = run;
    ui->part = 0;
    ui->nexam_sids = 0;
    ui->have_result = false;
    ui->mode = 1;
    return exam_open_part(ui);
}

/* Continues the offered unfinished run (the exam as recorded for it): the part in progress
 * from its first unanswered reply, or the next part, or only its end. */
static int exam_resume_offered(cp_ui *ui)
{
    int64_t run = ui->xoffer_run;
    ui->xoffer_run = 0;
    cp_error err;
    cp_error_clear(&err);
    cp_exam_stop at = { 0 };
    cp_scenario *sc = NULL;
    cp_session *ss = NULL;
    char *path = NULL;
    cp_exam *ex = cp_records_exam_of_run(ui->db, run, &err);
    if (!ex || cp_records_exam_stop(ui->db, run, &at, &err) != 0)
        goto fail;
    if (at.current < at.nparts && at.parts[at.current].session) {
        path = part_path(ui, at.parts[at.current].scenario);
        if (!(sc = cp_scenario_load(path, &err)))
            goto fail;
    }
    cp_exam_stop_free(&at);
    int rc = cp_records_exam_resume(ui->db, run, ui->assessor.text, sc, ui->scorer, &ss, &at, &err);
    cp_records_lock(ui->db);   /* the unlock was for this continuation only */
    if (rc != 0)
        goto fail;
    cp_exam_free(ui->run_ex);
    ui->run_ex = ex;
    ui->ex = ex;
    ui->run = run;
    ui->part = at.current;
    ui->nexam_sids = 0;
    ui->have_result = false;
    ui->mode = 1;
    ui->msg[0] = 0;
    for (size_t k = 0; k < at.nparts && at.parts[k].session; k++) {
        ui->exam_sids = cp_xrealloc(ui->exam_sids, (ui->nexam_sids + 1) * sizeof *ui->exam_sids);
        ui->exam_sids[ui->nexam_sids++] = at.parts[k].session;
    }
    size_t cur = at.current, nparts = at.nparts;
    int64_t sid = cur < nparts ? at.parts[cur].session : 0;
    cp_exam_stop_free(&at);
    if (ss) {
        install(ui, path, sc, ss);
        ui->sid = sid;
        ui->brief = true;
        snprintf(ui->notice, sizeof ui->notice,
                 "已继续未完成的考核：第 %zu/%zu 部分，从第 %zu 轮接着答。中断时正在作答的一轮没有记录，本轮重新计时。",
                 cur + 1, nparts, cp_session_nturns(ss) + 1);
        free(path);
        return CP_UI_CHANGED;
    }
    free(path);
    return cur < nparts ? exam_open_part(ui) : exam_finish(ui, true);
fail:;
    cp_records_lock(ui->db);
    char buf[1600];
    snprintf(ui->msg, sizeof ui->msg, "无法继续未完成的考核：%s", cp_error_format(&err, buf, sizeof buf));
    cp_exam_stop_free(&at);
    cp_scenario_free(sc);
    cp_exam_free(ex);
    free(path);
    return CP_UI_CHANGED;
}

static int exam_resume_act(cp_ui *ui, int n)
{
    if (ui->screen != CP_UI_EXAM || !ui->db || !ui->xoffer_run || n < 0 || n > 1)
        return 0;
    if (n == 1) {   /* a new run; the unfinished one stays as it is (exam list, exam resume) */
        ui->xoffer_run = 0;
        return begin_new_run(ui);
    }
    return exam_resume_offered(ui);
}

const char *cp_ui_exam_resume_offer(const cp_ui *ui)
{
    return ui->screen == CP_UI_EXAM && ui->xoffer_run ? ui->xoffer : NULL;
}
int64_t cp_ui_exam_resume_run(const cp_ui *ui) { return ui->screen == CP_UI_EXAM ? ui->xoffer_run : 0; }
int cp_ui_exam_resume_sel(const cp_ui *ui) { return ui->xoffer_sel; }

static int exam_next(cp_ui *ui)
{
    if (!ui->ex)
        return 0;
    if (ui->part + 1 < ui->ex->scenarios.n) {
        ui->part++;
        return exam_open_part(ui);
    }
    return exam_finish(ui, true);
}

/* The run's parts as an assessor files them: each session's scenario title, ending title, rating,
 * score and the replies the timer submitted; the run's date (local time) and duration. */
static void result_parts(cp_ui *ui)
{
    ui->nrparts = 0;
    ui->rwhen[0] = ui->rdur[0] = 0;
    free(ui->rparts);
    ui->rparts = cp_xcalloc(ui->nexam_sids ? ui->nexam_sids : 1, sizeof *ui->rparts);
    cp_error err;
    cp_error_clear(&err);
    for (size_t k = 0; k < ui->nexam_sids; k++) {
        cp_rec_session rs;
        if (cp_records_session_get(ui->db, ui->exam_sids[k], &rs, &err) != 0)
            continue;
        cp_ui_part_result *p = &ui->rparts[ui->nrparts++];
        memset(p, 0, sizeof *p);
        p->session = rs.id;
        p->rating = rs.rating;
        snprintf(p->title, sizeof p->title, "%s", rs.scenario);
        /* the scenario file for its title and the ending's own Chinese title */
        char *path = part_path(ui, rs.scenario);
        cp_error e2;
        cp_scenario *sc = cp_scenario_load(path, &e2);
        free(path);
        if (sc && sc->title)
            snprintf(p->title, sizeof p->title, "%s", sc->title);
        if (rs.outcome[0]) {
            const char *et = NULL;
            for (size_t i = 0; sc && i < sc->nnodes; i++) {
                const cp_node *nd = &sc->nodes[i];
                if (nd->is_ending && nd->outcome && !strcmp(nd->outcome, rs.outcome) &&
                    (!et || nd->rating == rs.rating))
                    et = cp_scenario_ending_title(nd);
            }
            snprintf(p->ending, sizeof p->ending, "%s", et ? et : cp_scenario_outcome_name(rs.outcome));
        }
        cp_scenario_free(sc);
        size_t n = 0;
        cp_rec_turn *t = cp_records_turns(ui->db, rs.id, &n, &err);
        for (size_t i = 0; t && i < n; i++) {
            if (!t[i].counted)
                continue;
            p->replies++;
            p->score += t[i].final;
            p->max += t[i].max;
            if (t[i].timed_out) {
                if (p->timed_out < CP_UI_MAX_TIMED)
                    p->timed_seq[p->timed_out] = t[i].seq;
                p->timed_out++;
            }
        }
        cp_rec_turns_free(t, n);
    }
    const cp_exam_result *r = &ui->result;
    if (ui->have_result && r->started[0]) {
        cp_time_local(r->started, "%Y-%m-%d %H:%M", ui->rwhen, sizeof ui->rwhen);
        struct tm a = { 0 }, b = { 0 };
        if (r->ended[0] && strptime(r->started, "%Y-%m-%dT%H:%M:%S", &a) &&
            strptime(r->ended, "%Y-%m-%dT%H:%M:%S", &b)) {
            long d = (long)difftime(timegm(&b), timegm(&a));
            if (d < 0)
                d = 0;
            if (d >= 3600)
                snprintf(ui->rdur, sizeof ui->rdur, "%ld 小时 %02ld 分", d / 3600, d % 3600 / 60);
            else
                snprintf(ui->rdur, sizeof ui->rdur, "%ld 分 %02ld 秒", d / 60, d % 60);
        }
    }
}

bool cp_ui_meters_shown(const cp_ui *ui) { return ui->ex == NULL && ui->mode != 1; }

size_t cp_ui_result_nparts(const cp_ui *ui) { return ui->screen == CP_UI_RESULT ? ui->nrparts : 0; }
const cp_ui_part_result *cp_ui_result_part(const cp_ui *ui, size_t i) { return i < ui->nrparts ? &ui->rparts[i] : NULL; }
const char *cp_ui_result_when(const cp_ui *ui) { return ui->rwhen; }
const char *cp_ui_result_duration(const cp_ui *ui) { return ui->rdur; }

/* Closes the run (once; the stored result cannot change), reads the result and each
 * criterion's counted turns, and shows the result screen. */
static int exam_finish(cp_ui *ui, bool complete)
{
    if (!ui->ex)
        return 0;
    cp_error err;
    cp_error_clear(&err);
    const cp_exam *ex = ui->ex;
    ui->ex = NULL;
    ui->menu = false;
    ui->have_result = false;
    ui->nrcrit = 0;
    if (cp_records_exam_finish(ui->db, ui->run, complete, &err) != 0 ||
        cp_records_exam_result(ui->db, ui->run, &ui->result, &err) != 0) {
        char buf[1600];
        snprintf(ui->msg, sizeof ui->msg, "无法结束考核：%s", cp_error_format(&err, buf, sizeof buf));
    } else {
        ui->have_result = true;
        ui->msg[0] = 0;
    }
    for (size_t k = 0; k < ui->nexam_sids; k++) {
        size_t n = 0;
        cp_rec_turn *t = cp_records_turns(ui->db, ui->exam_sids[k], &n, &err);
        for (size_t i = 0; t && i < n; i++) {
            if (!t[i].counted)
                continue;
            for (size_t c = 0; c < t[i].ncrit; c++) {
                const cp_rec_crit *cr = &t[i].crit[c];
                if (!cr->focus)
                    continue;
                size_t j = 0;
                while (j < ui->nrcrit && strcmp(ui->rcrit[j].id, cr->id))
                    j++;
                if (j == ui->nrcrit) {
                    ui->rcrit = cp_xrealloc(ui->rcrit, (ui->nrcrit + 1) * sizeof *ui->rcrit);
                    memset(&ui->rcrit[j], 0, sizeof ui->rcrit[j]);
                    snprintf(ui->rcrit[j].id, sizeof ui->rcrit[j].id, "%s", cr->id);
                    ui->rcrit[j].weight = cp_exam_weight_of(ex, cr->id);
                    ui->nrcrit++;
                }
                ui->rcrit[j].total++;
                ui->rcrit[j].met += cr->met ? 1 : 0;
            }
        }
        cp_rec_turns_free(t, n);
    }
    result_parts(ui);
    if (ex == ui->run_ex) {   /* a resumed run's exam: no longer needed */
        cp_exam_free(ui->run_ex);
        ui->run_ex = NULL;
    }
    ui->mode = 1;
    set_screen(ui, CP_UI_RESULT);
    return CP_UI_CHANGED;
}
