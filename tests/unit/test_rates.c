/*
 * test_rates.c - the one definition of each report rate and the bulletin
 * score (src/domain/rates.c).
 */
#include "core/compat.h"
#include "t.h"
#include "domain/rates.h"

static void test_permille(void)
{
    T_EQ_INT(rate_permille(0, 0), RATE_NONE);
    T_EQ_INT(rate_permille(5, -1), RATE_NONE);
    T_EQ_INT(rate_permille(1, 7), 143);  /* 14.2857 -> 14.3 */
    T_EQ_INT(rate_permille(1, 8), 125);  /* 12.5 exactly */
    T_EQ_INT(rate_permille(1, 16), 63);  /* 6.25 -> 6.3 (half up) */
    T_EQ_INT(rate_permille(2, 3), 667);
    T_EQ_INT(rate_permille(3, 3), 1000);
    /* never above 100%, never below 0 */
    T_EQ_INT(rate_permille(23, 21), 1000);
    T_EQ_INT(rate_permille(-4, 21), 0);
    char b[16];
    rate_format(1000, b, sizeof(b));
    T_EQ_STR(b, "100.0%");
    rate_format(143, b, sizeof(b));
    T_EQ_STR(b, "14.3%");
    rate_format(RATE_NONE, b, sizeof(b));
    T_EQ_STR(b, "—");
    T_CHECK(rate_pct(RATE_NONE) < 0);
    T_CHECK(rate_pct(857) > 85.69 && rate_pct(857) < 85.71);
}

static void test_rates(void)
{
    /* 10 found: 4 rectified (3 on time), 2 overdue open, 3 still within their
     * deadline, 1 forwarded off campus: those 4 are not due */
    struct rate_facts f = {.rectified = 4, .overdue_open = 2, .on_time = 3};
    T_EQ_INT(rate_of(RATE_RECTIFY, &f), 667);
    T_EQ_INT(rate_of(RATE_RECTIFY_ON_TIME, &f), 750);
    /* nothing due yet: no rate, not 0% */
    struct rate_facts none = {0};
    T_EQ_INT(rate_of(RATE_RECTIFY, &none), RATE_NONE);
    T_EQ_INT(rate_of(RATE_PATROL, &none), RATE_NONE);
    /* 21 schools, 20 submitted of which 2 late: 95.2%, not 109.5% */
    struct rate_facts s = {.schools = 21, .submitted = 20, .reports_due = 21, .reports_on_time = 18};
    T_EQ_INT(rate_of(RATE_SUBMIT, &s), 952);
    T_EQ_INT(rate_of(RATE_SUBMIT_ON_TIME, &s), 857);
    /* more patrols than planned: 100% */
    struct rate_facts p = {.patrols_done = 40, .patrols_planned = 35};
    T_EQ_INT(rate_of(RATE_PATROL, &p), 1000);
    T_EQ_INT(rate_of((enum rate_kind)99, &p), RATE_NONE);
    for (int k = 0; k < RATE_N; k++) {
        T_CHECK(*rate_name((enum rate_kind)k) != '\0');
        T_CHECK(strstr(rate_definition((enum rate_kind)k), rate_name((enum rate_kind)k)) != NULL);
    }
}

static void test_score(void)
{
    struct bulletin_facts f = {.rectify_rate = 1000, .on_time_rate = 1000, .patrols_done = 12};
    T_EQ_INT(bulletin_score(&f), 1000);
    T_CHECK(bulletin_commended(&f, 1000));
    char why[256];
    T_CHECK(!bulletin_criticised(&f, 1000, why, sizeof(why)));
    T_EQ_STR(why, "");
    /* nothing due counts as 100%, but no patrols: not commended, criticised */
    struct bulletin_facts idle = {.rectify_rate = RATE_NONE, .on_time_rate = RATE_NONE};
    T_EQ_INT(bulletin_score(&idle), 1000);
    T_CHECK(!bulletin_commended(&idle, 1000));
    T_CHECK(bulletin_criticised(&idle, 1000, why, sizeof(why)));
    T_EQ_STR(why, "本月未开展巡查");
    /* 50% rectified, 75% on time, 3 overdue, 1 rebound, 1 missing report:
     * 30 + 30 - 6 - 5 = 49 */
    struct bulletin_facts bad = {.rectify_rate = 500, .on_time_rate = 750, .overdue = 3,
                                 .rebounds = 1, .reports_missing = 1, .patrols_done = 3};
    T_EQ_INT(bulletin_score(&bad), 490);
    T_CHECK(!bulletin_commended(&bad, 490));
    T_CHECK(bulletin_criticised(&bad, 490, why, sizeof(why)));
    T_EQ_STR(why, "得分 49.0 低于 60；逾期隐患 3 项；漏报周报 1 份");
    /* clamped to 0 */
    struct bulletin_facts worst = {.rectify_rate = 0, .on_time_rate = 0, .overdue = 80};
    T_EQ_INT(bulletin_score(&worst), 0);
    /* a tiny buffer is cut, never overrun */
    char tiny[8];
    T_CHECK(bulletin_criticised(&bad, 490, tiny, sizeof(tiny)));
    T_CHECK(strlen(tiny) < sizeof(tiny));
    T_CHECK(strstr(bulletin_formula, "按时报送率") != NULL);
}

void t_main(void)
{
    test_permille();
    test_rates();
    test_score();
}
