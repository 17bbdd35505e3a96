/* cmd_key.c - `counterpart key`: shows this installation's signing public key and fingerprint
 * (making the key pair on first use), and `--export FILE` writes the public key for assessors
 * who verify score sheets on another machine. Never prints or exports the secret key. */
#include "cli.h"

#include <string.h>

#include "cp_sign.h"

static int usage(FILE *f, int rc)
{
    fprintf(f,
        "usage: counterpart key [--export FILE]\n"
        "Shows this installation's signing public key and its fingerprint; the key pair is made\n"
        "on first use. --export FILE writes the public key (one line, \"ed25519:...\") for\n"
        "`counterpart verify --key FILE` on another machine.\n"
        "Key file: $COUNTERPART_KEY, else $XDG_DATA_HOME/counterpart/signing.key, else\n"
        "~/.local/share/counterpart/signing.key (mode 0600; refused when others can read it).\n"
        "exit: 0 ok, 1 key file or write problem, 2 usage\n");
    return rc;
}

int cmd_key(int argc, char **argv)
{
    const char *export_to = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h"))
            return usage(stdout, 0);
        else if (cli_is(argv[i], "--export", NULL) && i + 1 < argc)
            export_to = argv[++i];
        else {
            fprintf(stderr, "counterpart key: unexpected argument '%s'\n", argv[i]);
            return usage(stderr, EXIT_USAGE);
        }
    }
    char path[4096];
    cp_error err = { 0 };
    if (cp_sign_default_path(path, sizeof path, &err) != 0) {
        cli_print_error(&err);
        return EXIT_PROBLEM;
    }
    cp_signer *s = cp_signer_open(path, &err);
    if (!s) {
        cli_print_error(&err);
        return EXIT_PROBLEM;
    }
    int rc = 0;
    if (export_to) {
        char *text = cp_xasprintf("%s\n", cp_signer_public(s));
        if (cp_write_file_atomic(export_to, text, strlen(text), &err) != 0) {
            cli_print_error(&err);
            rc = EXIT_PROBLEM;
        } else {
            printf("公钥已导出到 %s（指纹 %s）\n", export_to, cp_signer_fingerprint(s));
        }
        free(text);
    } else {
        printf("公钥 %s\n指纹 %s\n密钥文件 %s\n", cp_signer_public(s), cp_signer_fingerprint(s),
               path);
    }
    cp_signer_free(s);
    return rc;
}
