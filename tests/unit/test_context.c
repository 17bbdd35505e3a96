/* test_context.c - scoring in context (issue 12): words not substrings, deadlines understood,
 * the hard privacy rule against the citizen's own words, focus (a turn shows what it scores),
 * the learned layer's file (round trip, damage refused) and training (deterministic).
 * Runs from the repo root (loads scenarios/rubrics and jieba's dictionary). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cp_scorer.h"
#include "cp_utf8.h"
#include "scoring/scorer_int.h"
#include "scoring/model.h"

static cp_scorer *S;
static cp_result R;

static int setup(void **state)
{
    (void)state;
    cp_error err = { 0 };
    S = cp_scorer_load("scenarios/rubrics", &err);
    if (!S)
        fprintf(stderr, "load: %s:%d: %s\n", err.file, err.line, err.msg);
    return S ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cp_scorer_free(S);
    return 0;
}

/* ---- Words ---- */

static size_t words(const char *s, char out[][32], size_t cap)
{
    static uint32_t n[512], oi[512];
    static uint16_t ws[512], we[512];
    size_t total;
    size_t N = cp_norm_text(&S->nm, s, strlen(s), n, oi, 512, &total);
    size_t nw = sc_seg_words(S->seg, n, N, ws, we, 512);
    size_t k = 0;
    for (size_t i = 0; i < nw && k < cap; i++) {
        size_t o = 0;
        for (size_t j = ws[i]; j < we[i] && o + 4 < 32; j++)
            o += cp_utf8_encode(n[j], out[k] + o);
        out[k][o] = '\0';
        k++;
    }
    return k;
}

static bool has_word(const char *s, const char *w)
{
    char out[128][32];
    size_t n = words(s, out, 128);
    for (size_t i = 0; i < n; i++)
        if (strcmp(out[i], w) == 0)
            return true;
    return false;
}

static void test_words_not_substrings(void **state)
{
    (void)state;
    /* 请 inside 申请 is not a word of its own; 人社部门 is not 人社部 + 门 */
    assert_true(has_word("我帮您申请缓缴", "申请"));
    assert_false(has_word("我帮您申请缓缴", "请"));
    assert_true(has_word("这事归人社部门管", "人社部门"));
    assert_false(has_word("这事归人社部门管", "人社部"));
    /* the domain lexicon's removals: 慢慢说 no longer hides 说 */
    assert_true(has_word("您慢慢说", "说"));
    /* a check-back is one word, so it can be an act */
    assert_true(has_word("扣了三百八，对吧？", "对吧"));
    /* digits stay one token */
    assert_true(has_word("请到3号窗口", "3"));
}

static void test_dictionary_cache_is_rebuilt_when_damaged(void **state)
{
    (void)state;
    char dir[] = "/tmp/cp-cache-XXXXXX";
    assert_non_null(mkdtemp(dir));
    setenv("XDG_CACHE_HOME", dir, 1);
    setenv("COUNTERPART_MODEL", "none", 1);
    cp_error err = { 0 };
    const char *t = "我帮您申请缓缴，人社部门会通知您";
    char a[128][32], b[128][32];
    cp_scorer *keep = S;
    for (int round = 0; round < 3; round++) {
        S = cp_scorer_load("scenarios/rubrics", &err);   /* 0: builds, 1: cache, 2: damaged */
        assert_non_null(S);
        size_t n = words(t, round == 0 ? a : b, 128);
        if (round > 0)
            for (size_t i = 0; i < n; i++)
                assert_string_equal(a[i], b[i]);
        cp_scorer_free(S);
        char cmd[256];
        if (round == 1) {   /* cut the cached table in half */
            snprintf(cmd, sizeof cmd, "for f in %s/counterpart/seg-*.bin; do truncate -s 100000 \"$f\"; done", dir);
            assert_int_equal(system(cmd), 0);
        }
    }
    S = keep;
    unsetenv("COUNTERPART_MODEL");
    unsetenv("XDG_CACHE_HOME");
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* ---- Time expressions ---- */

static void when1(const char *s, sc_when *w)
{
    size_t n = sc_when_text(&S->nm, s, w, 1);
    if (n != 1)
        fail_msg("no time expression in %s", s);
}

static void test_deadlines_are_understood(void **state)
{
    (void)state;
    sc_when a, b;
    const char *same25[] = { "本月25号前", "25日之前", "这个月25号以前", "二十五号前", "本月二十五日之前" };
    when1(same25[0], &a);
    for (size_t i = 1; i < sizeof same25 / sizeof *same25; i++) {
        when1(same25[i], &b);
        assert_true(sc_when_same(&a, &b));
    }
    when1("20号之前", &b);
    assert_false(sc_when_same(&a, &b));       /* a different date is a different deadline */
    when1("月底前", &a);
    when1("这个月月底以前", &b);
    assert_true(sc_when_same(&a, &b));
    when1("本月底", &b);
    assert_true(sc_when_same(&a, &b));
    when1("15个工作日内", &a);
    when1("十五个工作日之内", &b);
    assert_true(sc_when_same(&a, &b));
    when1("两周之内", &b);
    assert_false(sc_when_same(&a, &b));       /* two weeks is not fifteen working days */
    /* a window number is not a date */
    sc_when w[4];
    assert_int_equal(sc_when_text(&S->nm, "请到3号窗口办理", w, 4), 0);
}

static void test_notice_takes_any_expression_of_the_deadline(void **state)
{
    (void)state;
    cp_notice_item it = { 0 };
    it.label = "户口簿原件";
    cp_strlist_push(&it.match, "户口簿");
    cp_notice nt = { &it, 1, { 0 } };
    cp_strlist_push(&nt.deadline, "本月25日前");
    cp_score_ctx ctx = { .notice = &nt };
    cp_error err = { 0 };
    /* the rule layer's understanding (the learned layer weighs it with the rest) */
    setenv("COUNTERPART_MODEL", "none", 1);
    cp_scorer *rules = cp_scorer_load("scenarios/rubrics", &err);
    unsetenv("COUNTERPART_MODEL");
    assert_non_null(rules);
    cp_scorer *keep = S;
    S = rules;
    const char *ok = "您把户口簿带来，这个月25号以前交就行";
    assert_int_equal(cp_scorer_grade(S, &ctx, ok, strlen(ok), &R, &err), 0);
    assert_true(cp_result_find(&R, "clarity.one_time_notice")->met);
    const char *bad = "您把户口簿带来，20号之前交就行";
    assert_int_equal(cp_scorer_grade(S, &ctx, bad, strlen(bad), &R, &err), 0);
    const cp_crit_result *c = cp_result_find(&R, "clarity.one_time_notice");
    assert_false(c->met);
    assert_non_null(strstr(c->note, "20号之前"));   /* the wrong date is named */
    S = keep;
    cp_scorer_free(rules);
    cp_strlist_free(&it.match);
    cp_strlist_free(&nt.deadline);
}

/* ---- Hard rule: a full number the citizen did not give ---- */

static void test_full_number_is_a_leak_unless_the_citizen_said_it(void **state)
{
    (void)state;
    cp_error err = { 0 };
    const char *reply = "您的身份证号是110101195001011234，对吧？";
    cp_score_ctx ctx = { 0 };
    assert_int_equal(cp_scorer_grade(S, &ctx, reply, strlen(reply), &R, &err), 0);
    assert_false(cp_result_find(&R, "compliance.privacy")->met);
    const cp_crit_result *c = cp_result_find(&R, "compliance.privacy");
    assert_non_null(strstr(c->note, "完整号码"));   /* the hard rule, naming the number */
    ctx.citizen = "我身份证号110101195001011234，你查查";
    assert_int_equal(cp_scorer_grade(S, &ctx, reply, strlen(reply), &R, &err), 0);
    /* repeating the citizen's own number to them is not the hard rule's leak (whether the rest
     * of the reply keeps privacy is the learned layer's call: reported in docs/scoring.md) */
    c = cp_result_find(&R, "compliance.privacy");
    assert_true(c == NULL || strstr(c->note, "完整号码") == NULL);
    for (size_t k = 0; c && k < c->nev; k++)
        assert_false(c->ev[k].start <= 8 && c->ev[k].end >= 20 && !c->ev[k].positive);
}

/* ---- Focus ---- */

static void test_a_turn_shows_what_it_scores(void **state)
{
    (void)state;
    cp_strlist focus = { 0 };
    cp_strlist_push(&focus, "lur.listen");
    cp_strlist_push(&focus, "empathy.courtesy");
    cp_score_ctx ctx = { .focus = &focus, .node = "opening", .scenario = "test" };
    cp_error err = { 0 };
    const char *t = "您好，您慢慢说，具体遇到了什么问题？";
    assert_int_equal(cp_scorer_grade(S, &ctx, t, strlen(t), &R, &err), 0);
    /* nothing outside the focus is shown when no conduct rule broke: no 讲清依据 at a greeting */
    assert_null(cp_result_find(&R, "compliance.basis"));
    assert_null(cp_result_find(&R, "compliance.channel"));
    assert_non_null(cp_result_find(&R, "lur.listen"));
    double sc = 0, mx = 0;
    for (size_t i = 0; i < R.n; i++) {
        sc += R.crit[i].score;
        mx += R.crit[i].max;
        assert_true(R.crit[i].focus || (R.crit[i].conduct && !R.crit[i].met));
    }
    assert_true(sc == R.score && mx == R.max);
    /* a broken conduct rule is shown (and counted) even out of focus */
    const char *rude = "你自己没带齐还好意思来吵，下一位！";
    assert_int_equal(cp_scorer_grade(S, &ctx, rude, strlen(rude), &R, &err), 0);
    const cp_crit_result *nb = cp_result_find(&R, "empathy.no_blame");
    assert_non_null(nb);
    assert_false(nb->met);
    assert_false(nb->focus);
    /* a node's notes carry no other scenario's model phrase */
    for (size_t i = 0; i < R.n; i++)
        assert_null(strstr(R.crit[i].note, "示范"));
    cp_strlist_free(&focus);
}

/* ---- The learned layer's file ---- */

static void test_model_file_round_trip_and_damage(void **state)
{
    (void)state;
    char path[] = "/tmp/cp-model-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    cp_model *m = md_new(10, 2);
    md_add(m, "a.one");
    md_add(m, "b.two");
    float w[1024] = { 0 };
    w[3] = 0.5f;
    w[1000] = -2.25f;
    md_set(m, 1, w, 0.75f);
    cp_error err = { 0 };
    assert_int_equal(md_save(m, path, &err), 0);
    cp_model *r = md_load(path, &err);
    assert_non_null(r);
    assert_int_equal(r->n, 2);
    assert_int_equal(md_find(r, "b.two"), 1);
    assert_true(md_w(r, 1, 1000) == -2.25f && md_w(r, 1, 3) == 0.5f && md_w(r, 0, 3) == 0);
    assert_true(r->c[1].bias == 0.75f);
    assert_string_equal(r->version, m->version);
    md_free(r);
    /* one flipped byte: refused, naming the file and why */
    FILE *f = fopen(path, "r+b");
    fseek(f, 20, SEEK_SET);
    int c = fgetc(f);
    fseek(f, 20, SEEK_SET);
    fputc(c ^ 0x40, f);
    fclose(f);
    assert_null(md_load(path, &err));
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.msg, "checksum"));
    /* a file that is not a model at all */
    f = fopen(path, "w");
    fputs("hello", f);
    fclose(f);
    assert_null(md_load(path, &err));
    assert_non_null(strstr(err.msg, "not a Counterpart model"));
    unlink(path);
    md_free(m);
}

static void test_training_is_deterministic(void **state)
{
    (void)state;
    const char *texts[] = { "您好，您慢慢说，遇到什么问题了？", "下一位。", "您先别急，具体说说怎么回事？",
                            "材料不全办不了，回去吧。", "您说说，前两次是怎么跟您讲的？", "自己去网上查。" };
    const char *ids[] = { "lur.listen" };
    bool yes = true, no = false;
    cp_train_row rows[60];
    memset(rows, 0, sizeof rows);
    for (size_t i = 0; i < 60; i++) {
        rows[i].text = texts[i % 6];
        rows[i].ids = ids;
        rows[i].met = (i % 6) % 2 == 0 ? &yes : &no;
        rows[i].nlabels = 1;
        rows[i].weight = 1;
    }
    char p1[] = "/tmp/cp-m1-XXXXXX", p2[] = "/tmp/cp-m2-XXXXXX";
    close(mkstemp(p1));
    close(mkstemp(p2));
    cp_error err = { 0 };
    assert_int_equal(cp_scorer_train(S, rows, 60, 0, p1, NULL, &err), 0);
    assert_int_equal(cp_scorer_train(S, rows, 60, 0, p2, NULL, &err), 0);
    size_t l1, l2;
    char *a = cp_read_file(p1, 1 << 26, &l1, &err), *b = cp_read_file(p2, 1 << 26, &l2, &err);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(l1, l2);
    assert_memory_equal(a, b, l1);
    /* and the fitted layer separates what it was taught */
    cp_model *m = md_load(p1, &err);
    assert_non_null(m);
    assert_int_equal(md_find(m, "lur.listen"), 0);
    free(a);
    free(b);
    md_free(m);
    unlink(p1);
    unlink(p2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_not_substrings),
        cmocka_unit_test(test_dictionary_cache_is_rebuilt_when_damaged),
        cmocka_unit_test(test_deadlines_are_understood),
        cmocka_unit_test(test_notice_takes_any_expression_of_the_deadline),
        cmocka_unit_test(test_full_number_is_a_leak_unless_the_citizen_said_it),
        cmocka_unit_test(test_a_turn_shows_what_it_scores),
        cmocka_unit_test(test_model_file_round_trip_and_damage),
        cmocka_unit_test(test_training_is_deterministic),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
