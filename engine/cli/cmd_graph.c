/* cmd_graph.c - `counterpart graph SCENARIO`: Graphviz DOT of nodes, transitions labelled with
 * their conditions, and endings coloured by their 好差评 rating. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "cp_utf8.h"

static int usage(FILE *f, int rc)
{
    fprintf(f, "usage: counterpart graph SCENARIO [-o FILE]\n"
               "Writes the scenario's graph as Graphviz DOT (to stdout, or FILE): nodes with the\n"
               "start of what the citizen says, transitions labelled with their conditions, endings\n"
               "coloured by rating (red 1-2, amber 3, green 4-5). Render: ... | dot -Tpng > g.png\n"
               "exit: 0 written, 1 bad scenario or cannot write, 2 usage\n");
    return rc;
}

/* Writes s as a DOT string body: quotes and backslashes escaped, cut to max code points. */
static void dot_str(FILE *f, const char *s, size_t max)
{
    size_t len = strlen(s), cps = 0;
    for (size_t i = 0; i < len && cps < max; cps++) {
        size_t nx = cp_utf8_next(s, len, i);
        if (s[i] == '"' || s[i] == '\\')
            fputc('\\', f);
        if (s[i] == '\n')
            fputs("\\n", f);
        else
            fwrite(s + i, 1, nx - i, f);
        i = nx;
    }
    if (cp_utf8_count(s, len) > max)
        fputs("…", f);
}

int cmd_graph(int argc, char **argv)
{
    const char *scen = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h"))
            return usage(stdout, 0);
        else if (cli_is(argv[i], "-o", "--output") && i + 1 < argc)
            out = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return usage(stderr, EXIT_USAGE);
        else if (!scen)
            scen = argv[i];
        else
            return usage(stderr, EXIT_USAGE);
    }
    if (!scen)
        return usage(stderr, EXIT_USAGE);
    cp_scenario *sc = cli_load_scenario(scen);
    if (!sc)
        return EXIT_PROBLEM;
    FILE *f = out ? fopen(out, "w") : stdout;
    if (!f) {
        fprintf(stderr, "counterpart: %s: cannot write\n", out);
        cp_scenario_free(sc);
        return EXIT_PROBLEM;
    }
    fprintf(f, "digraph \"%s\" {\n  rankdir=LR;\n  labelloc=t;\n  label=\"", sc->id);
    dot_str(f, sc->title, 60);
    fprintf(f, "\";\n  node [fontname=\"Noto Sans CJK SC\", fontsize=11];\n"
               "  edge [fontname=\"Noto Sans CJK SC\", fontsize=9];\n");
    for (size_t i = 0; i < sc->nnodes; i++) {
        const cp_node *nd = &sc->nodes[i];
        fprintf(f, "  \"%s\" [label=\"%s", nd->id, nd->id);
        fputs("\\n", f);
        dot_str(f, nd->say ? nd->say : "(say 函数)", 18);
        if (nd->is_ending) {
            static const char *const fill[] = { "#dddddd", "#f4a6a6", "#f4a6a6", "#f6d48b",
                                                "#a8dba8", "#a8dba8" };
            int r = nd->rating >= 1 && nd->rating <= 5 ? nd->rating : 0;
            fprintf(f, "\\n%s · %d/5\", shape=ellipse, style=filled, fillcolor=\"%s\"];\n",
                    nd->outcome ? nd->outcome : "?", nd->rating, fill[r]);
        } else {
            fprintf(f, "\", shape=box, style=\"rounded%s\"%s];\n",
                    (int)i == sc->start ? ",bold" : "", (int)i == sc->start ? ", penwidth=2" : "");
        }
    }
    for (size_t i = 0; i < sc->nnodes; i++) {
        const cp_node *nd = &sc->nodes[i];
        for (size_t k = 0; k < nd->nnext; k++) {
            const cp_transition *t = &nd->next[k];
            fprintf(f, "  \"%s\" -> \"%s\" [label=\"%zu: ", nd->id, t->go ? t->go : "?", k + 1);
            dot_str(f, t->label ? t->label : "", 80);
            fprintf(f, "\"%s];\n", t->target < 0 ? ", color=red, fontcolor=red" : "");
        }
    }
    fputs("}\n", f);
    int rc = 0;
    if (out && fclose(f) != 0) {
        fprintf(stderr, "counterpart: %s: write failed\n", out);
        rc = EXIT_PROBLEM;
    }
    cp_scenario_free(sc);
    return rc;
}
