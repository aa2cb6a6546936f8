/*
 * test_work.c - the work engine in the store: ISO week labels at year
 * boundaries; a hazard's report and assignment write their messages in
 * the event's transaction (a rolled-back report leaves none); the inbox is
 * the recipient's only (marking another's message read does nothing); the
 * to-do list follows the hazard from 待交办 to 待整改.
 *
 * SQLite always runs on a temporary file; PostgreSQL runs too when
 * XA_TEST_PG_URI names a scratch database.
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "store/store_hazard.h"
#include "store/store_work.h"
#include "store/store_int.h"
#include "api/api_work.h"
#include "t.h"
#include <unistd.h>

static void weeks(void)
{
    static const struct {
        const char *day, *label;
    } cases[] = {
        {"2026-12-03T10:00", "2026-W49"}, {"2026-11-30T00:00", "2026-W49"},
        {"2026-11-29T23:59", "2026-W48"}, {"2021-01-03T12:00", "2020-W53"},
        {"2024-12-30T08:00", "2025-W01"}, {"2026-01-01T00:00", "2026-W01"},
    };
    for (size_t i = 0; i < XA_ARRAY_LEN(cases); i++) {
        int64_t t = 0, mon = 0;
        char lab[16];
        T_CHECK(xa_time_parse(cases[i].day, &t) == 0);
        work_week_of(t, lab, sizeof(lab), &mon);
        T_EQ_STR(lab, cases[i].label);
        char iso[40];
        xa_time_format(mon, iso, sizeof(iso));
        T_CHECK(strstr(iso, "T00:00:00+08:00") != NULL);
        T_CHECK(mon <= t && t < mon + 7 * XA_DAY_MS);
    }
}

static int64_t uniq(void)
{
    static int64_t n;
    if (!n) n = (xa_now_ms() % 1000000) * 1000 + (getpid() % 1000);
    return ++n;
}

static int64_t mk_org(struct store *s, int64_t parent, const char *kind, const char *name,
                      char *path)
{
    char code[16];
    bool school = strcmp(kind, "school") == 0;
    snprintf(code, sizeof(code), school ? "7%09lld" : "%06lld",
             (long long)(uniq() % (school ? 1000000000LL : 1000000LL)));
    struct org_in in = {.parent_id = parent, .kind = kind, .name = name, .code = code,
                        .school_type = school ? "primary" : NULL};
    int64_t id = t_org_create(s, &in, xa_now_ms());
    store_org_locate(s, id, path, 96, NULL, 0);
    return id;
}

static int64_t mk_user(struct store *s, int64_t org, const char *path, const char *role,
                       const char *name)
{
    char login[32];
    snprintf(login, sizeof(login), "wk%lld", (long long)uniq());
    struct role_in r = {.role = role, .org_id = org, .org_path = path};
    struct user_in in = {.username = login, .pass_hash = "x", .name = name, .org_id = org,
                         .org_path = path, .nroles = 1, .roles = &r};
    return t_user_create(s, &in, xa_now_ms());
}

static int64_t count_kind(struct store *s, int64_t user, const char *kind)
{
    int64_t n = -1;
    INT1(s, &n, "SELECT COUNT(*) FROM messages WHERE user_id = ? AND kind = ?", DB_INT(user),
         DB_TEXT(kind));
    return n;
}

static int64_t todo_count(struct store *s, int64_t user, const char *role, int64_t org,
                          const char *path, const char *kind)
{
    struct work_role w = {role, org, path, "school"};
    json_t *t = store_work_todo(s, user, &w, 1, xa_now_ms());
    T_CHECK(t != NULL);
    int64_t n = 0;
    size_t i;
    json_t *k;
    json_array_foreach(json_object_get(t, "kinds"), i, k) if (
        !strcmp(json_string_value(json_object_get(k, "kind")), kind)) n =
        json_integer_value(json_object_get(k, "count"));
    json_decref(t);
    return n;
}

static int64_t audit_rows(struct store *s, const char *entity)
{
    int64_t n = -1;
    INT1(s, &n, "SELECT COUNT(*) FROM audit WHERE entity = ?", DB_TEXT(entity));
    return n;
}

static int64_t messages(struct store *s, int64_t user)
{
    int64_t n = -1;
    INT1(s, &n, "SELECT COUNT(*) FROM messages WHERE user_id = ?", DB_INT(user));
    return n;
}

static void run(struct store *s)
{
    T_CHECK(store_migrate(s) >= 0);
    int64_t now = xa_now_ms();
    char cpath[96], spath[96];
    int64_t county = mk_org(s, 0, "county", "华容县教育局", cpath);
    int64_t school = mk_org(s, county, "school", "章华镇中心小学", spath);
    int64_t pr = mk_user(s, school, spath, "principal", "周校长");
    int64_t t1 = mk_user(s, school, spath, "staff", "吴老师");
    T_CHECK(county > 0 && school > 0 && pr > 0 && t1 > 0);
    struct change ch;
    struct hazard_create c = {.school_id = school, .title = "楼道灯不亮", .category = "fire",
                              .grade = "general", .source = "self_check"};

    /* a report rolled back tells nobody */
    T_CHECK(store_change_begin(&ch, s, t1, "teacher", now) == 0);
    T_CHECK(store_hazard_create(&ch, &c) > 0);
    store_change_abort(&ch);
    T_EQ_INT(count_kind(s, pr, "hazard_reported"), 0);

    /* committed: the principal is told and has it to assign */
    T_CHECK(store_change_begin(&ch, s, t1, "teacher", now) == 0);
    int64_t h = store_hazard_create(&ch, &c);
    T_CHECK(h > 0 && store_change_commit(&ch) == 0);
    T_EQ_INT(count_kind(s, pr, "hazard_reported"), 1);
    T_EQ_INT(count_kind(s, t1, "hazard_reported"), 0);
    T_EQ_INT(todo_count(s, pr, "principal", school, spath, "assign"), 1);

    /* assigned to the teacher: the teacher is told and has it to rectify */
    struct hazard_actor a = {.user_id = pr, .roles = HAZARD_ROLE_PRINCIPAL};
    struct hazard_input in = {.action = HAZARD_ACT_ASSIGN, .rectifier_id = t1, .now_ms = now};
    T_CHECK(store_change_begin(&ch, s, pr, "principal", now) == 0);
    T_EQ_INT(store_hazard_act(&ch, h, &a, &in, NULL, 0), 0);
    T_CHECK(store_change_commit(&ch) == 0);
    T_EQ_INT(count_kind(s, t1, "hazard_assigned"), 1);
    T_EQ_INT(todo_count(s, pr, "principal", school, spath, "assign"), 0);
    T_EQ_INT(todo_count(s, t1, "staff", school, spath, "rectify"), 1);

    /* the inbox is the recipient's only */
    int64_t mid = 0, unread = -1;
    T_CHECK(INT1(s, &mid, "SELECT MAX(id) FROM messages WHERE user_id = ?", DB_INT(t1)) == 1);
    T_EQ_INT(store_change_begin(&ch, s, pr, "", now), 0);
    T_EQ_INT(store_work_mark_read(&ch, mid), -1);
    T_EQ_INT(ch.err.code, XE_MESSAGE_NOT_FOUND);
    store_change_abort(&ch);
    T_CHECK(store_work_unread(s, t1, &unread) == 0);
    T_EQ_INT(unread, 1);
    T_EQ_INT(store_change_begin(&ch, s, t1, "", now), 0);
    T_EQ_INT(store_work_mark_read(&ch, mid), 0);
    T_EQ_INT(store_change_commit(&ch), 0);
    T_CHECK(store_work_unread(s, t1, &unread) == 0);
    T_EQ_INT(unread, 0);

    /* 催办: one audit row; again within the hour writes nothing */
    int64_t a0 = audit_rows(s, "hazard"), m0 = messages(s, t1);
    struct work_remind wr = {.from_org_id = county, .from_path = cpath, .note = "请加快"};
    int64_t next = 0;
    T_EQ_INT(store_change_begin(&ch, s, pr, "", now), 0);
    T_EQ_INT(store_work_remind_hazard(&ch, h, &wr, &next), 0);
    T_EQ_INT(store_change_commit(&ch), 0);
    T_EQ_INT(audit_rows(s, "hazard"), a0 + 1);
    T_EQ_INT(messages(s, t1), m0 + 1);
    T_EQ_INT(store_change_begin(&ch, s, pr, "", now + 60000), 0);
    T_EQ_INT(store_work_remind_hazard(&ch, h, &wr, &next), 1);
    T_EQ_INT(next, now + WORK_REMIND_EVERY_MS);
    store_change_abort(&ch);
    T_EQ_INT(audit_rows(s, "hazard"), a0 + 1);
    T_EQ_INT(messages(s, t1), m0 + 1);

    /* the sweep (8 h on): a deadline within 24 h tells the rectifier once;
     * a second run, and one after the marks are lost, send nothing twice */
    int64_t H = 3600 * 1000LL;
    T_CHECK(EXEC(s, "UPDATE hazards SET deadline = ?, updated_at = ? WHERE id = ?",
                 DB_INT(now + 30 * H), DB_INT(now), DB_INT(h)) == 1);
    /* marks an earlier run left in a reused database are set aside */
    T_CHECK(EXEC(s, "DELETE FROM work_marks WHERE key LIKE 'hazard_due%'") >= 0);
    int64_t before = count_kind(s, t1, "hazard_due");
    int64_t all = messages(s, t1) + messages(s, pr);
    T_EQ_INT(work_sweep_run(s, now + 8 * H), 0);
    T_EQ_INT(count_kind(s, t1, "hazard_due"), before + 1);
    int64_t after1 = messages(s, t1) + messages(s, pr);
    T_CHECK(after1 >= all + 1);
    T_EQ_INT(work_sweep_run(s, now + 8 * H + 1000), 0);
    T_EQ_INT(messages(s, t1) + messages(s, pr), after1);
    T_CHECK(EXEC(s, "DELETE FROM work_marks WHERE key LIKE 'hazard_due%'") >= 0);
    T_EQ_INT(work_sweep_run(s, now + 8 * H + 2000), 0);
    T_EQ_INT(messages(s, t1) + messages(s, pr), after1);
    T_EQ_INT(store_audit_verify(s), 0);
}

void t_main(void)
{
    weeks();
    t_each_backend("work", run);
}
