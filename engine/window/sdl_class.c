/* sdl_class.c - the classroom mode's screens in the SDL window: the keyboard bar (who answers
 * this turn, 轮流, the class keys), and over the window's own screens the roster picker and
 * import, the pause-to-discuss card, 案例拆解 side by side, the override form and the cohort
 * summary chart with its export action; plus the classroom keys and clicks (F9 asks the window
 * to switch the projector theme, ws_projector). Everything it shows comes from cp_ui_class
 * (engine/ui/ui_class.c). Called by window.c; calls the screens only for the theme.
 * Must not: change records or sessions itself (commands go to the class model). */
#include "sdl_internal.h"
#include "cp_ui_class.h"
#include "cp_utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- Palette (the projector theme: white ground, near-black text, >= 7:1 for body text) ---- */

static const SDL_Color C_BG = { 0xFF, 0xFF, 0xFF, 255 };
static const SDL_Color C_PANEL = { 0xF3, 0xF5, 0xF5, 255 };
static const SDL_Color C_LINE = { 0x55, 0x60, 0x63, 255 };
static const SDL_Color C_INK = { 0x10, 0x14, 0x16, 255 };      /* 18.9:1 on white */
static const SDL_Color C_MUTED = { 0x33, 0x3B, 0x3E, 255 };    /* 11.6:1 on white */
static const SDL_Color C_ACCENT = { 0x0B, 0x4A, 0x4F, 255 };   /* white on it 10.4:1 */
static const SDL_Color C_ACCENT_BG = { 0xD6, 0xEC, 0xEA, 255 };
static const SDL_Color C_WHITE = { 0xFF, 0xFF, 0xFF, 255 };
static const SDL_Color C_GREEN = { 0x0F, 0x55, 0x2C, 255 };    /* 8.6:1 */
static const SDL_Color C_GREEN_BG = { 0xCF, 0xEC, 0xD8, 255 };
static const SDL_Color C_RED = { 0x8E, 0x1F, 0x17, 255 };      /* 8.9:1 */
static const SDL_Color C_RED_BG = { 0xF9, 0xD9, 0xD4, 255 };
static const SDL_Color C_AMBER = { 0x6B, 0x3F, 0x00, 255 };    /* 9.0:1 */
static const SDL_Color C_AMBER_BG = { 0xFB, 0xEA, 0xC8, 255 };
static const SDL_Color C_FOCUS = { 0xC2, 0x5B, 0x00, 255 };    /* thick focus outline */

static int S(const win *w, double v) { return (int)(v * w->s + 0.5); }

/* ---- Click regions (one window per process) ---- */

typedef struct wc_hit { SDL_Rect r; cp_class_cmd cmd; int n; } wc_hit;
static wc_hit hits[96];
static size_t nhits;

static void hit(SDL_Rect r, cp_class_cmd cmd, int n)
{
    if (nhits < sizeof hits / sizeof hits[0])
        hits[nhits++] = (wc_hit){ r, cmd, n };
}

/* ---- Helpers ---- */

static int text_mid(win *w, int f, SDL_Color c, int x, int y, int h, const char *s)
{
    return wt_draws(w, f, c, x, y + (h - w->font[f].height) / 2, s);
}

static void focus_ring(win *w, SDL_Rect r)
{
    int t = S(w, 4);
    wd_round(w, (SDL_Rect){ r.x - t - S(w, 2), r.y - t - S(w, 2), r.w + 2 * (t + S(w, 2)),
                            r.h + 2 * (t + S(w, 2)) }, S(w, 12), C_FOCUS);
}

static SDL_Rect button(win *w, int x, int y, const char *label, bool primary, bool focused,
                       cp_class_cmd cmd, int n)
{
    int tw = wt_width(w, F_BODY, label, strlen(label));
    SDL_Rect r = { x, y, tw + S(w, 40), S(w, 50) };
    if (focused)
        focus_ring(w, r);
    if (primary)
        wd_round(w, r, S(w, 10), C_ACCENT);
    else
        wd_round_border(w, r, S(w, 10), S(w, 2), C_LINE, C_WHITE);
    text_mid(w, F_BODY, primary ? C_WHITE : C_INK, r.x + S(w, 20), r.y, r.h, label);
    hit(r, cmd, n);
    return r;
}

static int button_w(win *w, const char *label)
{
    return wt_width(w, F_BODY, label, strlen(label)) + S(w, 40);
}

static void header(win *w, const char *title, const char *right)
{
    int h = S(w, 64);
    wd_rect(w, (SDL_Rect){ 0, 0, w->W, h }, C_ACCENT);
    text_mid(w, F_TITLE, C_WHITE, S(w, 28), 0, h, title);
    if (right) {
        int tw = wt_width(w, F_BODY, right, strlen(right));
        text_mid(w, F_BODY, C_WHITE, w->W - S(w, 28) - tw, 0, h, right);
    }
}

static void footer(win *w, const char *keys)
{
    int h = S(w, 44);
    wd_rect(w, (SDL_Rect){ 0, w->H - h, w->W, h }, C_PANEL);
    wd_rect(w, (SDL_Rect){ 0, w->H - h, w->W, S(w, 2) }, C_LINE);
    text_mid(w, F_SMALL, C_MUTED, S(w, 28), w->H - h, h, keys);
}

/* The view's message in a band above the footer; returns its top. */
static int message(win *w, cp_ui_class *c)
{
    const char *m = cp_ui_class_message(c);
    int bottom = w->H - S(w, 44) - S(w, 12);
    if (!m || !m[0])
        return bottom;
    int wd = w->W - 2 * S(w, 28);
    int h = wt_paragraph_h(w, F_BODY, wd - S(w, 32), m) + S(w, 20);
    bool bad = strstr(m, "失败") || strstr(m, "不正确") || strstr(m, "无法") || strstr(m, "请");
    wd_round(w, (SDL_Rect){ S(w, 28), bottom - h, wd, h }, S(w, 10), bad ? C_RED_BG : C_ACCENT_BG);
    wt_paragraph(w, F_BODY, bad ? C_RED : C_ACCENT, S(w, 28) + S(w, 16), bottom - h + S(w, 10), wd - S(w, 32), m);
    return bottom - h - S(w, 8);
}

/* A one-field text box: the text (masked when secret) with a caret at the end when focused. */
static void field(win *w, SDL_Rect r, const cp_ui_edit *e, bool secret, bool focused,
                  const char *placeholder)
{
    if (focused)
        focus_ring(w, r);
    wd_round_border(w, r, S(w, 10), S(w, 2), focused ? C_ACCENT : C_LINE, C_WHITE);
    char *disp = cp_ui_edit_display(e, NULL, NULL, NULL);
    char *shown = disp;
    if (secret) {
        size_t n = cp_utf8_count(disp, strlen(disp));
        shown = cp_xmalloc(n * 3 + 1);
        for (size_t i = 0; i < n; i++)
            memcpy(shown + 3 * i, "●", 3);
        shown[3 * n] = 0;
    }
    int pad = S(w, 14);
    SDL_Rect clip = { r.x + 2, r.y + 2, r.w - 4, r.h - 4 };
    SDL_RenderSetClipRect(w->r, &clip);
    int inner = r.w - 2 * pad;
    int th = wt_paragraph_h(w, F_BODY, inner, shown[0] ? shown : "字");
    int y = r.y + S(w, 8);
    if (th > r.h - S(w, 16))
        y -= th - (r.h - S(w, 16)); /* keep the end (and the caret) in view */
    if (!shown[0] && placeholder)
        wt_draws(w, F_BODY, C_MUTED, r.x + pad, y + (w->font[F_BODY].skip - w->font[F_BODY].height) / 2, placeholder);
    else
        wt_paragraph(w, F_BODY, C_INK, r.x + pad, y, inner, shown);
    if (focused) {
        cp_ui_lines L = { 0 };
        cp_ui_break(shown, strlen(shown), inner, wt_measure, &w->font[F_BODY], &L);
        int lines = L.n ? (int)L.n : 1;
        int lx = L.n ? L.v[L.n - 1].width : 0;
        cp_ui_lines_free(&L);
        int skip = w->font[F_BODY].skip;
        SDL_Rect cr = { r.x + pad + lx + 1, y + (lines - 1) * skip + S(w, 5), S(w, 3), skip - S(w, 10) };
        w->caret_rect = cr;
        wd_rect(w, cr, C_INK);
    }
    SDL_RenderSetClipRect(w->r, NULL);
    if (shown != disp)
        free(shown);
    free(disp);
}

static void ground(win *w)
{
    SDL_SetRenderDrawColor(w->r, C_BG.r, C_BG.g, C_BG.b, 255);
    SDL_RenderClear(w->r);
    w->nhits = 0; /* the window's own click regions are covered */
    w->tlog_len = 0; /* nor is any of its text to be seen (the screenshot's text log) */
}

/* A met / missed mark: a filled disc with ✓ or ✗ (text), returns its width. */
static int mark(win *w, int x, int y, bool met)
{
    int d = w->font[F_BODY].height;
    wd_disc(w, x + d / 2, y + d / 2, d / 2, met ? C_GREEN : C_RED);
    const char *s = met ? "✓" : "✗";
    int tw = wt_width(w, F_SMALL, s, strlen(s));
    wt_draws(w, F_SMALL, C_WHITE, x + (d - tw) / 2, y + (d - w->font[F_SMALL].height) / 2, s);
    return d;
}

/* ---- The keyboard bar (over the window's footer) ---- */

static void keyboard_bar(win *w, cp_ui_class *c)
{
    int h = S(w, 58);
    SDL_Rect bar = { 0, w->H - h, w->W, h };
    wd_rect(w, bar, C_ACCENT);
    int x = S(w, 16);
    x += text_mid(w, F_BODY, C_WHITE, x, bar.y, h, "键盘前：") + S(w, 4);
    size_t n = cp_ui_class_nmembers(c);
    int kb = cp_ui_class_keyboard(c);
    char right[160];
    snprintf(right, sizeof right, "轮流 %s (F4)　讨论 F5　案例 F6　汇总 F7　班组 F8　全班 F12",
             cp_ui_class_rotating(c) ? "开" : "关");
    int rw = wt_width(w, F_SMALL, right, strlen(right));
    int limit = w->W - rw - S(w, 32);
    if (!n)
        text_mid(w, F_BODY, C_WHITE, x, bar.y, h, "未选择班组（F8）");
    for (size_t i = 0; i < n; i++) {
        const cp_trainee *t = cp_ui_class_member(c, i);
        char label[160];
        if (i < 9)
            snprintf(label, sizeof label, "%zu %s", i + 1, t->name);
        else
            snprintf(label, sizeof label, "%s", t->name);
        int tw = wt_width(w, F_BODY, label, strlen(label));
        SDL_Rect r = { x, bar.y + S(w, 8), tw + S(w, 24), h - S(w, 16) };
        if (r.x + r.w > limit) {
            char more[32];
            snprintf(more, sizeof more, "+%zu", n - i);
            text_mid(w, F_BODY, C_WHITE, x, bar.y, h, more);
            break;
        }
        bool on = (int)i == kb;
        if (on)
            wd_round(w, r, S(w, 8), C_WHITE);
        else
            wd_round_border(w, r, S(w, 8), S(w, 1), C_ACCENT_BG, C_ACCENT);
        text_mid(w, F_BODY, on ? C_ACCENT : C_WHITE, r.x + S(w, 12), r.y, r.h, label);
        hit(r, CP_CLASS_CMD_KEYBOARD, (int)i);
        x += r.w + S(w, 8);
    }
    text_mid(w, F_SMALL, C_WHITE, w->W - rw - S(w, 16), bar.y, h, right);
    SDL_Rect rot = { w->W - rw - S(w, 16), bar.y, rw, h };
    hit(rot, CP_CLASS_CMD_ROTATE, -1);
}

/* ---- Roster ---- */

static void roster(win *w, cp_ui_class *c)
{
    ground(w);
    char right[200];
    snprintf(right, sizeof right, "当前班组：%s", cp_ui_class_group(c)[0] ? cp_ui_class_group(c) : "未选");
    header(w, "课堂模式 · 选择班组", right);
    int m = S(w, 28), top = S(w, 64) + S(w, 24);
    int colw = (w->W - 3 * m) / 2;
    int y = top;
    wt_draws(w, F_LARGE, C_INK, m, y, "数据库中的班组");
    y += w->font[F_LARGE].skip + S(w, 8);
    size_t ng = cp_ui_class_ngroups(c);
    int bottom = message(w, c);
    if (!ng)
        wt_paragraph(w, F_BODY, C_MUTED, m, y, colw, "还没有学员。请在右侧导入名单 CSV（姓名,工号,班组）。");
    for (size_t i = 0; i < ng; i++) {
        int rh = S(w, 52);
        if (y + rh > bottom)
            break;
        SDL_Rect r = { m, y, colw, rh };
        bool sel = (int)i == cp_ui_class_group_sel(c);
        if (sel && cp_ui_class_focus(c) == 0)
            focus_ring(w, r);
        wd_round_border(w, r, S(w, 10), S(w, 2), sel ? C_ACCENT : C_LINE, sel ? C_ACCENT_BG : C_WHITE);
        char label[200];
        snprintf(label, sizeof label, "%zu. %s", i + 1, cp_ui_class_group_at(c, i));
        text_mid(w, F_BODY, C_INK, r.x + S(w, 16), r.y, r.h, label);
        hit(r, CP_CLASS_CMD_GROUP, (int)i);
        y += rh + S(w, 10);
    }
    int x = 2 * m + colw;
    y = top;
    wt_draws(w, F_LARGE, C_INK, x, y, "导入名单");
    y += w->font[F_LARGE].skip + S(w, 4);
    y += wt_paragraph(w, F_SMALL, C_MUTED, x, y, colw, "CSV 文件：姓名,工号,班组（UTF-8、带 BOM 或 GBK 均可）。输入路径后按 Enter。") + S(w, 8);
    SDL_Rect fr = { x, y, colw, w->font[F_BODY].skip + S(w, 16) };
    field(w, fr, cp_ui_class_path(c), false, cp_ui_class_focus(c) == 1, "例如 /home/培训/一班.csv");
    hit(fr, CP_CLASS_CMD_FOCUS, 1);
    y += fr.h + S(w, 12);
    SDL_Rect br = button(w, x, y, "导入", true, false, CP_CLASS_CMD_IMPORT, 0);
    y += br.h + S(w, 14);
    const char *rep = cp_ui_class_import_report(c);
    if (rep[0])
        y += wt_paragraph(w, F_BODY, C_INK, x, y, colw, rep) + S(w, 6);
    for (size_t i = 0; i < cp_ui_class_nproblems(c); i++) {
        const char *p = cp_ui_class_problem(c, i);
        int ph = wt_paragraph_h(w, F_SMALL, colw, p);
        if (y + ph > bottom)
            break;
        y += wt_paragraph(w, F_SMALL, C_RED, x, y, colw, p) + S(w, 2);
    }
    footer(w, "↑↓ 选择班组　Enter 确定　Tab 切换到路径输入　Esc 关闭");
}

/* ---- Scrolling views (discussion card, cohort summary) ---- */

/* The area a scrolling view draws its content in: under the header, above the message band. */
static SDL_Rect view_area(win *w, cp_ui_class *c)
{
    int top = S(w, 64) + S(w, 12);
    int bottom = message(w, c);
    return (SDL_Rect){ 0, top, w->W, bottom - top };
}

/* After drawing content of height total into area at the model's scroll: clamps the scroll to
 * it and draws a scroll bar when it does not fit. Returns true when the scroll was clamped (the
 * caller draws again). */
static bool view_scrolled(win *w, cp_ui_class *c, SDL_Rect area, int total)
{
    int max = total - area.h;
    int before = cp_ui_class_scroll(c);
    cp_ui_class_clamp_scroll(c, max);
    if (cp_ui_class_scroll(c) != before)
        return true;
    if (max > 0) {
        int tw = S(w, 8);
        SDL_Rect track = { w->W - tw - S(w, 6), area.y + S(w, 4), tw, area.h - S(w, 8) };
        wd_round(w, track, tw / 2, C_PANEL);
        int th = track.h * area.h / total;
        if (th < S(w, 30)) th = S(w, 30);
        int ty = track.y + (int)((long)(track.h - th) * cp_ui_class_scroll(c) / max);
        wd_round(w, (SDL_Rect){ track.x, ty, tw, th }, tw / 2, C_LINE);
    }
    return false;
}

/* ---- Pause to discuss ---- */

/* The card's content from y (already scrolled); returns its height. */
static int discuss_content(win *w, cp_ui_class *c, int y0)
{
    int m = S(w, 36), wd = w->W - 2 * m - S(w, 12);
    int y = y0;
    const char *cit = cp_ui_class_discuss_citizen(c);
    wt_draws(w, F_BODY, C_MUTED, m, y, "对方说：");
    y += w->font[F_BODY].skip;
    int qh = wt_paragraph_h(w, F_LARGE, wd - S(w, 40), cit) + S(w, 24);
    wd_round(w, (SDL_Rect){ m, y, wd, qh }, S(w, 12), C_PANEL);
    wd_rect(w, (SDL_Rect){ m, y, S(w, 6), qh }, C_ACCENT);
    wt_paragraph(w, F_LARGE, C_INK, m + S(w, 24), y + S(w, 12), wd - S(w, 40), cit);
    y += qh + S(w, 16);
    size_t nk = cp_ui_class_discuss_ncrit(c);
    char head[96];
    snprintf(head, sizeof head, "本轮评分重点（%zu 项）", nk);
    wt_draws(w, F_LARGE, C_INK, m, y, head);
    y += w->font[F_LARGE].skip + S(w, 4);
    /* criteria: the name, then its definition in smaller type; two columns when wide enough */
    int cols = w->W / w->s >= 1100 ? 2 : 1;
    int colw = (wd - (cols - 1) * S(w, 24)) / cols;
    for (size_t i = 0; i < nk; i += (size_t)cols) {
        int rowh = 0;
        for (size_t j = i; j < i + (size_t)cols && j < nk; j++) {
            const cp_class_crit *k = cp_ui_class_discuss_crit(c, j);
            int h = wt_paragraph_h(w, F_BODY, colw - S(w, 24), k->name) +
                    wt_paragraph_h(w, F_SMALL, colw - S(w, 24), k->desc[0] ? k->desc : "—");
            if (h > rowh)
                rowh = h;
        }
        for (size_t j = i; j < i + (size_t)cols && j < nk; j++) {
            const cp_class_crit *k = cp_ui_class_discuss_crit(c, j);
            int x = m + (int)(j - i) * (colw + S(w, 24));
            wd_rect(w, (SDL_Rect){ x, y + S(w, 4), S(w, 4), rowh - S(w, 8) }, C_ACCENT);
            int nh = wt_paragraph(w, F_BODY, C_ACCENT, x + S(w, 14), y, colw - S(w, 24), k->name);
            wt_paragraph(w, F_SMALL, C_INK, x + S(w, 14), y + nh, colw - S(w, 24),
                         k->desc[0] ? k->desc : "—");
        }
        y += rowh + S(w, 12);
    }
    if (!nk) {
        y += wt_paragraph(w, F_BODY, C_MUTED, m, y, wd, "这一轮没有指定评分重点。");
        y += S(w, 8);
    }
    const char *model = cp_ui_class_discuss_model(c);
    if (model) {
        y += S(w, 6);
        wt_draws(w, F_BODY, C_GREEN, m, y, "示范回答");
        y += w->font[F_BODY].skip;
        int mh = wt_paragraph_h(w, F_BODY, wd - S(w, 40), model) + S(w, 24);
        wd_round(w, (SDL_Rect){ m, y, wd, mh }, S(w, 12), C_GREEN_BG);
        wt_paragraph(w, F_BODY, C_INK, m + S(w, 20), y + S(w, 12), wd - S(w, 40), model);
        y += mh;
    }
    return y - y0 + S(w, 16);
}

static void discuss(win *w, cp_ui_class *c)
{
    for (int again = 0; again < 2; again++) {
        ground(w);
        SDL_Rect area = view_area(w, c);
        SDL_RenderSetClipRect(w->r, &area);
        int total = discuss_content(w, c, area.y - cp_ui_class_scroll(c));
        SDL_RenderSetClipRect(w->r, NULL);
        header(w, "暂停讨论", cp_ui_scenario(w->ui) ? cp_ui_scenario(w->ui)->title : NULL);
        if (!view_scrolled(w, c, area, total))
            break;
    }
    footer(w, "↑↓ / PgUp PgDn / 滚轮 滚动　Esc 或 Enter 继续作答（回复框里的内容已保留）");
}

/* ---- 案例拆解 ---- */

/* One answer's card in r, its content moved up by off pixels. Every criterion is listed, those
 * that count here first, then the rest under their own heading, in the order ↑↓ moves through
 * (cp_ui_class_crit_sel). *sel_top / *sel_bot get the selected criterion's row (content
 * coordinates, from the card's top) when this card is selected; returns the content height. */
static int case_column(win *w, cp_ui_class *c, size_t i, SDL_Rect r, int off, int *sel_top,
                       int *sel_bot)
{
    const cp_rec_turn *t = cp_ui_class_case(c, i);
    bool sel = i == cp_ui_class_case_sel(c);
    if (sel)
        focus_ring(w, r);
    wd_round_border(w, r, S(w, 12), S(w, 2), sel ? C_ACCENT : C_LINE, C_WHITE);
    hit(r, CP_CLASS_CMD_SELECT, (int)i);
    int pad = S(w, 14), x = r.x + pad, wd = r.w - 2 * pad, y0 = r.y + pad - off, y = y0;
    SDL_Rect clip = { r.x + S(w, 2), r.y + S(w, 2), r.w - S(w, 4), r.h - S(w, 4) };
    SDL_RenderSetClipRect(w->r, &clip);
    char head[320];
    snprintf(head, sizeof head, "第 %zu 名 · %s", i + 1, cp_ui_class_case_who(c, i));
    y += wt_paragraph(w, F_BODY, C_INK, x, y, wd, head);
    char sc[96];
    snprintf(sc, sizeof sc, "得分 %.1f / %.1f%s", t->final, t->max, t->final != t->score ? "（含改判）" : "");
    y += wt_paragraph(w, F_BODY, t->max > 0 && t->final >= t->max * 0.6 ? C_GREEN : C_RED, x, y, wd, sc) + S(w, 6);
    int rh = wt_paragraph_h(w, F_BODY, wd - S(w, 20), t->reply ? t->reply : "");
    wd_round(w, (SDL_Rect){ x, y, wd, rh + S(w, 16) }, S(w, 8), C_PANEL);
    wt_paragraph(w, F_BODY, C_INK, x + S(w, 10), y + S(w, 8), wd - S(w, 20), t->reply ? t->reply : "");
    y += rh + S(w, 24);
    size_t k = 0;
    int csel = (int)cp_ui_class_crit_sel(c);
    for (int pass = 0; pass < 2; pass++) {
        bool any = false;
        for (size_t j = 0; j < t->ncrit; j++)
            any |= t->crit[j].focus == (pass == 0);
        if (any && pass == 1) {
            y += S(w, 4);
            y += wt_paragraph(w, F_SMALL, C_MUTED, x, y, wd, "其他评分项（本轮不计分）") + S(w, 4);
        }
        for (size_t j = 0; j < t->ncrit; j++) {
            const cp_rec_crit *cr = &t->crit[j];
            if (cr->focus != (pass == 0))
                continue;
            size_t idx = k++;
            const char *name = cp_ui_class_crit_name(c, cr->id);
            int lh = w->font[F_BODY].skip;
            const char *ov = cp_ui_class_override_text(c, cr);
            char ovbuf[1024] = "";
            if (ov)
                snprintf(ovbuf, sizeof ovbuf, "%s", ov);
            const cp_crit_result *ev = cp_ui_class_case_eval(c, i, cr->id);
            char evs[512] = "";
            if (ev && t->reply)
                for (size_t e = 0; e < ev->nev; e++) {
                    size_t a = cp_utf8_offset(t->reply, strlen(t->reply), ev->ev[e].start);
                    size_t b = cp_utf8_offset(t->reply, strlen(t->reply), ev->ev[e].end);
                    size_t l = strlen(evs);
                    if (b > a && l + (b - a) + 16 < sizeof evs)
                        snprintf(evs + l, sizeof evs - l, "%s%s「%.*s」", l ? " " : "",
                                 ev->ev[e].positive ? "+" : "−", (int)(b - a), t->reply + a);
                }
            int mw = w->font[F_BODY].height;
            int nx = x + mw + S(w, 8), nwd = wd - mw - S(w, 8);
            int tagw = cr->met_override >= 0 ? wt_width(w, F_SMALL, "改判", 6) + S(w, 20) : 0;
            int nameh = wt_paragraph_h(w, F_BODY, nwd - tagw, name);
            int extra = (evs[0] ? wt_paragraph_h(w, F_SMALL, nwd, evs) : 0) +
                        (ovbuf[0] ? wt_paragraph_h(w, F_SMALL, nwd, ovbuf) : 0);
            SDL_Rect row = { x - S(w, 6), y - S(w, 2), wd + S(w, 12), nameh + extra + S(w, 4) };
            if (sel && (int)idx == csel) {
                wd_round_border(w, row, S(w, 6), S(w, 3), C_FOCUS, C_AMBER_BG);
                if (sel_top) *sel_top = row.y - y0;
                if (sel_bot) *sel_bot = row.y + row.h - y0;
            }
            if (sel) {
                SDL_Rect hr;
                if (SDL_IntersectRect(&row, &clip, &hr))
                    hit(hr, CP_CLASS_CMD_CRIT, (int)idx);
            }
            mark(w, x, y + (lh - w->font[F_BODY].height) / 2, cr->met);
            wt_paragraph(w, F_BODY, cr->focus ? C_INK : C_MUTED, nx, y, nwd - tagw, name);
            if (cr->met_override >= 0) {
                int nw = wt_width(w, F_BODY, name, strlen(name));
                if (nw > nwd - tagw) nw = nwd - tagw;
                SDL_Rect tag = { nx + nw + S(w, 8), y + S(w, 2), tagw - S(w, 8), lh - S(w, 4) };
                wd_round(w, tag, S(w, 6), C_AMBER);
                text_mid(w, F_SMALL, C_WHITE, tag.x + S(w, 6), tag.y, tag.h, "改判");
            }
            y += nameh;
            if (evs[0])
                y += wt_paragraph(w, F_SMALL, ev && cr->met_auto ? C_GREEN : C_RED, nx, y, nwd, evs);
            if (ovbuf[0])
                y += wt_paragraph(w, F_SMALL, C_AMBER, nx, y, nwd, ovbuf);
            y += S(w, 8);
        }
    }
    int total = y - y0 + pad;
    SDL_RenderSetClipRect(w->r, NULL);
    if (total - off > r.h) { /* more below: say so at the card's foot */
        const char *more = sel ? "▼ 更多（↑↓ 逐项查看）" : "▼ 更多（选中此答案后 ↑↓ 查看）";
        int mh = w->font[F_SMALL].skip + S(w, 6);
        SDL_Rect band = { r.x + S(w, 3), r.y + r.h - mh - S(w, 3), r.w - S(w, 6), mh };
        wd_rect(w, band, C_PANEL);
        text_mid(w, F_SMALL, C_MUTED, band.x + pad, band.y, band.h, more);
    }
    return total;
}

/* Scroll of the selected card, kept between frames so the highlighted row stays in view. */
static int case_off;
static size_t case_off_sel = (size_t)-1;

static void cases(win *w, cp_ui_class *c)
{
    ground(w);
    char right[200];
    int turn = cp_ui_class_case_turn(c);
    if (cp_ui_class_locked(c))
        snprintf(right, sizeof right, "第 %d 轮", turn);
    else
        snprintf(right, sizeof right, "第 %d 轮 · 共 %zu 份答案", turn, cp_ui_class_ncases(c));
    header(w, "案例拆解", right);
    int m = S(w, 24), top = S(w, 64) + S(w, 10);
    const char *cit = cp_ui_class_case_citizen(c);
    if (cit[0]) { /* the line the answers reply to, whole */
        char line[4096];
        snprintf(line, sizeof line, "对方说：%s", cit);
        top += wt_paragraph(w, F_SMALL, C_MUTED, m, top, w->W - 2 * m, line) + S(w, 4);
    }
    int pp = (int)((w->W / w->s) / 430);
    cp_ui_class_set_per_page(c, pp);
    pp = cp_ui_class_per_page(c);
    int bottom = message(w, c);
    if (cp_ui_class_locked(c)) {
        int wd = w->W / 2;
        int x = (w->W - wd) / 2, y = top + S(w, 40);
        wt_draws(w, F_LARGE, C_INK, x, y, "请考官输入口令");
        y += w->font[F_LARGE].skip + S(w, 8);
        SDL_Rect fr = { x, y, wd, w->font[F_BODY].skip + S(w, 16) };
        field(w, fr, cp_ui_class_edit(c), true, true, NULL);
        footer(w, "Enter 解锁　Esc 返回");
        return;
    }
    size_t n = cp_ui_class_ncases(c), first = cp_ui_class_case_first(c), cs = cp_ui_class_case_sel(c);
    if (cs != case_off_sel) {
        case_off = 0;
        case_off_sel = cs;
    }
    int colw = (w->W - m * (pp + 1)) / pp;
    for (int k = 0; k < pp && first + (size_t)k < n; k++) {
        SDL_Rect r = { m + k * (colw + m), top + S(w, 6), colw, bottom - top - S(w, 6) };
        size_t i = first + (size_t)k;
        if (i != cs) {
            case_column(w, c, i, r, 0, NULL, NULL);
            continue;
        }
        /* the selected card scrolls so its highlighted criterion is in view */
        int st = -1, sb = -1;
        size_t hits_before = nhits;
        size_t tlog_before = w->tlog_len;
        int total = case_column(w, c, i, r, case_off, &st, &sb);
        /* on screen the row spans r.y + pad - off + [st, sb); keep it above the 「更多」 band */
        int pad = S(w, 14), band = w->font[F_SMALL].skip + S(w, 12);
        int want = case_off;
        if (st >= 0 && pad - want + sb > r.h - band)
            want = pad + sb - (r.h - band);
        if (st >= 0 && pad - want + st < S(w, 4))
            want = pad + st - S(w, 4);
        if (want > total - r.h + band) want = total - r.h + band;
        if (want < 0) want = 0;
        if (want != case_off) {
            case_off = want;
            nhits = hits_before; /* the card's click regions are made again */
            w->tlog_len = tlog_before; /* and its text drawn again */
            case_column(w, c, i, r, case_off, NULL, NULL);
        }
    }
    char keys[240];
    snprintf(keys, sizeof keys, "←→ 选择答案（%zu–%zu / %zu）　↑↓ 选择评分项　Enter 改判选中项　PgUp/PgDn 翻页　Esc 返回",
             n ? first + 1 : 0, first + (size_t)pp < n ? first + (size_t)pp : n, n);
    footer(w, keys);
}

/* ---- The override form ---- */

/* The form's content from (x, y) in width inner; draw false measures only. Returns its height
 * (the buttons' row included). fh: the comment field's height. */
static int override_body(win *w, cp_ui_class *c, const cp_rec_crit *k, SDL_Rect box, int pad,
                         int fh, bool draw)
{
    int x = box.x + pad, y = box.y + pad, inner = box.w - 2 * pad, y0 = y;
    int f = cp_ui_class_focus(c);
    const char *name = cp_ui_class_crit_name(c, k->id);
    char title[256];
    snprintf(title, sizeof title, "改判 · %s", name);
    y += draw ? wt_paragraph(w, F_TITLE, C_INK, x, y, inner, title) : wt_paragraph_h(w, F_TITLE, inner, title);
    char line[512];
    snprintf(line, sizeof line, "学员：%s　第 %d 轮", cp_ui_class_case_who(c, cp_ui_class_case_sel(c)),
             cp_ui_class_ov_turn(c)->seq);
    y += draw ? wt_paragraph(w, F_BODY, C_MUTED, x, y, inner, line) : wt_paragraph_h(w, F_BODY, inner, line);
    snprintf(line, sizeof line, "自动评分（原判）：%s%s", k->met_auto ? "达标" : "未达标",
             k->met_override >= 0 ? (k->met_override ? "；当前改判：达标" : "；当前改判：未达标") : "");
    y += draw ? wt_paragraph(w, F_BODY, C_INK, x, y, inner, line) : wt_paragraph_h(w, F_BODY, inner, line);
    y += S(w, 8);
    if (draw) {
        text_mid(w, F_BODY, C_INK, x, y, S(w, 50), "改判为");
        int bx = x + wt_width(w, F_BODY, "改判为", 9) + S(w, 16);
        bool met = cp_ui_class_ov_met(c);
        SDL_Rect a = button(w, bx, y, "达标", met, f == 0 && met, CP_CLASS_CMD_TOGGLE, 0);
        if (met) hits[nhits - 1].cmd = CP_CLASS_CMD_FOCUS, hits[nhits - 1].n = 0;
        button(w, a.x + a.w + S(w, 16), y, "未达标", !met, f == 0 && !met, CP_CLASS_CMD_TOGGLE, 0);
        if (!met) hits[nhits - 1].cmd = CP_CLASS_CMD_FOCUS, hits[nhits - 1].n = 0;
    }
    y += S(w, 50) + S(w, 12);
    if (draw)
        wt_draws(w, F_BODY, C_INK, x, y, "理由（必填）");
    y += w->font[F_BODY].skip;
    if (draw) {
        SDL_Rect fr = { x, y, inner, fh };
        field(w, fr, cp_ui_class_ov_why(c), false, f == 1, "例如：已复述对方诉求，评分器漏判");
        hit(fr, CP_CLASS_CMD_FOCUS, 1);
    }
    y += fh + S(w, 14);
    if (cp_ui_class_ov_needs_pass(c)) {
        int ph = w->font[F_BODY].skip + S(w, 16);
        if (draw)
            wt_draws(w, F_BODY, C_INK, x, y, "考官口令");
        y += w->font[F_BODY].skip;
        if (draw) {
            SDL_Rect pr = { x, y, inner, ph };
            field(w, pr, cp_ui_class_ov_pass(c), true, f == 2, "输入后按 Enter 确认");
            hit(pr, CP_CLASS_CMD_FOCUS, 2);
        }
        y += ph + S(w, 14);
    }
    const char *msg = cp_ui_class_message(c);
    if (msg[0]) /* the warning or error, whole, above the buttons */
        y += (draw ? wt_paragraph(w, F_SMALL, C_RED, x, y, inner, msg) : wt_paragraph_h(w, F_SMALL, inner, msg)) + S(w, 8);
    if (draw) {
        int cw = button_w(w, "确认改判 Enter"), qw = button_w(w, "取消 Esc");
        button(w, x + inner - cw, y, "确认改判 Enter", true, false, CP_CLASS_CMD_CONFIRM, 0);
        button(w, x + inner - cw - S(w, 16) - qw, y, "取消 Esc", false, false, CP_CLASS_CMD_CLOSE, 0);
    }
    y += S(w, 50);
    return y - y0 + 2 * pad;
}

static void override_form(win *w, cp_ui_class *c)
{
    cases(w, c);
    nhits = 0;
    SDL_SetRenderDrawBlendMode(w->r, SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(w->r, 0, 0, 0, 150);
    SDL_RenderFillRect(w->r, NULL);
    SDL_SetRenderDrawBlendMode(w->r, SDL_BLENDMODE_NONE);
    w->tlog_len = 0; /* the dimmed view behind is not to be read */
    const cp_rec_crit *k = cp_ui_class_ov_crit(c);
    if (!k)
        return;
    int margin = S(w, 12);
    int wd = w->W * 2 / 3;
    if (wd < S(w, 640)) wd = w->W - 2 * margin;
    if (wd > w->W - 2 * margin) wd = w->W - 2 * margin;
    int pad = S(w, 24);
    /* the comment field takes two lines when there is room, else one: the form always fits */
    int fh = w->font[F_BODY].skip * 2 + S(w, 16);
    SDL_Rect box = { (w->W - wd) / 2, 0, wd, 0 };
    box.h = override_body(w, c, k, box, pad, fh, false);
    if (box.h > w->H - 2 * margin) {
        fh = w->font[F_BODY].skip + S(w, 16);
        pad = S(w, 16);
        box.h = override_body(w, c, k, box, pad, fh, false);
    }
    box.y = (w->H - box.h) / 2;
    if (box.y < margin) box.y = margin;
    wd_round_border(w, box, S(w, 16), S(w, 3), C_ACCENT, C_WHITE);
    override_body(w, c, k, box, pad, fh, true);
}

/* ---- Cohort ---- */

/* The chart of every criterion from (x, y) in width wd; returns its height. */
static int cohort_chart(win *w, const cp_class_cohort *co, int x, int y, int wd)
{
    int y0 = y;
    char sub[200];
    snprintf(sub, sizeof sub, "%d 名学员（%d 人有作答）· 各评分项达标率（均值，细线为 ±1 标准差）",
             co->trainees, co->with_record);
    y += wt_paragraph(w, F_BODY, C_MUTED, x, y, wd, sub) + S(w, 8);
    int labw = S(w, 190);
    int bw = wd - labw - S(w, 70);
    int rowh = w->font[F_BODY].skip + S(w, 22);
    int bx = x + labw;
    int nrows = (int)co->ncrit;
    for (int g = 0; g <= 4; g++) { /* grid: 0 25 50 75 100% */
        int gx = bx + bw * g / 4;
        wd_rect(w, (SDL_Rect){ gx, y, S(w, 1) ? S(w, 1) : 1, rowh * nrows }, (SDL_Color){ 0xC9, 0xD0, 0xD1, 255 });
        char t[16];
        snprintf(t, sizeof t, "%d%%", g * 25);
        wt_draws(w, F_SMALL, C_MUTED, gx - wt_width(w, F_SMALL, t, strlen(t)) / 2, y + rowh * nrows + S(w, 4), t);
    }
    for (size_t i = 0; i < co->ncrit; i++) {
        const cp_class_cohort_crit *k = &co->crit[i];
        int ry = y + (int)i * rowh;
        bool weak = false;
        for (size_t j = 0; j < co->nweakest; j++)
            if (!strcmp(co->weakest[j], k->name) && k->mean < 0.999) /* all met: nothing weak */
                weak = true;
        SDL_Rect lab = { x, ry, labw - S(w, 10), rowh };
        SDL_Rect old;
        SDL_RenderGetClipRect(w->r, &old);
        SDL_Rect cl = lab;
        if (old.w > 0)
            SDL_IntersectRect(&lab, &old, &cl);
        SDL_RenderSetClipRect(w->r, &cl);
        /* a long name takes two lines in small type rather than being cut */
        int nw = wt_width(w, F_BODY, k->name, strlen(k->name));
        if (nw <= lab.w)
            text_mid(w, F_BODY, weak ? C_RED : C_INK, x, ry, rowh, k->name);
        else {
            int ph = wt_paragraph_h(w, F_SMALL, lab.w, k->name);
            wt_paragraph(w, F_SMALL, weak ? C_RED : C_INK, x, ry + (rowh - ph) / 2, lab.w, k->name);
        }
        SDL_RenderSetClipRect(w->r, old.w > 0 ? &old : NULL);
        int bh = rowh * 45 / 100;
        int by = ry + (rowh - bh) / 2;
        int fw = (int)(bw * (k->mean < 0 ? 0 : k->mean > 1 ? 1 : k->mean));
        wd_rect(w, (SDL_Rect){ bx, by, bw, bh }, C_PANEL);
        wd_rect(w, (SDL_Rect){ bx, by, fw, bh }, weak ? C_RED : C_ACCENT);
        double lo = k->mean - k->sd, hi = k->mean + k->sd;
        if (lo < 0) lo = 0;
        if (hi > 1) hi = 1;
        int x0 = bx + (int)(bw * lo), x1 = bx + (int)(bw * hi), cy = ry + rowh / 2, t = S(w, 3);
        wd_rect(w, (SDL_Rect){ x0, cy - t / 2, x1 - x0 + 1, t }, C_INK);
        wd_rect(w, (SDL_Rect){ x0 - t / 2, cy - bh * 3 / 4, t, bh * 3 / 2 }, C_INK);
        wd_rect(w, (SDL_Rect){ x1 - t / 2, cy - bh * 3 / 4, t, bh * 3 / 2 }, C_INK);
        char pct[48];
        snprintf(pct, sizeof pct, "%.0f%%", k->mean * 100);
        text_mid(w, F_BODY, C_INK, bx + bw + S(w, 12), ry, rowh, pct);
    }
    y += rowh * nrows + w->font[F_SMALL].skip + S(w, 8);
    return y - y0;
}

/* 未作答: every member with no counted answer, by name (cohort.no_record). */
static int cohort_norec(win *w, const cp_class_cohort *co, int x, int y, int wd, bool apart)
{
    if (!co->nnorec)
        return 0;
    size_t cap = 128 + co->nnorec * 160;
    char *line = cp_xmalloc(cap);
    size_t used = (size_t)snprintf(line, cap, apart ? "未作答 %zu 人（不计入均值与及格统计）：" : "未作答 %zu 人：",
                                   co->nnorec);
    for (size_t j = 0; j < co->nnorec && used < cap; j++)
        used += (size_t)snprintf(line + used, cap - used, "%s%s（%s）", j ? "、" : "",
                                 co->norec[j].name, co->norec[j].staff_no);
    int h = wt_paragraph(w, F_BODY, C_MUTED, x, y, wd, line);
    free(line);
    return h;
}

/* The lists: weakest criteria, below the pass mark, 未作答, the export button and files. */
static int cohort_lists(win *w, cp_ui_class *c, const cp_class_cohort *co, int x, int y, int wd)
{
    int y0 = y;
    y += wt_paragraph(w, F_LARGE, C_INK, x, y, wd, "最薄弱的评分项");
    if (!co->nweakest)
        y += wt_paragraph(w, F_BODY, C_GREEN, x, y, wd, "无：各评分项全部达标");
    for (size_t j = 0; j < co->nweakest; j++) {
        char s[200];
        snprintf(s, sizeof s, "%zu. %s", j + 1, co->weakest[j]);
        y += wt_paragraph(w, F_BODY, C_RED, x, y, wd, s);
    }
    y += S(w, 12);
    char bp[96];
    snprintf(bp, sizeof bp, "未达及格线（%.0f%%）", co->pass_mark);
    y += wt_paragraph(w, F_LARGE, C_INK, x, y, wd, bp);
    if (!co->nbelow)
        y += wt_paragraph(w, F_BODY, C_GREEN, x, y, wd,
                          co->nnorec ? "有作答记录的学员全部达到及格线" : "全部达到及格线");
    for (size_t j = 0; j < co->nbelow; j++) {
        char s[300];
        snprintf(s, sizeof s, "%s（%s）%.1f%%", co->below[j].name, co->below[j].staff_no, co->below[j].percent);
        y += wt_paragraph(w, F_BODY, C_RED, x, y, wd, s);
    }
    if (co->nnorec) {
        y += S(w, 8);
        y += cohort_norec(w, co, x, y, wd, true);
    }
    y += S(w, 16);
    SDL_Rect br = button(w, x, y, "导出成绩单 Enter", true, true, CP_CLASS_CMD_EXPORT, 0);
    y += br.h + S(w, 14);
    for (size_t j = 0; j < cp_ui_class_nexported(c); j++)
        y += wt_paragraph(w, F_SMALL, C_MUTED, x, y, wd, cp_ui_class_exported(c, j));
    return y - y0;
}

static int cohort_content(win *w, cp_ui_class *c, const cp_class_cohort *co, int y)
{
    int m = S(w, 32), wd = w->W - 2 * m - S(w, 12), y0 = y;
    if (cp_ui_class_cohort_empty(c)) { /* nothing to summarise: say so, claim nothing */
        y += wt_paragraph(w, F_LARGE, C_INK, m, y, wd, cp_ui_class_cohort_status(c)) + S(w, 16);
        y += cohort_norec(w, co, m, y, wd, false);
        return y - y0 + S(w, 16);
    }
    if (w->W / w->s < 1000) { /* narrow (projector scale): the chart, then the lists under it */
        y += cohort_lists(w, c, co, m, y, wd) + S(w, 16);   /* what the trainer acts on first */
        y += cohort_chart(w, co, m, y, wd);
        return y - y0 + S(w, 16);
    }
    int listw = S(w, 340);
    int chartw = wd - m - listw;
    int h1 = cohort_chart(w, co, m, y, chartw);
    int h2 = cohort_lists(w, c, co, m + chartw + m, y, listw);
    return (h1 > h2 ? h1 : h2) + S(w, 16);
}

static void cohort(win *w, cp_ui_class *c)
{
    const cp_class_cohort *co = cp_ui_class_cohort(c);
    char right[320];
    snprintf(right, sizeof right, "%s", co && co->label[0] ? co->label : cp_ui_class_group(c));
    if (cp_ui_class_locked(c)) {
        ground(w);
        header(w, "班组汇总", right);
        message(w, c);
        int wd = w->W / 2;
        int x = (w->W - wd) / 2, y = S(w, 64) + S(w, 60);
        wt_draws(w, F_LARGE, C_INK, x, y, "请考官输入口令");
        y += w->font[F_LARGE].skip + S(w, 8);
        SDL_Rect fr = { x, y, wd, w->font[F_BODY].skip + S(w, 16) };
        field(w, fr, cp_ui_class_edit(c), true, true, NULL);
        footer(w, "Enter 解锁　Esc 返回");
        return;
    }
    for (int again = 0; again < 2; again++) {
        ground(w);
        nhits = 0;
        SDL_Rect area = view_area(w, c);
        int total = 0;
        if (co) {
            SDL_RenderSetClipRect(w->r, &area);
            total = cohort_content(w, c, co, area.y + S(w, 8) - cp_ui_class_scroll(c));
            SDL_RenderSetClipRect(w->r, NULL);
        }
        header(w, "班组汇总", right);
        if (!view_scrolled(w, c, area, total))
            break;
    }
    footer(w, !co ? "Esc 返回" : cp_ui_class_cohort_empty(c) ? "Esc 返回"
              : "↑↓ 滚动　Enter 导出成绩单（JSON、CSV、XLSX、PDF，带签名）　Esc 返回");
}

/* ---- The room (实时课堂): every member of the class now ---- */

/* Kept up to date by the server's news: a thread with a records handle of its own waits for
 * each committed reply (cp_records_wait_turn: LISTEN/NOTIFY, no polling) and posts one SDL
 * event until the main thread has taken it (the model then reads the room again). On SQLite
 * (one machine, no server to tell) the room is read when opened and every WC_ROOM_FILE_MS while
 * it shows. One window per process. */
#define WC_ROOM_FILE_MS 5000
#define WC_ROOM_AGE_MS 10000
typedef struct wc_live {
    SDL_Thread *thread;
    SDL_atomic_t stop, pending;
    Uint32 event;
    char *path;
} wc_live;
static wc_live live;
static bool live_on;          /* a server tells of each reply */
static uint32_t room_next;    /* SDL ticks of the next timed refresh or redraw */

static void live_push(void)
{
    if (!SDL_AtomicCAS(&live.pending, 0, 1))
        return; /* one event until the main thread took it */
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = live.event;
    SDL_PushEvent(&e);
}

/* Sleeps ms in slices, returning early when asked to stop. */
static void live_nap(int ms)
{
    for (int t = 0; t < ms && !SDL_AtomicGet(&live.stop); t += 50)
        SDL_Delay(50);
}

static int live_main(void *p)
{
    (void)p;
    cp_records *db = NULL;
    cp_error err;
    while (!SDL_AtomicGet(&live.stop)) {
        if (!db) {
            db = cp_records_open_ex(live.path, 0, CP_RECORDS_EXISTING, &err);
            if (!db) {
                live_nap(2000);
                continue;
            }
            live_push(); /* replies committed while not listening: read the room again */
        }
        int64_t sid = 0;
        /* short waits: the window may close; waiting again costs the server nothing */
        int rc = cp_records_wait_turn(db, 250, &sid, &err);
        if (rc == 1)
            live_push();
        else if (rc < 0) {
            cp_records_close(db); /* the server went away: connect again, then catch up */
            db = NULL;
            live_nap(1000);
        }
    }
    cp_records_close(db);
    return 0;
}

static void live_start(const char *path)
{
    live.event = SDL_RegisterEvents(1);
    if (live.event == (Uint32)-1)
        return;
    live.path = cp_xstrdup(path);
    SDL_AtomicSet(&live.stop, 0);
    SDL_AtomicSet(&live.pending, 0);
    live.thread = SDL_CreateThread(live_main, "room", NULL);
    live_on = live.thread != NULL;
}

static void live_stop(void)
{
    if (live.thread) {
        SDL_AtomicSet(&live.stop, 1);
        SDL_WaitThread(live.thread, NULL);
    }
    free(live.path);
    memset(&live, 0, sizeof live);
    live_on = false;
}

/* The window's clock for the model: now, and the local day's start in UTC ("today"). */
static void room_clock(cp_ui_class *c)
{
    time_t t = time(NULL);
    struct tm lt;
    localtime_r(&t, &lt);
    lt.tm_hour = lt.tm_min = lt.tm_sec = 0;
    lt.tm_isdst = -1;
    time_t mid = mktime(&lt);
    struct tm g;
    gmtime_r(&mid, &g);
    char since[32];
    strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &g);
    cp_ui_class_set_clock(c, (long long)t, since);
}

/* One member's card from y in width wd; returns its height. */
static int room_row(win *w, const cp_class_room_row *r, int x, int y, int wd)
{
    int pad = S(w, 14);
    int leftw = S(w, 160), rightw = S(w, 96);
    int midw = wd - leftw - rightw - 2 * pad - S(w, 32);
    bool idle = r->state == CP_ROOM_IDLE;
    /* measure first: the card grows with what it holds (nothing is cut) */
    const char *head = r->scenario;
    /* 工号 and the mode under the name: one line when they fit, else the mode on the next (a
     * long 工号 goes without its label rather than breaking from it) */
    char no[160];
    snprintf(no, sizeof no, "工号 %s%s%s", r->staff_no, r->mode[0] ? " · " : "", r->mode);
    if (wt_width(w, F_SMALL, no, strlen(no)) > leftw) {
        snprintf(no, sizeof no, "工号 %s", r->staff_no);
        if (wt_width(w, F_SMALL, no, strlen(no)) > leftw)
            snprintf(no, sizeof no, "%s", r->staff_no);
        if (r->mode[0])
            snprintf(no + strlen(no), sizeof no - strlen(no), "\n%s", r->mode);
    }
    int lh = wt_paragraph_h(w, F_BODY, leftw, r->name) + wt_paragraph_h(w, F_SMALL, leftw, no);
    /* the progress goes on the title's line when both fit there */
    int gap = S(w, 24);
    int hw = wt_width(w, F_BODY, head, strlen(head));
    int pw = wt_width(w, F_BODY, r->progress, strlen(r->progress));
    bool one = hw + gap + pw <= midw;
    int mh = idle ? w->font[F_BODY].skip
                  : wt_paragraph_h(w, F_BODY, midw, head) +
                        (one ? 0 : wt_paragraph_h(w, F_BODY, midw, r->progress)) +
                        (r->result[0] ? wt_paragraph_h(w, F_BODY, midw, r->result) : 0);
    int rh = wt_paragraph_h(w, F_SMALL, rightw, r->ago);
    int h = (lh > mh ? lh : mh);
    if (rh > h)
        h = rh;
    h += 2 * pad;
    SDL_Color bar = idle ? C_LINE : r->state == CP_ROOM_ENDED ? C_GREEN
                  : r->state == CP_ROOM_EXAM || r->state == CP_ROOM_EXAM_DONE ? C_AMBER : C_ACCENT;
    wd_round_border(w, (SDL_Rect){ x, y, wd, h }, S(w, 10), S(w, 2), idle ? C_PANEL : C_LINE,
                    idle ? C_PANEL : C_WHITE);
    wd_rect(w, (SDL_Rect){ x + S(w, 2), y + S(w, 6), S(w, 6), h - S(w, 12) }, bar);
    int cx = x + pad + S(w, 6);
    int ny = y + pad;
    ny += wt_paragraph(w, F_BODY, idle ? C_MUTED : C_INK, cx, ny, leftw, r->name);
    wt_paragraph(w, F_SMALL, C_MUTED, cx, ny, leftw, no);
    int mx = cx + leftw + S(w, 20), my = y + pad;
    if (idle)
        wt_draws(w, F_BODY, C_MUTED, mx, my, "今天还没有练习记录");
    else {
        SDL_Color pc = r->state == CP_ROOM_ENDED ? C_GREEN
                     : r->state == CP_ROOM_EXAM || r->state == CP_ROOM_EXAM_DONE ? C_AMBER : C_ACCENT;
        if (one) {
            wt_draws(w, F_BODY, C_INK, mx, my, head);
            wt_draws(w, F_BODY, pc, mx + hw + gap, my, r->progress);
            my += w->font[F_BODY].skip;
        } else {
            my += wt_paragraph(w, F_BODY, C_INK, mx, my, midw, head);
            my += wt_paragraph(w, F_BODY, pc, mx, my, midw, r->progress);
        }
        if (r->result[0])
            wt_paragraph(w, F_BODY, r->percent < 0 ? C_MUTED : r->percent >= 60 ? C_GREEN : C_RED,
                         mx, my, midw, r->result);
    }
    int rx = x + wd - pad - rightw;
    if (idle) {
        int tw = wt_width(w, F_SMALL, r->ago, strlen(r->ago));
        SDL_Rect pill = { x + wd - pad - tw - S(w, 20), y + pad, tw + S(w, 20),
                          w->font[F_SMALL].height + S(w, 8) };
        wd_round(w, pill, S(w, 8), C_WHITE);
        text_mid(w, F_SMALL, C_MUTED, pill.x + S(w, 10), pill.y, pill.h, r->ago);
    } else {
        int tw = wt_width(w, F_SMALL, r->ago, strlen(r->ago));
        if (tw <= rightw)   /* right-aligned */
            wt_draws(w, F_SMALL, C_MUTED, x + wd - pad - tw, y + pad + S(w, 4), r->ago);
        else
            wt_paragraph(w, F_SMALL, C_MUTED, rx, y + pad, rightw, r->ago);
    }
    return h;
}

static int room_content(win *w, cp_ui_class *c, int y)
{
    int m = S(w, 28), wd = w->W - 2 * m - S(w, 12), y0 = y;
    const cp_room *room = cp_ui_class_room(c);
    if (!room)
        return 0;
    y += wt_paragraph(w, F_BODY, C_MUTED, m, y, wd, cp_ui_class_room_summary(c)) + S(w, 8);
    for (size_t i = 0; i < room->n; i++) {
        cp_class_room_row r;
        if (!cp_ui_class_room_row(c, i, &r))
            break;
        y += room_row(w, &r, m, y, wd) + S(w, 8);
    }
    return y - y0 + S(w, 8);
}

static void room(win *w, cp_ui_class *c)
{
    char right[320];
    snprintf(right, sizeof right, "%s · %s", cp_ui_class_group(c)[0] ? cp_ui_class_group(c) : "未选班组",
             live_on ? "实时更新" : "每 5 秒刷新");
    if (cp_ui_class_locked(c)) {
        ground(w);
        header(w, "全班实时进度", right);
        message(w, c);
        int wd = w->W / 2;
        int x = (w->W - wd) / 2, y = S(w, 64) + S(w, 60);
        wt_draws(w, F_LARGE, C_INK, x, y, "请考官输入口令");
        y += w->font[F_LARGE].skip + S(w, 8);
        SDL_Rect fr = { x, y, wd, w->font[F_BODY].skip + S(w, 16) };
        field(w, fr, cp_ui_class_edit(c), true, true, NULL);
        footer(w, "Enter 解锁　Esc 返回");
        return;
    }
    for (int again = 0; again < 2; again++) {
        ground(w);
        nhits = 0;
        SDL_Rect area = view_area(w, c);
        SDL_RenderSetClipRect(w->r, &area);
        int total = room_content(w, c, area.y + S(w, 8) - cp_ui_class_scroll(c));
        SDL_RenderSetClipRect(w->r, NULL);
        header(w, "全班实时进度", right);
        if (!view_scrolled(w, c, area, total))
            break;
    }
    footer(w, live_on ? "学员每提交一次回答，这里随即更新　↑↓ / 滚轮 滚动　F6 案例　F7 汇总　F12 或 Esc 返回"
                      : "本机记录：每 5 秒刷新一次　↑↓ / 滚轮 滚动　F6 案例　F7 汇总　F12 或 Esc 返回");
}

/* ---- Entry points ---- */

void wc_draw(win *w)
{
    cp_ui_class *c = w->cls;
    nhits = 0;
    if (!c)
        return;
    switch (cp_ui_class_view(c)) {
    case CP_CLASS_NONE: {
        cp_ui_screen s = cp_ui_screen_now(w->ui);
        if ((s == CP_UI_DIALOGUE || s == CP_UI_FEEDBACK) && !cp_ui_menu_open(w->ui) && !cp_ui_load_error(w->ui))
            keyboard_bar(w, c);
        break;
    }
    case CP_CLASS_ROSTER: roster(w, c); break;
    case CP_CLASS_DISCUSS: discuss(w, c); break;
    case CP_CLASS_CASES: cases(w, c); break;
    case CP_CLASS_OVERRIDE: override_form(w, c); break;
    case CP_CLASS_COHORT: cohort(w, c); break;
    case CP_CLASS_ROOM: room(w, c); break;
    }
}

const char *wc_screen_name(win *w)
{
    if (!w->cls)
        return NULL;
    switch (cp_ui_class_view(w->cls)) {
    case CP_CLASS_ROSTER: return "class-roster";
    case CP_CLASS_DISCUSS: return "class-discuss";
    case CP_CLASS_CASES: return "class-cases";
    case CP_CLASS_OVERRIDE: return "class-override";
    case CP_CLASS_COHORT: return "class-cohort";
    case CP_CLASS_ROOM: return "class-room";
    case CP_CLASS_NONE: return NULL;
    }
    return NULL;
}

int wc_click(win *w, SDL_Point p)
{
    if (!w->cls)
        return -1;
    for (size_t i = nhits; i-- > 0;)
        if (SDL_PointInRect(&p, &hits[i].r))
            return cp_ui_class_cmd(w->cls, hits[i].cmd, hits[i].n) | cp_ui_class_sync(w->cls);
    return cp_ui_class_view(w->cls) == CP_CLASS_NONE ? -1 : 0;
}

int wc_wheel(win *w, int dy)
{
    if (!w->cls)
        return -1;
    cp_class_view v = cp_ui_class_view(w->cls);
    if (v == CP_CLASS_NONE)
        return -1;
    if (v == CP_CLASS_DISCUSS || v == CP_CLASS_COHORT || v == CP_CLASS_ROOM)
        return cp_ui_class_cmd(w->cls, CP_CLASS_CMD_SCROLL, -dy * S(w, 70));
    if (v == CP_CLASS_CASES)
        return cp_ui_class_press(w->cls, dy > 0 ? CP_UI_KEY_UP : CP_UI_KEY_DOWN);
    return 0;
}

int wc_text(win *w, const char *s)
{
    if (w->cls && w->class_swallow) { /* the text event of a key a class command used */
        w->class_swallow = false;
        return 0;
    }
    if (!w->cls || cp_ui_class_view(w->cls) == CP_CLASS_NONE)
        return -1;
    return cp_ui_class_text(w->cls, s);
}

int wc_field(win *w)
{
    if (!w->cls || cp_ui_class_view(w->cls) == CP_CLASS_NONE)
        return -1;
    return cp_ui_class_edit(w->cls) != NULL;
}

int wc_compose(win *w, const char *s, int cursor)
{
    if (!w->cls || cp_ui_class_view(w->cls) == CP_CLASS_NONE)
        return -1;
    return cp_ui_class_compose(w->cls, s, cursor);
}

int wc_key(win *w, const SDL_KeyboardEvent *k)
{
    cp_ui_class *c = w->cls;
    SDL_Keycode sym = k->keysym.sym;
    Uint16 mod = k->keysym.mod;
    bool ctrl = mod & KMOD_CTRL, shift = mod & KMOD_SHIFT;
    if (sym == SDLK_F9)
        return WC_PROJECTOR;
    if (!c || (ctrl && sym == SDLK_q) || sym == SDLK_F11)
        return -1;
    cp_class_view v = cp_ui_class_view(c);
    cp_ui_screen s = cp_ui_screen_now(w->ui);
    bool playing = s == CP_UI_DIALOGUE || s == CP_UI_FEEDBACK;
    if (cp_ui_menu_open(w->ui) || cp_ui_load_error(w->ui))
        return -1;
    switch (sym) {
    case SDLK_F4: return cp_ui_class_cmd(c, CP_CLASS_CMD_ROTATE, -1);
    case SDLK_F5: return v == CP_CLASS_DISCUSS ? cp_ui_class_cmd(c, CP_CLASS_CMD_CLOSE, 0)
                                               : playing ? cp_ui_class_cmd(c, CP_CLASS_CMD_PAUSE, 0) : 0;
    case SDLK_F6: return playing ? cp_ui_class_cmd(c, CP_CLASS_CMD_CASES, 0) : 0;
    case SDLK_F7: return cp_ui_class_cmd(c, CP_CLASS_CMD_COHORT, 0);
    case SDLK_F8: return cp_ui_class_cmd(c, CP_CLASS_CMD_ROSTER, 0);
    case SDLK_F12:
        room_clock(c);
        room_next = SDL_GetTicks() + (live_on ? WC_ROOM_AGE_MS : WC_ROOM_FILE_MS);
        return cp_ui_class_cmd(c, CP_CLASS_CMD_ROOM, 1);
    default: break;
    }
    if (v == CP_CLASS_NONE) {
        /* Ctrl+1..9: who takes the keyboard; Space with an empty reply box: pause */
        int digit = sym >= SDLK_1 && sym <= SDLK_9 ? (int)(sym - SDLK_1) + 1 : 0;
        if (ctrl && digit)
            return cp_ui_class_cmd(c, CP_CLASS_CMD_KEYBOARD, digit - 1);
        if (sym == SDLK_SPACE && s == CP_UI_DIALOGUE && !cp_ui_reply(w->ui)->len &&
            !(cp_ui_reply(w->ui)->compose && cp_ui_reply(w->ui)->compose[0])) {
            w->class_swallow = true; /* the text event of this space */
            return cp_ui_class_cmd(c, CP_CLASS_CMD_PAUSE, 0);
        }
        return -1;
    }
    /* a view is showing: it takes every key */
    cp_ui_edit *e = cp_ui_class_edit(c);
    if (e && e->compose && e->compose[0] && sym != SDLK_ESCAPE)
        return 0;
    if (v == CP_CLASS_ROSTER && sym >= SDLK_1 && sym <= SDLK_9 && cp_ui_class_focus(c) == 0) {
        w->class_swallow = true;
        return cp_ui_class_cmd(c, CP_CLASS_CMD_GROUP, (int)(sym - SDLK_1));
    }
    if ((ctrl && sym == SDLK_v) && e && SDL_HasClipboardText()) {
        char *t = SDL_GetClipboardText();
        int r = t ? cp_ui_class_text(c, t) : 0;
        SDL_free(t);
        return r;
    }
    if ((v == CP_CLASS_DISCUSS ||
         ((v == CP_CLASS_COHORT || v == CP_CLASS_ROOM) && !cp_ui_class_locked(c))) &&
        (sym == SDLK_UP || sym == SDLK_DOWN || sym == SDLK_PAGEUP || sym == SDLK_PAGEDOWN ||
         sym == SDLK_HOME || sym == SDLK_END)) {
        int page = w->H * 3 / 4, line = S(w, 60);
        int by = sym == SDLK_UP ? -line : sym == SDLK_DOWN ? line : sym == SDLK_PAGEUP ? -page
               : sym == SDLK_PAGEDOWN ? page : sym == SDLK_HOME ? -1000000 : 1000000;
        return cp_ui_class_cmd(c, CP_CLASS_CMD_SCROLL, by);
    }
    cp_ui_key key;
    if (!win_key_of(sym, shift, &key) || key == CP_UI_KEY_F1 || key == CP_UI_KEY_F2 ||
        key == CP_UI_KEY_F3)
        return 0;
    if (key == CP_UI_KEY_NEWLINE)
        key = CP_UI_KEY_ENTER; /* the class views' fields are single-line */
    return cp_ui_class_press(c, key);
}

int wc_open(win *w, const cp_window_opts *o)
{
    w->cls = cp_ui_class_new(w->ui, o->class_db, w->scorer);
    cp_ui_class_set_trainer(w->cls, o->class_trainer);
    if (o->export_dir)
        cp_ui_class_set_export_dir(w->cls, o->export_dir);
    if (o->class_group) {
        cp_error err;
        if (cp_ui_class_choose_group(w->cls, o->class_group, &err) != 0) {
            char buf[1600];
            fprintf(stderr, "counterpart: %s\n", cp_error_format(&err, buf, sizeof buf));
            return -1;
        }
        cp_ui_class_cmd(w->cls, CP_CLASS_CMD_CLOSE, 0);
    }
    ws_projector(w, true);
    wc_sync(w); /* a scenario given on the command line is already open: record it */
    if (!strcmp(cp_records_backend(o->class_db), "postgresql"))
        live_start(cp_records_path(o->class_db)); /* the room hears of every seat's reply */
    return 0;
}

void wc_close(win *w)
{
    live_stop();
    cp_ui_class_free(w->cls);
    w->cls = NULL;
    if (w->projector)
        ws_theme(false);
    w->projector = false;
}

int wc_sync(win *w)
{
    return w->cls ? cp_ui_class_sync(w->cls) : 0;
}

int wc_event(win *w, const SDL_Event *ev)
{
    if (!w->cls || !live.event || ev->type != live.event)
        return -1;
    SDL_AtomicSet(&live.pending, 0); /* news from now on posts another event */
    room_clock(w->cls);
    return cp_ui_class_room_refresh(w->cls, true, false);
}

int wc_tick(win *w)
{
    if (!w->cls || cp_ui_class_view(w->cls) != CP_CLASS_ROOM ||
        !SDL_TICKS_PASSED(SDL_GetTicks(), room_next))
        return 0;
    room_next = SDL_GetTicks() + (live_on ? WC_ROOM_AGE_MS : WC_ROOM_FILE_MS);
    room_clock(w->cls);
    /* a file has no server to tell of news: read it again; either way "how long ago" moves */
    return (live_on ? 0 : cp_ui_class_room_refresh(w->cls, false, false)) | CP_UI_CHANGED;
}

uint32_t wc_wake(win *w)
{
    return w->cls && cp_ui_class_view(w->cls) == CP_CLASS_ROOM ? room_next : 0;
}

unsigned wc_room_live(win *w)
{
    return w->cls ? cp_ui_class_room_live(w->cls) : 0;
}

unsigned wc_serial(win *w)
{
    return w->cls ? cp_ui_class_serial(w->cls) : 0;
}
