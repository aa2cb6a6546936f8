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

/* The province-scale data set for benchmarks (src/demo/province.c). */
struct province_opts {
    int cities, counties, townships_per_county, points_per_school;
    int64_t schools, hazards, patrols;
};
#define PROVINCE_OPTS_DEFAULT                                                                      \
    {.cities = 14, .counties = 122, .townships_per_county = 12, .points_per_school = 10,           \
     .schools = 20000, .hazards = 5000000, .patrols = 1000000}
int demo_province_run(struct store *s, const struct province_opts *o, FILE *out);

#endif
