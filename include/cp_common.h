/* cp_common.h - shared basics of the Counterpart core: errors, string lists, memory, files.
 * Knows nothing of Lua or SDL. Allocation failure in the core aborts with a message (the
 * scenario sandbox has its own capped allocator and reports its own out-of-memory errors). */
#ifndef CP_COMMON_H
#define CP_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define CP_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CP_PRINTF(a, b)
#endif

/* An error with the place it points at: printed as "file:line: message". */
typedef struct cp_error {
    char file[512];   /* file the problem is in, "" when none */
    int line;         /* 1-based line, 0 when unknown */
    char msg[1024];   /* one line, no trailing newline */
} cp_error;

/* Fills err (if not NULL) with file, line and a printf-style message; returns -1 for chaining. */
int cp_error_set(cp_error *err, const char *file, int line, const char *fmt, ...) CP_PRINTF(4, 5);
/* Clears err to "no error". */
void cp_error_clear(cp_error *err);
/* Formats err as "file:line: message" (or "file: message", or "message") into buf. */
const char *cp_error_format(const cp_error *err, char *buf, size_t size);

/* A growable list of owned UTF-8 strings. Zero-initialise before use. */
typedef struct cp_strlist {
    char **v;
    size_t n, cap;
} cp_strlist;

/* Appends a copy of s. */
void cp_strlist_push(cp_strlist *l, const char *s);
/* True when l holds a string equal to s. */
bool cp_strlist_has(const cp_strlist *l, const char *s);
/* Removes every copy of s. */
void cp_strlist_remove(cp_strlist *l, const char *s);
/* Frees every string and the array; leaves l empty and reusable. */
void cp_strlist_free(cp_strlist *l);

/* malloc/calloc/realloc/strdup that abort with a message when memory runs out. */
void *cp_xmalloc(size_t n);
void *cp_xcalloc(size_t n, size_t size);
void *cp_xrealloc(void *p, size_t n);
char *cp_xstrdup(const char *s);
char *cp_xstrndup(const char *s, size_t n);
/* printf into a new heap string (caller frees). */
char *cp_xasprintf(const char *fmt, ...) CP_PRINTF(1, 2);

/* Reads a whole file (at most max bytes) into a NUL-terminated heap buffer; *len gets its size.
 * Returns NULL and fills err (naming the file) on failure or when the file is larger than max. */
char *cp_read_file(const char *path, size_t max, size_t *len, cp_error *err);
/* Writes data to path atomically: a temporary file in the same folder, fsync, rename. The file
 * is mode 0600 (readable by its owner only: score sheets and saves hold personal results).
 * On any failure (full disk included) the old file is untouched and err names the problem. */
int cp_write_file_atomic(const char *path, const void *data, size_t len, cp_error *err);
/* Removes the files in dir named PREFIX<pid> or PREFIX<pid>-... whose process is gone: what an
 * interrupted write left behind (cp_write_file_atomic does this for its own PATH.tmp.<pid>). */
void cp_clean_stale_tmp(const char *dir, const char *prefix);

/* Path of one of Counterpart's data files: $env_var when set, else
 * $XDG_DATA_HOME/counterpart/name (an absolute XDG_DATA_HOME only, per the XDG spec), else
 * ~/.local/share/counterpart/name. what names the file in errors ("the records database").
 * Returns 0, or -1 with err (no HOME, path too long). Creates nothing. */
int cp_data_file(const char *env_var, const char *name, const char *what, char *buf, size_t size,
                 cp_error *err);

/* Monotonic clock in nanoseconds. */
uint64_t cp_now_ns(void);

/* Local time for people: when TZ is unset or empty, sets it to Asia/Shanghai (the offices this
 * serves; "CST-8" without tzdata), then tzset(). A TZ that is set is honoured. */
void cp_tz_default(void);
/* "2026-11-24T09:30:00Z" (UTC, as stored) in local time with strftime format fmt, into buf
 * ("2026-11-24 17:30" for "%Y-%m-%d %H:%M"); text that does not parse is copied as given, ""
 * as "". */
void cp_time_local(const char *iso, const char *fmt, char *buf, size_t size);
/* The local UTC offset now, as "UTC+8" or "UTC+5:30" (for column heads). */
void cp_tz_label(char *buf, size_t size);

/* The environment variable name as a whole number from 0 to max (decimal digits only) into *out;
 * def when it is unset or empty. unit names what it counts, for the error ("milliseconds").
 * 0, or -1 with err naming the variable and its value: "NAME: 'VALUE' is not a whole number of
 * UNIT (0 or more)", or "NAME: 'VALUE' is more than MAX UNIT". */
int cp_env_whole(const char *name, long def, long max, const char *unit, long *out, cp_error *err);

/* 64-bit FNV-1a hash of a buffer (used to tell whether a scenario file changed). */
uint64_t cp_hash64(const void *data, size_t len);

#endif
