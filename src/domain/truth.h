/*
 * truth.h - truthful records (issue 19): the pure rules that turn patrols,
 * rectifications, photos and reports into signals of 走过场 / 弄虚作假.
 * A signal is evidence for a person to look at, never a verdict: every
 * function here answers "how far from plausible" with the figures that
 * show it, and the thresholds are the rule's parameters (truth_params),
 * which the root bureau may change.
 */
#ifndef XA_DOMAIN_TRUTH_H
#define XA_DOMAIN_TRUTH_H

#include "core/compat.h"

/* ---- the rules and their parameters ---- */
enum truth_rule {
    TR_PHOTO_NEAR_DUP,      /* a photo close to one used elsewhere */
    TR_PATROL_TOO_FAST,     /* points checked faster than one can walk between them */
    TR_PATROL_OFF_HOURS,    /* checked outside school hours */
    TR_PATROL_LATE_SUBMIT,  /* submitted long after the scan */
    TR_RECTIFY_TOO_FAST,    /* assigned -> verified faster than the floor */
    TR_AFTER_BEFORE_ASSIGN, /* an after-photo taken before the assignment */
    TR_AFTER_SHARED,        /* the same after-photo for different hazards */
    TR_ALL_PASS_MONTHS,     /* months of patrols where every item passed */
    TR_HAZARD_RATE_LOW,     /* far fewer hazards than comparable schools */
    TR_REPORTS_BULK,        /* weekly reports filed together */
    TR_INCIDENT_LATE,       /* an incident reported after its clock */
    TR__COUNT
};
#define TRUTH_MAX_PARAMS 4
struct truth_param {
    const char *key;
    const char *field; /* "params.<key>": the input field naming it */
    double def, min, max;
};
struct truth_rule_def {
    const char *code;
    int weight; /* how much one flag adds to a school's rank */
    struct truth_param params[TRUTH_MAX_PARAMS]; /* key NULL ends */
};
extern const struct truth_rule_def truth_rules[TR__COUNT];
/* The rule named code, or -1. */
int truth_rule_find(const char *code);
/* Index of key among rule's parameters, or -1. */
int truth_param_find(int rule, const char *key);

/* Current values of one rule: defaults, then what the settings say. */
struct truth_settings {
    bool enabled;
    double v[TRUTH_MAX_PARAMS];
};
void truth_settings_default(int rule, struct truth_settings *out);

/* ---- perceptual hash of a photo ----
 * A difference hash: the grey image shrunk (area average) to 9x8, one bit
 * per horizontally adjacent pair (left brighter than right). Re-encoding,
 * resizing and small crops move few bits; a different scene about half.
 * grey is w*h bytes with rows stride apart. Returns false for an image too
 * plain to compare (almost no contrast: a blank wall, a black frame), whose
 * hash would match every other plain image. */
bool truth_dhash_grey(const unsigned char *grey, int w, int h, int stride, uint64_t *out);
/* Decodes a JPEG (libjpeg) or PNG (cairo) and hashes it; false for other
 * types, undecodable bytes or a plain image. */
bool truth_dhash_image(const char *mime, const unsigned char *data, size_t n, uint64_t *out);
/* Bits that differ. */
int truth_hamming(uint64_t a, uint64_t b);

/* ---- patrols ----
 * One patrol: the check-ins of one patroller on one day, in time order.
 * Positions are fractions (0..1) of the campus plan, whose longer side is
 * campus_m metres. */
struct truth_checkin {
    int64_t at;         /* server time of the check-in (ms) */
    int64_t scanned_at; /* the phone's scan time (offline drafts), 0 none */
    bool has_pos;
    double x, y;
};
struct truth_patrol_eval {
    int steps;            /* consecutive pairs */
    int fast_steps;       /* pairs closer in time than walking allows */
    int worst_step;       /* index of the second check-in of the worst pair, -1 none */
    int64_t worst_gap_ms; /* its time apart */
    int64_t worst_need_ms; /* the time walking and checking needs */
    int off_hours;        /* check-ins outside school hours */
    int late_submits;     /* check-ins uploaded long after their scan */
    int64_t worst_late_ms;
};
/* The least time from check-in a to check-in b: min_point_s for the check
 * itself plus the distance (when both have positions) at walk_mps. */
int64_t truth_step_need_ms(const struct truth_checkin *a, const struct truth_checkin *b,
                           double campus_m, double walk_mps, double min_point_s);
/* Minute of the day in Asia/Shanghai (UTC+8, no daylight saving). */
int truth_local_minute(int64_t at_ms);
/* Evaluates one patrol against the three patrol rules' settings. */
void truth_patrol_eval(const struct truth_checkin *c, size_t n, const struct truth_settings *fast,
                       const struct truth_settings *hours, const struct truth_settings *late,
                       struct truth_patrol_eval *out);

/* ---- rectifications ---- */
/* The least plausible time from assignment to verification for grade
 * ("general" / "major"), from the rule's settings. */
int64_t truth_rectify_floor_ms(const struct truth_settings *st, const char *grade);
/* A camera's local time "YYYY-MM-DDTHH:MM:SS" (Asia/Shanghai assumed) as
 * epoch ms; false when it does not parse. */
bool truth_camera_time(const char *taken, int64_t *out_ms);
/* True when the photo's capture time lies more than slack before at. */
bool truth_taken_before(const char *taken, int64_t at_ms, int64_t slack_ms);

/* ---- patterns over time ---- */
/* Size band of a school by students: 0 (<300), 1 (<1000), 2 (<2000), 3. */
int truth_size_band(int64_t students);
/* Median of v (n > 0; v is reordered). */
double truth_median(double *v, size_t n);
/* A school's rate against its peers' median: true when the peers are enough
 * (>= min_peers), their median is above zero and rate < ratio * median. */
bool truth_rate_low(double rate, double peer_median, int peers, double ratio, int min_peers);
/* The most submissions falling within window_ms of each other (at sorted
 * ascending); *first gets the start of that group. */
int truth_bulk_count(const int64_t *at, size_t n, int64_t window_ms, int64_t *first);
/* The longest run of counted months in which every item passed: month[]
 * (ascending) are the months with enough patrols to count, pass[i] whether
 * every item of month[i] passed. A month left out (a holiday without
 * patrols) neither counts nor breaks a run. *first / *last get the run's
 * first and last month. */
int truth_all_pass_run(const int *month, const bool *pass, size_t n, int *first, int *last);

#endif
