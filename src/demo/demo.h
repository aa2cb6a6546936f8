/*
 * demo.h - the demo data set: a city, three counties, ~60 schools of every
 * type, users in every role, and (as modules land) a year of their data.
 */
#ifndef XA_DEMO_H
#define XA_DEMO_H

#include "store/store.h"

#define DEMO_PASSWORD "Demo#2026"

/* Fills an empty database; prints the demo logins to out. 0 or -1. */
int demo_run(struct store *s, FILE *out);

/* Module parts of the demo, run in order after the org tree and users exist,
 * each in its own transaction. now is the demo's "today". 0 or -1. */
int demo_risk_run(struct store *s, int64_t now, FILE *out);
int demo_hazard_run(struct store *s, int64_t now, FILE *out);
int demo_programme_run(struct store *s, int64_t now, FILE *out);
int demo_resp_run(struct store *s, int64_t now, FILE *out);
int demo_campaign_run(struct store *s, int64_t now, FILE *out);
int demo_assess_run(struct store *s, int64_t now, FILE *out);
int demo_public_run(struct store *s, int64_t now, FILE *out);
/* Faked records among the honest ones, for the 需关注 list (demo_truth.c); runs last. */
int demo_truth_run(struct store *s, int64_t now, FILE *out);

/* Shared lookups of the demo parts (src/demo/demo_util.c). */
struct hazard_actor;

/* A demo user with the org of their first role. */
struct demo_person {
    int64_t id, org_id;
    char username[48], role[24], path[96], kind[16];
};

/* The demo counties' user name prefixes: <slug>_admin, <slug>_inspector. */
#define DEMO_COUNTIES 3
extern const char *const demo_county_slugs[DEMO_COUNTIES];

/* Loads user `username`: 1 loaded, 0 no such user, -1 error. */
int demo_person_load(struct store *s, const char *username, struct demo_person *p);
/* Loads the user s<nth>_<suffix> of demo school nth (e.g. "principal"): as demo_person_load. */
int demo_school_person(struct store *s, int nth, const char *suffix, struct demo_person *p);
/* The hazard actor of p acting on the school at school_path. */
void demo_actor_of(const struct demo_person *p, const char *school_path, struct hazard_actor *a);
/* The county (0..DEMO_COUNTIES-1) whose admin's org path is a prefix of path, or -1. */
int demo_county_of(const char *path, const struct demo_person admins[DEMO_COUNTIES]);
/* Stores the drawn surface sf (destroyed) as a PNG photo of the school, taken
 * by user `by` at `at`: the photo id, or -1. */
typedef struct _cairo_surface cairo_surface_t;
int64_t demo_photo_put(struct store *s, cairo_surface_t *sf, int64_t school_id,
                       const char *school_path, int64_t by, int64_t at);

/* The province-scale data set for benchmarks (src/demo/province.c). */
struct province_opts {
    int cities, counties, townships_per_county, points_per_school;
    int64_t schools, hazards, patrols;
};
#define PROVINCE_OPTS_DEFAULT                                                                      \
    {.cities = 14, .counties = 122, .townships_per_county = 12, .points_per_school = 10,           \
     .schools = 20000, .hazards = 5000000, .patrols = 1000000}
/* rgb (w x h, 3 bytes a pixel) as a JPEG of quality (libjpeg); malloc'd,
 * its length in *len. */
unsigned char *demo_jpeg(const unsigned char *rgb, int w, int h, int quality, size_t *len);
int demo_province_run(struct store *s, const struct province_opts *o, FILE *out);

#endif
