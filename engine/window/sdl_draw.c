/* sdl_draw.c - drawing helpers for the window: filled and rounded rectangles, discs (from one
 * anti-aliased texture), and the citizen's portrait, rasterised in software from signed
 * distances (smooth edges without a GPU) and re-rendered only when the face changes.
 * Must not: lay out screens or read the model beyond the face it is handed. */
#include "sdl_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DISC 128

int wd_init(win *w)
{
    uint8_t *px = malloc(DISC * DISC * 4);
    if (!px)
        return -1;
    double c = (DISC - 1) / 2.0, r = DISC / 2.0 - 1;
    for (int y = 0; y < DISC; y++)
        for (int x = 0; x < DISC; x++) {
            double d = sqrt((x - c) * (x - c) + (y - c) * (y - c)) - r;
            double a = d < -0.5 ? 1 : d > 0.5 ? 0 : 0.5 - d;
            uint8_t *p = px + (y * DISC + x) * 4;
            p[0] = p[1] = p[2] = 255;
            p[3] = (uint8_t)(a * 255 + 0.5);
        }
    w->disc = SDL_CreateTexture(w->r, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, DISC, DISC);
    if (!w->disc) {
        free(px);
        return -1;
    }
    SDL_UpdateTexture(w->disc, NULL, px, DISC * 4);
    SDL_SetTextureBlendMode(w->disc, SDL_BLENDMODE_BLEND);
    free(px);
    return 0;
}

void wd_free(win *w)
{
    if (w->disc)
        SDL_DestroyTexture(w->disc);
    if (w->portrait)
        SDL_DestroyTexture(w->portrait);
    w->disc = w->portrait = NULL;
}

void wd_rect(win *w, SDL_Rect r, SDL_Color c)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    SDL_SetRenderDrawBlendMode(w->r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(w->r, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(w->r, &r);
}

static void corner(win *w, int x, int y, int rad, int qx, int qy, SDL_Color c)
{
    SDL_Rect src = { qx * DISC / 2, qy * DISC / 2, DISC / 2, DISC / 2 };
    SDL_Rect dst = { x, y, rad, rad };
    SDL_RenderCopy(w->r, w->disc, &src, &dst);
}

void wd_round(win *w, SDL_Rect r, int rad, SDL_Color c)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    if (rad * 2 > r.w) rad = r.w / 2;
    if (rad * 2 > r.h) rad = r.h / 2;
    if (rad < 1) {
        wd_rect(w, r, c);
        return;
    }
    SDL_SetTextureColorMod(w->disc, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(w->disc, c.a);
    corner(w, r.x, r.y, rad, 0, 0, c);
    corner(w, r.x + r.w - rad, r.y, rad, 1, 0, c);
    corner(w, r.x, r.y + r.h - rad, rad, 0, 1, c);
    corner(w, r.x + r.w - rad, r.y + r.h - rad, rad, 1, 1, c);
    wd_rect(w, (SDL_Rect){ r.x + rad, r.y, r.w - 2 * rad, r.h }, c);
    wd_rect(w, (SDL_Rect){ r.x, r.y + rad, rad, r.h - 2 * rad }, c);
    wd_rect(w, (SDL_Rect){ r.x + r.w - rad, r.y + rad, rad, r.h - 2 * rad }, c);
}

void wd_round_border(win *w, SDL_Rect r, int rad, int t, SDL_Color border, SDL_Color fill)
{
    wd_round(w, r, rad, border);
    wd_round(w, (SDL_Rect){ r.x + t, r.y + t, r.w - 2 * t, r.h - 2 * t }, rad > t ? rad - t : 0, fill);
}

void wd_disc(win *w, int cx, int cy, int rad, SDL_Color c)
{
    SDL_SetTextureColorMod(w->disc, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(w->disc, c.a);
    SDL_Rect d = { cx - rad, cy - rad, rad * 2, rad * 2 };
    SDL_RenderCopy(w->r, w->disc, NULL, &d);
}

/* ---- The portrait ----------------------------------------------------------------------- */

typedef struct canvas {
    uint8_t *px;
    int w, h;
    double u;   /* pixels per design unit (the design is 100 x 110 units) */
} canvas;

typedef struct rgb { double r, g, b; } rgb;

static rgb hex(unsigned v) { return (rgb){ (v >> 16) & 255, (v >> 8) & 255, v & 255 }; }
static rgb mix(rgb a, rgb b, double t) { return (rgb){ a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t }; }

static void blend(canvas *c, int x, int y, rgb col, double a)
{
    if (a <= 0 || x < 0 || y < 0 || x >= c->w || y >= c->h)
        return;
    if (a > 1)
        a = 1;
    uint8_t *p = c->px + ((size_t)y * c->w + x) * 4;
    p[0] = (uint8_t)(p[0] + (col.r - p[0]) * a + 0.5);
    p[1] = (uint8_t)(p[1] + (col.g - p[1]) * a + 0.5);
    p[2] = (uint8_t)(p[2] + (col.b - p[2]) * a + 0.5);
    p[3] = 255;
}

static double cov(double d) { return d < -0.5 ? 1 : d > 0.5 ? 0 : 0.5 - d; }

/* Filled ellipse (design units); alpha multiplies the coverage. */
static void ellipse(canvas *c, double cx, double cy, double rx, double ry, rgb col, double alpha)
{
    double u = c->u;
    cx *= u; cy *= u; rx *= u; ry *= u;
    int x0 = (int)floor(cx - rx - 1), x1 = (int)ceil(cx + rx + 1);
    int y0 = (int)floor(cy - ry - 1), y1 = (int)ceil(cy + ry + 1);
    for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++) {
            double px = x + 0.5 - cx, py = y + 0.5 - cy;
            double k0 = sqrt((px / rx) * (px / rx) + (py / ry) * (py / ry));
            double k1 = sqrt((px / (rx * rx)) * (px / (rx * rx)) + (py / (ry * ry)) * (py / (ry * ry)));
            double d = k1 > 0 ? k0 * (k0 - 1) / k1 : -fmin(rx, ry);
            blend(c, x, y, col, cov(d) * alpha);
        }
}

/* A thick line with round ends from (ax,ay) to (bx,by), radius r (design units). */
static void capsule(canvas *c, double ax, double ay, double bx, double by, double r, rgb col, double alpha)
{
    double u = c->u;
    ax *= u; ay *= u; bx *= u; by *= u; r *= u;
    int x0 = (int)floor(fmin(ax, bx) - r - 1), x1 = (int)ceil(fmax(ax, bx) + r + 1);
    int y0 = (int)floor(fmin(ay, by) - r - 1), y1 = (int)ceil(fmax(ay, by) + r + 1);
    double dx = bx - ax, dy = by - ay, ll = dx * dx + dy * dy;
    for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++) {
            double px = x + 0.5 - ax, py = y + 0.5 - ay;
            double t = ll > 0 ? (px * dx + py * dy) / ll : 0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            double ex = px - t * dx, ey = py - t * dy;
            blend(c, x, y, col, cov(sqrt(ex * ex + ey * ey) - r) * alpha);
        }
}

/* Parabola through (x0,y0) and (x1,y0) whose middle sits at y0 + dip (design units). */
static double parab(double x, double x0, double x1, double y0, double dip)
{
    double t = (x - x0) / (x1 - x0);
    return y0 + 4 * dip * t * (1 - t);
}

/* A curved stroke (the closed mouth). */
static void curve(canvas *c, double x0, double x1, double y0, double dip, double r, rgb col)
{
    const int N = 16;
    for (int i = 0; i < N; i++) {
        double xa = x0 + (x1 - x0) * i / N, xb = x0 + (x1 - x0) * (i + 1) / N;
        capsule(c, xa, parab(xa, x0, x1, y0, dip), xb, parab(xb, x0, x1, y0, dip), r, col, 1);
    }
}

/* The region between two parabolas over [x0,x1] (the open mouth). */
static void between(canvas *c, double x0, double x1, double y0, double dipu, double dipl, rgb col)
{
    double u = c->u;
    int px0 = (int)floor(x0 * u), px1 = (int)ceil(x1 * u);
    for (int x = px0; x <= px1; x++) {
        double xd = (x + 0.5) / u;
        if (xd < x0 || xd > x1)
            continue;
        double top = parab(xd, x0, x1, y0, dipu) * u, bot = parab(xd, x0, x1, y0, dipl) * u;
        if (bot < top) { double t = top; top = bot; bot = t; }
        double edge = fmin(xd - x0, x1 - xd) * u;
        for (int y = (int)floor(top - 1); y <= (int)ceil(bot + 1); y++) {
            double yc = y + 0.5;
            double a = fmin(fmin(yc - top + 0.5, bot - yc + 0.5), edge + 0.5);
            blend(c, x, y, col, a < 0 ? 0 : a > 1 ? 1 : a);
        }
    }
}

void wd_portrait_pixels(uint8_t *px, int w, int h, const cp_ui_face *f, const cp_persona *p)
{
    canvas c = { px, w, h, w / 100.0 };
    /* background: a soft vertical wash */
    rgb top = hex(0xDDE8EA), bot = hex(0xF3F6F6);
    for (int y = 0; y < h; y++) {
        rgb col = mix(top, bot, (double)y / h);
        for (int x = 0; x < w; x++) {
            uint8_t *q = px + ((size_t)y * w + x) * 4;
            q[0] = (uint8_t)col.r; q[1] = (uint8_t)col.g; q[2] = (uint8_t)col.b; q[3] = 255;
        }
    }
    bool female = p && p->gender && (!strcmp(p->gender, "female") || !strcmp(p->gender, "女"));
    int age = p ? p->age : 40;
    bool firm = p && p->role && (strstr(p->role, "公司") || strstr(p->role, "企业") ||
                                 strstr(p->role, "单位") || strstr(p->role, "人事") ||
                                 strstr(p->role, "财务"));
    rgb skin = hex(0xF1C7A1), skin_shade = hex(0xE2AE86);
    skin = mix(skin, hex(0xE88A7A), f->flush * 0.35);
    rgb hair = age >= 55 ? hex(0xA9A9A6) : hex(0x2F2A27);
    rgb cloth = firm ? hex(0x34495E) : female ? hex(0x8E5A6E) : hex(0x4F6D5A);
    rgb dark = hex(0x2B2B2B);

    /* body and neck */
    ellipse(&c, 50, 122, 44, 36, cloth, 1);
    capsule(&c, 50, 72, 50, 88, 7.5, skin_shade, 1);
    if (firm) { /* shirt collar and tie */
        capsule(&c, 44, 88, 50, 96, 2.6, hex(0xF5F5F5), 1);
        capsule(&c, 56, 88, 50, 96, 2.6, hex(0xF5F5F5), 1);
        capsule(&c, 50, 96, 50, 108, 2.2, hex(0x8C2F39), 1);
    } else {
        capsule(&c, 44, 87, 50, 95, 2.2, mix(cloth, hex(0xFFFFFF), 0.25), 1);
        capsule(&c, 56, 87, 50, 95, 2.2, mix(cloth, hex(0xFFFFFF), 0.25), 1);
    }
    /* hair behind the head (long for women) */
    if (female) { /* shoulder-length hair falling behind both sides */
        ellipse(&c, 28, 62, 8, 24, hair, 1);
        ellipse(&c, 72, 62, 8, 24, hair, 1);
        ellipse(&c, 50, 44, 28, 22, hair, 1);
    }
    /* ears and head */
    ellipse(&c, 26.5, 55, 4, 6, skin_shade, 1);
    ellipse(&c, 73.5, 55, 4, 6, skin_shade, 1);
    ellipse(&c, 50, 52, 24, 29, skin, 1);
    /* hair on top */
    if (female) {
        ellipse(&c, 50, 33, 25, 13, hair, 1);
        ellipse(&c, 38, 36, 12, 8, hair, 1);
    } else {
        ellipse(&c, 50, 31, 23, 11, hair, 1);
        ellipse(&c, 29, 40, 4, 9, hair, 1);
        ellipse(&c, 71, 40, 4, 9, hair, 1);
    }
    /* cheeks */
    if (f->flush > 0.02) {
        ellipse(&c, 36, 64, 6, 4, hex(0xE0605A), f->flush * 0.55);
        ellipse(&c, 64, 64, 6, 4, hex(0xE0605A), f->flush * 0.55);
    }
    /* eyes */
    double eo = f->eye_open < 0.15 ? 0.15 : f->eye_open;
    ellipse(&c, 40, 55, 3.4, 3.6 * eo, dark, 1);
    ellipse(&c, 60, 55, 3.4, 3.6 * eo, dark, 1);
    if (eo > 0.5) {
        ellipse(&c, 41, 54, 0.9, 0.9, hex(0xFFFFFF), 0.9);
        ellipse(&c, 61, 54, 0.9, 0.9, hex(0xFFFFFF), 0.9);
    }
    if (age >= 55) { /* reading glasses */
        rgb frame = hex(0x6B5B4B);
        for (int side = 0; side < 2; side++) {
            double cx = side ? 60 : 40;
            const int N = 20;
            for (int i = 0; i < N; i++) {
                double a0 = 2 * M_PI * i / N, a1 = 2 * M_PI * (i + 1) / N;
                capsule(&c, cx + 7 * cos(a0), 55 + 5.5 * sin(a0), cx + 7 * cos(a1),
                        55 + 5.5 * sin(a1), 0.55, frame, 1);
            }
        }
        capsule(&c, 47, 54.5, 53, 54.5, 0.55, frame, 1);
    }
    /* brows: tilt moves the inner ends down (anger) or up (worry) */
    double by = 46 - f->brow_raise * 3.5;
    rgb brow = age >= 55 ? hex(0x77736E) : hex(0x2F2A27);
    capsule(&c, 34, by - f->brow_tilt * 1.8, 45, by + f->brow_tilt * 2.6, 1.25, brow, 1);
    capsule(&c, 66, by - f->brow_tilt * 1.8, 55, by + f->brow_tilt * 2.6, 1.25, brow, 1);
    /* nose */
    capsule(&c, 50.5, 57, 49, 63, 1.1, skin_shade, 1);
    /* mouth: curve > 0 smiles (middle lower), open adds a lower lip */
    double mw = 8 + f->mouth_open * 1.5, my = 71 - f->mouth_curve * 1.5;
    double dip = f->mouth_curve * 4.0;
    rgb lip = hex(0x9A4A45);
    if (f->mouth_open > 0.12) {
        between(&c, 50 - mw, 50 + mw, my, dip * 0.6, dip + f->mouth_open * 7, hex(0x7A2E2E));
        curve(&c, 50 - mw, 50 + mw, my, dip * 0.6, 0.7, lip);
    } else {
        curve(&c, 50 - mw, 50 + mw, my, dip, 0.95, lip);
    }
    /* signs of feeling */
    if (f->sweat) {
        ellipse(&c, 75, 40, 2.6, 3.2, hex(0x8CC6E8), 1);
        capsule(&c, 75, 36, 75, 38.5, 1.2, hex(0x8CC6E8), 1);
    }
    if (f->tear) {
        ellipse(&c, 39, 63, 1.8, 2.6, hex(0x7DB8E0), 1);
        ellipse(&c, 61, 62, 1.6, 2.2, hex(0x7DB8E0), 0.8);
    }
    if (f->question) {
        rgb q = hex(0x2F6F73);
        const int N = 12;
        for (int i = 0; i < N; i++) { /* the hook of a question mark */
            double a0 = M_PI * (1.0 + 1.5 * i / N), a1 = M_PI * (1.0 + 1.5 * (i + 1) / N);
            capsule(&c, 84 + 5 * cos(a0), 22 + 5 * sin(a0), 84 + 5 * cos(a1), 22 + 5 * sin(a1), 1.3, q, 1);
        }
        capsule(&c, 84, 27, 84, 30, 1.3, q, 1);
        ellipse(&c, 84, 34.5, 1.6, 1.6, q, 1);
    }
}

void wd_portrait(win *w, SDL_Rect r, const cp_ui_face *f, const cp_persona *p)
{
    char key[256];
    snprintf(key, sizeof key, "%dx%d %.2f %.2f %.2f %.2f %.2f %.2f %d%d%d %s %d %s", r.w, r.h,
             f->brow_tilt, f->brow_raise, f->eye_open, f->mouth_curve, f->mouth_open, f->flush,
             f->sweat, f->tear, f->question, p && p->gender ? p->gender : "", p ? p->age : 0,
             p && p->role ? p->role : "");
    if (!w->portrait || strcmp(key, w->portrait_key)) {
        if (w->portrait)
            SDL_DestroyTexture(w->portrait);
        w->portrait = NULL;
        uint8_t *px = malloc((size_t)r.w * r.h * 4);
        if (!px)
            return;
        wd_portrait_pixels(px, r.w, r.h, f, p);
        w->portrait = SDL_CreateTexture(w->r, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, r.w, r.h);
        if (w->portrait)
            SDL_UpdateTexture(w->portrait, NULL, px, r.w * 4);
        free(px);
        snprintf(w->portrait_key, sizeof w->portrait_key, "%s", key);
    }
    if (w->portrait)
        SDL_RenderCopy(w->r, w->portrait, NULL, &r);
}
