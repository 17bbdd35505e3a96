/* common.c - errors, string lists, aborting allocators, whole-file reads and atomic writes.
 * Must not: know about Lua, SDL or any scenario concept. */
#include "cp_common.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- Errors ---- */

int cp_error_set(cp_error *err, const char *file, int line, const char *fmt, ...)
{
    if (!err)
        return -1;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    /* Keep messages on one line. */
    for (char *p = err->msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return -1;
}

void cp_error_clear(cp_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

const char *cp_error_format(const cp_error *err, char *buf, size_t size)
{
    if (!err->file[0])
        snprintf(buf, size, "%s", err->msg);
    else if (err->line > 0)
        snprintf(buf, size, "%s:%d: %s", err->file, err->line, err->msg);
    else
        snprintf(buf, size, "%s: %s", err->file, err->msg);
    return buf;
}

/* ---- Memory ---- */

static void oom(size_t n)
{
    fprintf(stderr, "counterpart: out of memory (allocating %zu bytes)\n", n);
    abort();
}

void *cp_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *cp_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom(n * size);
    return p;
}

void *cp_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

char *cp_xstrdup(const char *s)
{
    return cp_xstrndup(s, strlen(s));
}

char *cp_xstrndup(const char *s, size_t n)
{
    char *p = cp_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *cp_xasprintf(const char *fmt, ...)
{
    if (!fmt) /* never; also quiets a GCC false positive under -fsanitize=undefined */
        return cp_xstrdup("");
    va_list ap;
    va_start(ap, fmt);
    char probe[1];
    int n = vsnprintf(probe, sizeof probe, fmt, ap);
    va_end(ap);
    if (n < 0)
        return cp_xstrdup("");
    char *p = cp_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* ---- String lists ---- */

void cp_strlist_push(cp_strlist *l, const char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->v = cp_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = cp_xstrdup(s);
}

bool cp_strlist_has(const cp_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return true;
    return false;
}

void cp_strlist_remove(cp_strlist *l, const char *s)
{
    size_t w = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->v[i], s) == 0)
            free(l->v[i]);
        else
            l->v[w++] = l->v[i];
    }
    l->n = w;
}

void cp_strlist_free(cp_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* ---- Files ---- */

char *cp_read_file(const char *path, size_t max, size_t *len, cp_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        cp_error_set(err, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = cp_xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > max) {
                fclose(f);
                free(buf);
                cp_error_set(err, path, 0, "file is larger than %zu bytes", max);
                return NULL;
            }
            cap *= 2;
            buf = cp_xrealloc(buf, cap);
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        cp_error_set(err, path, 0, "read error");
        return NULL;
    }
    if (n > max) {
        free(buf);
        cp_error_set(err, path, 0, "file is larger than %zu bytes", max);
        return NULL;
    }
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

void cp_clean_stale_tmp(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir && *dir ? dir : ".");
    if (!d)
        return;
    size_t pl = strlen(prefix);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, pl) != 0)
            continue;
        const char *p = e->d_name + pl;
        char *end = NULL;
        long pid = strtol(p, &end, 10);
        if (end == p || pid <= 0 || (*end && *end != '-') || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;   /* its writer is still running (or not ours to judge) */
        char *full = cp_xasprintf("%s/%s", dir && *dir ? dir : ".", e->d_name);
        unlink(full);
        free(full);
    }
    closedir(d);
}

int cp_write_file_atomic(const char *path, const void *data, size_t len, cp_error *err)
{
    /* a write interrupted earlier (killed, power cut) left PATH.tmp.PID: clear it */
    char *dir = cp_xstrdup(path), *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : path;
    if (slash)
        *slash = '\0';
    char *prefix = cp_xasprintf("%s.tmp.", base);
    cp_clean_stale_tmp(slash ? (*dir ? dir : "/") : ".", prefix);
    free(prefix);
    free(dir);
    char *tmp = cp_xasprintf("%s.tmp.%ld", path, (long)getpid());
    /* 0600: score sheets, saves and exports hold trainees' personal results */
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        cp_error_set(err, path, 0, "cannot write: %s", strerror(errno));
        free(tmp);
        return -1;
    }
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            cp_error_set(err, path, 0, "cannot write: %s (previous file kept)", strerror(errno));
            close(fd);
            unlink(tmp);
            free(tmp);
            return -1;
        }
        p += w;
        left -= (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        cp_error_set(err, path, 0, "cannot write: %s (previous file kept)", strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        cp_error_set(err, path, 0, "cannot replace: %s (previous file kept)", strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}

void cp_tz_default(void)
{
    const char *tz = getenv("TZ");
    if (!tz || !*tz) {
        struct stat st;
        bool have = stat("/usr/share/zoneinfo/Asia/Shanghai", &st) == 0;
        setenv("TZ", have ? "Asia/Shanghai" : "CST-8", 1);
    }
    tzset();
}

void cp_time_local(const char *iso, const char *fmt, char *buf, size_t size)
{
    if (!size)
        return;
    struct tm tm = { 0 };
    const char *end = iso && *iso ? strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
    if (!end) {
        snprintf(buf, size, "%s", iso ? iso : "");
        return;
    }
    time_t t = timegm(&tm);
    struct tm lt;
    if (!localtime_r(&t, &lt))
        lt = tm;
    if (!strftime(buf, size, fmt, &lt))
        buf[0] = '\0';
}

void cp_tz_label(char *buf, size_t size)
{
    time_t now = time(NULL);
    struct tm lt;
    long off = localtime_r(&now, &lt) ? lt.tm_gmtoff : 0;
    long a = off < 0 ? -off : off;
    if (a % 3600)
        snprintf(buf, size, "UTC%c%ld:%02ld", off < 0 ? '-' : '+', a / 3600, a % 3600 / 60);
    else
        snprintf(buf, size, "UTC%c%ld", off < 0 ? '-' : '+', a / 3600);
}

int cp_env_whole(const char *name, long def, long max, const char *unit, long *out, cp_error *err)
{
    const char *v = getenv(name);
    *out = def;
    if (!v || !*v)
        return 0;
    long n = 0;
    bool over = false;
    const char *p = v;
    for (; *p >= '0' && *p <= '9'; p++) {
        int d = *p - '0';
        if (over || n > max / 10 || n * 10 > max - d)
            over = true;
        else
            n = n * 10 + d;
    }
    if (!*p && !over) {
        *out = n;
        return 0;
    }
    /* the value as given, at most 64 bytes of it (cut on a UTF-8 character's start) */
    int shown = (int)strlen(v);
    const char *more = "";
    if (shown > 64) {
        for (shown = 64; shown > 0 && ((unsigned char)v[shown] & 0xC0) == 0x80; shown--)
            ;
        more = "...";
    }
    if (*p)
        return cp_error_set(err, "", 0, "%s: '%.*s%s' is not a whole number of %s (0 or more)",
                            name, shown, v, more, unit);
    return cp_error_set(err, "", 0, "%s: '%.*s%s' is more than %ld %s", name, shown, v, more, max,
                        unit);
}

uint64_t cp_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t cp_hash64(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

int cp_data_file(const char *env_var, const char *name, const char *what, char *buf, size_t size,
                 cp_error *err)
{
    const char *env = getenv(env_var);
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    int n;
    if (env && *env)
        n = snprintf(buf, size, "%s", env);
    else if (xdg && xdg[0] == '/')
        n = snprintf(buf, size, "%s/counterpart/%s", xdg, name);
    else if (home && *home)
        n = snprintf(buf, size, "%s/.local/share/counterpart/%s", home, name);
    else
        return cp_error_set(err, NULL, 0, "no place for %s: set %s or HOME", what, env_var);
    if (n < 0 || (size_t)n >= size)
        return cp_error_set(err, NULL, 0, "the path of %s is too long", what);
    return 0;
}
