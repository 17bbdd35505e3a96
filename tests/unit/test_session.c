/* test_session.c - playing a scenario: transitions (choices, functions, flags, visits, turns),
 * state moved by reacts, replies that fail leave the session unchanged, save/resume is exact,
 * and broken or foreign save files get clear errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cp_session.h"

#define FX "tests/fixtures/"

typedef struct env {
    cp_scorer *scorer;
    cp_scenario *sc;
} env;

static int setup(void **st)
{
    cp_error err = { 0 };
    env *e = calloc(1, sizeof *e);
    e->scorer = cp_scorer_load("scenarios/rubrics", &err);
    e->sc = cp_scenario_load(FX "branching.lua", &err);
    if (!e->scorer || !e->sc) {
        char buf[2048];
        fprintf(stderr, "setup: %s\n", cp_error_format(&err, buf, sizeof buf));
        return -1;
    }
    *st = e;
    return 0;
}

static int teardown(void **st)
{
    env *e = *st;
    cp_scenario_free(e->sc);
    cp_scorer_free(e->scorer);
    free(e);
    return 0;
}

static cp_session *start(env *e)
{
    cp_error err = { 0 };
    cp_session *s = cp_session_new(e->sc, e->scorer, &err);
    assert_non_null(s);
    return s;
}

static void reply_ok(cp_session *s, const char *text, int choice)
{
    cp_error err = { 0 };
    if (cp_session_reply(s, text, choice, &err) != 0) {
        char buf[2048];
        fail_msg("reply failed: %s", cp_error_format(&err, buf, sizeof buf));
    }
}

static void starts_at_start_node(void **st)
{
    cp_session *s = start(*st);
    assert_string_equal(cp_session_node(s)->id, "a");
    assert_string_equal(cp_session_citizen(s), "开始");
    assert_int_equal(cp_session_anger(s), 50);
    assert_int_equal(cp_session_nturns(s), 0);
    assert_false(cp_session_ended(s));
    cp_session_free(s);
}

static void choice_is_scored_as_its_text_and_branches(void **st)
{
    cp_session *s = start(*st);
    reply_ok(s, NULL, 1);
    const cp_turn *t = cp_session_turn(s, 0);
    assert_string_equal(t->reply, "选一");
    assert_int_equal(t->choice, 1);
    assert_string_equal(t->node, "a");
    assert_string_equal(t->next, "b");
    assert_string_equal(cp_session_node(s)->id, "b");
    /* say(state) sees visits, anger and the flag the transition set */
    char want[128];
    snprintf(want, sizeof want, "第1次到b，怒气%d，选过一", cp_session_anger(s));
    assert_string_equal(cp_session_citizen(s), want);
    cp_session_free(s);
}

static void no_matching_transition_stays(void **st)
{
    cp_session *s = start(*st);
    reply_ok(s, "随便说点什么", 0);
    assert_string_equal(cp_session_node(s)->id, "a");
    assert_string_equal(cp_session_turn(s, 0)->next, "a");
    cp_session_free(s);
}

static void visits_and_flags_conditions(void **st)
{
    cp_session *s = start(*st);
    reply_ok(s, NULL, 1);          /* a -> b (visit 1), flag set */
    reply_ok(s, "再来", 0);        /* visits 1 < 2 -> b again */
    assert_string_equal(cp_session_node(s)->id, "b");
    assert_non_null(strstr(cp_session_citizen(s), "第2次到b"));
    reply_ok(s, "再来", 0);        /* visits 2, flag -> good, flag cleared */
    assert_true(cp_session_ended(s));
    assert_string_equal(cp_session_node(s)->id, "good");
    char *json = cp_session_json(s, false);
    assert_null(strstr(json, "picked_one"));
    free(json);
    cp_session_free(s);
}

static void turns_condition(void **st)
{
    cp_session *s = start(*st);
    reply_ok(s, "一", 0);
    reply_ok(s, "二", 0);
    assert_false(cp_session_ended(s));
    reply_ok(s, "三", 0);
    assert_true(cp_session_ended(s));
    assert_string_equal(cp_session_node(s)->outcome, "walked_away");
    cp_session_free(s);
}

static void failing_when_function_changes_nothing(void **st)
{
    cp_session *s = start(*st);
    reply_ok(s, "去出错", 0);
    assert_string_equal(cp_session_node(s)->id, "fails");
    int anger = cp_session_anger(s);
    cp_error err = { 0 };
    assert_int_equal(cp_session_reply(s, "您好", 0, &err), -1);
    assert_non_null(strstr(err.msg, "boom in when"));
    assert_string_equal(err.file, FX "branching.lua");
    assert_int_equal(err.line, 35);
    assert_int_equal(cp_session_nturns(s), 1);
    assert_string_equal(cp_session_node(s)->id, "fails");
    assert_int_equal(cp_session_anger(s), anger);
    cp_session_free(s);
}

static void bad_choice_and_ended_session_are_refused(void **st)
{
    cp_session *s = start(*st);
    cp_error err = { 0 };
    assert_int_equal(cp_session_reply(s, NULL, 3, &err), -1);
    assert_non_null(strstr(err.msg, "has 2 choices, not 3"));
    assert_int_equal(cp_session_nturns(s), 0);
    reply_ok(s, "一", 0);
    reply_ok(s, "二", 0);
    reply_ok(s, "三", 0);
    assert_int_equal(cp_session_reply(s, "还有吗", 0, &err), -1);
    assert_non_null(strstr(err.msg, "has ended"));
    cp_session_free(s);
}

static void invalid_utf8_reply_is_sanitised(void **st)
{
    cp_session *s = start(*st);
    reply_ok(s, "您好\xff\xfe请", 0);
    assert_string_equal(cp_session_turn(s, 0)->reply, "您好\xEF\xBF\xBD\xEF\xBF\xBD请");
    cp_session_free(s);
}

/* Courteous replies calm the persona, rude ones raise anger and cut trust (real scorer). */
static void reacts_move_state_by_criterion(void **st)
{
    cp_session *s = start(*st);
    reply_ok(s, "您好，请您稍等一下，谢谢您。", 0);
    const cp_crit_result *c = cp_result_find(&cp_session_turn(s, 0)->result, "empathy.courtesy");
    assert_non_null(c);
    assert_true(c->met);
    assert_int_equal(cp_session_anger(s), 40);
    assert_int_equal(cp_session_trust(s), 55);
    reply_ok(s, "烦不烦啊你，滚。", 0);
    c = cp_result_find(&cp_session_turn(s, 1)->result, "empathy.courtesy");
    assert_false(c->met);
    assert_int_equal(cp_session_anger(s), 70);
    assert_int_equal(cp_session_trust(s), 0); /* clamped */
    cp_session_free(s);
}

static void save_and_resume_is_exact(void **st)
{
    env *e = *st;
    cp_session *s = start(e);
    reply_ok(s, NULL, 1);
    reply_ok(s, "再来一次", 0);
    char path[] = "/tmp/cp-session-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    cp_error err = { 0 };
    assert_int_equal(cp_session_save(s, path, &err), 0);
    cp_session *r = cp_session_load(path, e->sc, e->scorer, &err);
    assert_non_null(r);
    char *a = cp_session_json(s, false), *b = cp_session_json(r, false);
    assert_string_equal(a, b);
    free(a);
    free(b);
    /* Both continue identically. */
    reply_ok(s, "第三句", 0);
    reply_ok(r, "第三句", 0);
    a = cp_session_json(s, false);
    b = cp_session_json(r, false);
    assert_string_equal(a, b);
    assert_true(cp_session_ended(r));
    free(a);
    free(b);
    cp_session_free(s);
    cp_session_free(r);
    unlink(path);
}

static void expect_bad_save(env *e, const char *json, int line, const char *want)
{
    cp_error err = { 0 };
    cp_session *s = cp_session_from_json(json, strlen(json), "save.json", e->sc, e->scorer, &err);
    if (s || strcmp(err.file, "save.json") != 0 || err.line != line || !strstr(err.msg, want))
        fail_msg("got '%s:%d: %s', want line %d '%s'", err.file, err.line, err.msg, line, want);
}

static void broken_save_files_get_clear_errors(void **st)
{
    env *e = *st;
    expect_bad_save(e, "{\n  \"format\": \"counterpart-session\",\n  \"version\": 1,\n  oops\n}", 4,
                    "JSON syntax error");
    expect_bad_save(e, "", 1, "JSON syntax error");
    expect_bad_save(e, "[1, 2, 3]", 0, "not a Counterpart session file");
    expect_bad_save(e, "{\"name\": \"a spreadsheet\"}", 0, "not a Counterpart session file");
    expect_bad_save(e, "{\"format\": \"counterpart-session\", \"version\": 9}", 0,
                    "version 9 is not supported");
    expect_bad_save(e, "{\"format\": \"counterpart-session\", \"version\": 1, \"scenario\": \"other\"}",
                    0, "saved for scenario 'other'");
    expect_bad_save(e, "{\"format\": \"counterpart-session\", \"version\": 1, \"scenario\": \"branching\","
                       " \"turns\": [], \"current\": {\"node\": \"gone\", \"citizen\": \"x\", \"anger\": 1, \"trust\": 1}}",
                    0, "'gone' is not a node");
    expect_bad_save(e, "{\"format\": \"counterpart-session\", \"version\": 1, \"scenario\": \"branching\","
                       " \"turns\": [], \"current\": {\"node\": \"a\", \"citizen\": \"x\", \"anger\": 400, \"trust\": 1}}",
                    0, "current.anger: out of range");
}

static void truncated_save_is_refused(void **st)
{
    env *e = *st;
    cp_session *s = start(e);
    reply_ok(s, NULL, 1);
    char *json = cp_session_json(s, true);
    size_t len = strlen(json);
    for (size_t cut = 1; cut < len; cut += len / 7) {
        cp_error err = { 0 };
        cp_session *r = cp_session_from_json(json, cut, "cut.json", e->sc, e->scorer, &err);
        assert_null(r);
        assert_string_equal(err.file, "cut.json");
    }
    free(json);
    cp_session_free(s);
}

/* Scenario-wide checks are scored at every node; a node's own check with the same id replaces it. */
static void scenario_checks_and_node_override(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    cp_scenario *sc = cp_scenario_load(FX "checks.lua", &err);
    assert_non_null(sc);
    assert_int_equal(sc->nodes[cp_scenario_find(sc, "a")].nchecks, 1);
    assert_int_equal(sc->nodes[cp_scenario_find(sc, "b")].nchecks, 1);
    assert_string_equal(sc->nodes[cp_scenario_find(sc, "b")].checks[0].name, "早安");
    cp_session *s = cp_session_new(sc, e->scorer, &err);
    assert_non_null(s);
    reply_ok(s, "早上好", 0);
    assert_string_equal(cp_session_node(s)->id, "a");
    reply_ok(s, "您好，请坐", 0);
    assert_string_equal(cp_session_node(s)->id, "b");
    const cp_crit_result *c = cp_result_find(&cp_session_turn(s, 1)->result, "x.greet");
    assert_non_null(c);
    assert_true(c->met);
    reply_ok(s, "您好", 0);
    assert_string_equal(cp_session_node(s)->id, "b");
    reply_ok(s, "早上好", 0);
    assert_true(cp_session_ended(s));
    cp_session_free(s);
    cp_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(starts_at_start_node),
        cmocka_unit_test(choice_is_scored_as_its_text_and_branches),
        cmocka_unit_test(no_matching_transition_stays),
        cmocka_unit_test(visits_and_flags_conditions),
        cmocka_unit_test(turns_condition),
        cmocka_unit_test(failing_when_function_changes_nothing),
        cmocka_unit_test(bad_choice_and_ended_session_are_refused),
        cmocka_unit_test(invalid_utf8_reply_is_sanitised),
        cmocka_unit_test(reacts_move_state_by_criterion),
        cmocka_unit_test(save_and_resume_is_exact),
        cmocka_unit_test(broken_save_files_get_clear_errors),
        cmocka_unit_test(truncated_save_is_refused),
        cmocka_unit_test(scenario_checks_and_node_override),
    };
    return cmocka_run_group_tests_name("session", tests, setup, teardown);
}
