/*
 * rates.h - the one definition of every rate the reports print (整改率,
 * 按期整改率, 报送率, 按时报送率, 巡查完成率) and the monthly bulletin's
 * score, ranking marks and commendation rule (SPEC §5).
 *
 * Screens, reports (JSON, .xlsx, PDF) and bulletins all call these, and
 * print rate_definition() as the document's footnote, so a rate means the
 * same everywhere. A rate is an integer in tenths of a percent, 0..1000
 * (never above 100%), or RATE_NONE when nothing was due (printed "—").
 */
#ifndef XA_RATES_H
#define XA_RATES_H

#include "core/compat.h"

#define RATE_NONE (-1)

enum rate_kind {
    RATE_RECTIFY,         /* 整改率 */
    RATE_RECTIFY_ON_TIME, /* 按期整改率 */
    RATE_SUBMIT,          /* 报送率 */
    RATE_SUBMIT_ON_TIME,  /* 按时报送率 */
    RATE_PATROL,          /* 巡查完成率 */
    RATE_N
};

/* The facts a rate is computed from; counts of one unit over one period. */
struct rate_facts {
    int64_t rectified;    /* hazards found in the period, now verified or closed */
    int64_t overdue_open; /* hazards found in the period, still open, past a deadline */
    int64_t on_time;      /* of rectified, those never overdue */
    int64_t schools;      /* schools that owe a weekly report */
    int64_t submitted;    /* of them, those that submitted (late ones once) */
    int64_t reports_due;  /* weekly reports due (schools x weeks past their deadline) */
    int64_t reports_on_time; /* of them, submitted before the deadline */
    int64_t patrols_done, patrols_planned;
};

/* num / den in tenths of a percent, rounded half up, num clamped to
 * [0, den]; RATE_NONE when den <= 0. */
int rate_permille(int64_t num, int64_t den);
/* The rate k of f (see rate_definition for each formula). */
int rate_of(enum rate_kind k, const struct rate_facts *f);
/* Its Chinese name ("整改率") and its definition as a document states it. */
const char *rate_name(enum rate_kind k);
const char *rate_definition(enum rate_kind k);
/* "85.7%" or "—" into buf. */
void rate_format(int r, char *buf, size_t n);
/* The rate as a percentage (85.7), or -1 for RATE_NONE. */
double rate_pct(int r);

/* ---- the monthly bulletin (月通报) ---- */
struct bulletin_facts {
    int rectify_rate;   /* rate_of(RATE_RECTIFY) */
    int on_time_rate;   /* rate_of(RATE_SUBMIT_ON_TIME) */
    int64_t overdue;    /* open hazards past a deadline now */
    int64_t rebounds;   /* re-opens and failed re-checks in the month */
    int64_t reports_missing;
    int64_t patrols_done; /* in the month */
    int64_t found;        /* hazards found in the month */
};
/* Score in tenths of a point, 0..1000: 60 x 整改率 + 40 x 按时报送率
 * - 2 x 逾期 - 5 x 反弹 (a rate with nothing due counts as 100%). */
int bulletin_score(const struct bulletin_facts *f);
/* True when the unit is commended: score >= 90, nothing overdue, no
 * rebound, and patrols were done (no patrols is not "no hazards"). */
bool bulletin_commended(const struct bulletin_facts *f, int score);
/* The reasons to criticise the unit, "；"-joined into buf (empty: none):
 * score < 60, 3 or more overdue hazards, missing weekly reports, no patrol
 * in the month. Returns true when there is one. */
bool bulletin_criticised(const struct bulletin_facts *f, int score, char *buf, size_t n);
/* The formula as printed on the bulletin. */
extern const char bulletin_formula[];

#endif
