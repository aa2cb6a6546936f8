/*
 * assess.h - pure rules of the yearly assessment (考核, SPEC §8): the
 * indicators of a scheme, a school's score from its figures, a county's
 * score from its schools, ranking, and the calendar of what was due.
 *
 * A scheme is data (a JSON array stored per bureau and year):
 *   [{"code":"hazard_closure","weight":25}, {"code":"overdue","weight":15,"per":3}, ...]
 * The weights of a scheme add up to 100. Indicators (code: rule):
 *   hazard_closure  weight × closed / found (hazards found in the year now
 *                   verified or closed; no hazard found: full marks)
 *   overdue         weight − per × hazards gone overdue in the year, floor 0
 *   weekly_reports  weight × (on time + late_factor × late) / weeks due
 *                   (late_factor default 0.5; no week due: full marks)
 *   drills          weight × drill periods held / periods required and ended
 *   education       weight × classes reaching 10 hours / class-semesters due
 *   incidents       weight − Σ per_<grade> × incidents of that grade, floor 0
 *   yellow_cards    a penalty: − per × yellow cards issued in the year
 *                   (weight must be 0)
 *   accountability  a penalty: − Σ per_<measure> × accountability records
 *                   (问责) of the year by measure: interview 约谈, notice
 *                   通报, admonish 诫勉, sanction 处分, suspend 责令停办 /
 *                   停业整顿 (weight must be 0)
 *   veto            一票否决: an incident with deaths > 0 in the year, or a
 *                   bureau's reasoned veto (治理不力 / 造成严重负面影响),
 *                   makes the result "veto" whatever the score (weight 0)
 * Total = Σ points + manual adjustments, floor 0, rounded to 0.01.
 * Result: veto; excellent >= 90; good >= 75; pass >= 60; else fail.
 * A county's score = mean of its schools' totals + its own adjustments −
 * the accountability deductions of records on the county bureau itself,
 * floor 0; a bureau's veto of the county makes its result "veto" (vetoed
 * schools are counted in the mean with their scores).
 *
 * No I/O. Scheme parsing uses jansson values only.
 */
#ifndef XA_DOMAIN_ASSESS_H
#define XA_DOMAIN_ASSESS_H

#include "core/compat.h"
#include "core/err.h"
#include <jansson.h>

#define ASSESS_MAX_IND 12

enum assess_code {
    AS_HAZARD_CLOSURE,
    AS_OVERDUE,
    AS_WEEKLY_REPORTS,
    AS_DRILLS,
    AS_EDUCATION,
    AS_INCIDENTS,
    AS_YELLOW_CARDS,
    AS_ACCOUNTABILITY,
    AS_VETO,
    AS_CODE_COUNT
};
extern const char *const assess_codes[];      /* NULL-terminated, by enum */
extern const char *const assess_code_names[]; /* Chinese names, by enum */
/* Incident grades in the order of assess_facts.incidents. */
extern const char *const assess_incident_grades[];
/* Accountability measures (问责方式) in the order of
 * assess_facts.accountability, and their Chinese names. */
#define ASSESS_MEASURES 5
extern const char *const assess_measures[];
extern const char *const assess_measure_names[];
/* Index of a measure, or -1. */
int assess_measure_index(const char *m);

struct assess_indicator {
    enum assess_code code;
    double weight;
    double per;          /* overdue, yellow_cards */
    double late_factor;  /* weekly_reports */
    double per_grade[4]; /* incidents: general, larger, major, especially_major */
    double per_measure[ASSESS_MEASURES]; /* accountability */
};
struct assess_scheme {
    int n;
    struct assess_indicator ind[ASSESS_MAX_IND];
};

/* One school's figures for a year. */
struct assess_facts {
    int64_t hazards_found, hazards_closed, overdue;
    int64_t weeks_due, reports_ontime, reports_late;
    int64_t drill_required, drill_ok;
    int64_t class_terms_due, class_terms_ok;
    int64_t incidents[4];
    int64_t deaths;
    int64_t yellow_cards;
    int64_t accountability[ASSESS_MEASURES];
    int64_t bureau_vetoes; /* a bureau's reasoned vetoes of the year */
    double adjust;         /* manual deductions and bonuses */
};

struct assess_item {
    enum assess_code code;
    double weight, points;
    double ratio;  /* for ratio indicators, else -1 */
    int64_t count; /* counted events for deduction indicators */
};
struct assess_result {
    double total, adjust;
    bool veto;
    bool veto_deaths, veto_bureau; /* why: a fatal accident, a bureau's veto */
    const char *result; /* "excellent" "good" "pass" "fail" "veto" */
    int n;
    struct assess_item items[ASSESS_MAX_IND];
};

/* The default scheme (the one the migration seeds). */
void assess_scheme_default(struct assess_scheme *out);
/* Parses and checks a scheme array. 0, or -1 with *e (XE_ASSESS_IND_*,
 * field "indicators"; e may be NULL). */
int assess_scheme_parse(json_t *arr, struct assess_scheme *out, struct xa_error *e);
/* The scheme as a JSON array (new reference). */
json_t *assess_scheme_json(const struct assess_scheme *sc);

/* Scores one school. */
void assess_score(const struct assess_scheme *sc, const struct assess_facts *f,
                  struct assess_result *out);
/* Result name of a total (no veto). */
const char *assess_result_of(double total);
/* A county: mean of n school totals (0 when n == 0) + adjust, floor 0. */
double assess_county_score(const double *totals, int n, double adjust);
/* The accountability deduction (>= 0) of facts under the scheme (0 when the
 * scheme has no accountability indicator). */
double assess_accountability_points(const struct assess_scheme *sc, const struct assess_facts *f);
/* Whether the scheme holds the veto indicator. */
bool assess_has_veto(const struct assess_scheme *sc);
/* Competition ranking (1, 2, 2, 4) by score descending; vetoed entries rank
 * after every other. veto may be NULL. */
void assess_rank(const double *score, const bool *veto, int n, int *rank);
/* The result as {total, result, veto?, adjust, items:[{code, name, weight,
 * points, ratio?, count?}]} (new reference). */
json_t *assess_result_json(const struct assess_result *r, const struct assess_facts *f);

/* ---- what was due ---- (days are Asia/Shanghai days since 1970-01-01) */
/* ISO weeks of ISO year `year` whose weekly report fell due (the Monday
 * after the week, 00:00, + deadline_min) in (since_ms, as_of_ms]. */
int64_t assess_weeks_due(int year, int64_t since_ms, int64_t as_of_ms, int64_t deadline_min);
/* Whether semester half (1 spring, 2 autumn) of year has ended by as_of_day
 * and ended on or after since_day (the school existed). */
bool assess_semester_due(int year, int half, int64_t since_day, int64_t as_of_day);
/* The last day of drill period p of year for a cadence of 12 or 4 periods. */
int64_t assess_period_last_day(int year, int periods, int p);

#endif
