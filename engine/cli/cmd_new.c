/* cmd_new.c - `counterpart new NAME`: writes a commented starting scenario that passes `check`. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static int usage(FILE *f, int rc)
{
    fprintf(f, "usage: counterpart new NAME [--dir DIR]\n"
               "Writes DIR/NAME.lua (default DIR: the scenario folder), a commented starting\n"
               "scenario with two nodes and three endings that passes `counterpart check`.\n"
               "NAME: lower-case letters, digits and '_'. An existing file is never overwritten.\n"
               "exit: 0 written, 1 cannot write or file exists, 2 usage\n");
    return rc;
}

static const char TEMPLATE[] =
    "-- %s.lua - a new scenario. Format: docs/scenario-api.md; guide for trainers: docs/guide-zh.md\n"
    "-- Test it: counterpart check scenarios/%s.lua\n"
    "--          counterpart run %s --replies FILE   (one reply per line, '#2' picks choice 2)\n"
    "--          counterpart graph %s | dot -Tpng > %s.png\n"
    "return scenario {\n"
    "  id = \"%s\",                   -- must equal the file name\n"
    "  title = \"新场景\",\n"
    "  summary = \"一句话说明这个场景练什么。\",\n"
    "  sources = { \"002 问答\" },       -- the seed sections it draws on (shared/TRAINING.md)\n"
    "  difficulty = 1,                  -- 1 easy .. 3 hard\n"
    "  notes = \"场景中的日期、金额为示例，以当地规定为准。\",\n"
    "  -- The case brief (案情卡) the trainee sees first. Every fact a node scores (notice items,\n"
    "  -- where to get them, the deadline, the basis, check terms) must be here or said by the\n"
    "  -- citizen earlier: `check` reports one a trainee could not know.\n"
    "  brief = {\n"
    "    who     = \"张女士，45岁，上次来问过一次，这次觉得说法不一样\",\n"
    "    brought = { \"身份证原件\" },          -- what they brought\n"
    "    system  = { \"上次来访有咨询记录\" },  -- what the system shows\n"
    "    rules   = { \"当场登记，出具回执\" },  -- the local rules for this case\n"
    "    facts   = { },                     -- anything else\n"
    "  },\n"
    "  top = \"先认可对方的不便，再一次说清带什么、去哪里、什么时候，不打包票\",   -- what a 5 takes\n"
    "  -- Criteria scored at every node unless a node lists its own (scenarios/rubrics/).\n"
    "  criteria = { \"lur.listen\", \"lur.understand\", \"lur.respond\", \"lur.order\",\n"
    "               \"empathy.acknowledge\", \"empathy.no_blame\", \"empathy.courtesy\",\n"
    "               \"compliance.no_promise\", \"clarity.plain_language\" },\n"
    "  persona = {\n"
    "    name = \"张女士\", age = 45, gender = \"female\", role = \"来窗口咨询的市民\",\n"
    "    anger = 60, trust = 40,        -- 0..100 at the start\n"
    "    -- How each criterion's result moves the persona after a reply.\n"
    "    reacts = {\n"
    "      [\"empathy.acknowledge\"] = { met = { anger = -15, trust = 10 }, missed = { anger = 5 } },\n"
    "      [\"empathy.no_blame\"]    = { missed = { anger = 25, trust = -20 } },\n"
    "      [\"lur.respond\"]         = { met = { trust = 10 } },\n"
    "    },\n"
    "  },\n"
    "  start = \"opening\",\n"
    "  nodes = {\n"
    "    opening = node {\n"
    "      expression = \"angry\",\n"
    "      say = \"我上次来问过一次，怎么这次说法又不一样了？\",\n"
    "      hint = \"先承认对方的不便，再请对方说说上次是怎么说的。\",\n"
    "      model = \"让您白跑一趟，真不好意思。您慢慢说，上次窗口是怎么跟您讲的？\",\n"
    "      choices = {\n"
    "        \"让您白跑一趟，真不好意思。您慢慢说，上次窗口是怎么跟您讲的？\",\n"
    "        \"您好，请问您要办什么业务？\",\n"
    "        \"上次谁说的你找谁去，这不归我管。\",\n"
    "      },\n"
    "      next = {   -- the first matching transition wins; one without `when` is the default\n"
    "        { when = { missed_any = { \"empathy.no_blame\" } }, go = \"complaint\" },\n"
    "        { when = { met = { \"empathy.acknowledge\" } }, go = \"explain\" },\n"
    "        { go = \"explain\" },\n"
    "      },\n"
    "    },\n"
    "    explain = node {\n"
    "      expression = \"confused\",\n"
    "      say = function(state)   -- a function can vary the line with the persona's state\n"
    "        if state.anger >= 60 then return \"你就直接说，到底要我怎么办？\" end\n"
    "        return \"那您说，我现在该怎么办？\"\n"
    "      end,\n"
    "      hint = \"把要做的事一次说清：带什么、去哪里、什么时候。\",\n"
    "      model = \"我理解您着急。您带上身份证原件，明天上午到3号窗口，我先帮您登记，当场给您回执。\",\n"
    "      choices = {\n"
    "        \"我理解您着急。您带上身份证原件，明天上午到3号窗口，我先帮您登记，当场给您回执。\",\n"
    "        \"好的，我知道了，您别着急。\",\n"
    "        \"规定就是规定，我也没办法。\",\n"
    "      },\n"
    "      next = {\n"
    "        { when = { met = { \"lur.respond\" }, anger_below = 60 }, go = \"resolved\" },\n"
    "        { when = { missed_any = { \"empathy.no_blame\" } }, go = \"complaint\" },\n"
    "        { go = \"unsure\" },\n"
    "      },\n"
    "    },\n"
    "  },\n"
    "  endings = {\n"
    "    -- title: the ending's name on the end screen; explain: why the story ended here.\n"
    "    resolved  = ending { outcome = \"resolved\", rating = 5, expression = \"relieved\",\n"
    "                         title = \"问题解决\", explain = \"先认可了她的不便，又一次说清了怎么办。\",\n"
    "                         say = \"好，这下清楚了，谢谢您。\" },\n"
    "    unsure    = ending { outcome = \"walked_away\", rating = 3, expression = \"confused\",\n"
    "                         title = \"群众离开\", explain = \"她没听到具体该怎么办，只好去问别人。\",\n"
    "                         say = \"那我再回去问问别人吧。\" },\n"
    "    complaint = ending { outcome = \"complaint\", rating = 1, expression = \"furious\",\n"
    "                         title = \"群众投诉\", explain = \"指责和推诿让她觉得没被当回事。\",\n"
    "                         say = \"你这什么态度？我要投诉！\" },\n"
    "  },\n"
    "}\n";

int cmd_new(int argc, char **argv)
{
    const char *name = NULL, *dir = cli_scenarios_dir();
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h"))
            return usage(stdout, 0);
        else if (cli_is(argv[i], "--dir", NULL) && i + 1 < argc)
            dir = argv[++i];
        else if (argv[i][0] == '-')
            return usage(stderr, EXIT_USAGE);
        else if (!name)
            name = argv[i];
        else
            return usage(stderr, EXIT_USAGE);
    }
    if (!name)
        return usage(stderr, EXIT_USAGE);
    size_t n = strlen(name);
    bool ok = n > 0 && n <= 64;
    for (size_t i = 0; i < n; i++)
        ok &= (name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') || name[i] == '_';
    if (!ok) {
        fprintf(stderr, "counterpart new: '%s': use lower-case letters, digits and '_' (at most 64)\n", name);
        return EXIT_USAGE;
    }
    char *path = cp_xasprintf("%s/%s.lua", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) {
        fprintf(stderr, "counterpart: %s: %s\n", path,
                errno == EEXIST ? "already exists (not overwritten)" : strerror(errno));
        free(path);
        return EXIT_PROBLEM;
    }
    FILE *f = fdopen(fd, "w");
    fprintf(f, TEMPLATE, name, name, name, name, name, name);
    if (fclose(f) != 0) {
        fprintf(stderr, "counterpart: %s: write failed\n", path);
        unlink(path);
        free(path);
        return EXIT_PROBLEM;
    }
    printf("%s\n", path);
    free(path);
    return 0;
}
