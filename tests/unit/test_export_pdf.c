/* test_export_pdf.c - the PDF score sheet (cp_export_pdf): the fixture renders to a complete PDF
 * with one page per trainee plus the cohort page, the metadata is set, a long reply and a dozen
 * criteria still render (and push the sheet onto a continuation page, never an error), a single
 * trainee gets no cohort page, and a missing or mistyped member is refused with its JSON path.
 * Also a helper mode for tests/export/test_pdf.sh:
 *   test_export_pdf --render DOC.json OUT.pdf [FONT]   writes DOC's PDF to OUT (exit 0/1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp_export.h"

/* Library-internal leaks only (cairo 1.16 inside cairo_surface_finish, fontconfig's config
 * parse); see tests/lsan.supp for how they were identified. Used by LeakSanitizer builds. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libcairo.so.2\nleak:libfontconfig.so.1\n";
}

#define FIXTURE "tests/fixtures/scoresheet_two.json"
#define FIXTURE_MANY "tests/fixtures/scoresheet_many.json"

static cJSON *load(const char *path)
{
    cp_error err = { 0 };
    size_t len;
    char *text = cp_read_file(path, 1 << 24, &len, &err);
    if (!text)
        fail_msg("%s: %s", path, err.msg);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    if (!doc)
        fail_msg("%s: not JSON", path);
    return doc;
}

/* Renders doc; fails the test on error. Caller frees out. */
static void render_ok(const cJSON *doc, cp_bytes *out)
{
    cp_error err = { 0 };
    if (cp_export_pdf(doc, NULL, out, &err) != 0)
        fail_msg("cp_export_pdf: %s", err.msg);
}

/* Occurrences of needle in the bytes. */
static int count(const cp_bytes *b, const char *needle)
{
    int n = 0;
    size_t nl = strlen(needle);
    for (size_t i = 0; i + nl <= b->len; i++)
        if (!memcmp(b->data + i, needle, nl))
            n++;
    return n;
}

/* Page objects: "/Type /Page" not followed by "s" (which would be /Pages). */
static int pages(const cp_bytes *b)
{
    return count(b, "/Type /Page") - count(b, "/Type /Pages");
}

static void assert_complete_pdf(const cp_bytes *b)
{
    assert_true(b->len > 1000);
    assert_memory_equal(b->data, "%PDF-", 5);
    size_t end = b->len;
    while (end > 0 && (b->data[end - 1] == '\n' || b->data[end - 1] == '\r'))
        end--;
    assert_true(end >= 5);
    assert_memory_equal(b->data + end - 5, "%%EOF", 5);
}

static void fixture_renders_a_page_per_trainee_and_a_cohort_page(void **st)
{
    (void)st;
    cJSON *doc = load(FIXTURE);
    int trainees = cJSON_GetArraySize(cJSON_GetObjectItem(doc, "trainees"));
    assert_true(trainees >= 2);
    cp_bytes out = { 0 };
    render_ok(doc, &out);
    assert_complete_pdf(&out);
    /* a sheet runs onto more pages with every reply listed (作答明细): at least one each */
    assert_true(pages(&out) >= trainees + 1);
    /* A4 portrait media box */
    assert_true(count(&out, "/MediaBox [ 0 0 595.28 841.89 ]") >= 1);
    /* metadata: creator from the document's generator, creation date from generated */
    assert_true(count(&out, "/Creator (counterpart") == 1);
    /* (cairo 1.16 writes the date without the "D:" prefix, later versions with it) */
    assert_true(count(&out, "/CreationDate (") == 1);
    assert_true(count(&out, "20261124093000") == 1);
    cJSON_Delete(doc);
    cp_bytes_free(&out);
}

static void eight_trainees_get_eight_sheets_and_a_cohort_page(void **st)
{
    (void)st;
    cJSON *doc = load(FIXTURE_MANY);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "trainees")), 8);
    cp_bytes out = { 0 };
    render_ok(doc, &out);
    assert_complete_pdf(&out);
    assert_true(pages(&out) >= 9);
    cJSON_Delete(doc);
    cp_bytes_free(&out);
}

static void one_trainee_has_no_cohort_page(void **st)
{
    (void)st;
    cJSON *doc = load(FIXTURE);
    cJSON *tr = cJSON_GetObjectItem(doc, "trainees");
    while (cJSON_GetArraySize(tr) > 1)
        cJSON_DeleteItemFromArray(tr, 1);
    cp_bytes out = { 0 };
    render_ok(doc, &out);
    assert_complete_pdf(&out);
    /* the same sheet as in the two-trainee document, without the cohort page */
    cJSON *two = load(FIXTURE);
    cp_bytes both = { 0 };
    render_ok(two, &both);
    assert_true(pages(&out) >= 1 && pages(&out) < pages(&both));
    cJSON_Delete(two);
    cp_bytes_free(&both);
    cJSON_Delete(doc);
    cp_bytes_free(&out);
}

/* Adds criterion n (id "extra.n") to the document, the first trainee's summary and its first
 * turn, with a long name. */
static void add_criterion(cJSON *doc, int n)
{
    char id[32], name[128];
    snprintf(id, sizeof id, "extra.%d", n);
    snprintf(name, sizeof name, "附加评分项%d：主动告知办理时限、所需材料和后续查询渠道", n);
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "id", id);
    cJSON_AddStringToObject(c, "name", name);
    cJSON_AddItemToArray(cJSON_GetObjectItem(doc, "criteria"), c);
    cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "trainees"), 0);
    cJSON *s = cJSON_CreateObject();
    cJSON_AddStringToObject(s, "id", id);
    cJSON_AddNumberToObject(s, "met", n % 3);
    cJSON_AddNumberToObject(s, "total", 2);
    if (n % 4)
        cJSON_AddNumberToObject(s, "rate", (n % 3) / 2.0);
    else
        cJSON_AddNullToObject(s, "rate");
    cJSON_AddItemToArray(cJSON_GetObjectItem(cJSON_GetObjectItem(t, "summary"), "criteria"), s);
}

static void long_reply_and_twelve_criteria_render(void **st)
{
    (void)st;
    cJSON *doc = load(FIXTURE);
    int have = cJSON_GetArraySize(cJSON_GetObjectItem(doc, "criteria"));
    for (int i = have; i < 12; i++)
        add_criterion(doc, i);
    cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "trainees"), 0);
    cJSON *turn = cJSON_GetArrayItem(
        cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(t, "sessions"), 0), "turns"), 0);
    char reply[1024] = "";
    while (strlen(reply) < 200 * 3) /* 200 CJK characters, 3 bytes each */
        strcat(reply, "您好请稍等我帮您查");
    cJSON_ReplaceItemInObject(turn, "reply", cJSON_CreateString(reply));
    cJSON *crit = cJSON_GetArrayItem(cJSON_GetObjectItem(turn, "criteria"), 0);
    cJSON *ev = cJSON_CreateArray();
    cJSON_AddItemToArray(ev, cJSON_CreateString(reply));
    cJSON_ReplaceItemInObject(crit, "evidence", ev);
    cJSON_ReplaceItemInObject(t, "name",
                              cJSON_CreateString("欧阳娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜"));
    cp_bytes out = { 0 };
    render_ok(doc, &out);
    assert_complete_pdf(&out);
    int trainees = cJSON_GetArraySize(cJSON_GetObjectItem(doc, "trainees"));
    /* twelve criteria push the first sheet onto a continuation page */
    assert_true(pages(&out) >= trainees + 1);
    cJSON_Delete(doc);
    cp_bytes_free(&out);
}

static void expect_error(cJSON *doc, const char *path_in_msg)
{
    cp_bytes out = { 0 };
    cp_error err = { 0 };
    assert_int_equal(cp_export_pdf(doc, NULL, &out, &err), -1);
    if (!strstr(err.msg, path_in_msg))
        fail_msg("error \"%s\" does not name %s", err.msg, path_in_msg);
    assert_int_equal(out.len, 0);
    cp_bytes_free(&out);
}

static void missing_member_is_named_by_its_path(void **st)
{
    (void)st;
    cJSON *doc = load(FIXTURE);
    cJSON *t1 = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "trainees"), 1);
    cJSON_DeleteItemFromObject(cJSON_GetObjectItem(t1, "summary"), "percent");
    expect_error(doc, "trainees[1].summary.percent");
    cJSON_Delete(doc);

    doc = load(FIXTURE);
    cJSON *t0 = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "trainees"), 0);
    cJSON *turn = cJSON_GetArrayItem(
        cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(t0, "sessions"), 0), "turns"), 1);
    cJSON *crit = cJSON_GetArrayItem(cJSON_GetObjectItem(turn, "criteria"), 0);
    cJSON_ReplaceItemInObject(crit, "met", cJSON_CreateString("yes"));
    expect_error(doc, "trainees[0].sessions[0].turns[1].criteria[0].met");
    cJSON_Delete(doc);

    doc = load(FIXTURE);
    cJSON_DeleteItemFromObject(doc, "cohort");
    expect_error(doc, "cohort");
    cJSON_Delete(doc);
}

static void wrong_schema_and_empty_documents_are_refused(void **st)
{
    (void)st;
    cJSON *doc = load(FIXTURE);
    cJSON_ReplaceItemInObject(doc, "version", cJSON_CreateNumber(2));
    expect_error(doc, "schema");
    cJSON_Delete(doc);

    doc = load(FIXTURE);
    cJSON_ReplaceItemInObject(doc, "trainees", cJSON_CreateArray());
    expect_error(doc, "trainees");
    cJSON_Delete(doc);

    cJSON *arr = cJSON_CreateArray();
    expect_error(arr, "根");
    cJSON_Delete(arr);
}

static void a_font_without_chinese_is_refused(void **st)
{
    (void)st;
    cJSON *doc = load(FIXTURE);
    cp_bytes out = { 0 };
    cp_error err = { 0 };
    /* fontconfig substitutes a Latin font for an unknown family on systems with few fonts; when
     * it substitutes a CJK font the PDF is fine, so either outcome must be a clean one */
    int rc = cp_export_pdf(doc, "NoSuchFontFamilyXyz", &out, &err);
    if (rc == 0)
        assert_complete_pdf(&out);
    else
        assert_non_null(strstr(err.msg, "NoSuchFontFamilyXyz"));
    cJSON_Delete(doc);
    cp_bytes_free(&out);
}

static int render_mode(int argc, char **argv)
{
    cJSON *doc = NULL;
    cp_error err = { 0 };
    size_t len;
    char *text = cp_read_file(argv[2], 1 << 24, &len, &err);
    if (text) {
        doc = cJSON_Parse(text);
        free(text);
    }
    if (!doc) {
        fprintf(stderr, "%s: cannot read the document\n", argv[2]);
        return 1;
    }
    cp_bytes out = { 0 };
    int rc = cp_export_pdf(doc, argc > 4 ? argv[4] : NULL, &out, &err);
    if (rc == 0)
        rc = cp_write_file_atomic(argv[3], out.data, out.len, &err);
    if (rc != 0)
        fprintf(stderr, "%s\n", err.msg);
    cJSON_Delete(doc);
    cp_bytes_free(&out);
    return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && !strcmp(argv[1], "--render"))
        return render_mode(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixture_renders_a_page_per_trainee_and_a_cohort_page),
        cmocka_unit_test(eight_trainees_get_eight_sheets_and_a_cohort_page),
        cmocka_unit_test(one_trainee_has_no_cohort_page),
        cmocka_unit_test(long_reply_and_twelve_criteria_render),
        cmocka_unit_test(missing_member_is_named_by_its_path),
        cmocka_unit_test(wrong_schema_and_empty_documents_are_refused),
        cmocka_unit_test(a_font_without_chinese_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
