/* ui_model.c - the window's display-free model: which screen shows, what the keys and clicks
 * do there, the history of the conversation, feedback and the Esc menu. The window asks it
 * what to draw; tests drive it with the same calls.
 * Must not: draw, measure fonts, or include SDL. */
#include "cp_ui.h"
#include "cp_utf8.h"

#include <dirent.h>
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

const char *cp_ui_outcome_name(const char *o)
{
    static const char *const map[][2] = {
        { "resolved", "问题解决" }, { "escalated", "转交上级处理" }, { "complaint", "群众投诉" },
        { "walked_away", "群众离开" }, { "partial", "部分解决" },
    };
    for (size_t i = 0; o && i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(o, map[i][0]))
            return map[i][1];
    return o ? o : "结束";
}

const char *cp_ui_rating_name(int r)
{
    static const char *const names[] = { "未评价", "非常不满意", "不满意", "基本满意", "满意",
                                         "非常满意" };
    return names[r >= 1 && r <= 5 ? r : 0];
}

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
    int fb_turn;         /* turn on the feedback screen, -1 none */
    int end_sel;
    /* menu */
    bool menu;
    int menu_sel;
    char msg[1024];
    cp_strlist no_choices;
    /* saving, resuming, reloading */
    char *save_path;     /* save after every reply, NULL = never */
    char *resume_path;   /* session to resume once a failed scenario loads, NULL = none */
    char load_err[2048]; /* "" when the last load worked */
    bool load_err_shown;
    char notice[512];
    unsigned reloads;
};

static const char *const MENU_PLAY[] = { "继续", "重新开始本情景", "换一个情景", "退出" };
static const char *const MENU_START[] = { "继续", "退出" };

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
            cp_xstrdup(sc->summary ? sc->summary : ""), sc->difficulty };
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
    }
    free(ui->list);
    cp_session_free(ui->ss);
    cp_scenario_free(ui->sc);
    free(ui->path);
    free(ui->save_path);
    free(ui->resume_path);
    cp_ui_edit_free(&ui->name);
    cp_ui_edit_free(&ui->reply);
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
    cp_ui_edit_clear(&ui->reply);
    ui->hint_shown = false;
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
        snprintf(ui->notice, sizeof ui->notice,
                 "情景文件已修改，原来的位置「%s」已不存在，已从头开始。", at);
    }
    ui->mode = mode_keep;
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

void cp_ui_set_trainee(cp_ui *ui, const char *name)
{
    cp_ui_edit_clear(&ui->name);
    if (name)
        cp_ui_edit_insert(&ui->name, name, strlen(name));
}

/* ---- Doing things ----------------------------------------------------------------------- */

static int submit(cp_ui *ui, const char *text, int choice)
{
    if (!ui->ss || cp_session_ended(ui->ss))
        return 0;
    cp_error err;
    cp_error_clear(&err);
    if (cp_session_reply(ui->ss, text, choice, &err) != 0) {
        snprintf(ui->msg, sizeof ui->msg, "%s", err.msg[0] ? err.msg : "无法提交回答");
        return CP_UI_CHANGED;
    }
    size_t nt = cp_session_nturns(ui->ss);
    const cp_turn *t = cp_session_turn(ui->ss, nt - 1);
    cp_ui_push_entry(ui, CP_UI_TRAINEE, t->reply, (int)nt - 1);
    cp_ui_edit_clear(&ui->reply);
    ui->hint_shown = false;
    ui->fb_turn = (int)nt - 1;
    ui->msg[0] = 0;
    ui->notice[0] = 0;
    set_screen(ui, CP_UI_FEEDBACK);
    autosave(ui);
    return CP_UI_CHANGED;
}

static int continue_after_feedback(cp_ui *ui)
{
    if (ui->screen != CP_UI_FEEDBACK)
        return 0;
    cp_ui_push_entry(ui, CP_UI_CITIZEN, cp_session_citizen(ui->ss), ui->fb_turn);
    set_screen(ui, cp_session_ended(ui->ss) ? CP_UI_END : CP_UI_DIALOGUE);
    return CP_UI_CHANGED;
}

static int go_start(cp_ui *ui)
{
    ui->menu = false;
    ui->focus = ui->nlist ? CP_UI_FOCUS_LIST : CP_UI_FOCUS_NAME;
    set_screen(ui, CP_UI_START);
    return CP_UI_CHANGED;
}

static int start_selected(cp_ui *ui)
{
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
    if (!ui->path)
        return 0;
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
    if (ui->screen == CP_UI_START)
        return n == 1 ? (CP_UI_QUIT | CP_UI_CHANGED) : CP_UI_CHANGED;
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
        if (ui->screen != CP_UI_DIALOGUE || !cp_ui_edit_has_text(&ui->reply))
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
    case CP_UI_ACT_OTHER: return go_start(ui);
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
        ui->mode = n ? 1 : 0;
        return CP_UI_CHANGED;
    case CP_UI_ACT_FOCUS:
        if (n < 0 || n >= CP_UI_FOCUS_COUNT)
            return 0;
        ui->focus = (cp_ui_focus)n;
        return CP_UI_CHANGED;
    case CP_UI_ACT_HINT:
        if (ui->mode != 0 || !ui->ss || cp_session_ended(ui->ss))
            return 0;
        ui->hint_shown = !ui->hint_shown;
        return CP_UI_CHANGED;
    case CP_UI_ACT_DISMISS: return 0;
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
    int n = (int)(ui->screen == CP_UI_START ? sizeof MENU_START / sizeof *MENU_START
                                            : sizeof MENU_PLAY / sizeof *MENU_PLAY);
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
        return cp_ui_act(ui, CP_UI_ACT_MENU, 0);
    }
    switch (ui->screen) {
    case CP_UI_START:
        return key_start(ui, k);
    case CP_UI_DIALOGUE:
        switch (k) {
        case CP_UI_KEY_ENTER: return cp_ui_act(ui, CP_UI_ACT_SUBMIT, 0);
        case CP_UI_KEY_NEWLINE: cp_ui_edit_insert(&ui->reply, "\n", 1); return CP_UI_CHANGED;
        case CP_UI_KEY_PAGEUP: return cp_ui_act(ui, CP_UI_ACT_SCROLL, 300);
        case CP_UI_KEY_PAGEDOWN: return cp_ui_act(ui, CP_UI_ACT_SCROLL, -300);
        case CP_UI_KEY_F1: return cp_ui_act(ui, CP_UI_ACT_HINT, 0);
        default: return key_edit(&ui->reply, k);
        }
    case CP_UI_FEEDBACK:
        switch (k) {
        case CP_UI_KEY_ENTER: case CP_UI_KEY_NEWLINE: return continue_after_feedback(ui);
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
    if (ui->screen == CP_UI_START) {
        *items = MENU_START;
        return sizeof MENU_START / sizeof *MENU_START;
    }
    *items = MENU_PLAY;
    return sizeof MENU_PLAY / sizeof *MENU_PLAY;
}
