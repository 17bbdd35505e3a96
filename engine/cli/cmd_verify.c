/* cmd_verify.c - `counterpart verify FILE... [--key KEY]`: checks the signature exported score
 * sheets carry (cp_sign.h) and says, per file, valid (with the signing key's fingerprint and
 * time) or what is wrong: which lines / sheets / PDF objects changed, unsigned, damaged
 * signature, or a key that is not trusted. Trusted keys: each --key (a public key
 * "ed25519:..." or a file holding one), else this installation's own key. Never creates a key. */
#include "cli.h"

#include <string.h>
#include <sys/stat.h>

#include "cp_sign.h"


static int usage(FILE *f, int rc)
{
    fprintf(f,
        "usage: counterpart verify FILE... [--key PUBLIC_KEY_OR_FILE]...\n"
        "Checks the signature in each exported file (.json .xapi.json .csv .xlsx .pdf) and prints\n"
        "\"FILE: 有效（签名密钥 <指纹>，签于 <时间>）\", or what is wrong: the lines, sheets or PDF\n"
        "objects that changed; no signature; a damaged signature; a key that is not trusted.\n"
        "Trusted: the keys given with --key (\"ed25519:...\" or a file from `counterpart key\n"
        "--export`), else this installation's own key.\n"
        "exit: 0 every file valid, 1 any file not valid or unreadable, 2 usage\n");
    return rc;
}

/* Adds the keys in arg (a key, or a file of keys) to trust; -1 when it holds none. */
static int add_trust(cp_bytes *trust, const char *arg)
{
    char fp[17];
    if (strncmp(arg, "ed25519:", 8) == 0) {
        if (cp_sign_fingerprint_of(arg, fp) != 0) {
            fprintf(stderr, "counterpart verify: '%s' is not an ed25519 public key\n", arg);
            return -1;
        }
        cp_bytes_addf(trust, "%s\n", arg);
        return 0;
    }
    cp_error err = { 0 };
    size_t len = 0;
    char *text = cp_read_file(arg, 1 << 16, &len, &err);
    if (!text) {
        cli_print_error(&err);
        return -1;
    }
    int found = 0;
    for (char *tok = strtok(text, " ,\t\r\n"); tok; tok = strtok(NULL, " ,\t\r\n"))
        if (cp_sign_fingerprint_of(tok, fp) == 0) {
            cp_bytes_addf(trust, "%s\n", tok);
            found++;
        }
    free(text);
    if (!found) {
        fprintf(stderr, "counterpart: %s: no public key (\"ed25519:...\") in this file\n", arg);
        return -1;
    }
    return 0;
}

/* This installation's public key, when its key file exists and is usable. */
static void add_own_key(cp_bytes *trust)
{
    char path[4096];
    cp_error err = { 0 };
    struct stat st;
    if (cp_sign_default_path(path, sizeof path, &err) != 0 || stat(path, &st) != 0)
        return;
    cp_signer *s = cp_signer_open(path, &err);
    if (!s) {
        cli_print_error(&err);
        return;
    }
    cp_bytes_addf(trust, "%s\n", cp_signer_public(s));
    cp_signer_free(s);
}

static void print_what(const char *what)
{
    const char *p = what;
    while (*p) {
        size_t l = strcspn(p, "\n");
        printf("  %.*s\n", (int)l, p);
        p += l + (p[l] == '\n');
    }
}

static int verify_one(const char *path, const char *trust)
{
    cp_error err = { 0 };
    cp_verify_report rep;
    /* the file is read once, front to back, in windows: any size */
    if (cp_sign_verify_file(path, cp_sign_format_of(path), trust, &rep, &err) != 0) {
        cli_print_error(&err);
        return EXIT_PROBLEM;
    }
    switch (rep.status) {
    case CP_VERIFY_VALID:
        printf("%s: 有效（签名密钥 %s，签于 %s）\n", path, rep.key_fingerprint, rep.signed_at);
        return 0;
    case CP_VERIFY_UNTRUSTED:
        printf("%s: 签名完好，但签名密钥 %s 不受信任（签于 %s）\n", path, rep.key_fingerprint,
               rep.signed_at);
        printf("  若确认该密钥属于出具本文件的机构，请用 --key 指定其公钥后再验证\n");
        return EXIT_PROBLEM;
    case CP_VERIFY_CHANGED:
        printf("%s: 已被修改（签名密钥 %s，签于 %s）\n", path, rep.key_fingerprint, rep.signed_at);
        print_what(rep.what);
        return EXIT_PROBLEM;
    case CP_VERIFY_UNSIGNED:
        printf("%s: 未签名\n", path);
        return EXIT_PROBLEM;
    case CP_VERIFY_BROKEN:
    default:
        printf("%s: 签名已损坏\n", path);
        print_what(rep.what);
        return EXIT_PROBLEM;
    }
}

int cmd_verify(int argc, char **argv)
{
    cp_bytes trust = { 0 };
    int nfiles = 0, keys = 0, rc = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h")) {
            cp_bytes_free(&trust);
            return usage(stdout, 0);
        } else if (cli_is(argv[i], "--key", NULL) && i + 1 < argc) {
            keys++;
            if (add_trust(&trust, argv[++i]) != 0) {
                cp_bytes_free(&trust);
                return EXIT_USAGE;
            }
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "counterpart verify: unknown option '%s'\n", argv[i]);
            cp_bytes_free(&trust);
            return usage(stderr, EXIT_USAGE);
        } else
            nfiles++;
    }
    if (nfiles == 0) {
        cp_bytes_free(&trust);
        return usage(stderr, EXIT_USAGE);
    }
    if (!keys)
        add_own_key(&trust);
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--key", NULL) && i + 1 < argc) {
            i++;
            continue;
        }
        if (verify_one(argv[i], trust.data ? (const char *)trust.data : NULL) != 0)
            rc = EXIT_PROBLEM;
    }
    cp_bytes_free(&trust);
    return rc;
}
