/* sdl_screens.c - lays out and draws the four screens (start, dialogue, feedback, end) and the
 * Esc menu from the UI model, recording click regions as it goes. All text shown is Chinese.
 * Must not: change the model (clicks become actions in window.c) or render text uncached. */
#include "sdl_internal.h"
#include "cp_ui_class.h"
#include "cp_utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Palette: calm, high contrast for projectors ---------------------------------------- */

static SDL_Color BG = { 0xEC, 0xF0, 0xEF, 255 };
static SDL_Color PANEL = { 0xFF, 0xFF, 0xFF, 255 };
static SDL_Color BORDER = { 0xD5, 0xDC, 0xDA, 255 };
static SDL_Color INK = { 0x1D, 0x28, 0x2C, 255 };
static SDL_Color MUTED = { 0x5B, 0x68, 0x6D, 255 };
static SDL_Color FAINT = { 0x9A, 0xA5, 0xA8, 255 };
static SDL_Color ACCENT = { 0x2A, 0x6B, 0x70, 255 };
static SDL_Color ACCENT_BG = { 0xDD, 0xEE, 0xED, 255 };
static SDL_Color WHITE = { 0xFF, 0xFF, 0xFF, 255 };
static SDL_Color GREEN = { 0x2B, 0x7A, 0x4B, 255 };
static SDL_Color GREEN_BG = { 0xCF, 0xEC, 0xD8, 255 };
static SDL_Color RED = { 0xB2, 0x3A, 0x30, 255 };
static SDL_Color RED_BG = { 0xF7, 0xD3, 0xCE, 255 };
static SDL_Color AMBER = { 0xC9, 0x82, 0x1E, 255 };
static SDL_Color AMBER_BG = { 0xFB, 0xEE, 0xD5, 255 };
static SDL_Color TRAINEE_BG = { 0xDC, 0xEC, 0xEB, 255 };
static SDL_Color GREY_BG = { 0xE4, 0xE8, 0xE8, 255 };

/* The projector theme (classroom mode, F9): near-black text, darker lines and accents, so body
 * text is >= 7:1 on its ground; ws_theme(false) restores the palette above. */
void ws_theme(bool projector)
{
    static SDL_Color saved[17];
    static bool have;
    SDL_Color *pal[17] = { &BG, &PANEL, &BORDER, &INK, &MUTED, &FAINT, &ACCENT, &ACCENT_BG, &WHITE,
                           &GREEN, &GREEN_BG, &RED, &RED_BG, &AMBER, &AMBER_BG, &TRAINEE_BG, &GREY_BG };
    static const SDL_Color proj[17] = {
        { 0xF4, 0xF6, 0xF6, 255 }, { 0xFF, 0xFF, 0xFF, 255 }, { 0x6B, 0x76, 0x79, 255 },
        { 0x0E, 0x12, 0x14, 255 }, { 0x2F, 0x37, 0x39, 255 }, { 0x59, 0x64, 0x67, 255 },
        { 0x0B, 0x4A, 0x4F, 255 }, { 0xD6, 0xEC, 0xEA, 255 }, { 0xFF, 0xFF, 0xFF, 255 },
        { 0x0F, 0x55, 0x2C, 255 }, { 0xCF, 0xEC, 0xD8, 255 }, { 0x8E, 0x1F, 0x17, 255 },
        { 0xF9, 0xD9, 0xD4, 255 }, { 0x6B, 0x3F, 0x00, 255 }, { 0xFB, 0xEA, 0xC8, 255 },
        { 0xD3, 0xE7, 0xE5, 255 }, { 0xD9, 0xDE, 0xDE, 255 } };
    if (!have) {
        for (int i = 0; i < 17; i++)
            saved[i] = *pal[i];
        have = true;
    }
    for (int i = 0; i < 17; i++)
        *pal[i] = projector ? proj[i] : saved[i];
}

void ws_projector(win *w, bool on)
{
    if (on == w->projector)
        return;
    w->projector = on;
    ws_theme(on);
    w->user_scale = on ? w->user_scale * 1.5 : w->user_scale / 1.5;
}

static int S(const win *w, double v) { return (int)(v * w->s + 0.5); }

static void hit(win *w, SDL_Rect r, cp_ui_action a, int n)
{
    if (w->nhits < sizeof w->hits / sizeof w->hits[0])
        w->hits[w->nhits++] = (win_hit){ r, a, n };
}

static SDL_Color lerp(SDL_Color a, SDL_Color b, double t)
{
    if (t < 0) t = 0;
    if (t > 1) t = 1;
    return (SDL_Color){ (Uint8)(a.r + (b.r - a.r) * t), (Uint8)(a.g + (b.g - a.g) * t),
                        (Uint8)(a.b + (b.b - a.b) * t), 255 };
}

/* Text vertically centred in a box of height h starting at y. */
static int text_mid(win *w, int f, SDL_Color c, int x, int y, int h, const char *s)
{
    return wt_draws(w, f, c, x, y + (h - w->font[f].height) / 2, s);
}

/* A button: filled when primary or selected; returns its rect. */
static SDL_Rect button(win *w, int x, int y, const char *label, bool primary, bool selected,
                       cp_ui_action act, int n)
{
    int f = F_BODY;
    int tw = wt_width(w, f, label, strlen(label));
    SDL_Rect r = { x, y, tw + S(w, 40), S(w, 50) };
    if (selected) /* keyboard focus: a soft ring around the button */
        wd_round(w, (SDL_Rect){ r.x - S(w, 5), r.y - S(w, 5), r.w + S(w, 10), r.h + S(w, 10) },
                 S(w, 14), (SDL_Color){ 0x9C, 0xC8, 0xC9, 255 });
    if (primary)
        wd_round(w, r, S(w, 10), ACCENT);
    else
        wd_round_border(w, r, S(w, 10), S(w, 2), selected ? ACCENT : BORDER, PANEL);
    text_mid(w, f, primary ? WHITE : INK, r.x + S(w, 20), r.y, r.h, label);
    hit(w, r, act, n);
    return r;
}

/* Draws s on one line at (x,y), cut with "…" to fit maxw; returns the width drawn. */
static int draw_fit(win *w, int f, SDL_Color c, int x, int y, int maxw, const char *s)
{
    size_t len = strlen(s);
    if (wt_width(w, f, s, len) <= maxw)
        return wt_draw(w, f, c, x, y, s, len);
    static const char ell[] = "…";
    int ew = wt_width(w, f, ell, sizeof ell - 1);
    size_t keep = 0;
    for (size_t i = 1; i <= len; i++) {
        if (i < len && (s[i] & 0xC0) == 0x80)
            continue; /* only cut on code point boundaries */
        if (wt_width(w, f, s, i) + ew > maxw)
            break;
        keep = i;
    }
    int dw = wt_draw(w, f, c, x, y, s, keep);
    return dw + wt_draw(w, f, c, x + dw, y, ell, sizeof ell - 1);
}

static void topbar(win *w, const char *title, const char *right)
{
    int h = S(w, 56);
    wd_rect(w, (SDL_Rect){ 0, 0, w->W, h }, ACCENT);
    int tw = right ? wt_width(w, F_BODY, right, strlen(right)) : 0;
    int room = w->W - 2 * S(w, 24) - (tw ? tw + S(w, 24) : 0);
    if (room < w->W / 3) /* a very long label: it yields to the title */
        room = w->W / 3;
    draw_fit(w, F_LARGE, WHITE, S(w, 24), (h - w->font[F_LARGE].height) / 2, room, title);
    if (right)
        draw_fit(w, F_BODY, lerp(WHITE, ACCENT, 0.15), S(w, 24) + room + S(w, 24),
                 (h - w->font[F_BODY].height) / 2, w->W - room - 3 * S(w, 24), right);
}

/* Draws s wrapped to width wd in at most maxl lines (0: no limit), the last one cut with "…" when
 * the text goes on; draw false only measures. Returns the height. */
static int para_max(win *w, int f, SDL_Color c, int x, int y, int wd, const char *s, int maxl,
                    bool draw)
{
    cp_ui_lines L = { 0 };
    size_t len = strlen(s);
    cp_ui_break(s, len, wd, wt_measure, &w->font[f], &L);
    int skip = w->font[f].skip, pad = (skip - w->font[f].height) / 2;
    size_t n = maxl > 0 && L.n > (size_t)maxl ? (size_t)maxl : L.n;
    for (size_t i = 0; draw && i < n; i++) {
        if (i + 1 == n && n < L.n)
            draw_fit(w, f, c, x, y + (int)i * skip + pad, wd, s + L.v[i].start); /* cut: "…" */
        else
            wt_draw(w, f, c, x, y + (int)i * skip + pad, s + L.v[i].start, L.v[i].end - L.v[i].start);
    }
    cp_ui_lines_free(&L);
    return (int)n * skip;
}

static void footer(win *w, const char *keys)
{
    int h = S(w, 40);
    wd_rect(w, (SDL_Rect){ 0, w->H - h, w->W, h }, (SDL_Color){ 0xE2, 0xE7, 0xE6, 255 });
    /* the keys are items separated by 「　」: when they do not all fit, the last ones go whole */
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", keys);
    int maxw = w->W - S(w, 48);
    for (;;) {
        if (wt_width(w, F_SMALL, buf, strlen(buf)) <= maxw)
            break;
        char *cut = NULL;
        for (char *p = strstr(buf, "　"); p; p = strstr(p + 1, "　"))
            cut = p;
        if (!cut)
            break;
        *cut = 0;
    }
    draw_fit(w, F_SMALL, MUTED, S(w, 24), w->H - h + (h - w->font[F_SMALL].height) / 2, maxw, buf);
}

static void message(win *w, int x, int y, int wd)
{
    const char *m = cp_ui_message(w->ui);
    if (!m || !m[0])
        return;
    int h = wt_paragraph_h(w, F_BODY, wd - S(w, 32), m) + S(w, 20);
    wd_round(w, (SDL_Rect){ x, y, wd, h }, S(w, 10), RED_BG);
    wt_paragraph(w, F_BODY, RED, x + S(w, 16), y + S(w, 10), wd - S(w, 32), m);
}

/* ---- The left column: portrait, name, meters -------------------------------------------- */

static void meter(win *w, int x, int y, int wd, const char *label, int v, bool anger)
{
    char num[64];
    const char *word = anger ? (v >= 70 ? "很激动" : v >= 40 ? "有情绪" : "平和")
                             : (v >= 70 ? "信任" : v >= 40 ? "将信将疑" : "不信任");
    snprintf(num, sizeof num, "%s %d", word, v);
    wt_draws(w, F_BODY, INK, x, y, label);
    int tw = wt_width(w, F_SMALL, num, strlen(num));
    wt_draws(w, F_SMALL, MUTED, x + wd - tw, y + S(w, 4), num);
    int by = y + w->font[F_BODY].height + S(w, 6), bh = S(w, 14);
    wd_round(w, (SDL_Rect){ x, by, wd, bh }, bh / 2, GREY_BG);
    double t = (v < 0 ? 0 : v > 100 ? 100 : v) / 100.0;
    SDL_Color c = anger ? (v >= 70 ? (SDL_Color){ 0xC8, 0x55, 0x2E, 255 } : v >= 40 ? AMBER : GREEN)
                        : (v >= 40 ? ACCENT : (SDL_Color){ 0x7F, 0x9A, 0x9C, 255 });
    int fw = (int)(wd * t);
    if (fw > 0)
        wd_round(w, (SDL_Rect){ x, by, fw < bh ? bh : fw, bh }, bh / 2, c);
}

/* Draws the citizen card in r; returns nothing. */
static void citizen_card(win *w, SDL_Rect r)
{
    const cp_session *ss = cp_ui_session(w->ui);
    const cp_scenario *sc = cp_ui_scenario(w->ui);
    if (!ss || !sc)
        return;
    wd_round_border(w, r, S(w, 16), S(w, 1), BORDER, PANEL);
    int pad = S(w, 16);
    int pw = r.w - 2 * pad;
    bool meters = cp_ui_meters_shown(w->ui); /* never in an exam: the face alone shows the mood */
    int meters_h = meters ? S(w, 2 * 62) : 0;
    int text_h = w->font[F_LARGE].skip + 2 * w->font[F_SMALL].skip + S(w, 46);
    int ph = pw * 110 / 100;
    int avail = r.h - 2 * pad - meters_h - text_h;
    if (ph > avail) {
        ph = avail;
        if (ph < S(w, 80))
            ph = S(w, 80);
    }
    int pww = ph * 100 / 110;
    SDL_Rect pr = { r.x + pad + (pw - pww) / 2, r.y + pad, pww, ph };
    int anger = cp_session_anger(ss), trust = cp_session_trust(ss);
    const char *expr = cp_ui_expression(w->ui);
    cp_ui_face face = cp_ui_face_for(expr, anger, trust);
    wd_portrait(w, pr, &face, &sc->persona);
    /* expression chip over the portrait's lower edge */
    char chip[64];
    snprintf(chip, sizeof chip, "神情：%s", cp_ui_expression_name(expr));
    int cw = wt_width(w, F_SMALL, chip, strlen(chip)) + S(w, 24);
    SDL_Rect cr = { pr.x + pr.w - cw - S(w, 8), pr.y + pr.h - S(w, 40), cw, S(w, 32) };
    wd_round(w, cr, S(w, 16), (SDL_Color){ 255, 255, 255, 230 });
    text_mid(w, F_SMALL, INK, cr.x + S(w, 12), cr.y, cr.h, chip);

    int y = pr.y + pr.h + S(w, 14);
    char name[256];
    if (sc->persona.age > 0)
        snprintf(name, sizeof name, "%s · %d岁", sc->persona.name ? sc->persona.name : "群众",
                 sc->persona.age);
    else
        snprintf(name, sizeof name, "%s", sc->persona.name ? sc->persona.name : "群众");
    wt_draws(w, F_LARGE, INK, r.x + pad, y, name);
    y += w->font[F_LARGE].skip;
    if (sc->persona.role) {
        /* at most two lines of role */
        cp_ui_lines L = { 0 };
        cp_ui_break(sc->persona.role, strlen(sc->persona.role), pw, wt_measure, &w->font[F_SMALL], &L);
        for (size_t i = 0; i < L.n && i < 2; i++) {
            wt_draw(w, F_SMALL, MUTED, r.x + pad, y, sc->persona.role + L.v[i].start,
                    L.v[i].end - L.v[i].start);
            y += w->font[F_SMALL].skip;
        }
        cp_ui_lines_free(&L);
    }
    if (!meters)
        return;
    y = r.y + r.h - pad - meters_h;
    meter(w, r.x + pad, y, pw, "情绪", anger, true);
    meter(w, r.x + pad, y + S(w, 62), pw, "信任", trust, false);
}

/* ---- History ---------------------------------------------------------------------------- */

#define BUBBLE_PCT 80


/* The text width of entry i's bubble in a pane pw wide: BUBBLE_PCT of it, but the line to
 * answer now (the newest citizen line) takes the pane's whole width, so it stays whole in as
 * little height as it can (projectors). */
static size_t newest_citizen(win *w)
{
    for (size_t i = cp_ui_nentries(w->ui); i-- > 0;)
        if (cp_ui_entry_at(w->ui, i)->who == CP_UI_CITIZEN)
            return i;
    return (size_t)-1;
}

static int entry_bw(win *w, size_t i, size_t newest, int pw)
{
    return i == newest ? pw - S(w, 2 * 20 + 2 * 18 + 10) : pw * BUBBLE_PCT / 100;
}

static int entry_height(win *w, cp_ui_entry *e, int bw)
{
    const cp_ui_lines *L = wt_layout_entry(w, F_BODY, e, bw);
    return (int)L->n * w->font[F_BODY].skip + S(w, 24) + S(w, 12);
}

static void draw_entry(win *w, cp_ui_entry *e, SDL_Rect panel, int y, int bw, const char *cname,
                       bool newest)
{
    const cp_ui_lines *L = wt_layout_entry(w, F_BODY, e, bw);
    int skip = w->font[F_BODY].skip;
    int lw = 0;
    for (size_t i = 0; i < L->n; i++)
        if (L->v[i].width > lw)
            lw = L->v[i].width;
    int padx = S(w, 18), pady = S(w, 12);
    int bwid = lw + 2 * padx, bh = (int)L->n * skip + 2 * pady;
    /* no name over each bubble: the citizen's on the left (the card says who), yours on the
     * right, filled - room for more of the conversation */
    bool me = e->who == CP_UI_TRAINEE;
    int x = me ? panel.x + panel.w - S(w, 20) - bwid : panel.x + S(w, 20);
    (void)cname;
    SDL_Rect br = { x, y, bwid, bh };
    if (me)
        wd_round(w, br, S(w, 14), TRAINEE_BG);
    else
        wd_round_border(w, br, S(w, 14), S(w, newest ? 2 : 1), newest ? ACCENT : BORDER, PANEL);
    int pad = (skip - w->font[F_BODY].height) / 2;
    SDL_Rect clip;
    SDL_RenderGetClipRect(w->r, &clip);
    for (size_t i = 0; i < L->n; i++) {
        int ly = y + pady + (int)i * skip;
        if (ly + skip < clip.y || ly > clip.y + clip.h)
            continue;
        wt_draw(w, F_BODY, INK, x + padx, ly + pad, e->text + L->v[i].start, L->v[i].end - L->v[i].start);
    }
}

/* Bubbles take this share of the conversation pane's width. */

/* Height the conversation pane of width pw needs to show its last `keep` entries whole. */
static int history_need(win *w, int pw, size_t keep)
{
    size_t n = cp_ui_nentries(w->ui), newest = newest_citizen(w);
    int h = 2 * S(w, 16);
    for (size_t i = n > keep ? n - keep : 0; i < n; i++)
        h += entry_height(w, cp_ui_entry_at(w->ui, i), entry_bw(w, i, newest, pw)) + S(w, 6);
    return h;
}

static void history(win *w, SDL_Rect r)
{
    wd_round_border(w, r, S(w, 16), S(w, 1), BORDER, (SDL_Color){ 0xF7, 0xF9, 0xF8, 255 });
    const cp_scenario *sc = cp_ui_scenario(w->ui);
    const char *cname = sc && sc->persona.name ? sc->persona.name : "群众";
    int gap = S(w, 6);
    size_t n = cp_ui_nentries(w->ui), newest = newest_citizen(w);
    int total = 0;
    for (size_t i = 0; i < n; i++)
        total += entry_height(w, cp_ui_entry_at(w->ui, i), entry_bw(w, i, newest, r.w)) + gap;
    int pad = S(w, 16);
    int avail = r.h - 2 * pad;
    int maxscroll = total > avail ? total - avail : 0;
    cp_ui_clamp_scroll(w->ui, maxscroll);
    int scroll = cp_ui_scroll(w->ui);
    int y = r.y + pad - (maxscroll - scroll);
    SDL_Rect clip = { r.x + 2, r.y + 2, r.w - 4, r.h - 4 };
    SDL_RenderSetClipRect(w->r, &clip);
    size_t last_cit = n;
    for (size_t i = n; i-- > 0;)
        if (cp_ui_entry_at(w->ui, i)->who == CP_UI_CITIZEN) {
            last_cit = i;
            break;
        }
    for (size_t i = 0; i < n; i++) {
        cp_ui_entry *e = cp_ui_entry_at(w->ui, i);
        int ebw = entry_bw(w, i, newest, r.w);
        int h = entry_height(w, e, ebw);
        if (y + h >= r.y && y <= r.y + r.h)
            draw_entry(w, e, r, y, ebw, cname, i == last_cit);
        y += h + gap;
    }
    SDL_RenderSetClipRect(w->r, NULL);
    if (maxscroll > 0) { /* scroll bar */
        int th = avail * avail / (total ? total : 1);
        if (th < S(w, 30))
            th = S(w, 30);
        int ty = r.y + pad + (int)((double)(avail - th) * (maxscroll - scroll) / maxscroll);
        wd_round(w, (SDL_Rect){ r.x + r.w - S(w, 10), ty, S(w, 5), th }, S(w, 3), FAINT);
        if (scroll > 0) {
            const char *more = "↓ 还有新消息（PgDn）";
            int tw = wt_width(w, F_SMALL, more, strlen(more)) + S(w, 24);
            SDL_Rect mr = { r.x + (r.w - tw) / 2, r.y + r.h - S(w, 44), tw, S(w, 32) };
            wd_round(w, mr, S(w, 16), ACCENT);
            text_mid(w, F_SMALL, WHITE, mr.x + S(w, 12), mr.y, mr.h, more);
            hit(w, mr, CP_UI_ACT_SCROLL, -100000);
        }
    }
}

/* ---- The reply box ---------------------------------------------------------------------- */

/* Index of the laid-out line holding byte offset pos. */
static size_t line_of(const cp_ui_lines *L, size_t pos)
{
    for (size_t i = 0; i < L->n; i++) {
        size_t next = i + 1 < L->n ? L->v[i + 1].start : (size_t)-1;
        if (pos < next)
            return i;
    }
    return L->n ? L->n - 1 : 0;
}

/* Lays out the edit box's display text into w->reply_lines unless unchanged. */
static void layout_text(win *w, const char *disp, int inner, int f)
{
    if (!w->reply_cache || strcmp(w->reply_cache, disp) || w->reply_lines_w != inner ||
        w->reply_lines_gen != w->font_gen * 31u + (unsigned)f) {
        cp_ui_break(disp, strlen(disp), inner, wt_measure, &w->font[f], &w->reply_lines);
        free(w->reply_cache);
        w->reply_cache = cp_xstrdup(disp);
        w->reply_lines_w = inner;
        w->reply_lines_gen = w->font_gen * 31u + (unsigned)f;
    }
}

/* Draws the reply box (edit e) in r; focused shows the caret. */
static void edit_box(win *w, SDL_Rect r, const cp_ui_edit *e, const char *placeholder, int f,
                     bool focused)
{
    wd_round_border(w, r, S(w, 12), S(w, 2), focused ? ACCENT : BORDER, PANEL);
    size_t caret, cs, ce;
    char *disp = cp_ui_edit_display(e, &caret, &cs, &ce);
    int padx = S(w, 16), pady = S(w, 10);
    int inner = r.w - 2 * padx;
    size_t len = strlen(disp);
    layout_text(w, disp, inner, f);
    const cp_ui_lines *L = &w->reply_lines;
    int skip = w->font[f].skip, tpad = (skip - w->font[f].height) / 2;
    int visible = (r.h - 2 * pady) / skip;
    if (visible < 1)
        visible = 1;
    size_t cl = line_of(L, caret);
    size_t first = cl >= (size_t)visible ? cl - (size_t)visible + 1 : 0;
    SDL_Rect clip = { r.x + 2, r.y + 2, r.w - 4, r.h - 4 };
    SDL_RenderSetClipRect(w->r, &clip);
    if (!len && placeholder) /* wrapped, never cut: the box has two lines at least */
        wt_paragraph(w, f, FAINT, r.x + padx, r.y + pady, inner, placeholder);
    for (size_t i = first; i < L->n && i < first + (size_t)visible; i++) {
        int y = r.y + pady + (int)(i - first) * skip;
        const cp_ui_line *ln = &L->v[i];
        /* composition: tinted background and underline */
        if (ce > cs && cs < ln->end + 1 && ce > ln->start) {
            size_t a = cs > ln->start ? cs : ln->start, b = ce < ln->end ? ce : ln->end;
            if (b > a) {
                int x0 = wt_width(w, f, disp + ln->start, a - ln->start);
                int x1 = x0 + wt_width(w, f, disp + a, b - a);
                wd_rect(w, (SDL_Rect){ r.x + padx + x0, y + S(w, 3), x1 - x0, skip - S(w, 6) }, ACCENT_BG);
                wd_rect(w, (SDL_Rect){ r.x + padx + x0, y + skip - S(w, 6), x1 - x0, S(w, 2) }, ACCENT);
            }
        }
        wt_draw(w, f, INK, r.x + padx, y + tpad, disp + ln->start, ln->end - ln->start);
        if (i == cl && focused) {
            size_t upto = caret < ln->end ? caret : ln->end;
            int cx = r.x + padx + wt_width(w, f, disp + ln->start, upto - ln->start);
            SDL_Rect cr = { cx, y + S(w, 5), S(w, 2) > 1 ? S(w, 2) : 1, skip - S(w, 10) };
            w->caret_rect = cr;
            if (w->caret_on || ce > cs)
                wd_rect(w, cr, INK);
        }
    }
    if (focused && L->n == 0) {
        SDL_Rect cr = { r.x + padx, r.y + pady + S(w, 5), S(w, 2), skip - S(w, 10) };
        w->caret_rect = cr;
        if (w->caret_on)
            wd_rect(w, cr, INK);
    }
    SDL_RenderSetClipRect(w->r, NULL);
    free(disp);
}

/* ---- Screens ---------------------------------------------------------------------------- */

typedef struct frame_geom { SDL_Rect left, right, all; } frame_geom;

static frame_geom play_frame(win *w, const char *right_label)
{
    const cp_scenario *sc = cp_ui_scenario(w->ui);
    char right[256];
    const cp_session *ss = cp_ui_session(w->ui);
    const cp_ui_edit *nm = cp_ui_name(w->ui);
    size_t nt = ss ? cp_session_nturns(ss) : 0;
    if (w->cls) /* classroom: the mode, the class and the trainer */
        snprintf(right, sizeof right, "%s · %s · 培训师 %s · 已答 %zu 轮", right_label,
                 cp_ui_class_group(w->cls)[0] ? cp_ui_class_group(w->cls) : "未选班组",
                 cp_ui_class_trainer(w->cls), nt);
    else
        snprintf(right, sizeof right, "%s%s%s · 已答 %zu 轮", right_label,
                 nm->text && nm->text[0] ? " · 学员 " : "", nm->text ? nm->text : "", nt);
    topbar(w, sc && sc->title ? sc->title : "社保窗口服务对练", right);
    int top = S(w, 56) + S(w, 20), bottom = w->H - S(w, 40) - S(w, 20);
    int m = S(w, 20);
    int lw = S(w, 340);
    bool brief = cp_ui_brief_shown(w->ui);
    if (brief)   /* the case brief needs a little more room than the face */
        lw = S(w, 420);
    int pct = brief ? 40 : w->W / w->s < 1000 ? 25 : 34; /* projector scale: the talk gets room */
    if (lw > w->W * pct / 100)
        lw = w->W * pct / 100;
    frame_geom g;
    g.left = (SDL_Rect){ m, top, lw, bottom - top };
    g.right = (SDL_Rect){ m + lw + m, top, w->W - (m + lw + m) - m, bottom - top };
    g.all = (SDL_Rect){ m, top, w->W - 2 * m, bottom - top };
    return g;
}

/* ---- The case brief --------------------------------------------------------------------- */

/* Draws a case brief's text (cp_scenario_brief_text: a line per part, items as "  · ...") from
 * (x, y) in width wd, stopping above bottom; part headings in the accent colour, items with a
 * bullet. draw false only measures. Returns the height used (all of it when it does not fit). */
static int brief_text(win *w, int f, int x, int y, int wd, int bottom, const char *text, bool draw)
{
    int y0 = y, skip = w->font[f].skip;
    const char *p = text;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *ln = cp_xstrndup(p, n);
        bool item = !strncmp(ln, "  · ", strlen("  · "));
        const char *body = item ? ln + strlen("  · ") : ln;
        size_t bl = strlen(body);
        const char *colon = item ? NULL : strstr(body, "：");
        bool head = colon && (size_t)(colon - body) + strlen("：") == bl;   /* 「带来的材料：」 */
        /* an item after a bullet; 「来访人：…」: the part's name, then its text beside it */
        size_t k = !item && !head && colon && colon - body < 24 ? (size_t)(colon - body) + strlen("：") : 0;
        int ind = item ? S(w, 18) : k ? wt_width(w, f, body, k) : 0;
        const char *rest = body + k;
        int h = para_max(w, f, INK, 0, 0, wd - ind, rest, 0, false);
        if (draw) {
            int room = (bottom - y) / skip;   /* lines left: a part cut short ends with "…" */
            int maxl = y + h <= bottom ? 0 : room;
            if (maxl >= 0 && (maxl > 0 || y + h <= bottom)) {
                if (item)
                    wd_disc(w, x + S(w, 7), y + skip / 2, S(w, 3), ACCENT);
                if (k)
                    wt_draw(w, f, ACCENT, x, y + (skip - w->font[f].height) / 2, body, k);
                para_max(w, f, head ? ACCENT : INK, x + ind, y, wd - ind, rest, maxl, true);
            }
            if (maxl > 0 || y + h > bottom)
                draw = false;   /* what follows does not fit */
        }
        y += h + (item ? 0 : S(w, 2));
        free(ln);
        p = nl ? nl + 1 : NULL;
    }
    return y - y0;
}

/* A case brief in width wd from (x, y) down to bottom: in one column when it fits, else in two
 * or three (split between parts, the columns as even as they can be, none narrower than 240
 * units). False when even so it was cut. */
static bool brief_cols(win *w, int f, int x, int y, int wd, int bottom, const char *text)
{
    if (brief_text(w, f, x, y, wd, bottom, text, false) <= bottom - y) {
        brief_text(w, f, x, y, wd, bottom, text, true);
        return true;
    }
    /* the parts start at the lines that are not items ("  · ...") */
    size_t starts[17], n = 0, len = strlen(text);
    for (size_t i = 0; i < len && n < 16; i++)
        if ((i == 0 || text[i - 1] == '\n') && strncmp(text + i, "  · ", strlen("  · ")))
            starts[n++] = i;
    starts[n] = len + 1;   /* one past the end, as if a newline followed */
    int gap = S(w, 20);
    int best_h = 1 << 30, best_k = 1;
    size_t best_a = 0, best_b = 0;
    for (int k = 2; k <= 3; k++) {
        int cw = (wd - (k - 1) * gap) / k;
        if (cw < S(w, 240) || (size_t)k > n)
            break;
        /* column c holds parts [cut[c], cut[c+1]) */
        for (size_t a = 1; a < n; a++)
            for (size_t b = k == 3 ? a + 1 : n; b <= n && (k == 3 ? b < n : b == n); b++) {
                size_t cut[4] = { 0, a, k == 3 ? b : n, n };
                int h = 0;
                for (int c = 0; c < k; c++) {
                    size_t s0 = starts[cut[c]], s1 = starts[cut[c + 1]] - 1;
                    char *t = cp_xstrndup(text + s0, s1 - s0);
                    int hc = brief_text(w, f, x, y, cw, bottom, t, false);
                    free(t);
                    if (hc > h)
                        h = hc;
                }
                if (h < best_h) {
                    best_h = h;
                    best_k = k;
                    best_a = a;
                    best_b = k == 3 ? b : n;
                }
            }
        if (best_h <= bottom - y)
            break;
    }
    if (best_k == 1) {
        brief_text(w, f, x, y, wd, bottom, text, true);
        return false;
    }
    int cw = (wd - (best_k - 1) * gap) / best_k;
    size_t cut[4] = { 0, best_a, best_k == 3 ? best_b : n, n };
    for (int c = 0; c < best_k; c++) {
        size_t s0 = starts[cut[c]], s1 = starts[cut[c + 1]] - 1;
        char *t = cp_xstrndup(text + s0, s1 - s0);
        brief_text(w, f, x + c * (cw + gap), y, cw, bottom, t, true);
        free(t);
    }
    return best_h <= bottom - y;
}

/* The case brief as a side panel (F10) in place of the citizen's card: the brief, then the two
 * meters, so the citizen's mood stays in view. */
static void brief_panel(win *w, SDL_Rect r)
{
    const cp_scenario *sc = cp_ui_scenario(w->ui);
    const cp_session *ss = cp_ui_session(w->ui);
    wd_round_border(w, r, S(w, 16), S(w, 2), ACCENT, PANEL);
    int pad = S(w, 16), x = r.x + pad, wd = r.w - 2 * pad, y = r.y + S(w, 12);
    wt_draws(w, F_LARGE, ACCENT, x, y, "案情卡");
    const char *k = "F10 收起";
    int kw = wt_width(w, F_SMALL, k, strlen(k));
    wt_draws(w, F_SMALL, MUTED, x + wd - kw, y + S(w, 6), k);
    y += w->font[F_LARGE].skip + S(w, 4);
    int meters_h = ss && cp_ui_meters_shown(w->ui) ? S(w, 2 * 62) : 0;
    char *text = sc ? cp_scenario_brief_text(sc) : NULL;
    if (text && brief_text(w, F_SMALL, x, y, wd, r.y + r.h, text, false) >
                    r.y + r.h - pad - meters_h - S(w, 8) - y)
        meters_h = 0;   /* the brief first: the meters come back with the face (F10) */
    int bottom = r.y + r.h - pad - meters_h - S(w, 8);
    SDL_Rect clip = { r.x + 2, r.y + 2, r.w - 4, r.h - 4 };
    SDL_RenderSetClipRect(w->r, &clip);
    w->brief_rect = r;   /* the wheel over it scrolls it (window.c) */
    if (text) {
        int h = brief_text(w, F_SMALL, x, y, wd, 1 << 30, text, false);
        if (h > bottom - y) {
            /* longer than the panel: it scrolls, and says where the rest is */
            bottom -= w->font[F_SMALL].skip;
            int maxs = h - (bottom - y);
            cp_ui_clamp_brief_scroll(w->ui, maxs);
            int off = cp_ui_brief_scroll(w->ui);
            draw_fit(w, F_SMALL, ACCENT, x, bottom + S(w, 2), wd,
                     off < maxs ? "↓ 后面还有：Shift+PgDn 或滚轮" : "↑ 已到末尾：Shift+PgUp 回到前面");
            SDL_Rect tc = { r.x + 2, y, r.w - 4, bottom - y };
            SDL_RenderSetClipRect(w->r, &tc);
            brief_text(w, F_SMALL, x, y - off, wd, 1 << 30, text, true);
        } else {
            cp_ui_clamp_brief_scroll(w->ui, 0);
            brief_text(w, F_SMALL, x, y, wd, bottom, text, true);
        }
    } else {
        wt_paragraph(w, F_SMALL, MUTED, x, y, wd, "这个情景没有案情卡。");
    }
    SDL_RenderSetClipRect(w->r, NULL);
    free(text);
    if (ss && meters_h) {
        int my = r.y + r.h - pad - meters_h;
        meter(w, x, my, wd, "情绪", cp_session_anger(ss), true);
        meter(w, x, my + S(w, 62), wd, "信任", cp_session_trust(ss), false);
    }
}

static void dialogue(win *w)
{
    char label[160];
    const cp_exam *ex = cp_ui_exam_running(w->ui);
    if (ex)
        snprintf(label, sizeof label, "考核 %zu/%zu", cp_ui_exam_part(w->ui) + 1, ex->scenarios.n);
    else if (w->cls)
        snprintf(label, sizeof label, "课堂模式");
    else
        snprintf(label, sizeof label, "%s", cp_ui_mode(w->ui) ? "考核模式" : "练习模式");
    frame_geom g = play_frame(w, label);
    if (cp_ui_brief_shown(w->ui))
        brief_panel(w, g.left);
    else
        citizen_card(w, g.left);
    SDL_Rect R = g.right;
    int gap = S(w, 12);
    /* reply box: 2..6 lines, growing with the text */
    const cp_ui_edit *e = cp_ui_reply(w->ui);
    int skip = w->font[F_BODY].skip;
    const char *send = "发送 ⏎";
    int sw = wt_width(w, F_BODY, send, strlen(send)) + S(w, 40);
    {
        char *disp = cp_ui_edit_display(e, NULL, NULL, NULL);
        layout_text(w, disp, R.w - sw - S(w, 12) - 2 * S(w, 16), F_BODY);
        free(disp);
    }
    int lines = w->reply_lines.n > 2 ? (int)w->reply_lines.n : 2;
    if (lines > 6)
        lines = 6;
    int bh = lines * skip + S(w, 20);
    int y = R.y + R.h;
    /* the send button beside the box (the keys are in the footer) */
    SDL_Rect sr = { R.x + R.w - sw, y - S(w, 48), sw, S(w, 48) };
    bool can = cp_ui_edit_has_text(e);
    wd_round(w, sr, S(w, 10), can ? ACCENT : lerp(ACCENT, WHITE, 0.55));
    text_mid(w, F_BODY, WHITE, sr.x + S(w, 20), sr.y, sr.h, send);
    hit(w, sr, CP_UI_ACT_SUBMIT, 0);
    y -= bh;
    SDL_Rect box = { R.x, y, R.w - sw - S(w, 12), bh };
    edit_box(w, box, e, cp_ui_choices(w->ui)->n ? "输入你的回答，或按数字键选参考选项（Enter 发送）"
                                                 : "在这里输入你的回答……（可用中文输入法，Enter 发送）",
             F_BODY, !cp_ui_menu_open(w->ui));
    /* exam countdown: a large clock over the reply box, red under 15 s */
    int64_t left = cp_ui_countdown_ms(w->ui);
    if (left >= 0) {
        long sec = (long)((left + 999) / 1000);
        bool urgent = left < 15000;
        char clock[64], note[160];
        snprintf(clock, sizeof clock, "%ld:%02ld", sec / 60, sec % 60);
        snprintf(note, sizeof note, "本轮剩余时间（限时 %d 秒，时间到按输入框内容自动提交）",
                 ex ? ex->time_limit : 0);
        int ch = w->font[F_HUGE].skip + S(w, 12);
        y -= ch + gap;
        SDL_Rect cr = { R.x, y, R.w, ch };
        wd_round(w, cr, S(w, 10), urgent ? RED_BG : ACCENT_BG);
        int cw = wt_width(w, F_HUGE, clock, strlen(clock));
        wt_draws(w, F_HUGE, urgent ? RED : ACCENT, cr.x + cr.w - cw - S(w, 20), cr.y + S(w, 6), clock);
        /* the note beside the clock, shorter where the full one would run under it */
        int room = cr.w - cw - S(w, 56);
        if (wt_width(w, F_BODY, note, strlen(note)) > room)
            snprintf(note, sizeof note, "限时 %d 秒，到时按输入框内容自动提交", ex ? ex->time_limit : 0);
        if (wt_width(w, F_BODY, note, strlen(note)) > room)
            snprintf(note, sizeof note, "本轮剩余时间");
        text_mid(w, F_BODY, urgent ? RED : ACCENT, cr.x + S(w, 16), cr.y, cr.h, note);
        /* a bar of the time left */
        double fr = ex && ex->time_limit > 0 ? (double)left / (ex->time_limit * 1000.0) : 0;
        wd_rect(w, (SDL_Rect){ cr.x + S(w, 10), cr.y + cr.h - S(w, 6), (int)((cr.w - S(w, 20)) * fr), S(w, 4) },
                urgent ? RED : ACCENT);
    }
    /* the question before a hint that costs points */
    if (cp_ui_hint_asking(w->ui)) {
        char q[256];
        snprintf(q, sizeof q, "提示会扣除本轮 %.0f%% 的分数。要查看提示吗？", CP_HINT_COST * 100);
        int hh = w->font[F_BODY].skip + S(w, 70);
        y -= hh + gap;
        SDL_Rect hr = { R.x, y, R.w, hh };
        wd_round_border(w, hr, S(w, 10), S(w, 2), AMBER, AMBER_BG);
        wt_draws(w, F_BODY, INK, hr.x + S(w, 16), hr.y + S(w, 8), q);
        int by2 = hr.y + S(w, 8) + w->font[F_BODY].skip + S(w, 4);
        SDL_Rect b1 = { hr.x + S(w, 16), by2, 0, S(w, 44) };
        const char *yes = "查看提示（扣分）Enter", *no = "不用了 Esc";
        b1.w = wt_width(w, F_BODY, yes, strlen(yes)) + S(w, 32);
        wd_round(w, b1, S(w, 8), AMBER);
        text_mid(w, F_BODY, WHITE, b1.x + S(w, 16), b1.y, b1.h, yes);
        hit(w, b1, CP_UI_ACT_HINT, 0);
        SDL_Rect b2 = { b1.x + b1.w + S(w, 12), by2, wt_width(w, F_BODY, no, strlen(no)) + S(w, 32), S(w, 44) };
        wd_round_border(w, b2, S(w, 8), S(w, 2), AMBER, PANEL);
        text_mid(w, F_BODY, INK, b2.x + S(w, 16), b2.y, b2.h, no);
        hit(w, b2, CP_UI_ACT_HINT, -1);
    }
    /* hint */
    const char *hint = cp_ui_hint(w->ui);
    if (hint) {
        int hh = wt_paragraph_h(w, F_BODY, R.w - S(w, 110), hint) + S(w, 20);
        y -= hh + gap;
        SDL_Rect hr = { R.x, y, R.w, hh };
        wd_round(w, hr, S(w, 10), AMBER_BG);
        wt_draws(w, F_BODY, AMBER, hr.x + S(w, 16), hr.y + S(w, 10) + (skip - w->font[F_BODY].height) / 2, "提示");
        wt_paragraph(w, F_BODY, INK, hr.x + S(w, 86), hr.y + S(w, 10), R.w - S(w, 110), hint);
    }
    /* choices */
    const cp_strlist *ch = cp_ui_choices(w->ui);
    if (ch->n) {
        int tw = R.w - S(w, 80);
        /* Every choice whole, wrapped, never cut when it can be helped, while the conversation
         * keeps its last two exchanges whole (the line answered, the reply, and the line to
         * answer now): in body type with a heading, else without it, else in small type, more
         * tightly packed; failing that the same keeping only the line to answer now whole; only
         * when even that does not fit, one line each, cut with "…", the first choices taking
         * whatever room is left. */
        int keep3 = history_need(w, R.w, 3);
        int keep1 = history_need(w, R.w, 1);
        if (keep1 < 2 * skip + S(w, 24))
            keep1 = 2 * skip + S(w, 24);
        if (keep3 < keep1)
            keep3 = keep1;
        int ml[16], n = ch->n < 16 ? (int)ch->n : 16;
        int cf = F_BODY, ch_h = 0, pad = 12, sep = 8;
        bool heading = false, fitted = false;
        static const struct { int font; bool heading; int keep, pad, sep; } tries[] = {
            { F_BODY, true, 3, 12, 8 }, { F_BODY, false, 3, 12, 4 }, { F_SMALL, false, 3, 12, 4 },
            { F_SMALL, false, 3, 4, 3 }, { F_BODY, false, 1, 12, 4 }, { F_SMALL, false, 1, 12, 4 },
            { F_SMALL, false, 1, 4, 3 } };
        for (size_t t = 0; t < sizeof tries / sizeof tries[0] && !fitted; t++) {
            int room = y - gap - (R.y + (tries[t].keep == 3 ? keep3 : keep1));
            int h = tries[t].heading ? w->font[F_SMALL].skip : 0;
            for (int i = 0; i < n; i++)
                h += para_max(w, tries[t].font, INK, 0, 0, tw, ch->v[i], 0, false) +
                     S(w, tries[t].pad) + S(w, tries[t].sep);
            if (h <= room) {
                fitted = true;
                cf = tries[t].font;
                heading = tries[t].heading;
                pad = tries[t].pad;
                sep = tries[t].sep;
                ch_h = h;
            }
        }
        for (int i = 0; i < n; i++)
            ml[i] = fitted ? 0 : 1;
        if (!fitted) {
            int room = y - gap - (R.y + keep1);
            ch_h = 0;
            for (int i = 0; i < n; i++)
                ch_h += skip + S(w, 6) + S(w, 4);
            for (int i = 0; i < n; i++) {
                int full = para_max(w, F_BODY, INK, 0, 0, tw, ch->v[i], 0, false);
                int more = full + S(w, 12) - skip - S(w, 6);   /* whole: padding grows too */
                if (full > skip && ch_h + more <= room) {
                    ml[i] = 0;
                    ch_h += more;
                }
            }
        }
        y -= ch_h + gap;
        int cy = y;
        if (heading) {
            wt_draws(w, F_SMALL, MUTED, R.x + S(w, 4), cy, "参考选项：按数字键选择，或直接输入自己的回答");
            cy += w->font[F_SMALL].skip;
        }
        int fskip = w->font[cf].skip;
        for (int i = 0; i < n; i++) {
            int th = para_max(w, cf, INK, 0, 0, tw, ch->v[i], ml[i], false);
            bool one = ml[i] == 1 && th <= fskip;
            int h = th + S(w, one && !fitted ? 6 : pad);
            SDL_Rect cr = { R.x, cy, R.w, h };
            wd_round_border(w, cr, S(w, 10), S(w, 1), BORDER, PANEL);
            int nd = h - S(w, 4) < S(w, 32) ? h - S(w, 4) : S(w, 32);
            SDL_Rect num = { cr.x + S(w, 12), cr.y + (h - nd) / 2, nd, nd };
            wd_round(w, num, nd / 2, ACCENT);
            char d[24];
            snprintf(d, sizeof d, "%d", i + 1);
            int dw = wt_width(w, F_BODY, d, strlen(d));
            text_mid(w, F_BODY, WHITE, num.x + (num.w - dw) / 2, num.y, num.h, d);
            para_max(w, cf, INK, cr.x + S(w, 60), cr.y + (h - th) / 2, tw, ch->v[i], ml[i], true);
            hit(w, cr, CP_UI_ACT_CHOOSE, i + 1);
            cy += h + S(w, fitted ? sep : 4);
        }
    }
    int hist_bottom = y - gap;
    const char *nt = cp_ui_notice(w->ui);
    if (nt && nt[0]) {
        int nh = wt_paragraph_h(w, F_BODY, R.w - S(w, 32), nt) + S(w, 20);
        wd_round(w, (SDL_Rect){ R.x, hist_bottom - nh, R.w, nh }, S(w, 10), ACCENT_BG);
        wt_paragraph(w, F_BODY, ACCENT, R.x + S(w, 16), hist_bottom - nh + S(w, 10), R.w - S(w, 32), nt);
        hist_bottom -= nh + gap;
    }
    const char *m = cp_ui_message(w->ui);
    if (m && m[0]) {
        int mh = wt_paragraph_h(w, F_BODY, R.w - S(w, 32), m) + S(w, 20);
        message(w, R.x, hist_bottom - mh, R.w);
        hist_bottom -= mh + gap;
    }
    history(w, (SDL_Rect){ R.x, R.y, R.w, hist_bottom - R.y });
    footer(w, cp_ui_mode(w->ui) == 0
                  ? "Enter 发送　Shift+Enter 换行　F1 提示　F10 案情卡　PgUp/PgDn 翻看对话　Esc 菜单　F11 全屏　Ctrl+加号/减号 字号"
                  : "Enter 发送　Shift+Enter 换行　F10 案情卡　PgUp/PgDn 翻看对话　Esc 菜单　F11 全屏　Ctrl+加号/减号 字号");
}

/* ---- Feedback: built for one glance ---------------------------------------------------- */

/* How tightly the feedback is packed, loosest first, so that it fits without scrolling at
 * 1280x800 and on a projector: where a met criterion's reason goes, how many lines a missed
 * one's may take, whether the red words get a legend of their own (their rule's reason quotes
 * them too), the reply's and the model answer's type. */
typedef struct fb_fit {
    int met;          /* 0 reason below the name, 1 on the name's row, 2 all met ones on one row */
    int miss_lines;   /* 0 = all; -1 on the name's row */
    bool legend;
    int text_font;
    bool bar;         /* the score bar under the header */
    int head_font;    /* 「第 n 轮」 */
    bool reply_head;  /* 「你的回答」 over the reply */
    int below;        /* miss_lines -1: this many missed ones still get their line below */
} fb_fit;

/* The criteria's packings (met, miss_lines), the reply side's (legend, text_font, reply_head)
 * and the header's (bar, head_font), loosest first; each side takes the loosest that fits. */
static const int FB_LEFT[][2] = { { 0, 0 }, { 1, 0 }, { 1, 2 }, { 1, 1 }, { 2, 1 }, { 2, -1 } };
static const struct { bool legend; int font; bool head; } FB_RIGHT[] = {
    { true, F_BODY, true }, { false, F_BODY, true }, { false, F_SMALL, true }, { false, F_SMALL, false },
};
static const struct { bool bar; int font; } FB_HEAD[] = {
    { true, F_TITLE }, { false, F_TITLE }, { false, F_LARGE },
};
#define FB_N(a) (sizeof a / sizeof a[0])

static fb_fit fb_fit_of(size_t l, size_t r, size_t h)
{
    return (fb_fit){ FB_LEFT[l][0], FB_LEFT[l][1], FB_RIGHT[r].legend, FB_RIGHT[r].font,
                     FB_HEAD[h].bar, FB_HEAD[h].font, FB_RIGHT[r].head, 0 };
}

/* The reply in a box at (x, y), wd wide, its highlights under the words: green where a word
 * earned a point, red where it broke a rule. draw false only measures. Returns the height. */
static int reply_marked(win *w, const cp_ui_fb *fb, int f, int x, int y, int wd, bool draw)
{
    const char *txt = fb->turn->reply ? fb->turn->reply : "";
    size_t len = strlen(txt);
    int skip = w->font[f].skip, tpad = (skip - w->font[f].height) / 2;
    int pad = S(w, 14);
    cp_ui_lines L = { 0 };
    size_t keep[2 * CP_UI_MAX_MARKS];   /* a highlighted word is not split between lines */
    for (size_t k = 0; k < fb->nmarks; k++) {
        keep[2 * k] = fb->marks[k].start;
        keep[2 * k + 1] = fb->marks[k].end;
    }
    cp_ui_break_keep(txt, len, wd - 2 * pad, wt_measure, &w->font[f], keep, fb->nmarks, &L);
    int boxh = (int)L.n * skip + S(w, 16);
    if (draw) {
        wd_round_border(w, (SDL_Rect){ x, y, wd, boxh }, S(w, 12), S(w, 1), BORDER, PANEL);
        for (size_t li = 0; li < L.n; li++) {
            int ly = y + S(w, 8) + (int)li * skip;
            const cp_ui_line *ln = &L.v[li];
            for (size_t k = 0; k < fb->nmarks; k++) {
                const cp_ui_mark *m = &fb->marks[k];
                size_t a = m->start > ln->start ? m->start : ln->start;
                size_t b = m->end < ln->end ? m->end : ln->end;
                if (b <= a)
                    continue;
                int x0 = wt_width(w, f, txt + ln->start, a - ln->start);
                int x1 = x0 + wt_width(w, f, txt + a, b - a);
                SDL_Rect hr = { x + pad + x0, ly + S(w, 2), x1 - x0, skip - S(w, 4) };
                wd_rect(w, hr, m->bad ? RED_BG : GREEN_BG);
                wd_rect(w, (SDL_Rect){ hr.x, hr.y + hr.h - S(w, 3), hr.w, S(w, 3) },
                        m->bad ? RED : GREEN);
            }
            wt_draw(w, f, INK, x + pad, ly + tpad, txt + ln->start, ln->end - ln->start);
        }
    }
    cp_ui_lines_free(&L);
    return boxh;
}

/* Under the reply: the red words grouped by the rule they broke, each rule named
 * (「你自己」违反「不指责不推诿」). Returns the height. */
static int red_legend(win *w, const cp_ui_fb *fb, int x, int y, int wd, bool draw)
{
    int h = 0;
    for (size_t k = 0; k < fb->nmarks; k++) {
        const cp_ui_mark *m = &fb->marks[k];
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++)
            seen = fb->marks[j].bad && !strcmp(fb->marks[j].rule, m->rule);
        if (!m->bad || seen)
            continue;
        char buf[640] = "";
        size_t n = 0;
        for (size_t j = k; j < fb->nmarks && n + 80 < sizeof buf; j++)
            if (fb->marks[j].bad && !strcmp(fb->marks[j].rule, m->rule))
                n += (size_t)snprintf(buf + n, sizeof buf - n, "「%.*s」",
                                      (int)(fb->marks[j].end - fb->marks[j].start),
                                      fb->turn->reply + fb->marks[j].start);
        snprintf(buf + n, sizeof buf - n, "违反「%s」", m->rule);
        int sq = S(w, 12), ind = sq + S(w, 8);
        if (draw) {
            wd_rect(w, (SDL_Rect){ x, y + h + (w->font[F_SMALL].skip - sq) / 2, sq, sq }, RED);
            wt_paragraph(w, F_SMALL, RED, x + ind, y + h, wd - ind, buf);
        }
        h += wt_paragraph_h(w, F_SMALL, wd - ind, buf) + S(w, 2);
    }
    return h;
}

/* One criterion: its 达成 / 未达成 / 违反 tag, name and points, and its reason: on its own line
 * below in at most maxl lines (0 = all), or (maxl < 0) after the name on the same row, cut with
 * "…". Returns the height. */
static int fb_item(win *w, const cp_ui_fb_item *it, int x, int y, int wd, int maxl, bool draw)
{
    int rowh = w->font[F_BODY].skip;
    const char *tag = it->met ? "达成" : it->focus ? "未达成" : "违反";
    int tw = wt_width(w, F_SMALL, tag, strlen(tag)) + S(w, 18);
    int ind = S(w, 96) > tw + S(w, 12) ? S(w, 96) : tw + S(w, 12);
    int rw = wd - ind;
    char pts[48];
    snprintf(pts, sizeof pts, "%.1f / %.1f", it->cr->score, it->cr->max);
    int pw = wt_width(w, F_SMALL, pts, strlen(pts));
    int reason_h = maxl < 0 ? 0 : para_max(w, F_SMALL, INK, 0, 0, rw, it->reason, maxl, false);
    int h = rowh + reason_h + S(w, maxl < 0 ? 4 : 8);
    if (!draw)
        return h;
    SDL_Rect pr = { x, y + (rowh - S(w, 26)) / 2, tw, S(w, 26) };
    wd_round(w, pr, S(w, 13), it->met ? GREEN : RED);
    text_mid(w, F_SMALL, WHITE, pr.x + S(w, 9), pr.y, pr.h, tag);
    int nw = text_mid(w, F_BODY, it->met ? INK : RED, x + ind, y, rowh, it->name);
    text_mid(w, F_SMALL, MUTED, x + wd - pw, y, rowh, pts);
    SDL_Color rc = it->met ? MUTED : INK;
    if (maxl < 0) {
        int rx = x + ind + nw + S(w, 14), room = x + wd - pw - S(w, 14) - rx;
        if (room > S(w, 40))
            draw_fit(w, F_SMALL, rc, rx, y + (rowh - w->font[F_SMALL].height) / 2, room, it->reason);
    } else {
        para_max(w, F_SMALL, rc, x + ind, y + rowh, rw, it->reason, maxl, true);
    }
    return h;
}

/* Criteria items [from, to) packed as ft says (met ones on one row: 「达成」 and their names). */
static int fb_list(win *w, const cp_ui_fb *fb, size_t from, size_t to, int x, int y, int wd,
                   const fb_fit *ft, bool draw)
{
    int y0 = y;
    char met[512] = "";
    size_t nm = 0;
    int missed = 0;
    for (size_t i = from; i < to; i++) {
        const cp_ui_fb_item *it = &fb->items[i];
        if (it->met && ft->met == 2) {
            nm += (size_t)snprintf(met + nm, nm < sizeof met ? sizeof met - nm : 0, "%s%s",
                                   nm ? "、" : "", it->name);
            continue;
        }
        int maxl = it->met ? (ft->met ? -1 : 0) : ft->miss_lines;
        if (!it->met && maxl < 0 && missed++ < ft->below)
            maxl = 1;
        y += fb_item(w, it, x, y, wd, maxl, draw);
    }
    if (met[0]) {
        int rowh = w->font[F_BODY].skip;
        const char *tag = "达成";
        int tw = wt_width(w, F_SMALL, tag, strlen(tag)) + S(w, 18);
        int ind = S(w, 96) > tw + S(w, 12) ? S(w, 96) : tw + S(w, 12);
        if (draw) {
            SDL_Rect pr = { x, y + (rowh - S(w, 26)) / 2, tw, S(w, 26) };
            wd_round(w, pr, S(w, 13), GREEN);
            text_mid(w, F_SMALL, WHITE, pr.x + S(w, 9), pr.y, pr.h, tag);
        }
        y += para_max(w, F_BODY, INK, x + ind, y, wd - ind, met, 2, draw) + S(w, 4);
    }
    return y - y0;
}

/* The conduct rules broken out of focus, under a heading of their own. */
static int fb_broken(win *w, const cp_ui_fb *fb, int x, int y, int wd, const fb_fit *ft, bool draw)
{
    if (fb->nitems == fb->nfocus)
        return 0;
    int y0 = y;
    y += S(w, 6);
    if (draw)
        wt_draws(w, F_SMALL, RED, x, y, "另外，这些规定每轮都要守住：");
    y += w->font[F_SMALL].skip + S(w, 2);
    y += fb_list(w, fb, fb->nfocus, fb->nitems, x, y, wd, ft, draw);
    return y - y0;
}

/* The criteria in focus (what was missed first), each with its reason; then, when broken_here,
 * the conduct rules broken out of focus. */
static int fb_items(win *w, const cp_ui_fb *fb, int x, int y, int wd, const fb_fit *ft,
                    bool broken_here, bool draw)
{
    int y0 = y;
    if (draw)
        wt_draws(w, F_SMALL, MUTED, x, y, "本轮要求（没做到的在前）");
    y += w->font[F_SMALL].skip + S(w, 2);
    y += fb_list(w, fb, 0, fb->nfocus, x, y, wd, ft, draw);
    if (broken_here)
        y += fb_broken(w, fb, x, y, wd, ft, draw);
    return y - y0;
}

/* The reply, its red words with the rules they broke, any conduct rule broken out of focus,
 * and the model answer. Returns the height. */
static int fb_side(win *w, const cp_ui_fb *fb, int x, int y, int wd, const fb_fit *ft,
                   bool broken_here, bool draw)
{
    int y0 = y;
    bool green = false;
    for (size_t k = 0; k < fb->nmarks; k++)
        green |= !fb->marks[k].bad;
    const char *head = green ? "你的回答（绿色：得分的说法）" : "你的回答";
    if (ft->reply_head) {
        if (draw)
            wt_draws(w, F_SMALL, MUTED, x, y, head);
        y += w->font[F_SMALL].skip + S(w, 2);
    }
    y += reply_marked(w, fb, ft->text_font, x, y, wd, draw) + S(w, 6);
    if (ft->legend || fb->nitems == fb->nfocus)
        y += red_legend(w, fb, x, y, wd, draw);
    if (broken_here)
        y += fb_broken(w, fb, x, y, wd, ft, draw);
    if (fb->model) {
        int f = ft->text_font;
        y += S(w, 8);
        int mh = wt_paragraph_h(w, f, wd - S(w, 28), fb->model);
        int bh = mh + S(w, 14) + w->font[F_SMALL].skip;
        if (draw) {
            wd_round(w, (SDL_Rect){ x, y, wd, bh }, S(w, 12), ACCENT_BG);
            wt_draws(w, F_SMALL, ACCENT, x + S(w, 14), y + S(w, 4), "示范回答");
            wt_paragraph(w, f, INK, x + S(w, 14), y + S(w, 6) + w->font[F_SMALL].skip,
                         wd - S(w, 28), fb->model);
        }
        y += bh;
    }
    return y - y0;
}

static void feedback(win *w)
{
    frame_geom g = play_frame(w, "反馈");
    bool brief = cp_ui_brief_shown(w->ui);
    if (brief)
        brief_panel(w, g.left);
    SDL_Rect R = brief ? g.right : g.all;
    if (!w->fb)
        w->fb = cp_xcalloc(1, sizeof *w->fb);
    cp_ui_fb *fb = w->fb;
    int bar = S(w, 64);
    SDL_Rect panel = { R.x, R.y, R.w, R.h - bar };
    wd_round_border(w, panel, S(w, 16), S(w, 1), BORDER, PANEL);
    if (cp_ui_feedback_view(w->ui, fb) == 0) {
        int pad = S(w, 22), x = panel.x + pad, wd = panel.w - 2 * pad;
        int top = panel.y + S(w, 10);
        int gap = S(w, 24);
        bool two = wd >= S(w, 760);
        static const int splits[] = { 54, 48, 42 };   /* the criteria's share of the width */
        int lw = 0, rw = 0, rx = 0;
        /* the loosest packing that fits below the header */
        /* (the conduct rules broken out of focus go beside the reply, or under the criteria
         * in focus when only there they fit) */
        /* the header, the split and the place of the broken conduct rules that need the least
         * packing, the criteria's reasons counting most */
        fb_fit best = fb_fit_of(FB_N(FB_LEFT) - 1, FB_N(FB_RIGHT) - 1, FB_N(FB_HEAD) - 1);
        size_t best_cost = (size_t)-1, best_sp = 0;
        bool left = false;
        for (size_t h = 0; h < FB_N(FB_HEAD); h++) {
            int avail_h = panel.y + panel.h - S(w, 10) -
                          (top + w->font[FB_HEAD[h].font].skip + (FB_HEAD[h].bar ? S(w, 20) : S(w, 4)));
            for (size_t sp = 0; sp < (two ? 3u : 1u); sp++)
                for (int side = 0; side < (two ? 2 : 1); side++) {
                    int l_w = two ? (wd - gap) * splits[sp] / 100 : wd;
                    int r_w = two ? wd - gap - l_w : wd;
                    size_t li = 0, ri = 0;
                    int lhh = 0, rhh = 0;
                    for (li = 0; li < FB_N(FB_LEFT); li++) {
                        fb_fit f = fb_fit_of(li, 0, h);
                        lhh = fb_items(w, fb, x, 0, l_w, &f, side == 1, false);
                        if (lhh <= avail_h || !two)
                            break;
                    }
                    for (ri = 0; ri < FB_N(FB_RIGHT); ri++) {
                        fb_fit f = fb_fit_of(li < FB_N(FB_LEFT) ? li : 0, ri, h);
                        rhh = fb_side(w, fb, x, 0, r_w, &f, side == 0, false);
                        if (two ? rhh <= avail_h : lhh + S(w, 16) + rhh <= avail_h)
                            break;
                    }
                    if (!two && ri == FB_N(FB_RIGHT)) {   /* one column: pack both together */
                        size_t bl = FB_N(FB_LEFT), br = FB_N(FB_RIGHT);
                        for (size_t a = 0; a < FB_N(FB_LEFT); a++)
                            for (size_t b = 0; b < FB_N(FB_RIGHT); b++) {
                                fb_fit f = fb_fit_of(a, b, h);
                                if ((bl == FB_N(FB_LEFT) || 4 * a + b < 4 * bl + br) &&
                                    fb_items(w, fb, x, 0, l_w, &f, false, false) + S(w, 16) +
                                            fb_side(w, fb, x, 0, r_w, &f, true, false) <= avail_h) {
                                    bl = a;
                                    br = b;
                                }
                            }
                        li = bl;
                        ri = br;
                    }
                    if (li >= FB_N(FB_LEFT) || ri >= FB_N(FB_RIGHT))
                        continue;
                    size_t cost = 4 * li + ri + sp + h;   /* the reasons matter most */
                    if (cost < best_cost) {
                        best_cost = cost;
                        best = fb_fit_of(li, ri, h);
                        best_sp = sp;
                        left = side == 1;
                    }
                }
        }
        if (w->cls) {
            /* in the classroom (a projector) every reason stays whole; what does not fit
             * scrolls (↑↓, the wheel) rather than being cut */
            best.met = FB_LEFT[0][0];
            best.miss_lines = FB_LEFT[0][1];
            best.below = 0;
        }
        const fb_fit *ft = &best;
        int avail = panel.y + panel.h - S(w, 10) -
                    (top + w->font[ft->head_font].skip + (ft->bar ? S(w, 20) : S(w, 4)));
        lw = two ? (wd - gap) * splits[best_sp] / 100 : wd;
        rw = two ? wd - gap - lw : wd;
        rx = two ? x + lw + gap : x;
        /* reasons on the name's row: give the first missed ones their line back while it fits */
        while (best.miss_lines < 0 && best.below < (int)fb->nitems) {
            best.below++;
            int l = fb_items(w, fb, x, 0, lw, &best, left, false);
            int r = fb_side(w, fb, rx, 0, rw, &best, !left, false);
            if ((two ? (l > r ? l : r) : l + S(w, 16) + r) > avail) {
                best.below--;
                break;
            }
        }
        int lh = fb_items(w, fb, x, 0, lw, ft, left, false);
        int rh = fb_side(w, fb, rx, 0, rw, ft, !left, false);
        /* the header: the turn, and one score (the recorded one) */
        char buf[160];
        snprintf(buf, sizeof buf, "第 %d 轮", fb->number);
        int hf = ft->head_font;
        int tw = wt_draws(w, hf, INK, x, top, buf);
        double frac = fb->max > 0 ? fb->score / fb->max : 0;
        SDL_Color sc = frac >= 0.75 ? GREEN : frac >= 0.45 ? AMBER : RED;
        int sw = wt_width(w, F_LARGE, fb->score_text, strlen(fb->score_text));
        int sx = x + wd - sw;
        if (sx < x + tw + S(w, 20))
            sx = x + tw + S(w, 20);
        draw_fit(w, F_LARGE, sc, sx, top + (w->font[hf].skip - w->font[F_LARGE].skip) / 2,
                 x + wd - sx, fb->score_text);
        int y = top + w->font[hf].skip;
        if (ft->bar) {
            wd_round(w, (SDL_Rect){ x, y, wd, S(w, 8) }, S(w, 4), GREY_BG);
            if (frac > 0)
                wd_round(w, (SDL_Rect){ x, y, (int)(wd * frac) > S(w, 8) ? (int)(wd * frac) : S(w, 8), S(w, 8) },
                         S(w, 4), sc);
            y += S(w, 20);
        } else {
            y += S(w, 4);
        }
        int need = two ? (lh > rh ? lh : rh) : lh + S(w, 16) + rh;
        int maxs = need - avail;
        cp_ui_clamp_scroll(w->ui, maxs);
        int off = maxs > 0 ? cp_ui_scroll(w->ui) : 0;
        SDL_Rect clip = { panel.x + 2, y - S(w, 4), panel.w - 4, panel.y + panel.h - 2 - (y - S(w, 4)) };
        SDL_RenderSetClipRect(w->r, &clip);
        fb_items(w, fb, x, y - off, lw, ft, left, true);
        fb_side(w, fb, rx, two ? y - off : y - off + lh + S(w, 16), rw, ft, !left, true);
        SDL_RenderSetClipRect(w->r, NULL);
        if (maxs > 0 && off < maxs) {
            const char *more = "↓ 还有内容（↑↓ 或滚轮）";
            int mw = wt_width(w, F_SMALL, more, strlen(more)) + S(w, 24);
            SDL_Rect mr = { panel.x + panel.w - mw - S(w, 16), panel.y + panel.h - S(w, 14), mw, S(w, 28) };
            wd_round(w, mr, S(w, 16), ACCENT);
            text_mid(w, F_SMALL, WHITE, mr.x + S(w, 12), mr.y, mr.h, more);
        }
    }
    const cp_session *ss = cp_ui_session(w->ui);
    const cp_scenario *scn = cp_ui_scenario(w->ui);
    char label[128];
    if (ss && cp_session_ended(ss))
        snprintf(label, sizeof label, "看结果 ⏎");
    else
        snprintf(label, sizeof label, "继续：听%s怎么说 ⏎", cp_ui_pronoun(scn ? &scn->persona : NULL));
    int by = R.y + R.h - S(w, 50);
    int bw = wt_width(w, F_BODY, label, strlen(label)) + S(w, 40);
    button(w, R.x + R.w - bw, by, label, true, true, CP_UI_ACT_CONTINUE, 0);
    int wx = R.x + S(w, 4);
    bool can_retry = cp_ui_can_retry_turn(w->ui);
    if (can_retry) {
        SDL_Rect rb = button(w, R.x, by, "重答本轮 F2", false, false, CP_UI_ACT_RETRY_TURN, 0);
        wx = rb.x + rb.w + S(w, 16);
    }
    /* how the citizen took it: the face's word and how far the meters moved */
    /* (in an exam the face's word only: no meter is shown there); the whole line in body type,
     * else without the name, else in small type, and only then cut */
    char who[256], bare[200];
    const char *pname = scn && scn->persona.name ? scn->persona.name : "群众";
    const char *face = cp_ui_expression_name(cp_ui_expression(w->ui));
    if (cp_ui_meters_shown(w->ui))
        snprintf(bare, sizeof bare, "%s　情绪 %d（%+d）　信任 %d（%+d）", face, fb->anger,
                 fb->d_anger, fb->trust, fb->d_trust);
    else
        snprintf(bare, sizeof bare, "%s", face);
    snprintf(who, sizeof who, "%s：%s", pname, bare);
    int room = R.x + R.w - bw - S(w, 16) - wx;
    if (room > S(w, 120) && fb->turn) {
        const char *pick = who;
        int f = F_BODY;
        if (wt_width(w, f, pick, strlen(pick)) > room)
            pick = bare;
        if (wt_width(w, f, pick, strlen(pick)) > room)
            f = F_SMALL;
        draw_fit(w, f, MUTED, wx, by + (S(w, 50) - w->font[f].height) / 2, room, pick);
    }
    footer(w, can_retry ? "Enter 继续　F2 重答本轮　F10 案情卡　↑↓ 翻看　Esc 菜单"
                        : "Enter 继续　F10 案情卡　↑↓ 翻看　Esc 菜单");
}

static void stars(win *w, int x, int y, int rating)
{
    for (int i = 0; i < 5; i++)
        x += wt_draws(w, F_HUGE, i < rating ? AMBER : GREY_BG, x, y, "★") + S(w, 2);
}

/* One block of the end chart: a per-turn score row, one row per criterion ids[0..n), the turn
 * numbers; labw is the label column, colw a turn's column, rowh a row. */
static void chart_block(win *w, const cp_session *ss, int x, int y, int labw, int colw, int rowh,
                        const char *const *ids, const char *const *names, size_t n, size_t nt)
{
    int th = w->font[F_SMALL].height;
    int cellgap = rowh > S(w, 20) ? S(w, 3) : S(w, 2);
    wt_draws(w, F_SMALL, MUTED, x, y + (rowh - th) / 2, "本轮得分率");
    for (size_t i = 0; i < nt; i++) {
        const cp_turn *t = cp_session_turn(ss, i);
        double fr = t->result.max > 0 ? t->result.score / t->result.max : 0;
        char pc[16];
        snprintf(pc, sizeof pc, "%d%%", (int)(fr * 100 + 0.5));
        int pw = wt_width(w, F_SMALL, pc, strlen(pc));
        SDL_Color c = fr >= 0.75 ? GREEN : fr >= 0.45 ? AMBER : RED;
        if (pw <= colw)
            wt_draws(w, F_SMALL, c, x + labw + (int)i * colw + (colw - pw) / 2, y + (rowh - th) / 2, pc);
        else /* too narrow for the number: a bar of the turn's colour */
            wd_round(w, (SDL_Rect){ x + labw + (int)i * colw + cellgap, y + rowh / 2 - S(w, 3),
                                    colw - 2 * cellgap, S(w, 6) }, S(w, 3), c);
    }
    y += rowh;
    for (size_t j = 0; j < n; j++) {
        int ry = y + (int)j * rowh;
        if (j % 2 == 0)
            wd_rect(w, (SDL_Rect){ x - S(w, 4), ry, labw + (int)nt * colw + S(w, 8), rowh },
                    (SDL_Color){ 0xF3, 0xF6, 0xF6, 255 });
        /* the label, cut with an ellipsis when longer than its column */
        const char *nm = names[j];
        size_t len = strlen(nm);
        int lw = labw - S(w, 10);
        if (wt_width(w, F_SMALL, nm, len) > lw) {
            int ew = wt_width(w, F_SMALL, "…", strlen("…"));
            while (len > 0 && wt_width(w, F_SMALL, nm, len) + ew > lw)
                len = cp_utf8_prev(nm, len);
            int dx = wt_draw(w, F_SMALL, INK, x, ry + (rowh - th) / 2, nm, len);
            wt_draws(w, F_SMALL, INK, x + dx, ry + (rowh - th) / 2, "…");
        } else {
            wt_draw(w, F_SMALL, INK, x, ry + (rowh - th) / 2, nm, len);
        }
        for (size_t i = 0; i < nt; i++) {
            const cp_crit_result *cr = cp_result_find(&cp_session_turn(ss, i)->result, ids[j]);
            SDL_Color c = !cr ? (SDL_Color){ 0xE2, 0xE7, 0xE7, 255 } : cr->met ? GREEN : RED;
            if (cr && !cr->met && cr->score > 0)
                c = AMBER;
            wd_round(w, (SDL_Rect){ x + labw + (int)i * colw + cellgap, ry + cellgap,
                                    colw - 2 * cellgap, rowh - 2 * cellgap }, S(w, 4), c);
        }
    }
    y += (int)n * rowh;
    wt_draws(w, F_SMALL, MUTED, x, y + (rowh - th) / 2, "轮次");
    for (size_t i = 0; i < nt; i++) {
        char tl[24];
        snprintf(tl, sizeof tl, "%zu", i + 1);
        int tw = wt_width(w, F_SMALL, tl, strlen(tl));
        if (tw <= colw && (nt < 12 || i % 2 == 0))
            wt_draws(w, F_SMALL, MUTED, x + labw + (int)i * colw + (colw - tw) / 2, y + (rowh - th) / 2, tl);
    }
}

/* The end chart in a box (x, y, wd, h): criteria as rows, turns as columns, split into two or
 * three side-by-side blocks when one block's rows would be too short for their labels. */
static void end_chart(win *w, const cp_session *ss, int x, int y, int wd, int h,
                      const char *const *ids, const char *const *names, size_t nids, size_t nt)
{
    if (!nt || !nids || h <= 0)
        return;
    int want = w->font[F_SMALL].height;   /* a row a label can sit in */
    int labw = 0;
    for (size_t j = 0; j < nids; j++) {
        int lw = wt_width(w, F_SMALL, names[j], strlen(names[j]));
        if (lw > labw)
            labw = lw;
    }
    labw += S(w, 16);
    int gap = S(w, 28);
    for (int blocks = 1; blocks <= 3; blocks++) {
        size_t per = (nids + (size_t)blocks - 1) / (size_t)blocks;
        int rowh = h / ((int)per + 2);
        if (rowh > S(w, 30))
            rowh = S(w, 30);
        int bw = (wd - (blocks - 1) * gap) / blocks;
        int lb = labw < bw * 45 / 100 ? labw : bw * 45 / 100;
        int colw = (bw - lb) / (int)nt;
        if (colw > S(w, 76))
            colw = S(w, 76);
        if (rowh < want && blocks < 3)
            continue;
        if (rowh < S(w, 8))
            rowh = S(w, 8);
        for (int b = 0; b < blocks; b++) {
            size_t from = (size_t)b * per;
            if (from >= nids)
                break;
            size_t n = nids - from < per ? nids - from : per;
            chart_block(w, ss, x + b * (bw + gap), y, lb, colw, rowh, ids + from, names + from, n, nt);
        }
        return;
    }
}

/* One turn that moved the citizen most: 「第 n 轮」, how far anger and trust moved, and why
 * (in at most maxl lines, 0 = all). Returns the height. */
static int end_moment(win *w, const cp_ending_moment *m, int x, int y, int wd, int maxl, bool draw)
{
    char head[96], mv[96];
    snprintf(head, sizeof head, "第 %zu 轮", m->turn + 1);
    snprintf(mv, sizeof mv, "情绪 %+d　信任 %+d", m->d_anger, m->d_trust);
    int rowh = w->font[F_BODY].skip;
    const char *why = m->why[0] ? m->why : "（没有可说明的原因）";
    int ind = S(w, 18);
    int wh = para_max(w, F_SMALL, MUTED, 0, 0, wd - ind, why, maxl, false);
    if (draw) {
        bool worse = m->d_anger > 0 || m->d_trust < 0;
        int hw = wt_draws(w, F_BODY, INK, x, y + (rowh - w->font[F_BODY].height) / 2, head);
        text_mid(w, F_BODY, worse ? RED : GREEN, x + hw + S(w, 16), y, rowh, mv);
        para_max(w, F_SMALL, MUTED, x + ind, y + rowh, wd - ind, why, maxl, true);
    }
    return rowh + wh + S(w, 8);
}

/* The left half of the end screen: the turns that moved the citizen most and why, and what the
 * top rating would have taken. Returns the height. */
/* The left half of the end screen: the turns that moved the citizen most and why (those with
 * show[i] set, each reason in at most maxl[i] lines), then what the top rating would have
 * taken (in type f). Returns the height. */
static int end_story(win *w, const cp_ending_report *r, int x, int y, int wd, const int *maxl,
                     const bool *show, int f, bool draw)
{
    int y0 = y;
    if (draw)
        wt_draws(w, F_BODY, INK, x, y, "影响最大的几轮");
    y += w->font[F_BODY].skip + S(w, 2);
    for (size_t i = 0; i < r->nmoments; i++)
        if (show[i])
            y += end_moment(w, &r->moments[i], x, y, wd, maxl[i], draw);
    if (!r->nmoments) {
        if (draw)
            wt_draws(w, F_SMALL, MUTED, x, y, "没有哪一轮明显改变对方的情绪和信任。");
        y += w->font[F_SMALL].skip + S(w, 8);
    }
    y += S(w, 4);
    /* what the top rating takes, in one box with its heading */
    const char *top = r->top && r->top[0] ? r->top : "本情景没有写明。";
    char t[768];
    if (r->rating >= 5)
        snprintf(t, sizeof t, "这是最好的评价（非常满意）。");
    else
        snprintf(t, sizeof t, "要拿到 5 星（非常满意）：%s", top);
    int th = wt_paragraph_h(w, f, wd - S(w, 28), t);
    if (draw) {
        wd_round(w, (SDL_Rect){ x, y, wd, th + S(w, 16) }, S(w, 10), ACCENT_BG);
        wt_paragraph(w, f, INK, x + S(w, 14), y + S(w, 8), wd - S(w, 28), t);
    }
    y += th + S(w, 16);
    return y - y0;
}

/* Packs the end screen's left half into room: what a 5 takes always whole (in smaller type when
 * it alone would take half the room); each moment's reason whole, else in two lines, else in
 * one with two again for the moments that moved the citizen most; the smallest moments left
 * out when even one line each does not fit. */
static void end_fit(win *w, const cp_ending_report *r, int wd, int room, int *maxl, bool *show,
                    int *f)
{
    *f = F_BODY;
    for (int i = 0; i < 3; i++) {
        maxl[i] = 0;
        show[i] = true;
    }
    bool none[3] = { false, false, false };
    int top_only = end_story(w, r, 0, 0, wd, maxl, none, F_BODY, false);
    if (top_only > room / 2 + w->font[F_BODY].skip)
        *f = F_SMALL;
    if (end_story(w, r, 0, 0, wd, maxl, show, *f, false) <= room)
        return;
    maxl[0] = maxl[1] = maxl[2] = 2;
    if (end_story(w, r, 0, 0, wd, maxl, show, *f, false) <= room)
        return;
    /* the moments by how far they moved the citizen, biggest first */
    size_t order[3] = { 0, 1, 2 }, n = r->nmoments < 3 ? r->nmoments : 3;
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; b < n; b++) {
            int ma = abs(r->moments[order[a]].d_anger) + abs(r->moments[order[a]].d_trust);
            int mb = abs(r->moments[order[b]].d_anger) + abs(r->moments[order[b]].d_trust);
            if (mb > ma) {
                size_t t = order[a];
                order[a] = order[b];
                order[b] = t;
            }
        }
    maxl[0] = maxl[1] = maxl[2] = 1;
    if (end_story(w, r, 0, 0, wd, maxl, show, *f, false) > room)
        *f = F_SMALL;
    for (size_t k = n; k > 1 && end_story(w, r, 0, 0, wd, maxl, show, *f, false) > room; k--)
        show[order[k - 1]] = false;
    for (size_t k = 0; k < n; k++) {
        if (!show[order[k]])
            continue;
        maxl[order[k]] = 2;
        if (end_story(w, r, 0, 0, wd, maxl, show, *f, false) > room)
            maxl[order[k]] = 1;
    }
}

static void end_screen(win *w)
{
    frame_geom g = play_frame(w, "结束");
    SDL_Rect R = g.all;
    const cp_session *ss = cp_ui_session(w->ui);
    const cp_scenario *scn = cp_ui_scenario(w->ui);
    cp_ending_report rep;
    bool have = ss && cp_session_ending_report(ss, &rep) == 0;
    SDL_Rect panel = { R.x, R.y, R.w, R.h - S(w, 70) };
    wd_round_border(w, panel, S(w, 16), S(w, 1), BORDER, PANEL);
    int pad = S(w, 24), x = panel.x + pad, wd = panel.w - 2 * pad, y = panel.y + S(w, 16);
    if (have) {
        /* the citizen's face; the ending's Chinese name and why it ended there; the rating */
        int hh = w->font[F_HUGE].skip + w->font[F_SMALL].skip;
        int pw = hh * 92 / 100;
        cp_ui_face face = cp_ui_face_for(cp_ui_expression(w->ui), cp_session_anger(ss),
                                         cp_session_trust(ss));
        wd_portrait(w, (SDL_Rect){ x, y, pw, hh }, &face, scn ? &scn->persona : NULL);
        SDL_Color oc = rep.rating >= 4 ? GREEN : rep.rating == 3 ? AMBER : rep.rating ? RED : MUTED;
        int tx = x + pw + S(w, 20), tw = x + wd - tx;
        char buf[320];
        bool chinese = false;   /* an author's own outcome word without a title: no ids shown */
        for (const char *c = rep.title; c && *c && !chinese; c++)
            chinese = (unsigned char)*c >= 0x80;
        snprintf(buf, sizeof buf, "结局：%s", chinese ? rep.title : "结束");
        int starw = 5 * (wt_width(w, F_HUGE, "★", strlen("★")) + S(w, 2));
        char rname[96];
        snprintf(rname, sizeof rname, "群众评价（好差评）：%s", rep.rating_name);
        int rw_ = wt_width(w, F_SMALL, rname, strlen(rname));
        int titlew = wt_width(w, F_HUGE, buf, strlen(buf));
        if (tx + titlew + S(w, 20) + starw + S(w, 14) + rw_ > x + wd) {   /* large type: short */
            snprintf(rname, sizeof rname, "%s", rep.rating_name);
            rw_ = wt_width(w, F_SMALL, rname, strlen(rname));
        }
        int right = starw + S(w, 14) + rw_;
        draw_fit(w, F_HUGE, oc, tx, y, tw - right - S(w, 20), buf);
        stars(w, x + wd - starw, y, rep.rating);
        wt_draws(w, F_SMALL, MUTED, x + wd - starw - S(w, 14) - rw_,
                 y + (w->font[F_HUGE].skip - w->font[F_SMALL].height) / 2, rname);
        /* why it ended there and the citizen's last words, in two lines each - one each when
         * the story below would not fit otherwise (large type) */
        const char *say = cp_session_citizen(ss);
        char q[1024] = "";
        if (say && say[0])
            snprintf(q, sizeof q, "%s：%s", scn && scn->persona.name ? scn->persona.name : "群众", say);
        int bottom0 = panel.y + panel.h - S(w, 14);
        int lines = 2;   /* 0: the last words left out (they ended the conversation already) */
        for (; lines >= 0; lines--) {
            int el = lines ? lines : 1;
            int eh = rep.explain && rep.explain[0] ? para_max(w, F_BODY, INK, 0, 0, tw, rep.explain, el, false) : 0;
            int head_h = w->font[F_HUGE].skip + eh > hh ? w->font[F_HUGE].skip + eh : hh;
            int qh = q[0] && lines ? para_max(w, F_BODY, INK, 0, 0, wd - S(w, 40), q, lines, false) + S(w, 30) : 0;
            int least[3] = { 1, 1, 1 }, f1 = F_SMALL;
            bool one[3] = { true, false, false };
            int half = (wd - S(w, 28)) / 2;   /* the story's width beside the chart, or all */
            int story = end_story(w, &rep, 0, 0, half >= S(w, 520) ? half : wd, least, one, f1, false);
            if (y + head_h + S(w, 10) + qh + story <= bottom0)
                break;
        }
        if (lines < 0)
            lines = 0;
        int ey = y + w->font[F_HUGE].skip;
        if (rep.explain && rep.explain[0])
            ey += para_max(w, F_BODY, INK, tx, ey, tw, rep.explain, lines ? lines : 1, true);
        y = (ey > y + hh ? ey : y + hh) + S(w, 10);
        if (q[0] && lines) {
            int ph = para_max(w, F_BODY, INK, 0, 0, wd - S(w, 40), q, lines, false);
            wd_round(w, (SDL_Rect){ x, y, wd, ph + S(w, 16) }, S(w, 12), (SDL_Color){ 0xF3, 0xF6, 0xF5, 255 });
            wd_rect(w, (SDL_Rect){ x, y, S(w, 5), ph + S(w, 16) }, oc);
            para_max(w, F_BODY, INK, x + S(w, 24), y + S(w, 8), wd - S(w, 40), q, lines, true);
            y += ph + S(w, 16) + S(w, 14);
        }
        /* left: what moved the citizen and what a 5 takes; right: every criterion per turn,
         * when there is room for it (large type: the story takes the width, the total stays) */
        int bottom = panel.y + panel.h - S(w, 14);
        int gap = S(w, 28), lw = (wd - gap) / 2, rx = x + lw + gap, rw = wd - lw - gap;
        bool chart = rw >= S(w, 520) && bottom - y >= S(w, 200);
        if (!chart) {
            lw = wd;
            char tot[160];
            snprintf(tot, sizeof tot, "总分 %.1f / %.1f（%d%%）", rep.score, rep.max,
                     rep.max > 0 ? (int)(100 * rep.score / rep.max + 0.5) : 0);
            int tw2 = wt_width(w, F_BODY, tot, strlen(tot));
            wt_draws(w, F_BODY, INK, x + wd - tw2, y, tot);
        }
        int maxl[3], f;
        bool show[3];
        end_fit(w, &rep, lw, bottom - y, maxl, show, &f);
        SDL_Rect clip = { panel.x + 2, y, panel.w - 4, bottom - y };
        SDL_RenderSetClipRect(w->r, &clip);
        end_story(w, &rep, x, y, lw, maxl, show, f, true);
        SDL_RenderSetClipRect(w->r, NULL);
        size_t nt = chart ? cp_session_nturns(ss) : 0;
        char head[256];
        snprintf(head, sizeof head, "各轮表现　总分 %.1f / %.1f（%d%%）", rep.score, rep.max,
                 rep.max > 0 ? (int)(100 * rep.score / rep.max + 0.5) : 0);
        const char *legend = "绿＝达成　橙＝部分　红＝未达成　灰＝本轮不考";
        if (chart) {
            draw_fit(w, F_BODY, INK, rx, y, rw, head);
            draw_fit(w, F_SMALL, MUTED, rx, y + w->font[F_BODY].skip, rw, legend);
        }
        int cy = y + w->font[F_BODY].skip + w->font[F_SMALL].skip + S(w, 4);
        const char *ids[CP_ENDING_MAX_CRIT], *names[CP_ENDING_MAX_CRIT];
        for (size_t j = 0; j < rep.ncrit; j++) {
            ids[j] = rep.crit[j].id;
            names[j] = rep.crit[j].name ? rep.crit[j].name : cp_ui_criterion_name(w->ui, rep.crit[j].id);
        }
        end_chart(w, ss, rx, cy, rw, bottom - cy, ids, names, rep.ncrit, nt);
    }
    /* buttons */
    int by = R.y + R.h - S(w, 54);
    int sel = cp_ui_end_sel(w->ui);
    SDL_Rect b1 = button(w, R.x, by, "再练一次", sel == 0, sel == 0, CP_UI_ACT_RETRY, 0);
    SDL_Rect b2 = button(w, b1.x + b1.w + S(w, 16), by, "换一个情景", sel == 1, sel == 1, CP_UI_ACT_OTHER, 0);
    SDL_Rect b3 = button(w, b2.x + b2.w + S(w, 16), by, "退出", sel == 2, sel == 2, CP_UI_ACT_QUIT, 0);
    if (cp_ui_records(w->ui)) {
        const char *pl = "学习进度 F3";
        int pw = wt_width(w, F_BODY, pl, strlen(pl)) + S(w, 40);
        if (b3.x + b3.w + S(w, 16) + pw <= R.x + R.w)
            button(w, R.x + R.w - pw, by, pl, false, false, CP_UI_ACT_PROGRESS, 0);
    }
    footer(w, cp_ui_records(w->ui) ? "←→ 选择　Enter 确定　F3 学习进度　Esc 菜单" : "←→ 选择　Enter 确定　Esc 菜单");
}

static void start_screen(win *w)
{
    topbar(w, "社保窗口服务对练", "倾听—理解—回应 · 共情 · 一次性告知 · 依规表达");
    int cw = w->W - 2 * S(w, 40);
    if (cw > S(w, 1200))
        cw = S(w, 1200);
    int x = (w->W - cw) / 2, y = S(w, 56) + S(w, 24);
    cp_ui_focus focus = cp_ui_focus_now(w->ui);
    bool menu = cp_ui_menu_open(w->ui);
    /* F10: the chosen scenario's brief over the whole screen (no name, mode or list) */
    bool full = cp_ui_brief_shown(w->ui);
    if (!full) {
        const char *modes[2] = { "练习模式：有提示和参考选项", "考核模式：不给提示" };
        if (cp_ui_records(w->ui)) {
            modes[0] = "练习：提示（扣分）、重答、进度";
            modes[1] = "考核：考官口令，限时作答";
        }
        /* name, and the mode on the same row when it fits (room for the case brief below): with
         * the modes' short names when their long ones do not fit */
        wt_draws(w, F_BODY, INK, x, y + S(w, 10), "学员姓名");
        int lx = x + S(w, 130), namew = S(w, 300);
        int mlw = wt_width(w, F_BODY, "模式", strlen("模式")) + S(w, 16);
        bool one_row = false;
        for (int pass = 0; pass < 2 && !one_row; pass++) {
            if (pass == 1) {
                modes[0] = "练习模式";
                modes[1] = "考核模式";
            }
            int modes_w = S(w, 12);
            for (int i = 0; i < 2; i++)
                modes_w += wt_width(w, F_BODY, modes[i], strlen(modes[i])) + S(w, 36) + S(w, 12);
            one_row = lx + namew + S(w, 32) + mlw + modes_w <= x + cw;
        }
        SDL_Rect nr = { lx, y, one_row ? namew : S(w, 360), w->font[F_BODY].skip + S(w, 16) };
        edit_box(w, nr, cp_ui_name(w->ui), "请输入姓名（可不填）", F_BODY, focus == CP_UI_FOCUS_NAME && !menu);
        hit(w, nr, CP_UI_ACT_FOCUS, CP_UI_FOCUS_NAME);
        if (one_row) {
            lx = nr.x + nr.w + S(w, 32) + mlw;
            wt_draws(w, F_BODY, INK, lx - mlw, y + S(w, 10), "模式");
        } else {
            y += nr.h + S(w, 20);
            wt_draws(w, F_BODY, INK, x, y + S(w, 10), "模式");
        }
        if (focus == CP_UI_FOCUS_MODE && !menu) {
            int all = 0;
            for (int i = 0; i < 2; i++)
                all += wt_width(w, F_BODY, modes[i], strlen(modes[i])) + S(w, 36) + S(w, 12);
            wd_round(w, (SDL_Rect){ lx - S(w, 5), y - S(w, 5), all - S(w, 12) + S(w, 10), S(w, 58) },
                     S(w, 14), (SDL_Color){ 0x9C, 0xC8, 0xC9, 255 });
        }
        int mx = lx;
        for (int i = 0; i < 2; i++) {
            bool on = cp_ui_mode(w->ui) == i;
            int tw = wt_width(w, F_BODY, modes[i], strlen(modes[i])) + S(w, 36);
            SDL_Rect r = { mx, y, tw, S(w, 48) };
            wd_round_border(w, r, S(w, 10), S(w, 2), on ? ACCENT : BORDER, on ? ACCENT_BG : PANEL);
            text_mid(w, F_BODY, on ? ACCENT : MUTED, r.x + S(w, 18), r.y, r.h, modes[i]);
            hit(w, r, CP_UI_ACT_MODE, i);
            mx += tw + S(w, 12);
        }
        y += S(w, 48) + S(w, 22);
    }
    /* the scenarios (left) and the chosen one's summary and case brief (right) */
    int bottom = w->H - S(w, 40) - S(w, 96);
    size_t n = cp_ui_nlistings(w->ui);
    int sel = cp_ui_selected(w->ui);
    int gapc = S(w, 20), listw = cw * 40 / 100, dx = x + listw + gapc, dw = cw - listw - gapc;
    if (!full) {
        wt_draws(w, F_BODY, INK, x, y, "选择情景");
        y += w->font[F_BODY].skip + S(w, 4);
    }
    if (!n)
        wt_draws(w, F_BODY, MUTED, x, y, "（没有找到情景文件：scenarios/*.lua）");
    int ih = w->font[F_BODY].skip + w->font[F_SMALL].skip + S(w, 14);
    int fits = (bottom - y) / (ih + S(w, 8));
    if (fits < 1)
        fits = 1;
    size_t first = sel >= fits ? (size_t)(sel - fits + 1) : 0;
    if (first > 0 && !full)
        wt_draws(w, F_SMALL, ACCENT, x + listw - S(w, 120), y - w->font[F_BODY].skip, "↑ 上面还有");
    int ly = y;
    for (size_t i = first; i < n && !full; i++) {
        const cp_ui_listing *l = cp_ui_listing_at(w->ui, i);
        if (ly + ih > bottom) {
            wt_draws(w, F_SMALL, ACCENT, x + listw - S(w, 120), ly, "↓ 下面还有");
            break;
        }
        bool on = (int)i == sel;
        SDL_Rect r = { x, ly, listw, ih };
        wd_round_border(w, r, S(w, 12), S(w, on ? 3 : 1), on ? ACCENT : BORDER,
                        on ? (SDL_Color){ 0xF4, 0xFA, 0xF9, 255 } : PANEL);
        draw_fit(w, F_BODY, on ? ACCENT : INK, r.x + S(w, 16), r.y + S(w, 6), r.w - S(w, 32), l->title);
        char diff[64];
        snprintf(diff, sizeof diff, "难度 %s", l->difficulty == 1 ? "★☆☆ 入门" : l->difficulty == 2 ? "★★☆ 中等"
                                              : l->difficulty == 3 ? "★★★ 较难" : "未标");
        wt_draws(w, F_SMALL, MUTED, r.x + S(w, 16), r.y + S(w, 8) + w->font[F_BODY].skip, diff);
        hit(w, r, CP_UI_ACT_SELECT, (int)i);
        ly += ih + S(w, 8);
    }
    const cp_ui_listing *cur = n ? cp_ui_listing_at(w->ui, (size_t)sel) : NULL;
    if (cur && cp_ui_brief_shown(w->ui)) {   /* F10: the brief over the list, full width */
        dx = x;
        dw = cw;
    }
    if (cur) {
        SDL_Rect dr = { dx, y, dw, bottom - y - S(w, 8) };
        wd_round_border(w, dr, S(w, 14), S(w, 1), BORDER, PANEL);
        int px = dr.x + S(w, 20), pw = dr.w - S(w, 40), py = dr.y + S(w, 12);
        int pb = dr.y + dr.h - S(w, 10);
        SDL_Rect clip = { dr.x + 2, dr.y + 2, dr.w - 4, dr.h - 4 };
        SDL_RenderSetClipRect(w->r, &clip);
        draw_fit(w, F_LARGE, INK, px, py, pw, cur->title);
        py += w->font[F_LARGE].skip + S(w, 2);
        if (cur->summary && cur->summary[0] && !full) {
            /* the summary whole, unless then the brief would not fit */
            int bh = cur->brief ? brief_text(w, F_SMALL, px, 0, pw, 1 << 30, cur->brief, false) : 0;
            int rest = pb - py - S(w, 18) - w->font[F_BODY].skip - bh;
            int sh = para_max(w, F_SMALL, MUTED, px, py, pw, cur->summary, 0, false);
            int ml = sh <= rest ? 0 : 2;
            py += para_max(w, F_SMALL, MUTED, px, py, pw, cur->summary, ml, true) + S(w, 10);
        }
        wd_rect(w, (SDL_Rect){ px, py, pw, S(w, 1) }, BORDER);
        py += S(w, 8);
        wt_draws(w, F_BODY, ACCENT, px, py, "案情卡");
        int ky = py + S(w, 4);
        py += w->font[F_BODY].skip + S(w, 2);
        bool whole = true;
        if (cur->brief)
            whole = brief_cols(w, F_SMALL, px, py, pw, pb, cur->brief);
        else
            wt_paragraph(w, F_SMALL, MUTED, px, py, pw, "这个情景没有案情卡。");
        const char *k = full ? (whole ? "F10 回到情景列表" : "F10 回到情景列表（窗口放大可看全）")
                        : whole ? "练习中按 F10 随时查看" : "F10 展开看全";
        int kw = wt_width(w, F_SMALL, k, strlen(k));
        wt_draws(w, F_SMALL, whole ? MUTED : ACCENT, px + pw - kw, ky, k);
        SDL_RenderSetClipRect(w->r, NULL);
    }
    const char *offer = cp_ui_resume_offer(w->ui);
    const char *ticket = cp_ui_exam_ticket_offer(w->ui);
    const char *m = cp_ui_message(w->ui);
    if (ticket && !(m && m[0])) {   /* an exam an assessor assigned: before any practice offer */
        int th = 2 * w->font[F_BODY].skip + S(w, 20);
        SDL_Rect tr = { x, w->H - S(w, 40) - S(w, 150) - w->font[F_BODY].skip, cw, th };
        wd_round(w, tr, S(w, 10), ACCENT_BG);
        wt_paragraph(w, F_BODY, ACCENT, tr.x + S(w, 16), tr.y + S(w, 10), tr.w - S(w, 32), ticket);
    } else if (offer && !(m && m[0])) {
        int oh = w->font[F_BODY].skip + S(w, 20);
        SDL_Rect orr = { x, w->H - S(w, 40) - S(w, 150), cw, oh };
        wd_round(w, orr, S(w, 10), ACCENT_BG);
        text_mid(w, F_BODY, ACCENT, orr.x + S(w, 16), orr.y, orr.h, offer);
    }
    message(w, x, w->H - S(w, 40) - S(w, 150), cw);
    int by = w->H - S(w, 40) - S(w, 74);
    bool exam_next = cp_ui_records(w->ui) && cp_ui_mode(w->ui) == 1;
    SDL_Rect sb = button(w, x, by, exam_next ? (ticket ? "开始考核 ⏎" : "选择考核 ⏎") : "开始对练 ⏎", true, focus == CP_UI_FOCUS_GO,
                         CP_UI_ACT_START, 0);
    if (cp_ui_records(w->ui)) {
        SDL_Rect pb = button(w, sb.x + sb.w + S(w, 16), by, "学习进度 F3", false, false, CP_UI_ACT_PROGRESS, 0);
        if (offer)
            button(w, pb.x + pb.w + S(w, 16), by, "继续上次练习 F2", false, false, CP_UI_ACT_RESUME, 0);
        footer(w, offer ? "Tab 切换　↑↓ 选择情景　Enter 开始　F10 案情卡　F2 继续上次练习　F3 学习进度　Esc 菜单"
                        : "Tab 切换　↑↓ 选择情景　Enter 开始　F10 案情卡　F3 学习进度　Esc 菜单　F11 全屏");
    } else {
        footer(w, "Tab 切换　↑↓ 选择情景　Enter 开始　F10 案情卡　Esc 菜单　F11 全屏");
    }
}

/* ---- Records modes: progress, exam choice and passphrase, exam result ------------------ */

/* Colour of a met rate (0..1). */
static SDL_Color rate_colour(double r)
{
    return r >= 0.75 ? GREEN : r >= 0.45 ? AMBER : RED;
}

/* A line from (x0,y0) to (x1,y1) about t pixels thick. */
static void thick_line(win *w, int x0, int y0, int x1, int y1, int t, SDL_Color c)
{
    SDL_SetRenderDrawColor(w->r, c.r, c.g, c.b, c.a);
    for (int d = -(t / 2); d <= t / 2; d++) {
        SDL_RenderDrawLine(w->r, x0, y0 + d, x1, y1 + d);
        SDL_RenderDrawLine(w->r, x0 + d, y0, x1 + d, y1);
    }
}

/* Draws s cut with an ellipsis to at most wd pixels. */
static void draw_cut(win *w, int f, SDL_Color c, int x, int y, int wd, const char *s)
{
    size_t len = strlen(s);
    if (wt_width(w, f, s, len) <= wd) {
        wt_draw(w, f, c, x, y, s, len);
        return;
    }
    int ew = wt_width(w, f, "…", strlen("…"));
    while (len > 0 && wt_width(w, f, s, len) + ew > wd)
        len = cp_utf8_prev(s, len);
    int dx = wt_draw(w, f, c, x, y, s, len);
    wt_draws(w, f, c, x + dx, y, "…");
}

/* The progress view: the recommendation on top, then one row per criterion with its met rate
 * per session as a line (oldest left), its recent and overall rates. */
static void progress_screen(win *w)
{
    const cp_progress *p = cp_ui_progress(w->ui);
    size_t nc = p ? cp_progress_ncriteria(p) : 0, ns = p ? cp_progress_nsessions(p) : 0;
    char right[192];
    /* the scorer's version: results graded by other weights are named in history and exports */
    snprintf(right, sizeof right, "学员 %s · 共 %zu 次练习 · 评分模型 %s", cp_ui_name(w->ui)->text, ns,
             cp_scorer_version(w->scorer));
    topbar(w, "学习进度", right);
    int m = S(w, 24), x = m, wd = w->W - 2 * m, y = S(w, 56) + S(w, 16);
    /* recommendation */
    const char *rec = cp_ui_recommend_text(w->ui);
    int rh = w->font[F_LARGE].skip + S(w, 84);
    SDL_Rect rr = { x, y, wd, rh };
    wd_round_border(w, rr, S(w, 14), S(w, 2), ACCENT, ACCENT_BG);
    draw_cut(w, F_LARGE, ACCENT, rr.x + S(w, 20), rr.y + S(w, 12), rr.w - S(w, 40),
             rec && rec[0] ? rec : "还没有可推荐的练习。");
    int by = rr.y + S(w, 18) + w->font[F_LARGE].skip;
    SDL_Rect b1 = { rr.x + S(w, 20), by, 0, 0 };
    if (cp_ui_recommend_listing(w->ui) >= 0)
        b1 = button(w, rr.x + S(w, 20), by, "开始这个练习 ⏎", true, true, CP_UI_ACT_RECOMMENDED, 0);
    button(w, b1.x + b1.w + (b1.w ? S(w, 16) : 0), by, "返回首页", false, false, CP_UI_ACT_OTHER, 0);
    y += rh + S(w, 16);
    message(w, x, y, wd);
    const char *msg = cp_ui_message(w->ui);
    if (msg && msg[0])
        y += wt_paragraph_h(w, F_BODY, wd - S(w, 32), msg) + S(w, 30);
    /* the chart */
    int bottom = w->H - S(w, 40) - S(w, 16);
    SDL_Rect panel = { x, y, wd, bottom - y };
    wd_round_border(w, panel, S(w, 14), S(w, 1), BORDER, PANEL);
    int px = panel.x + S(w, 20), pw = panel.w - S(w, 40);
    int py = panel.y + S(w, 12);
    wt_draws(w, F_BODY, INK, px, py, "各项要求每次练习的达标率（这项要求在这次练习里达成的轮数 ÷ 考到的轮数）");
    py += w->font[F_BODY].skip + S(w, 6);
    if (!nc || !ns) {
        wt_draws(w, F_BODY, MUTED, px, py, "还没有练习记录：练完一个情景后，这里会显示每项要求的变化。");
        footer(w, "Enter 开始建议的练习　Backspace 返回　Esc 菜单");
        return;
    }
    int labw = pw * 28 / 100, numw = S(w, 190);
    int chartw = pw - labw - numw - S(w, 24);
    int headh = w->font[F_SMALL].skip;
    wt_draws(w, F_SMALL, MUTED, px, py, "要求");
    draw_fit(w, F_SMALL, MUTED, px + labw, py, chartw, "每行：上沿 100%，下沿 0%；一个点一次练习");
    wt_draws(w, F_SMALL, MUTED, px + pw - numw, py, "近5次　全部");
    py += headh + S(w, 4);
    int axis_h = 2 * w->font[F_SMALL].skip + S(w, 4);   /* the x axis: which practice, which day */
    int avail = panel.y + panel.h - S(w, 12) - axis_h - py;
    int rowh = avail / (int)nc;
    if (rowh > S(w, 46))
        rowh = S(w, 46);
    int f = rowh >= w->font[F_BODY].skip ? F_BODY : F_SMALL;
    for (size_t i = 0; i < nc; i++) {
        int ry = py + (int)i * rowh;
        if (ry + rowh > panel.y + panel.h)
            break;
        if (i % 2 == 0)
            wd_rect(w, (SDL_Rect){ px - S(w, 8), ry, pw + S(w, 16), rowh }, (SDL_Color){ 0xF3, 0xF6, 0xF6, 255 });
        const char *id = cp_progress_criterion(p, i);
        int ty = ry + (rowh - w->font[f].height) / 2;
        draw_cut(w, f, INK, px, ty, labw - S(w, 12), cp_ui_criterion_name(w->ui, id));
        /* the sparkline: y = met/total of each session where the criterion counted */
        int cx0 = px + labw, top = ry + S(w, 9), h = rowh - S(w, 18);
        if (h < S(w, 6))
            h = S(w, 6);
        /* the band from 0% (bottom edge) to 100% (top edge) */
        wd_rect(w, (SDL_Rect){ cx0, top, chartw, h }, (SDL_Color){ 0xE6, 0xEC, 0xEB, 255 });
        wd_rect(w, (SDL_Rect){ cx0, top + h, chartw, 1 }, FAINT);
        int lx = -1, ly = -1;
        for (size_t j = 0; j < ns; j++) {
            int met = 0, total = 0;
            cp_progress_cell(p, i, j, &met, &total);
            if (!total)
                continue;
            double r = (double)met / total;
            int sx = ns > 1 ? cx0 + S(w, 6) + (int)((chartw - S(w, 12)) * (double)j / (double)(ns - 1))
                            : cx0 + chartw / 2;
            int sy = top + (int)((1 - r) * h);
            if (lx >= 0)
                thick_line(w, lx, ly, sx, sy, S(w, 2) > 1 ? S(w, 2) : 1, ACCENT);
            lx = sx;
            ly = sy;
        }
        for (size_t j = 0; j < ns; j++) {
            int met = 0, total = 0;
            cp_progress_cell(p, i, j, &met, &total);
            if (!total)
                continue;
            double r = (double)met / total;
            int sx = ns > 1 ? cx0 + S(w, 6) + (int)((chartw - S(w, 12)) * (double)j / (double)(ns - 1))
                            : cx0 + chartw / 2;
            wd_disc(w, sx, top + (int)((1 - r) * h), S(w, 5), rate_colour(r));
        }
        /* rates */
        char num[64];
        int tot = 0;
        double recent = cp_progress_rate(p, i, CP_PROGRESS_RECENT, &tot);
        double all = cp_progress_rate(p, i, 0, NULL);
        int nx = px + pw - numw;
        if (recent >= 0) {
            snprintf(num, sizeof num, "%d%%", (int)(recent * 100 + 0.5));
            wt_draws(w, f, rate_colour(recent), nx, ty, num);
        } else {
            wt_draws(w, f, FAINT, nx, ty, "—");
        }
        if (all >= 0) {
            snprintf(num, sizeof num, "%d%%", (int)(all * 100 + 0.5));
            wt_draws(w, f, MUTED, nx + numw / 2, ty, num);
        }
    }
    /* the x axis: each practice by its number and day, oldest left */
    {
        int rows = (int)nc * rowh;
        if (py + rows > panel.y + panel.h - axis_h)
            rows = (panel.y + panel.h - axis_h - py) / rowh * rowh;
        int ay = py + rows + S(w, 2), cx0 = px + labw;
        wd_rect(w, (SDL_Rect){ cx0, ay, chartw, 1 }, FAINT);
        draw_fit(w, F_SMALL, MUTED, px, ay + S(w, 2), labw - S(w, 12), "第几次练习（左旧右新）");
        int lw = wt_width(w, F_SMALL, "第00次", strlen("第00次")) + S(w, 8);
        double step = ns > 1 ? (double)(chartw - S(w, 12)) / (double)(ns - 1) : chartw;
        size_t every = step >= lw ? 1 : (size_t)(lw / (step > 1 ? step : 1)) + 1;
        for (size_t j = 0; j < ns; j++) {
            if (j % every && j + 1 != ns)
                continue;
            int sx = ns > 1 ? cx0 + S(w, 6) + (int)((chartw - S(w, 12)) * (double)j / (double)(ns - 1))
                            : cx0 + chartw / 2;
            char num[32], day[16];
            snprintf(num, sizeof num, "第%zu次", j + 1);
            cp_ui_progress_date(w->ui, j, day);
            int nw = wt_width(w, F_SMALL, num, strlen(num)), dw = wt_width(w, F_SMALL, day, strlen(day));
            int nx = sx - nw / 2, dx = sx - dw / 2;
            if (nx + nw > cx0 + chartw)
                nx = cx0 + chartw - nw;
            if (dx + dw > cx0 + chartw)
                dx = cx0 + chartw - dw;
            wd_rect(w, (SDL_Rect){ sx, ay - S(w, 4), 1, S(w, 6) }, FAINT);
            wt_draws(w, F_SMALL, MUTED, nx < cx0 ? cx0 : nx, ay + S(w, 2), num);
            wt_draws(w, F_SMALL, FAINT, dx < cx0 ? cx0 : dx, ay + S(w, 2) + w->font[F_SMALL].skip, day);
        }
    }
    footer(w, "Enter 开始建议的练习　Backspace 返回　Esc 菜单");
}

/* The exam screen: choose an exam, the assessor types the passphrase (shown as ●). */
static void exam_screen(win *w)
{
    char right[160];
    snprintf(right, sizeof right, "学员 %s", cp_ui_name(w->ui)->text);
    topbar(w, "考核：考官解锁", right);
    int cw = w->W - 2 * S(w, 40);
    if (cw > S(w, 1000))
        cw = S(w, 1000);
    int x = (w->W - cw) / 2, y = S(w, 56) + S(w, 20);
    const char *intro = "请考官选择考核，填写姓名（记入考核记录）并输入口令解锁，然后由学员作答。考核中没有提示、参考选项和示范回答；"
                        "每轮限时，时间到按输入框中的内容自动提交；成绩保存后不能在本机修改。";
    y += wt_paragraph(w, F_BODY, MUTED, x, y, cw, intro) + S(w, 14);
    size_t n = cp_ui_nexams(w->ui);
    int sel = cp_ui_exam_selected(w->ui);
    int bottom = w->H - S(w, 40) - S(w, 230) - w->font[F_BODY].skip - S(w, 28);
    for (size_t i = 0; i < n; i++) {
        const cp_exam *ex = cp_ui_exam_at(w->ui, i);
        int h = w->font[F_LARGE].skip + w->font[F_SMALL].skip + S(w, 20);
        if (y + h > bottom)
            break;
        bool on = (int)i == sel;
        SDL_Rect r = { x, y, cw, h };
        wd_round_border(w, r, S(w, 12), S(w, on ? 3 : 1), on ? ACCENT : BORDER,
                        on ? (SDL_Color){ 0xF4, 0xFA, 0xF9, 255 } : PANEL);
        draw_cut(w, F_LARGE, on ? ACCENT : INK, r.x + S(w, 20), r.y + S(w, 8), r.w - S(w, 40), ex->title);
        char info[256];
        if (ex->time_limit > 0)
            snprintf(info, sizeof info, "%zu 个情景 · 每轮限时 %d 秒 · 及格线 %.0f%% · 作答中%s反馈",
                     ex->scenarios.n, ex->time_limit, ex->pass_mark, ex->feedback ? "显示" : "不显示");
        else
            snprintf(info, sizeof info, "%zu 个情景 · 不限时 · 及格线 %.0f%% · 作答中%s反馈",
                     ex->scenarios.n, ex->pass_mark, ex->feedback ? "显示" : "不显示");
        wt_draws(w, F_SMALL, MUTED, r.x + S(w, 20), r.y + S(w, 10) + w->font[F_LARGE].skip, info);
        hit(w, r, CP_UI_ACT_EXAM_SELECT, (int)i);
        y += h + S(w, 10);
    }
    /* unlocked, and the trainee has an unfinished run of this exam: continue it or begin anew */
    const char *offer = cp_ui_exam_resume_offer(w->ui);
    if (offer) {
        y = bottom + S(w, 10);
        y += wt_paragraph(w, F_BODY, INK, x, y, cw, offer) + S(w, 12);
        message(w, x, y, cw);
        int oy = w->H - S(w, 40) - S(w, 74), osel = cp_ui_exam_resume_sel(w->ui);
        SDL_Rect ob = button(w, x, oy, "继续未完成的考核 ⏎", true, osel == 0, CP_UI_ACT_EXAM_RESUME, 0);
        button(w, ob.x + ob.w + S(w, 16), oy, "开始新的考核", false, osel == 1, CP_UI_ACT_EXAM_RESUME, 1);
        footer(w, "←→ 选择　Enter 确认　Esc 菜单");
        return;
    }
    /* the assessor's name (recorded with the run), then the passphrase */
    y = bottom + S(w, 10);
    bool on_name = cp_ui_exam_name_focused(w->ui), live = !cp_ui_menu_open(w->ui);
    wt_draws(w, F_BODY, INK, x, y + S(w, 10), "考官姓名");
    SDL_Rect ar = { x + S(w, 130), y, S(w, 420), w->font[F_BODY].skip + S(w, 16) };
    edit_box(w, ar, cp_ui_exam_assessor(w->ui), "记入考核记录", F_BODY, live && on_name);
    hit(w, ar, CP_UI_ACT_FOCUS, CP_UI_FOCUS_NAME);
    y += ar.h + S(w, 12);
    wt_draws(w, F_BODY, INK, x, y + S(w, 10), "考官口令");
    const cp_ui_edit *pe = cp_ui_passphrase(w->ui);
    size_t cps = 0, caret_cps = 0;
    for (size_t i = 0; pe->text && i < pe->len; i = cp_utf8_next(pe->text, pe->len, i)) {
        if (i < pe->caret)
            caret_cps++;
        cps++;
    }
    char masked[1024] = "";
    size_t ml = 0;
    for (size_t i = 0; i < cps && ml + 4 < sizeof masked; i++)
        ml += (size_t)snprintf(masked + ml, sizeof masked - ml, "●");
    char empty[1] = "";
    cp_ui_edit shown = { .text = masked, .len = ml, .cap = sizeof masked,
                         .caret = caret_cps * strlen("●") <= ml ? caret_cps * strlen("●") : ml,
                         .compose = empty };
    SDL_Rect nr = { x + S(w, 130), y, S(w, 420), w->font[F_BODY].skip + S(w, 16) };
    edit_box(w, nr, &shown, "输入口令后按 Enter", F_BODY, live && !on_name);
    hit(w, nr, CP_UI_ACT_FOCUS, CP_UI_FOCUS_LIST);
    y += nr.h + S(w, 16);
    message(w, x, y, cw);
    int by = w->H - S(w, 40) - S(w, 74);
    SDL_Rect b = button(w, x, by, "解锁并开始考核 ⏎", true, true, CP_UI_ACT_UNLOCK, 0);
    button(w, b.x + b.w + S(w, 16), by, "返回", false, false, CP_UI_ACT_OTHER, 0);
    footer(w, "↑↓ 选择考核　Tab 切换姓名/口令　输入口令后 Enter 开始　Esc 菜单");
}

/* The result of an exam run: the weighted percent, pass or fail, each criterion. Read-only. */
static void result_screen(win *w)
{
    const cp_exam_result *r = cp_ui_exam_result(w->ui);
    char right[160];
    snprintf(right, sizeof right, "学员 %s", cp_ui_name(w->ui)->text);
    topbar(w, r ? r->title : "考核结果", right);
    int cw = w->W - 2 * S(w, 32);
    if (cw > S(w, 1200))
        cw = S(w, 1200);
    int x = (w->W - cw) / 2, y = S(w, 56) + S(w, 14);
    char buf[512];
    if (r) {
        SDL_Color c = r->passed ? GREEN : RED;
        snprintf(buf, sizeof buf, "%.1f%%", r->percent);
        int pw = wt_draws(w, F_HUGE, c, x, y, buf);
        const char *verdict = r->passed ? "通过" : "未通过";
        int vw = wt_width(w, F_LARGE, verdict, strlen(verdict)) + S(w, 32);
        SDL_Rect vr = { x + pw + S(w, 24), y + (w->font[F_HUGE].skip - S(w, 44)) / 2, vw, S(w, 44) };
        wd_round(w, vr, S(w, 22), c);
        text_mid(w, F_LARGE, WHITE, vr.x + S(w, 16), vr.y, vr.h, verdict);
        /* why: the score against the mark, the worst ending against the exam's minimum rating */
        char why[512];
        int n = snprintf(why, sizeof why, "加权得分 %.1f%% %s 及格线 %.0f%%", r->percent,
                         r->percent >= r->pass_mark ? "≥" : "<", r->pass_mark);
        if (r->min_rating > 0 && n > 0 && (size_t)n < sizeof why)
            n += snprintf(why + n, sizeof why - (size_t)n, "；最低结局评价 %d/5 %s 要求 %d/5",
                          r->worst_rating, r->outcome_ok ? "≥" : "<", r->min_rating);
        if (!r->complete && n > 0 && (size_t)n < sizeof why)
            snprintf(why + n, sizeof why - (size_t)n, "；考核未完成（未答部分不得分）");
        int tx = vr.x + vr.w + S(w, 20);
        wt_paragraph(w, F_BODY, r->passed ? MUTED : RED, tx, y + S(w, 4), x + cw - tx, why);
        y += w->font[F_HUGE].skip + S(w, 6);
        /* who assessed it, when (local time) and how long it took */
        const char *when = cp_ui_result_when(w->ui), *dur = cp_ui_result_duration(w->ui);
        char tz[32];
        cp_tz_label(tz, sizeof tz);
        n = snprintf(buf, sizeof buf, "考官 %s　日期 %s（%s）　用时 %s", r->by[0] ? r->by : "（未记录）",
                     when[0] ? when : "—", tz, dur[0] ? dur : "—");
        if (r->overrides && n > 0 && (size_t)n < sizeof buf)
            n += snprintf(buf + n, sizeof buf - (size_t)n, "　含考官复核 %d 处", r->overrides);
        if (r->resumes && n > 0 && (size_t)n < sizeof buf)
            snprintf(buf + n, sizeof buf - (size_t)n, "　中断后续考 %d 次", r->resumes);
        y += wt_paragraph(w, F_BODY, INK, x, y, cw, buf) + S(w, 8);
    }
    message(w, x, y, cw);
    const char *msg = cp_ui_message(w->ui);
    if (msg && msg[0])
        y += wt_paragraph_h(w, F_BODY, cw - S(w, 32), msg) + S(w, 30);
    int bottom = w->H - S(w, 40) - S(w, 76);
    /* the scenarios: outcome, rating, score, replies the timer submitted */
    size_t np = cp_ui_result_nparts(w->ui);
    if (np) {
        int f = F_BODY, sk = w->font[f].skip;
        int c1 = cw * 30 / 100, c2 = cw * 22 / 100, c3 = cw * 16 / 100, c4 = cw * 12 / 100;
        int hx[5] = { x + S(w, 12), x + S(w, 12) + c1, x + S(w, 12) + c1 + c2,
                      x + S(w, 12) + c1 + c2 + c3, x + S(w, 12) + c1 + c2 + c3 + c4 };
        int lastw = x + cw - hx[4] - S(w, 12);
        static const char *const head[5] = { "情景", "结局", "好差评", "得分", "超时自动提交" };
        wd_rect(w, (SDL_Rect){ x, y, cw, w->font[F_SMALL].skip + S(w, 8) }, GREY_BG);
        for (int k = 0; k < 5; k++)
            wt_draws(w, F_SMALL, MUTED, hx[k], y + S(w, 4), head[k]);
        y += w->font[F_SMALL].skip + S(w, 8);
        for (size_t i = 0; i < np; i++) {
            const cp_ui_part_result *p = cp_ui_result_part(w->ui, i);
            char t[300], rt[64], sc[64], to[256];
            snprintf(t, sizeof t, "%zu. %s", i + 1, p->title);
            snprintf(rt, sizeof rt, "%s", p->rating ? "" : "未结束");
            snprintf(sc, sizeof sc, "%.1f / %.1f", p->score, p->max);
            if (!p->timed_out)
                snprintf(to, sizeof to, "无");
            else {
                int m = snprintf(to, sizeof to, "%d 条（第", p->timed_out);
                for (int k = 0; k < p->timed_out && k < CP_UI_MAX_TIMED && m > 0 && (size_t)m < sizeof to - 16; k++)
                    m += snprintf(to + m, sizeof to - (size_t)m, "%s%d", k ? "、" : " ", p->timed_seq[k]);
                if (m > 0 && (size_t)m < sizeof to)
                    snprintf(to + m, sizeof to - (size_t)m, " 轮）");
            }
            int rh = wt_paragraph_h(w, f, c1 - S(w, 12), t);
            int h2 = wt_paragraph_h(w, f, c2 - S(w, 12), p->ending[0] ? p->ending : "未结束");
            int h5 = wt_paragraph_h(w, F_SMALL, lastw, to);
            if (h2 > rh) rh = h2;
            if (h5 > rh) rh = h5;
            if (sk > rh) rh = sk;
            rh += S(w, 8);
            if (i % 2)
                wd_rect(w, (SDL_Rect){ x, y, cw, rh }, (SDL_Color){ 0xF3, 0xF6, 0xF6, 255 });
            wt_paragraph(w, f, INK, hx[0], y + S(w, 4), c1 - S(w, 12), t);
            wt_paragraph(w, f, p->rating && r && r->min_rating && p->rating < r->min_rating ? RED : INK,
                         hx[1], y + S(w, 4), c2 - S(w, 12), p->ending[0] ? p->ending : "未结束");
            if (p->rating) {
                snprintf(rt, sizeof rt, "%d/5 %s", p->rating, cp_ui_rating_name(p->rating));
                wt_paragraph(w, f, r && r->min_rating && p->rating < r->min_rating ? RED : INK,
                             hx[2], y + S(w, 4), c3 - S(w, 8), rt);
            } else
                wt_draws(w, f, MUTED, hx[2], y + S(w, 4), rt);
            wt_draws(w, f, INK, hx[3], y + S(w, 4), sc);
            wt_paragraph(w, F_SMALL, p->timed_out ? RED : MUTED, hx[4], y + S(w, 4) + (sk - w->font[F_SMALL].skip) / 2, lastw, to);
            y += rh;
        }
        y += S(w, 10);
    }
    size_t n = cp_ui_result_ncrit(w->ui);
    SDL_Rect panel = { x, y, cw, bottom - y };
    if (panel.h > w->font[F_SMALL].skip * 2) {
        wd_round_border(w, panel, S(w, 14), S(w, 1), BORDER, PANEL);
        SDL_RenderSetClipRect(w->r, &panel);
        int px = panel.x + S(w, 20), pw = panel.w - S(w, 40), py = panel.y + S(w, 8);
        wt_draws(w, F_SMALL, INK, px, py, "各项要求（按考核计分的轮次统计）");
        py += w->font[F_SMALL].skip + S(w, 4);
        /* one column, or two when the rows would be too low for small type */
        int space = panel.y + panel.h - S(w, 8) - py;
        int cols = n && space / (int)n < w->font[F_SMALL].skip ? 2 : 1;
        int per = (int)((n + (size_t)cols - 1) / (size_t)cols);
        int rowh = per ? space / per : 0;
        if (rowh > S(w, 40))
            rowh = S(w, 40);
        int f = rowh >= w->font[F_BODY].skip ? F_BODY : F_SMALL;
        int colw = (pw - (cols - 1) * S(w, 24)) / cols;
        int labw = colw * 38 / 100, numw = wt_width(w, f, "达成 10/10　权重 1.5", strlen("达成 10/10　权重 1.5"));
        if (numw > colw * 34 / 100)
            numw = colw * 34 / 100;
        for (size_t i = 0; i < n; i++) {
            const cp_ui_crit_stat *c = cp_ui_result_crit(w->ui, i);
            int cx = px + (int)(i / (size_t)per) * (colw + S(w, 24));
            int ry = py + (int)(i % (size_t)per) * rowh;
            int ty = ry + (rowh - w->font[f].height) / 2;
            draw_cut(w, f, INK, cx, ty, labw - S(w, 12), cp_ui_criterion_name(w->ui, c->id));
            double fr = c->total ? (double)c->met / c->total : 0;
            int bw = colw - labw - numw - S(w, 16), bh = S(w, 10);
            int bx = cx + labw, byy = ry + (rowh - bh) / 2;
            wd_round(w, (SDL_Rect){ bx, byy, bw, bh }, bh / 2, GREY_BG);
            if (fr > 0)
                wd_round(w, (SDL_Rect){ bx, byy, (int)(bw * fr) > bh ? (int)(bw * fr) : bh, bh }, bh / 2,
                         rate_colour(fr));
            if (c->weight != 1)
                snprintf(buf, sizeof buf, "达成 %d/%d　权重 %g", c->met, c->total, c->weight);
            else
                snprintf(buf, sizeof buf, "达成 %d/%d", c->met, c->total);
            draw_cut(w, f, MUTED, cx + colw - numw, ty, numw, buf);
        }
        if (!n)
            wt_draws(w, F_BODY, MUTED, px, py, "没有计分的回答。");
        SDL_RenderSetClipRect(w->r, NULL);
    }
    int by = w->H - S(w, 40) - S(w, 66);
    SDL_Rect b = button(w, x, by, "返回首页 ⏎", true, true, CP_UI_ACT_OTHER, 0);
    text_mid(w, F_BODY, MUTED, b.x + b.w + S(w, 20), by, S(w, 50), "成绩已保存，不能修改。");
    footer(w, "Enter 返回首页　Esc 菜单");
}

static void menu(win *w)
{
    wd_rect(w, (SDL_Rect){ 0, 0, w->W, w->H }, (SDL_Color){ 0x10, 0x1A, 0x1C, 110 });
    const char *const *items;
    size_t n = cp_ui_menu_items(w->ui, &items);
    int iw = S(w, 360), ih = S(w, 56);
    int h = (int)n * (ih + S(w, 10)) + S(w, 90);
    SDL_Rect r = { (w->W - iw - S(w, 48)) / 2, (w->H - h) / 2, iw + S(w, 48), h };
    wd_round(w, r, S(w, 18), PANEL);
    wt_draws(w, F_TITLE, INK, r.x + S(w, 24), r.y + S(w, 18), "菜单");
    int y = r.y + S(w, 76);
    int sel = cp_ui_menu_sel(w->ui);
    for (size_t i = 0; i < n; i++) {
        SDL_Rect ir = { r.x + S(w, 24), y, iw, ih };
        bool on = (int)i == sel;
        wd_round_border(w, ir, S(w, 10), S(w, 2), on ? ACCENT : BORDER, on ? ACCENT : PANEL);
        text_mid(w, F_BODY, on ? WHITE : INK, ir.x + S(w, 20), ir.y, ir.h, items[i]);
        hit(w, ir, CP_UI_ACT_MENU_ITEM, (int)i);
        y += ih + S(w, 10);
    }
}

/* The load-error panel: which file, which line, what is wrong, and that fixing it reloads. */
static void load_error_panel(win *w, const char *e)
{
    wd_rect(w, (SDL_Rect){ 0, 0, w->W, w->H }, (SDL_Color){ 0x10, 0x1A, 0x1C, 140 });
    int pw = w->W - 2 * S(w, 80);
    if (pw > S(w, 960))
        pw = S(w, 960);
    int pad = S(w, 28), inner = pw - 2 * pad;
    /* "file:line: message": the place on its own line, the message wrapped below it */
    const char *msg = e;
    char place[600] = "";
    const char *c1 = strstr(e, ".lua:");
    if (c1) {
        const char *c2 = strstr(c1 + 5, ": ");
        const char *c3 = strchr(c1 + 5, ':');
        const char *cut = c2 && c3 == c2 ? c2 : c3 ? c3 : NULL; /* after "file:line" or "file" */
        if (cut && (size_t)(cut - e) < sizeof place) {
            memcpy(place, e, (size_t)(cut - e));
            place[cut - e] = 0;
            msg = cut + 1;
            while (*msg == ' ')
                msg++;
        }
    }
    const char *title = "情景文件有错误，未能载入";
    const char *tip = "修改并保存文件后会自动重新载入。Esc 或 Enter 关闭本提示（仍会继续监视文件）。";
    int ph = place[0] ? wt_paragraph_h(w, F_BODY, inner, place) + S(w, 8) : 0;
    int mh = wt_paragraph_h(w, F_LARGE, inner - S(w, 32), msg);
    int th = wt_paragraph_h(w, F_SMALL, inner, tip);
    int h = pad + w->font[F_TITLE].skip + S(w, 8) + ph + mh + S(w, 32) + S(w, 16) + th + S(w, 16) +
            S(w, 50) + pad;
    if (h > w->H - S(w, 40))
        h = w->H - S(w, 40);
    SDL_Rect r = { (w->W - pw) / 2, (w->H - h) / 2, pw, h };
    wd_round(w, r, S(w, 18), PANEL);
    wd_rect(w, (SDL_Rect){ r.x, r.y + S(w, 18), S(w, 8), r.h - S(w, 36) }, RED);
    SDL_Rect clip = { r.x, r.y, r.w, r.h };
    SDL_RenderSetClipRect(w->r, &clip);
    int x = r.x + pad, y = r.y + pad;
    wt_draws(w, F_TITLE, RED, x, y, title);
    y += w->font[F_TITLE].skip + S(w, 8);
    if (place[0])
        y += wt_paragraph(w, F_BODY, MUTED, x, y, inner, place) + S(w, 8);
    wd_round(w, (SDL_Rect){ x, y, inner, mh + S(w, 32) }, S(w, 12), RED_BG);
    wt_paragraph(w, F_LARGE, INK, x + S(w, 16), y + S(w, 16), inner - S(w, 32), msg);
    y += mh + S(w, 32) + S(w, 16);
    y += wt_paragraph(w, F_SMALL, MUTED, x, y, inner, tip) + S(w, 16);
    SDL_RenderSetClipRect(w->r, NULL);
    int by = r.y + r.h - pad - S(w, 50);
    button(w, r.x + r.w - pad - wt_width(w, F_BODY, "关闭 Esc", strlen("关闭 Esc")) - S(w, 40), by,
           "关闭 Esc", true, true, CP_UI_ACT_DISMISS, 0);
}

void ws_draw(win *w)
{
    w->nhits = 0;
    w->brief_rect = (SDL_Rect){ 0, 0, 0, 0 };
    SDL_SetRenderDrawColor(w->r, BG.r, BG.g, BG.b, 255);
    SDL_RenderClear(w->r);
    switch (cp_ui_screen_now(w->ui)) {
    case CP_UI_START: start_screen(w); break;
    case CP_UI_DIALOGUE: dialogue(w); break;
    case CP_UI_FEEDBACK: feedback(w); break;
    case CP_UI_END: end_screen(w); break;
    case CP_UI_PROGRESS: progress_screen(w); break;
    case CP_UI_EXAM: exam_screen(w); break;
    case CP_UI_RESULT: result_screen(w); break;
    }
    if (cp_ui_menu_open(w->ui)) {
        w->nhits = 0; /* only the menu takes clicks */
        menu(w);
    }
    const char *le = cp_ui_load_error(w->ui);
    if (le) {
        w->nhits = 0; /* only the panel takes clicks */
        load_error_panel(w, le);
    }
}
