/* cmd_sign.c - `counterpart sign FILE...`: signs files in place with this installation's key,
 * the same signature `counterpart export` embeds (for a file an assessor wrote, or to re-sign a
 * sheet after a deliberate edit with --resign). Files are rewritten atomically. */
#include "cli.h"

#include <string.h>

#include "cp_sign.h"

#define MAX_FILE (256u << 20)

static int usage(FILE *f, int rc)
{
    fprintf(f,
        "usage: counterpart sign [--resign] FILE...\n"
        "Embeds this installation's signature in each file (.json .xapi.json .csv .xlsx .pdf),\n"
        "as exports do, rewriting the file atomically. A file that already carries a signature\n"
        "is refused unless --resign, which removes the old one first (whatever its state):\n"
        "use it only after an edit you mean to stand behind.\n"
        "exit: 0 all signed, 1 a file could not be signed, 2 usage\n");
    return rc;
}

static int sign_one(const cp_signer *s, const char *path, bool resign)
{
    cp_error err = { 0 };
    size_t len = 0;
    char *data = cp_read_file(path, MAX_FILE, &len, &err);
    if (!data) {
        cli_print_error(&err);
        return EXIT_PROBLEM;
    }
    cp_sign_format fmt = cp_sign_format_of(path);
    int rc = EXIT_PROBLEM;
    cp_bytes b = { 0 };
    if (fmt == CP_FMT_UNKNOWN) {
        fprintf(stderr, "counterpart: %s: unknown format (expected .json .xapi.json .csv .xlsx "
                        ".pdf)\n", path);
        goto out;
    }
    int had = cp_sign_strip((const unsigned char *)data, len, fmt, &b, &err);
    if (had < 0 || (had == 1 && !resign)) {
        if (had == 1)
            fprintf(stderr, "counterpart: %s: already signed (use --resign to replace the "
                            "signature)\n", path);
        else
            fprintf(stderr, "counterpart: %s: %s\n", path, err.msg);
        goto out;
    }
    if (cp_sign_embed(s, fmt, &b, &err) != 0 || cp_write_file_atomic(path, b.data, b.len, &err)) {
        fprintf(stderr, "counterpart: %s: %s\n", path, err.msg);
        goto out;
    }
    printf("%s: 已%s签名（签名密钥 %s）\n", path, had ? "重新" : "", cp_signer_fingerprint(s));
    rc = 0;
out:
    cp_bytes_free(&b);
    free(data);
    return rc;
}

int cmd_sign(int argc, char **argv)
{
    bool resign = false;
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h"))
            return usage(stdout, 0);
        else if (cli_is(argv[i], "--resign", NULL))
            resign = true;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "counterpart sign: unknown option '%s'\n", argv[i]);
            return usage(stderr, EXIT_USAGE);
        } else
            nfiles++;
    }
    if (nfiles == 0)
        return usage(stderr, EXIT_USAGE);
    char path[4096];
    cp_error err = { 0 };
    cp_signer *s = NULL;
    if (cp_sign_default_path(path, sizeof path, &err) != 0 || !(s = cp_signer_open(path, &err))) {
        cli_print_error(&err);
        return EXIT_PROBLEM;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++)
        if (argv[i][0] != '-' || !argv[i][1])
            if (sign_one(s, argv[i], resign) != 0)
                rc = EXIT_PROBLEM;
    cp_signer_free(s);
    return rc;
}
