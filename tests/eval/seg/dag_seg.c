/*
 * dag_seg.c - prototype of "our own" segmenter: jieba's algorithm without
 * the HMM (prefix dictionary -> DAG of dictionary words -> max log-probability
 * route, right to left), over jieba's dict.txt plus an optional user lexicon.
 * Written to check that a C reimplementation reproduces jieba (HMM off)
 * token for token and to measure its load cost.  Not part of Counterpart.
 *
 * build: cc -O2 -o /tmp/dag_seg dag_seg.c -lm
 * usage: dag_seg [-d dict.txt] [-u user_lexicon.txt] [-q]
 *   reads UTF-8 lines on stdin, prints tokens separated by single spaces
 *   (whitespace in the input only separates tokens).  Load time and
 *   resident-memory delta go to stderr.
 *
 * Mirrors jieba 0.42.1 Tokenizer.cut(s, HMM=False):
 *   - text is split into runs of [\u4E00-\u9FD5a-zA-Z0-9+#&._%-] and other
 *     characters; other characters are single tokens, whitespace is dropped;
 *   - in a run, DAG[k] = ends i of dictionary words s[k..i] with freq > 0
 *     (or just k); route[k] = max over i of log(freq(s[k..i]) or 1) -
 *     log(total) + route[i+1], ties going to the larger i;
 *   - consecutive single-character ASCII letters/digits are glued together.
 *   - user words without a frequency get jieba's suggest_freq(word): the
 *     smallest frequency that makes the word beat its own segmentation.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---------- open-addressing hash: UTF-8 key -> frequency (0 = prefix only) */
typedef struct { uint32_t off, len; double freq; } slot_t;
static slot_t *tab; static size_t tab_cap, tab_n;
static char *arena; static size_t arena_n, arena_cap;
static double total;

static uint64_t hash(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char) s[i]; h *= 1099511628211ULL; }
    return h;
}
static slot_t *find(const char *s, size_t n) {
    size_t i = hash(s, n) & (tab_cap - 1);
    for (;;) {
        slot_t *e = &tab[i];
        if (e->len == 0) return e;
        if (e->len == n && memcmp(arena + e->off, s, n) == 0) return e;
        i = (i + 1) & (tab_cap - 1);
    }
}
static void grow(void) {
    slot_t *old = tab; size_t oc = tab_cap;
    tab_cap = oc ? oc * 2 : 1 << 20;
    tab = calloc(tab_cap, sizeof *tab);
    for (size_t i = 0; i < oc; i++) if (old[i].len) *find(arena + old[i].off, old[i].len) = old[i];
    free(old);
}
static slot_t *put(const char *s, size_t n) {       /* insert with freq 0 if absent */
    if ((tab_n + 1) * 2 > tab_cap) grow();
    slot_t *e = find(s, n);
    if (e->len) return e;
    if (arena_n + n > arena_cap) { arena_cap = arena_cap ? arena_cap * 2 : 1 << 22; arena = realloc(arena, arena_cap); }
    memcpy(arena + arena_n, s, n);
    e->off = (uint32_t) arena_n; e->len = (uint32_t) n; e->freq = 0;
    arena_n += n; tab_n++;
    return e;
}
static double freq_of(const char *s, size_t n) { slot_t *e = find(s, n); return e->len ? e->freq : -1; }

static int u8len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

static void add_word(const char *w, size_t n, double f) {
    slot_t *e = put(w, n);
    e->freq = f; total += f;
    for (size_t i = u8len((unsigned char) w[0]); i < n; i += u8len((unsigned char) w[i])) put(w, i);
}

/* ---------- segmentation of one run (all chars in the "han" class) */
typedef void (*emit_fn)(const char *, size_t);

static void cut_run(const char *s, size_t nbytes, emit_fn emit) {
    /* char start offsets */
    size_t N = 0, cap = 64; size_t *pos = malloc((cap + 1) * sizeof *pos);
    for (size_t b = 0; b < nbytes; b += u8len((unsigned char) s[b])) {
        if (N == cap) { cap *= 2; pos = realloc(pos, (cap + 1) * sizeof *pos); }
        pos[N++] = b;
    }
    pos[N] = nbytes;
    double *score = malloc((N + 1) * sizeof *score); size_t *next = malloc((N + 1) * sizeof *next);
    double logtotal = log(total);
    score[N] = 0;
    for (size_t k = N; k-- > 0;) {
        double best = 0; size_t bx = k; int have = 0;
        for (size_t i = k; i < N; i++) {
            double f = freq_of(s + pos[k], pos[i + 1] - pos[k]);
            if (f < 0) break;                      /* not even a prefix */
            if (f > 0) {
                double sc = log(f) - logtotal + score[i + 1];
                if (!have || sc >= best) { best = sc; bx = i; have = 1; }
            }
        }
        if (!have) { best = log(1.0) - logtotal + score[k + 1]; bx = k; }
        score[k] = best; next[k] = bx;
    }
    size_t x = 0, buf0 = 0, buflen = 0;
    while (x < N) {
        size_t y = next[x] + 1;
        size_t b0 = pos[x], b1 = pos[y];
        unsigned char c = (unsigned char) s[b0];
        int eng1 = (y == x + 1) && b1 - b0 == 1 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
        if (eng1) { if (!buflen) buf0 = b0; buflen += 1; }
        else {
            if (buflen) { emit(s + buf0, buflen); buflen = 0; }
            emit(s + b0, b1 - b0);
        }
        x = y;
    }
    if (buflen) emit(s + buf0, buflen);
    free(pos); free(score); free(next);
}

/* full-text cut: runs of the jieba "han" class vs everything else */
static uint32_t decode(const char *s, int *len) {
    unsigned char c = (unsigned char) s[0]; int n = u8len(c); *len = n;
    uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (int i = 1; i < n; i++) cp = (cp << 6) | ((unsigned char) s[i] & 0x3F);
    return cp;
}
static int is_han(uint32_t c) {
    return (c >= 0x4E00 && c <= 0x9FD5) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '+' || c == '#' || c == '&' || c == '.' || c == '_' ||
           c == '%' || c == '-';
}
static int is_space(uint32_t c) {
    return c == ' ' || (c >= 9 && c <= 13) || c == 0x1C || c == 0x1D || c == 0x1E || c == 0x1F ||
           c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}
static void cut_text(const char *s, size_t n, emit_fn emit) {
    size_t i = 0;
    while (i < n) {
        int l; uint32_t c = decode(s + i, &l);
        if (is_han(c)) {
            size_t j = i + l;
            while (j < n) { int l2; uint32_t c2 = decode(s + j, &l2); if (!is_han(c2)) break; j += l2; }
            cut_run(s + i, j - i, emit);
            i = j;
        } else {
            if (!is_space(c)) emit(s + i, l);
            i += l;
        }
    }
}

/* ---------- suggest_freq: jieba's rule for user words without a frequency */
static double sf_prod;
static void sf_emit(const char *w, size_t n) {
    double f = freq_of(w, n);                 /* FREQ.get(seg, 1): absent -> 1, */
    sf_prod *= (f < 0 ? 1 : f) / total;        /* prefix-only entry -> 0        */
}
static double suggest_freq(const char *w, size_t n) {
    sf_prod = 1;
    cut_text(w, n, sf_emit);
    double f = floor(sf_prod * total) + 1, own = freq_of(w, n);
    if (own < 1) own = 1;                         /* FREQ.get(word, 1) */
    return f > own ? f : own;
}

/* ---------- loading */
static int load_file(const char *path, int user) {
    FILE *f = fopen(path, "r"); if (!f) { perror(path); return -1; }
    char line[1024]; int n = 0;
    while (fgets(line, sizeof line, f)) {
        char *p = line;
        if (n == 0 && (unsigned char) p[0] == 0xEF && (unsigned char) p[1] == 0xBB) p += 3;   /* BOM */
        size_t L = strcspn(p, "\r\n"); p[L] = 0;
        if (!*p) continue;
        /* "word freq tag" / "word freq" / "word" (jieba: word may not contain a space) */
        char *sp = strchr(p, ' ');
        size_t wl = sp ? (size_t)(sp - p) : L;
        double fr = -1;
        if (sp) fr = atof(sp + 1);
        if (!user) add_word(p, wl, fr < 0 ? 0 : fr);
        else add_word(p, wl, fr >= 0 ? fr : suggest_freq(p, wl));
        n++;
    }
    fclose(f);
    return n;
}

static long rss_kb(void) {
    FILE *f = fopen("/proc/self/statm", "r"); long a = 0, r = 0;
    if (f) { if (fscanf(f, "%ld %ld", &a, &r) != 2) r = 0; fclose(f); }
    return r * (sysconf(_SC_PAGESIZE) / 1024);
}
static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }

static int first_tok;
static void print_emit(const char *w, size_t n) { printf(first_tok ? "%.*s" : " %.*s", (int) n, w); first_tok = 0; }

int main(int argc, char **argv) {
    const char *dict = "/usr/lib/python3/dist-packages/jieba/dict.txt", *user = NULL;
    int quiet = 0, c;
    while ((c = getopt(argc, argv, "d:u:q")) != -1) {
        if (c == 'd') dict = optarg; else if (c == 'u') user = optarg; else if (c == 'q') quiet = 1;
        else return 2;
    }
    long r0 = rss_kb(); double t0 = now_ms();
    int nd = load_file(dict, 0);
    if (nd < 0) return 1;
    double t1 = now_ms();
    int nu = user ? load_file(user, 1) : 0;
    if (nu < 0) return 1;
    double t2 = now_ms(); long r1 = rss_kb();
    fprintf(stderr, "dag_seg: %d dict words + %d user words, %zu keys incl. prefixes; "
            "load %.1f ms (+%.1f ms user) rss_delta=%ld KB (table %zu KB, strings %zu KB)\n",
            nd, nu, tab_n, t1 - t0, t2 - t1, r1 - r0, tab_cap * sizeof(slot_t) / 1024, arena_n / 1024);
    if (quiet) return 0;
    char *buf = NULL; size_t cap = 0; ssize_t n; double ts = 0; long nb = 0;
    while ((n = getline(&buf, &cap, stdin)) > 0) {
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) buf[--n] = 0;
        double a = now_ms();
        first_tok = 1;
        cut_text(buf, (size_t) n, print_emit);
        putchar('\n');
        ts += now_ms() - a; nb += n;
    }
    fprintf(stderr, "dag_seg: segmented %ld bytes in %.2f ms\n", nb, ts);
    free(buf);
    return 0;
}
