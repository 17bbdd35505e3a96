/* cmd_export.c - `counterpart export`: score sheets for assessors. Builds the score-sheet
 * document for one selection (cp_export_build), checks it, renders each requested format from
 * it, signs every file (cp_sign.h, the installation's key) and writes it atomically, so a file on
 * disk is complete and signed or absent. Needs the assessor passphrase when one is set (the CLI
 * has no "self" trainee). */
#include "cli_records.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cp_export.h"
#include "cp_sign.h"

static int usage(FILE *f, int rc)
{
    fprintf(f,
        "usage: counterpart export (--session ID | --trainee KEY | --exam EXAM | --run ID |\n"
        "                           --group NAME) [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
        "                          --format FMT[,FMT...] (-o FILE | --stdout)\n"
        "                          [--assessor NAME] [--pass-mark N] [--font FAMILY]\n"
        "                          [--db PATH] [--passphrase-file FILE]\n"
        "Writes the score sheet of a selection: one session; one trainee (工号 or id); every run\n"
        "of an exam (its id, e.g. window_basics); one exam run; one 班组. --from/--to keep\n"
        "sessions (exam runs) that started on those days (local dates: Asia/Shanghai unless TZ\n"
        "says otherwise; inclusive).\n"
        "FMT: json (the document, docs/export-schema.md), csv (one row per trainee x criterion),\n"
        "csv-sessions (one row per session), xlsx, pdf, xapi (xAPI 1.0.3 statements).\n"
        "One format: -o FILE is the file. Several (--format json,csv,pdf): -o BASE writes\n"
        "BASE.json, BASE.csv, BASE.sessions.csv, BASE.xlsx, BASE.pdf, BASE.xapi.json.\n"
        "-o an existing folder: DIR/score-sheet.json and so on.\n"
        "--stdout writes one text format (json, csv, csv-sessions, xapi) to standard output.\n"
        "Every file is signed (key: $COUNTERPART_KEY or ~/.local/share/counterpart/signing.key,\n"
        "made on first use; check with counterpart verify) and written to a temporary file that\n"
        "is renamed, so a failed export leaves no partial file.\n"
        "--pass-mark N: percent for sessions, trainees and groups (default %.0f); exams use their\n"
        "own. --assessor NAME is printed on the sheets. --font: the PDF's fontconfig family (TrueType;\n"
        "default WenQuanYi Micro Hei).\n"
        "Needs the assessor passphrase when one is set (--passphrase-file,\n"
        "$COUNTERPART_PASSPHRASE, or a prompt).\n"
        "exit: 0 written, 1 a problem (nothing selected, passphrase, database, writing), 2 usage\n",
        CP_EXPORT_DEFAULT_PASS);
    return rc;
}

typedef struct fmt_info {
    const char *name, *suffix;
    cp_sign_format sign;
    bool text;
} fmt_info;

static const fmt_info FORMATS[] = {
    { "json", ".json", CP_FMT_JSON, true },
    { "csv", ".csv", CP_FMT_CSV, true },
    { "csv-sessions", ".sessions.csv", CP_FMT_CSV, true },
    { "xlsx", ".xlsx", CP_FMT_XLSX, false },
    { "pdf", ".pdf", CP_FMT_PDF, false },
    { "xapi", ".xapi.json", CP_FMT_XAPI, true },
};
#define NFORMATS (sizeof FORMATS / sizeof FORMATS[0])

/* Parses "json,csv" into want[]; -1 naming the unknown one. */
static int parse_formats(const char *list, bool want[NFORMATS], size_t *count)
{
    char *copy = cp_xstrdup(list);
    *count = 0;
    int rc = 0;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        size_t i = 0;
        while (i < NFORMATS && strcmp(FORMATS[i].name, tok) != 0)
            i++;
        if (i == NFORMATS) {
            fprintf(stderr, "counterpart export: unknown format '%s' (json, csv, csv-sessions, "
                            "xlsx, pdf, xapi)\n", tok);
            rc = -1;
            break;
        }
        if (!want[i])
            (*count)++;
        want[i] = true;
    }
    free(copy);
    return rc == 0 && *count == 0 ? -1 : rc;
}

static int render(const fmt_info *f, const cJSON *doc, const char *font, cp_bytes *out,
                  cp_error *err)
{
    if (strcmp(f->name, "json") == 0)
        return cp_export_json(doc, out, err);
    if (strcmp(f->name, "csv") == 0)
        return cp_export_csv(doc, CP_CSV_CRITERIA, out, err);
    if (strcmp(f->name, "csv-sessions") == 0)
        return cp_export_csv(doc, CP_CSV_SESSIONS, out, err);
    if (strcmp(f->name, "xlsx") == 0)
        return cp_export_xlsx(doc, out, err);
    if (strcmp(f->name, "pdf") == 0)
        return cp_export_pdf(doc, font, out, err);
    return cp_export_xapi(doc, out, err);
}

/* Renders and signs every wanted format into a temporary file beside its target (0600,
 * streamed: a class of any size never sits in memory), then renames them all into place: any
 * failure before that leaves no file, new or partial; the previous files stay. */
static int write_files(const cp_signer *signer, const cJSON *doc, const char *font,
                       const bool *want, char *const *paths, size_t nwant)
{
    char *tmp[NFORMATS] = { 0 };
    int rc = EXIT_PROBLEM;
    cp_error err = { 0 };
    unsigned long long size[NFORMATS] = { 0 };
    size_t k;
    for (k = 0; k < NFORMATS; k++) {
        if (!want[k])
            continue;
        char *dir = cp_xstrdup(paths[k]), *slash = strrchr(dir, '/');
        const char *bn = slash ? slash + 1 : paths[k];
        if (slash)
            *slash = '\0';
        char *prefix = cp_xasprintf("%s.tmp.", bn);
        cp_clean_stale_tmp(slash ? (*dir ? dir : "/") : ".", prefix);   /* an interrupted run */
        free(prefix);
        free(dir);
        tmp[k] = cp_xasprintf("%s.tmp.%ld", paths[k], (long)getpid());
        int fd = open(tmp[k], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
        if (!f) {
            cp_error_set(&err, paths[k], 0, "cannot write: %s", strerror(errno));
            if (fd >= 0)
                close(fd);
            goto fail;
        }
        cp_bytes b = { .sink = f };
        int r = render(&FORMATS[k], doc, font, &b, &err);
        bool wrote = cp_bytes_flush(&b) && fflush(f) == 0;
        size[k] = b.flushed;
        int werr = errno;
        cp_bytes_free(&b);
        if (fclose(f) != 0 && wrote) {
            wrote = false;
            werr = errno;
        }
        if (r != 0) {
            char buf[2048];
            fprintf(stderr, "counterpart export: %s: %s\n", FORMATS[k].name,
                    cp_error_format(&err, buf, sizeof buf));
            err.msg[0] = '\0';
            goto fail;
        }
        if (!wrote) {
            cp_error_set(&err, paths[k], 0, "cannot write: %s (previous file kept)", strerror(werr));
            goto fail;
        }
        if (cp_sign_embed_file(signer, FORMATS[k].sign, tmp[k], &err) != 0) {
            if (strstr(err.msg, "cannot write"))
                cp_error_set(&err, paths[k], 0, "cannot write: %s (previous file kept)",
                             strerror(errno));
            goto fail;
        }
        struct stat st;
        if (stat(tmp[k], &st) == 0)
            size[k] = (unsigned long long)st.st_size;
    }
    size_t written = 0;
    for (k = 0; k < NFORMATS; k++) {
        if (!want[k])
            continue;
        if (rename(tmp[k], paths[k]) != 0) {
            cp_error_set(&err, paths[k], 0, "cannot replace: %s (previous file kept)", strerror(errno));
            if (written)
                fprintf(stderr, "counterpart export: %zu of %zu files were written before this one"
                                " (each complete and signed)\n", written, nwant);
            goto fail;
        }
        free(tmp[k]);
        tmp[k] = NULL;
        written++;
        printf("wrote %s (%llu bytes, signed by key %s)\n", paths[k], size[k],
               cp_signer_fingerprint(signer));
    }
    rc = 0;
fail:
    if (rc != 0 && err.msg[0])
        cli_print_error(&err);
    for (k = 0; k < NFORMATS; k++) {
        if (tmp[k])
            unlink(tmp[k]);
        free(tmp[k]);
    }
    return rc;
}

typedef struct opts {
    cp_export_sel sel;
    int nsel;
    const char *formats, *out, *dbpath, *passf, *font;
    bool to_stdout;
} opts;

/* 0 parsed, else the exit code (usage printed). */
static int parse(int argc, char **argv, opts *o)
{
    static const struct { const char *opt; cp_export_kind kind; } SEL[] = {
        { "--session", CP_SEL_SESSION }, { "--trainee", CP_SEL_TRAINEE }, { "--exam", CP_SEL_EXAM },
        { "--run", CP_SEL_RUN }, { "--group", CP_SEL_GROUP },
    };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is(a, "--help", "-h"))
            return usage(stdout, -1);
        if (cli_is(a, "--stdout", NULL)) {
            o->to_stdout = true;
            continue;
        }
        if (a[0] != '-' || i + 1 >= argc) {
            fprintf(stderr, "counterpart export: unexpected '%s'\n", a);
            return usage(stderr, EXIT_USAGE);
        }
        const char *v = argv[++i];
        bool sel = false;
        for (size_t k = 0; k < sizeof SEL / sizeof SEL[0]; k++)
            if (strcmp(a, SEL[k].opt) == 0) {
                o->sel.kind = SEL[k].kind;
                o->sel.key = v;
                o->nsel++;
                sel = true;
            }
        if (sel)
            continue;
        if (cli_is(a, "--from", NULL))
            o->sel.from = v;
        else if (cli_is(a, "--to", NULL))
            o->sel.to = v;
        else if (cli_is(a, "--format", "-f"))
            o->formats = v;
        else if (cli_is(a, "--output", "-o"))
            o->out = v;
        else if (cli_is(a, "--assessor", NULL))
            o->sel.assessor = v;
        else if (cli_is(a, "--font", NULL))
            o->font = v;
        else if (cli_is(a, "--db", NULL))
            o->dbpath = v;
        else if (cli_is(a, "--passphrase-file", NULL))
            o->passf = v;
        else if (cli_is(a, "--pass-mark", NULL)) {
            char *end;
            o->sel.pass_mark = strtod(v, &end);
            if (*end || end == v || !(o->sel.pass_mark > 0 && o->sel.pass_mark <= 100)) {
                fprintf(stderr, "counterpart export: --pass-mark is a percent above 0, up to 100\n");
                return usage(stderr, EXIT_USAGE);
            }
        } else {
            fprintf(stderr, "counterpart export: unknown option '%s'\n", a);
            return usage(stderr, EXIT_USAGE);
        }
    }
    const char *why = NULL;
    if (o->nsel != 1)
        why = "give exactly one of --session, --trainee, --exam, --run, --group";
    else if (!o->formats)
        why = "--format is needed";
    else if (!o->out == !o->to_stdout)
        why = "give -o FILE or --stdout";
    else if (o->sel.pass_mark > 0 && (o->sel.kind == CP_SEL_EXAM || o->sel.kind == CP_SEL_RUN))
        why = "--pass-mark does not apply to exams (each exam has its own pass mark)";
    else if ((o->sel.from || o->sel.to) && (o->sel.kind == CP_SEL_SESSION || o->sel.kind == CP_SEL_RUN))
        why = "--from/--to apply to --trainee, --exam and --group";
    if (why) {
        fprintf(stderr, "counterpart export: %s\n", why);
        return usage(stderr, EXIT_USAGE);
    }
    return 0;
}

int cmd_export(int argc, char **argv)
{
    opts o = { 0 };
    int prc = parse(argc, argv, &o);
    if (prc)
        return prc < 0 ? 0 : prc;
    bool want[NFORMATS] = { 0 };
    size_t nwant = 0;
    if (parse_formats(o.formats, want, &nwant) != 0) {
        if (nwant == 0)
            fprintf(stderr, "counterpart export: --format names no format\n");
        return usage(stderr, EXIT_USAGE);
    }
    if (o.to_stdout) {
        size_t k = 0;
        while (!want[k])
            k++;
        if (nwant != 1 || !FORMATS[k].text) {
            fprintf(stderr, "counterpart export: --stdout takes one text format (json, csv, "
                            "csv-sessions, xapi)\n");
            return usage(stderr, EXIT_USAGE);
        }
    }
    o.sel.scenarios_dir = cli_scenarios_dir();

    int rc = EXIT_PROBLEM;
    cp_error err = { 0 };
    cJSON *doc = NULL;
    cp_scorer *scorer = NULL;
    cp_signer *signer = NULL;
    cp_bytes files[NFORMATS] = { { 0 } };
    char *paths[NFORMATS] = { 0 };
    char *base = NULL;
    bool out_dir = false;
    cp_records *db = cli_open_records_existing(o.dbpath);
    if (!db)
        return EXIT_PROBLEM;
    if (cp_records_has_passphrase(db) && cli_unlock(db, o.passf) != 0)
        goto out;
    /* criterion names and order; without rubrics the sheets still work with the stored names */
    scorer = cp_scorer_load(cli_rubrics_dir(), &err);
    if (!scorer) {
        char buf[2048];
        fprintf(stderr, "counterpart export: warning: rubrics not loaded (%s); criteria keep the "
                        "names stored with the results\n", cp_error_format(&err, buf, sizeof buf));
    }
    /* the sessions' turns are read a trainee at a time while rendering: memory stays flat; the
     * whole export reads one snapshot of the records */
    if (cp_records_snapshot(db, true, &err) != 0) {
        cli_print_error(&err);
        goto out;
    }
    doc = cp_export_build_lazy(db, scorer, &o.sel, &err);
    if (!doc || cp_export_validate(doc, &err) != 0) {
        cli_print_error(&err);
        goto out;
    }
    char keypath[4096];
    if (cp_sign_default_path(keypath, sizeof keypath, &err) != 0 ||
        !(signer = cp_signer_open(keypath, &err))) {
        cli_print_error(&err);
        goto out;
    }
    /* -o an existing folder: files named score-sheet.<ext> in it */
    struct stat ost;
    out_dir = o.out && stat(o.out, &ost) == 0 && S_ISDIR(ost.st_mode);
    base = out_dir ? cp_xasprintf("%s/score-sheet", o.out) : cp_xstrdup(o.out ? o.out : "-");
    for (size_t k = 0; k < NFORMATS; k++)
        if (want[k])
            paths[k] = nwant == 1 && !out_dir ? cp_xstrdup(o.out ? o.out : "-")
                                              : cp_xasprintf("%s%s", base, FORMATS[k].suffix);
    if (!o.to_stdout) {
        rc = write_files(signer, doc, o.font, want, paths, nwant);
        goto out;
    }
    /* standard output: render and sign in memory */
    for (size_t k = 0; k < NFORMATS; k++) {
        if (!want[k])
            continue;
        if (render(&FORMATS[k], doc, o.font, &files[k], &err) != 0 ||
            cp_sign_embed(signer, FORMATS[k].sign, &files[k], &err) != 0) {
            char buf[2048];
            fprintf(stderr, "counterpart export: %s: %s\n", FORMATS[k].name,
                    cp_error_format(&err, buf, sizeof buf));
            goto out;
        }
    }
    if (o.to_stdout) {
        for (size_t k = 0; k < NFORMATS; k++)
            if (want[k] && (fwrite(files[k].data, 1, files[k].len, stdout) != files[k].len ||
                            fflush(stdout) != 0)) {
                fprintf(stderr, "counterpart export: cannot write to standard output\n");
                goto out;
            }
        rc = 0;
        goto out;
    }
    size_t written = 0;
    for (size_t k = 0; k < NFORMATS; k++) {
        if (!want[k])
            continue;
        if (cp_write_file_atomic(paths[k], files[k].data, files[k].len, &err) != 0) {
            cli_print_error(&err);
            if (written)
                fprintf(stderr, "counterpart export: %zu of %zu files were written before this one"
                                " (each complete and signed)\n", written, nwant);
            goto out;
        }
        written++;
        printf("wrote %s (%zu bytes, signed by key %s)\n", paths[k], files[k].len,
               cp_signer_fingerprint(signer));
    }
    rc = 0;
out:
    free(base);
    for (size_t k = 0; k < NFORMATS; k++) {
        cp_bytes_free(&files[k]);
        free(paths[k]);
    }
    cp_signer_free(signer);
    cp_export_release(doc);
    cp_scorer_free(scorer);
    cp_records_close(db);
    return rc;
}
