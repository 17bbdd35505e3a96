/* window.c - the SDL2 front end's entry point: opens the window, turns SDL events into UI-model
 * keys and actions, redraws only when something changed, and in scripted mode feeds a file's
 * lines as text-input events and saves a PNG of every screen.
 * The root of the window's files: it calls the screens (sdl_screens.c), the classroom layer
 * (sdl_class.c), text, drawing, keys and the PNG writer; none of them calls back into it.
 * Must not: lay out or draw screens (sdl_screens.c) or grade anything itself (the core does). */
#include "sdl_internal.h"
#include "cp_utf8.h"

#include <SDL_syswm.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>

/* ---- Scale and fonts -------------------------------------------------------------------- */

/* The effective scale (pixels per layout unit) for a drawable of W x H pixels in a window of
 * ww x wh points, at the user's scale. */
static double scale_for(int W, int H, int ww, int wh, double user_scale)
{
    double dpi = ww > 0 ? (double)W / ww : 1;
    double fit = (double)ww / 1280 < (double)wh / 800 ? (double)ww / 1280 : (double)wh / 800;
    if (fit < 0.75)
        fit = 0.75;
    double s = dpi * fit * user_scale;
    /* never so large that the layout no longer fits the window */
    double cap = (double)W / 960 < (double)H / 600 ? (double)W / 960 : (double)H / 600;
    if (s > cap)
        s = cap;
    if (s < 0.5)
        s = 0.5;
    return (int)(s * 20 + 0.5) / 20.0;
}

/* Recomputes the effective scale from the drawable size; reopens fonts when it changed. */
static int update_scale(win *w)
{
    int W, H, ww, wh;
    SDL_GetRendererOutputSize(w->r, &W, &H);
    SDL_GetWindowSize(w->w, &ww, &wh);
    w->W = W;
    w->H = H;
    /* the viewport follows the real output size: without a window manager (fullscreen under
     * Xvfb, kiosks) the renderer may miss the size change and keep drawing into the old,
     * offset rectangle */
    SDL_RenderSetViewport(w->r, NULL);
    double s = scale_for(W, H, ww, wh, w->user_scale);
    if (s == w->s && w->font[0].f)
        return 0;
    w->s = s;
    return wt_open_fonts(w);
}

/* ---- The model and the scorer, loaded beside the first frame ------------------------------ */

/* While the main thread opens the display (SDL_Init: X, its input method), one thread asks
 * fontconfig for the font and another makes the model (the start screen's list: every scenario
 * file read), then loads the scorer (rubrics, OpenCC's table, the word dictionary, the learned
 * weights), which the first frame does not need: win_ready joins it after the first present,
 * before any event is handled (so before any reply is graded). Each load has its own Lua state
 * and files; the main thread touches neither until it has joined. */
struct win_loader {
    SDL_Thread *thread;
    SDL_Thread *font_thread;  /* fontconfig's match, beside the model (NULL: on thread) */
    SDL_sem *ui_made;         /* posted once ui is made */
    const char *rubrics_dir, *scenarios_dir;
    bool find_font;           /* fontconfig's choice is wanted (no --font) */
    int font_rc;              /* wt_find_font's answer */
    wt_fontfile ff;
    double pre_scale;         /* the scale the window will most likely have (0: unknown) */
    bool pre_opened;          /* pre_fonts opened at pre_scale */
    wt_font pre_fonts[F_COUNT];
    cp_ui *ui;                /* until win_model takes it */
    cp_scorer *scorer;
    cp_error err;
    uint64_t done_ns;
};

static int find_font(void *p)
{
    win_loader *l = p;
    l->font_rc = wt_find_font(NULL, &l->ff);
    /* and its sizes, at the scale the window will most likely have: the main thread uses no
     * FreeType until it has joined this thread */
    if (l->font_rc == 0 && l->pre_scale > 0)
        l->pre_opened = wt_open_sizes(&l->ff, l->pre_scale, l->pre_fonts) == 0;
    return 0;
}

static int load_model(void *p)
{
    win_loader *l = p;
    if (l->find_font && !l->font_thread)
        find_font(l);
    l->ui = cp_ui_new(NULL, l->scenarios_dir);
    if (l->ui_made)
        SDL_SemPost(l->ui_made);
    cp_error_clear(&l->err);
    l->scorer = cp_scorer_load(l->rubrics_dir, &l->err);
    if (l->scorer && cp_scorer_use_local(l->scorer, &l->err) != 0) {   /* learned weights */
        cp_scorer_free(l->scorer);
        l->scorer = NULL;
    }
    l->done_ns = cp_now_ns();
    return 0;
}

/* Starts the loads: on a thread, or here when no thread can be made. */
static void start_loads(win *w, const cp_window_opts *o)
{
    win_loader *l = cp_xcalloc(1, sizeof *l);
    l->rubrics_dir = o->rubrics_dir ? o->rubrics_dir : "scenarios/rubrics";
    l->scenarios_dir = o->scenarios_dir ? o->scenarios_dir : "scenarios";
    l->find_font = !o->font_path || !*o->font_path;
    /* a 1280x800 window at 1x (the usual case): the fonts can be opened before it exists */
    double user = (o->scale > 0 ? o->scale : 1) * (o->projector || o->class_db ? 1.5 : 1);
    l->pre_scale = o->fullscreen ? 0 : scale_for(1280, 800, 1280, 800, user);
    w->loader = l;
    if (l->find_font)
        l->font_thread = SDL_CreateThread(find_font, "cp-font", l);
    if (l->find_font && !l->font_thread)
        l->pre_scale = 0;   /* found on the loading thread: no fonts opened there */
    l->ui_made = SDL_CreateSemaphore(0);
    l->thread = l->ui_made ? SDL_CreateThread(load_model, "cp-load", l) : NULL;
    if (!l->thread) {
        if (l->ui_made)
            SDL_DestroySemaphore(l->ui_made);
        l->ui_made = NULL;
        load_model(l);
    }
}

/* Waits for the font file and the model (made first on the worker) and takes them, with the
 * sizes opened at *pre_scale (into pre; *pre_scale 0 when none); the font given by --font is
 * checked here (it needs SDL_ttf). 0, or -1 after printing why. */
static int win_model(win *w, const char *font_path, wt_font *pre, double *pre_scale)
{
    *pre_scale = 0;
    win_loader *l = w->loader;
    if (l->ui_made)
        SDL_SemWait(l->ui_made);
    w->ui = l->ui;
    l->ui = NULL;
    if (l->font_thread)
        SDL_WaitThread(l->font_thread, NULL);
    l->font_thread = NULL;
    if (!l->find_font)
        return wt_find_font(font_path, &w->ff);
    w->ff = l->ff;
    if (l->pre_opened) {
        memcpy(pre, l->pre_fonts, sizeof l->pre_fonts);
        *pre_scale = l->pre_scale;
        l->pre_opened = false;
    }
    return l->font_rc;
}

/* Joins the worker; frees whatever was not taken. */
static win_loader *join_loads(win *w)
{
    win_loader *l = w->loader;
    if (!l)
        return NULL;
    if (l->thread)
        SDL_WaitThread(l->thread, NULL);
    if (l->font_thread)
        SDL_WaitThread(l->font_thread, NULL);
    if (l->pre_opened)
        wt_close_sizes(l->pre_fonts);
    if (l->ui_made)
        SDL_DestroySemaphore(l->ui_made);
    cp_ui_free(l->ui);
    w->loader = NULL;
    return l;
}

int win_ready(win *w)
{
    if (!w->loader)
        return w->scorer ? 0 : -1;
    uint64_t t = cp_now_ns();
    win_loader *l = join_loads(w);
    w->stats.scorer_wait_ms = (cp_now_ns() - t) / 1e6;
    w->stats.scorer_ready_ms = (l->done_ns - w->t0) / 1e6;
    w->scorer = l->scorer;
    if (!w->scorer) {
        char buf[1600];
        fprintf(stderr, "counterpart: %s\n", cp_error_format(&l->err, buf, sizeof buf));
        snprintf(w->load_error, sizeof w->load_error, "%s", buf);
        free(l);
        return -1;
    }
    free(l);
    if (w->ui)
        cp_ui_set_scorer(w->ui, w->scorer);
    if (getenv("COUNTERPART_WINDOW_STATS"))
        fprintf(stderr, "window: scorer ready at %.1f ms (waited %.1f ms)\n",
                w->stats.scorer_ready_ms, w->stats.scorer_wait_ms);
    return 0;
}

/* ---- Choosing the renderer -------------------------------------------------------------- */

/* Why OpenGL would be drawn by the CPU here (Mesa's llvmpipe/softpipe/swrast), or NULL when a
 * GPU may be there. Cheap checks only: a GL context to ask GL_RENDERER costs llvmpipe's start-up
 * (~60 ms and ~90 MiB under Xvfb) - the very overhead the software renderer avoids. */
static const char *gl_software_reason(SDL_Window *sw)
{
    const char *e = getenv("LIBGL_ALWAYS_SOFTWARE");
    if (e && *e && strcmp(e, "0") && strcmp(e, "false"))
        return "LIBGL_ALWAYS_SOFTWARE is set";
    e = getenv("GALLIUM_DRIVER");
    if (e && (!strcmp(e, "llvmpipe") || !strcmp(e, "softpipe") || !strcmp(e, "swr")))
        return "GALLIUM_DRIVER is a software driver";
    const char *vd = SDL_GetCurrentVideoDriver();
    if (vd && (!strcmp(vd, "offscreen") || !strcmp(vd, "dummy")))
        return "no GPU behind SDL's offscreen driver";
    /* a GPU driver needs a device: a DRM render node, or NVIDIA's own */
    bool dev = access("/dev/nvidiactl", R_OK | W_OK) == 0;
    DIR *d = dev ? NULL : opendir("/dev/dri");
    if (d) {
        struct dirent *de;
        char path[300];
        while (!dev && (de = readdir(d)))
            if (!strncmp(de->d_name, "renderD", 7)) {
                snprintf(path, sizeof path, "/dev/dri/%s", de->d_name);
                dev = access(path, R_OK | W_OK) == 0;
            }
        closedir(d);
    }
    if (!dev)
        return "no GPU device (/dev/dri/renderD*)";
#ifdef SDL_VIDEO_DRIVER_X11
    /* X: without DRI3, DRI2 or NVIDIA's GLX the server (Xvfb, Xvnc, xrdp) gets no direct
     * rendering, and Mesa falls back to swrast */
    SDL_SysWMinfo wi;
    SDL_VERSION(&wi.version);
    if (SDL_GetWindowWMInfo(sw, &wi) && wi.subsystem == SDL_SYSWM_X11) {
        Display *x = wi.info.x11.display;
        int op, ev, er;
        if (!XQueryExtension(x, "DRI3", &op, &ev, &er) && !XQueryExtension(x, "DRI2", &op, &ev, &er) &&
            !XQueryExtension(x, "NV-GLX", &op, &ev, &er))
            return "the X server offers no direct rendering (no DRI3/DRI2)";
    }
#endif
    return NULL;
}

/* Whether an OpenGL renderer just made is drawn by the CPU after all (GL_RENDERER). */
static bool gl_is_software(SDL_Renderer *r)
{
    SDL_RendererInfo ri;
    if (SDL_GetRendererInfo(r, &ri) != 0 || strncmp(ri.name, "opengl", 6))
        return false;
    typedef const unsigned char *(*get_string_fn)(unsigned);
    get_string_fn gs = (get_string_fn)SDL_GL_GetProcAddress("glGetString");
    const char *s = gs ? (const char *)gs(0x1F01 /* GL_RENDERER */) : NULL;
    return s && (strstr(s, "llvmpipe") || strstr(s, "softpipe") || strstr(s, "swrast") ||
                 strstr(s, "Software Rasterizer"));
}

static SDL_Renderer *software_renderer(SDL_Window *sw)
{
    /* the window's own framebuffer (X: shared-memory images), not one drawn through GL */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    return SDL_CreateRenderer(sw, -1, SDL_RENDERER_SOFTWARE);
}

/* Makes w->r: COUNTERPART_RENDERER=software|gpu, else (or =auto) SDL's software renderer
 * where OpenGL would be software anyway, the GPU's otherwise. SDL_RENDER_DRIVER, when set,
 * still decides as SDL documents it. Records the choice and why in w->renderer_why. */
static int make_renderer(win *w)
{
    const char *want = getenv("COUNTERPART_RENDERER");
    const char *sdl = getenv("SDL_RENDER_DRIVER");
    const char *why = NULL;
    bool soft;
    if (want && *want && strcmp(want, "auto")) {
        if (strcmp(want, "software") && strcmp(want, "gpu"))
            fprintf(stderr, "counterpart: COUNTERPART_RENDERER is 'software', 'gpu' or 'auto', "
                            "not '%s'; choosing automatically\n", want);
        else
            why = "COUNTERPART_RENDERER";
        soft = why && !strcmp(want, "software");
    }
    if (why) {
        /* chosen by the user */
    } else if (sdl && *sdl) {
        why = "SDL_RENDER_DRIVER";
        soft = !strcmp(sdl, "software");
    } else {
        why = gl_software_reason(w->w);
        soft = why != NULL;
        if (!why)
            why = "a GPU device and direct rendering";
    }
    if (soft) {
        w->r = software_renderer(w->w);
    } else {
        w->r = SDL_CreateRenderer(w->w, -1, SDL_RENDERER_ACCELERATED);
        if (w->r && !strcmp(why, "a GPU device and direct rendering") && gl_is_software(w->r)) {
            /* measured: GL_RENDERER is Mesa's software rasteriser after all */
            SDL_DestroyRenderer(w->r);
            w->r = software_renderer(w->w);
            why = "GL_RENDERER is a software rasteriser";
        }
        if (!w->r) {
            w->r = software_renderer(w->w);
            why = "no accelerated renderer could be made";
        }
    }
    if (!w->r) {
        fprintf(stderr, "counterpart: cannot create a renderer: %s\n", SDL_GetError());
        return -1;
    }
    SDL_RendererInfo ri;
    SDL_GetRendererInfo(w->r, &ri);
    snprintf(w->renderer_why, sizeof w->renderer_why, "%s (%s)", ri.name, why);
    if (getenv("COUNTERPART_WINDOW_STATS"))
        fprintf(stderr, "window: renderer %s\n", w->renderer_why);
    return 0;
}

/* ---- Opening and closing ---------------------------------------------------------------- */

/* X's input method (opened by SDL_Init) parses the locale's Compose table - thousands of lines,
 * ~7 ms - on every start unless libX11 may keep its compiled form: it does in ~/.compose-cache
 * when that folder exists, or in $XCOMPOSECACHE. Neither set: our cache folder is offered
 * (libX11 writes it on the first start, maps it later, rebuilds it daily; never for root).
 * Called before any thread starts (setenv). */
static void offer_compose_cache(void)
{
    const char *home = getenv("HOME");
    const char *base = getenv("XDG_CACHE_HOME");
    char dir[1024], sub[1100], xc[1200];
    struct stat st;
    if (getenv("XCOMPOSECACHE") || geteuid() == 0 || getenv("COUNTERPART_NO_CACHE"))
        return;
    if (home && *home && snprintf(dir, sizeof dir, "%s/.compose-cache", home) < (int)sizeof dir &&
        stat(dir, &st) == 0)
        return;   /* libX11's own */
    int n = base && base[0] == '/' ? snprintf(dir, sizeof dir, "%s", base)
          : home && *home ? snprintf(dir, sizeof dir, "%s/.cache", home) : -1;
    if (n < 0 || n >= (int)sizeof dir)
        return;
    mkdir(dir, 0700);
    snprintf(sub, sizeof sub, "%s/counterpart", dir);
    mkdir(sub, 0700);
    snprintf(xc, sizeof xc, "%s/xcompose", sub);
    if ((mkdir(xc, 0700) == 0 || errno == EEXIST) && stat(xc, &st) == 0 && S_ISDIR(st.st_mode) &&
        st.st_uid == geteuid() && !(st.st_mode & 022))
        setenv("XCOMPOSECACHE", xc, 0);
}

/* COUNTERPART_WINDOW_STATS=phases: when each step of opening ended (ms since win_open began). */
static void phase(const win *w, const char *name)
{
    const char *e = getenv("COUNTERPART_WINDOW_STATS");
    if (e && !strcmp(e, "phases"))
        fprintf(stderr, "window: %-16s done at %6.1f ms\n", name, (cp_now_ns() - w->t0) / 1e6);
}

int win_open(win *w, const cp_window_opts *o)
{
    memset(w, 0, sizeof *w);
    w->opts = o;
    w->t0 = cp_now_ns();
    const char *drv = getenv("SDL_VIDEODRIVER");
    if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY") && !(drv && *drv))
        return CP_WINDOW_NO_DISPLAY;
    offer_compose_cache();
    if (TTF_Init() != 0) {   /* before the threads: the font thread opens sizes */
        fprintf(stderr, "counterpart: SDL_ttf: %s\n", TTF_GetError());
        return CP_WINDOW_ERROR;
    }
    /* SDL_Init may fork (libdbus starting a session bus: dbus-launch). glibc's allocator is
     * ready for a fork from a threaded process; AddressSanitizer's (GCC 12) is not - the child
     * can block on its lock - so the sanitizer build starts the threads after SDL_Init. */
#ifndef __SANITIZE_ADDRESS__
    start_loads(w, o);
#endif
    SDL_SetHint(SDL_HINT_IME_SUPPORT_EXTENDED_TEXT, "1");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "1");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        win_close(w);
        return CP_WINDOW_NO_DISPLAY;
    }
#ifdef __SANITIZE_ADDRESS__
    start_loads(w, o);
#endif
    phase(w, "SDL_Init");
    /* the font file and the model from the worker; the scorer comes later (win_ready): the
     * start screen does not need it */
    wt_font pre[F_COUNT];
    double pre_scale;
    if (win_model(w, o->font_path, pre, &pre_scale) != 0)
        goto fail;
    if (pre_scale > 0) /* the window's now; update_scale reopens them if its scale differs */
        wt_adopt_fonts(w, pre, pre_scale);
    phase(w, "font and model");
    cp_error err;
    cp_error_clear(&err);
    /* resuming a session (a file or a recorded one), an exam and the classroom check or grade
     * against the scorer before the first frame: they wait for it here. Recorded practice
     * opens on the start screen like unrecorded play and does not. */
    bool early = o->resume_path || (o->records && (o->resume_session || o->exam_path || o->mode == 1)) ||
                 o->class_db;
    if (early && win_ready(w) != 0)
        goto fail;
    if (o->trainee)
        cp_ui_set_trainee(w->ui, o->trainee);
    if (o->save_path)
        cp_ui_set_save(w->ui, o->save_path);
    if (o->records) {
        /* recorded modes: continue a session, or the exam screen, or a practice scenario */
        cp_ui_set_records(w->ui, o->records, o->trainee_id);
        if (o->assessor)
            cp_ui_set_assessor(w->ui, o->assessor);
        if (o->mode == 1)
            cp_ui_act(w->ui, CP_UI_ACT_MODE, 1);
        int rrc = 0;
        if (o->resume_session)
            rrc = cp_ui_resume_recorded(w->ui, o->resume_session, o->scenario_path, &err);
        else if (o->exam_path)
            rrc = cp_ui_choose_exam(w->ui, o->exam_path, &err);
        else if (o->mode == 1)
            cp_ui_act(w->ui, CP_UI_ACT_START, 0);
        if (rrc != 0) {
            char buf[1600];
            fprintf(stderr, "counterpart: %s\n", cp_error_format(&err, buf, sizeof buf));
            goto fail;
        }
    }
    if (o->scenario_path && !(o->records && (o->resume_session || o->mode == 1))) {
        /* a new session starts from the start screen, the scenario chosen there with its
         * summary and case brief in view; a saved one goes on where it stopped */
        int orc = o->resume_path ? cp_ui_resume(w->ui, o->scenario_path, o->resume_path, &err)
                                 : cp_ui_choose(w->ui, o->scenario_path, &err);
        if (orc != 0 && o->resume_path && !strcmp(err.file, o->resume_path)) {
            /* a broken session file is the caller's mistake: say so, as the terminal does */
            char buf[1600];
            fprintf(stderr, "counterpart: %s\n", cp_error_format(&err, buf, sizeof buf));
            goto fail;
        }
        if (orc != 0) /* a scenario that does not load: shown on screen until it is fixed */
            cp_ui_show_load_error(w->ui, o->scenario_path, o->resume_path, &err);
    }
    w->user_scale = o->scale > 0 ? o->scale : 1;
    if (o->class_db && wc_open(w, o) != 0) /* classroom mode (sdl_class.c) */
        goto fail;
    if (o->projector && !o->class_db)
        ws_projector(w, true);
    phase(w, "scenario");
    int ww = 1280, wh = 800;
    SDL_Rect ub;
    if (SDL_GetDisplayUsableBounds(0, &ub) == 0 && ub.w > 0 && ub.h > 0) {
        if (ww > ub.w) ww = ub.w;
        if (wh > ub.h) wh = ub.h;
    }
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    int wx = SDL_WINDOWPOS_CENTERED, wy = SDL_WINDOWPOS_CENTERED;
    SDL_Rect db;
    if (o->fullscreen && SDL_GetDisplayBounds(0, &db) == 0 && db.w > 0 && db.h > 0) {
        /* made at the display's size and place, so it covers it even where nothing (no window
         * manager) carries out the fullscreen request */
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
        wx = db.x, wy = db.y, ww = db.w, wh = db.h;
    } else if (o->fullscreen)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    w->fullscreen = o->fullscreen;
    w->w = SDL_CreateWindow("社保窗口服务对练 · Counterpart", wx, wy, ww, wh, flags);
    if (!w->w) {
        fprintf(stderr, "counterpart: cannot open a window: %s\n", SDL_GetError());
        win_close(w);
        return CP_WINDOW_NO_DISPLAY;
    }
    SDL_SetWindowMinimumSize(w->w, 800, 560);
    phase(w, "window");
    if (make_renderer(w) != 0)
        goto fail;
    phase(w, "renderer");
    if (wd_init(w) != 0 || update_scale(w) != 0)
        goto fail;
    phase(w, "fonts opened");
    w->caret_on = true;
    SDL_StartTextInput();
    w->stats.first_frame_ms = -1;
    w->stats.shown_ms = -1;
    w->stats.first_reply_ms = -1;
    return CP_WINDOW_OK;
fail:
    win_close(w);
    return CP_WINDOW_ERROR;
}

void win_close(win *w)
{
    win_loader *l = join_loads(w); /* loads still going: let them finish, drop what they made */
    if (l) {
        cp_scorer_free(l->scorer);
        free(l);
    }
    wt_close(w);
    wd_free(w);
    free(w->reply_cache);
    free(w->tlog);
    free(w->fb);
    cp_ui_lines_free(&w->reply_lines);
    wc_close(w);
    cp_ui_free(w->ui);
    cp_scorer_free(w->scorer);
    if (w->r)
        SDL_DestroyRenderer(w->r);
    if (w->w)
        SDL_DestroyWindow(w->w);
    if (TTF_WasInit())
        TTF_Quit();
    SDL_Quit();
    memset(w, 0, sizeof *w);
}

/* Releases fontconfig's caches at exit (after every pattern is gone). */
static void fc_done(void)
{
    FcFini();
}

/* ---- Drawing ---------------------------------------------------------------------------- */

static void place_ime(win *w)
{
    int cf = wc_field(w); /* a classroom view's field is drawn over the window's own */
    if (cf == 0 || (cf < 0 && !cp_ui_focused_edit(w->ui)))
        return;
    SDL_Rect c = w->caret_rect;
    int ww, wh;
    SDL_GetWindowSize(w->w, &ww, &wh);
    double k = w->W > 0 ? (double)ww / w->W : 1;
    SDL_Rect r = { (int)(c.x * k), (int)(c.y * k), (int)(c.w * k) + 1, (int)(c.h * k) };
    if (memcmp(&r, &w->last_ime_rect, sizeof r)) {
        SDL_SetTextInputRect(&r);
        w->last_ime_rect = r;
    }
}

void win_draw(win *w)
{
    int W, H;
    if (SDL_GetRendererOutputSize(w->r, &W, &H) == 0 && (W != w->W || H != w->H))
        update_scale(w); /* a size change no event told of (fullscreen without a WM) */
    ws_draw(w);
    wc_draw(w); /* classroom mode: the keyboard bar or a classroom view (sdl_class.c) */
}

void win_frame(win *w)
{
    w->frame++;
    bool timed = w->stats.frames < 4 && getenv("COUNTERPART_WINDOW_STATS") &&
                 !strcmp(getenv("COUNTERPART_WINDOW_STATS"), "phases");
    uint64_t t = timed ? cp_now_ns() : 0;
    size_t renders = w->stats.cache_renders;
    win_draw(w);
    uint64_t t1 = timed ? cp_now_ns() : 0;
    SDL_RenderPresent(w->r);
    place_ime(w);
    if (timed)
        fprintf(stderr, "window: frame %u: drawn in %.1f ms (%zu strings rendered), presented in "
                        "%.1f ms\n", w->stats.frames + 1, (t1 - t) / 1e6,
                w->stats.cache_renders - renders, (cp_now_ns() - t1) / 1e6);
    wt_trim(w);
    w->stats.frames++;
}

/* Draws a frame and saves it as DIR/NNN-name.png before presenting. */
static void frame_with_shot(win *w, const char *dir, int n, const char *name)
{
    w->frame++;
    w->tlog_on = getenv("COUNTERPART_SHOT_TEXT") != NULL; /* tests: the text beside the PNG */
    w->tlog_len = 0;
    win_draw(w);
    if (w->tlog_on) {
        char tp[1400];
        snprintf(tp, sizeof tp, "%s/%03d-%s.txt", dir, n, name);
        FILE *tf = fopen(tp, "w");
        if (tf) {
            fprintf(tf, "# %d %d %.2f\n", w->W, w->H, w->s);
            if (w->tlog_len)
                fwrite(w->tlog, 1, w->tlog_len, tf);
            fclose(tf);
        }
        w->tlog_on = false;
    }
    uint8_t *px = malloc((size_t)w->W * w->H * 3);
    if (px && SDL_RenderReadPixels(w->r, NULL, SDL_PIXELFORMAT_RGB24, px, w->W * 3) == 0) {
        char path[1400];
        snprintf(path, sizeof path, "%s/%03d-%s.png", dir, n, name);
        if (wp_write_png(path, px, w->W, w->H, w->W * 3) != 0)
            fprintf(stderr, "counterpart: cannot write %s: %s\n", path, strerror(errno));
    } else {
        fprintf(stderr, "counterpart: cannot read the screen: %s\n", SDL_GetError());
    }
    free(px);
    SDL_RenderPresent(w->r);
    place_ime(w);
    wt_trim(w);
    w->stats.frames++;
}

/* ---- Events ----------------------------------------------------------------------------- */

typedef struct input_state {
    char swallow[8];   /* text input to ignore (the digit of a choice key) */
} input_state;

static int key_event(win *w, input_state *in, const SDL_KeyboardEvent *k)
{
    SDL_Keycode sym = k->keysym.sym;
    Uint16 mod = k->keysym.mod;
    bool ctrl = mod & KMOD_CTRL, shift = mod & KMOD_SHIFT, alt = mod & KMOD_ALT;
    cp_ui_edit *e = cp_ui_focused_edit(w->ui);
    bool composing = e && e->compose && e->compose[0];
    w->caret_on = true;
    int cr = wc_key(w, k); /* classroom mode's keys and views first */
    if (cr == WC_PROJECTOR) {
        ws_projector(w, !w->projector);
        update_scale(w);
        return CP_UI_CHANGED;
    }
    if (cr >= 0)
        return cr;
    if (sym == SDLK_F11 || (alt && sym == SDLK_RETURN)) {
        w->fullscreen = !w->fullscreen;
        /* the window itself is moved and sized to cover the display (and back), so the frame is
         * right even where nothing carries out the fullscreen request (no window manager) */
        SDL_Rect db;
        int d = SDL_GetWindowDisplayIndex(w->w);
        if (w->fullscreen && SDL_GetDisplayBounds(d < 0 ? 0 : d, &db) == 0) {
            SDL_SetWindowPosition(w->w, db.x, db.y);
            SDL_SetWindowSize(w->w, db.w, db.h);
        }
        SDL_SetWindowFullscreen(w->w, w->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
        if (!w->fullscreen) {
            SDL_SetWindowSize(w->w, 1280, 800);
            SDL_SetWindowPosition(w->w, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED);
        }
        update_scale(w);
        return CP_UI_CHANGED;
    }
    if (ctrl && (sym == SDLK_EQUALS || sym == SDLK_PLUS || sym == SDLK_KP_PLUS || sym == SDLK_MINUS ||
                 sym == SDLK_KP_MINUS || sym == SDLK_0)) {
        if (sym == SDLK_0)
            w->user_scale = w->opts->scale > 0 ? w->opts->scale : 1;
        else if (sym == SDLK_MINUS || sym == SDLK_KP_MINUS)
            w->user_scale /= 1.1;
        else
            w->user_scale *= 1.1;
        if (w->user_scale < 0.5) w->user_scale = 0.5;
        if (w->user_scale > 4) w->user_scale = 4;
        update_scale(w);
        return CP_UI_CHANGED;
    }
    if ((ctrl && sym == SDLK_v) || (shift && sym == SDLK_INSERT)) {
        if (!e || !SDL_HasClipboardText())
            return 0;
        char *t = SDL_GetClipboardText();
        int r = t ? cp_ui_text(w->ui, t) : 0;
        SDL_free(t);
        return r;
    }
    if (ctrl && sym == SDLK_q)
        return CP_UI_QUIT;
    /* number keys pick a choice when the reply box is empty (or with Alt) */
    int digit = 0;
    if (sym >= SDLK_1 && sym <= SDLK_9)
        digit = (int)(sym - SDLK_1) + 1;
    else if (sym >= SDLK_KP_1 && sym <= SDLK_KP_9)
        digit = (int)(sym - SDLK_KP_1) + 1;
    if (digit && !ctrl && !composing && cp_ui_screen_now(w->ui) == CP_UI_DIALOGUE &&
        !cp_ui_menu_open(w->ui) && (size_t)digit <= cp_ui_choices(w->ui)->n &&
        (alt || !cp_ui_reply(w->ui)->len)) {
        snprintf(in->swallow, sizeof in->swallow, "%d", digit);
        return cp_ui_act(w->ui, CP_UI_ACT_CHOOSE, digit);
    }
    if (digit && cp_ui_menu_open(w->ui)) {
        const char *const *items;
        if ((size_t)digit <= cp_ui_menu_items(w->ui, &items)) {
            snprintf(in->swallow, sizeof in->swallow, "%d", digit);
            return cp_ui_act(w->ui, CP_UI_ACT_MENU_ITEM, digit - 1);
        }
    }
    if (composing && sym != SDLK_ESCAPE)
        return 0; /* the input method owns these keys while composing */
    /* Shift+PgUp/PgDn scroll the case brief's side panel (PgUp/PgDn the conversation) */
    if (shift && (sym == SDLK_PAGEUP || sym == SDLK_PAGEDOWN) && cp_ui_brief_shown(w->ui))
        return cp_ui_act(w->ui, CP_UI_ACT_BRIEF_SCROLL, (int)((sym == SDLK_PAGEUP ? -300 : 300) * w->s));
    cp_ui_key key;
    if (!win_key_of(sym, shift, &key))
        return 0;
    return cp_ui_press(w->ui, key);
}

static int click(win *w, int x, int y)
{
    int ww, wh;
    SDL_GetWindowSize(w->w, &ww, &wh);
    double k = ww > 0 ? (double)w->W / ww : 1;
    SDL_Point p = { (int)(x * k), (int)(y * k) };
    int cr = wc_click(w, p); /* classroom mode's bar and views */
    if (cr >= 0)
        return cr;
    for (size_t i = w->nhits; i-- > 0;) {
        const win_hit *h = &w->hits[i];
        if (SDL_PointInRect(&p, &h->r)) {
            if (h->act == CP_UI_ACT_SCROLL && h->n == -100000)
                return cp_ui_act(w->ui, CP_UI_ACT_SCROLL, -1000000);
            return cp_ui_act(w->ui, h->act, h->n);
        }
    }
    if (cp_ui_menu_open(w->ui)) /* a click outside the menu closes it */
        return cp_ui_act(w->ui, CP_UI_ACT_MENU, 0);
    return 0;
}

/* Handles one event; returns CP_UI_* flags. */
static int handle(win *w, input_state *in, SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_QUIT:
        return CP_UI_QUIT;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED || ev->window.event == SDL_WINDOWEVENT_RESIZED) {
            update_scale(w);
            return CP_UI_CHANGED;
        }
        if (ev->window.event == SDL_WINDOWEVENT_EXPOSED || ev->window.event == SDL_WINDOWEVENT_SHOWN)
            return CP_UI_CHANGED;
        return 0;
    case SDL_TEXTINPUT:
        if (in->swallow[0] && !strcmp(in->swallow, ev->text.text)) {
            in->swallow[0] = 0;
            return 0;
        }
        in->swallow[0] = 0;
        w->caret_on = true;
        int cr = wc_text(w, ev->text.text); /* a classroom view's field */
        if (cr >= 0)
            return cr;
        return cp_ui_text(w->ui, ev->text.text);
    case SDL_TEXTEDITING: {
        int cc = wc_compose(w, ev->edit.text, ev->edit.start); /* a classroom view's field */
        return cc >= 0 ? cc : cp_ui_compose(w->ui, ev->edit.text, ev->edit.start);
    }
    case SDL_TEXTEDITING_EXT: {
        int r = wc_compose(w, ev->editExt.text, ev->editExt.start);
        if (r < 0)
            r = cp_ui_compose(w->ui, ev->editExt.text, ev->editExt.start);
        SDL_free(ev->editExt.text);
        return r;
    }
    case SDL_KEYDOWN:
        return key_event(w, in, &ev->key);
    case SDL_MOUSEWHEEL: {
        /* over the case brief's panel the wheel scrolls it, elsewhere the conversation */
        int mx, my, ww, wh;
        SDL_GetMouseState(&mx, &my);
        SDL_GetWindowSize(w->w, &ww, &wh);
        double k = ww > 0 ? (double)w->W / ww : 1;
        SDL_Point p = { (int)(mx * k), (int)(my * k) };
        int cw = wc_wheel(w, ev->wheel.y); /* a classroom view scrolls itself */
        if (cw >= 0)
            return cw;
        if (w->brief_rect.w > 0 && SDL_PointInRect(&p, &w->brief_rect))
            return cp_ui_act(w->ui, CP_UI_ACT_BRIEF_SCROLL, (int)(-ev->wheel.y * 70 * w->s));
        return cp_ui_act(w->ui, CP_UI_ACT_SCROLL, (int)(ev->wheel.y * 70 * w->s));
    }
    case SDL_MOUSEBUTTONDOWN:
        if (ev->button.button == SDL_BUTTON_LEFT)
            return click(w, ev->button.x, ev->button.y);
        return 0;
    default: {
        int ce = wc_event(w, ev); /* the room view: a seat's reply committed on the server */
        return ce >= 0 ? ce : 0;
    }
    }
}

/* ---- The script driver ------------------------------------------------------------------ */

typedef struct script {
    char *buf;
    char **lines;
    size_t n, at;
} script;

static int script_load(const char *path, script *s, cp_error *err)
{
    memset(s, 0, sizeof *s);
    size_t len;
    s->buf = cp_read_file(path, 1 << 20, &len, err);
    if (!s->buf)
        return -1;
    size_t cap = 16;
    s->lines = cp_xmalloc(cap * sizeof *s->lines);
    char *p = s->buf;
    while (*p) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = 0;
        size_t l = strlen(p);
        while (l && (p[l - 1] == '\r' || p[l - 1] == ' ' || p[l - 1] == '\t'))
            p[--l] = 0;
        const char *q = p;
        while (*q == ' ' || *q == '\t')
            q++;
        if (l && !(q[0] == '-' && q[1] == '-')) { /* "--" comments skipped, as reply files do */
            if (s->n == cap)
                s->lines = cp_xrealloc(s->lines, (cap *= 2) * sizeof *s->lines);
            s->lines[s->n++] = p;
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    return 0;
}

static void push_key(SDL_Keycode sym, Uint16 mod)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = sym;
    e.key.keysym.scancode = SDL_GetScancodeFromKey(sym);
    e.key.keysym.mod = mod;
    SDL_PushEvent(&e);
}

/* Pushes s as text-input events, split at code points so each fits an event. */
static void push_text(const char *s)
{
    size_t len = strlen(s), i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len) {
            size_t n = cp_utf8_next(s, len, j);
            if (n - i > SDL_TEXTINPUTEVENT_TEXT_SIZE - 1)
                break;
            j = n;
        }
        SDL_Event e;
        memset(&e, 0, sizeof e);
        e.type = SDL_TEXTINPUT;
        memcpy(e.text.text, s + i, j - i);
        e.text.text[j - i] = 0;
        SDL_PushEvent(&e);
        i = j;
    }
}

/* The name of a screenshot: the screen, or what covers it (the menu, the load-error panel,
 * the hint). */
static const char *screen_name(cp_ui *ui, bool typing)
{
    if (cp_ui_load_error(ui))
        return "error";
    if (cp_ui_menu_open(ui))
        return "menu";
    switch (cp_ui_screen_now(ui)) {
    case CP_UI_START: return "start";
    case CP_UI_DIALOGUE:
        if (cp_ui_exam_running(ui))
            return "exam";
        if (cp_ui_hint_asking(ui))
            return "hint-ask";
        return cp_ui_hint(ui) ? "hint" : typing ? "typing" : "dialogue";
    case CP_UI_FEEDBACK: return "feedback";
    case CP_UI_END: return "end";
    case CP_UI_PROGRESS: return "progress";
    case CP_UI_EXAM: return "unlock";
    case CP_UI_RESULT: return "result";
    }
    return "screen";
}

/* Pushes a left click (down and up) at window point x,y. */
static void push_click(win *w, int x, int y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.windowID = SDL_GetWindowID(w->w);
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = SDL_PRESSED;
    e.button.clicks = 1;
    e.button.x = x;
    e.button.y = y;
    SDL_PushEvent(&e);
    e.type = SDL_MOUSEBUTTONUP;
    e.button.state = SDL_RELEASED;
    SDL_PushEvent(&e);
}

/* What a script command asks the loop to do besides pushing events. */
typedef struct script_cmd {
    enum { CMD_NONE, CMD_WAIT, CMD_WAIT_CHANGE, CMD_WAIT_LIVE, CMD_RELOAD, CMD_BAD } kind;
    uint32_t ms;
} script_cmd;

/* Runs one '!' command line (without the '!'): pushes its key, text or click events. */
static script_cmd script_command(win *w, const char *c)
{
    script_cmd r = { CMD_NONE, 0 };
    char *end;
    if (!strncmp(c, "type ", 5)) {
        push_text(c + 5);
        return r;
    }
    if (!strncmp(c, "click ", 6)) {
        long x = strtol(c + 6, &end, 10), y = strtol(end, &end, 10);
        if (*end || x < 0 || y < 0)
            r.kind = CMD_BAD;
        else
            push_click(w, (int)x, (int)y);
        return r;
    }
    if (!strncmp(c, "wait ", 5) || !strncmp(c, "wait-change ", 12)) {
        bool change = c[4] == '-';
        long ms = strtol(c + (change ? 12 : 5), &end, 10);
        r.kind = *end || ms < 0 || ms > 600000 ? CMD_BAD : change ? CMD_WAIT_CHANGE : CMD_WAIT;
        r.ms = (uint32_t)ms;
        return r;
    }
    if (!strncmp(c, "wait-live ", 10)) {
        long ms = strtol(c + 10, &end, 10);
        r.kind = *end || ms < 0 || ms > 600000 ? CMD_BAD : CMD_WAIT_LIVE;
        r.ms = (uint32_t)ms;
        return r;
    }
    if (!strcmp(c, "reload")) {
        r.kind = CMD_RELOAD;
        return r;
    }
    Uint16 mod = 0;
    for (bool more = true; more;) {   /* modifiers: sdl_keys.c's table, which help lists too */
        more = false;
        for (size_t i = 0; i < win_nscript_mods; i++) {
            size_t l = strlen(win_script_mods[i].name);
            if (!strncmp(c, win_script_mods[i].name, l)) {
                mod |= win_script_mods[i].mod;
                c += l;
                more = true;
            }
        }
    }
    for (size_t i = 0; i < win_nscript_keys; i++)   /* sdl_keys.c: the table help lists too */
        if (!strcmp(c, win_script_keys[i].name)) {
            push_key(win_script_keys[i].sym, mod);
            return r;
        }
    if (c[0] >= '1' && c[0] <= '9' && !c[1]) {
        push_key(SDLK_0 + (SDL_Keycode)(c[0] - '0'), mod);
        if (!mod)
            push_text(c); /* the text event a real key press brings */
        return r;
    }
    r.kind = CMD_BAD;
    return r;
}

/* ---- Watching the scenario file --------------------------------------------------------- */

/* What a file looked like at the last poll. A change is a different stat (mtime to the
 * nanosecond, size, inode, device) whose content also differs from the content last seen
 * (a 64-bit FNV-1a hash): a save that rewrites the same bytes, or a second stat change for
 * content already loaded, does not reload. The content is also checked, stat or not, while
 * the mtime is "racy" - within a second of the moment it was read - since two writes inside
 * one tick of the file system's clock can leave the same mtime and size. */
typedef struct watch {
    char *path;          /* the model's watched path when last polled (copy) */
    bool exists;
    bool racy;           /* the mtime was too recent to trust at the last stat */
    bool hashed;         /* hash holds the content last seen */
    struct timespec mtime;
    off_t size;
    ino_t ino;
    dev_t dev;
    uint64_t hash;
    uint32_t next;       /* SDL ticks of the next poll */
} watch;

static void watch_stat(watch *wt, const char *path)
{
    struct stat st;
    wt->exists = path && stat(path, &st) == 0;
    if (wt->exists) {
        wt->mtime = st.st_mtim;
        wt->size = st.st_size;
        wt->ino = st.st_ino;
        wt->dev = st.st_dev;
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        wt->racy = st.st_mtim.tv_sec >= now.tv_sec - 1;
    }
}

/* The FNV-1a hash of the file's bytes; false when it cannot be read. */
static bool watch_hash(const char *path, uint64_t *h)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    uint64_t x = 1469598103934665603ull;
    unsigned char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        for (size_t i = 0; i < n; i++)
            x = (x ^ buf[i]) * 1099511628211ull;
    bool ok = !ferror(f);
    fclose(f);
    *h = x;
    return ok;
}

/* Starts watching path from its current state. */
static void watch_start(watch *wt, const char *path)
{
    free(wt->path);
    wt->path = path ? cp_xstrdup(path) : NULL;
    watch_stat(wt, path);
    wt->hashed = wt->exists && watch_hash(path, &wt->hash);
}

/* Polls the watched file (at most once per period); reloads it when its content changed.
 * Returns CP_UI_* flags. */
static int watch_poll(win *w, watch *wt, uint32_t period)
{
    uint32_t now = SDL_GetTicks();
    if (!SDL_TICKS_PASSED(now, wt->next))
        return 0;
    wt->next = now + period;
    const char *path = cp_ui_watched_path(w->ui);
    if (!path || !wt->path || strcmp(path, wt->path)) {
        /* another file is being played now: start watching it from its current state */
        watch_start(wt, path);
        return 0;
    }
    watch old = *wt;
    watch_stat(wt, path);
    if (!wt->exists)
        return 0; /* an editor replacing the file: wait for the new one */
    bool same = old.exists && old.size == wt->size && old.ino == wt->ino && old.dev == wt->dev &&
                old.mtime.tv_sec == wt->mtime.tv_sec && old.mtime.tv_nsec == wt->mtime.tv_nsec;
    if (same && !old.racy)
        return 0;
    uint64_t h;
    if (!watch_hash(path, &h)) {
        *wt = old; /* unreadable for now (being replaced?): look again at the next poll */
        wt->next = now + period;
        return 0;
    }
    if (old.hashed && h == old.hash)
        return 0; /* touched, or rewritten with the same bytes: nothing new to load */
    wt->hash = h;
    wt->hashed = true;
    return cp_ui_reload(w->ui);
}

/* ---- The loop --------------------------------------------------------------------------- */

int cp_window_run(const cp_window_opts *o)
{
    uint64_t t0 = cp_now_ns();
    script sc = { 0 };
    if (o->script_path) {
        cp_error err;
        cp_error_clear(&err);
        if (script_load(o->script_path, &sc, &err) != 0) {
            char buf[1600];
            fprintf(stderr, "counterpart: %s\n", cp_error_format(&err, buf, sizeof buf));
            return CP_WINDOW_ERROR;
        }
    }
    if (o->screenshot_dir) {
        struct stat st;
        if (stat(o->screenshot_dir, &st) != 0 && mkdir(o->screenshot_dir, 0777) != 0) {
            fprintf(stderr, "counterpart: cannot create %s: %s\n", o->screenshot_dir, strerror(errno));
            free(sc.lines);
            free(sc.buf);
            return CP_WINDOW_ERROR;
        }
    }
    win *w = cp_xcalloc(1, sizeof *w);
    int rc = win_open(w, o);
    if (rc != CP_WINDOW_OK) {
        free(w);
        free(sc.lines);
        free(sc.buf);
        return rc;
    }
    bool scripted = o->script_path != NULL;
    /* the scenario file is polled once a second (4 times in scripted runs, to keep tests short) */
    uint32_t period = scripted ? 250 : 1000;
    watch wt = { 0 };
    watch_start(&wt, cp_ui_watched_path(w->ui));
    wt.next = SDL_GetTicks() + period;
    input_state in = { { 0 } };
    bool dirty = true, running = true, shot_now = false;
    unsigned shot_serial = (unsigned)-1;
    int shots = 0, exit_rc = CP_WINDOW_OK;
    enum { FEED_IDLE, FEED_TYPED } feed = FEED_IDLE;
    script_cmd waiting = { CMD_NONE, 0 };
    uint32_t wait_until = 0;
    /* Each !wait-change takes one reload not taken yet: used_reloads counts the reloads ended
     * a wait (or made by !reload). So the change a test makes once the previous step's
     * screenshot is out ends the next !wait-change whether it lands before the window reaches
     * that line or after, even when the next edit has landed too, and one change never ends
     * two waits. shot_reloads: the reloads shown by the last screenshot. */
    unsigned used_reloads = 0, shot_reloads = 0;
    /* !wait-live: each takes one live refresh of the room (a seat's reply the server told of,
     * which changed what the room shows) not taken yet */
    unsigned used_live = 0;
    uint32_t blink_at = SDL_GetTicks() + 530;
    bool stats = getenv("COUNTERPART_WINDOW_STATS") != NULL;
    uint64_t reply_at = 0;   /* the first reply's Enter, until its frame is presented */
    /* `play SCENARIO --script`: the start screen with the scenario chosen is saved, then left
     * with Enter before the script's first line (which then acts on the dialogue) */
    bool leave_start = scripted && o->scenario_path && cp_ui_screen_now(w->ui) == CP_UI_START &&
                       !cp_ui_load_error(w->ui);
    /* the window events of its mapping (shown, exposed, a window manager's resize) are here
     * before the first frame: handled now, the first frame covers them, instead of a second
     * frame drawn and presented again for them */
    SDL_PumpEvents();
    SDL_Event wev;
    while (SDL_PeepEvents(&wev, 1, SDL_GETEVENT, SDL_WINDOWEVENT, SDL_WINDOWEVENT) == 1)
        handle(w, &in, &wev);
    while (running) {
        if (dirty || shot_now) {
            unsigned serial = cp_ui_screen_serial(w->ui) + wc_serial(w);
            bool typing = feed == FEED_TYPED;
            if (scripted && o->screenshot_dir && (serial != shot_serial || typing || shot_now)) {
                shot_reloads = cp_ui_reload_count(w->ui);
                frame_with_shot(w, o->screenshot_dir, ++shots, wc_screen_name(w) ? wc_screen_name(w) : screen_name(w->ui, typing));
            } else
                win_frame(w);
            double at = (cp_now_ns() - t0) / 1e6;
            cp_ui_screen now_s = cp_ui_screen_now(w->ui);
            if (w->stats.shown_ms < 0) {
                w->stats.shown_ms = at;
                if (stats)
                    fprintf(stderr, "window: first frame shown at %.1f ms\n", at);
            }
            if (w->stats.first_frame_ms < 0 && now_s != CP_UI_START) {
                w->stats.first_frame_ms = at;
                if (stats)
                    fprintf(stderr, "window: first dialogue frame shown at %.1f ms\n", at);
            }
            if (reply_at && now_s != CP_UI_DIALOGUE) {
                /* the first reply's Enter to its result on screen (graded, recorded, drawn) */
                w->stats.first_reply_ms = (cp_now_ns() - reply_at) / 1e6;
                reply_at = 0;
                if (stats)
                    fprintf(stderr, "window: first reply shown %.1f ms after its Enter\n",
                            w->stats.first_reply_ms);
            }
            shot_serial = serial;
            dirty = shot_now = false;
            /* the first frame is out: now the scorer, before any key can submit a reply */
            if (w->loader && win_ready(w) != 0) {
                exit_rc = CP_WINDOW_ERROR;
                if (!scripted)
                    SDL_ShowSimpleMessageBox(SDL_MESSAGEBOX_ERROR, "无法加载评分器", w->load_error,
                                             w->w);
                break;
            }
        }
        if (watch_poll(w, &wt, period) & CP_UI_CHANGED)
            dirty = true;
        /* the model's clock: starts each reply's time, runs an exam's countdown */
        if (cp_ui_tick(w->ui, (int64_t)SDL_GetTicks()) & CP_UI_CHANGED)
            dirty = true;
        if (wc_tick(w) & CP_UI_CHANGED) /* the room view: its clock, or a file read again */
            dirty = true;
        if (scripted && waiting.kind != CMD_NONE) {
            bool done = SDL_TICKS_PASSED(SDL_GetTicks(), wait_until);
            if (waiting.kind == CMD_WAIT_LIVE && wc_room_live(w) > used_live) {
                waiting.kind = CMD_NONE;
                used_live++;
                dirty = true; /* the refresh's own screenshot (its serial moved) */
                continue;
            } else if (done && waiting.kind == CMD_WAIT_LIVE) {
                fprintf(stderr, "counterpart: script: no live update of the room within %u ms\n",
                            waiting.ms);
                exit_rc = CP_WINDOW_ERROR;
                break;
            }
            if (waiting.kind == CMD_WAIT_CHANGE && cp_ui_reload_count(w->ui) > used_reloads) {
                waiting.kind = CMD_NONE;
                used_reloads++;
                /* one screenshot per reload: the reload's own (new screen) may be taken already */
                if (o->screenshot_dir && cp_ui_reload_count(w->ui) == shot_reloads)
                    dirty = true;
                else
                    shot_now = true;
                continue;
            } else if (done && waiting.kind == CMD_WAIT_CHANGE) {
                fprintf(stderr, "counterpart: script: no change to the scenario file within %u ms\n",
                        waiting.ms);
                exit_rc = CP_WINDOW_ERROR;
                break;
            }
            if (done) {
                waiting.kind = CMD_NONE;
                shot_now = true;
                continue;
            }
        } else if (scripted) {
            SDL_PumpEvents();
            if (SDL_PeepEvents(NULL, 1, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) <= 0) {
                /* the queue is empty and the screen drawn: feed the next step */
                cp_ui_screen s = cp_ui_screen_now(w->ui);
                const char *next = sc.at < sc.n ? sc.lines[sc.at] : NULL;
                if (feed == FEED_TYPED) {
                    push_key(SDLK_RETURN, 0);
                    feed = FEED_IDLE;
                } else if (leave_start) {
                    leave_start = false;
                    if (s == CP_UI_START)
                        push_key(SDLK_RETURN, 0);
                } else if (next && next[0] == '!' && next[1] != '!') {
                    sc.at++;
                    script_cmd c = script_command(w, next + 1);
                    if (c.kind == CMD_BAD) {
                        fprintf(stderr, "counterpart: %s:%zu: unknown script command '%s'\n",
                                o->script_path, sc.at, next);
                        exit_rc = CP_WINDOW_ERROR;
                        break;
                    }
                    if (c.kind == CMD_RELOAD) {
                        unsigned before = cp_ui_reload_count(w->ui);
                        cp_ui_reload(w->ui);
                        used_reloads += cp_ui_reload_count(w->ui) - before; /* not an edit's */
                        dirty = true;
                    } else if (c.kind == CMD_WAIT || c.kind == CMD_WAIT_CHANGE ||
                               c.kind == CMD_WAIT_LIVE) {
                        waiting = c;
                        wait_until = SDL_GetTicks() + c.ms;
                        continue;
                    }
                    shot_now = true;
                } else if (cp_ui_load_error(w->ui) || s == CP_UI_END || s == CP_UI_PROGRESS ||
                           s == CP_UI_RESULT) {
                    running = false;
                } else if (s == CP_UI_FEEDBACK || s == CP_UI_START) {
                    if (s == CP_UI_START && !o->scenario_path && sc.at >= sc.n)
                        running = false;
                    else
                        push_key(SDLK_RETURN, 0);
                } else if (!next) {
                    running = false;
                } else {
                    sc.at++;
                    if (next[0] == '!')
                        next++; /* "!!" types a literal '!' */
                    char *end = NULL;
                    long n = next[0] == '#' ? strtol(next + 1, &end, 10) : 0;
                    if (n >= 1 && n <= 9 && end && !*end) {
                        push_key(SDLK_0 + (SDL_Keycode)n, 0);
                        char d[4];
                        snprintf(d, sizeof d, "%ld", n);
                        push_text(d);
                    } else {
                        push_text(next);
                        feed = FEED_TYPED;
                    }
                }
                if (!running)
                    break;
            }
        }
        SDL_Event ev;
        uint32_t now = SDL_GetTicks();
        uint32_t until = scripted ? (waiting.kind != CMD_NONE ? wait_until : now) : blink_at;
        if (SDL_TICKS_PASSED(until, wt.next))
            until = wt.next;
        uint32_t wake = wc_wake(w); /* the room view's clock */
        if (wake && SDL_TICKS_PASSED(until, wake))
            until = wake;
        if (cp_ui_countdown_ms(w->ui) >= 0 && SDL_TICKS_PASSED(until, now + 100))
            until = now + 100; /* a countdown shows: wake often enough to move it */
        int timeout = (int)(until - now);
        if (timeout < 0 || SDL_TICKS_PASSED(now, until))
            timeout = 0;
        int got = timeout ? SDL_WaitEventTimeout(&ev, timeout) : SDL_PollEvent(&ev);
        while (got) {
            bool submit = w->stats.first_reply_ms < 0 && !reply_at && ev.type == SDL_KEYDOWN &&
                          (ev.key.keysym.sym == SDLK_RETURN || ev.key.keysym.sym == SDLK_KP_ENTER) &&
                          !(ev.key.keysym.mod & KMOD_SHIFT) &&
                          cp_ui_screen_now(w->ui) == CP_UI_DIALOGUE && cp_ui_reply(w->ui)->len;
            uint64_t ev_at = submit ? cp_now_ns() : 0;
            int r = handle(w, &in, &ev);
            if (submit && cp_ui_screen_now(w->ui) != CP_UI_DIALOGUE)
                reply_at = ev_at;
            r |= wc_sync(w); /* classroom mode records each reply as it is given */
            if (r & CP_UI_CHANGED)
                dirty = true;
            if (r & CP_UI_QUIT) {
                running = false;
                break;
            }
            if (ev.type == SDL_KEYDOWN || ev.type == SDL_TEXTINPUT)
                blink_at = SDL_GetTicks() + 530;
            got = SDL_PollEvent(&ev);
        }
        if (!scripted && SDL_TICKS_PASSED(SDL_GetTicks(), blink_at)) {
            blink_at = SDL_GetTicks() + 530;
            if (cp_ui_focused_edit(w->ui)) {
                w->caret_on = !w->caret_on;
                dirty = true;
            }
        }
    }
    if (stats)
        fprintf(stderr, "window: first frame %.1f ms, %u frames, %zu text renders\n",
                w->stats.first_frame_ms, w->stats.frames, w->stats.cache_renders);
    free(wt.path);
    win_close(w);
    free(w);
    free(sc.lines);
    free(sc.buf);
    fc_done();
    return exit_rc;
}
