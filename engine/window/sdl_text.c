/* sdl_text.c - the window's text: finding a Chinese font (fontconfig, --font, $COUNTERPART_FONT),
 * opening it at the UI sizes, per-code-point advances for the line breaker, and the cache of
 * rendered strings so that no frame renders unchanged text twice.
 * Must not: decide layout of screens (sdl_screens.c) or touch the model's state. */
#include "sdl_internal.h"
#include "cp_utf8.h"

#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Finding the font ------------------------------------------------------------------- */

/* fontconfig's best sans face for zh-cn with the given weight; false when none covers Chinese. */
static bool fc_find(int weight, char *file, size_t size, int *index)
{
    if (!FcInit())
        return false;
    FcPattern *p = FcPatternCreate();
    FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)"sans-serif");
    FcPatternAddString(p, FC_LANG, (const FcChar8 *)"zh-cn");
    FcPatternAddInteger(p, FC_WEIGHT, weight);
    FcConfigSubstitute(NULL, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult res;
    FcPattern *m = FcFontMatch(NULL, p, &res);
    bool ok = false;
    if (m) {
        FcChar8 *f = NULL;
        FcCharSet *cs = NULL;
        int idx = 0;
        if (FcPatternGetString(m, FC_FILE, 0, &f) == FcResultMatch &&
            FcPatternGetCharSet(m, FC_CHARSET, 0, &cs) == FcResultMatch &&
            FcCharSetHasChar(cs, 0x4E2D) && FcCharSetHasChar(cs, 0x793E)) {
            FcPatternGetInteger(m, FC_INDEX, 0, &idx);
            snprintf(file, size, "%s", (const char *)f);
            *index = idx;
            ok = true;
        }
        FcPatternDestroy(m);
    }
    FcPatternDestroy(p);
    return ok;
}

/* In a collection given by path, the face whose family is Simplified Chinese (" SC"), else 0. */
static int pick_face(const char *path)
{
    TTF_Font *f = TTF_OpenFontIndex(path, 12, 0);
    if (!f)
        return 0;
    long n = TTF_FontFaces(f);
    TTF_CloseFont(f);
    for (long i = 0; i < n && i < 32; i++) {
        TTF_Font *g = TTF_OpenFontIndex(path, 12, i);
        if (!g)
            continue;
        const char *fam = TTF_FontFaceFamilyName(g);
        bool sc = fam && (strstr(fam, " SC") || strstr(fam, "GB") || strstr(fam, "Hans"));
        TTF_CloseFont(g);
        if (sc)
            return (int)i;
    }
    return 0;
}

int wt_find_font(const char *path, wt_fontfile *out)
{
    memset(out, 0, sizeof *out);
    if (path && *path) {
        TTF_Font *f = TTF_OpenFont(path, 12);
        if (!f) {
            fprintf(stderr, "counterpart: cannot open font '%s': %s\n", path, TTF_GetError());
            return -1;
        }
        bool cjk = TTF_GlyphIsProvided32(f, 0x4E2D) && TTF_GlyphIsProvided32(f, 0x793E);
        TTF_CloseFont(f);
        int idx = pick_face(path);
        if (!cjk && idx == 0) {
            fprintf(stderr, "counterpart: font '%s' has no Chinese characters; "
                            "pass a CJK font (e.g. Noto Sans CJK SC) with --font or COUNTERPART_FONT\n",
                    path);
            return -1;
        }
        snprintf(out->regular, sizeof out->regular, "%s", path);
        snprintf(out->bold, sizeof out->bold, "%s", path);
        out->regular_index = out->bold_index = idx;
        return 0;
    }
    if (!fc_find(FC_WEIGHT_REGULAR, out->regular, sizeof out->regular, &out->regular_index)) {
        fprintf(stderr, "counterpart: no Chinese font found (fontconfig has no sans font for zh-cn); "
                        "install fonts-noto-cjk (make deps), or pass --font PATH or set "
                        "COUNTERPART_FONT\n");
        return -1;
    }
    if (!fc_find(FC_WEIGHT_BOLD, out->bold, sizeof out->bold, &out->bold_index)) {
        snprintf(out->bold, sizeof out->bold, "%s", out->regular);
        out->bold_index = out->regular_index;
    }
    return 0;
}

/* ---- Opening sizes ---------------------------------------------------------------------- */

static void cache_flush(win *w)
{
    for (size_t b = 0; b < WT_BUCKETS; b++) {
        wt_entry *e = w->bucket[b];
        while (e) {
            wt_entry *n = e->next;
            SDL_DestroyTexture(e->tex);
            free(e->s);
            free(e);
            e = n;
        }
        w->bucket[b] = NULL;
    }
    w->nentries = 0;
}

/* A font file read with pread(2): FreeType asks for a few bytes at a time (a glyph's outline,
 * an index entry), and through stdio every request after a seek refills a 4 KiB buffer - a good
 * part of the first frame's time. Each opened size has its own descriptor and position. */
#define PRW_BLOCK 4096

typedef struct pread_rw {
    int fd;
    Sint64 pos, size;
    Sint64 at;                /* file offset of buf, -1 when empty */
    size_t have;              /* bytes in buf */
    unsigned char buf[PRW_BLOCK];   /* the last small read's block: a glyph's index entries */
} pread_rw;

static Sint64 prw_size(SDL_RWops *c)
{
    return ((pread_rw *)c->hidden.unknown.data1)->size;
}

static Sint64 prw_seek(SDL_RWops *c, Sint64 off, int whence)
{
    pread_rw *p = c->hidden.unknown.data1;
    Sint64 at = whence == RW_SEEK_SET ? off : whence == RW_SEEK_CUR ? p->pos + off : p->size + off;
    if (at < 0)
        return SDL_SetError("seek before the start of the font file");
    return p->pos = at;
}

static size_t prw_read(SDL_RWops *c, void *buf, size_t size, size_t n)
{
    pread_rw *p = c->hidden.unknown.data1;
    if (!size || !n)
        return 0;
    size_t want = size * n;
    if (want < PRW_BLOCK / 4) {
        /* small reads (FreeType reads index entries a few bytes at a time): from the block */
        if (p->at < 0 || p->pos < p->at || p->pos + (Sint64)want > p->at + (Sint64)p->have) {
            Sint64 at = p->pos & ~(Sint64)(PRW_BLOCK - 1);
            ssize_t r = pread(p->fd, p->buf, PRW_BLOCK, (off_t)at);
            p->at = r > 0 ? at : -1;
            p->have = r > 0 ? (size_t)r : 0;
        }
        if (p->at >= 0 && p->pos >= p->at) {
            size_t off = (size_t)(p->pos - p->at);
            size_t got = off < p->have ? p->have - off : 0;
            if (got > want)
                got = want;
            if (got == want || p->pos + (Sint64)got >= p->size) {
                memcpy(buf, p->buf + off, got);
                p->pos += (Sint64)got;
                return got / size;
            }
        }
    }
    ssize_t r = pread(p->fd, buf, want, (off_t)p->pos);
    if (r <= 0)
        return 0;
    p->pos += r;
    return (size_t)r / size;
}

static size_t prw_write(SDL_RWops *c, const void *buf, size_t size, size_t n)
{
    (void)c, (void)buf, (void)size, (void)n;
    return 0;
}

static int prw_close(SDL_RWops *c)
{
    pread_rw *p = c->hidden.unknown.data1;
    close(p->fd);
    free(p);
    SDL_FreeRW(c);
    return 0;
}

static SDL_RWops *pread_open(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return NULL;
    SDL_RWops *c = fstat(fd, &st) == 0 ? SDL_AllocRW() : NULL;
    pread_rw *p = c ? malloc(sizeof *p) : NULL;
    if (!p) {
        if (c)
            SDL_FreeRW(c);
        close(fd);
        return NULL;
    }
    p->fd = fd;
    p->pos = 0;
    p->size = (Sint64)st.st_size;
    p->at = -1;
    p->have = 0;
    c->size = prw_size;
    c->seek = prw_seek;
    c->read = prw_read;
    c->write = prw_write;
    c->close = prw_close;
    c->type = SDL_RWOPS_UNKNOWN;
    c->hidden.unknown.data1 = p;
    return c;
}

static TTF_Font *open_font(const char *file, int size, int idx)
{
    SDL_RWops *rw = pread_open(file);
    return rw ? TTF_OpenFontIndexRW(rw, 1, size, idx) : TTF_OpenFontIndex(file, size, idx);
}

void wt_close_sizes(wt_font *fonts)
{
    for (int i = 0; i < F_COUNT; i++) {
        if (fonts[i].f)
            TTF_CloseFont(fonts[i].f);
        free(fonts[i].adv);
        memset(&fonts[i], 0, sizeof fonts[i]);
    }
}

static void close_fonts(win *w)
{
    wt_close_sizes(w->font);
}

static void set_metrics(wt_font *wf, TTF_Font *f)
{
    wf->ascent = TTF_FontAscent(f);
    wf->height = TTF_FontHeight(f);
    wf->skip = (int)(wf->size * 1.55 + 0.5);
    if (wf->skip < wf->height)
        wf->skip = wf->height;
}

/* The font's handle, opening a lazy (bold) size now; NULL only if no face opens at all. */
static TTF_Font *font_handle(wt_font *wf)
{
    if (wf->f || !wf->file)
        return wf->f;
    TTF_Font *f = open_font(wf->file, wf->size, wf->index);
    if (!f) {
        fprintf(stderr, "counterpart: cannot open font '%s': %s (using the regular face)\n",
                wf->file, TTF_GetError());
        f = open_font(wf->alt_file, wf->size, wf->alt_index);
    }
    wf->file = NULL;
    if (!f)
        return NULL;
    TTF_SetFontKerning(f, 0);
    TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
    wf->f = f;
    int ascent = wf->ascent, height = wf->height;
    set_metrics(wf, f);
    if ((wf->ascent != ascent || wf->height != height) && wf->gen)
        (*wf->gen)++;   /* a family whose weights differ: layouts are made again */
    return f;
}

int wt_open_sizes(const wt_fontfile *ff, double scale, wt_font *out)
{
    static const int base[F_COUNT] = { 18, 23, 27, 31, 44 };
    static const bool bold[F_COUNT] = { false, false, false, true, true };
    memset(out, 0, F_COUNT * sizeof *out);
    for (int i = 0; i < F_COUNT; i++) {
        int size = (int)(base[i] * scale + 0.5);
        if (size < 8)
            size = 8;
        wt_font *wf = &out[i];
        wf->size = size;
        if (bold[i]) {
            /* opened when first used (font_handle); meanwhile the regular face's metrics at
             * this size, which a family's weights share (Noto Sans CJK's do) */
            TTF_Font *r = out[F_SMALL].f;
            wf->file = ff->bold;
            wf->index = ff->bold_index;
            wf->alt_file = ff->regular;
            wf->alt_index = ff->regular_index;
            if (TTF_SetFontSize(r, size) == 0) {
                set_metrics(wf, r);
                TTF_SetFontSize(r, out[F_SMALL].size);
            } else {
                wf->ascent = size;
                wf->height = wf->skip = (int)(size * 1.45 + 0.5);
            }
        } else {
            TTF_Font *f = open_font(ff->regular, size, ff->regular_index);
            if (!f) {
                fprintf(stderr, "counterpart: cannot open font '%s': %s\n", ff->regular, TTF_GetError());
                wt_close_sizes(out);
                return -1;
            }
            TTF_SetFontKerning(f, 0);   /* advances then add up exactly to rendered widths */
            TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
            wf->f = f;
            set_metrics(wf, f);
        }
        wf->capadv = 1024;
        wf->adv = calloc(wf->capadv, sizeof *wf->adv);
        if (!wf->adv)
            abort();
    }
    return 0;
}

void wt_adopt_fonts(win *w, wt_font *fonts, double scale)
{
    cache_flush(w);
    close_fonts(w);
    memcpy(w->font, fonts, sizeof w->font);
    memset(fonts, 0, F_COUNT * sizeof *fonts);
    for (int i = 0; i < F_COUNT; i++) {
        wt_font *wf = &w->font[i];
        wf->gen = &w->font_gen;
        if (wf->file) {   /* the names live in w->ff now */
            wf->file = w->ff.bold;
            wf->alt_file = w->ff.regular;
        }
    }
    w->s = scale;
    w->font_gen++;
}

int wt_open_fonts(win *w)
{
    wt_font fonts[F_COUNT];
    cache_flush(w);
    close_fonts(w);
    if (wt_open_sizes(&w->ff, w->s, fonts) != 0)
        return -1;
    wt_adopt_fonts(w, fonts, w->s);
    return 0;
}

void wt_close(win *w)
{
    cache_flush(w);
    close_fonts(w);
}

/* ---- Measuring -------------------------------------------------------------------------- */

static int adv_lookup(wt_font *f, uint32_t cp)
{
    size_t mask = f->capadv - 1;
    size_t i = (cp * 2654435761u) & mask;
    while (f->adv[i].cp) {
        if (f->adv[i].cp == cp)
            return f->adv[i].adv;
        i = (i + 1) & mask;
    }
    return -1;
}

static void adv_store(wt_font *f, uint32_t cp, int adv)
{
    if ((f->nadv + 1) * 2 > f->capadv) {
        wt_adv *old = f->adv;
        size_t oldcap = f->capadv;
        f->capadv *= 2;
        f->adv = calloc(f->capadv, sizeof *f->adv);
        if (!f->adv)
            abort();
        f->nadv = 0;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].cp)
                adv_store(f, old[i].cp, old[i].adv);
        free(old);
    }
    size_t mask = f->capadv - 1;
    size_t i = (cp * 2654435761u) & mask;
    while (f->adv[i].cp)
        i = (i + 1) & mask;
    f->adv[i] = (wt_adv){ cp, adv };
    f->nadv++;
}

int wt_measure(void *font, uint32_t cp)
{
    wt_font *f = font;
    if (cp == 0)
        cp = 0xFFFD;
    int a = adv_lookup(f, cp);
    if (a >= 0)
        return a;
    int minx, maxx, miny, maxy, adv = 0;
    TTF_Font *tf = font_handle(f);
    if (!tf || TTF_GlyphMetrics32(tf, cp, &minx, &maxx, &miny, &maxy, &adv) != 0)
        adv = f->size / 2;
    adv_store(f, cp, adv);
    return adv;
}

int wt_width(win *w, int f, const char *s, size_t len)
{
    return cp_ui_measure_str(s, len, wt_measure, &w->font[f]);
}

/* ---- The rendered-text cache ------------------------------------------------------------ */

static uint64_t hash_str(int f, const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)(f + 1);
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

static wt_entry *cache_get(win *w, int f, const char *s, size_t len)
{
    uint64_t h = hash_str(f, s, len);
    size_t b = h & (WT_BUCKETS - 1);
    for (wt_entry *e = w->bucket[b]; e; e = e->next)
        if (e->hash == h && e->font == f && e->len == len && !memcmp(e->s, s, len))
            return e;
    /* render white; tinted per draw with a colour mod */
    char *copy = malloc(len + 1);
    if (!copy)
        abort();
    memcpy(copy, s, len);
    copy[len] = 0;
    TTF_Font *tf = font_handle(&w->font[f]);
    SDL_Surface *surf = tf ? TTF_RenderUTF8_Blended(tf, copy, (SDL_Color){ 255, 255, 255, 255 }) : NULL;
    if (!surf) {
        free(copy);
        return NULL;
    }
    SDL_Texture *t = SDL_CreateTextureFromSurface(w->r, surf);
    int tw = surf->w, th = surf->h;
    SDL_FreeSurface(surf);
    if (!t) {
        free(copy);
        return NULL;
    }
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    wt_entry *e = calloc(1, sizeof *e);
    if (!e)
        abort();
    *e = (wt_entry){ w->bucket[b], h, f, copy, len, t, tw, th, w->frame };
    w->bucket[b] = e;
    w->nentries++;
    w->stats.cache_renders++;
    return e;
}

void wt_trim(win *w)
{
    if (w->nentries < 4000)
        return;
    for (size_t b = 0; b < WT_BUCKETS; b++) {
        wt_entry **pp = &w->bucket[b];
        while (*pp) {
            wt_entry *e = *pp;
            if (w->frame - e->last > 120) {
                *pp = e->next;
                SDL_DestroyTexture(e->tex);
                free(e->s);
                free(e);
                w->nentries--;
            } else {
                pp = &e->next;
            }
        }
    }
}

/* Notes a string drawn at d in the frame's text log (tests read it beside the screenshot). */
static void tlog_add(win *w, int f, SDL_Rect d, const char *s, size_t len)
{
    SDL_Rect clip, view = { 0, 0, w->W, w->H }, seen;
    SDL_RenderGetClipRect(w->r, &clip);
    if (clip.w <= 0 || clip.h <= 0)
        clip = view;
    else if (!SDL_IntersectRect(&clip, &view, &clip))
        return;
    /* whole: the glyph box inside, allowing the line's spare ascent/descent to be clipped */
    int slack = w->font[f].height / 5;
    SDL_Rect core = { d.x, d.y + slack, d.w, d.h - 2 * slack };
    if (!SDL_IntersectRect(&d, &clip, &seen))
        return;
    bool whole = core.x >= clip.x && core.y >= clip.y && core.x + core.w <= clip.x + clip.w &&
                 core.y + core.h <= clip.y + clip.h;
    size_t need = w->tlog_len + len + 64;
    if (need > w->tlog_cap) {
        w->tlog_cap = need * 2;
        w->tlog = cp_xrealloc(w->tlog, w->tlog_cap);
    }
    w->tlog_len += (size_t)snprintf(w->tlog + w->tlog_len, w->tlog_cap - w->tlog_len,
                                    "%c %d %d %d %d %d\t", whole ? 'V' : 'P', f, d.x, d.y, d.w, d.h);
    for (size_t i = 0; i < len; i++)
        w->tlog[w->tlog_len++] = s[i] == '\n' || s[i] == '\t' ? ' ' : s[i];
    w->tlog[w->tlog_len++] = '\n';
    w->tlog[w->tlog_len] = 0;
}

int wt_draw(win *w, int f, SDL_Color c, int x, int y, const char *s, size_t len)
{
    /* strip a trailing newline; empty strings draw nothing */
    while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    if (!len)
        return 0;
    wt_entry *e = cache_get(w, f, s, len);
    if (!e)
        return 0;
    e->last = w->frame;
    SDL_SetTextureColorMod(e->tex, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(e->tex, c.a);
    SDL_Rect d = { x, y, e->w, e->h };
    SDL_RenderCopy(w->r, e->tex, NULL, &d);
    if (w->tlog_on)
        tlog_add(w, f, d, s, len);
    return e->w;
}

int wt_draws(win *w, int f, SDL_Color c, int x, int y, const char *s)
{
    return wt_draw(w, f, c, x, y, s, strlen(s));
}

const cp_ui_lines *wt_layout_entry(win *w, int f, cp_ui_entry *e, int width)
{
    if (e->lines_width != width || e->lines_gen != w->font_gen + (unsigned)f * 7919u) {
        cp_ui_break(e->text, strlen(e->text), width, wt_measure, &w->font[f], &e->lines);
        e->lines_width = width;
        e->lines_gen = w->font_gen + (unsigned)f * 7919u;
    }
    return &e->lines;
}

int wt_paragraph(win *w, int f, SDL_Color c, int x, int y, int wd, const char *s)
{
    cp_ui_lines L = { 0 };
    size_t len = strlen(s);
    cp_ui_break(s, len, wd, wt_measure, &w->font[f], &L);
    int skip = w->font[f].skip;
    int pad = (skip - w->font[f].height) / 2;
    for (size_t i = 0; i < L.n; i++)
        wt_draw(w, f, c, x, y + (int)i * skip + pad, s + L.v[i].start, L.v[i].end - L.v[i].start);
    int h = (int)L.n * skip;
    cp_ui_lines_free(&L);
    return h;
}

int wt_paragraph_h(win *w, int f, int wd, const char *s)
{
    cp_ui_lines L = { 0 };
    cp_ui_break(s, strlen(s), wd, wt_measure, &w->font[f], &L);
    int h = (int)L.n * w->font[f].skip;
    cp_ui_lines_free(&L);
    return h;
}
