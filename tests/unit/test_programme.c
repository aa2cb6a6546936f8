/*
 * test_programme.c - the programme rules: dates, semesters, class hours,
 * drill cadence and period status, duty gaps, incident deadlines.
 */
#include "core/compat.h"
#include "t.h"
#include "core/timeutil.h"
#include "domain/programme.h"

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
    T_CHECK(!prog_period_required(PROG_MONTHLY, 6));
    T_CHECK(!prog_period_required(PROG_MONTHLY, 7));
    T_CHECK(prog_period_required(PROG_MONTHLY, 8));
    T_CHECK(prog_period_required(PROG_QUARTERLY, 2));
    int64_t today = D("2026-11-23");
    T_EQ_INT(prog_period_status(PROG_MONTHLY, 2026, 9, today, 0), PROG_P_MISSED);   /* Oct */
    T_EQ_INT(prog_period_status(PROG_MONTHLY, 2026, 10, today, 0), PROG_P_PENDING); /* Nov */
    T_EQ_INT(prog_period_status(PROG_MONTHLY, 2026, 11, today, 0), PROG_P_FUTURE);  /* Dec */
    T_EQ_INT(prog_period_status(PROG_MONTHLY, 2026, 7, today, 0), PROG_P_EXEMPT);   /* Aug */
    T_EQ_INT(prog_period_status(PROG_MONTHLY, 2026, 9, today, 2), PROG_P_OK);
    T_EQ_INT(prog_period_status(PROG_QUARTERLY, 2026, 2, today, 0), PROG_P_MISSED);  /* Q3 */
    T_EQ_INT(prog_period_status(PROG_QUARTERLY, 2026, 3, today, 0), PROG_P_PENDING); /* Q4 */
    T_EQ_INT(prog_period_status(PROG_QUARTERLY, 2026, 3, D("2026-12-31"), 0), PROG_P_PENDING);
    T_EQ_INT(prog_period_status(PROG_QUARTERLY, 2026, 3, D("2027-01-01"), 0), PROG_P_MISSED);
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
}

void t_main(void)
{
    test_dates();
    test_semesters();
    test_drills();
    test_duty();
    test_incidents();
}
