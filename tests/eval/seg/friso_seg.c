/*
 * friso_seg.c - segment stdin with libfriso, one output line per input line,
 * tokens separated by single spaces (token text is copied from the input
 * bytes via the token offset, so output is an exact partition of the
 * non-whitespace input).  Used by seg_eval.py; not part of Counterpart.
 *
 * build: cc -O2 -o /tmp/friso_seg friso_seg.c -lfriso
 * usage: friso_seg [-i friso.ini] [-d domain_lexicon.txt]
 *                  [-s] (simple mode instead of complex) [-q] (stats only)
 * friso.max_len (longest dictionary word, default 5) is read from the ini;
 * it also filters which lexicon words get loaded, so seg_eval.py writes a
 * patched copy of the ini to /tmp to try a larger value.
 * Config: the ini file (default /etc/friso/friso.ini) is loaded, then
 *   add_syn=0 (no synonym tokens), en_sseg=0 (no overlapping sub-tokens),
 *   keep_urec=1 (never drop characters), mode=complex unless -s.
 * Load time / resident-memory delta of the lexicon are printed to stderr.
 */
#include <friso/friso.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long rss_kb(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, res = 0;
    if (f) { if (fscanf(f, "%ld %ld", &pages, &res) != 2) res = 0; fclose(f); }
    return res * (sysconf(_SC_PAGESIZE) / 1024);
}
static double now_ms(void) {
    struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
    const char *ini = "/etc/friso/friso.ini", *domain = NULL;
    int simple = 0, quiet = 0, c;
    while ((c = getopt(argc, argv, "i:d:sq")) != -1) {
        switch (c) {
        case 'i': ini = optarg; break;
        case 'd': domain = optarg; break;
        case 's': simple = 1; break;
        case 'q': quiet = 1; break;
        default: fprintf(stderr, "bad option\n"); return 2;
        }
    }
    long rss0 = rss_kb(); double t0 = now_ms();
    friso_t friso = friso_new();
    friso_config_t config = friso_new_config();
    if (friso_init_from_ifile(friso, config, (fstring) ini) != 1) {
        fprintf(stderr, "friso init failed (%s)\n", ini); return 1;
    }
    double t1 = now_ms(); long rss1 = rss_kb();
    unsigned n_default = friso_all_dic_size(friso->dic);
    unsigned n_domain = 0;
    if (domain) {
        FILE *fd = fopen(domain, "r"); char line[512];
        if (!fd) { perror(domain); return 1; }
        while (fgets(line, sizeof line, fd)) {
            size_t L = strcspn(line, " \t\r\n");     /* optional "word freq" */
            if (L == 0 || line[0] == '#') continue;
            line[L] = 0;
            if (!friso_dic_match(friso->dic, __LEX_CJK_WORDS__, line)) n_domain++;
            friso_dic_add(friso->dic, __LEX_CJK_WORDS__, strdup(line), NULL);
        }
        fclose(fd);
    }
    config->add_syn = 0; config->en_sseg = 0; config->keep_urec = 1;
    friso_set_mode(config, simple ? __FRISO_SIMPLE_MODE__ : __FRISO_COMPLEX_MODE__);
    fprintf(stderr, "friso: max_len=%d entries=%u (+%u domain) load=%.1f ms rss_delta=%ld KB\n",
            config->max_len, n_default, n_domain, t1 - t0, rss1 - rss0);
    if (quiet) return 0;

    friso_task_t task = friso_new_task();
    char *buf = NULL; size_t cap = 0; ssize_t n;
    double tseg = 0; long nbytes = 0;
    while ((n = getline(&buf, &cap, stdin)) > 0) {
        while (n > 0 && (buf[n-1] == '\n' || buf[n-1] == '\r')) buf[--n] = 0;
        double ts = now_ms();
        friso_set_text(task, buf);
        int first = 1;
        while (config->next_token(friso, config, task) != NULL) {
            friso_token_t tok = task->token;
            int len = (tok->type == __LEX_PUNC_WORDS__ || tok->type == __LEX_UNKNOW_WORDS__)
                      ? tok->length : tok->rlen;
            if (len <= 0) continue;
            printf(first ? "%.*s" : " %.*s", len, buf + tok->offset);
            first = 0;
        }
        tseg += now_ms() - ts; nbytes += n;
        putchar('\n');
    }
    fprintf(stderr, "friso: segmented %ld bytes in %.2f ms\n", nbytes, tseg);
    friso_free_task(task);
    friso_free_config(config);
    friso_free(friso);
    free(buf);
    return 0;
}
