/*
 * programme.h - pure rules of the safety programme (SPEC §7): education
 * hours per class and semester, drill frequency by school type, duty roster
 * gaps, incident report deadlines.
 *
 * No I/O, no allocation. Calendar dates are days since 1970-01-01 in
 * Asia/Shanghai (int64_t "day"); their text form is "YYYY-MM-DD".
 */
#ifndef XA_DOMAIN_PROGRAMME_H
#define XA_DOMAIN_PROGRAMME_H

#include "core/compat.h"
#include <jansson.h>

/* ---- dates ---- */
/* Parses a strict "YYYY-MM-DD" (a real civil date, years 2000-2099 allowed
 * for data entry: 1970-2199). 0 and *day, or -1. */
int prog_date_parse(const char *s, int64_t *day);
/* Writes "YYYY-MM-DD" (buf >= 11 bytes). */
void prog_date_format(int64_t day, char *buf, size_t len);
/* The Asia/Shanghai calendar day of an instant (ms). */
int64_t prog_day_of(int64_t ms);
/* The instant (ms) a day starts in Asia/Shanghai. */
int64_t prog_day_start(int64_t day);

/* ---- safety education (安全教育课时) ---- */
/* At least this many class hours per class per semester. */
#define PROG_MIN_HOURS 10.0
/* Semesters: "YYYY-1" spring term (Feb 1 - Jul 31 of YYYY), "YYYY-2" autumn
 * term (Aug 1 of YYYY - Jan 31 of YYYY+1). Writes the semester of day
 * (buf >= 8 bytes). */
void prog_semester_of(int64_t day, char *buf, size_t len);
/* Parses "YYYY-1"/"YYYY-2" into its first and last day. 0 or -1. */
int prog_semester_range(const char *sem, int64_t *first, int64_t *last);
/* A class is compliant when its hours reach PROG_MIN_HOURS. */
bool prog_class_compliant(double hours);

/* ---- drills (应急演练) ---- */
enum prog_cadence { PROG_MONTHLY, PROG_QUARTERLY };
/* Kindergartens drill at least quarterly, every other school monthly. */
enum prog_cadence prog_drill_cadence(const char *school_type);
/* "monthly" / "quarterly". */
const char *prog_cadence_name(enum prog_cadence c);
/* Periods in a year: 12 or 4. */
int prog_period_count(enum prog_cadence c);
/* Period (0-based) holding month 1..12. */
int prog_period_of_month(enum prog_cadence c, int month);
/* The months in which drills are counted: bit m-1 for month m (1..12), a
 * bureau setting; PROG_MONTHS_ALL by default (the seeds: 中小学每月、幼儿园
 * 每季度, no month exempt). */
#define PROG_MONTHS_ALL 0xfffu
/* A period is required when one of its months is counted. */
bool prog_period_required(enum prog_cadence c, int period, unsigned months);
/* Reads an array of distinct months 1..12 (at least one) into a mask: 0, or
 * -1 with *bad the index of the offending element (-1: not an array / empty). */
int prog_months_parse(json_t *arr, unsigned *mask, int *bad);
/* The mask as an array of months (new reference). */
json_t *prog_months_json(unsigned mask);
/* The counted months at path from the bureaus' settings [{org_path,
 * months:[..]}]: the longest org_path that is an ancestor-or-self of path
 * wins (*from set to that row, borrowed), else PROG_MONTHS_ALL (*from NULL).
 * from may be NULL. */
unsigned prog_months_for(json_t *settings, const char *path, json_t **from);
enum prog_period_status {
    PROG_P_OK,      /* at least one drill */
    PROG_P_MISSED,  /* required, ended, no drill */
    PROG_P_PENDING, /* required, current period, none yet */
    PROG_P_FUTURE,  /* not begun */
    PROG_P_EXEMPT,  /* not required (vacation), none held */
};
/* Status of period p of year given today, the counted months and the
 * drills held in it. */
enum prog_period_status prog_period_status(enum prog_cadence c, int year, int p, int64_t today,
                                           unsigned months, int64_t drills);
const char *prog_period_status_name(enum prog_period_status st);
/* A low building should be evacuated within 2 minutes. */
#define PROG_EVACUATION_TARGET_S 120
bool prog_evacuation_slow(int64_t seconds);

/* ---- duty rosters (值班表) ---- */
/* A roster covers at most this many days. */
#define PROG_ROSTER_MAX_DAYS 92
struct prog_slot {
    bool present, leader, is_24h;
};
enum prog_gap { PROG_GAP_NONE, PROG_GAP_NO_SLOT, PROG_GAP_NO_LEADER, PROG_GAP_NOT_24H };
/* Every day needs a slot with a leader on duty (领导带班); holiday and
 * special-period rosters need 24-hour duty every day. */
enum prog_gap prog_duty_gap(const char *roster_kind, const struct prog_slot *slot);
/* "no_slot", "no_leader", "not_24h" (NULL for NONE). */
const char *prog_gap_name(enum prog_gap g);
/* A roster is due before its period starts; one published on or after the
 * start is still accepted, flagged as a late filing (补报). */
bool prog_roster_late(int64_t now_ms, int64_t start_day);

/* ---- incidents (突发事件信息报送) ---- */
/* Grades: general 一般, larger 较大, major 重大, especially_major 特别重大. */
extern const char *const prog_incident_grades[];
/* The national production-safety accident grade (生产安全事故等级) from
 * deaths and serious injuries (重伤, incl. acute poisoning), the higher of
 * the two: especially_major >= 30 deaths or >= 100 serious injuries; major
 * 10-29 or 50-99; larger 3-9 or 10-49; else general. Negative counts = 0. */
const char *prog_incident_grade(int64_t deaths, int64_t serious_injuries);
/* Quick (oral) report due: 30 min after occurrence for major and above,
 * 1 hour otherwise. Written report due: 12 h after occurrence for major
 * and above, 24 h otherwise. -1 for an unknown grade. */
int64_t prog_quick_due(const char *grade, int64_t occurred_ms);
int64_t prog_written_due(const char *grade, int64_t occurred_ms);

/* ---- national education calendar ---- */
/* The national themed days of a year, by rule: 全国中小学生安全教育日 (last
 * Monday of March), 全国防灾减灾日 (May 12), 安全生产月 (June), 全国安全宣传
 * 咨询日 (June 16, within 安全生产月), 全国消防日 (November 9), 消防宣传月
 * (November). */
struct prog_national_day {
    const char *kind, *title, *category;
    int64_t first, last; /* days */
};
#define PROG_NATIONAL_DAYS 6
void prog_national_days(int year, struct prog_national_day out[PROG_NATIONAL_DAYS]);
/* The last Monday of March of year (a day). */
int64_t prog_safety_education_day(int year);

/* ---- emergency supplies (应急物资) ---- */
/* A supply is flagged this many days before its expiry. */
#define PROG_SUPPLY_WARN_DAYS 30
enum prog_supply_status { PROG_S_NONE, PROG_S_OK, PROG_S_EXPIRING, PROG_S_EXPIRED };
/* none (no expiry), ok, expiring (expiry within PROG_SUPPLY_WARN_DAYS days
 * from today, today included), expired (expiry before today). */
enum prog_supply_status prog_supply_status(bool has_expiry, int64_t expiry_day, int64_t today);
/* "none" "ok" "expiring" "expired". */
const char *prog_supply_status_name(enum prog_supply_status st);

/* ---- value lists ---- */
extern const char *const prog_drill_themes[];
extern const char *const prog_drill_ratings[];
extern const char *const prog_plan_kinds[];
extern const char *const prog_plan_themes[];
extern const char *const prog_roster_kinds[];
extern const char *const prog_calendar_kinds[];

#endif
