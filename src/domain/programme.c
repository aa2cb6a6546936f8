/*
 * programme.c - pure rules of the safety programme; see programme.h.
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "domain/programme.h"

const char *const prog_incident_grades[] = {"general", "larger", "major", "especially_major",
                                            NULL};
const char *const prog_drill_themes[] = {"earthquake", "fire",     "terror",   "school_bus",
                                         "stampede",   "epidemic", "drowning", "flood",
                                         "other",      NULL};
const char *const prog_drill_ratings[] = {"excellent", "good", "pass", "fail", NULL};
const char *const prog_plan_kinds[] = {"overall", "special", "onsite", NULL};
const char *const prog_plan_themes[] = {"general",  "earthquake", "fire",   "terror",
                                        "school_bus", "stampede", "epidemic", "drowning",
                                        "food",     "flood",      "other",  NULL};
const char *const prog_roster_kinds[] = {"routine", "holiday", "special", NULL};
const char *const prog_calendar_kinds[] = {"themed_day", "themed_week", "themed_month",
                                           "seasonal", "holiday", NULL};

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

int prog_date_parse(const char *s, int64_t *day)
{
    int y, m, d;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
        digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
        return -1;
    if (y < 1970 || y > 2199 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    *day = xa_days_from_civil(y, (unsigned)m, (unsigned)d);
    return 0;
}

void prog_date_format(int64_t day, char *buf, size_t len)
{
    int y;
    unsigned m, d;
    xa_civil_from_days(day, &y, &m, &d);
    snprintf(buf, len, "%04d-%02u-%02u", y, m, d);
}

int64_t prog_day_of(int64_t ms)
{
    int64_t t = ms + XA_TZ_OFFSET_MS;
    int64_t q = t / XA_DAY_MS;
    if (t % XA_DAY_MS < 0)
        q--;
    return q;
}

int64_t prog_day_start(int64_t day)
{
    return day * XA_DAY_MS - XA_TZ_OFFSET_MS;
}

void prog_semester_of(int64_t day, char *buf, size_t len)
{
    int y;
    unsigned m, d;
    xa_civil_from_days(day, &y, &m, &d);
    if (m == 1)
        snprintf(buf, len, "%04d-2", y - 1);
    else if (m <= 7)
        snprintf(buf, len, "%04d-1", y);
    else
        snprintf(buf, len, "%04d-2", y);
}

int prog_semester_range(const char *sem, int64_t *first, int64_t *last)
{
    int y;
    if (!sem || strlen(sem) != 6 || sem[4] != '-' || digits(sem, 4, &y) || y < 1970 ||
        y > 2198 || (sem[5] != '1' && sem[5] != '2'))
        return -1;
    if (sem[5] == '1') {
        *first = xa_days_from_civil(y, 2, 1);
        *last = xa_days_from_civil(y, 7, 31);
    } else {
        *first = xa_days_from_civil(y, 8, 1);
        *last = xa_days_from_civil(y + 1, 1, 31);
    }
    return 0;
}

bool prog_class_compliant(double hours)
{
    return hours + 1e-9 >= PROG_MIN_HOURS;
}

enum prog_cadence prog_drill_cadence(const char *school_type)
{
    return school_type && strcmp(school_type, "kindergarten") == 0 ? PROG_QUARTERLY
                                                                   : PROG_MONTHLY;
}

const char *prog_cadence_name(enum prog_cadence c)
{
    return c == PROG_QUARTERLY ? "quarterly" : "monthly";
}

int prog_period_count(enum prog_cadence c)
{
    return c == PROG_QUARTERLY ? 4 : 12;
}

int prog_period_of_month(enum prog_cadence c, int month)
{
    return c == PROG_QUARTERLY ? (month - 1) / 3 : month - 1;
}

bool prog_period_required(enum prog_cadence c, int period, unsigned months)
{
    unsigned bits = c == PROG_QUARTERLY ? 7u << (period * 3) : 1u << period;
    return (months & bits & PROG_MONTHS_ALL) != 0;
}

int prog_months_parse(json_t *arr, unsigned *mask, int *bad)
{
    *bad = -1;
    *mask = 0;
    if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > 12)
        return -1;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        json_int_t m = json_is_integer(v) ? json_integer_value(v) : 0;
        if (m < 1 || m > 12 || (*mask & (1u << (m - 1)))) {
            *bad = (int)i;
            *mask = 0;
            return -1;
        }
        *mask |= 1u << (m - 1);
    }
    return 0;
}

json_t *prog_months_json(unsigned mask)
{
    json_t *a = json_array();
    for (int m = 1; m <= 12; m++)
        if (mask & (1u << (m - 1)))
            json_array_append_new(a, json_integer(m));
    return a;
}

unsigned prog_months_for(json_t *settings, const char *path, json_t **from)
{
    size_t i, best = 0;
    json_t *row, *hit = NULL;
    json_array_foreach(settings, i, row)
    {
        const char *p = json_string_value(json_object_get(row, "org_path"));
        size_t n = p ? strlen(p) : 0;
        if (n && path && strncmp(path, p, n) == 0 && n > best) {
            best = n;
            hit = row;
        }
    }
    unsigned mask = PROG_MONTHS_ALL;
    int bad;
    if (hit && prog_months_parse(json_object_get(hit, "months"), &mask, &bad))
        mask = PROG_MONTHS_ALL;
    if (from)
        *from = hit;
    return mask;
}

enum prog_period_status prog_period_status(enum prog_cadence c, int year, int p, int64_t today,
                                           unsigned months, int64_t drills)
{
    int m0 = c == PROG_QUARTERLY ? p * 3 + 1 : p + 1;
    int m1 = c == PROG_QUARTERLY ? m0 + 2 : m0;
    int64_t first = xa_days_from_civil(year, (unsigned)m0, 1);
    int64_t last = xa_days_from_civil(year, (unsigned)m1, (unsigned)days_in_month(year, m1));
    if (drills > 0)
        return PROG_P_OK;
    if (!prog_period_required(c, p, months))
        return PROG_P_EXEMPT;
    if (today < first)
        return PROG_P_FUTURE;
    if (today <= last)
        return PROG_P_PENDING;
    return PROG_P_MISSED;
}

const char *prog_period_status_name(enum prog_period_status st)
{
    switch (st) {
    case PROG_P_OK: return "ok";
    case PROG_P_MISSED: return "missed";
    case PROG_P_PENDING: return "pending";
    case PROG_P_FUTURE: return "future";
    default: return "exempt";
    }
}

bool prog_evacuation_slow(int64_t seconds)
{
    return seconds > PROG_EVACUATION_TARGET_S;
}

enum prog_gap prog_duty_gap(const char *roster_kind, const struct prog_slot *slot)
{
    if (!slot || !slot->present)
        return PROG_GAP_NO_SLOT;
    if (!slot->leader)
        return PROG_GAP_NO_LEADER;
    if (roster_kind && strcmp(roster_kind, "routine") != 0 && !slot->is_24h)
        return PROG_GAP_NOT_24H;
    return PROG_GAP_NONE;
}

const char *prog_gap_name(enum prog_gap g)
{
    switch (g) {
    case PROG_GAP_NO_SLOT: return "no_slot";
    case PROG_GAP_NO_LEADER: return "no_leader";
    case PROG_GAP_NOT_24H: return "not_24h";
    default: return NULL;
    }
}

bool prog_roster_late(int64_t now_ms, int64_t start_day)
{
    return now_ms >= prog_day_start(start_day);
}

const char *prog_incident_grade(int64_t deaths, int64_t serious)
{
    int g = 0;
    if (deaths >= 30 || serious >= 100)
        g = 3;
    else if (deaths >= 10 || serious >= 50)
        g = 2;
    else if (deaths >= 3 || serious >= 10)
        g = 1;
    return prog_incident_grades[g];
}

int64_t prog_safety_education_day(int year)
{
    int64_t d = xa_days_from_civil(year, 3, 31);
    int64_t wd = ((d % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday: 0 = Monday */
    return d - wd;
}

void prog_national_days(int year, struct prog_national_day out[PROG_NATIONAL_DAYS])
{
    int64_t edu = prog_safety_education_day(year);
    const struct prog_national_day d[PROG_NATIONAL_DAYS] = {
        {"themed_day", "全国中小学生安全教育日", "other", edu, edu},
        {"themed_day", "全国防灾减灾日", "disaster", xa_days_from_civil(year, 5, 12),
         xa_days_from_civil(year, 5, 12)},
        {"themed_month", "安全生产月", "other", xa_days_from_civil(year, 6, 1),
         xa_days_from_civil(year, 6, 30)},
        {"themed_day", "全国安全宣传咨询日", "other", xa_days_from_civil(year, 6, 16),
         xa_days_from_civil(year, 6, 16)},
        {"themed_month", "消防宣传月", "fire", xa_days_from_civil(year, 11, 1),
         xa_days_from_civil(year, 11, 30)},
        {"themed_day", "全国消防日（119）", "fire", xa_days_from_civil(year, 11, 9),
         xa_days_from_civil(year, 11, 9)},
    };
    memcpy(out, d, sizeof(d));
}

static int grade_rank(const char *grade)
{
    for (int i = 0; prog_incident_grades[i]; i++)
        if (grade && strcmp(grade, prog_incident_grades[i]) == 0)
            return i;
    return -1;
}

int64_t prog_quick_due(const char *grade, int64_t occurred_ms)
{
    int g = grade_rank(grade);
    if (g < 0)
        return -1;
    return occurred_ms + (g >= 2 ? 30LL : 60LL) * 60 * 1000;
}

int64_t prog_written_due(const char *grade, int64_t occurred_ms)
{
    int g = grade_rank(grade);
    if (g < 0)
        return -1;
    return occurred_ms + (g >= 2 ? 12LL : 24LL) * 3600 * 1000;
}

enum prog_supply_status prog_supply_status(bool has_expiry, int64_t expiry_day, int64_t today)
{
    if (!has_expiry)
        return PROG_S_NONE;
    if (expiry_day < today)
        return PROG_S_EXPIRED;
    if (expiry_day <= today + PROG_SUPPLY_WARN_DAYS)
        return PROG_S_EXPIRING;
    return PROG_S_OK;
}

const char *prog_supply_status_name(enum prog_supply_status st)
{
    switch (st) {
    case PROG_S_OK: return "ok";
    case PROG_S_EXPIRING: return "expiring";
    case PROG_S_EXPIRED: return "expired";
    default: return "none";
    }
}
