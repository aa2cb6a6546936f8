#include "core/compat.h"
#include "domain/grading.h"

#include <math.h>

const struct grading_thresholds grading_default = {
    .version = 1,
    .lec_major = 320.0,
    .lec_high = 160.0,
    .lec_general = 70.0,
    .ls_red = 20,
    .ls_orange = 15,
    .ls_yellow = 9,
};

const double grading_lec_l_scale[GRADING_LEC_L_COUNT] = {0.1, 0.2, 0.5, 1, 3, 6, 10};
const double grading_lec_e_scale[GRADING_LEC_E_COUNT] = {0.5, 1, 2, 3, 6, 10};
const double grading_lec_c_scale[GRADING_LEC_C_COUNT] = {1, 3, 7, 15, 40, 100};

/* The same scales in tenths (L, E) and units (C), so D x 100 is an exact integer. */
static const int lec_l_tenths[GRADING_LEC_L_COUNT] = {1, 2, 5, 10, 30, 60, 100};
static const int lec_e_tenths[GRADING_LEC_E_COUNT] = {5, 10, 20, 30, 60, 100};
static const int lec_c_units[GRADING_LEC_C_COUNT] = {1, 3, 7, 15, 40, 100};

#define LEC_EPSILON 1e-6
#define LEC_D_MAX 10000.0 /* 10 x 10 x 100 */
#define LS_R_MAX 25

static const struct {
    const char *name, *colour, *zh;
} level_names[] = {
    [RISK_NONE] = {"none", "none", "未评价"},       [RISK_LOW] = {"low", "blue", "低"},
    [RISK_GENERAL] = {"general", "yellow", "一般"}, [RISK_HIGH] = {"high", "orange", "较大"},
    [RISK_MAJOR] = {"major", "red", "重大"},
};

static int level_in_range(enum risk_level level)
{
    return (int)level >= 0 && (size_t)level < XA_ARRAY_LEN(level_names);
}

const char *grading_level_name(enum risk_level level)
{
    return level_in_range(level) ? level_names[level].name : NULL;
}

const char *grading_level_colour(enum risk_level level)
{
    return level_in_range(level) ? level_names[level].colour : NULL;
}

const char *grading_level_name_zh(enum risk_level level)
{
    return level_in_range(level) ? level_names[level].zh : NULL;
}

int grading_level_parse(const char *s, enum risk_level *out)
{
    if (!s) return -1;
    for (size_t i = 0; i < XA_ARRAY_LEN(level_names); i++) {
        if (!strcmp(s, level_names[i].name) || !strcmp(s, level_names[i].colour)) {
            *out = (enum risk_level)i;
            return 0;
        }
    }
    return -1;
}

static int set_field(const char **field, const char *name)
{
    if (field) *field = name;
    return -1;
}

int grading_thresholds_validate(const struct grading_thresholds *t, const char **field)
{
    if (!t) return set_field(field, "thresholds");
    if (t->version < 1) return set_field(field, "version");
    if (!isfinite(t->lec_general) || t->lec_general <= 0) return set_field(field, "lec_general");
    if (!isfinite(t->lec_high) || t->lec_high <= t->lec_general)
        return set_field(field, "lec_high");
    if (!isfinite(t->lec_major) || t->lec_major <= t->lec_high || t->lec_major > LEC_D_MAX)
        return set_field(field, "lec_major");
    if (t->ls_yellow <= 0) return set_field(field, "ls_yellow");
    if (t->ls_orange <= t->ls_yellow) return set_field(field, "ls_orange");
    if (t->ls_red <= t->ls_orange || t->ls_red > LS_R_MAX) return set_field(field, "ls_red");
    return 0;
}

enum risk_level grading_lec_level(const struct grading_thresholds *t, double d)
{
    if (!t) t = &grading_default;
    if (d >= t->lec_major) return RISK_MAJOR;
    if (d >= t->lec_high) return RISK_HIGH;
    if (d >= t->lec_general) return RISK_GENERAL;
    return RISK_LOW;
}

enum risk_level grading_ls_level(const struct grading_thresholds *t, int r)
{
    if (!t) t = &grading_default;
    if (r >= t->ls_red) return RISK_MAJOR;
    if (r >= t->ls_orange) return RISK_HIGH;
    if (r >= t->ls_yellow) return RISK_GENERAL;
    return RISK_LOW;
}

/* Index of v on scale, or -1. NaN never matches. */
static int scale_index(const double *scale, int n, double v)
{
    for (int i = 0; i < n; i++)
        if (fabs(v - scale[i]) <= LEC_EPSILON) return i;
    return -1;
}

int grading_lec(const struct grading_thresholds *t, double l, double e, double c, double *d_out,
                enum risk_level *level_out, const char **bad_field)
{
    if (!t) t = &grading_default;
    if (grading_thresholds_validate(t, NULL)) return set_field(bad_field, "thresholds");
    int li = scale_index(grading_lec_l_scale, GRADING_LEC_L_COUNT, l);
    if (li < 0) return set_field(bad_field, "l");
    int ei = scale_index(grading_lec_e_scale, GRADING_LEC_E_COUNT, e);
    if (ei < 0) return set_field(bad_field, "e");
    int ci = scale_index(grading_lec_c_scale, GRADING_LEC_C_COUNT, c);
    if (ci < 0) return set_field(bad_field, "c");
    long d100 = (long)lec_l_tenths[li] * lec_e_tenths[ei] * lec_c_units[ci];
    double d = (double)d100 / 100.0;
    if (d_out) *d_out = d;
    if (level_out) *level_out = grading_lec_level(t, d);
    return 0;
}

int grading_ls(const struct grading_thresholds *t, int l, int s, int *r_out,
               enum risk_level *level_out, const char **bad_field)
{
    if (!t) t = &grading_default;
    if (grading_thresholds_validate(t, NULL)) return set_field(bad_field, "thresholds");
    if (l < 1 || l > 5) return set_field(bad_field, "l");
    if (s < 1 || s > 5) return set_field(bad_field, "s");
    int r = l * s;
    if (r_out) *r_out = r;
    if (level_out) *level_out = grading_ls_level(t, r);
    return 0;
}

int grading_change_reason_ok(enum risk_level old, enum risk_level nw, const char *reason)
{
    if (old == RISK_NONE || old == nw)
        return 0;
    for (const char *p = reason; p && *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return 0;
    return -1;
}
