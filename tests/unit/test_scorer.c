/* test_scorer.c - the rubric scorer: one test per behaviour and per trap in the criterion
 * definitions (issue 3). Runs from the repo root (loads scenarios/rubrics). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cp_scorer.h"
#include "cp_utf8.h"

static cp_scorer *S;
static cp_result R;

static int setup(void **state)
{
    (void)state;
    cp_error err = { 0 };
    /* the rule layer alone: these tests pin its cues and traps (test_context covers the
     * learned layer over it) */
    setenv("COUNTERPART_MODEL", "none", 1);
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

static const cp_result *grade_ctx(const char *text, const cp_score_ctx *ctx)
{
    cp_error err = { 0 };
    int rc = cp_scorer_grade(S, ctx, text, strlen(text), &R, &err);
    if (rc != 0)
        fprintf(stderr, "grade: %s\n", err.msg);
    assert_int_equal(rc, 0);
    return &R;
}

static const cp_result *grade(const char *text) { return grade_ctx(text, NULL); }

static bool met(const cp_result *r, const char *id)
{
    const cp_crit_result *c = cp_result_find(r, id);
    if (!c)
        fail_msg("criterion %s missing from the result", id);
    return c->met;
}

/* The original text of evidence k of criterion id (code points -> bytes). */
static void ev_text(const char *text, const cp_crit_result *c, size_t k, char *out, size_t cap)
{
    size_t len = strlen(text);
    size_t a = cp_utf8_offset(text, len, c->ev[k].start), b = cp_utf8_offset(text, len, c->ev[k].end);
    snprintf(out, cap, "%.*s", (int)(b - a), text + a);
}

static bool has_ev_containing(const char *text, const char *id, const char *needle, bool positive)
{
    const cp_crit_result *c = cp_result_find(&R, id);
    char buf[1024];
    for (size_t k = 0; c && k < c->nev; k++) {
        ev_text(text, c, k, buf, sizeof buf);
        if (c->ev[k].positive == positive && strstr(buf, needle))
            return true;
    }
    return false;
}

/* ---- Loading ---- */

static void test_load_has_every_issue_criterion_in_order(void **state)
{
    (void)state;
    static const char *const ids[] = { "lur.listen", "lur.understand", "lur.respond", "lur.order",
        "empathy.acknowledge", "empathy.no_blame", "empathy.courtesy", "compliance.no_promise",
        "compliance.basis", "compliance.channel", "compliance.privacy", "clarity.plain_language" };
    assert_int_equal(cp_scorer_count(S), 12);
    for (size_t i = 0; i < 12; i++) {
        assert_string_equal(cp_scorer_id(S, i), ids[i]);
        assert_true(strlen(cp_scorer_name(S, i)) > 0);
        assert_true(cp_scorer_max(S, i) > 0);
        assert_true(strlen(cp_scorer_model(S, i)) > 0);
        assert_true(cp_scorer_knows(S, ids[i]));
    }
    assert_true(cp_scorer_knows(S, "clarity.one_time_notice"));
    assert_false(cp_scorer_knows(S, "lur.nonsense"));
}

static void write_file(const char *path, const char *s)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(s, f);
    fclose(f);
}

static void test_bad_rubric_reports_file_and_line(void **state)
{
    (void)state;
    char dir[] = "/tmp/cp_rubric_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/a.lua", dir);
    write_file(path, "return rubric {\n  id = 'x',\n  criteria = {\n    criterion { id = 'x.y', name = 'n',\n"
                     "      source = 's', kind = 'bogus' },\n  },\n}\n");
    cp_error err = { 0 };
    cp_scorer *sc = cp_scorer_load(dir, &err);
    assert_null(sc);
    assert_non_null(strstr(err.file, "a.lua"));
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.msg, "bogus"));
    /* an unknown field is a typo, reported too */
    write_file(path, "return rubric { id = 'x', criteria = { criterion { id = 'x.y', name = 'n', source = 's', cuse = {} } } }\n");
    sc = cp_scorer_load(dir, &err);
    assert_null(sc);
    assert_non_null(strstr(err.msg, "cuse"));
    unlink(path);
    rmdir(dir);
}

static void test_trainers_teach_by_exemplar(void **state)
{
    (void)state;
    char dir[] = "/tmp/cp_rubric_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/a.lua", dir);
    /* no cues at all: only exemplars */
    write_file(path, "return rubric { id = 'x', criteria = {\n"
                     "  criterion { id = 'x.thanks', name = '致谢', source = '004 §四', kind = 'need',\n"
                     "    good = { '谢谢您的耐心等待' }, bad = { '谢谢你啊真是' } },\n"
                     "  criterion { id = 'x.rude', name = '不嫌烦', source = '004 §四', kind = 'avoid',\n"
                     "    bad = { '你这个人真麻烦' } } } }\n");
    cp_error err = { 0 };
    cp_scorer *sc = cp_scorer_load(dir, &err);
    assert_non_null(sc);
    cp_result r;
    const char *near = "好的，谢谢您耐心等待。";
    assert_int_equal(cp_scorer_grade(sc, NULL, near, strlen(near), &r, &err), 0);
    assert_true(cp_result_find(&r, "x.thanks")->met);
    assert_true(cp_result_find(&r, "x.thanks")->nev > 0);
    assert_true(cp_result_find(&r, "x.rude")->met);
    const char *far = "材料齐了。";
    assert_int_equal(cp_scorer_grade(sc, NULL, far, strlen(far), &r, &err), 0);
    assert_false(cp_result_find(&r, "x.thanks")->met);
    const char *rude = "你这人真麻烦。";
    assert_int_equal(cp_scorer_grade(sc, NULL, rude, strlen(rude), &r, &err), 0);
    assert_false(cp_result_find(&r, "x.rude")->met);
    cp_scorer_free(sc);
    unlink(path);
    rmdir(dir);
}

static void test_missing_rubric_dir_is_an_error(void **state)
{
    (void)state;
    cp_error err = { 0 };
    assert_null(cp_scorer_load("/nonexistent/rubrics", &err));
    assert_true(strlen(err.msg) > 0);
}

/* ---- lur.listen ---- */

static void test_open_question_is_listening(void **state)
{
    (void)state;
    const char *t = "您具体遇到了什么问题？";
    assert_true(met(grade(t), "lur.listen"));
    assert_true(has_ev_containing(t, "lur.listen", "什么问题", true));
}

static void test_invitation_to_say_more_is_listening(void **state)
{
    (void)state;
    assert_true(met(grade("您别急，慢慢说，我听着。"), "lur.listen"));
    assert_true(met(grade("能说说上次是怎么跟您说的吗？"), "lur.listen"));
    assert_true(met(grade("您说的我都记下了。"), "lur.listen"));
}

static void test_yes_no_question_is_not_listening(void **state)
{
    (void)state;
    const cp_result *r = grade("您带身份证了吗？");
    assert_false(met(r, "lur.listen"));
    assert_non_null(strstr(cp_result_find(r, "lur.listen")->note, "是非题"));
    assert_false(met(grade("是不是没带户口本？"), "lur.listen"));
}

static void test_rhetorical_question_is_not_listening(void **state)
{
    (void)state;
    const cp_result *r = grade("你怎么不早说？");
    assert_false(met(r, "lur.listen"));
    assert_false(met(r, "empathy.no_blame"));
}

static void test_counting_word_is_not_a_question(void **state)
{
    (void)state;
    assert_false(met(grade("您跑了好几趟了。"), "lur.listen"));
}

/* ---- lur.understand ---- */

static void test_paraphrase_check_is_understanding(void **state)
{
    (void)state;
    assert_true(met(grade("您是说上次窗口没一次性告诉您缺什么，对吗？"), "lur.understand"));
    assert_true(met(grade("我理解您的意思是，单位的基数报高了。"), "lur.understand"));
    assert_true(met(grade("也就是说您这个月的钱没到账。"), "lur.understand"));
}

static void test_asking_if_they_understood_is_not_understanding(void **state)
{
    (void)state;
    assert_false(met(grade("您听明白了吗？"), "lur.understand"));
}

/* ---- lur.respond ---- */

static void test_concrete_step_is_a_response(void **state)
{
    (void)state;
    const char *t = "您需要补一份户口簿原件，去派出所开，本周五前交来就行。";
    assert_true(met(grade(t), "lur.respond"));
    assert_true(has_ev_containing(t, "lur.respond", "派出所", true));
}

static void test_vague_advice_is_not_a_response(void **state)
{
    (void)state;
    assert_false(met(grade("你回去准备好再来吧。"), "lur.respond"));
}

static void test_rule_breaking_step_still_responds(void **state)
{
    (void)state;
    const cp_result *r = grade("材料不全也先收下，我帮你办。");
    assert_true(met(r, "lur.respond"));
    assert_false(met(r, "compliance.no_promise"));
}

/* ---- lur.order ---- */

static void test_order_met_when_empathy_comes_first(void **state)
{
    (void)state;
    assert_true(met(grade("我理解您的心情。按规定需要户口簿原件，您去派出所开一份。"), "lur.order"));
}

static void test_order_missed_when_rule_comes_first(void **state)
{
    (void)state;
    const char *t = "按规定材料不全不能办。我理解您的心情。";
    const cp_result *r = grade(t);
    assert_false(met(r, "lur.order"));
    assert_true(met(r, "empathy.acknowledge"));
    assert_true(has_ev_containing(t, "lur.order", "规定", false));
}

static void test_order_missed_without_any_opening_move(void **state)
{
    (void)state;
    const cp_result *r = grade("您需要补一份户口簿原件。");
    assert_false(met(r, "lur.order"));
    assert_true(strlen(cp_result_find(r, "lur.order")->note) > 0);
}

/* ---- empathy.acknowledge ---- */

static void test_acknowledgement_of_effort(void **state)
{
    (void)state;
    assert_true(met(grade("让您跑了好几趟，给您添麻烦了。"), "empathy.acknowledge"));
    assert_true(met(grade("让您久等了。"), "empathy.acknowledge"));
    assert_true(met(grade("辛苦您了。"), "empathy.acknowledge"));
}

static void test_negated_understanding_is_not_acknowledgement(void **state)
{
    (void)state;
    assert_false(met(grade("我不理解你为什么这么激动。"), "empathy.acknowledge"));
}

static void test_double_negation_is_acknowledgement(void **state)
{
    (void)state;
    assert_true(met(grade("我不是不理解您的心情。"), "empathy.acknowledge"));
}

static void test_negator_inside_a_word_does_not_negate(void **state)
{
    (void)state;
    assert_true(met(grade("非常理解您。"), "empathy.acknowledge"));
    assert_true(met(grade("您的不满我理解。"), "empathy.acknowledge"));
}

static void test_asking_them_to_understand_us_is_not_acknowledgement(void **state)
{
    (void)state;
    const cp_result *r = grade("你要理解我们，我们也是按规定办事。");
    assert_false(met(r, "empathy.acknowledge"));
    assert_false(met(grade("请您理解一下我们的工作。"), "empathy.acknowledge"));
}

static void test_bie_zhaoji_alone_is_not_acknowledgement(void **state)
{
    (void)state;
    assert_false(met(grade("别着急。"), "empathy.acknowledge"));
    assert_false(met(grade("您别着急，别着急。"), "empathy.acknowledge"));
}

static void test_sarcasm_is_not_acknowledgement(void **state)
{
    (void)state;
    const cp_result *r = grade("呵呵，我太理解您了。");
    assert_false(met(r, "empathy.acknowledge"));
    assert_false(met(r, "empathy.courtesy"));
}

/* ---- empathy.no_blame / courtesy ---- */

static void test_brush_off_is_blame(void **state)
{
    (void)state;
    const char *t = "这不归我管，你去别的窗口问。";
    const cp_result *r = grade(t);
    assert_false(met(r, "empathy.no_blame"));
    assert_true(has_ev_containing(t, "empathy.no_blame", "不归我管", false));
    assert_non_null(strstr(cp_result_find(r, "empathy.no_blame")->note, "不归我管"));
}

static void test_blaming_the_person(void **state)
{
    (void)state;
    assert_false(met(grade("你自己没看清楚，怪谁？"), "empathy.no_blame"));
    assert_false(met(grade("规定就是规定，爱办不办。"), "empathy.no_blame"));
    assert_false(met(grade("我也没办法。"), "empathy.no_blame"));
}

static void test_not_your_fault_is_not_blame(void **state)
{
    (void)state;
    assert_true(met(grade("这不是您的问题，是我们没说清楚。"), "empathy.no_blame"));
    assert_true(met(grade("不用担心，我来帮您看看。"), "empathy.no_blame"));
}

static void test_courtesy_needs_polite_words_and_no_rude_ones(void **state)
{
    (void)state;
    assert_true(met(grade("您好，请您稍等，谢谢。"), "empathy.courtesy"));
    assert_false(met(grade("你等着。"), "empathy.courtesy"));
    assert_false(met(grade("您烦不烦啊。"), "empathy.courtesy"));
    /* 申请 is not 请 */
    assert_false(met(grade("你去申请。"), "empathy.courtesy"));
}

/* ---- compliance ---- */

static void test_promise_dressed_as_empathy(void **state)
{
    (void)state;
    const char *t = "我特别理解您，放心，我保证给您办下来！";
    const cp_result *r = grade(t);
    assert_true(met(r, "empathy.acknowledge"));
    assert_false(met(r, "compliance.no_promise"));
    assert_true(has_ev_containing(t, "compliance.no_promise", "保证", false));
}

static void test_favours_outside_rules_are_promises(void **state)
{
    (void)state;
    assert_false(met(grade("这次先给你通融一下。"), "compliance.no_promise"));
    assert_false(met(grade("滞纳金我帮你免了。"), "compliance.no_promise"));
    assert_false(met(grade("放心吧，肯定能批。"), "compliance.no_promise"));
}

static void test_negated_promise_is_not_a_promise(void **state)
{
    (void)state;
    assert_true(met(grade("我不能保证一定能批，要看审核结果。"), "compliance.no_promise"));
    assert_true(met(grade("这个没法通融。"), "compliance.no_promise"));
}

static void test_basis_needs_the_rule_not_the_wall(void **state)
{
    (void)state;
    assert_false(met(grade("规定就是规定。"), "compliance.basis"));
    assert_false(met(grade("这是规定，我也没办法。"), "compliance.basis"));
    assert_true(met(grade("根据《社会保险法》第五十八条，单位应当三十日内办理登记。"), "compliance.basis"));
    assert_true(met(grade("缴费基数按上年度职工月平均工资核定。"), "compliance.basis"));
}

static void test_ctx_basis_terms_count(void **state)
{
    (void)state;
    cp_strlist basis = { 0 };
    cp_strlist_push(&basis, "征缴暂行条例");
    cp_strlist_push(&basis, "按日万分之五");
    cp_score_ctx ctx = { 0 };
    ctx.basis = &basis;
    assert_false(met(grade("滞纳金是这么算的。"), "compliance.basis"));
    assert_true(met(grade_ctx("滞纳金是按日万分之五算的。", &ctx), "compliance.basis"));
    cp_strlist_free(&basis);
}

static void test_channel_formal_route(void **state)
{
    (void)state;
    assert_true(met(grade("您对结果有异议，可以申请复核。"), "compliance.channel"));
    assert_true(met(grade("您可以拨打12333投诉。"), "compliance.channel"));
    assert_true(met(grade("可以申请劳动仲裁。"), "compliance.channel"));
}

static void test_app_download_is_not_a_channel(void **state)
{
    (void)state;
    assert_false(met(grade("您可以在掌上12333app下载证明。"), "compliance.channel"));
    assert_false(met(grade("你去投诉也没用。"), "compliance.channel"));
}

static void test_privacy_full_numbers(void **state)
{
    (void)state;
    const char *t = "您的身份证号是110101199003071234，对吧？";
    assert_false(met(grade(t), "compliance.privacy"));
    assert_true(has_ev_containing(t, "compliance.privacy", "110101199003071234", false));
    assert_true(met(grade("您尾号1234的卡，前面是6222****。"), "compliance.privacy"));
    assert_false(met(grade("他的手机是13812345678。"), "compliance.privacy"));
    assert_true(met(grade("您可以打12333咨询。"), "compliance.privacy"));
}

static void test_privacy_identity_before_details(void **state)
{
    (void)state;
    cp_score_ctx ctx = { 0 };
    ctx.identity_required = true;
    assert_false(met(grade_ctx("您的账户余额是3000元。", &ctx), "compliance.privacy"));
    assert_true(met(grade_ctx("请先出示本人身份证，核实身份后我告诉您余额。", &ctx), "compliance.privacy"));
    /* without the scenario asking for it, discussing details is fine */
    assert_true(met(grade("您的账户余额是3000元。"), "compliance.privacy"));
}

/* ---- clarity ---- */

static void test_jargon_unexplained_vs_explained(void **state)
{
    (void)state;
    assert_false(met(grade("您的核定基数和征缴口径不一致。"), "clarity.plain_language"));
    assert_true(met(grade("缴费基数，说白了就是按您工资算要交多少钱。"), "clarity.plain_language"));
    assert_true(met(grade("您好，请把户口本带来。"), "clarity.plain_language"));
}

static void test_elderly_long_sentence(void **state)
{
    (void)state;
    const char *t = "您这个情况需要先回原单位开具一份加盖公章的工作经历证明再到人才服务中心调取档案原件";
    cp_score_ctx old = { 0 }, young = { 0 };
    old.age = 72;
    young.age = 30;
    assert_false(met(grade_ctx(t, &old), "clarity.plain_language"));
    assert_true(met(grade_ctx(t, &young), "clarity.plain_language"));
    assert_true(met(grade_ctx("您先回原单位。开个证明。再来找我。", &old), "clarity.plain_language"));
}

static void test_one_time_notice_complete_and_missing(void **state)
{
    (void)state;
    cp_notice_item items[2];
    memset(items, 0, sizeof items);
    items[0].label = "户口簿原件";
    cp_strlist_push(&items[0].match, "户口簿");
    cp_strlist_push(&items[0].match, "户口本");
    cp_strlist_push(&items[0].where, "派出所");
    items[1].label = "人事档案";
    cp_strlist_push(&items[1].match, "档案");
    cp_notice n = { items, 2, { 0 } };
    cp_strlist_push(&n.deadline, "月底前");
    cp_score_ctx ctx = { 0 };
    ctx.notice = &n;
    const cp_result *r = grade_ctx("您还要带戶口本，去派出所開；還有檔案。月底前交來就行。", &ctx);
    const cp_crit_result *c = cp_result_find(r, "clarity.one_time_notice");
    assert_non_null(c);
    assert_true(c->met);
    assert_int_equal(r->n, 13);
    r = grade_ctx("您还要带户口本。", &ctx);
    c = cp_result_find(r, "clarity.one_time_notice");
    assert_false(c->met);
    assert_non_null(strstr(c->note, "人事档案"));
    assert_non_null(strstr(c->note, "派出所"));
    assert_non_null(strstr(c->note, "时限"));
    assert_true(c->score > 0 && c->score < c->max);
    /* no notice in the ctx: not part of the result */
    assert_null(cp_result_find(grade("您好"), "clarity.one_time_notice"));
    cp_strlist_free(&items[0].match);
    cp_strlist_free(&items[0].where);
    cp_strlist_free(&items[1].match);
    cp_strlist_free(&n.deadline);
}

static void test_scenario_checks_are_appended(void **state)
{
    (void)state;
    cp_strlist groups[2] = { { 0 }, { 0 } };
    cp_strlist_push(&groups[0], "滞纳金");
    cp_strlist_push(&groups[1], "万分之五");
    cp_strlist_push(&groups[1], "0.05%");
    cp_check ck = { "arrears.late_fee", "说明滞纳金", "要说明滞纳金按日万分之五计算。", groups, 2 };
    cp_score_ctx ctx = { 0 };
    ctx.checks = &ck;
    ctx.nchecks = 1;
    const cp_result *r = grade_ctx("滞纳金按日加收0.05％。", &ctx);
    assert_int_equal(r->n, 13);
    assert_string_equal(r->crit[12].id, "arrears.late_fee");
    assert_true(r->crit[12].met);
    r = grade_ctx("滞纳金要交。", &ctx);
    assert_false(r->crit[12].met);
    assert_string_equal(r->crit[12].note, "要说明滞纳金按日万分之五计算。");
    cp_strlist_free(&groups[0]);
    cp_strlist_free(&groups[1]);
}

/* ---- Normalisation and evidence ---- */

static void test_traditional_and_fullwidth_are_normalised(void **state)
{
    (void)state;
    const cp_result *r = grade("您具體遇到了什麼問題？讓您久等了。");
    assert_true(met(r, "lur.listen"));
    assert_true(met(r, "empathy.acknowledge"));
    assert_false(met(grade("這不歸我管！"), "empathy.no_blame"));
    assert_true(met(grade("ＡＰＰ上不行的話，您可以申請複核。"), "compliance.channel"));
}

static void test_evidence_points_into_original_text(void **state)
{
    (void)state;
    /* full-width space and punctuation, Traditional characters, a dropped zero-width space */
    const char *t = "\xE3\x80\x80您好！\xE2\x80\x8B我理解，讓您跑了好幾趟。";
    const cp_result *r = grade(t);
    const cp_crit_result *c = cp_result_find(r, "empathy.acknowledge");
    assert_true(c->met);
    bool found = false;
    char buf[256];
    for (size_t k = 0; k < c->nev; k++) {
        ev_text(t, c, k, buf, sizeof buf);
        if (strcmp(buf, "讓您跑了好幾趟") == 0) {
            found = true;
            assert_int_equal(c->ev[k].start, 9);
            assert_int_equal(c->ev[k].end, 16);
        }
    }
    assert_true(found);
}

static void test_result_json_shape_and_evidence_text(void **state)
{
    (void)state;
    const char *t = "這不歸我管，你去別的窗口問。";
    grade(t);
    char *js = cp_result_json(&R, t, strlen(t));
    cJSON *arr = cJSON_Parse(js);
    assert_non_null(arr);
    assert_true(cJSON_IsArray(arr));
    assert_int_equal(cJSON_GetArraySize(arr), (int)R.n);
    cJSON *it;
    bool found = false;
    cJSON_ArrayForEach(it, arr) {
        assert_non_null(cJSON_GetObjectItem(it, "id"));
        assert_non_null(cJSON_GetObjectItem(it, "name"));
        assert_non_null(cJSON_GetObjectItem(it, "met"));
        assert_non_null(cJSON_GetObjectItem(it, "score"));
        assert_non_null(cJSON_GetObjectItem(it, "max"));
        assert_non_null(cJSON_GetObjectItem(it, "note"));
        cJSON *ev = cJSON_GetObjectItem(it, "evidence");
        assert_true(cJSON_IsArray(ev));
        if (strcmp(cJSON_GetObjectItem(it, "id")->valuestring, "empathy.no_blame") == 0) {
            cJSON *e0 = cJSON_GetArrayItem(ev, 0);
            assert_non_null(e0);
            assert_non_null(strstr(cJSON_GetObjectItem(e0, "text")->valuestring, "不歸我管"));
            found = true;
        }
    }
    assert_true(found);
    cJSON_Delete(arr);
    free(js);
}

static void test_missed_criterion_note_has_model_phrase(void **state)
{
    (void)state;
    const cp_result *r = grade("好的。");
    for (size_t i = 0; i < r->n; i++)
        if (!r->crit[i].met)
            assert_true(strlen(r->crit[i].note) > 0);
        else
            assert_string_equal(r->crit[i].note, "");
    assert_non_null(strstr(cp_result_find(r, "lur.listen")->note, "示范"));
}

static void test_score_is_sum_of_criteria(void **state)
{
    (void)state;
    const cp_result *r = grade("您好，我理解您的心情，您具体遇到了什么问题？");
    double s = 0, m = 0;
    for (size_t i = 0; i < r->n; i++) {
        s += r->crit[i].score;
        m += r->crit[i].max;
        assert_true(r->crit[i].met ? r->crit[i].score == r->crit[i].max : r->crit[i].score < r->crit[i].max);
    }
    assert_true(s == r->score && m == r->max);
    assert_int_equal((int)r->max, 12);
}

/* ---- Bad input ---- */

static void test_empty_reply_is_refused(void **state)
{
    (void)state;
    cp_error err = { 0 };
    assert_int_equal(cp_scorer_grade(S, NULL, "", 0, &R, &err), -1);
    assert_non_null(strstr(err.msg, "empty"));
    assert_int_equal(R.n, 0);
    assert_int_equal(cp_scorer_grade(S, NULL, NULL, 0, &R, &err), -1);
    /* spaces, newlines and punctuation alone are not a reply either */
    assert_int_equal(cp_scorer_grade(S, NULL, "  \n\t 。，", strlen("  \n\t 。，"), &R, &err), -1);
    assert_non_null(strstr(err.msg, "empty"));
}

static void test_invalid_utf8_is_refused_naming_the_byte(void **state)
{
    (void)state;
    const char t[] = "您好\x80" "您具体遇到了什么问题？";
    cp_error err = { 0 };
    assert_int_equal(cp_scorer_grade(S, NULL, t, sizeof t - 1, &R, &err), -1);
    assert_non_null(strstr(err.msg, "UTF-8"));
    assert_non_null(strstr(err.msg, "offset 6"));   /* 您好 is 6 bytes */
    assert_int_equal(R.n, 0);
    /* a GBK line (what a misconfigured terminal sends) is refused too, not scored as mojibake */
    const char gbk[] = "\xc4\xfa\xba\xc3";   /* 您好 in GBK */
    assert_int_equal(cp_scorer_grade(S, NULL, gbk, sizeof gbk - 1, &R, &err), -1);
}

static void test_nul_and_control_characters_are_spaces(void **state)
{
    (void)state;
    const char t[] = "您好\0\x01\x1b请问您具体遇到了什么问题";
    cp_error err = { 0 };
    assert_int_equal(cp_scorer_grade(S, NULL, t, sizeof t - 1, &R, &err), 0);
    assert_true(cp_result_find(&R, "lur.listen")->met);
    char *js = cp_result_json(&R, t, sizeof t - 1);
    cJSON *p = cJSON_Parse(js);
    assert_non_null(p);
    cJSON_Delete(p);
    free(js);
}

static void test_one_megabyte_reply_is_a_clear_error(void **state)
{
    (void)state;
    size_t n = 1u << 20;
    char *big = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        big[i] = (char)('a' + i % 26);
    big[n] = '\0';
    cp_error err = { 0 };
    assert_int_equal(cp_scorer_grade(S, NULL, big, n, &R, &err), -1);
    assert_non_null(strstr(err.msg, "too long"));
    free(big);
}

static void test_long_but_allowed_reply_is_graded(void **state)
{
    (void)state;
    const char *unit = "我理解您，您需要带户口本。";   /* 13 code points */
    size_t ulen = strlen(unit), reps = 300;
    char *t = malloc(ulen * reps + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(t + i * ulen, unit, ulen);
    t[ulen * reps] = '\0';
    cp_error err = { 0 };
    assert_int_equal(cp_scorer_grade(S, NULL, t, ulen * reps, &R, &err), 0);
    assert_true(cp_result_find(&R, "empathy.acknowledge")->met);
    assert_true(cp_result_find(&R, "lur.respond")->met);
    const cp_crit_result *c = cp_result_find(&R, "empathy.courtesy");
    assert_true(c->nev <= CP_MAX_EVIDENCE);
    free(t);
}

/* ---- Traps found while measuring on the development set ---- */

static void test_restatement_with_question_word_is_not_listening(void **state)
{
    (void)state;
    const cp_result *r = grade("您是说前两次都没人告诉您缺什么，对吗？");
    assert_false(met(r, "lur.listen"));
    assert_true(met(r, "lur.understand"));
}

static void test_statement_with_question_word_is_not_listening(void **state)
{
    (void)state;
    assert_false(met(grade("要什么材料网上都写着。"), "lur.listen"));
    assert_false(met(grade("我给您讲讲怎么办。"), "lur.listen"));
}

static void test_material_named_in_a_question_is_not_a_step(void **state)
{
    (void)state;
    assert_false(met(grade("您户口簿原件找得到吗？"), "lur.respond"));
    assert_true(met(grade("您还缺户口簿原件。"), "lur.respond"));
}

static void test_outcome_promise_is_not_a_step(void **state)
{
    (void)state;
    const cp_result *r = grade("我保证今天给您办下来。");
    assert_false(met(r, "lur.respond"));
    assert_false(met(r, "compliance.no_promise"));
}

static void test_pointing_to_a_channel_is_not_a_step(void **state)
{
    (void)state;
    const cp_result *r = grade("您对结果有异议，可以申请复核，也可以60天内申请行政复议。");
    assert_true(met(r, "compliance.channel"));
    assert_false(met(r, "lur.respond"));
}

static void test_daring_to_complain_is_not_a_channel(void **state)
{
    (void)state;
    const cp_result *r = grade("要投诉随便你，欠费就是欠费。");
    assert_false(met(r, "compliance.channel"));
    assert_false(met(r, "empathy.no_blame"));
}

static void test_negation_reaches_through_the_clause_for_promises(void **state)
{
    (void)state;
    assert_true(met(grade("基数不能私下通融，我答应不了您。"), "compliance.no_promise"));
}

static void test_asking_for_password_breaks_privacy(void **state)
{
    (void)state;
    assert_false(met(grade("您把社保卡密码告诉我，我帮您查。"), "compliance.privacy"));
    assert_false(met(grade("你们厂工人张丽的工资我这看到是每月6500。"), "compliance.privacy"));
}

static void test_identity_check_anywhere_allows_mentioning_details(void **state)
{
    (void)state;
    cp_score_ctx ctx = { 0 };
    ctx.identity_required = true;
    /* a detail named (no value) with a check in the same reply is fine */
    assert_true(met(grade_ctx("您的缴费记录我可以帮您查，请先出示本人身份证核实身份。", &ctx), "compliance.privacy"));
    /* a value given before the check is not */
    assert_false(met(grade_ctx("您的余额是3000元，请出示本人身份证。", &ctx), "compliance.privacy"));
}

static void test_jargon_for_elderly_only(void **state)
{
    (void)state;
    cp_score_ctx old = { 0 }, young = { 0 };
    old.age = 70;
    young.age = 35;
    const char *t = "您的缴费基数偏低。";
    assert_false(met(grade_ctx(t, &old), "clarity.plain_language"));
    assert_true(met(grade_ctx(t, &young), "clarity.plain_language"));
    /* firm jargon is jargon for everyone */
    assert_false(met(grade_ctx("贵单位须补差，否则移交强制征缴。", &young), "clarity.plain_language"));
}

static void test_list_is_not_a_long_sentence(void **state)
{
    (void)state;
    cp_score_ctx old = { 0 };
    old.age = 70;
    assert_true(met(grade_ctx("还差户口簿原件（家里或派出所补）、人事档案（原单位或人才服务中心）、社保卡（合作银行网点）。", &old),
                    "clarity.plain_language"));
}

static void test_notice_tolerates_one_inserted_character(void **state)
{
    (void)state;
    cp_notice_item it;
    memset(&it, 0, sizeof it);
    it.label = "分期计划";
    cp_strlist_push(&it.match, "分期计划");
    cp_notice n = { &it, 1, { 0 } };
    cp_strlist_push(&n.deadline, "25号前");
    cp_score_ctx ctx = { 0 };
    ctx.notice = &n;
    assert_true(cp_result_find(grade_ctx("分期的计划，25号之前交。", &ctx), "clarity.one_time_notice")->met);
    assert_false(cp_result_find(grade_ctx("计划，25号交。", &ctx), "clarity.one_time_notice")->met);
    cp_strlist_free(&it.match);
    cp_strlist_free(&n.deadline);
}

static void test_short_acknowledgement_at_clause_start(void **state)
{
    (void)state;
    assert_true(met(grade("理解，您跑这么多趟不容易。"), "empathy.acknowledge"));
    assert_false(met(grade("我理解您的想法，但是规定如此。"), "empathy.acknowledge"));
}

/* ---- Errors found by scenario authors with `grade` (not in the eval set) ---- */

static void test_authors_blame_brush_off_and_buck_passing(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "补贴哪有那么好拿，你这种情况别想了。",
        "交到哪儿你管那么多干嘛。",
        "这么简单都不会？让你家里人弄去。",
        "看不明白就多看几遍，告示上写得很清楚。",
        "早说了不是我们扣的，你冤枉人了吧？",
        "叫领导也没用。",
        "你别再闹了。",
        "出了事故还问为什么，你们自己心里没数吗？",
        "材料那么多，偶尔找不到也正常，你再交一遍不就行了？",
        "改制的事你当时自己怎么不去问？",
        "那三年的事没弄清，退休就先别办了。",
        "不信你就别打来，爱信不信。",
        "我们的同事一般不会这样，是不是有什么误会？",
        "这个属于医保的业务，按规定需要到医保经办机构办理。",
        "你们自己不按时交，还有理了？",
        "这个我们管不了。",
        "不满意你就去投诉。",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (met(grade(bad[i]), "empathy.no_blame"))
            fail_msg("no_blame met for: %s", bad[i]);
}

static void test_referral_with_help_is_not_buck_passing(void **state)
{
    (void)state;
    assert_true(met(grade("这个要到医保经办机构办理，我帮您把地址和电话写下来。"), "empathy.no_blame"));
    assert_true(met(grade("这是你们单位自己的情况，我们一起看看怎么办。"), "empathy.no_blame"));
}

static void test_clerks_word_as_guarantee_is_a_promise(void **state)
{
    (void)state;
    assert_false(met(grade("您放心，我说能报就能报。"), "compliance.no_promise"));
    assert_true(met(grade("缴费基数每年会按社平工资往上或往下调。"), "compliance.no_promise"));
    assert_true(met(grade("这个不能私下通融，得按规定来。"), "compliance.no_promise"));
}

static void test_asking_to_speak_numbers_and_codes_breaks_privacy(void **state)
{
    (void)state;
    assert_false(met(grade("请您把身份证号码说一下，我帮您登录。"), "compliance.privacy"));
    assert_false(met(grade("行，您念吧，验证码也报一下。"), "compliance.privacy"));
    assert_false(met(grade("我把你的身份证号念给他。"), "compliance.privacy"));
    /* a code is not an identity check */
    cp_score_ctx ctx = { 0 };
    ctx.identity_required = true;
    assert_false(met(grade_ctx("验证码收到了吧？您账户余额是3200元。", &ctx), "compliance.privacy"));
}

static void test_refusals_and_repeats_keep_privacy(void **state)
{
    (void)state;
    assert_true(met(grade("您是说这个月扣了三百八，对吗？"), "compliance.privacy"));
    assert_true(met(grade("账户余额和卡号电话里我不能查。"), "compliance.privacy"));
    assert_true(met(grade("身份证号也不用念，您带身份证来窗口就行。"), "compliance.privacy"));
}

static void test_negation_does_not_cancel_polite_address(void **state)
{
    (void)state;
    assert_true(met(grade("不是您自己要走的，这个我们清楚。"), "empathy.courtesy"));
}

static void test_order_with_a_later_urgency_word(void **state)
{
    (void)state;
    assert_true(met(grade("我理解您着急，这事确实耽误不得，我马上给您办。"), "lur.order"));
    assert_false(met(grade("耽误不得。"), "lur.order"));
}

static void test_inventory_question_is_not_listening(void **state)
{
    (void)state;
    assert_false(met(grade("请问您有什么材料？"), "lur.listen"));
    assert_false(met(grade("您说没人一次告诉您缺什么。"), "lur.listen"));
    /* a clause of a question sentence is part of the question */
    assert_true(met(grade("您现在最难的是哪一块，现金流还是人工成本？"), "lur.listen"));
}

static void test_feelings_named_as_natural_are_acknowledgement(void **state)
{
    (void)state;
    static const char *const good[] = {
        "您有顾虑很正常。", "搁谁都窝火。", "换谁都着急。", "这段日子不好过吧。", "让您受委屈了。",
        "这事不怪您。", "耽误您跑单了。", "我也理解。",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!met(grade(good[i]), "empathy.acknowledge"))
            fail_msg("acknowledge missed for: %s", good[i]);
    assert_false(met(grade("白跑也不是我造成的。"), "empathy.acknowledge"));
}

static void test_jargon_defined_at_once_or_in_a_title(void **state)
{
    (void)state;
    assert_true(met(grade("费率就是交钱的比例。"), "clarity.plain_language"));
    assert_true(met(grade("一是行业基准费率，就是按行业风险定。"), "clarity.plain_language"));
    assert_true(met(grade("根据《社会保险费征缴暂行条例》第十条办理。"), "clarity.plain_language"));
    assert_true(met(grade("请带上经办授权书。"), "clarity.plain_language"));
    assert_false(met(grade("您单位的费率上调了。"), "clarity.plain_language"));
}

static void test_clerks_own_step_is_a_response(void **state)
{
    (void)state;
    assert_true(met(grade("系统正在修，修好第一个给您办，马上通知您。"), "lur.respond"));
}

static void test_documents_need_an_action_or_a_list(void **state)
{
    (void)state;
    assert_false(met(grade("第一次说缺档案，第二次说缺户口本，对吧？"), "lur.respond"));
    assert_true(met(grade("户口簿、档案、社保卡。"), "lur.respond"));
    assert_true(met(grade("户口簿在家找，档案找原单位。"), "lur.respond"));
}

static void test_notice_accepts_everyday_variants(void **state)
{
    (void)state;
    cp_notice_item it[2];
    memset(it, 0, sizeof it);
    it[0].label = "户口簿原件";
    cp_strlist_push(&it[0].match, "户口簿");
    it[1].label = "分期缴纳计划";
    cp_strlist_push(&it[1].match, "分期计划");
    cp_strlist_push(&it[1].where, "模板");
    cp_notice n = { it, 2, { 0 } };
    cp_score_ctx ctx = { 0 };
    ctx.notice = &n;
    assert_true(cp_result_find(grade_ctx("户籍簿原件，分期计划用窗口的模版写。", &ctx), "clarity.one_time_notice")->met);
    cp_strlist_free(&it[0].match);
    cp_strlist_free(&it[1].match);
    cp_strlist_free(&it[1].where);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_has_every_issue_criterion_in_order),
        cmocka_unit_test(test_bad_rubric_reports_file_and_line),
        cmocka_unit_test(test_missing_rubric_dir_is_an_error),
        cmocka_unit_test(test_trainers_teach_by_exemplar),
        cmocka_unit_test(test_open_question_is_listening),
        cmocka_unit_test(test_invitation_to_say_more_is_listening),
        cmocka_unit_test(test_yes_no_question_is_not_listening),
        cmocka_unit_test(test_rhetorical_question_is_not_listening),
        cmocka_unit_test(test_counting_word_is_not_a_question),
        cmocka_unit_test(test_paraphrase_check_is_understanding),
        cmocka_unit_test(test_asking_if_they_understood_is_not_understanding),
        cmocka_unit_test(test_concrete_step_is_a_response),
        cmocka_unit_test(test_vague_advice_is_not_a_response),
        cmocka_unit_test(test_rule_breaking_step_still_responds),
        cmocka_unit_test(test_order_met_when_empathy_comes_first),
        cmocka_unit_test(test_order_missed_when_rule_comes_first),
        cmocka_unit_test(test_order_missed_without_any_opening_move),
        cmocka_unit_test(test_acknowledgement_of_effort),
        cmocka_unit_test(test_negated_understanding_is_not_acknowledgement),
        cmocka_unit_test(test_double_negation_is_acknowledgement),
        cmocka_unit_test(test_negator_inside_a_word_does_not_negate),
        cmocka_unit_test(test_asking_them_to_understand_us_is_not_acknowledgement),
        cmocka_unit_test(test_bie_zhaoji_alone_is_not_acknowledgement),
        cmocka_unit_test(test_sarcasm_is_not_acknowledgement),
        cmocka_unit_test(test_brush_off_is_blame),
        cmocka_unit_test(test_blaming_the_person),
        cmocka_unit_test(test_not_your_fault_is_not_blame),
        cmocka_unit_test(test_courtesy_needs_polite_words_and_no_rude_ones),
        cmocka_unit_test(test_promise_dressed_as_empathy),
        cmocka_unit_test(test_favours_outside_rules_are_promises),
        cmocka_unit_test(test_negated_promise_is_not_a_promise),
        cmocka_unit_test(test_basis_needs_the_rule_not_the_wall),
        cmocka_unit_test(test_ctx_basis_terms_count),
        cmocka_unit_test(test_channel_formal_route),
        cmocka_unit_test(test_app_download_is_not_a_channel),
        cmocka_unit_test(test_privacy_full_numbers),
        cmocka_unit_test(test_privacy_identity_before_details),
        cmocka_unit_test(test_jargon_unexplained_vs_explained),
        cmocka_unit_test(test_elderly_long_sentence),
        cmocka_unit_test(test_one_time_notice_complete_and_missing),
        cmocka_unit_test(test_scenario_checks_are_appended),
        cmocka_unit_test(test_traditional_and_fullwidth_are_normalised),
        cmocka_unit_test(test_evidence_points_into_original_text),
        cmocka_unit_test(test_result_json_shape_and_evidence_text),
        cmocka_unit_test(test_missed_criterion_note_has_model_phrase),
        cmocka_unit_test(test_score_is_sum_of_criteria),
        cmocka_unit_test(test_empty_reply_is_refused),
        cmocka_unit_test(test_invalid_utf8_is_refused_naming_the_byte),
        cmocka_unit_test(test_nul_and_control_characters_are_spaces),
        cmocka_unit_test(test_one_megabyte_reply_is_a_clear_error),
        cmocka_unit_test(test_long_but_allowed_reply_is_graded),
        cmocka_unit_test(test_restatement_with_question_word_is_not_listening),
        cmocka_unit_test(test_statement_with_question_word_is_not_listening),
        cmocka_unit_test(test_material_named_in_a_question_is_not_a_step),
        cmocka_unit_test(test_outcome_promise_is_not_a_step),
        cmocka_unit_test(test_pointing_to_a_channel_is_not_a_step),
        cmocka_unit_test(test_daring_to_complain_is_not_a_channel),
        cmocka_unit_test(test_negation_reaches_through_the_clause_for_promises),
        cmocka_unit_test(test_asking_for_password_breaks_privacy),
        cmocka_unit_test(test_identity_check_anywhere_allows_mentioning_details),
        cmocka_unit_test(test_jargon_for_elderly_only),
        cmocka_unit_test(test_list_is_not_a_long_sentence),
        cmocka_unit_test(test_notice_tolerates_one_inserted_character),
        cmocka_unit_test(test_short_acknowledgement_at_clause_start),
        cmocka_unit_test(test_authors_blame_brush_off_and_buck_passing),
        cmocka_unit_test(test_referral_with_help_is_not_buck_passing),
        cmocka_unit_test(test_clerks_word_as_guarantee_is_a_promise),
        cmocka_unit_test(test_asking_to_speak_numbers_and_codes_breaks_privacy),
        cmocka_unit_test(test_refusals_and_repeats_keep_privacy),
        cmocka_unit_test(test_negation_does_not_cancel_polite_address),
        cmocka_unit_test(test_order_with_a_later_urgency_word),
        cmocka_unit_test(test_inventory_question_is_not_listening),
        cmocka_unit_test(test_feelings_named_as_natural_are_acknowledgement),
        cmocka_unit_test(test_jargon_defined_at_once_or_in_a_title),
        cmocka_unit_test(test_clerks_own_step_is_a_response),
        cmocka_unit_test(test_documents_need_an_action_or_a_list),
        cmocka_unit_test(test_notice_accepts_everyday_variants),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
