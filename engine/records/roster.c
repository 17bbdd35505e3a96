/* roster.c - a class roster from CSV (姓名,工号,班组): encoding detection (UTF-8, UTF-8 BOM,
 * GB18030/GBK via iconv), RFC 4180 fields, one line-numbered problem per bad row. The import of
 * the good rows is the records' (engine/records/records_roster.c).
 * Must not: guess at a row it cannot read (it is reported and skipped, never half-imported), or
 * touch a database. */
#include "cp_roster.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp_bytes.h"
#include "cp_utf8.h"

#define MAX_ROSTER (16u << 20)

/* ---- Encoding ---- */

/* Converts GB18030 to UTF-8 (heap, caller frees); NULL with err naming the byte's line. */
static char *from_gb18030(const char *name, const char *data, size_t len, size_t *outlen,
                          cp_error *err)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) {
        cp_error_set(err, name, 0, "not UTF-8, and GB18030 conversion is unavailable (iconv)");
        return NULL;
    }
    size_t cap = len * 2 + 16;
    char *out = cp_xmalloc(cap);
    char *in = (char *)data, *o = out;
    size_t inleft = len, oleft = cap - 1;
    while (inleft > 0) {
        if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1)
            continue;
        if (errno == E2BIG) {
            size_t used = (size_t)(o - out);
            cap *= 2;
            out = cp_xrealloc(out, cap);
            o = out + used;
            oleft = cap - used - 1;
            continue;
        }
        int line = 1;
        for (const char *p = data; p < in; p++)
            line += *p == '\n';
        cp_error_set(err, name, line,
                     "neither UTF-8 nor GBK/GB18030 (bad byte 0x%02x at offset %zu); save the "
                     "file as CSV UTF-8",
                     (unsigned char)*in, (size_t)(in - data));
        iconv_close(cd);
        free(out);
        return NULL;
    }
    iconv_close(cd);
    *o = '\0';
    *outlen = (size_t)(o - out);
    return out;
}

/* A file that is neither UTF-8 nor GB18030 as a whole, decoded line by line: each line as
 * UTF-8, else as GB18030; a line that is neither becomes empty and its number goes into bad
 * (caller frees both). So one damaged row costs that row, not the roster. */
static char *by_line(const char *data, size_t len, size_t *outlen, int **bad, size_t *nbad)
{
    cp_bytes out = { 0 };
    *bad = NULL;
    *nbad = 0;
    int line = 1;
    for (const char *p = data, *e = data + len; p < e; line++) {
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(e - p);
        if (cp_utf8_valid(p, n)) {
            cp_bytes_add(&out, p, n);
        } else {
            cp_error ignored = { 0 };
            size_t cl = 0;
            char *c = from_gb18030("", p, n, &cl, &ignored);
            if (c) {
                cp_bytes_add(&out, c, cl);
            } else {
                *bad = cp_xrealloc(*bad, (*nbad + 1) * sizeof **bad);
                (*bad)[(*nbad)++] = line;
                if (nl)
                    cp_bytes_add(&out, "\n", 1);
            }
            free(c);
        }
        p += n;
    }
    cp_bytes_add(&out, "", 1);
    *outlen = out.len - 1;
    return (char *)out.data;
}

/* ---- CSV ---- */

typedef struct csv {
    const char *p, *end;
    int line;          /* current physical line */
} csv;

/* Reads one record into fields; returns the number of fields, 0 at the end of input, -1 on an
 * unterminated quote: then the record's first line is skipped (reading goes on at the next
 * line, where the quote most likely should have closed) and err names that line. *rec_line
 * gets the line the record starts on. */
static int csv_record(csv *c, cp_strlist *fields, int *rec_line, const char *name, cp_error *err)
{
    cp_strlist_free(fields);
    if (c->p >= c->end)
        return 0;
    *rec_line = c->line;
    const char *start = c->p;
    size_t cap = 64, n = 0;
    char *buf = cp_xmalloc(cap);
    for (;;) {
        n = 0;
        if (c->p < c->end && *c->p == '"') {
            c->p++;
            for (;;) {
                if (c->p >= c->end) {
                    free(buf);
                    const char *nl = memchr(start, '\n', (size_t)(c->end - start));
                    c->p = nl ? nl + 1 : c->end;
                    c->line = *rec_line + 1;
                    return cp_error_set(err, name, *rec_line, "a quoted field is never closed");
                }
                char ch = *c->p++;
                if (ch == '"') {
                    if (c->p < c->end && *c->p == '"')
                        c->p++;   /* "" inside quotes is one quote */
                    else
                        break;
                }
                if (ch == '\n')
                    c->line++;
                if (n + 2 >= cap)
                    buf = cp_xrealloc(buf, cap *= 2);
                buf[n++] = ch;
            }
        }
        /* Unquoted part (or what follows a closing quote, kept as written). */
        while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
            if (n + 2 >= cap)
                buf = cp_xrealloc(buf, cap *= 2);
            buf[n++] = *c->p++;
        }
        buf[n] = '\0';
        cp_strlist_push(fields, buf);
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            continue;
        }
        if (c->p < c->end && *c->p == '\r')
            c->p++;
        if (c->p < c->end && *c->p == '\n')
            c->p++;
        c->line++;
        break;
    }
    free(buf);
    return (int)fields->n;
}

/* Trims ASCII spaces/tabs and U+3000 (ideographic space) at both ends, in place. */
static char *trim(char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '\t')
            s++;
        else if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
            s += 3;
        else
            break;
    }
    size_t n = strlen(s);
    for (;;) {
        if (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        else if (n >= 3 && (unsigned char)s[n - 3] == 0xE3 && (unsigned char)s[n - 2] == 0x80 &&
                 (unsigned char)s[n - 1] == 0x80)
            n -= 3;
        else
            break;
    }
    s[n] = '\0';
    return s;
}

static bool has_space(const char *s)
{
    for (; *s; s++)
        if (*s == ' ' || *s == '\t')
            return true;
    return false;
}

static void problem(cp_roster *r, int line, const char *fmt, const char *arg)
{
    r->problems = cp_xrealloc(r->problems, (r->nproblems + 1) * sizeof *r->problems);
    cp_error *e = &r->problems[r->nproblems++];
    cp_error_clear(e);
    cp_error_set(e, r->path, line, fmt, arg);
}

cp_roster *cp_roster_parse(const char *name, const char *data, size_t len, cp_error *err)
{
    cp_error_clear(err);
    const char *enc = "UTF-8";
    char *conv = NULL;
    if (len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
                     ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF))) {
        cp_error_set(err, name, 1, "UTF-16 text is not supported: save the roster as CSV UTF-8 "
                                   "(or CSV from Excel)");
        return NULL;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
        enc = "UTF-8 with BOM";
    }
    int *badlines = NULL;
    size_t nbad = 0;
    if (!cp_utf8_valid(data, len)) {
        size_t clen = 0;
        cp_error gerr = { 0 };
        conv = strcmp(enc, "UTF-8") == 0 ? from_gb18030(name, data, len, &clen, &gerr) : NULL;
        if (conv) {
            enc = "GB18030";
        } else {
            if (strcmp(gerr.msg, "") != 0 && strstr(gerr.msg, "unavailable")) {
                *err = gerr;
                return NULL;
            }
            /* mixed or damaged: the lines that read are kept, the others named */
            conv = by_line(data, len, &clen, &badlines, &nbad);
            enc = "UTF-8/GB18030, line by line";
        }
        data = conv;
        len = clen;
    }
    if (memchr(data, '\0', len)) {
        free(conv);
        cp_error_set(err, name, 0, "contains NUL bytes: not a CSV text file");
        return NULL;
    }
    cp_roster *r = cp_xcalloc(1, sizeof *r);
    r->path = cp_xstrdup(name);
    r->encoding = enc;
    for (size_t i = 0; i < nbad; i++)
        problem(r, badlines[i], "neither UTF-8 nor GBK/GB18030%s: the row is skipped (save the "
                                "file as CSV UTF-8)", "");
    free(badlines);
    csv c = { data, data + len, 1 };
    cp_strlist f = { 0 };
    int line = 0;
    /* Header (blank lines before it skipped). */
    int nf;
    do {
        nf = csv_record(&c, &f, &line, name, err);
    } while (nf == 1 && trim(f.v[0])[0] == '\0');
    if (nf <= 0) {
        if (nf == 0)
            cp_error_set(err, name, 1, "empty: expected a header line 姓名,工号,班组");
        goto bad;
    }
    int col_name = -1, col_staff = -1, col_group = -1;
    for (size_t i = 0; i < f.n; i++) {
        const char *h = trim(f.v[i]);
        if (strcmp(h, "姓名") == 0)
            col_name = (int)i;
        else if (strcmp(h, "工号") == 0)
            col_staff = (int)i;
        else if (strcmp(h, "班组") == 0)
            col_group = (int)i;
    }
    if (col_name < 0 || col_staff < 0) {
        cp_error_set(err, name, line, "the header must name the columns 姓名,工号 (and 班组); found '%s%s'",
                     f.v[0], f.n > 1 ? ",..." : "");
        goto bad;
    }
    size_t ncols = f.n;
    cp_strlist seen = { 0 };
    for (;;) {
        cp_error qerr = { 0 };
        nf = csv_record(&c, &f, &line, name, &qerr);
        if (nf < 0) {   /* an unclosed quote: that row is named and skipped, reading goes on */
            problem(r, line, "%s: the row is skipped", "a quoted field is never closed");
            continue;
        }
        if (nf == 0)
            break;
        bool skipped = false;
        for (size_t i = 0; i < nbad && !skipped; i++)
            skipped = r->problems[i].line == line;
        if (skipped || (nf == 1 && trim(f.v[0])[0] == '\0'))
            continue;   /* blank line, or one already named as unreadable */
        if ((size_t)nf != ncols) {
            char n[64];
            snprintf(n, sizeof n, "%zu fields, found %d", ncols, nf);
            problem(r, line, "expected %s", n);
            continue;
        }
        char *nm = trim(f.v[col_name]), *st = trim(f.v[col_staff]);
        char *gr = col_group >= 0 ? trim(f.v[col_group]) : "";
        if (!*nm) {
            problem(r, line, "姓名 is empty%s", "");
            continue;
        }
        if (!*st) {
            problem(r, line, "工号 is empty%s", "");
            continue;
        }
        if (has_space(st)) {
            problem(r, line, "工号 '%s' contains a space", st);
            continue;
        }
        if (strlen(nm) >= 128 || strlen(st) >= 64 || strlen(gr) >= 128) {
            problem(r, line, "a field is too long%s", "");
            continue;
        }
        if (cp_strlist_has(&seen, st)) {
            problem(r, line, "工号 %s appears twice in the file (first row kept)", st);
            continue;
        }
        cp_strlist_push(&seen, st);
        r->rows = cp_xrealloc(r->rows, (r->nrows + 1) * sizeof *r->rows);
        cp_roster_row *row = &r->rows[r->nrows++];
        row->line = line;
        row->name = cp_xstrdup(nm);
        row->staff_no = cp_xstrdup(st);
        row->group = cp_xstrdup(gr);
    }
    cp_strlist_free(&seen);
    cp_strlist_free(&f);
    /* problems in line order (unreadable lines were named first) */
    for (size_t i = 1; i < r->nproblems; i++)
        for (size_t k = i; k > 0 && r->problems[k - 1].line > r->problems[k].line; k--) {
            cp_error t = r->problems[k];
            r->problems[k] = r->problems[k - 1];
            r->problems[k - 1] = t;
        }
    free(conv);
    return r;
bad:
    cp_strlist_free(&f);
    free(conv);
    cp_roster_free(r);
    return NULL;
}

cp_roster *cp_roster_load(const char *path, cp_error *err)
{
    size_t len;
    char *data = cp_read_file(path, MAX_ROSTER, &len, err);
    if (!data)
        return NULL;
    cp_roster *r = cp_roster_parse(path, data, len, err);
    free(data);
    return r;
}

void cp_roster_free(cp_roster *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nrows; i++) {
        free(r->rows[i].name);
        free(r->rows[i].staff_no);
        free(r->rows[i].group);
    }
    free(r->rows);
    free(r->problems);
    free(r->path);
    free(r);
}
