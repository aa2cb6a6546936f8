/*
 * test_assess.c - the scoring rules of the yearly assessment (domain/assess.c).
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "domain/assess.h"
#include "t.h"
#include <math.h>

#define NEAR(a, b) T_CHECK(fabs((a) - (b)) < 0.005)

static const struct assess_item *item(const struct assess_result *r, enum assess_code c)
{
    for (int i = 0; i < r->n; i++)
        if (r->items[i].code == c)
            return &r->items[i];
    return NULL;
}

static void test_perfect(void)
{
    struct assess_scheme sc;
    assess_scheme_default(&sc);
    struct assess_facts f = {0};
    struct assess_result r;
    assess_score(&sc, &f, &r);
    NEAR(r.total, 100);
    T_EQ_STR(r.result, "excellent");
    T_CHECK(!r.veto);
    T_EQ_INT(r.n, 9);
}

static void test_each_indicator(void)
{
    struct assess_scheme sc;
    assess_scheme_default(&sc);
    struct assess_result r;

    struct assess_facts f = {.hazards_found = 4, .hazards_closed = 3};
    assess_score(&sc, &f, &r);
    NEAR(item(&r, AS_HAZARD_CLOSURE)->points, 18.75);
    NEAR(item(&r, AS_HAZARD_CLOSURE)->ratio, 0.75);
    NEAR(r.total, 93.75);

    f = (struct assess_facts){.overdue = 2};
    assess_score(&sc, &f, &r);
    NEAR(item(&r, AS_OVERDUE)->points, 9);
    T_EQ_INT(item(&r, AS_OVERDUE)->count, 2);
    f.overdue = 9; /* 15 - 27 floors at 0 */
    assess_score(&sc, &f, &r);
    NEAR(item(&r, AS_OVERDUE)->points, 0);
    NEAR(r.total, 85);

    f = (struct assess_facts){.weeks_due = 10, .reports_ontime = 6, .reports_late = 2};
    assess_score(&sc, &f, &r);
    NEAR(item(&r, AS_WEEKLY_REPORTS)->points, 14); /* 20 * (6 + 1) / 10 */

    f = (struct assess_facts){.drill_required = 8, .drill_ok = 6};
    assess_score(&sc, &f, &r);
    NEAR(item(&r, AS_DRILLS)->points, 11.25);

    f = (struct assess_facts){.class_terms_due = 20, .class_terms_ok = 15};
    assess_score(&sc, &f, &r);
    NEAR(item(&r, AS_EDUCATION)->points, 11.25);

    f = (struct assess_facts){.incidents = {1, 1, 0, 0}};
    assess_score(&sc, &f, &r);
    NEAR(item(&r, AS_INCIDENTS)->points, 3); /* 10 - 2 - 5 */
    T_EQ_INT(item(&r, AS_INCIDENTS)->count, 2);
    f.incidents[2] = 1; /* floor at 0 */
    assess_score(&sc, &f, &r);
    NEAR(item(&r, AS_INCIDENTS)->points, 0);
    NEAR(r.total, 90);

    f = (struct assess_facts){.yellow_cards = 2};
    assess_score(&sc, &f, &r);
    NEAR(item(&r, AS_YELLOW_CARDS)->points, -10);
    NEAR(r.total, 90);
    T_EQ_STR(r.result, "excellent");
}

static void test_veto_and_floor(void)
{
    struct assess_scheme sc;
    assess_scheme_default(&sc);
    struct assess_result r;
    struct assess_facts f = {.deaths = 1, .incidents = {0, 0, 1, 0}};
    assess_score(&sc, &f, &r);
    T_CHECK(r.veto);
    T_EQ_STR(r.result, "veto");
    NEAR(r.total, 90); /* the score is still shown */

    /* everything wrong: deductions floor at 0, never negative */
    f = (struct assess_facts){.hazards_found = 10, .overdue = 10, .weeks_due = 10,
                              .drill_required = 10, .class_terms_due = 10,
                              .incidents = {5, 0, 0, 0}, .yellow_cards = 3, .adjust = -20};
    assess_score(&sc, &f, &r);
    NEAR(r.total, 0);
    T_EQ_STR(r.result, "fail");

    /* manual adjustments */
    f = (struct assess_facts){.weeks_due = 10, .reports_ontime = 5, .adjust = -3.5};
    assess_score(&sc, &f, &r);
    NEAR(r.total, 86.5);
    NEAR(r.adjust, -3.5);
    T_EQ_STR(r.result, "good");
    T_EQ_STR(assess_result_of(60), "pass");
    T_EQ_STR(assess_result_of(59.99), "fail");
    T_EQ_STR(assess_result_of(75), "good");

    /* a bureau's reasoned veto, no death: vetoed, and the result says why */
    f = (struct assess_facts){.bureau_vetoes = 1};
    assess_score(&sc, &f, &r);
    T_CHECK(r.veto);
    T_CHECK(r.veto_bureau);
    T_CHECK(!r.veto_deaths);
    T_EQ_STR(r.result, "veto");
    NEAR(r.total, 100);
    json_t *j = assess_result_json(&r, &f);
    json_t *why = json_object_get(j, "veto_reasons");
    T_EQ_INT(json_array_size(why), 1);
    T_EQ_STR(json_string_value(json_object_get(json_array_get(why, 0), "kind")), "bureau");
    json_decref(j);
    f = (struct assess_facts){.deaths = 1, .bureau_vetoes = 2};
    assess_score(&sc, &f, &r);
    T_CHECK(r.veto_deaths && r.veto_bureau);
    j = assess_result_json(&r, &f);
    T_EQ_INT(json_array_size(json_object_get(j, "veto_reasons")), 2);
    json_decref(j);
    f = (struct assess_facts){0};
    assess_score(&sc, &f, &r);
    T_CHECK(!r.veto);
    j = assess_result_json(&r, &f);
    T_EQ_INT(json_array_size(json_object_get(j, "veto_reasons")), 0);
    json_decref(j);
}

static void test_accountability(void)
{
    struct assess_scheme sc;
    assess_scheme_default(&sc);
    struct assess_result r;
    /* defaults: interview 1, notice 2, admonish 2, sanction 3, suspend 5 */
    struct assess_facts f = {.accountability = {1, 1, 0, 1, 0}};
    assess_score(&sc, &f, &r);
    NEAR(r.total, 94);
    NEAR(assess_accountability_points(&sc, &f), 6);
    T_EQ_INT(assess_measure_index("suspend"), 4);
    T_EQ_INT(assess_measure_index("nope"), -1);
    T_EQ_INT(assess_measure_index(NULL), -1);
    f = (struct assess_facts){.accountability = {0, 0, 0, 0, 1}};
    NEAR(assess_accountability_points(&sc, &f), 5);
    /* configurable per measure; weight must be 0 */
    struct xa_error e = {0};
    json_t *a = json_loads("[{\"code\":\"hazard_closure\",\"weight\":100},"
                           "{\"code\":\"accountability\",\"weight\":0,\"per_suspend\":20,"
                           "\"per_interview\":0}]",
                           0, NULL);
    T_EQ_INT(assess_scheme_parse(a, &sc, &e), 0);
    f = (struct assess_facts){.accountability = {3, 0, 0, 0, 1}};
    assess_score(&sc, &f, &r);
    NEAR(r.total, 80);
    T_CHECK(!assess_has_veto(&sc));
    json_decref(a);
    const char *bad[] = {
        "[{\"code\":\"hazard_closure\",\"weight\":95},{\"code\":\"accountability\",\"weight\":5}]",
        "[{\"code\":\"hazard_closure\",\"weight\":100},{\"code\":\"accountability\",\"weight\":0,"
        "\"per_notice\":101}]",
        "[{\"code\":\"hazard_closure\",\"weight\":100},{\"code\":\"accountability\",\"weight\":0,"
        "\"per_sanction\":\"3\"}]",
    };
    for (size_t i = 0; i < XA_ARRAY_LEN(bad); i++) {
        json_t *b = json_loads(bad[i], 0, NULL);
        e = (struct xa_error){0};
        T_EQ_INT(assess_scheme_parse(b, &sc, &e), -1);
        T_CHECK(e.code != XE_NONE && xa_err_kind(e.code) == XK_INVALID);
        T_EQ_STR(e.field, "indicators");
        json_decref(b);
    }
    assess_scheme_default(&sc);
    T_CHECK(assess_has_veto(&sc));
}

static void test_county_and_rank(void)
{
    double t[] = {90, 80, 70};
    NEAR(assess_county_score(t, 3, 0), 80);
    NEAR(assess_county_score(t, 3, -2), 78);
    NEAR(assess_county_score(t, 0, 5), 5);
    NEAR(assess_county_score(t, 3, -100), 0);

    double s[] = {80, 95, 80, 99, 60};
    bool v[] = {false, false, false, true, false};
    int rk[5];
    assess_rank(s, v, 5, rk);
    T_EQ_INT(rk[1], 1);
    T_EQ_INT(rk[0], 2);
    T_EQ_INT(rk[2], 2);
    T_EQ_INT(rk[4], 4);
    T_EQ_INT(rk[3], 5); /* vetoed: last whatever the score */
    assess_rank(s, NULL, 5, rk);
    T_EQ_INT(rk[3], 1);
}

static void test_scheme_parse(void)
{
    struct assess_scheme sc;
    struct xa_error e = {0};
    json_t *a = json_loads("[{\"code\":\"hazard_closure\",\"weight\":60},"
                           "{\"code\":\"overdue\",\"weight\":40,\"per\":10},{\"code\":\"veto\",\"weight\":0}]",
                           0, NULL);
    T_EQ_INT(assess_scheme_parse(a, &sc, &e), 0);
    T_EQ_INT(sc.n, 3);
    NEAR(sc.ind[1].per, 10);
    struct assess_facts f = {.overdue = 1, .deaths = 0};
    struct assess_result r;
    assess_score(&sc, &f, &r);
    NEAR(r.total, 90);
    json_t *back = assess_scheme_json(&sc);
    struct assess_scheme sc2;
    T_EQ_INT(assess_scheme_parse(back, &sc2, &e), 0);
    T_EQ_INT(sc2.n, 3);
    json_decref(back);
    json_decref(a);

    const char *bad[] = {
        "[]", "{}", "[{\"code\":\"nope\",\"weight\":100}]",
        "[{\"code\":\"overdue\",\"weight\":50}]",                       /* sum != 100 */
        "[{\"code\":\"overdue\",\"weight\":50},{\"code\":\"overdue\",\"weight\":50}]",
        "[{\"code\":\"overdue\",\"weight\":100,\"per\":-1}]",
        "[{\"code\":\"overdue\",\"weight\":\"100\"}]",
        "[{\"code\":\"overdue\",\"weight\":95},{\"code\":\"yellow_cards\",\"weight\":5}]",
        "[{\"code\":\"overdue\"}]",
    };
    for (size_t i = 0; i < XA_ARRAY_LEN(bad); i++) {
        json_t *b = json_loads(bad[i], 0, NULL);
        e = (struct xa_error){0};
        T_EQ_INT(assess_scheme_parse(b, &sc, &e), -1);
        T_CHECK(e.code != XE_NONE && xa_err_kind(e.code) == XK_INVALID);
        T_EQ_STR(e.field, "indicators");
        json_decref(b);
    }
    assess_scheme_default(&sc);
    json_t *d = assess_scheme_json(&sc);
    T_EQ_INT(assess_scheme_parse(d, &sc2, &e), 0);
    json_decref(d);
}

static void test_calendar(void)
{
    /* 2026: ISO weeks 1..53 (2026-W01 starts Mon 2025-12-29; 2027-W01 on 2027-01-04) */
    int64_t y0 = 0, y1;
    xa_time_parse("2028-01-01", &y1);
    T_EQ_INT(assess_weeks_due(2026, y0, y1, 720), 53);
    int64_t mon, mon_noon;
    xa_time_parse("2026-01-05T11:00", &mon);     /* W01 due Mon 2026-01-05 12:00 */
    xa_time_parse("2026-01-05T12:00", &mon_noon);
    T_EQ_INT(assess_weeks_due(2026, y0, mon, 720), 0);
    T_EQ_INT(assess_weeks_due(2026, y0, mon_noon, 720), 1);
    T_EQ_INT(assess_weeks_due(2026, mon_noon, y1, 720), 52); /* school created at that time */
    T_EQ_INT(assess_weeks_due(2025, y0, y1, 720), 52);

    int64_t d_aug1 = xa_days_from_civil(2026, 8, 1);
    T_CHECK(assess_semester_due(2026, 1, 0, d_aug1));
    T_CHECK(!assess_semester_due(2026, 1, 0, d_aug1 - 1));
    T_CHECK(!assess_semester_due(2026, 2, 0, d_aug1));
    T_CHECK(!assess_semester_due(2026, 1, d_aug1, d_aug1 + 400));
    T_CHECK(assess_semester_due(2026, 2, 0, xa_days_from_civil(2027, 2, 1)));

    T_EQ_INT(assess_period_last_day(2026, 12, 0), xa_days_from_civil(2026, 1, 31));
    T_EQ_INT(assess_period_last_day(2026, 12, 1), xa_days_from_civil(2026, 2, 28));
    T_EQ_INT(assess_period_last_day(2026, 12, 11), xa_days_from_civil(2026, 12, 31));
    T_EQ_INT(assess_period_last_day(2026, 4, 0), xa_days_from_civil(2026, 3, 31));
    T_EQ_INT(assess_period_last_day(2026, 4, 3), xa_days_from_civil(2026, 12, 31));
}

void t_main(void)
{
    test_perfect();
    test_each_indicator();
    test_veto_and_floor();
    test_accountability();
    test_county_and_rank();
    test_scheme_parse();
    test_calendar();
}
