/* sdltest_window.c - the SDL front end's pieces with a real font and renderer on SDL's
 * offscreen driver (no X server needed): the font lookup, measuring that agrees with SDL_ttf,
 * line breaking with real widths, the rendered-text cache, the portrait and the PNG writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "window/sdl_internal.h"

/* Under ASan: no leak report for this process. SDL's video drivers, X11/Mesa and fontconfig
 * keep allocations until exit in dlopen'ed modules that no suppression can name; leaks in our
 * own code are checked by test_ui, which runs with leak detection on. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "detect_leaks=0"; }

typedef struct fx {
    win w;
} fx;

static int setup(void **st)
{
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    fx *f = calloc(1, sizeof *f);
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0)
        return -1;
    f->w.w = SDL_CreateWindow("t", 0, 0, 640, 400, 0);
    if (!f->w.w)
        return -1;
    f->w.r = SDL_CreateRenderer(f->w.w, -1, SDL_RENDERER_SOFTWARE);
    if (!f->w.r || wt_find_font(NULL, &f->w.ff) != 0)
        return -1;
    f->w.s = 1;
    if (wt_open_fonts(&f->w) != 0 || wd_init(&f->w) != 0)
        return -1;
    *st = f;
    return 0;
}

static int teardown(void **st)
{
    fx *f = *st;
    wt_close(&f->w);
    wd_free(&f->w);
    SDL_DestroyRenderer(f->w.r);
    SDL_DestroyWindow(f->w.w);
    TTF_Quit();
    SDL_Quit();
    free(f);
    return 0;
}

static void fontconfig_finds_a_chinese_font(void **st)
{
    fx *f = *st;
    assert_true(f->w.ff.regular[0] != 0);
    assert_true(TTF_GlyphIsProvided32(f->w.font[F_BODY].f, 0x793E));   /* 社 */
}

static void a_missing_font_file_is_an_error(void **st)
{
    (void)st;
    wt_fontfile ff;
    assert_int_equal(wt_find_font("/nonexistent/font.ttf", &ff), -1);
}

static void measured_width_matches_sdl_ttf_for_chinese(void **st)
{
    fx *f = *st;
    const char *s = "请您把身份证和材料给我，我看看还缺什么。";
    int w = 0, h = 0;
    TTF_SizeUTF8(f->w.font[F_BODY].f, s, &w, &h);
    int mine = wt_width(&f->w, F_BODY, s, strlen(s));
    assert_true(abs(mine - w) <= 2);
}

static void lines_fit_the_width_with_real_glyphs(void **st)
{
    fx *f = *st;
    const char *s = "王师傅，让您跑了三趟，真是辛苦您了，给您添麻烦了，对不起。您先坐下慢慢说。";
    cp_ui_lines L = { 0 };
    int width = 10 * f->w.font[F_BODY].size;
    cp_ui_break(s, strlen(s), width, wt_measure, &f->w.font[F_BODY], &L);
    assert_true(L.n >= 3);
    for (size_t i = 0; i < L.n; i++) {
        char *t = cp_xstrndup(s + L.v[i].start, L.v[i].end - L.v[i].start);
        int w = 0, h = 0;
        TTF_SizeUTF8(f->w.font[F_BODY].f, t, &w, &h);
        assert_true(w <= width + 2);
        free(t);
    }
    cp_ui_lines_free(&L);
}

static void unchanged_text_is_rendered_once(void **st)
{
    fx *f = *st;
    size_t before = f->w.stats.cache_renders;
    SDL_Color c = { 0, 0, 0, 255 };
    for (int i = 0; i < 5; i++) {
        f->w.frame++;
        wt_draws(&f->w, F_BODY, c, 10, 10, "您好，请坐。");
        wt_draws(&f->w, F_BODY, (SDL_Color){ 200, 0, 0, 255 }, 10, 40, "您好，请坐。");
    }
    assert_int_equal(f->w.stats.cache_renders - before, 1);   /* colour is a tint, not a key */
    wt_draws(&f->w, F_SMALL, c, 10, 70, "您好，请坐。");
    assert_int_equal(f->w.stats.cache_renders - before, 2);   /* another size is another entry */
}

static void portrait_changes_with_the_face(void **st)
{
    (void)st;
    int w = 100, h = 110;
    uint8_t *a = calloc((size_t)w * h, 4), *b = calloc((size_t)w * h, 4);
    cp_persona p = { .name = "王建华", .gender = "male", .age = 60, .role = "退休工人" };
    cp_ui_face fa = cp_ui_face_for("furious", 90, 10), fb = cp_ui_face_for("happy", 10, 90);
    wd_portrait_pixels(a, w, h, &fa, &p);
    wd_portrait_pixels(b, w, h, &fb, &p);
    size_t diff = 0;
    for (size_t i = 0; i < (size_t)w * h * 4; i++)
        diff += a[i] != b[i];
    assert_true(diff > 200);
    free(a);
    free(b);
}

static void png_writer_makes_a_valid_file(void **st)
{
    (void)st;
    uint8_t px[4 * 3 * 3];
    for (size_t i = 0; i < sizeof px; i++)
        px[i] = (uint8_t)(i * 7);
    char path[] = "/tmp/cp_sdltest_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(wp_write_png(path, px, 4, 3, 12), 0);
    FILE *f = fopen(path, "rb");
    uint8_t head[24];
    assert_int_equal(fread(head, 1, 24, f), 24);
    fclose(f);
    unlink(path);
    assert_memory_equal(head, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(head + 12, "IHDR", 4);
    assert_int_equal(head[19], 4);   /* width */
    assert_int_equal(head[23], 3);   /* height */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fontconfig_finds_a_chinese_font),
        cmocka_unit_test(a_missing_font_file_is_an_error),
        cmocka_unit_test(measured_width_matches_sdl_ttf_for_chinese),
        cmocka_unit_test(lines_fit_the_width_with_real_glyphs),
        cmocka_unit_test(unchanged_text_is_rendered_once),
        cmocka_unit_test(portrait_changes_with_the_face),
        cmocka_unit_test(png_writer_makes_a_valid_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
