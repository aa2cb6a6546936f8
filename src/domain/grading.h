/*
 * grading.h - risk assessment (风险评价): LEC and LS matrix, four colours.
 *
 * Pure functions, no I/O, no allocation. The band limits are data
 * (struct grading_thresholds, versioned) so a bureau can change them and old
 * assessments keep the version they were graded with.
 *
 * Levels map one to one onto the four colours:
 *   RISK_MAJOR 重大 red, RISK_HIGH 较大 orange, RISK_GENERAL 一般 yellow,
 *   RISK_LOW 低 blue. RISK_NONE means "not assessed".
 */
#ifndef XA_DOMAIN_GRADING_H
#define XA_DOMAIN_GRADING_H

#include "core/compat.h"

enum risk_level {
    RISK_NONE = 0,
    RISK_LOW = 1,     /* 低 blue */
    RISK_GENERAL = 2, /* 一般 yellow */
    RISK_HIGH = 3,    /* 较大 orange */
    RISK_MAJOR = 4,   /* 重大 red */
};

/* "none", "low", "general", "high", "major"; NULL for a value out of range. */
const char *grading_level_name(enum risk_level level);
/* "none", "blue", "yellow", "orange", "red"; NULL for a value out of range. */
const char *grading_level_colour(enum risk_level level);
/* "未评价", "低", "一般", "较大", "重大"; NULL for a value out of range. */
const char *grading_level_name_zh(enum risk_level level);
/*
 * Parse a level name or colour (exact, lowercase: "major" or "red", ...,
 * "none"). Returns 0 and sets *out, or -1 (s NULL or unknown; *out untouched).
 */
int grading_level_parse(const char *s, enum risk_level *out);

/*
 * A re-assessment that changes a point's level (up or down) must say why:
 * 0 when old is RISK_NONE (first assessment), the level is unchanged, or
 * reason holds text other than spaces; -1 otherwise (the caller answers 422
 * naming "reason").
 */
int grading_change_reason_ok(enum risk_level old, enum risk_level nw, const char *reason);

/*
 * Band limits. A value at a limit belongs to the higher band:
 *   LEC: D >= lec_major major; D >= lec_high high; D >= lec_general general;
 *        else low.
 *   LS:  R >= ls_red major; R >= ls_orange high; R >= ls_yellow general;
 *        else low (blue).
 */
struct grading_thresholds {
    int version;
    double lec_major, lec_high, lec_general;
    int ls_red, ls_orange, ls_yellow;
};

/* Version 1 (SPEC §3): LEC 320 / 160 / 70, LS 20 / 15 / 9. */
extern const struct grading_thresholds grading_default;

/*
 * Check a threshold set: version >= 1; every limit positive (and finite);
 * lec_major > lec_high > lec_general; ls_red > ls_orange > ls_yellow;
 * lec_major <= 10000 and ls_red <= 25 (the highest D and R, so red is
 * reachable). Returns 0, or -1 with *field (if field is not NULL) naming the
 * first bad member ("version", "lec_general", ..., or "thresholds" for NULL).
 */
int grading_thresholds_validate(const struct grading_thresholds *t, const char **field);

/* The standard LEC scales, ascending, for forms and validation. */
#define GRADING_LEC_L_COUNT 7
#define GRADING_LEC_E_COUNT 6
#define GRADING_LEC_C_COUNT 6
extern const double grading_lec_l_scale[GRADING_LEC_L_COUNT]; /* 0.1 0.2 0.5 1 3 6 10 */
extern const double grading_lec_e_scale[GRADING_LEC_E_COUNT]; /* 0.5 1 2 3 6 10 */
extern const double grading_lec_c_scale[GRADING_LEC_C_COUNT]; /* 1 3 7 15 40 100 */

/*
 * Band of a given D or R under t (NULL = grading_default). t must be valid.
 * Any D below lec_general (including 0 or negative) is RISK_LOW.
 */
enum risk_level grading_lec_level(const struct grading_thresholds *t, double d);
enum risk_level grading_ls_level(const struct grading_thresholds *t, int r);

/*
 * LEC: D = L x E x C. Each value must be on its scale (within 1e-6).
 * D is computed from the scale values exactly (e.g. 0.1 x 10 x 100 = 100.0,
 * never 99.999...). t NULL means grading_default.
 * Returns 0 and fills *d_out and *level_out (each may be NULL), or -1 with
 * *bad_field (may be NULL) = "l", "e" or "c" for the first value off its
 * scale, or "thresholds" when t fails grading_thresholds_validate.
 */
int grading_lec(const struct grading_thresholds *t, double l, double e, double c, double *d_out,
                enum risk_level *level_out, const char **bad_field);

/*
 * LS matrix: R = L x S with L and S each 1..5. Same contract as grading_lec:
 * -1 with *bad_field = "l", "s" or "thresholds".
 */
int grading_ls(const struct grading_thresholds *t, int l, int s, int *r_out,
               enum risk_level *level_out, const char **bad_field);

#endif
