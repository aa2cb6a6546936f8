/*
 * assess.c - scoring rules of the yearly assessment (see assess.h).
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "domain/assess.h"
#include <math.h>

const char *const assess_codes[] = {
    "hazard_closure", "overdue", "weekly_reports", "drills", "education",
    "incidents",      "yellow_cards", "accountability", "veto", NULL,
};
const char *const assess_code_names[] = {
    "隐患整改闭环率", "隐患逾期", "周报按时报送", "应急演练达标", "安全教育课时达标",
    "安全事故扣分",   "黄牌警告",   "问责扣分",   "一票否决",   NULL,
};
const char *const assess_measures[] = {"interview", "notice", "admonish", "sanction", "suspend",
                                       NULL};
const char *const assess_measure_names[] = {"约谈", "通报", "诫勉", "处分", "责令停办/停业整顿",
                                            NULL};

int assess_measure_index(const char *m)
{
    for (int i = 0; m && assess_measures[i]; i++)
        if (strcmp(m, assess_measures[i]) == 0)
            return i;
    return -1;
}
const char *const assess_incident_grades[] = {"general", "larger", "major", "especially_major",
                                              NULL};

static int code_parse(const char *s, enum assess_code *out)
{
    for (int i = 0; s && assess_codes[i]; i++)
        if (strcmp(s, assess_codes[i]) == 0) {
            *out = (enum assess_code)i;
            return 0;
        }
    return -1;
}

static void ind_defaults(struct assess_indicator *in)
{
    in->per = in->code == AS_YELLOW_CARDS ? 5 : 3;
    in->late_factor = 0.5;
    in->per_grade[0] = 2;
    in->per_grade[1] = 5;
    in->per_grade[2] = 10;
    in->per_grade[3] = 10;
    static const double pm[ASSESS_MEASURES] = {1, 2, 2, 3, 5};
    memcpy(in->per_measure, pm, sizeof(pm));
}

void assess_scheme_default(struct assess_scheme *out)
{
    static const struct {
        enum assess_code c;
        double w;
    } d[] = {{AS_HAZARD_CLOSURE, 25}, {AS_OVERDUE, 15},   {AS_WEEKLY_REPORTS, 20},
             {AS_DRILLS, 15},         {AS_EDUCATION, 15}, {AS_INCIDENTS, 10},
             {AS_YELLOW_CARDS, 0},    {AS_ACCOUNTABILITY, 0}, {AS_VETO, 0}};
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < XA_ARRAY_LEN(d); i++) {
        struct assess_indicator *in = &out->ind[out->n++];
        in->code = d[i].c;
        ind_defaults(in);
        in->weight = d[i].w;
    }
}

static int num(json_t *o, const char *key, double *v, double lo, double hi)
{
    json_t *x = json_object_get(o, key);
    if (!x)
        return 0;
    if (!json_is_number(x))
        return -1;
    double d = json_number_value(x);
    if (!(d >= lo && d <= hi))
        return -1;
    *v = d;
    return 0;
}

int assess_scheme_parse(json_t *arr, struct assess_scheme *out, struct xa_error *e)
{
    memset(out, 0, sizeof(*out));
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        return xa_fail(e, XE_ASSESS_IND_EMPTY, "indicators");
    }
    if (json_array_size(arr) > ASSESS_MAX_IND) {
        return xa_fail(e, XE_ASSESS_IND_TOO_MANY, "indicators");
    }
    double sum = 0;
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        struct assess_indicator *in = &out->ind[out->n];
        if (!json_is_object(o) || code_parse(json_string_value(json_object_get(o, "code")),
                                             &in->code)) {
            return xa_fail(e, XE_ASSESS_IND_UNKNOWN, "indicators");
        }
        for (int k = 0; k < out->n; k++)
            if (out->ind[k].code == in->code) {
                return xa_fail(e, XE_ASSESS_IND_DUP, "indicators");
            }
        ind_defaults(in);
        if (num(o, "weight", &in->weight, 0, 100) || !json_object_get(o, "weight")) {
            return xa_fail(e, XE_ASSESS_IND_WEIGHT, "indicators");
        }
        if ((in->code == AS_YELLOW_CARDS || in->code == AS_ACCOUNTABILITY ||
             in->code == AS_VETO) &&
            in->weight != 0) {
            return xa_fail(e, XE_ASSESS_IND_UNWEIGHTED, "indicators");
        }
        for (int m = 0; m < ASSESS_MEASURES; m++) {
            char k[32];
            snprintf(k, sizeof(k), "per_%s", assess_measures[m]);
            if (num(o, k, &in->per_measure[m], 0, 100)) {
                return xa_fail(e, XE_ASSESS_IND_MEASURE, "indicators");
            }
        }
        if (num(o, "per", &in->per, 0, 100) || num(o, "late_factor", &in->late_factor, 0, 1) ||
            num(o, "per_general", &in->per_grade[0], 0, 100) ||
            num(o, "per_larger", &in->per_grade[1], 0, 100) ||
            num(o, "per_major", &in->per_grade[2], 0, 100) ||
            num(o, "per_especially_major", &in->per_grade[3], 0, 100)) {
            return xa_fail(e, XE_ASSESS_IND_PER, "indicators");
        }
        sum += in->weight;
        out->n++;
    }
    if (fabs(sum - 100) > 1e-6) {
        return xa_fail(e, XE_ASSESS_IND_SUM, "indicators");
    }
    return 0;
}

json_t *assess_scheme_json(const struct assess_scheme *sc)
{
    json_t *a = json_array();
    for (int i = 0; i < sc->n; i++) {
        const struct assess_indicator *in = &sc->ind[i];
        json_t *o = json_pack("{s:s, s:s, s:f}", "code", assess_codes[in->code], "name",
                              assess_code_names[in->code], "weight", in->weight);
        if (in->code == AS_OVERDUE || in->code == AS_YELLOW_CARDS)
            json_object_set_new(o, "per", json_real(in->per));
        if (in->code == AS_WEEKLY_REPORTS)
            json_object_set_new(o, "late_factor", json_real(in->late_factor));
        if (in->code == AS_ACCOUNTABILITY)
            for (int m = 0; m < ASSESS_MEASURES; m++) {
                char k[32];
                snprintf(k, sizeof(k), "per_%s", assess_measures[m]);
                json_object_set_new(o, k, json_real(in->per_measure[m]));
            }
        if (in->code == AS_INCIDENTS)
            for (int g = 0; g < 4; g++) {
                char k[40];
                snprintf(k, sizeof(k), "per_%s", assess_incident_grades[g]);
                json_object_set_new(o, k, json_real(in->per_grade[g]));
            }
        json_array_append_new(a, o);
    }
    return a;
}

static double ratio(int64_t num_, int64_t den)
{
    if (den <= 0)
        return 1.0;
    double r = (double)num_ / (double)den;
    return r < 0 ? 0 : r > 1 ? 1 : r;
}

static double round2(double v)
{
    return round(v * 100.0) / 100.0;
}

static double floor0(double v)
{
    return v < 0 ? 0 : v;
}

const char *assess_result_of(double total)
{
    return total >= 90 ? "excellent" : total >= 75 ? "good" : total >= 60 ? "pass" : "fail";
}

void assess_score(const struct assess_scheme *sc, const struct assess_facts *f,
                  struct assess_result *out)
{
    memset(out, 0, sizeof(*out));
    double sum = 0;
    for (int i = 0; i < sc->n; i++) {
        const struct assess_indicator *in = &sc->ind[i];
        struct assess_item *it = &out->items[out->n++];
        it->code = in->code;
        it->weight = in->weight;
        it->ratio = -1;
        switch (in->code) {
        case AS_HAZARD_CLOSURE:
            it->ratio = ratio(f->hazards_closed, f->hazards_found);
            it->points = in->weight * it->ratio;
            break;
        case AS_OVERDUE:
            it->count = f->overdue;
            it->points = floor0(in->weight - in->per * (double)f->overdue);
            break;
        case AS_WEEKLY_REPORTS: {
            double done = (double)f->reports_ontime + in->late_factor * (double)f->reports_late;
            it->ratio = f->weeks_due <= 0 ? 1.0 : done / (double)f->weeks_due;
            if (it->ratio > 1)
                it->ratio = 1;
            it->points = in->weight * it->ratio;
            break;
        }
        case AS_DRILLS:
            it->ratio = ratio(f->drill_ok, f->drill_required);
            it->points = in->weight * it->ratio;
            break;
        case AS_EDUCATION:
            it->ratio = ratio(f->class_terms_ok, f->class_terms_due);
            it->points = in->weight * it->ratio;
            break;
        case AS_INCIDENTS: {
            double d = 0;
            for (int g = 0; g < 4; g++) {
                d += in->per_grade[g] * (double)f->incidents[g];
                it->count += f->incidents[g];
            }
            it->points = floor0(in->weight - d);
            break;
        }
        case AS_YELLOW_CARDS:
            it->count = f->yellow_cards;
            it->points = -in->per * (double)f->yellow_cards;
            break;
        case AS_ACCOUNTABILITY: {
            double d = 0;
            for (int m = 0; m < ASSESS_MEASURES; m++) {
                d += in->per_measure[m] * (double)f->accountability[m];
                it->count += f->accountability[m];
            }
            it->points = -d;
            break;
        }
        case AS_VETO:
            it->count = f->deaths + f->bureau_vetoes;
            out->veto_deaths = f->deaths > 0;
            out->veto_bureau = f->bureau_vetoes > 0;
            out->veto = out->veto_deaths || out->veto_bureau;
            break;
        default: break;
        }
        it->points = round2(it->points);
        if (it->ratio >= 0)
            it->ratio = round(it->ratio * 10000.0) / 10000.0;
        sum += it->points;
    }
    out->adjust = round2(f->adjust);
    out->total = round2(floor0(sum + f->adjust));
    out->result = out->veto ? "veto" : assess_result_of(out->total);
}

double assess_county_score(const double *totals, int n, double adjust)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += totals[i];
    double mean = n > 0 ? s / n : 0;
    return round2(floor0(mean + adjust));
}

double assess_accountability_points(const struct assess_scheme *sc, const struct assess_facts *f)
{
    double d = 0;
    for (int i = 0; i < sc->n; i++)
        if (sc->ind[i].code == AS_ACCOUNTABILITY)
            for (int m = 0; m < ASSESS_MEASURES; m++)
                d += sc->ind[i].per_measure[m] * (double)f->accountability[m];
    return round2(d);
}

bool assess_has_veto(const struct assess_scheme *sc)
{
    for (int i = 0; i < sc->n; i++)
        if (sc->ind[i].code == AS_VETO)
            return true;
    return false;
}

void assess_rank(const double *score, const bool *veto, int n, int *rank)
{
    for (int i = 0; i < n; i++) {
        bool vi = veto && veto[i];
        int r = 1;
        for (int j = 0; j < n; j++) {
            bool vj = veto && veto[j];
            if (j == i)
                continue;
            if ((!vj && vi) || (vj == vi && score[j] > score[i] + 1e-9))
                r++;
        }
        rank[i] = r;
    }
}

json_t *assess_result_json(const struct assess_result *r, const struct assess_facts *f)
{
    json_t *items = json_array();
    for (int i = 0; i < r->n; i++) {
        const struct assess_item *it = &r->items[i];
        json_t *o = json_pack("{s:s, s:s, s:f, s:f}", "code", assess_codes[it->code], "name",
                              assess_code_names[it->code], "weight", it->weight, "points",
                              it->points);
        if (it->ratio >= 0)
            json_object_set_new(o, "ratio", json_real(it->ratio));
        else
            json_object_set_new(o, "count", json_integer(it->count));
        json_array_append_new(items, o);
    }
    json_t *facts = json_pack(
        "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:{s:I, s:I, s:I, s:I}, s:I, s:I}",
        "hazards_found", (json_int_t)f->hazards_found, "hazards_closed",
        (json_int_t)f->hazards_closed, "overdue", (json_int_t)f->overdue, "weeks_due",
        (json_int_t)f->weeks_due, "reports_ontime", (json_int_t)f->reports_ontime, "reports_late",
        (json_int_t)f->reports_late, "drill_required", (json_int_t)f->drill_required, "drill_ok",
        (json_int_t)f->drill_ok, "class_terms_due", (json_int_t)f->class_terms_due,
        "class_terms_ok", (json_int_t)f->class_terms_ok, "incidents", "general",
        (json_int_t)f->incidents[0], "larger", (json_int_t)f->incidents[1], "major",
        (json_int_t)f->incidents[2], "especially_major", (json_int_t)f->incidents[3], "deaths",
        (json_int_t)f->deaths, "yellow_cards", (json_int_t)f->yellow_cards);
    json_t *acc = json_object();
    for (int m = 0; m < ASSESS_MEASURES; m++)
        json_object_set_new(acc, assess_measures[m], json_integer(f->accountability[m]));
    json_object_set_new(facts, "accountability", acc);
    json_object_set_new(facts, "bureau_vetoes", json_integer(f->bureau_vetoes));
    json_t *why = json_array();
    if (r->veto_deaths)
        json_array_append_new(why, json_pack("{s:s, s:s}", "kind", "deaths", "text",
                                             "发生亡人安全事故"));
    if (r->veto_bureau)
        json_array_append_new(why, json_pack("{s:s, s:s}", "kind", "bureau", "text",
                                             "上级教育局一票否决（治理不力或造成严重负面影响）"));
    return json_pack("{s:f, s:s, s:b, s:o, s:f, s:o, s:o}", "total", r->total, "result", r->result,
                     "veto", r->veto, "veto_reasons", why, "adjust", r->adjust, "items", items,
                     "facts", facts);
}

/* ---- calendar ---- */

static int64_t day_start_ms(int64_t day)
{
    return day * XA_DAY_MS - XA_TZ_OFFSET_MS;
}

/* Monday of ISO week 1 of year: the Monday on or before January 4. */
static int64_t iso_week1_monday(int year)
{
    int64_t jan4 = xa_days_from_civil(year, 1, 4);
    int64_t wd = ((jan4 % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday: 0 = Monday */
    return jan4 - wd;
}

int64_t assess_weeks_due(int year, int64_t since_ms, int64_t as_of_ms, int64_t deadline_min)
{
    int64_t m1 = iso_week1_monday(year), m2 = iso_week1_monday(year + 1);
    int64_t weeks = (m2 - m1) / 7, n = 0;
    for (int64_t w = 1; w <= weeks; w++) {
        int64_t due = day_start_ms(m1 + 7 * w) + deadline_min * 60 * 1000;
        if (due > since_ms && due <= as_of_ms)
            n++;
    }
    return n;
}

bool assess_semester_due(int year, int half, int64_t since_day, int64_t as_of_day)
{
    int64_t last = half == 1 ? xa_days_from_civil(year, 7, 31) : xa_days_from_civil(year + 1, 1, 31);
    return last < as_of_day && last >= since_day;
}

int64_t assess_period_last_day(int year, int periods, int p)
{
    int months = periods == 4 ? 3 : 1;
    int m_next = (p + 1) * months + 1; /* first month after the period */
    if (m_next > 12)
        return xa_days_from_civil(year + 1, 1, 1) - 1;
    return xa_days_from_civil(year, (unsigned)m_next, 1) - 1;
}
