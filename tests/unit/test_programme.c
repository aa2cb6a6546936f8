/*
 * test_programme.c - the programme rules: dates, semesters, class hours,
 * drill cadence and period status, duty gaps, incident deadlines; and the
 * programme store (class-hour totals, calendar inheritance, plan versions,
 * roster slots, incident flags) on SQLite, and on PostgreSQL when
 * XA_TEST_PG_URI names a scratch database.
 */
#include "core/compat.h"
#include "t.h"
#include "core/timeutil.h"
#include "domain/programme.h"
#include "store/store_programme.h"
#include "store/store_int.h"
#include <unistd.h>

/* One change per store write: cb begins it (user 7 at now), ce commits it
 * when the write returned >= 0 and aborts it otherwise; returns rc. */
static struct change tc;
static struct change *cb(struct store *s, int64_t now)
{
    T_EQ_INT(store_change_begin(&tc, s, 7, "tester", now), 0);
    return &tc;
}
static int64_t ce(int64_t rc)
{
    if (rc < 0)
        store_change_abort(&tc);
    else
        T_EQ_INT(store_change_commit(&tc), 0);
    return rc;
}
static int64_t audit_rows(struct store *s, const char *entity)
{
    int64_t n = -1;
    INT1(s, &n, "SELECT COUNT(*) FROM audit WHERE entity = ?", DB_TEXT(entity));
    return n;
}
static int64_t rows(struct store *s, const char *sql)
{
    int64_t n = -1;
    INT1(s, &n, sql);
    return n;
}

static int64_t D(const char *s)
{
    int64_t d = 0;
    if (prog_date_parse(s, &d))
        return -999999;
    return d;
}

static void test_dates(void)
{
    char buf[16];
    int64_t d;
    T_EQ_INT(prog_date_parse("2026-02-29", &d), -1);
    T_EQ_INT(prog_date_parse("2028-02-29", &d), 0);
    T_EQ_INT(prog_date_parse("2026-13-01", &d), -1);
    T_EQ_INT(prog_date_parse("2026-1-01", &d), -1);
    T_EQ_INT(prog_date_parse("2026-01-01x", &d), -1);
    T_EQ_INT(prog_date_parse(NULL, &d), -1);
    T_EQ_INT(D("1970-01-02"), 1);
    prog_date_format(D("2026-11-23"), buf, sizeof(buf));
    T_EQ_STR(buf, "2026-11-23");
    /* 2026-11-23T00:30+08:00 is 2026-11-22T16:30Z: still the 23rd in Shanghai */
    int64_t ms = 0;
    T_EQ_INT(xa_time_parse("2026-11-23T00:30", &ms), 0);
    T_EQ_INT(prog_day_of(ms), D("2026-11-23"));
    T_EQ_INT(prog_day_of(prog_day_start(D("2026-11-23"))), D("2026-11-23"));
    T_EQ_INT(prog_day_of(prog_day_start(D("2026-11-23")) - 1), D("2026-11-22"));
}

static void test_semesters(void)
{
    char buf[16];
    prog_semester_of(D("2026-11-23"), buf, sizeof(buf));
    T_EQ_STR(buf, "2026-2");
    prog_semester_of(D("2027-01-15"), buf, sizeof(buf));
    T_EQ_STR(buf, "2026-2");
    prog_semester_of(D("2027-02-01"), buf, sizeof(buf));
    T_EQ_STR(buf, "2027-1");
    prog_semester_of(D("2027-07-31"), buf, sizeof(buf));
    T_EQ_STR(buf, "2027-1");
    prog_semester_of(D("2027-08-01"), buf, sizeof(buf));
    T_EQ_STR(buf, "2027-2");
    int64_t a, b;
    T_EQ_INT(prog_semester_range("2026-2", &a, &b), 0);
    T_EQ_INT(a, D("2026-08-01"));
    T_EQ_INT(b, D("2027-01-31"));
    T_EQ_INT(prog_semester_range("2026-1", &a, &b), 0);
    T_EQ_INT(a, D("2026-02-01"));
    T_EQ_INT(b, D("2026-07-31"));
    T_EQ_INT(prog_semester_range("2026-3", &a, &b), -1);
    T_EQ_INT(prog_semester_range("26-1", &a, &b), -1);
    T_CHECK(prog_class_compliant(10.0));
    T_CHECK(prog_class_compliant(0.1 * 100));
    T_CHECK(!prog_class_compliant(9.5));
}

static void test_drills(void)
{
    T_EQ_INT(prog_drill_cadence("kindergarten"), PROG_QUARTERLY);
    T_EQ_INT(prog_drill_cadence("primary"), PROG_MONTHLY);
    T_EQ_INT(prog_drill_cadence("senior"), PROG_MONTHLY);
    T_EQ_INT(prog_period_count(PROG_QUARTERLY), 4);
    T_EQ_INT(prog_period_of_month(PROG_QUARTERLY, 12), 3);
    T_EQ_INT(prog_period_of_month(PROG_MONTHLY, 12), 11);
    /* by default every month counts (the seeds: 中小学每月, 幼儿园每季度) */
    for (int p = 0; p < 12; p++)
        T_CHECK(prog_period_required(PROG_MONTHLY, p, PROG_MONTHS_ALL));
    T_CHECK(prog_period_required(PROG_QUARTERLY, 2, PROG_MONTHS_ALL));
    /* a bureau counting every month but July and August */
    unsigned summer = PROG_MONTHS_ALL & ~(3u << 6);
    T_CHECK(!prog_period_required(PROG_MONTHLY, 6, summer));
    T_CHECK(!prog_period_required(PROG_MONTHLY, 7, summer));
    T_CHECK(prog_period_required(PROG_MONTHLY, 8, summer));
    T_CHECK(prog_period_required(PROG_MONTHLY, 5, summer));
    T_CHECK(prog_period_required(PROG_QUARTERLY, 2, summer));            /* September counts */
    T_CHECK(!prog_period_required(PROG_QUARTERLY, 2, (1u << 6) & 0));    /* none */
    T_CHECK(!prog_period_required(PROG_QUARTERLY, 0, 1u << 3));          /* April only: Q2 */
    T_CHECK(prog_period_required(PROG_QUARTERLY, 1, 1u << 3));
    int64_t today = D("2026-11-23");
    T_EQ_INT(prog_period_status(PROG_MONTHLY, 2026, 9, today, PROG_MONTHS_ALL, 0), PROG_P_MISSED);
    T_EQ_INT(prog_period_status(PROG_MONTHLY, 2026, 10, today, PROG_MONTHS_ALL, 0), PROG_P_PENDING);
    T_EQ_INT(prog_period_status(PROG_MONTHLY, 2026, 11, today, PROG_MONTHS_ALL, 0), PROG_P_FUTURE);
    T_EQ_INT(prog_period_status(PROG_MONTHLY, 2026, 7, today, PROG_MONTHS_ALL, 0), PROG_P_MISSED);
    T_EQ_INT(prog_period_status(PROG_MONTHLY, 2026, 7, today, summer, 0), PROG_P_EXEMPT);
    T_EQ_INT(prog_period_status(PROG_MONTHLY, 2026, 7, today, summer, 1), PROG_P_OK);
    T_EQ_INT(prog_period_status(PROG_MONTHLY, 2026, 9, today, PROG_MONTHS_ALL, 2), PROG_P_OK);
    T_EQ_INT(prog_period_status(PROG_QUARTERLY, 2026, 2, today, PROG_MONTHS_ALL, 0), PROG_P_MISSED);
    T_EQ_INT(prog_period_status(PROG_QUARTERLY, 2026, 3, today, PROG_MONTHS_ALL, 0), PROG_P_PENDING);
    T_EQ_INT(prog_period_status(PROG_QUARTERLY, 2026, 3, D("2026-12-31"), PROG_MONTHS_ALL, 0),
             PROG_P_PENDING);
    T_EQ_INT(prog_period_status(PROG_QUARTERLY, 2026, 3, D("2027-01-01"), PROG_MONTHS_ALL, 0),
             PROG_P_MISSED);
    /* months lists */
    unsigned mask;
    int bad;
    json_t *a = json_loads("[1,2,3,4,5,6,9,10,11,12]", 0, NULL);
    T_EQ_INT(prog_months_parse(a, &mask, &bad), 0);
    T_EQ_INT(mask, summer);
    json_t *back = prog_months_json(mask);
    T_CHECK(json_equal(a, back));
    json_decref(back);
    json_decref(a);
    a = json_loads("[1,13]", 0, NULL);
    T_EQ_INT(prog_months_parse(a, &mask, &bad), -1);
    T_EQ_INT(bad, 1);
    json_decref(a);
    a = json_loads("[3,3]", 0, NULL);
    T_EQ_INT(prog_months_parse(a, &mask, &bad), -1);
    T_EQ_INT(bad, 1);
    json_decref(a);
    a = json_loads("[0]", 0, NULL);
    T_EQ_INT(prog_months_parse(a, &mask, &bad), -1);
    T_EQ_INT(bad, 0);
    json_decref(a);
    a = json_loads("[\"3\"]", 0, NULL);
    T_EQ_INT(prog_months_parse(a, &mask, &bad), -1);
    json_decref(a);
    a = json_array();
    T_EQ_INT(prog_months_parse(a, &mask, &bad), -1);
    T_EQ_INT(bad, -1);
    T_EQ_INT(prog_months_parse(NULL, &mask, &bad), -1);
    json_decref(a);
    /* the nearest bureau's setting wins */
    json_t *set = json_loads("[{\"org_id\":1,\"org_path\":\"/1/\",\"months\":[9]},"
                             "{\"org_id\":4,\"org_path\":\"/1/4/\",\"months\":[3,4]}]",
                             0, NULL);
    json_t *from = NULL;
    T_EQ_INT(prog_months_for(set, "/1/4/9/", &from), (1u << 2) | (1u << 3));
    T_EQ_INT(json_integer_value(json_object_get(from, "org_id")), 4);
    T_EQ_INT(prog_months_for(set, "/1/40/9/", &from), 1u << 8); /* not under /1/4/ */
    T_EQ_INT(prog_months_for(set, "/2/9/", &from), PROG_MONTHS_ALL);
    T_CHECK(from == NULL);
    json_decref(set);
    T_EQ_STR(prog_period_status_name(PROG_P_MISSED), "missed");
    T_CHECK(!prog_evacuation_slow(120));
    T_CHECK(prog_evacuation_slow(121));
}

static void test_duty(void)
{
    struct prog_slot none = {0}, noleader = {true, false, true}, day = {true, true, false},
                     full = {true, true, true};
    T_EQ_INT(prog_duty_gap("routine", NULL), PROG_GAP_NO_SLOT);
    T_EQ_INT(prog_duty_gap("routine", &none), PROG_GAP_NO_SLOT);
    T_EQ_INT(prog_duty_gap("routine", &noleader), PROG_GAP_NO_LEADER);
    T_EQ_INT(prog_duty_gap("routine", &day), PROG_GAP_NONE);
    T_EQ_INT(prog_duty_gap("holiday", &day), PROG_GAP_NOT_24H);
    T_EQ_INT(prog_duty_gap("special", &day), PROG_GAP_NOT_24H);
    T_EQ_INT(prog_duty_gap("holiday", &full), PROG_GAP_NONE);
    T_EQ_STR(prog_gap_name(PROG_GAP_NOT_24H), "not_24h");
    T_CHECK(prog_gap_name(PROG_GAP_NONE) == NULL);
    int64_t start = D("2026-12-01");
    T_CHECK(!prog_roster_late(prog_day_start(start) - 1, start));
    T_CHECK(prog_roster_late(prog_day_start(start), start));
}

static void test_incidents(void)
{
    int64_t t = 1000000000000LL;
    T_EQ_INT(prog_quick_due("general", t), t + 3600 * 1000LL);
    T_EQ_INT(prog_quick_due("major", t), t + 1800 * 1000LL);
    T_EQ_INT(prog_written_due("larger", t), t + 24 * 3600 * 1000LL);
    T_EQ_INT(prog_written_due("especially_major", t), t + 12 * 3600 * 1000LL);
    T_EQ_INT(prog_written_due("nope", t), -1);
    T_EQ_INT(prog_quick_due(NULL, t), -1);
    /* national accident grades, every boundary: deaths */
    T_EQ_STR(prog_incident_grade(0, 0), "general");
    T_EQ_STR(prog_incident_grade(1, 0), "general"); /* a one-death drowning */
    T_EQ_STR(prog_incident_grade(2, 0), "general");
    T_EQ_STR(prog_incident_grade(3, 0), "larger");
    T_EQ_STR(prog_incident_grade(9, 0), "larger");
    T_EQ_STR(prog_incident_grade(10, 0), "major");
    T_EQ_STR(prog_incident_grade(29, 0), "major");
    T_EQ_STR(prog_incident_grade(30, 0), "especially_major");
    /* serious injuries */
    T_EQ_STR(prog_incident_grade(0, 9), "general");
    T_EQ_STR(prog_incident_grade(0, 10), "larger");
    T_EQ_STR(prog_incident_grade(0, 49), "larger");
    T_EQ_STR(prog_incident_grade(0, 50), "major");
    T_EQ_STR(prog_incident_grade(0, 99), "major");
    T_EQ_STR(prog_incident_grade(0, 100), "especially_major");
    /* the higher of the two */
    T_EQ_STR(prog_incident_grade(2, 10), "larger");
    T_EQ_STR(prog_incident_grade(3, 50), "major");
    T_EQ_STR(prog_incident_grade(-1, -5), "general");
}

static void test_supplies(void)
{
    int64_t today = D("2026-12-03");
    T_EQ_INT(prog_supply_status(false, 0, today), PROG_S_NONE);
    T_EQ_INT(prog_supply_status(true, today - 1, today), PROG_S_EXPIRED);
    T_EQ_INT(prog_supply_status(true, today, today), PROG_S_EXPIRING);
    T_EQ_INT(prog_supply_status(true, today + 30, today), PROG_S_EXPIRING);
    T_EQ_INT(prog_supply_status(true, today + 31, today), PROG_S_OK);
    T_EQ_STR(prog_supply_status_name(PROG_S_EXPIRED), "expired");
    T_EQ_STR(prog_supply_status_name(PROG_S_NONE), "none");
}

static void test_calendar_rules(void)
{
    /* 全国中小学生安全教育日: the last Monday of March */
    T_EQ_INT(prog_safety_education_day(2025), D("2025-03-31"));
    T_EQ_INT(prog_safety_education_day(2026), D("2026-03-30"));
    T_EQ_INT(prog_safety_education_day(2027), D("2027-03-29"));
    T_EQ_INT(prog_safety_education_day(2024), D("2024-03-25"));
    T_EQ_INT(prog_safety_education_day(2030), D("2030-03-25"));
    for (int y = 2000; y < 2100; y++) {
        int64_t d = prog_safety_education_day(y);
        T_EQ_INT(((d % 7) + 7 + 3) % 7, 0); /* a Monday */
        T_CHECK(d + 7 > xa_days_from_civil(y, 3, 31)); /* the next Monday is in April */
        T_CHECK(d <= xa_days_from_civil(y, 3, 31));
    }
    struct prog_national_day nd[PROG_NATIONAL_DAYS];
    prog_national_days(2025, nd);
    T_EQ_STR(nd[0].title, "全国中小学生安全教育日");
    T_EQ_INT(nd[0].first, D("2025-03-31"));
    bool consult = false;
    for (int i = 0; i < PROG_NATIONAL_DAYS; i++)
        if (strcmp(nd[i].title, "全国安全宣传咨询日") == 0) {
            consult = true;
            T_EQ_INT(nd[i].first, D("2025-06-16"));
            T_EQ_STR(nd[i].kind, "themed_day");
        }
    T_CHECK(consult);
}

/* ---- the store ---- */

static int64_t mk_org(struct store *s, int64_t parent, const char *kind)
{
    static int64_t n;
    if (!n)
        n = (xa_now_ms() % 1000000) * 1000 + (getpid() % 1000);
    n++;
    char code[16];
    bool school = strcmp(kind, "school") == 0;
    snprintf(code, sizeof(code), school ? "6%09lld" : "%06lld",
             (long long)(n % (school ? 1000000000LL : 1000000LL)));
    struct org_in in = {.parent_id = parent, .kind = kind, .name = "测试", .code = code,
                        .school_type = school ? "primary" : NULL};
    return t_org_create(s, &in, xa_now_ms());
}

static struct scope scope_of(const char *path)
{
    struct scope sc = {0};
    scope_add(&sc, path);
    return sc;
}

static double class_hours(json_t *rows, const char *cls)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) if (strcmp(json_string_value(json_object_get(r, "class_name")),
                                              cls) == 0) return json_number_value(
        json_object_get(r, "hours"));
    return -1;
}

static void run_store(struct store *s)
{
    T_CHECK(store_migrate(s) >= 0);
    int64_t now = xa_now_ms();
    int64_t county = mk_org(s, 0, "province");
    int64_t school = mk_org(s, county, "school");
    int64_t other = mk_org(s, county, "school");
    T_CHECK(county > 0 && school > 0 && other > 0);
    char cpath[96], spath[96], opath[96];
    T_EQ_INT(store_org_locate(s, county, cpath, sizeof(cpath), NULL, 0), 1);
    T_EQ_INT(store_org_locate(s, school, spath, sizeof(spath), NULL, 0), 1);
    T_EQ_INT(store_org_locate(s, other, opath, sizeof(opath), NULL, 0), 1);
    struct scope ssc = scope_of(spath), osc = scope_of(opath), csc = scope_of(cpath);

    /* lessons keep per-class totals, deletes included */
    struct lesson_in in = {.org_id = school, .org_path = spath, .class_name = "一(1)班",
                           .topic = "防溺水", .category = "drowning", .date = "2026-09-10",
                           .semester = "2026-2", .teacher = "", .hours = 6};
    int64_t a0 = audit_rows(s, "lesson");
    json_t *after = NULL;
    T_CHECK(ce(store_lesson_create(cb(s, now), &in, &after)) > 0);
    T_EQ_STR(json_string_value(json_object_get(after, "date")), "2026-09-10");
    T_CHECK(json_is_string(json_object_get(after, "created_at"))); /* an instant: ISO 8601 */
    json_decref(after);
    T_EQ_INT(audit_rows(s, "lesson"), a0 + 1); /* exactly its audit row */
    in.hours = 4.5;
    T_CHECK(ce(store_lesson_create(cb(s, now), &in, NULL)) > 0);
    in.class_name = "一(2)班";
    in.hours = 2;
    int64_t l3 = ce(store_lesson_create(cb(s, now), &in, NULL));
    T_CHECK(l3 > 0);
    json_t *h = store_lesson_hours(s, &ssc, "2026-2");
    T_EQ_INT(json_array_size(h), 2);
    T_CHECK(class_hours(h, "一(1)班") == 10.5);
    T_CHECK(class_hours(h, "一(2)班") == 2);
    json_decref(h);
    T_EQ_INT(audit_rows(s, "lesson"), a0 + 3);
    T_EQ_INT(ce(store_lesson_delete(cb(s, now), l3)), 0);
    T_EQ_INT(ce(store_lesson_delete(cb(s, now), l3)), -1); /* twice: not found */
    T_EQ_INT(tc.err.code, XE_NOT_FOUND);
    T_EQ_INT(audit_rows(s, "lesson"), a0 + 4);
    h = store_lesson_hours(s, &ssc, "2026-2");
    T_EQ_INT(json_array_size(h), 1);
    json_decref(h);
    h = store_lesson_hours(s, &osc, "2026-2");
    T_EQ_INT(json_array_size(h), 0);
    json_decref(h);
    h = store_lesson_hours(s, &csc, "2026-1");
    T_EQ_INT(json_array_size(h), 0);
    json_decref(h);

    /* the calendar: a county's entry reaches its school, dates stay text */
    T_CHECK(ce(store_cal_create(cb(s, now), county, cpath, "themed_day", "安全教育日", "other",
                                "2027-03-29", "2027-03-29", "", NULL)) > 0);
    struct page pg = {1, 50};
    json_t *cal = store_cal_list(s, &ssc, "2027-01-01", "2027-12-31", NULL, &pg);
    json_t *c0 = json_array_get(json_object_get(cal, "items"), 0);
    T_EQ_INT(json_integer_value(json_object_get(cal, "total")), 1);
    T_EQ_STR(json_string_value(json_object_get(c0, "start_date")), "2027-03-29");
    T_CHECK(json_object_get(c0, "start_ymd") == NULL);
    json_decref(cal);
    cal = store_cal_list(s, &ssc, "2027-04-01", NULL, NULL, &pg);
    T_EQ_INT(json_integer_value(json_object_get(cal, "total")), 0);
    json_decref(cal);

    /* plans are versioned */
    int64_t plan = ce(store_eplan_create(cb(s, now), school, spath, "火灾预案", "special", "fire",
                                         "v1", "", "2026-03-01", NULL));
    T_CHECK(plan > 0);
    T_EQ_INT(ce(store_eplan_add_version(cb(s, now), plan, "v2", "修订", "2026-09-01", NULL)), 0);
    json_t *p = store_eplan_get(s, plan);
    T_EQ_INT(json_integer_value(json_object_get(p, "current_version")), 2);
    T_EQ_STR(json_string_value(json_object_get(p, "content")), "v2");
    T_EQ_STR(json_string_value(json_object_get(p, "effective_date")), "2026-09-01");
    T_EQ_INT(json_array_size(json_object_get(p, "versions")), 2);
    json_decref(p);

    /* roster slots are one per date; publishing happens once */
    json_t *staff = json_pack("[i]", 7);
    struct duty_slot_in sl = {.date = "2026-12-01", .phone = "", .leader_id = 0, .is_24h = false,
                              .staff_ids = staff};
    int64_t ro = ce(store_roster_create(cb(s, now), school, spath, "周值班", "holiday",
                                        "2026-12-01", "2026-12-02", &sl, 1, NULL));
    T_CHECK(ro > 0);
    sl.leader_id = 99;
    sl.is_24h = true;
    T_EQ_INT(ce(store_roster_update(cb(s, now), ro, &sl, 1, NULL)), 0);
    json_t *r = store_roster_get(s, ro);
    json_t *slots = json_object_get(r, "slots");
    T_EQ_INT(json_array_size(slots), 1);
    T_EQ_INT(json_integer_value(json_object_get(json_array_get(slots, 0), "leader_id")), 99);
    T_CHECK(json_is_true(json_object_get(json_array_get(slots, 0), "is_24h")));
    T_EQ_INT(json_integer_value(json_array_get(
                 json_object_get(json_array_get(slots, 0), "staff_ids"), 0)),
             7);
    T_EQ_STR(json_string_value(json_object_get(r, "end_date")), "2026-12-02");
    json_decref(r);
    T_EQ_INT(ce(store_roster_publish(cb(s, now), ro, true, NULL)), 0);
    /* a published roster refuses changes: nothing written, no audit row */
    int64_t ra = audit_rows(s, "duty_roster");
    T_EQ_INT(ce(store_roster_update(cb(s, now), ro, &sl, 1, NULL)), -1);
    T_EQ_INT(tc.err.code, XE_ROSTER_PUBLISHED);
    T_EQ_INT(ce(store_roster_publish(cb(s, now), ro, true, NULL)), -1);
    T_EQ_INT(tc.err.code, XE_ROSTER_PUBLISHED);
    T_EQ_INT(audit_rows(s, "duty_roster"), ra);
    json_decref(staff);
    r = store_roster_get(s, ro);
    T_EQ_STR(json_string_value(json_object_get(r, "state")), "published");
    T_CHECK(json_is_true(json_object_get(r, "published_late"))); /* 补报 */
    json_decref(r);

    /* incidents: a missing written report shows until it is written */
    int64_t occurred = now - 2 * XA_DAY_MS;
    struct incident_in ii = {.org_id = school, .occurred_at = occurred,
                             .quick_due_at = prog_quick_due("general", occurred),
                             .written_due_at = prog_written_due("general", occurred),
                             .org_path = spath, .title = "摔伤", .category = "sports",
                             .grade = "general", .summary = "摔伤", .source = "school",
                             .quick_late = true};
    int64_t inc = ce(store_incident_create(cb(s, now), &ii, NULL, 0, NULL));
    T_CHECK(inc > 0);
    json_t *i = store_incident_get(s, inc, now);
    T_CHECK(json_is_true(json_object_get(i, "written_missing")));
    T_CHECK(json_is_true(json_object_get(i, "late")));
    T_CHECK(json_is_false(json_object_get(i, "concealed")));
    json_decref(i);
    json_t *l = store_incident_list(s, &ssc, 1, NULL, NULL, 0, 0, now, &pg);
    T_EQ_INT(json_integer_value(json_object_get(l, "total")), 1);
    json_decref(l);
    l = store_incident_list(s, &ssc, 0, NULL, NULL, 0, 0, now, &pg);
    T_EQ_INT(json_integer_value(json_object_get(l, "total")), 0);
    json_decref(l);
    struct incident_counts ic = {.deaths = 3, .injuries = 12, .serious_injuries = 2,
                                 .grade = prog_incident_grade(3, 2)};
    T_EQ_INT(ce(store_incident_written(cb(s, now), inc, "原因", "处置", "", &ic, true, NULL)), 0);
    T_EQ_INT(ce(store_incident_written(cb(s, now), inc, "原因", "处置", "", NULL, true, NULL)),
             -1);
    T_EQ_INT(tc.err.code, XE_INCIDENT_WRITTEN);
    i = store_incident_get(s, inc, now);
    T_EQ_STR(json_string_value(json_object_get(i, "state")), "written");
    T_EQ_STR(json_string_value(json_object_get(i, "grade")), "larger");
    T_EQ_INT(json_integer_value(json_object_get(i, "serious_injuries")), 2);
    T_CHECK(json_is_false(json_object_get(i, "written_missing")));
    T_CHECK(json_is_true(json_object_get(i, "written_late")));
    json_decref(i);
    l = store_incident_list(s, &osc, -1, NULL, NULL, 0, 0, now, &pg);
    T_EQ_INT(json_integer_value(json_object_get(l, "total")), 0);
    json_decref(l);

    /* a change refused in the middle (a team written, then a supply update
     * of a missing row) leaves neither the team nor any audit row; a
     * successful one has exactly its rows */
    int64_t teams = rows(s, "SELECT COUNT(*) FROM emergency_teams");
    int64_t at0 = audit_rows(s, "emergency_team"), as0 = audit_rows(s, "emergency_supply");
    struct change *c = cb(s, now);
    T_CHECK(store_team_create(c, school, spath, "应急队", "", "[]", NULL) > 0);
    T_EQ_INT(store_supply_update(c, 999999, 1, NULL, NULL, false, NULL, NULL), -1);
    T_EQ_INT(c->err.code, XE_NOT_FOUND);
    store_change_abort(c);
    T_EQ_INT(rows(s, "SELECT COUNT(*) FROM emergency_teams"), teams);
    T_EQ_INT(audit_rows(s, "emergency_team"), at0);
    T_EQ_INT(audit_rows(s, "emergency_supply"), as0);
    c = cb(s, now);
    int64_t team = store_team_create(c, school, spath, "应急队", "", "[]", NULL);
    struct supply_in si = {.org_id = school, .quantity = 3, .org_path = spath, .item = "灭火器",
                           .unit = "具", .place = "走廊", .keeper = "", .expiry = "2026-01-01"};
    T_CHECK(store_supply_create(c, &si, &after) > 0);
    T_EQ_STR(json_string_value(json_object_get(after, "expires_on")), "2026-01-01");
    T_CHECK(json_is_string(json_object_get(after, "status")));
    json_decref(after);
    T_EQ_INT(store_team_delete(c, team, NULL), 0);
    T_EQ_INT(store_change_commit(c), 0);
    T_EQ_INT(audit_rows(s, "emergency_team"), at0 + 2);
    T_EQ_INT(audit_rows(s, "emergency_supply"), as0 + 1);
    T_EQ_INT(store_audit_verify(s), 0);
}

static void test_store(void)
{
    char file[] = "/tmp/xa_test_prog_XXXXXX";
    int fd = mkstemp(file);
    T_CHECK(fd >= 0);
    close(fd);
    char err[256];
    struct store *s = store_open(file, err, sizeof(err));
    T_CHECK(s != NULL);
    if (s) {
        run_store(s);
        store_destroy(s);
    }
    unlink(file);
    char wal[64];
    snprintf(wal, sizeof(wal), "%s-wal", file);
    unlink(wal);
    snprintf(wal, sizeof(wal), "%s-shm", file);
    unlink(wal);
    const char *pg = getenv("XA_TEST_PG_URI");
    if (pg && *pg) {
        s = store_open(pg, err, sizeof(err));
        T_CHECK(s != NULL);
        if (s) {
            run_store(s);
            store_destroy(s);
        }
    }
}

void t_main(void)
{
    test_dates();
    test_semesters();
    test_drills();
    test_duty();
    test_incidents();
    test_calendar_rules();
    test_supplies();
    test_store();
}
