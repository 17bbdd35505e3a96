/* sdl_internal.h - what the files of the SDL front end share: the window state, fonts and the
 * rendered-text cache, drawing helpers, the portrait, the PNG writer. Private to engine/window/
 * (and the window benchmark); nothing here is part of the public interface (window.h). */
#ifndef CP_SDL_INTERNAL_H
#define CP_SDL_INTERNAL_H

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdbool.h>
#include <stdint.h>

#include "cp_ui.h"
#include "cp_window.h"

/* ---- Fonts and text ---------------------------------------------------------------------- */

enum { F_SMALL, F_BODY, F_LARGE, F_TITLE, F_HUGE, F_COUNT };

typedef struct wt_adv { uint32_t cp; int adv; } wt_adv;

/* One opened size of the UI font, with its code-point advance cache. A bold size is opened
 * when first drawn or measured (no screen before the first reply needs it): until then f is
 * NULL and the metrics are the regular face's at that size (wt_open_fonts). */
typedef struct wt_font {
    TTF_Font *f;
    const char *file;                 /* the face to open when f is NULL (lazy) */
    int index;
    const char *alt_file;             /* ... and the regular face if it will not open */
    int alt_index;
    unsigned *gen;                    /* the window's font_gen, bumped if metrics change */
    int size, ascent, height, skip;   /* pixels */
    wt_adv *adv;                      /* open addressing, cp 0 = empty slot */
    size_t nadv, capadv;
} wt_font;

/* A cached rendering of one string in one font, white, tinted at draw time. */
typedef struct wt_entry {
    struct wt_entry *next;
    uint64_t hash;
    int font;
    char *s;
    size_t len;
    SDL_Texture *tex;
    int w, h;
    unsigned last;                    /* frame it was last drawn in */
} wt_entry;

#define WT_BUCKETS 2048

/* Font files found for the UI (regular and bold; bold may equal regular). */
typedef struct wt_fontfile {
    char regular[1024], bold[1024];
    int regular_index, bold_index;
} wt_fontfile;

/* A clickable region recorded while drawing, turned into a model action on click. */
typedef struct win_hit {
    SDL_Rect r;
    cp_ui_action act;
    int n;
} win_hit;

typedef struct win_stats {
    double first_frame_ms;    /* from cp_window_run entry to the first dialogue frame shown */
    double shown_ms;          /* ... to the first frame of any screen presented */
    double scorer_ready_ms;   /* from win_open to the scorer loaded (on its thread) */
    double scorer_wait_ms;    /* how long win_ready waited for it */
    double first_reply_ms;    /* the first reply: from its Enter to the next frame presented */
    unsigned frames;
    size_t cache_renders;     /* strings rendered into textures (cache misses) */
} win_stats;

/* The scorer being loaded on a worker thread (window.c). */
typedef struct win_loader win_loader;

/* The whole window. */
typedef struct win {
    SDL_Window *w;
    SDL_Renderer *r;
    cp_ui *ui;
    cp_scorer *scorer;
    const cp_window_opts *opts;
    int W, H;                 /* drawable size in pixels */
    double user_scale;        /* --scale (1 when not given) times Ctrl+/- */
    double s;                 /* effective scale: pixels per layout unit */
    wt_fontfile ff;
    wt_font font[F_COUNT];
    unsigned font_gen;        /* bumped when fonts are reopened (layout caches key on it) */
    wt_entry *bucket[WT_BUCKETS];
    size_t nentries;
    unsigned frame;
    SDL_Texture *disc;        /* anti-aliased white disc for round shapes */
    SDL_Texture *portrait;
    char portrait_key[256];
    win_hit hits[128];
    size_t nhits;
    bool caret_on;
    bool fullscreen;
    SDL_Rect caret_rect;      /* where the IME candidate window should sit */
    SDL_Rect last_ime_rect;
    char *reply_cache;        /* reply-box display text of the last frame and its layout */
    cp_ui_lines reply_lines;
    int reply_lines_w;
    unsigned reply_lines_gen;
    win_stats stats;
    struct cp_ui_class *cls;  /* classroom layer (sdl_class.c), NULL outside classroom mode */
    cp_ui_fb *fb;             /* the feedback screen's content, rebuilt each frame it shows */
    SDL_Rect brief_rect;      /* the case brief's side panel in the last frame (w 0: none) */
    bool class_swallow;       /* drop the text event of a key the classroom layer used */
    bool projector;           /* projector theme on (large type, high contrast) */
    /* the text of a screenshot (COUNTERPART_SHOT_TEXT, for tests): every string drawn in the
     * frame with where it went and whether it shows whole ('V') or cut by a clip or the window
     * edge ('P'); strings drawn wholly out of sight are left out */
    bool tlog_on;
    char *tlog;
    size_t tlog_len, tlog_cap;
    win_loader *loader;       /* the scorer still loading (NULL once win_ready took it) */
    uint64_t t0;              /* cp_now_ns() when win_open began */
    char renderer_why[160];   /* the renderer's name and why it was chosen */
    char load_error[1600];    /* why the scorer did not load (win_ready failed) */
} win;

/* Finds the UI font: path (file, or NULL for fontconfig's zh-cn sans). 0, or -1 after printing
 * a clear message to stderr. */
int wt_find_font(const char *path, wt_fontfile *out);
/* (Re)opens every size for scale s; flushes the text cache. 0 or -1 (message printed). */
int wt_open_fonts(win *w);
/* Opens every size of ff for a scale into out[F_COUNT] without a window (the font thread does,
 * while the display opens); the bold ones lazily. 0 or -1 (message printed, nothing open). */
int wt_open_sizes(const wt_fontfile *ff, double scale, wt_font *out);
/* Makes sizes from wt_open_sizes (for w->ff's files) the window's, at that scale; takes them. */
void wt_adopt_fonts(win *w, wt_font *fonts, double scale);
/* Closes sizes from wt_open_sizes that were not adopted. */
void wt_close_sizes(wt_font *fonts);
/* Closes fonts and frees the cache. */
void wt_close(win *w);
/* Advance of code point cp in font f (cached); the cp_ui_measure_fn for a wt_font. */
int wt_measure(void *font, uint32_t cp);
/* Width of s[0..len) in font f. */
int wt_width(win *w, int f, const char *s, size_t len);
/* Draws s[0..len) (single line) at x,y (top-left) in colour c; returns its width. */
int wt_draw(win *w, int f, SDL_Color c, int x, int y, const char *s, size_t len);
/* Same for a NUL-terminated string. */
int wt_draws(win *w, int f, SDL_Color c, int x, int y, const char *s);
/* Drops cache entries not drawn for a while (called once per frame). */
void wt_trim(win *w);
/* Lays out text in width using the entry's cached lines when still valid. */
const cp_ui_lines *wt_layout_entry(win *w, int f, cp_ui_entry *e, int width);
/* Draws wrapped text in a box of width wd from (x,y); returns the height used. */
int wt_paragraph(win *w, int f, SDL_Color c, int x, int y, int wd, const char *s);
/* Height a paragraph would take. */
int wt_paragraph_h(win *w, int f, int wd, const char *s);

/* ---- Drawing ---------------------------------------------------------------------------- */

/* Creates the shared textures (disc). 0 or -1. */
int wd_init(win *w);
void wd_free(win *w);
void wd_rect(win *w, SDL_Rect r, SDL_Color c);
void wd_round(win *w, SDL_Rect r, int radius, SDL_Color c);
/* Rounded rectangle outline of thickness t drawn as two fills (border colour, then inside). */
void wd_round_border(win *w, SDL_Rect r, int radius, int t, SDL_Color border, SDL_Color fill);
void wd_disc(win *w, int cx, int cy, int radius, SDL_Color c);
/* Renders (or reuses) the citizen portrait for this face into w->portrait; draws it at r. */
void wd_portrait(win *w, SDL_Rect r, const cp_ui_face *f, const cp_persona *p);

/* Software portrait rasteriser (also used by tests): fills rgba (w*h*4 bytes, RGBA order). */
void wd_portrait_pixels(uint8_t *rgba, int w, int h, const cp_ui_face *f, const cp_persona *p);

/* ---- Screens ---------------------------------------------------------------------------- */

/* Draws the current screen (no present). Records click regions. The classroom layer draws over
 * it afterwards (wc_draw; window.c's win_draw does both). */
void ws_draw(win *w);
/* Palette of the window's own screens: the projector theme (true) or the default. */
void ws_theme(bool projector);
/* Switches the projector theme (F9, --projector, classroom mode): palette (ws_theme) and 1.5x
 * type; the caller rescales. */
void ws_projector(win *w, bool on);

/* ---- Keys (sdl_keys.c) ------------------------------------------------------------------- */

/* The model key for an SDL key (shift: Shift+Enter is a new line, Shift+Tab goes back); false
 * for keys the model has no name for. Shared by the window and the classroom layer. */
bool win_key_of(SDL_Keycode sym, bool shift, cp_ui_key *key);
/* The keys a --script line "!KEY" presses (with any of the modifiers "ctrl+", "shift+", "alt+"
 * before the name; "!1".."!9" are digits besides): what the script driver accepts and what
 * `play --help` lists (cp_window_script_key). */
typedef struct win_script_key {
    const char *name;
    SDL_Keycode sym;
    const char *what;     /* a word on what it does in the window, NULL when plain */
} win_script_key;
extern const win_script_key win_script_keys[];
extern const size_t win_nscript_keys;
typedef struct win_script_mod {
    const char *name;     /* "ctrl+" */
    Uint16 mod;
} win_script_mod;
extern const win_script_mod win_script_mods[];
extern const size_t win_nscript_mods;

/* ---- Classroom mode (sdl_class.c) ------------------------------------------------------- */

/* wc_key's answer when F9 asks to switch the projector theme (window.c rescales). */
#define WC_PROJECTOR 0x100
/* Creates the classroom layer when o->class_db is set (projector theme on). 0 or -1 (printed). */
int wc_open(win *w, const cp_window_opts *o);
void wc_close(win *w);
/* Draws the keyboard bar or the classroom view over the screen (after ws_draw's own). */
void wc_draw(win *w);
/* Event hooks: -1 when the classroom layer does not take the event, else CP_UI_* flags. */
int wc_key(win *w, const SDL_KeyboardEvent *k);
int wc_text(win *w, const char *s);
/* Whether a classroom view's field takes typing: 1 yes, 0 a view without one, -1 no view. */
int wc_field(win *w);
/* An IME composition for a classroom view's field; -1 when no view is showing. */
int wc_compose(win *w, const char *s, int cursor);
int wc_click(win *w, SDL_Point p);
/* The mouse wheel (dy > 0: away from the user) over a classroom view: scrolls it; -1 when no
 * view is showing. */
int wc_wheel(win *w, int dy);
/* Records what the model did (cp_ui_class_sync); CP_UI_* flags. 0 outside classroom mode. */
int wc_sync(win *w);
/* The room view's news: an SDL event from its thread (a seat's reply committed on the server):
 * the room is read again; -1 when the event is not the room's. */
int wc_event(win *w, const SDL_Event *ev);
/* The room's clock: "how long ago" moves, and on SQLite the room is read again (no server tells
 * of news); CP_UI_* flags. wc_wake: SDL ticks when wc_tick has work next, 0 when none. */
int wc_tick(win *w);
uint32_t wc_wake(win *w);
/* Live refreshes of the room that changed it (the script's !wait-live counts them). */
unsigned wc_room_live(win *w);
/* Screenshot name of the classroom view showing, NULL when none; its change counter. */
const char *wc_screen_name(win *w);
unsigned wc_serial(win *w);

/* ---- PNG -------------------------------------------------------------------------------- */

/* Writes an RGB24 image (stride bytes per row) as a PNG. 0 or -1 (errno set). */
int wp_write_png(const char *path, const uint8_t *rgb, int w, int h, int stride);

/* ---- Window life (window.c; the benchmark uses these) ------------------------------------- */

/* Opens SDL, the window, fonts and the model, and starts loading the scorer (win_ready).
 * 0, CP_WINDOW_NO_DISPLAY or CP_WINDOW_ERROR. */
int win_open(win *w, const cp_window_opts *o);
/* Waits for the scorer that win_open started loading and hands it to the model; after the
 * first present, before any reply is graded. 0, or -1 after printing why it did not load. */
int win_ready(win *w);
/* Closes everything win_open made. */
void win_close(win *w);
/* Draws the whole frame without presenting it: the screen (ws_draw), then the classroom layer. */
void win_draw(win *w);
/* Draws one frame and presents it. */
void win_frame(win *w);

#endif
