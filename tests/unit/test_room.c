/* test_room.c - the room of a class without a display (cp_room.h, and the classroom model's
 * room view): every member listed, 未开始 before anything today; a seat's session (recorded
 * through its own handle, as a seat's PC does) shows its scenario's Chinese title, the turn it
 * is on and its latest reply's result, counted from the records; the latest session of a member
 * wins; an ending shows with its rating; an exam run under way and finished; "today" is the
 * caller's; the passphrase guards it like the other class views; a refresh that finds nothing new
 * changes nothing (and is not counted as live news); 案例拆解 for a class lists every member's
 * own sessions and not another class's or an exam's. Runs on SQLite, and on PostgreSQL from
 * tests/pg/test_pg_units.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "records_backend.h"
#include "records/records_int.h"
#include "cp_records_exam.h"
#include "cp_room.h"
#include "cp_ui_class.h"

#define PASS "correct horse 社保"

typedef struct env {
    char dir[64], path[128], exam_path[128];
    cp_scorer *scorer;
    cp_scenario *mm, *cb;
    cp_exam *ex;
    cp_records *db;         /* the trainer's handle */
    cp_records *seat;       /* a seat's own handle on the same records */
    int64_t id[4];          /* 1001 1002 1005 (一班), 1004 (二班) */
    cp_ui *ui;
    cp_ui_class *c;
} env;

static int setup(void **st)
{
    env *e = calloc(1, sizeof *e);
    if (records_test_dir_new(e->dir, sizeof e->dir, "room", e->path, sizeof e->path) != 0)
        return -1;
    snprintf(e->exam_path, sizeof e->exam_path, "%s/two.lua", e->dir);
    FILE *f = fopen(e->exam_path, "w");
    if (!f)
        return -1;
    fputs("return exam { id = 'two_part', title = '两部分考核', time_limit = 60, pass_mark = 50,\n"
          "  scenarios = { 'missing_materials', 'card_balance' } }\n", f);
    fclose(f);
    cp_error err = { 0 };
    e->scorer = cp_scorer_load("scenarios/rubrics", &err);
    e->mm = cp_scenario_load("scenarios/missing_materials.lua", &err);
    e->cb = cp_scenario_load("scenarios/card_balance.lua", &err);
    e->ex = cp_exam_load(e->exam_path, &err);
    e->db = cp_records_open(e->path, 0, &err);
    if (!e->scorer || !e->mm || !e->cb || !e->ex || !e->db)
        return -1;
    rec_fast_hash_for_tests(true);
    static const char *const who[][3] = { { "王小明", "1001", "一班" }, { "李华", "1002", "一班" },
                                          { "赵敏", "1005", "一班" }, { "张伟", "1004", "二班" } };
    for (int i = 0; i < 4; i++)
        if (cp_records_trainee_add(e->db, who[i][0], who[i][1], who[i][2], &e->id[i], &err) != 0)
            return -1;
    e->seat = cp_records_open(e->path, 0, &err);
    if (!e->seat)
        return -1;
    e->ui = cp_ui_new(e->scorer, "scenarios");
    e->c = cp_ui_class_new(e->ui, e->db, e->scorer);
    if (cp_ui_class_choose_group(e->c, "一班", &err) != 0)
        return -1;
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_CLOSE, 0);
    cp_ui_class_set_clock(e->c, 0, "");
    *st = e;
    return 0;
}

static int teardown(void **st)
{
    env *e = *st;
    cp_ui_class_free(e->c);
    cp_ui_free(e->ui);
    cp_records_close(e->seat);
    cp_records_close(e->db);
    cp_exam_free(e->ex);
    cp_scenario_free(e->mm);
    cp_scenario_free(e->cb);
    cp_scorer_free(e->scorer);
    if (records_test_dir_remove(e->dir) != 0)
        return -1;
    free(e);
    return 0;
}

/* A session of trainee on db (a seat's handle) in mode, with its first k resolved replies. */
static int64_t play(env *e, cp_records *db, int64_t trainee, const cp_scenario *sc, cp_mode mode,
                    int64_t run, size_t k)
{
    cp_error err = { 0 };
    cp_session *s = cp_session_new(sc, e->scorer, &err);
    assert_non_null(s);
    int64_t sid = 0;
    if (cp_records_session_start(db, trainee, s, mode, run, &sid, &err) != 0)
        die(&err);
    for (size_t i = 0; i < k && !cp_session_ended(s); i++) {
        char *line = reply_line(sc->id, i);
        assert_non_null(line);
        assert_int_equal(cp_session_reply(s, line, 0, &err), 0);
        cp_turn_meta meta = mode == CP_MODE_EXAM ? cp_exam_turn_meta(e->ex, 1000) : (cp_turn_meta){ 0 };
        if (cp_records_turn(db, sid, s, &meta, &err) != 0)
            die(&err);
        free(line);
    }
    cp_session_free(s);
    return sid;
}

static const cp_room_seat *seat_of(const cp_room *r, const char *staff_no)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->seats[i].who.staff_no, staff_no))
            return &r->seats[i];
    fail_msg("no seat %s", staff_no);
    return NULL;
}

static void every_member_idle_before_anything(void **st)
{
    env *e = *st;
    cp_room r = { 0 };
    cp_error err = { 0 };
    if (cp_records_room(e->db, "一班", "", &r, &err) != 0)
        die(&err);
    assert_int_equal(r.n, 3);   /* 二班's member is not there */
    assert_int_equal(r.active, 0);
    assert_string_equal(r.seats[0].who.staff_no, "1001");
    assert_string_equal(r.seats[2].who.staff_no, "1005");
    for (size_t i = 0; i < r.n; i++)
        assert_int_equal(r.seats[i].session, 0);
    cp_room_free(&r);
    /* the model's view: one row each, 未开始 */
    assert_int_equal(cp_ui_class_cmd(e->c, CP_CLASS_CMD_ROOM, 0), CP_UI_CHANGED);
    assert_int_equal(cp_ui_class_view(e->c), CP_CLASS_ROOM);
    cp_class_room_row row;
    for (size_t i = 0; i < 3; i++) {
        assert_true(cp_ui_class_room_row(e->c, i, &row));
        assert_int_equal(row.state, CP_ROOM_IDLE);
        assert_string_equal(row.ago, "未开始");
        assert_string_equal(row.scenario, "");
    }
    assert_false(cp_ui_class_room_row(e->c, 3, &row));
    assert_string_equal(cp_ui_class_room_summary(e->c), "一班 共 3 人 · 今天 0 人已开始，3 人未开始");
    /* a class nobody is in, and no class: clear errors */
    assert_int_equal(cp_records_room(e->db, "三班", "", &r, &err), -1);
    assert_non_null(strstr(err.msg, "三班"));
    assert_int_equal(cp_records_room(e->db, "", "", &r, &err), -1);
    assert_non_null(strstr(err.msg, "未选择班组"));
}

static void a_seat_shows_its_scenario_turn_and_result(void **st)
{
    env *e = *st;
    assert_int_equal(cp_ui_class_cmd(e->c, CP_CLASS_CMD_ROOM, 0), CP_UI_CHANGED);
    unsigned live0 = cp_ui_class_room_live(e->c), serial0 = cp_ui_class_serial(e->c);
    /* nothing new: a refresh changes nothing and counts nothing */
    assert_int_equal(cp_ui_class_room_refresh(e->c, true, false), 0);
    assert_int_equal(cp_ui_class_room_live(e->c), live0);
    assert_int_equal(cp_ui_class_serial(e->c), serial0);
    /* seat 1002 answers two turns through its own handle */
    int64_t sid = play(e, e->seat, e->id[1], e->mm, CP_MODE_PRACTICE, 0, 2);
    assert_int_equal(cp_ui_class_room_refresh(e->c, true, false), CP_UI_CHANGED);
    assert_int_equal(cp_ui_class_room_live(e->c), live0 + 1);
    assert_true(cp_ui_class_serial(e->c) != serial0);
    const cp_room *r = cp_ui_class_room(e->c);
    assert_non_null(r);
    assert_int_equal(r->active, 1);
    const cp_room_seat *s = seat_of(r, "1002");
    assert_int_equal(s->session, sid);
    assert_string_equal(s->scenario, "missing_materials");
    assert_string_equal(s->mode, "practice");
    assert_int_equal(s->turns, 2);
    assert_true(s->has_reply);
    assert_int_equal(s->seq, 2);
    assert_int_equal(s->attempt, 1);
    assert_false(s->ended);
    /* the result is the latest reply's, as the records have it */
    cp_error err = { 0 };
    size_t nt = 0;
    cp_rec_turn *t = cp_records_turns(e->db, sid, &nt, &err);
    assert_int_equal(nt, 2);
    int met = 0, missed = 0;
    for (size_t k = 0; k < t[1].ncrit; k++)
        if (t[1].crit[k].focus)
            t[1].crit[k].met ? met++ : missed++;
    assert_int_equal(s->met, met);
    assert_int_equal(s->missed, missed);
    assert_true(met + missed > 0);
    assert_true(s->percent >= 0 && s->percent <= 100);
    assert_true(s->percent == 100.0 * t[1].final / t[1].max);
    assert_string_equal(s->last_at, t[1].at);
    cp_rec_turns_free(t, nt);
    /* as text: the Chinese title, the turn on, the result */
    cp_class_room_row row;
    assert_true(cp_ui_class_room_row(e->c, 1, &row));
    assert_int_equal(row.state, CP_ROOM_ACTIVE);
    assert_string_equal(row.name, "李华");
    assert_string_equal(row.scenario, e->mm->title);
    assert_string_equal(row.mode, "练习");
    assert_string_equal(row.progress, "第 3 轮作答中");
    char want[256];
    snprintf(want, sizeof want, "第 2 轮 %d%% · 达成 %d 项，未达成 %d 项", (int)(s->percent + 0.5), met,
             missed);
    assert_string_equal(row.result, want);
    assert_string_equal(row.ago, ""); /* no clock given */
    /* the others are still idle */
    assert_true(cp_ui_class_room_row(e->c, 0, &row));
    assert_int_equal(row.state, CP_ROOM_IDLE);
    /* a refresh while another view shows reads nothing (forced: reads) */
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_CLOSE, 0);
    play(e, e->seat, e->id[2], e->cb, CP_MODE_PRACTICE, 0, 1);
    assert_int_equal(cp_ui_class_room_refresh(e->c, true, false), 0);
    assert_int_equal(cp_ui_class_room_refresh(e->c, false, true), CP_UI_CHANGED);
    assert_int_equal(cp_ui_class_room(e->c)->active, 2);
}

static void the_latest_session_and_its_ending(void **st)
{
    env *e = *st;
    play(e, e->seat, e->id[0], e->mm, CP_MODE_PRACTICE, 0, 3);
    int64_t sid = play(e, e->seat, e->id[0], e->cb, CP_MODE_PRACTICE, 0, 50);   /* to its end */
    cp_room r = { 0 };
    cp_error err = { 0 };
    if (cp_records_room(e->db, "一班", "", &r, &err) != 0)
        die(&err);
    const cp_room_seat *s = seat_of(&r, "1001");
    assert_int_equal(s->session, sid);
    assert_string_equal(s->scenario, "card_balance");
    assert_true(s->ended);
    assert_string_equal(s->outcome, "resolved");
    assert_true(s->rating >= 1 && s->rating <= 5);
    int rating = s->rating;
    cp_room_free(&r);
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_ROOM, 0);
    cp_class_room_row row;
    assert_true(cp_ui_class_room_row(e->c, 0, &row));
    assert_int_equal(row.state, CP_ROOM_ENDED);
    char want[128];
    snprintf(want, sizeof want, "已结束：%s · 好差评 %d/5", cp_ui_outcome_name("resolved"), rating);
    assert_string_equal(row.progress, want);
    assert_string_equal(row.scenario, e->cb->title);
}

static void today_is_the_callers(void **st)
{
    env *e = *st;
    play(e, e->seat, e->id[1], e->mm, CP_MODE_PRACTICE, 0, 1);
    cp_room r = { 0 };
    cp_error err = { 0 };
    /* a day that has not come yet: nobody has started "today" */
    if (cp_records_room(e->db, "一班", "2999-01-01T00:00:00Z", &r, &err) != 0)
        die(&err);
    assert_int_equal(r.active, 0);
    assert_int_equal(seat_of(&r, "1002")->session, 0);
    /* a day long gone: the session counts */
    if (cp_records_room(e->db, "一班", "2000-01-01T00:00:00Z", &r, &err) != 0)
        die(&err);
    assert_int_equal(r.active, 1);
    cp_room_free(&r);
    /* the model takes the window's clock: how long ago, from the reply's time */
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_ROOM, 0);
    const char *at = seat_of(cp_ui_class_room(e->c), "1002")->last_at;
    /* an age from a known time */
    assert_int_equal(cp_room_age("2026-12-05T06:00:00Z", 1796450400LL + 180), 180);
    assert_int_equal(cp_room_age("2026-12-05T06:00:00.250Z", 1796450400LL + 7200), 7200);
    assert_int_equal(cp_room_age("yesterday", 1), -1);
    char buf[64];
    cp_room_age_text(3, buf, sizeof buf);
    assert_string_equal(buf, "刚刚");
    cp_room_age_text(45, buf, sizeof buf);
    assert_string_equal(buf, "45 秒前");
    cp_room_age_text(180, buf, sizeof buf);
    assert_string_equal(buf, "3 分钟前");
    cp_room_age_text(7200, buf, sizeof buf);
    assert_string_equal(buf, "2 小时前");
    cp_room_age_text(-1, buf, sizeof buf);
    assert_string_equal(buf, "");
    struct tm tm = { 0 };
    assert_int_equal(sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                            &tm.tm_hour, &tm.tm_min, &tm.tm_sec), 6);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    cp_ui_class_set_clock(e->c, (long long)timegm(&tm) + 125, "2000-01-01T00:00:00Z");
    cp_class_room_row row;
    assert_true(cp_ui_class_room_row(e->c, 1, &row));
    assert_string_equal(row.ago, "2 分钟前");
}

static void exam_runs_under_way_and_finished(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    if (cp_records_passphrase_set(e->db, NULL, PASS, &err) != 0 ||
        cp_records_unlock(e->db, PASS, &err) != 0)
        die(&err);
    int64_t run = 0;
    if (cp_records_exam_begin(e->db, e->ex, e->id[2], "考官甲", &run, &err) != 0)
        die(&err);
    play(e, e->db, e->id[2], e->mm, CP_MODE_EXAM, run, 2);
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_ROOM, 0);
    if (!cp_ui_class_room(e->c))
        fail_msg("%s", cp_ui_class_message(e->c));
    const cp_room_seat *s = seat_of(cp_ui_class_room(e->c), "1005");
    assert_int_equal(s->exam_run, run);
    assert_string_equal(s->mode, "exam");
    assert_string_equal(s->exam_title, "两部分考核");
    assert_false(s->exam_finished);
    assert_int_equal(s->exam_part, 1);
    assert_int_equal(s->exam_parts, 2);
    cp_class_room_row row;
    assert_true(cp_ui_class_room_row(e->c, 2, &row));
    assert_int_equal(row.state, CP_ROOM_EXAM);
    assert_string_equal(row.mode, "考核");
    assert_string_equal(row.progress, "考核进行中（第 1/2 部分） · 第 3 轮");
    /* the first part to its end, the second begun, then the run is stopped and finished */
    int64_t sid1 = 0;
    {
        cp_session *ss = cp_records_resume(e->db, s->session, e->mm, e->scorer, &err);
        assert_non_null(ss);
        sid1 = s->session;
        for (size_t i = 2; i < 50 && !cp_session_ended(ss); i++) {
            char *line = reply_line("missing_materials", i);
            assert_non_null(line);
            assert_int_equal(cp_session_reply(ss, line, 0, &err), 0);
            cp_turn_meta meta = cp_exam_turn_meta(e->ex, 1000);
            if (cp_records_turn(e->db, sid1, ss, &meta, &err) != 0)
                die(&err);
            free(line);
        }
        assert_true(cp_session_ended(ss));
        cp_session_free(ss);
    }
    assert_int_equal(cp_ui_class_room_refresh(e->c, true, false), CP_UI_CHANGED);
    assert_true(cp_ui_class_room_row(e->c, 2, &row));
    assert_string_equal(row.progress, "考核进行中（第 1/2 部分已结束）");
    play(e, e->db, e->id[2], e->cb, CP_MODE_EXAM, run, 1);
    assert_int_equal(cp_ui_class_room_refresh(e->c, true, false), CP_UI_CHANGED);
    assert_true(cp_ui_class_room_row(e->c, 2, &row));
    assert_string_equal(row.progress, "考核进行中（第 2/2 部分） · 第 2 轮");
    if (cp_records_exam_finish(e->db, run, false, &err) != 0)
        die(&err);
    assert_int_equal(cp_ui_class_room_refresh(e->c, true, false), CP_UI_CHANGED);
    if (!cp_ui_class_room(e->c))
        fail_msg("%s", cp_ui_class_message(e->c));
    s = seat_of(cp_ui_class_room(e->c), "1005");
    assert_true(s->exam_finished);
    assert_true(cp_ui_class_room_row(e->c, 2, &row));
    assert_int_equal(row.state, CP_ROOM_EXAM_DONE);
    assert_non_null(strstr(row.progress, "考核已结束："));
    assert_non_null(strstr(row.progress, "（未答完）"));
}

static void the_passphrase_guards_the_room(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    if (cp_records_passphrase_set(e->db, NULL, PASS, &err) != 0)
        die(&err);
    cp_records_lock(e->db);   /* the trainer's window starts locked */
    play(e, e->seat, e->id[1], e->mm, CP_MODE_PRACTICE, 0, 1);
    cp_room r = { 0 };
    assert_int_equal(cp_records_room(e->db, "一班", "", &r, &err), -1);
    assert_non_null(strstr(err.msg, "passphrase"));
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_ROOM, 0);
    assert_true(cp_ui_class_locked(e->c));
    assert_null(cp_ui_class_room(e->c));
    assert_non_null(cp_ui_class_edit(e->c));
    assert_true(cp_ui_class_edit_secret(e->c));
    /* live news while locked reads nothing */
    assert_int_equal(cp_ui_class_room_refresh(e->c, true, false), 0);
    cp_ui_class_text(e->c, "wrong one");
    cp_ui_class_press(e->c, CP_UI_KEY_ENTER);
    assert_true(cp_ui_class_locked(e->c));
    cp_ui_class_text(e->c, PASS);
    cp_ui_class_press(e->c, CP_UI_KEY_ENTER);
    assert_false(cp_ui_class_locked(e->c));
    assert_non_null(cp_ui_class_room(e->c));
    assert_int_equal(cp_ui_class_room(e->c)->active, 1);
    assert_string_equal(cp_ui_class_message(e->c), "");
    /* F12 again closes it */
    assert_int_equal(cp_ui_class_cmd(e->c, CP_CLASS_CMD_ROOM, 1), CP_UI_CHANGED);
    assert_int_equal(cp_ui_class_view(e->c), CP_CLASS_NONE);
}

static void cases_of_a_class_are_its_members_sessions(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    int64_t s1 = play(e, e->seat, e->id[1], e->mm, CP_MODE_PRACTICE, 0, 1);    /* 一班, a seat */
    int64_t s2 = play(e, e->seat, e->id[0], e->mm, CP_MODE_CLASSROOM, 0, 1);   /* 一班, the class */
    int64_t s3 = play(e, e->seat, e->id[3], e->mm, CP_MODE_PRACTICE, 0, 1);    /* 二班 */
    if (cp_records_passphrase_set(e->db, NULL, PASS, &err) != 0 ||
        cp_records_unlock(e->db, PASS, &err) != 0)
        die(&err);
    int64_t run = 0;
    if (cp_records_exam_begin(e->db, e->ex, e->id[2], "考官甲", &run, &err) != 0)
        die(&err);
    int64_t s4 = play(e, e->db, e->id[2], e->mm, CP_MODE_EXAM, run, 1);          /* 一班, an exam */
    const char *node = e->mm->nodes[e->mm->start].id;
    int64_t *tr = NULL;
    size_t n = 0;
    cp_rec_turn *t = cp_records_answers_at_group(e->db, "missing_materials", node, "一班", &tr, &n, &err);
    if (!t)
        die(&err);
    assert_int_equal(n, 2);
    bool got1 = false, got2 = false;
    for (size_t i = 0; i < n; i++) {
        int64_t sid = 0;
        assert_int_equal(cp_records_turn_session(e->db, t[i].id, &sid, &err), 0);
        got1 |= sid == s1;
        got2 |= sid == s2;
        assert_true(sid != s3 && sid != s4);
        assert_true(tr[i] == e->id[0] || tr[i] == e->id[1]);
    }
    assert_true(got1 && got2);
    cp_rec_turns_free(t, n);
    free(tr);
    /* every session at that point, without a class (as before) */
    t = cp_records_answers_at(e->db, "missing_materials", node, &tr, &n, &err);
    assert_non_null(t);
    assert_int_equal(n, 4);
    cp_rec_turns_free(t, n);
    free(tr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_member_idle_before_anything, setup, teardown),
        cmocka_unit_test_setup_teardown(a_seat_shows_its_scenario_turn_and_result, setup, teardown),
        cmocka_unit_test_setup_teardown(the_latest_session_and_its_ending, setup, teardown),
        cmocka_unit_test_setup_teardown(today_is_the_callers, setup, teardown),
        cmocka_unit_test_setup_teardown(exam_runs_under_way_and_finished, setup, teardown),
        cmocka_unit_test_setup_teardown(the_passphrase_guards_the_room, setup, teardown),
        cmocka_unit_test_setup_teardown(cases_of_a_class_are_its_members_sessions, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
